"""The report's own characters are shown and exported; matching still folds both sides.

Sample 001 writes its headings as （一）…（二） and its commas full width: snippets,
the report page, the JSON API and the CSV export must show them so, while a query
typed with ASCII (一) or , finds them exactly as one typed with （一） or ，.
"""

from __future__ import annotations

import csv
import io

import pytest

from search.analysis import compact
from search.fold import fold
from web import create_app

from .conftest import SAMPLES

RAW_001 = next(SAMPLES.glob("001_*.txt")).read_text(encoding="utf-8")
HEADING = "（一）履行法治政府建设第一责任人责任。"
SENTENCE = "一年来，我局党政主要负责人积极履行推进法治建设第一责任人，"


def _id_of(index, agency: str) -> str:
    return next(i for i in index.all_ids() if index.document(i).agency == agency)


def test_report_text_and_headings_keep_full_width_marks(sample_index):
    doc = sample_index.document(_id_of(sample_index, "市中区卫生健康局"))
    assert HEADING in doc.text and SENTENCE in doc.text
    assert "(一)" not in doc.text and "一年来," not in doc.text
    assert any(s.heading == HEADING for s in doc.sections)
    assert doc.text.count("，") == RAW_001.count("，")


@pytest.mark.parametrize("typed", ["（一）履行法治政府", "(一)履行法治政府", "( 一 ) 履行法治政府"])
def test_full_and_half_width_queries_find_the_same_marks(sample_index, typed):
    result = sample_index.search(f'"{typed}"')
    assert [h.agency for h in result.hits] == ["市中区卫生健康局"]
    snippet = result.hits[0].snippets[0]
    assert "<mark>（一）履行法治政府</mark>" in snippet.html  # shown as the report wrote it
    assert snippet.text.startswith("（一）履行法治政府建设第一责任人责任。")


@pytest.mark.parametrize("typed", ["一年来,我局", "一年来，我局"])
def test_comma_in_a_phrase_matches_either_width(sample_index, typed):
    hits = sample_index.search(f'"{typed}"').hits
    assert {h.agency for h in hits} == {"市中区卫生健康局"}
    assert "<mark>一年来，我局</mark>" in hits[0].snippets[0].html


def test_exactness_over_folded_text_with_full_width_headings(sample_index):
    texts = {i: compact(sample_index.document(i).text) for i in sample_index.all_ids()}
    for phrase in ("（一）", "(一)", "（二）依法", "，", "：", "；", "(1)"):
        want = {i for i, t in texts.items() if compact(phrase) in t}
        assert set(sample_index.find_all(f'"{phrase}"')) == want, phrase
    # what the index matches is the folded text: same length as the text shown
    for i in texts:
        text = sample_index.document(i).text
        assert len(fold(text)) == len(text)


@pytest.fixture(scope="module")
def client(sample_index_dir):
    app = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False}
    )
    return app.test_client()


def test_report_page_and_api_show_the_reports_characters(client, sample_index):
    doc_id = _id_of(sample_index, "市中区卫生健康局")
    page = client.get(f"/doc/{doc_id}", query_string={"q": '"(一)履行"'}).get_data(as_text=True)
    assert "<mark" in page and "（一）履行</mark>" in page
    assert SENTENCE in page
    data = client.get(f"/api/doc/{doc_id}").get_json()
    assert SENTENCE in data["text"]


def test_csv_export_keeps_full_width_punctuation(client):
    r = client.get("/export.csv", query_string={"q": '"一年来,我局党政主要负责人"'})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows
    # the export marks each match in 【】 inside the sentence as written
    marked = "【一年来，我局党政主要负责人】积极履行推进法治建设第一责任人，"
    assert any(marked in "".join(row.values()) for row in rows)
