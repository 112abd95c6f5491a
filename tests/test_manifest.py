"""``index --meta`` manifests, their errors, and ``python -m search meta`` (issue 9 §4)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from search import ManifestError, SearchIndex, index_paths
from search.cli import main
from search.manifest import parse_value, read_manifest

from .conftest import SAMPLES

S000 = "000_babe59551d9384b9.txt"  # 解放区卫健委, 2022, no date
S001 = "001_cc230d041acd38b8.txt"  # 市中区卫生健康局: four cities have a 市中区
S003 = "003_80ca85fa625d7763.txt"  # 新县卫生健康委员会, 2021, 新卫〔2022〕12号
S004 = "004_218fc4b49fdc6f41.txt"  # 江门市江海区卫生健康局, 2021-12-10
URL = "https://www.jfq.gov.cn/zwgk/fzzfjs/2023/0110/1234.html"


@pytest.fixture
def reports(tmp_path) -> Path:
    d = tmp_path / "reports"
    shutil.copytree(SAMPLES, d)
    return d


def write_csv(path: Path, rows: list[list[str]], bom: bool = True) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8"))
    return path


def meta_of(ix: Path) -> dict:
    """path -> ReportMeta of every report."""
    return {r.path: r for r in SearchIndex(ix).report_metadata()}


def test_a_manifest_with_bom_overrides_fields_and_marks_their_source(reports, tmp_path):
    ix = tmp_path / "ix"
    sheet = write_csv(
        reports / "manifest.csv",
        [
            ["path", "agency", "year", "url", "doc_number"],
            [S000, "焦作市解放区卫生健康委员会", "2022", URL, "解卫〔2023〕3号"],
        ],
    )
    summary = index_paths([reports], ix, meta=sheet)
    assert summary.manifest.notes == [] and summary.manifest.changed == 1
    hit = SearchIndex(ix).search('"推行证明事项"', agency="焦作市解放区").hits[0]
    assert hit.path == S000
    assert (hit.agency, hit.year, hit.url, hit.doc_number) == (
        "焦作市解放区卫生健康委员会",
        2022,
        URL,
        "解卫〔2023〕3号",
    )
    # The year is what the title already says: no override, the extractor's source stays.
    assert hit.meta_source["agency"] == hit.meta_source["url"] == "manifest"
    assert hit.meta_source.get("year") != "manifest"
    assert hit.to_json()["url"] == URL and hit.to_json()["meta_source"]["doc_number"] == "manifest"
    # The old name is gone from filters and facets; the other reports are as extracted.
    assert SearchIndex(ix).search('"法治"', agency="解放区卫健委").total == 0
    assert meta_of(ix)[S003].metadata.agency == "新县卫生健康委员会"


def test_paths_as_given_to_index_relative_to_the_csv_or_absolute(reports, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    sheet = write_csv(
        sheets / "m.csv",
        [
            ["path", "title"],
            [f"reports/{S000}", "甲"],  # as given to index (from the current folder)
            [f"../reports/{S001}", "乙"],  # relative to the CSV's folder
            [S003, "丙"],  # relative to the folder indexed
            [str(reports / S004), "丁"],  # absolute
        ],
        bom=False,
    )
    summary = index_paths(["reports"], tmp_path / "ix", meta=sheet)
    assert summary.manifest.notes == []
    titles = {p: r.metadata.title for p, r in meta_of(tmp_path / "ix").items()}
    assert [titles[p] for p in (S000, S001, S003, S004)] == ["甲", "乙", "丙", "丁"]


def test_unknown_columns_missing_files_and_bad_values_are_named_one_line_each(reports, tmp_path):
    ix = tmp_path / "ix"
    first = write_csv(tmp_path / "first.csv", [["path", "year"], [S004, "2020"]])
    index_paths([reports], ix, meta=first)
    sheet = write_csv(
        tmp_path / "m.csv",
        [
            ["path", "agnecy", "year", "date", "url", "level"],
            [S004, "x", "abc", "2021-12-32", "javascript:alert(1)", "市级"],
            ["not-there.txt", "", "2021", "", "", ""],
            ["", "", "2021", "", "", ""],
            [S003, "", "", "2022年2月26日", "", "乡长级"],
        ],
    )
    summary = index_paths([reports], ix, meta=sheet)
    notes = summary.manifest.notes
    assert notes[0].startswith("unknown column 'agnecy' ignored (known: path, agency,")
    assert "row 2: year 'abc' is not a year such as 2023 (kept the earlier override)" in notes
    assert "row 2: date '2021-12-32' is not a date such as 2024-03-28" in notes
    assert "row 2: url 'javascript:alert(1)' is not an http(s) address" in notes
    assert any(n.startswith("row 3: 'not-there.txt' is not a report in the index") for n in notes)
    assert "row 4: no path" in notes
    assert any(n.startswith("row 5: level '乡长级' is not one of") for n in notes)
    assert len(notes) == 7 and all("\n" not in n for n in notes)
    # Nothing else is lost: the good cells of those rows apply, the earlier year stays.
    m = meta_of(ix)
    assert (m[S004].metadata.year, m[S004].metadata.level) == (2020, "市级")
    assert (m[S004].metadata.date, m[S004].metadata.url) == ("2021-12-10", "")
    assert m[S003].metadata.date == "2022-02-26"
    assert summary.total == 5 and not summary.failed


def test_the_summary_names_the_manifest_and_its_problems(reports, tmp_path, capsys):
    sheet = write_csv(tmp_path / "m.csv", [["path", "agency", "colour"], ["gone.txt", "甲局"]])
    status = main(["index", str(reports), "--index", str(tmp_path / "ix"), "--meta", str(sheet)])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0].startswith("added 5, updated 0, unchanged 0, failed 0")
    assert out[1] == f"manifest {sheet}: 1 row, metadata changed for 0 reports"
    assert out[2].startswith("  manifest: unknown column 'colour' ignored")
    assert out[3].startswith("  manifest: row 2: 'gone.txt' is not a report in the index")


def test_a_changed_manifest_updates_metadata_without_rereading_and_removal_falls_back(
    reports, tmp_path
):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    extracted = meta_of(ix)[S003].metadata
    sheet = tmp_path / "m.csv"
    write_csv(sheet, [["path", "agency", "date"], [S003, "信阳市新县卫生健康委员会", "2022-03-01"]])
    summary = index_paths([reports], ix, meta=sheet)
    assert (len(summary.unchanged), summary.added, summary.updated) == (5, [], [])
    got = meta_of(ix)[S003].metadata
    assert (got.agency, got.date) == ("信阳市新县卫生健康委员会", "2022-03-01")
    assert got.meta_source["agency"] == got.meta_source["date"] == "manifest"
    # The agency cell emptied: the extracted agency and its source come back; the date stays.
    write_csv(sheet, [["path", "agency", "date"], [S003, "", "2022-03-01"]])
    summary = index_paths([reports], ix, meta=sheet)
    assert (len(summary.unchanged), summary.manifest.changed) == (5, 1)
    got = meta_of(ix)[S003].metadata
    assert got.agency == extracted.agency == "新县卫生健康委员会"
    assert got.meta_source.get("agency") == extracted.meta_source.get("agency")
    assert got.date == "2022-03-01"
    # Indexing without a manifest keeps the overrides.
    index_paths([reports], ix)
    assert meta_of(ix)[S003].metadata.date == "2022-03-01"


def test_a_region_override_fills_province_city_county_and_level(reports, tmp_path):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    assert meta_of(ix)[S001].metadata.province == ""  # 市中区 alone is ambiguous
    sheet = write_csv(tmp_path / "m.csv", [["path", "region"], [S001, "山东省枣庄市市中区"]])
    index_paths([reports], ix, meta=sheet)
    m = meta_of(ix)[S001].metadata
    assert (m.region, m.province, m.city, m.county, m.level) == (
        "山东省枣庄市市中区",
        "山东省",
        "枣庄市",
        "市中区",
        "县区级",
    )
    assert m.meta_source["region"] == "manifest"
    index = SearchIndex(ix)
    assert [h.path for h in index.search('"法治"', region="枣庄").hits] == [S001]
    assert index.search('"法治"').facets["region"]["山东省枣庄市市中区"] == 1


def test_an_agency_override_that_names_a_place_moves_the_region(reports, tmp_path):
    ix = tmp_path / "ix"
    sheet = write_csv(tmp_path / "m.csv", [["path", "agency"], [S004, "韶关市武江区卫生健康局"]])
    index_paths([reports], ix, meta=sheet)
    m = meta_of(ix)[S004].metadata
    assert (m.region, m.city) == ("广东省韶关市武江区", "韶关市")
    assert m.meta_source["region"] == "manifest"
    assert m.meta_source.get("level") != "manifest"  # 县区级 either way: still extracted


def test_meta_csv_round_trips_as_a_manifest(reports, tmp_path, capsys):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    assert main(["meta", "--index", str(ix), "--csv"]) == 0
    exported = capsys.readouterr().out
    assert exported.startswith("\ufeffpath,agency,region,level,year,date,doc_number,title,url,")
    sheet = tmp_path / "meta.csv"
    sheet.write_text(exported, encoding="utf-8", newline="")
    # Fed back unchanged: nothing changes, nothing is named.
    summary = index_paths([reports], ix, meta=sheet)
    assert (summary.manifest.rows, summary.manifest.changed, summary.manifest.notes) == (5, 0, [])
    main(["meta", "--index", str(ix), "--csv"])
    assert capsys.readouterr().out == exported
    # One cell edited in the sheet: that field of that report, and nothing else, changes.
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    row = next(r for r in rows if r["path"] == S001)
    row["region"] = "四川省乐山市市中区"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    sheet.write_text("\ufeff" + buf.getvalue(), encoding="utf-8", newline="")
    summary = index_paths([reports], ix, meta=sheet)
    assert (summary.manifest.changed, summary.manifest.notes) == (1, [])
    main(["meta", "--index", str(ix), "--csv"])
    after = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    changed = [(a["path"], k) for a, b in zip(after, rows, strict=True) for k in a if a[k] != b[k]]
    assert sorted(changed) == [(S001, "region_source")]
    assert next(a for a in after if a["path"] == S001)["region_source"] == "manifest"


def test_meta_lists_sources_on_a_terminal_and_only_the_gaps_with_missing(tmp_path, capsys):
    d = tmp_path / "reports"
    shutil.copytree(SAMPLES, d)
    # A report that names no agency, year or place (paragraphs of sample 003's body).
    (d / "untitled.txt").write_text(
        "（五）推进依法科学民主决策。健全科学民主决策制度，进行重大事项决策时，"
        "严格遵守法定权限和程序，对委重大行政决策进行合法性审核并经集体讨论决定。\n"
        "（六）重视行政执法人员管理。所有行政执法人员均持证上岗。\n",
        encoding="utf-8",
    )
    ix = tmp_path / "ix"
    sheet = write_csv(tmp_path / "m.csv", [["path", "url"], [S000, URL]])
    index_paths([d], ix, meta=sheet)
    assert main(["meta", "--index", str(ix)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "path", "agency", "region", "level", "year", "date", "doc_number", "title", "url",
        "sources",
    ]  # fmt: skip
    row = next(line for line in lines if line.startswith(S000))
    assert "解放区卫健委" in row and URL in row and "url=manifest" in row
    assert lines[-1] == "6 reports"
    for field in ("agency", "year", "region"):
        assert main(["meta", "--index", str(ix), "--missing", field]) == 0
        out = capsys.readouterr().out.splitlines()
        assert [line.split()[0] for line in out[1:-2]] == ["untitled.txt"]
        assert out[-1] == f"1 report missing {field}"


def test_an_unusable_manifest_stops_the_run_before_it_starts(reports, tmp_path, capsys):
    ix = tmp_path / "ix"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("path,agency\n000.txt,新县卫生健康委员会\n".encode("gbk"))
    assert main(["index", str(reports), "--index", str(ix), "--meta", str(gbk)]) == 1
    err = capsys.readouterr().err
    assert "is not UTF-8" in err and "CSV UTF-8" in err and "Traceback" not in err
    assert not ix.exists()  # nothing created, nothing indexed
    no_path = write_csv(tmp_path / "nopath.csv", [["file", "agency"], [S000, "甲局"]])
    with pytest.raises(ManifestError, match="has no 'path' column"):
        index_paths([reports], ix, meta=no_path)
    with pytest.raises(ManifestError, match="cannot read the manifest"):
        index_paths([reports], ix, meta=tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("name", "cell", "value"),
    [
        ("date", "2022/2/25", "2022-02-25"),
        ("date", "2022年2月25日", "2022-02-25"),
        ("date", "2022-02-25 00:00:00", "2022-02-25"),  # as Excel writes a date cell
        ("year", "2021", 2021),
        ("year", "2021年度", 2021),
        ("year", "2021.0", 2021),
        ("url", "http://www.gov.cn/a.html", "http://www.gov.cn/a.html"),
        (
            "title",
            "  某某局关于2023年\n法治政府建设情况的报告 ",
            "某某局关于2023年 法治政府建设情况的报告",
        ),
    ],
)
def test_cells_are_read_in_the_forms_spreadsheets_write(name, cell, value):
    assert parse_value(name, cell) == value


@pytest.mark.parametrize(
    ("name", "cell"),
    [("date", "2022-02-30"), ("date", "去年"), ("year", "1800"), ("year", "20211"),
     ("url", "www.gov.cn"), ("url", "file:///etc/passwd"), ("level", "镇级")],
)  # fmt: skip
def test_bad_cells_are_refused_with_the_reason(name, cell):
    with pytest.raises(ValueError, match=name):
        parse_value(name, cell)


def test_formula_guarded_cells_read_back_as_written(tmp_path):
    sheet = write_csv(tmp_path / "m.csv", [["path", "title"], ["a.txt", "'=关于…的报告"]])
    assert read_manifest(sheet).rows[0].cells == {"title": "=关于…的报告"}


def test_a_row_may_name_a_report_by_the_path_meta_shows(reports, tmp_path, capsys):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    main(["meta", "--index", str(ix), "--csv"])
    exported = capsys.readouterr().out.replace("新县卫生健康委员会,", "信阳市新县卫生健康委员会,")
    sheet = tmp_path / "elsewhere" / "meta.csv"
    sheet.parent.mkdir()
    sheet.write_text(exported, encoding="utf-8", newline="")
    # Indexing one file of the folder: the sheet's paths are still the reports' shown paths.
    summary = index_paths([reports / S000], ix, meta=sheet)
    assert (summary.manifest.changed, summary.manifest.notes) == (1, [])
    assert meta_of(ix)[S003].metadata.agency == "信阳市新县卫生健康委员会"


def test_an_open_index_sees_a_new_manifest_without_reopening(reports, tmp_path):
    ix = tmp_path / "ix"
    index_paths([reports], ix)
    index = SearchIndex(ix)  # as the web server holds it
    assert index.search('"法治"', agency="信阳市新县").total == 0
    sheet = write_csv(tmp_path / "m.csv", [["path", "agency"], [S003, "信阳市新县卫生健康委员会"]])
    index_paths([reports], ix, meta=sheet)  # no report re-read: only the overlay changes
    assert [h.path for h in index.search('"法治"', agency="信阳市新县").hits] == [S003]
