"""Benchmark harness for issue 5: our engine against peers on the same texts, in one run.

Run ``.venv/bin/python -m bench --help``; not part of the test suite.
"""
