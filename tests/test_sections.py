"""find_sections and classify_part on the cleaned seed reports and on corpus text."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.clean import clean_text
from search.model import (
    PART_DUTY,
    PART_MEASURES,
    PART_OTHER,
    PART_PLAN,
    PART_SHORTCOMINGS,
    PARTS,
    Section,
)
from search.sections import classify_part, find_sections

from .conftest import SAMPLES, corpus_files

M, S, D, P = PART_MEASURES, PART_SHORTCOMINGS, PART_DUTY, PART_PLAN

# Every top-level heading of every seed, as written, with the part it must get.
TOP_LEVEL = {
    "000": [
        ("一、2022年度法治政府建设情况", M),
        ("二、法治政府建设存在的不足和原因", S),
        ("三、履行推进法治建设第一责任人职责，加强法治政府建设的有关情况", D),
        ("四、2023年度工作安排", P),
    ],
    "001": [
        ("一、加强组织领导，践行社会主义法治理念", M),  # unnamed, before 存在问题: the work done
        ("二、抓住重点领域，完善普法体系建设", M),
        ("三、强化日常监督，构建行政执法新格局", M),
        ("四、存在问题", S),
        ("五、改进措施", P),
    ],
    "002": [
        ("一、深入学习贯彻党的二十大精神，深刻领会新时代推进法治中国建设战略部署的情况。", M),
        ("二、深入学习宣传贯彻习近平法治思想，把习近平法治思想贯彻落实到全面依法行政的全过程。", M),
        (
            "三、2022年度党政主要负责人履行推进法治建设第一责任人职责、"
            "加强法治政府建设的有关情况。",
            D,
        ),
        (
            "四、学习《法治政府建设实施纲要(2021—2025年)》的情况，以及落实广东省2021年依法行政"
            "工作要点、韶关市2021年全面依法治市工作要点和武江区2021年全面依法治区工作要点相关"
            "安排的概括情况",
            M,
        ),
        ("五、学习宣传贯彻行政处罚法、重大行政决策程序暂行条例等新施行、新修订法律法规的情况", M),
        (
            "六、2022年度推进法治政府建设的主要举措和成效、存在的不足和原因；"
            "下一年度推进法治政府建设的主要安排",
            M,  # names three parts: the first one named wins; its subsections split it
        ),
    ],
    "003": [
        ("一、推进法治政府建设的主要举措和成效", M),
        ("二、工作中存在的短板", S),
        ("三、下一步工作计划", P),
    ],
    "004": [
        ("一、加强组织领导，健全法治制度体系", M),
        ("二、推进法治建设，提升依法行政水平", M),
        ("三、不断优化公共服务水平，提高群众获得感", M),
        ("四、扎实推进法治宣传教育，培养提升法治思维理念", M),
        ("五、深化“放管服”，提升政务服务效能", M),
        ("六、存在问题及下一步工作思路", S),  # 存在问题 is named first
        # under that merged heading, the 下一步 paragraph is where the plans start
        ("下一步，需要不断努力提高运用法治思维和法治方式推动卫生健康事业改革发展的能力。", P),
    ],
}


def sections_of(prefix: str) -> tuple[str, list[Section]]:
    path = next(p for p in Path(SAMPLES).glob("*.txt") if p.name.startswith(prefix))
    text = clean_text(path.read_text(encoding="utf-8"))
    return text, find_sections(text)


def parents(sections: list[Section]) -> list[Section | None]:
    """The innermost section containing each one (None for top level)."""
    out: list[Section | None] = []
    for i, s in enumerate(sections):
        enclosing = [o for o in sections[:i] if o.level < s.level and o.start < s.start < o.end]
        out.append(enclosing[-1] if enclosing else None)
    return out


def assert_well_formed(text: str, sections: list[Section]) -> None:
    assert [s.start for s in sections] == sorted(s.start for s in sections)
    for i, s in enumerate(sections):
        assert s.part in PARTS
        assert s.start == 0 or text[s.start - 1] == "\n"  # only paragraph starts
        assert text.startswith(s.heading, s.start)
        assert s.start < s.end <= len(text)
        later = [o for o in sections[i + 1 :] if o.level <= s.level]
        assert s.end == (later[0].start if later else len(text))
        for o in sections[i + 1 :]:  # nested or disjoint, never overlapping
            assert o.end <= s.end or o.start >= s.end


@pytest.mark.parametrize("prefix", sorted(TOP_LEVEL))
def test_top_level_headings_and_parts(prefix: str) -> None:
    text, sections = sections_of(prefix)
    assert_well_formed(text, sections)
    tops = [
        (s.heading, s.part)
        for s, parent in zip(sections, parents(sections), strict=True)
        if not parent
    ]
    assert tops == TOP_LEVEL[prefix]


@pytest.mark.parametrize("prefix", sorted(TOP_LEVEL))
def test_subsections_inherit_unless_they_name_a_part(prefix: str) -> None:
    _, sections = sections_of(prefix)
    for s, parent in zip(sections, parents(sections), strict=True):
        if parent is not None and s.part != parent.part:
            assert classify_part(s.heading) == s.part, s.heading


def test_seed_000_numbered_paragraphs_are_level_three() -> None:
    text, sections = sections_of("000")
    level3 = [s.heading for s in sections if s.level == 3]
    assert level3 == [
        "1.加强组织领导。",
        "2.学习法治精神。",
        "3.推进依法行政。",
        "4.开展法治宣传教育。",
        "5.化解卫生行政纠纷。",
    ]
    first = next(s for s in sections if s.level == 3)
    assert text[first.start :].startswith("1.加强组织领导。一是及时调整本单位")
    assert all(s.part == M for s in sections if s.level == 3)


def test_seed_subsections_that_name_a_part() -> None:
    _, s001 = sections_of("001")
    assert next(s for s in s001 if s.heading.startswith("（一）履行")).part == D
    assert [s.part for s in s001 if s.level == 2][-2:] == [S, S]
    _, s002 = sections_of("002")
    subs = [(s.heading, s.part) for s in s002 if s.level == 2]
    assert subs == [
        ("（一）2022年度推进法治政府建设的主要举措和成效、存在的不足和原因", M),
        ("（二）下一年度推进法治政府建设的主要安排", P),
    ]
    _, s003 = sections_of("003")
    plan = next(s for s in s003 if s.heading.startswith("（二）制订法治建设工作计划"))
    assert plan.part == M  # a work plan made this year is a measure, not next year's plan
    assert [s.part for s in s003 if s.level == 2][-4:] == [P] * 4
    _, s004 = sections_of("004")
    assert next(s for s in s004 if s.heading == "（一）履行第一责任人职责。").part == D


def test_only_paragraph_starts_are_headings() -> None:
    text = (
        "标题\n正文说明。二、这不是标题。\n一、总体情况\n1.加强组织领导。一是建立制度。\n"
        "2.5亿元资金已经落实。\n(二)存在问题\n第二章规定的事项已经办理,这是一句正文。\n二、下一步打算"
    )
    sections = find_sections(text)
    assert_well_formed(text, sections)
    assert [(s.heading, s.level) for s in sections] == [
        ("一、总体情况", 1),
        ("1.加强组织领导。", 3),
        ("(二)存在问题", 2),
        ("二、下一步打算", 1),
    ]
    assert [s.part for s in sections] == [M, M, S, P]


def test_no_headings() -> None:
    assert find_sections("") == []
    assert find_sections("只有正文。\n没有标题。") == []


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("一、2022年推进法治政府建设的主要举措和成效", M),
        ("一、主要做法", M),
        ("二、工作开展情况", M),
        ("二、存在的不足和原因", S),
        ("三、存在的问题", S),
        ("三、差距和困难", S),
        ("四、党政主要负责人履行推进法治建设第一责任人职责情况", D),
        ("五、下一年度推进法治政府建设的主要安排", P),
        ("五、2023年工作计划", P),
        ("五、下一步工作打算", P),
        ("六、其他需要报告的事项", PART_OTHER),
        ("第一章总则", PART_OTHER),
        # wordings of real reports (devset, issue 9 §3)
        ("一、一把手抓法治政府建设", D),
        ("一、区政府主要负责同志履行推进法治建设第一责任人职责情况", D),
        ("二、主要负责人履行法治建设职责情况", D),
        ("四、下步工作打算", P),
        ("四、2023年工作思路", P),
        ("三、2024年工作要点", P),
        ("一、工作总体完成情况", M),
        ("一、2024年法治政府建设基本情况", M),
        ("一、2023年总体情况", M),
        ("第三部分 存在的问题", S),
        # a heading run into its body names its part early: 第一责任人 later is body text
        (
            "一、学习贯彻党的二十大精神,深入践行习近平法治思想深入学习宣传贯彻党的二十大精神,"
            "以习近平法治思想为指引,压实推进法治建设第一责任人",
            PART_OTHER,
        ),
    ],
)
def test_classify_part(heading: str, part: str) -> None:
    assert classify_part(heading) == part


def test_corpus_sections_are_well_formed() -> None:
    for path in corpus_files(200, seed=11):
        text = clean_text(path.read_text(encoding="utf-8"))
        assert_well_formed(text, find_sections(text))


REPORT_HEAD = (
    "某县司法局2023年法治政府建设情况报告\n2023年,我局扎实推进法治政府建设。现将有关情况报告如下:\n"
)


def tops(text: str) -> list[tuple[str, int, str]]:
    sections = find_sections(text)
    assert_well_formed(text, sections)
    return [(s.heading, s.level, s.part) for s in sections if s.level <= 1]


def test_parts_in_any_order():
    text = REPORT_HEAD + (
        "一、党政主要负责人履行推进法治建设第一责任人职责情况\n局长带头学法。\n"
        "二、存在的不足和原因\n执法队伍力量不足。\n"
        "三、主要举措和成效\n完善制度。\n"
        "四、2024年工作安排\n继续推进。"
    )
    assert [p for _, _, p in tops(text)] == [D, S, M, P]


def test_unnamed_sections_of_a_report_are_its_work_even_without_later_parts():
    # a page holding the report's first sections only
    text = REPORT_HEAD + "一、坚持党对法治政府建设的全面领导\n正文。\n二、加强组织领导\n正文。"
    assert [p for _, _, p in tops(text)] == [M, M]
    # a law's chapters are not a report's work
    law = "某某条例\n第一章总则\n第一条为了规范依法行政,制定本条例。\n第二章管理\n第二条正文。"
    assert [p for _, _, p in tops(law)] == [PART_OTHER, PART_OTHER]


def test_next_step_paragraph_without_heading_starts_the_plans():
    text = REPORT_HEAD + (
        "一、主要举措和成效\n完善制度。\n二、存在的不足和原因\n执法力量不足。\n"
        "下一步,我局将继续深入学习贯彻习近平法治思想。\n(一)加强学习。\n(二)规范执法。"
    )
    sections = find_sections(text)
    assert_well_formed(text, sections)
    plan = next(s for s in sections if s.heading.startswith("下一步"))
    assert (plan.level, plan.part) == (0, P)
    assert plan.heading == "下一步,我局将继续深入学习贯彻习近平法治思想。"
    shortcomings = next(s for s in sections if s.heading == "二、存在的不足和原因")
    assert shortcomings.end == plan.start  # the shortcomings stop where the plans start
    assert [s.part for s in sections if s.start > plan.start] == [P, P]


def test_next_step_inside_a_plan_heading_or_before_more_headings_changes_nothing():
    under_plan = (
        REPORT_HEAD + "一、主要举措和成效\n正文。\n二、存在问题及下一步工作思路\n下一步,继续推进。"
    )
    assert not any(s.level == 0 for s in find_sections(under_plan))
    before_more = (
        REPORT_HEAD + "一、主要举措和成效\n下一步,继续推进。\n二、存在的不足和原因\n正文。"
    )
    assert not any(s.level == 0 for s in find_sections(before_more))
    no_heading = "正文。\n下一步,继续推进。"
    assert find_sections(no_heading) == []  # a report with no heading keeps 其他


def test_traditional_characters_are_classified_too():
    text = (
        "一、黨政主要負責人履行推進法治建設第一責任人職責情況\n正文。\n"
        "二、存在問題\n正文。\n三、工作計劃\n正文。"
    )
    assert [(h, p) for h, _, p in tops(text)] == [
        ("一、黨政主要負責人履行推進法治建設第一責任人職責情況", D),  # shown as written
        ("二、存在問題", S),
        ("三、工作計劃", P),
    ]


def test_a_document_sites_page_dump_keeps_its_parts() -> None:
    # A document site extracts a report one line a page (1、… 2、…), headings inline;
    # a page holding a single heading is split like the others.
    text, sections = sections_of("000")
    one_line = "".join(text.split("\n"))
    pages = [
        f"{k + 1}、{one_line[i : i + 900]}" for k, i in enumerate(range(0, len(one_line), 900))
    ]
    dumped = find_sections(clean_text("\n".join(pages)))
    tops = [(s.heading, s.part) for s in dumped if s.level == 1]
    assert [part for _, part in tops] == [part for _, part in TOP_LEVEL["000"]]
    assert tops[0][0] == "一、2022年度法治政府建设情况"  # apart from its 1. subheading


def test_misnumbered_or_second_level_top_headings_are_classified_alike():
    # numbers repeated or skipped, as printed
    misnumbered = REPORT_HEAD + (
        "一、主要举措和成效\n完善制度。\n三、存在的不足和原因\n力量不足。\n"
        "三、下一步工作打算\n继续推进。"
    )
    assert [p for _, _, p in tops(misnumbered)] == [M, S, P]
    # a report whose top headings are （一） (no 一、 above them)
    second = REPORT_HEAD + (
        "（一）主要负责人履行推进法治建设第一责任人职责情况\n带头学法。\n"
        "（二）推进法治政府建设的主要举措\n完善制度。\n（三）2024年工作思路\n继续推进。"
    )
    sections = find_sections(second)
    assert [s.part for s in sections] == [D, M, P]


def test_a_heading_naming_责任_whose_section_opens_with_the_chiefs_duties():
    # d076, 陵川县教育局: 一、扛牢主体责任 opens with 局党政主要负责人严格履行…第一责任人职责
    text = REPORT_HEAD + (
        "一、扛牢主体责任,夯实法治建设根基\n"
        "局党政主要负责人严格履行法治建设第一责任人职责,将法治建设纳入全局重点工作和年终述职内容。\n"
        "二、聚焦关键环节,提升法治建设质效\n正文。\n"
    )
    assert [p for _, _, p in tops(text)] == [D, M]
    # d057: a work heading whose first item (一是…) is the chief's duty stays work
    text = REPORT_HEAD + (
        "一、加强党的领导,扎实落实法治建设各项决策部署\n"
        "一是党政主要负责人切实履行推进法治建设第一责任人职责。局党委书记带头。\n"
    )
    assert [p for _, _, p in tops(text)] == [M]
