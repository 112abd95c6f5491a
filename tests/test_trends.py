"""Trends and the province map over the samples' index: counts per year checked against
the search's own facets and the index's statistics, shares against both."""

from __future__ import annotations

from collections import Counter

import pytest

import search
from search.trends import build_trend

QUERIES = ['"推行证明事项"', '"法治建设"', '"告知承诺制"', "行政 执法", 'NOT "双随机"']


@pytest.mark.parametrize("query", QUERIES)
def test_matching_per_year_equals_the_year_facet_and_reports_the_year_totals(sample_index, query):
    trend = sample_index.trend(query)
    facet = sample_index.search(query, per_page=1).facets["year"]
    totals = sample_index.stats().years
    assert trend.years == [2021, 2022]
    for p in trend.points:
        assert p.matching == facet.get(str(p.year), 0)
        assert p.reports == totals[str(p.year)]
        assert p.share == pytest.approx(p.matching / p.reports)
    assert trend.matching == sample_index.count(query) and trend.reports == len(sample_index)


def test_a_year_with_more_reports_does_not_look_like_more_interest(sample_index):
    # One report each year says it: 1 of the 2 reports of 2021, 1 of the 3 of 2022.
    trend = sample_index.trend('"推行证明事项"')
    assert [(p.year, p.matching, p.reports) for p in trend.points] == [(2021, 1, 2), (2022, 1, 3)]
    assert trend.point(2021).share == 0.5 and trend.point(2022).share == pytest.approx(1 / 3)


def test_split_by_province_and_by_level_adds_up_to_the_year(sample_index):
    whole = sample_index.trend('"法治建设"')
    by_province = sample_index.trend('"法治建设"', by="province")
    assert set(by_province.groups) == {"河南省", "广东省", "未识别"}  # 市中区: four cities have one
    for year in whole.years:
        parts = [by_province.point(year, g) for g in by_province.groups]
        assert sum(p.matching for p in parts) == whole.point(year).matching
        assert sum(p.reports for p in parts) == whole.point(year).reports
    henan = sample_index.trend('"推行证明事项"', by="province")
    assert (henan.point(2021, "河南省").share, henan.point(2021, "广东省").share) == (1.0, 0.0)
    by_level = sample_index.trend('"法治建设"', by="level")
    assert by_level.groups == ["县区级"]  # every sample is a district or county agency


def test_a_filter_makes_the_share_one_of_that_scopes_reports(sample_index):
    trend = sample_index.trend('"推行证明事项"', region="河南")
    assert [(p.year, p.matching, p.reports) for p in trend.points] == [(2021, 1, 1), (2022, 1, 1)]
    # section: narrows the matches, not the reports they are a share of.
    in_part = sample_index.trend('"法治"', section="不足")
    assert in_part.reports == 5
    assert in_part.matching == sample_index.count('"法治"', section="不足")
    assert sample_index.trend('"法治建设"', level="省级").years == []
    assert sample_index.trend("").matching == 5  # no query: every report in scope


def test_unknown_grouping_or_level_is_a_query_error(sample_index):
    with pytest.raises(search.QueryError, match="by must be level or province"):
        sample_index.trend('"法治"', by="city")
    with pytest.raises(search.QueryError, match="level must be one of"):
        sample_index.trend('"法治"', level="国家级")
    with pytest.raises(search.QueryError, match="unbalanced quote"):
        sample_index.trend('"法治')


def test_undated_reports_are_counted_apart():
    reports = Counter({(2020, ""): 1, (0, ""): 1, (2022, ""): 1})
    matching = Counter({(2020, ""): 1, (0, ""): 1})
    trend = build_trend("q", reports, matching)
    assert trend.years == [2020, 2021, 2022]  # the gap year is shown, with no reports
    assert trend.point(2021).share is None and trend.point(2022).share == 0.0
    assert (trend.undated_matching, trend.undated_reports, trend.matching) == (1, 1, 2)


def test_trend_csv_has_a_bom_and_a_row_per_point(sample_index):
    text = "".join(search.trend_csv(sample_index.trend('"推行证明事项"', by="province")))
    lines = text.splitlines()
    assert lines[0] == "\ufeff年份,省份,匹配报告数,报告总数,占比"
    assert "2021,河南省,1,1,1.0000" in lines and "2022,广东省,0,1,0.0000" in lines


def test_province_map_has_every_province_and_the_shares(sample_index):
    pmap = sample_index.province_map('"推行证明事项"')
    assert len(pmap.provinces) == 34
    assert {p.short for p in pmap.provinces} >= {"内蒙古", "广西", "新疆", "香港", "黑龙江"}
    henan, guangdong = pmap.get("河南省"), pmap.get("广东省")
    assert (henan.matching, henan.reports, guangdong.matching, guangdong.reports) == (2, 2, 0, 2)
    assert (pmap.unknown.matching, pmap.unknown.reports) == (0, 1)
    assert sum(p.reports for p in pmap.provinces if p.reports) == 4
    rows = "".join(search.province_csv(pmap)).splitlines()
    assert rows == ["\ufeff省份,匹配报告数,报告总数,占比", "河南省,2,2,1.0000",
                    "广东省,0,2,0.0000", "未识别,0,1,0.0000"]  # fmt: skip


def test_csv_cells_that_excel_would_run_are_neutralised():
    text = "".join(search.formats.csv_stream(["机构"], [['=HYPERLINK("x")'], ["-1+1"], ["@SUM"]]))
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""x"")"', "'-1+1", "'@SUM"]
