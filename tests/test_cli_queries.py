"""Issue 14 on the command line: queries that start with ``-``, error codes, date order."""

from __future__ import annotations

import json

from tests.test_cli import run


def test_a_query_starting_with_minus_is_a_query(sample_index_dir):
    done = run("search", '-"疫情"', "--json", "--limit", "0", index=sample_index_dir)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == '-"疫情"'
    everything = json.loads(
        run("search", "year:2021-2022", "--json", index=sample_index_dir).stdout
    )
    with_it = json.loads(run("search", '"疫情"', "--json", index=sample_index_dir).stdout)
    assert data["total"] == everything["total"] - with_it["total"] > 0


def test_minus_queries_mix_with_options_in_any_order(sample_index_dir):
    for args in (
        ("--year", "2021", '-"疫情"', "--json"),
        ('-"疫情"', "--year", "2021", "--json"),
        ("--json", "--year=2021", "-法治", "--limit", "3"),
        ("--json", "--year", "2021", "--", '-"疫情"'),
    ):
        done = run("search", *args, index=sample_index_dir)
        assert done.returncode == 0, (args, done.stderr)
        data = json.loads(done.stdout)
        assert data["query"].startswith("-") and all(h["year"] == 2021 for h in data["hits"])


def test_unknown_options_and_stdin_still_work(sample_index_dir):
    done = run("search", '"法治"', "--limt", "3", index=sample_index_dir)
    assert done.returncode == 2 and "--limt" in done.stderr
    done = run("search", "-", "--json", stdin='-"疫情"\n', index=sample_index_dir)
    assert done.returncode == 0 and json.loads(done.stdout)["query"] == '-"疫情"'


def test_json_errors_carry_a_stable_code(sample_index_dir):
    done = run("search", "agnecy:江海区", "--json", index=sample_index_dir)
    assert done.returncode == 2
    assert done.stderr.startswith("error: unknown field agnecy:")
    assert done.stderr.strip().count("\n") == 0
    assert json.loads(done.stdout) == {
        "query": "agnecy:江海区",
        "error": done.stderr.strip().removeprefix("error: "),
        "code": "unknown_field",
    }
    done = run("search", "-", "--json", stdin='"法治\n"法治"\n', index=sample_index_dir)
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["code"] == "unbalanced_quote" and "unbalanced quote" in first["error"]
    assert second["total"] == 5


def test_sort_by_date_keeps_undated_reports_with_their_year(sample_index_dir):
    done = run("search", '"法治"', "--sort", "date", "--json", index=sample_index_dir)
    hits = json.loads(done.stdout)["hits"]
    assert [h["year"] for h in hits] == [2022, 2022, 2022, 2021, 2021]


def test_snippet_labels_in_the_text_output(sample_index_dir):
    done = run("search", '"法治政府建设"', "--agency", "解放区", index=sample_index_dir)
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert "- [导语] 2022年度【法治政府建设】情况报告" in lines
    assert "- 一、2022年度【法治政府建设】情况" in lines  # no [heading] before the heading itself
