"""The indicator table, its CSV and API, and the CLI command over the samples' index."""

from __future__ import annotations

import csv
import io
import json

import pytest

from search.cli import main
from tests.web_fixtures import links, soup
from web import create_app


@pytest.fixture(scope="module")
def client(sample_index_dir):
    app = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False}
    )
    return app.test_client()


def test_api_rows_carry_the_value_and_its_report(client):
    rows = client.get("/api/indicators?agency=市中区").get_json()["rows"]
    assert [(r["indicator"], r["value"], r["text"]) for r in rows] == [
        ("法律顾问人数", 1.0, "一人"),
        ("行政处罚案件数", 235.0, "235起"),
        ("罚没金额", 88.20051, "88.20051万元"),
    ]
    assert {(r["agency"], r["year"]) for r in rows} == {("市中区卫生健康局", 2022)}
    assert rows[2]["label"] == "罚没款到位金额" and "88.20051万元" in rows[2]["sentence"]


def test_api_takes_the_search_filters_and_query(client):
    all_rows = client.get("/api/indicators").get_json()["rows"]
    assert len(all_rows) == 13 and len({r["id"] for r in all_rows}) == 4
    only = client.get('/api/indicators?q="聘请法律顾问"').get_json()["rows"]
    assert {r["agency"] for r in only} == {"市中区卫生健康局"}
    assert client.get("/api/indicators?year=2021").get_json()["rows"] == [
        r for r in all_rows if r["year"] == 2021
    ]
    bad = client.get('/api/indicators?q="unclosed')
    assert bad.status_code == 400


def test_page_has_a_column_per_indicator_and_links_each_cell_to_its_sentence(client):
    page = client.get("/indicators?agency=市中区")
    assert page.status_code == 200
    doc = soup(page)
    heads = [th.get_text() for th in doc.select("table.indicators thead th")]
    assert heads[4:7] == ["行政复议收案数（件）", "行政复议办结数（件）", "行政复议纠错率（%）"]
    cells = doc.select("a.value")
    assert [a.get_text() for a in cells] == ["1", "235", "88.20051"]
    href = next(a["href"] for a in cells if a.get_text().startswith("88.2"))
    report = client.get(href.split("#")[0])
    marked = soup(report).select("mark")
    assert any("88.20051万元" in m.get_text() for m in marked)


def test_csv_exports_open_in_excel(client):
    wide = client.get("/indicators.csv?agency=市中区").get_data(as_text=True)
    assert wide.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(wide[1:])))
    head, row = table[0], table[1]
    assert row[head.index("罚没金额")] == "88.20051" and row[head.index("法律顾问人数")] == "1"
    long = client.get("/indicators.csv?form=long&year=2022").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(long[1:])))
    assert {r["indicator"] for r in rows} >= {"罚没金额", "培训人次"}
    assert all(r["text"] in r["sentence"] for r in rows)
    assert "/indicators.csv" in " ".join(links(client.get("/indicators").get_data(as_text=True)))


def test_cli_prints_one_value_a_row(sample_index_dir, capsys):
    assert (
        main(
            [
                "indicators",
                "--index",
                str(sample_index_dir),
                "--agency",
                "市中区",
                "--format",
                "jsonl",
            ]
        )
        == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["indicator"], d["value"]) for d in lines] == [
        ("法律顾问人数", 1.0),
        ("行政处罚案件数", 235.0),
        ("罚没金额", 88.20051),
    ]
    assert main(["indicators", "--index", str(sample_index_dir), "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffid,agency,region,level,year,title,indicator,value")
    assert main(["indicators", '"unclosed', "--index", str(sample_index_dir)]) == 2


def test_facets_narrow_the_table_and_bad_input_is_no_500(client):
    doc = soup(client.get("/indicators"))
    years = {
        a.select_one(".value").get_text(): a["href"] for a in doc.select(".indicator-facets a")
    }
    assert {"2021", "2022"} <= set(years)
    narrowed = soup(client.get(years["2021"]))
    assert {
        td.get_text() for td in narrowed.select("table.indicators tbody tr td:nth-of-type(3)")
    } == {"2021"}
    for bad in ('/indicators?q="unclosed', "/indicators?year=abc", "/indicators.csv?q=%00"):
        assert client.get(bad).status_code == 400
