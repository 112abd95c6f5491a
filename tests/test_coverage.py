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
