"""The command line, run as users run it: ``python -m search`` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLES


def run(*args: str, stdin: str | None = None, index=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if index is not None:
        env["SEARCH_INDEX"] = str(index)
    return subprocess.run(
        [sys.executable, "-m", "search", *args],
        input=stdin,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    ix = tmp_path_factory.mktemp("cli") / "ix"
    done = run("index", str(SAMPLES), "--index", str(ix))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 5, updated 0, unchanged 0, failed 0")
    return ix


def test_index_again_reports_unchanged(cli_index):
    done = run("index", str(SAMPLES), index=cli_index)
    assert done.returncode == 0
    assert done.stdout.startswith("added 0, updated 0, unchanged 5, failed 0")


def test_search_lists_agencies_years_titles_and_marked_snippets(cli_index):
    done = run("search", '"法治建设"', index=cli_index)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("5 reports match")
    for agency in ("江门市江海区卫生健康局", "新县卫生健康委员会", "韶关市武江区卫生健康局"):
        assert agency in out
    assert "【法治建设】" in out and "2021-12-10" in out
    # jieba's start-up chatter never reaches standard output
    assert "Building prefix dict" not in out and "Loading model" not in out


def test_json_output_has_the_documented_shape(cli_index):
    done = run("search", '"放管服"', "--json", "--limit", "0", index=cli_index)
    data = json.loads(done.stdout)
    assert set(data) == {"query", "total", "hits", "facets"}
    assert set(data["facets"]) == {"agency", "year", "region", "section"}
    assert len(data["hits"]) == data["total"] > 0
    hit = data["hits"][0]
    for key in (
        "id",
        "path",
        "title",
        "agency",
        "region",
        "level",
        "year",
        "date",
        "doc_number",
        "score",
        "snippets",
    ):
        assert key in hit
    assert "<mark>放管服</mark>" in hit["snippets"][0]["html"]
    assert "section" in hit["snippets"][0]


def test_options_filter_and_sort(cli_index):
    done = run("search", '"法治"', "--year", "2021", "--sort", "date", "--json", index=cli_index)
    hits = json.loads(done.stdout)["hits"]
    assert [h["year"] for h in hits] == [2021, 2021]
    assert [h["date"] for h in hits] == sorted((h["date"] for h in hits), reverse=True)
    done = run("search", '"法治"', "--agency", "武江区", "--json", index=cli_index)
    assert [h["agency"] for h in json.loads(done.stdout)["hits"]] == ["韶关市武江区卫生健康局"]


def test_queries_from_standard_input_are_answered_in_order(cli_index):
    done = run(
        "search", "-", "--json", stdin='"放管服"\n"不存在的短语啊"\n"告知承诺制"\n', index=cli_index
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [d["query"] for d in lines] == ['"放管服"', '"不存在的短语啊"', '"告知承诺制"']
    assert lines[1]["total"] == 0 and lines[0]["total"] > 0


def test_a_bad_query_exits_2_with_one_line(cli_index):
    done = run("search", '"法治', index=cli_index)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "unbalanced quote" in done.stderr and "Traceback" not in done.stderr


def test_a_missing_index_is_named(tmp_path):
    done = run("search", '"法治"', "--index", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert "no index at" in done.stderr and "Traceback" not in done.stderr


def test_stats_counts_per_agency_and_year(cli_index):
    done = run("stats", index=cli_index)
    assert done.returncode == 0
    assert done.stdout.startswith("5 reports")
    assert "江门市江海区卫生健康局" in done.stdout and "2022" in done.stdout


def test_failed_files_make_exit_status_1(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_text("")
    done = run("index", str(d), "--index", str(tmp_path / "ix"))
    assert done.returncode == 1
    assert "failed: " in done.stdout and "empty.txt: empty" in done.stdout
