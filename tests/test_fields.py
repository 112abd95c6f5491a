"""The registry of metadata fields (search/fields.py): one entry reaches every reader.

On the bundled samples: the built-in fields keep every key, column and option they
had; ``level:`` (层级) filters like any field; and a field registered at run time
(``publisher``, fed by a manifest column) is in the parser, the filters, the CLI's
options, the URL parameters, a hit's JSON, the report's JSON, the citation CSV and
JSON lines, with no other change.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import search
from search.cli import build_parser, main
from search.query import Filter, parse_query

from .conftest import SAMPLES

S000 = "000_babe59551d9384b9.txt"  # 解放区卫健委 (河南省焦作市)
S001 = "001_cc230d041acd38b8.txt"  # 市中区卫生健康局
S003 = "003_80ca85fa625d7763.txt"  # 新县卫生健康委员会 (河南省信阳市)
PUBLISHER = search.MetaField(
    "publisher", "发布机构", ("发布机构",), "text", "司法局", option=True, column="发布机构"
)
HIT_KEYS = {
    "id", "path", "title", "agency", "region", "level", "year", "date", "doc_number", "url",
    "meta_source", "score", "matches", "snippets",
}  # fmt: skip


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def publisher():
    """``publisher`` in the registry for one test, gone after it."""
    search.register_field(PUBLISHER)
    yield PUBLISHER
    search.unregister_field("publisher")


@pytest.fixture(scope="module")
def meta_index(tmp_path_factory) -> Path:
    """The samples with a manifest: 市中区 marked 市级, two reports given a publisher.

    The manifest's publisher column is read while the field is registered; the
    values live in the index's overlay whatever the registry holds later.
    """
    root = tmp_path_factory.mktemp("fields")
    reports = root / "reports"
    shutil.copytree(SAMPLES, reports)
    manifest = _csv(
        root / "meta.csv",
        [
            ["path", "level", "publisher"],
            [str(reports / S000), "", "焦作市司法局"],
            [str(reports / S001), "市级", ""],
            [str(reports / S003), "", "信阳市司法局"],
        ],
    )
    search.register_field(PUBLISHER)
    try:
        summary = search.index_paths([reports], root / "ix", meta=str(manifest))
    finally:
        search.unregister_field("publisher")
    assert len(summary.added) == 5 and summary.manifest.changed == 3, summary.manifest
    assert not summary.manifest.notes
    return root / "ix"


def _ids(ix: search.SearchIndex, query: str, **filters) -> set[str]:
    return {ix.document(i).path for i in ix.find_all(query, **filters)}


# ---------------------------------------------------------------- the built-in fields


def test_built_in_fields_keep_their_keys_columns_and_options(sample_index):
    result = sample_index.search('"复议"')
    assert set(result.hits[0].to_json()) == HIT_KEYS
    assert list(result.facets) == ["agency", "year", "region", "section"]
    assert tuple(search.export_columns()) == search.EXPORT_COLUMNS
    assert tuple(search.export_columns()) == (
        "机构", "地区", "年份", "日期", "发文字号", "标题",
        "报告部分", "章节", "匹配句", "检索式", "来源", "报告ID",
    )  # fmt: skip
    assert search.MANIFEST_FIELDS == (
        "agency", "region", "level", "year", "date", "doc_number", "title", "url"
    )  # fmt: skip
    assert search.option_fields() == ["agency", "year", "region", "section"]
    options = set(vars(build_parser().parse_args(["search", '"复议"'])))
    assert {"agency", "year", "region", "section", "format", "json", "limit"} <= options
    assert "level" not in options  # the trend views' level= means something else: no option


def test_every_query_field_has_its_chinese_name():
    assert parse_query("机构:江海区") == Filter("agency", "江海区")
    assert parse_query("年度:2021-2022") == Filter("year", "2021-2022", 2021, 2022)
    assert parse_query("部分:不足") == Filter("section", "存在的不足和原因")
    assert parse_query("标题：报告") == Filter("title", "报告")
    assert parse_query("层级:市级") == Filter("level", "市级")
    known = search.known_fields()
    for name in ("agency (机构)", "year (年份/年度)", "level (层级)", "reuse (复用)"):
        assert name in known


# ---------------------------------------------------------------- level:


def test_level_values_and_their_aliases():
    assert parse_query("level:县区级") == Filter("level", "县区级")
    assert parse_query("level:县") == Filter("level", "县区级")  # a county or a district
    assert parse_query("level:区级") == Filter("level", "县区级")
    assert parse_query("level:省") == Filter("level", "省级")
    assert parse_query("LEVEL:City") == Filter("level", "市级")
    assert parse_query("层级:乡镇") == Filter("level", "乡镇级")
    assert str(parse_query("层级:国家")) == "level:国家级"


def test_a_level_that_does_not_exist_is_a_one_line_error():
    with pytest.raises(search.QueryError) as exc:
        parse_query('"复议" level:村级')
    assert exc.value.code == "bad_value"
    assert str(exc.value) == (
        "level must be one of 县区级 / 市级 / 省级 / 乡镇级 / 国家级, not '村级'"
    )
    assert exc.value.details == {
        "field": "level",
        "value": "村级",
        "known": "县区级 / 市级 / 省级 / 乡镇级 / 国家级",
    }


def test_level_filters_the_reports(meta_index):
    ix = search.SearchIndex(meta_index)
    assert _ids(ix, "level:市级") == {S001}
    assert _ids(ix, "层级:县") == {S000, "002_a6447469db452940.txt", S003,
                                   "004_218fc4b49fdc6f41.txt"}  # fmt: skip
    assert _ids(ix, "level:省级") == set()
    # with a phrase, and as NOT
    assert _ids(ix, '"复议" level:市级') == _ids(ix, '"复议"') & {S001}
    assert _ids(ix, '"复议" -level:市级') == _ids(ix, '"复议"') - {S001}
    # the browse view's level filter is the same filter
    assert {Path(r.path).name for r in ix.reports(level="市级").reports} == {S001}


def test_level_errors_in_chinese_on_the_web(client):
    page = client.get("/search", query_string={"q": "层级:村级"})
    assert page.status_code == 400
    assert "level 只能是 县区级 / 市级 / 省级 / 乡镇级 / 国家级，而不是“村级”" in page.text
    answer = client.get("/api/search", query_string={"q": "level:村级"})
    assert answer.status_code == 400 and answer.json["code"] == "bad_value"


# ---------------------------------------------------------------- a field added at run time


def test_a_registered_field_is_in_the_parser_and_its_errors(publisher):
    assert parse_query("publisher:司法局") == Filter("publisher", "司法局")
    assert parse_query("发布机构:信阳市") == Filter("publisher", "信阳市")
    assert "publisher (发布机构)" in search.known_fields()
    with pytest.raises(search.QueryError) as exc:
        parse_query("publisher:")
    assert str(exc.value) == "publisher: needs a value, e.g. publisher:司法局"


def test_a_registered_field_filters_from_the_query_and_from_options(meta_index, publisher):
    ix = search.SearchIndex(meta_index)
    assert _ids(ix, "publisher:司法局") == {S000, S003}
    assert _ids(ix, "发布机构:焦作") == {S000}
    assert _ids(ix, "", publisher="信阳市司法局") == {S003}
    assert _ids(ix, '"复议"', publisher="信阳") == _ids(ix, '"复议"') & {S003}


def test_a_registered_field_is_in_the_json_and_the_report(meta_index, publisher):
    ix = search.SearchIndex(meta_index)
    hits = {h.path: h.to_json() for h in ix.search("level:县区级", per_page=0).hits}
    assert hits[S000]["publisher"] == "焦作市司法局"
    assert hits[S003]["publisher"] == "信阳市司法局"
    assert hits["004_218fc4b49fdc6f41.txt"]["publisher"] == ""
    assert set(hits[S000]) == HIT_KEYS | {"publisher"}
    view = ix.document(ix.find_all("publisher:焦作")[0])
    assert view.extra == {"publisher": "焦作市司法局"}
    assert view.meta_source["publisher"] == "manifest"


def test_a_registered_field_is_a_column_of_the_csv_and_a_key_of_the_json_lines(
    meta_index, publisher
):
    ix = search.SearchIndex(meta_index)
    rows = list(ix.export_rows("publisher:司法局 法治"))
    assert {r.path for r in rows} == {S000, S003}
    table = list(csv.reader(io.StringIO("".join(search.csv_chunks(rows, "q")).lstrip("\ufeff"))))
    header = table[0]
    assert header[:7] == ["机构", "地区", "年份", "日期", "发文字号", "标题", "发布机构"]
    assert header[7:] == ["报告部分", "章节", "匹配句", "检索式", "来源", "报告ID"]
    by_id = {r.id: r.path for r in rows}
    for row in table[1:]:
        assert row[6] == {S000: "焦作市司法局", S003: "信阳市司法局"}[by_id[row[-1]]]
    lines = [json.loads(line) for line in "".join(search.jsonl_chunks(rows, "q")).splitlines()]
    assert {line["publisher"] for line in lines} == {"焦作市司法局", "信阳市司法局"}


def test_a_registered_field_is_a_cli_option_and_a_url_parameter(meta_index, publisher, capsys):
    args = ["search", "--index", str(meta_index), "--publisher", "焦作", "--format", "jsonl"]
    assert main([*args, "--limit", "0", "level:县区级"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["path"] for line in lines} == {S000}
    assert lines[0]["query"] == "level:县区级 publisher:焦作"

    from web import create_app

    app = create_app({"TESTING": True, "SEARCH_INDEX": str(meta_index)})
    with app.test_client() as client:
        answer = client.get("/api/search", query_string={"q": '"法治"', "publisher": "信阳"})
        assert answer.status_code == 200
        assert {h["path"] for h in answer.json["hits"]} == {S003}
        assert answer.json["hits"][0]["publisher"] == "信阳市司法局"
        page = client.get("/search", query_string={"q": '"法治"', "publisher": "信阳"})
        assert "发布机构：信阳" in page.text  # its chip, by its Chinese name
        assert "发布机构：信阳市司法局" in page.text  # on the hit
        doc = client.get(f"/api/doc/{answer.json['hits'][0]['id']}")
        assert doc.json["publisher"] == "信阳市司法局"


def test_unregistering_brings_back_the_built_in_set(meta_index):
    ix = search.SearchIndex(meta_index)
    hit = ix.search("level:县区级", per_page=0).hits[0]
    assert set(hit.to_json()) == HIT_KEYS  # the overlay keeps the value; no field shows it
    with pytest.raises(search.QueryError) as exc:
        parse_query("publisher:司法局")
    assert exc.value.code == "unknown_field"
