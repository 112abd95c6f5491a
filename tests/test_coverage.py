"""The coverage matrix and the absence list over the samples' index."""

from __future__ import annotations

import pytest

import search
from tests.web_fixtures import AGENCIES


def test_every_agency_has_its_report_in_its_year(sample_index):
    cov = sample_index.coverage()
    assert cov.years == [2021, 2022] and cov.agencies == 5 and not cov.asked
    assert {r.agency for r in cov.rows} == AGENCIES
    for row in cov.rows:
        [(year, [rep])] = row.reports.items()
        assert rep.year == year and rep.contains is None
    by_id = {rep.id: rep for row in cov.rows for rep in row.all_reports}
    assert set(by_id) == set(sample_index.all_ids())


@pytest.mark.parametrize("part", search.REQUIRED_PARTS)
def test_a_report_lacks_a_part_exactly_when_section_search_finds_no_such_part(sample_index, part):
    having = set(sample_index.find_all("", section=part))
    for row in sample_index.coverage().rows:
        for rep in row.all_reports:
            assert (part in rep.lacks) == (rep.id not in having), (row.agency, part)


def test_the_samples_missing_parts(sample_index):
    lacks = {r.agency: r.all_reports[0].lacks for r in sample_index.coverage().rows}
    # 武江区 reports its shortcomings only inside a heading that begins with 主要举措和成效.
    assert lacks["韶关市武江区卫生健康局"] == ["存在的不足和原因"]
    assert lacks["解放区卫健委"] == []


def test_x_of_y_agencies_and_the_absence_list(sample_index):
    cov = sample_index.coverage('"推行证明事项"')
    having = {h.agency for h in sample_index.search('"推行证明事项"', per_page=0).hits}
    assert cov.asked and (cov.containing, cov.agencies) == (len(having), 5) == (2, 5)
    assert {r.agency for r in cov.absent} == AGENCIES - having
    rows = "".join(search.absence_csv(cov)).splitlines()
    assert rows[0] == "\ufeff机构,地区,层级,报告数,年份,报告编号"
    assert {line.split(",")[0] for line in rows[1:]} == AGENCIES - having


def test_filters_by_region_and_level(sample_index):
    guangdong = sample_index.coverage('"法治建设"', region="广东")
    assert {r.agency for r in guangdong.rows} == {
        "韶关市武江区卫生健康局",
        "江门市江海区卫生健康局",
    }
    assert sample_index.coverage(level="县区级").agencies == 5
    assert sample_index.coverage(level="市级").rows == []
    with pytest.raises(search.QueryError):
        sample_index.coverage(level="镇级")


def test_matrix_csv_marks_what_each_report_lacks(sample_index):
    cov = sample_index.coverage('"推行证明事项"')
    lines = "".join(search.coverage_csv(cov)).splitlines()
    assert lines[0] == "\ufeff机构,地区,层级,2021,2022,年份不详,含查询内容"
    wujiang = next(line for line in lines if line.startswith("韶关市武江区卫生健康局"))
    assert wujiang.endswith("缺：存在的不足和原因,,否")
    assert cov.to_json()["containing"] == 2


def _agencies(cov) -> list[str]:
    return [r.agency for r in cov.rows]


@pytest.mark.parametrize("query", ["", '"推行证明事项"'])
def test_pages_of_the_matrix_add_up_to_the_whole(sample_index, query):
    whole = sample_index.coverage(query)
    assert (whole.page, whole.pages, whole.per_page) == (1, 1, None)
    pages = [sample_index.coverage(query, page=n, per_page=2) for n in (1, 2, 3)]
    assert [c.pages for c in pages] == [3, 3, 3] and [len(c.rows) for c in pages] == [2, 2, 1]
    assert sum((_agencies(c) for c in pages), []) == _agencies(whole)
    assert [r.to_json() for c in pages for r in c.rows] == [r.to_json() for r in whole.rows]
    for c in pages:  # the counts, the years and the absence list are the whole matrix's
        assert (c.agencies, c.containing, c.years) == (5, whole.containing, whole.years)
        assert [r.agency for r in c.absent] == [r.agency for r in whole.absent]
        assert c.absent_count == len(whole.absent) and c.per_page == 2
    # Past the last page: the last page, not an empty one.
    assert _agencies(sample_index.coverage(query, page=9, per_page=2)) == _agencies(pages[2])


def test_the_paged_matrix_is_the_matrix_built_report_by_report(sample_index):
    """The paged builder against the plain one (every report an object) on the samples."""
    from search.coverage import build_coverage
    from search.scope import coverage_columns, in_scope

    with sample_index._lock:
        ctx, docs, matched = in_scope(sample_index, '"法治建设"', "", {"region": "广东"})
        cols = coverage_columns(ctx)
        plain = build_coverage(
            '"法治建设"',
            ((cols.records[d], d in matched, cols.lacks[d]) for d in docs),
            asked=True,
        )
    paged = sample_index.coverage('"法治建设"', region="广东", page=1, per_page=1)
    assert paged.to_json()["rows"] == plain.to_json()["rows"][:1]
    assert {k: v for k, v in paged.to_json().items() if k != "rows" and "page" not in k} == {
        k: v for k, v in plain.to_json().items() if k != "rows" and "page" not in k
    }


def test_absence_list_limited_keeps_its_full_count(sample_index):
    cov = sample_index.coverage('"推行证明事项"', page=1, absent_limit=1)
    assert cov.absent_count == 3 and len(cov.absent) == 1
    assert cov.to_json()["absent_count"] == 3
    with pytest.raises(search.SearchError):
        sample_index.coverage(page=1, per_page=0)
