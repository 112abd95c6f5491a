"""Browsing the collection without a query: what is indexed, and what each report lacks."""

from __future__ import annotations

import shutil

import pytest

import search
from tests.conftest import SAMPLES

# A report with no agency, region, level or year in its text, and no 第一责任人 or 下一年度 part.
ANONYMOUS = """关于法治政府建设情况的报告

一、主要举措和成效
全面推进依法行政，法治建设取得新进展。
二、存在的不足和原因
法治建设工作还存在短板。
"""


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory) -> search.SearchIndex:
    folder = tmp_path_factory.mktemp("reports")
    for f in SAMPLES.glob("*.txt"):
        shutil.copy(f, folder)
    (folder / "anonymous.txt").write_text(ANONYMOUS, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    summary = search.index_paths([folder], index_dir)
    assert len(summary.added) == 6 and not summary.failed
    return search.SearchIndex(index_dir)


def _parts_from_text(path) -> list[str]:
    """The required parts a report's headings name, found from its file alone."""
    text = search.clean_text(path.read_text(encoding="utf-8"))
    found = {s.part for s in search.find_sections(text)}
    return [p for p in search.REQUIRED_PARTS if p in found]


def test_lists_every_report_with_the_parts_its_headings_name(sample_index):
    result = sample_index.reports(per_page=50)
    assert result.total == 5 == len(result.reports)
    by_file = {r.path.rsplit("/", 1)[-1]: r for r in result.reports}
    for path in SAMPLES.glob("*.txt"):
        row = by_file[path.name]
        assert row.parts == _parts_from_text(path)
        assert row.missing == [p for p in search.REQUIRED_PARTS if p not in row.parts]
    assert by_file["003_80ca85fa625d7763.txt"].doc_number == "新卫〔2022〕12号"


def test_facets_count_the_collection_and_what_is_missing(sample_index):
    facets = sample_index.reports().facets
    assert facets["year"] == {"2022": 3, "2021": 2}
    assert facets["level"] == {"县区级": 5}
    assert sum(facets["agency"].values()) == 5
    lacking = {}
    for path in SAMPLES.glob("*.txt"):
        for part in search.REQUIRED_PARTS:
            if part not in _parts_from_text(path):
                lacking[part] = lacking.get(part, 0) + 1
    assert facets["missing"] == lacking


def test_filters_narrow_and_combine(sample_index):
    every = {r.id for r in sample_index.reports().reports}
    for filters in (
        {"year": "2021"},
        {"agency": "新县"},
        {"region": "广东"},
        {"level": "县区级"},
        {"missing": "不足"},
        {"year": "2022", "region": "广东"},
    ):
        got = sample_index.reports(**filters)
        ids = {r.id for r in got.reports}
        assert ids <= every and got.total == len(ids)
        for name, value in filters.items():
            if name == "missing":
                assert all("存在的不足和原因" in r.missing for r in got.reports)
            elif name == "year":
                assert all(str(r.year) == value for r in got.reports)
            else:
                assert all(value in getattr(r, name) for r in got.reports)
    assert sample_index.reports(year="2022", region="广东").total == 1


def test_unknown_metadata_is_listed_and_filterable(mixed_index):
    result = mixed_index.reports()
    assert result.total == 6
    for name in ("agency", "region", "level", "year"):
        assert result.facets[name][search.UNKNOWN] == 1
    anonymous = mixed_index.reports(agency=search.UNKNOWN)
    assert anonymous.total == 1
    row = anonymous.reports[0]
    assert row.agency == "" and row.year is None
    assert row.parts == ["主要举措和成效", "存在的不足和原因"]
    assert mixed_index.reports(year=search.UNKNOWN).reports[0].id == row.id
    # Sorted by agency, the unknown one comes last.
    assert mixed_index.reports().reports[-1].id == row.id


@pytest.mark.parametrize("sort", search.BROWSE_SORTS)
def test_sorts(mixed_index, sort):
    rows = mixed_index.reports(sort=sort).reports
    if sort == "year":
        keys = [(r.year is None, -(r.year or 0)) for r in rows]
    else:
        keys = [(not getattr(r, sort), getattr(r, sort)) for r in rows]
    assert keys == sorted(keys)


def test_paged(mixed_index):
    pages = [mixed_index.reports(page=p, per_page=4) for p in (1, 2, 3)]
    assert [len(p.reports) for p in pages] == [4, 2, 0]
    ids = [r.id for p in pages for r in p.reports]
    assert ids == [r.id for r in mixed_index.reports().reports]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sort": "zzz"},
        {"page": 0},
        {"per_page": 0},
        {"year": "abc"},
        {"missing": "其他"},
        {"missing": "xyz"},
        {"colour": "red"},
    ],
)
def test_bad_arguments_are_query_errors(sample_index, kwargs):
    with pytest.raises(search.QueryError):
        sample_index.reports(**kwargs)
