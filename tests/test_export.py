"""The export as a citation table (issue 14): columns, one row per sentence, page order."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

import search
from search.export import report_rows
from web import create_app

from .web_fixtures import PHRASE, soup

COLUMNS = [
    "机构",
    "地区",
    "年份",
    "日期",
    "发文字号",
    "标题",
    "报告部分",
    "章节",
    "匹配句",
    "检索式",
    "来源",
    "报告ID",
]
MARKED = re.compile(r"【([^【】]*)】")


def _csv(index: search.SearchIndex, query: str, sort: str = "relevance", **filters):
    text = "".join(
        search.csv_chunks(
            index.export_rows(query, sort=sort, **filters), search.query_text(query, filters)
        )
    )
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_columns_are_the_citation_table_with_the_report_id_last(sample_index):
    header, rows = _csv(sample_index, PHRASE)
    assert header == COLUMNS == list(search.EXPORT_COLUMNS)
    by_id = {h.id: h for h in sample_index.search(PHRASE, per_page=0).hits}
    assert {r["报告ID"] for r in rows} == set(by_id)
    for r in rows:
        hit = by_id[r["报告ID"]]
        assert (r["机构"], r["地区"], r["日期"], r["发文字号"], r["标题"]) == (
            hit.agency,
            hit.region,
            hit.date,
            hit.doc_number,
            hit.title,
        )
        assert r["年份"] == str(hit.year)
        # No URL is known for the samples: the file's name, never a server path.
        assert r["来源"] == hit.path.rsplit("/", 1)[-1] and "/" not in r["来源"]
        assert r["检索式"] == PHRASE
        assert r["报告部分"] in search.PARTS
    # 新县's report carries a 发文字号, and the table says so in its own column.
    assert {r["发文字号"] for r in rows if r["机构"] == "新县卫生健康委员会"} == {
        "新卫〔2022〕12号"
    }


def test_one_row_per_sentence_with_every_match_marked(sample_index):
    query = '"法治"'
    _, rows = _csv(sample_index, query)
    hits = sample_index.search(query, per_page=0).hits
    marked = [MARKED.findall(r["匹配句"]) for r in rows]
    # Every match is marked exactly once across the rows …
    assert sum(len(m) for m in marked) == sum(h.matches for h in hits)
    assert all(m and set(m) == {"法治"} for m in marked)
    # … and a sentence with two matches is one row, not two identical ones.
    assert len(rows) < sum(h.matches for h in hits)
    two = next(r for r, m in zip(rows, marked, strict=True) if len(m) >= 2)
    assert two["匹配句"].count("【法治】") >= 2
    keys = [(r["报告ID"], r["匹配句"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_rows_follow_the_results_page_order(sample_index):
    for sort in ("relevance", "date"):
        _, rows = _csv(sample_index, '"法治"', sort=sort)
        order = list(dict.fromkeys(r["报告ID"] for r in rows))
        page = [h.id for h in sample_index.search('"法治"', sort=sort, per_page=0).hits]
        assert order == page, sort
    # Within a report, rows come in text order.
    rows = list(sample_index.export_rows('"法治"'))
    doc = sample_index.document(rows[0].id)
    firsts = [doc.text.find(r.sentence) for r in rows if r.id == rows[0].id]
    assert firsts == sorted(firsts) and -1 not in firsts


def test_filters_and_sections_restrict_the_rows(sample_index):
    _, rows = _csv(sample_index, PHRASE, agency="新县卫生健康委员会")
    assert rows and {r["机构"] for r in rows} == {"新县卫生健康委员会"}
    assert {r["检索式"] for r in rows} == {f"{PHRASE} agency:新县卫生健康委员会"}
    _, rows = _csv(sample_index, f"section:举措 {PHRASE}")
    assert rows and {r["报告部分"] for r in rows} == {"主要举措和成效"}


def test_a_report_found_by_filters_alone_is_one_row_without_a_sentence(sample_index):
    _, rows = _csv(sample_index, "agency:新县")
    assert len(rows) == 1
    assert rows[0]["机构"] == "新县卫生健康委员会" and rows[0]["匹配句"] == ""


def test_the_source_is_the_url_when_one_is_known(sample_index):
    hit = sample_index.search(PHRASE).hits[0]
    record = {
        "id": hit.id,
        "path": hit.path,
        "agency": hit.agency,
        "url": "https://example.gov.cn/a.html",
    }
    stored = {"text": sample_index.document(hit.id).text, "sections": []}
    rows = list(report_rows(record, stored, ["法治建设"]))
    assert rows and {r.source for r in rows} == {"https://example.gov.cn/a.html"}
    assert search.source_of({"path": "/srv/reports/2022/x.docx"}) == "x.docx"
    assert search.source_of({"path": "C:\\reports\\y.pdf"}) == "y.pdf"


def test_cells_that_a_spreadsheet_would_evaluate_are_quoted():
    row = search.MatchRow(
        id="1",
        agency="=HYPERLINK(1)",
        region="",
        year=None,
        date="",
        title="+1",
        section="",
        part="",
        sentence="@x",
    )
    cells = search.csv_row(row, '-"疫情"')
    assert cells[0] == "'=HYPERLINK(1)" and cells[5] == "'+1" and cells[8] == "'@x"
    assert cells[9] == '\'-"疫情"'


def test_closing_the_csv_closes_its_rows():
    closed = []

    def rows():
        try:
            for i in range(10_000):
                yield search.MatchRow(
                    id=str(i),
                    agency="a",
                    region="",
                    year=2021,
                    date="",
                    title="t",
                    section="",
                    part="",
                    sentence="s",
                )
        finally:
            closed.append(True)

    chunks = search.csv_chunks(rows(), "q")
    next(chunks), next(chunks)
    chunks.close()
    assert closed == [True]


def test_an_export_keeps_reading_its_generation_while_a_commit_lands(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in sorted(search.SAMPLES_DIR.iterdir())[:3]:
        (folder / f.name).write_bytes(f.read_bytes())
    ix_dir = tmp_path / "ix"
    search.index_paths([folder], ix_dir)
    index = search.SearchIndex(ix_dir)
    expected = [(r.id, r.marked) for r in index.export_rows('"法治"')]
    rows = index.export_rows('"法治"')
    first = next(rows)
    # A new report lands and a search moves the index to the new generation.
    for f in sorted(search.SAMPLES_DIR.iterdir())[3:]:
        (folder / f.name).write_bytes(f.read_bytes())
    search.index_paths([folder], ix_dir)
    assert index.search('"法治"').total == 5
    rest = [(r.id, r.marked) for r in rows]
    assert [(first.id, first.marked), *rest] == expected
    assert len({r.id for r in index.export_rows('"法治"')}) == 5


def test_a_bad_query_fails_before_any_row(sample_index):
    with pytest.raises(search.QueryError):
        sample_index.export_rows('"unclosed')
    with pytest.raises(search.QueryError):
        sample_index.export_rows('"法治"', sort="size")


def test_the_results_page_exports_in_its_own_order(sample_index_dir):
    client = create_app({"TESTING": True, "SEARCH_INDEX": str(sample_index_dir)}).test_client()
    for sort in ("relevance", "date"):
        page = soup(client.get("/search", query_string={"q": '"法治"', "sort": sort}))
        link = page.select_one("a.export-link")["href"]
        assert parse_qs(urlsplit(link).query).get("sort", ["relevance"]) == [sort]
        text = client.get(link).data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        ids = list(dict.fromkeys(r[-1] for r in rows))
        hits = client.get("/api/search", query_string={"q": '"法治"', "sort": sort}).get_json()
        assert ids == [h["id"] for h in hits["hits"]], sort


def test_a_shortened_sentence_shows_where_it_was_cut(sample_index):
    # 001's opening sentence runs past 270 characters; "促进了全区卫生健康" sits
    # near its end, so the row quotes part of it and must say so where it cut.
    query = '"促进了全区卫生健康"'
    header, rows = _csv(sample_index, query)
    assert len(rows) == 1
    quoted = rows[0]["匹配句"]
    assert quoted.startswith("…")
    assert "【促进了全区卫生健康】" in quoted
    inner = quoted.strip("…").replace("【", "").replace("】", "")
    text = sample_index.document(rows[0]["报告ID"]).text
    assert inner in text and len(inner) <= 160
    # A sentence quoted whole carries no mark.
    whole = [r["匹配句"] for r in _csv(sample_index, '"践行社会主义法治理念"')[1]]
    assert "一、加强组织领导，【践行社会主义法治理念】" in [w.replace(",", "，") for w in whole]
