"""The output formats (search/formats.py) and ``search --format csv|jsonl|text``.

The CLI and the web write the citation table with the same writers: the CLI's
``--format csv`` is byte for byte the web's /export.csv, and ``--format jsonl``
its /export.jsonl, on the bundled samples.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

import search
from search.cli import main
from search.formats import ROWS_PER_CHUNK, csv_cell, csv_stream, jsonl_stream, result_lines

PHRASE = '"法治政府建设"'


def test_csv_has_a_bom_a_header_and_no_cell_a_spreadsheet_would_run():
    text = "".join(
        csv_stream(
            ["机构", "=列"],
            [['=HYPERLINK("x")', "-1+1"], ["@SUM", "\t制表"], [None, 2021], ["\n换行", "正文"]],
        )
    )
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [
        ["机构", "'=列"],
        ['\'=HYPERLINK("x")', "'-1+1"],
        ["'@SUM", "'\t制表"],
        ["", "2021"],
        ["'\n换行", "正文"],
    ]
    assert csv_cell("依法行政") == "依法行政" and csv_cell(0) == "0"


def test_csv_and_json_lines_stream_in_chunks_and_close_their_rows():
    closed = []

    def rows(n):
        try:
            for i in range(n):
                yield [f"第{i}行"]
        finally:
            closed.append(n)

    chunks = list(csv_stream(["行"], rows(ROWS_PER_CHUNK * 2 + 1)))
    # the header, two full chunks, the last row
    assert len(chunks) == 4 and chunks[0] == "\ufeff行\r\n" and chunks[-1] == "第100行\r\n"
    assert closed == [ROWS_PER_CHUNK * 2 + 1]
    # A client gone after the first chunk: the rows are closed at once.
    stream = csv_stream(["行"], rows(1000))
    next(stream)
    next(stream)
    stream.close()
    assert closed[-1] == 1000
    lines = "".join(jsonl_stream({"机构": f"局{i}"} for i in range(3)))
    assert lines == '{"机构": "局0"}\n{"机构": "局1"}\n{"机构": "局2"}\n'


def test_result_text_marks_matches_in_brackets_or_red(sample_index):
    result = sample_index.search('"推行证明事项"')
    plain = list(result_lines(result))
    assert plain[0] == '2 reports match "推行证明事项"'
    assert any("【推行证明事项】告知承诺制" in line for line in plain)
    assert "\x1b[" not in "".join(plain)
    red = "\n".join(result_lines(result, color=True))
    assert "\x1b[1;31m推行证明事项\x1b[0m" in red


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_cli_writes_what_the_web_exports(sample_index_dir, client, capsys, fmt):
    assert main(["search", PHRASE, "--index", str(sample_index_dir), "--format", fmt,
                 "--limit", "0", "--sort", "date"]) == 0  # fmt: skip
    cli = capsys.readouterr().out
    web = client.get(f"/export.{fmt}", query_string={"q": PHRASE, "sort": "date"})
    assert web.status_code == 200
    assert web.headers["Content-Disposition"] == f'attachment; filename="fazhi-matches.{fmt}"'
    assert cli == web.data.decode("utf-8")
    assert cli.count("\n") > 5


def test_jsonl_rows_carry_the_csv_content_with_english_names(sample_index_dir, capsys):
    main(["search", '"推行证明事项"', "--index", str(sample_index_dir), "--format", "csv"])
    table = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    main(["search", '"推行证明事项"', "--index", str(sample_index_dir), "--format", "jsonl"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert table[0] == list(search.EXPORT_COLUMNS) and len(table) - 1 == len(lines) == 3
    for row, line in zip(table[1:], lines, strict=True):
        assert row == [
            line["agency"], line["region"], str(line["year"]), line["date"], line["doc_number"],
            line["title"], line["part"], line["section"], line["marked"], line["query"],
            line["source"], line["id"],
        ]  # fmt: skip
        assert "【" not in line["sentence"] and "【推行证明事项】" in line["marked"]
    assert lines[0]["level"] == "县区级" and lines[0]["query"] == '"推行证明事项"'


def test_limit_counts_reports_and_a_query_list_gives_one_table(
    sample_index_dir, capsys, monkeypatch
):
    ix = str(sample_index_dir)
    main(["search", PHRASE, "--index", ix, "--format", "jsonl", "--limit", "2"])
    reports = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert len(set(reports)) == 2
    assert reports == [r.id for r in search.SearchIndex(ix).export_rows(PHRASE)][: len(reports)]
    # ``search -``: one BOM and one header for every query; a bad line is named and skipped.
    monkeypatch.setattr("sys.stdin", io.StringIO('"推行证明事项"\nagnecy:x\n"纠错"\n'))
    assert main(["search", "-", "--index", ix, "--format", "csv", "--limit", "0"]) == 2
    out, err = capsys.readouterr()
    assert out.count("\ufeff") == 1 and out.count("报告ID") == 1
    queries = {row[9] for row in list(csv.reader(io.StringIO(out[1:])))[1:]}
    assert queries == {'"推行证明事项"', '"纠错"'}
    assert err.startswith("error: unknown field agnecy:")


def test_json_and_format_are_one_choice(sample_index_dir, capsys):
    assert main(["search", PHRASE, "--index", str(sample_index_dir), "--json",
                 "--format", "csv"]) == 2  # fmt: skip
    assert capsys.readouterr().err == "error: give --json or --format, not both\n"
    # --format text is the default output
    main(["search", PHRASE, "--index", str(sample_index_dir), "--format", "text"])
    text = capsys.readouterr().out
    main(["search", PHRASE, "--index", str(sample_index_dir)])
    assert capsys.readouterr().out == text


def test_a_bad_query_in_jsonl_is_an_error_object(sample_index_dir, capsys):
    assert main(["search", "level:村级", "--index", str(sample_index_dir), "--format",
                 "jsonl"]) == 2  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "query": "level:村级",
        "error": "level must be one of 县区级 / 市级 / 省级 / 乡镇级 / 国家级, not '村级'",
        "code": "bad_value",
    }


def test_the_other_tables_use_the_same_csv(sample_index):
    trend = "".join(search.trend_csv(sample_index.trend('"法治"')))
    assert trend.startswith("\ufeff") and trend.count("\ufeff") == 1
    indicators = "".join(search.long_csv(sample_index.indicator_rows()))
    assert indicators.startswith("\ufeffid,")
