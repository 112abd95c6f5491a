"""Reports in the forms real collections hold them (issue 9 §1-2).

Each case is a short excerpt of a real published report (a title, a header, an
information table, a signature block), joined to a line or two of body text.
"""

from __future__ import annotations

import pytest

from search.chrome import split_chrome
from search.clean import clean_report, clean_text
from search.document import prepare_text
from search.metadata import extract_metadata

BODY = (
    "2024年，我局在市委、市政府的正确领导下，深入学习贯彻习近平法治思想，"
    "扎实推进法治政府建设各项工作。现将我局法治政府建设工作主要情况报告如下："
)
WORK = "一、2024年推进法治政府建设的主要举措和成效\n（一）加强组织领导。成立领导小组。"


def meta(raw: str):
    return prepare_text(raw, analyze=False).metadata


# ------------------------------------------------------------------ title forms


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("厦门市生态环境局关于2024年法治政府建设情况的报告", "厦门市生态环境局", 2024),
        ("泽州县司法局2022年度法治政府建设情况报告", "泽州县司法局", 2022),
        ("宣城市公安局2023年法治政府建设年度报告", "宣城市公安局", 2023),
        ("新县卫生健康委员会关于2021年度法治建设工作情况的报告", "新县卫生健康委员会", 2021),
        (
            "福州市司法局关于2022年法治工作情况暨2023年工作要点的报告",
            "福州市司法局",
            2022,
        ),
        ("北城街街道办事处2025年法治政府建设年度报告", "北城街街道办事处", 2025),
    ],
)
def test_title_forms_give_agency_and_year(title, agency, year):
    m = meta(f"{title}\n{BODY}\n{WORK}")
    assert (m.title, m.agency, m.year) == (title, agency, year)
    assert m.meta_source["agency"] == "title" and m.meta_source["title"] == "title"


def test_title_line_is_never_glued_to_the_first_sentence():
    text = clean_text(f"厦门市生态环境局关于2024年法治政府建设情况的报告\n{BODY}")
    assert text.split("\n")[0] == "厦门市生态环境局关于2024年法治政府建设情况的报告"


def test_title_over_three_lines_is_one_paragraph():
    raw = f"厦门市生态环境局\n关于2024年法治政府建设\n情况的报告\n{BODY}"
    paras = clean_text(raw).split("\n")
    assert paras[:2] == ["厦门市生态环境局", "关于2024年法治政府建设情况的报告"]
    assert meta(raw).agency == "厦门市生态环境局"


def test_a_title_naming_a_place_is_its_governments_report():
    m = meta("静海区2023年度法治政府建设情况报告\n2023年，静海区坚持以习近平法治思想为指导。")
    assert (m.agency, m.region, m.level) == ("静海区人民政府", "天津市静海区", "县区级")
    m = meta("2020年静海区法治政府建设情况报告\n2020年，静海区坚持以习近平法治思想为指导。")
    assert (m.agency, m.year) == ("静海区人民政府", 2020)


def test_national_and_town_levels():
    m = meta(f"司法部2024年法治政府建设年度报告\n{BODY}")
    assert (m.agency, m.level, m.region) == ("司法部", "国家级", "")
    m = meta(f"东湖街道2024年度法治政府建设情况报告\n{BODY}")
    assert (m.agency, m.level) == ("东湖街道", "乡镇级")


def test_a_town_is_placed_only_by_a_county_the_text_settles():
    # the one district the text names is 朝阳区, which Beijing and Changchun both have
    m = meta(
        f"东湖街道2024年度法治政府建设情况报告\n{BODY}\n"
        "街道及时宣传朝阳区新版产业政策，邀请发改委、商务局、金融办等专业部门开展培训。"
    )
    assert (m.agency, m.region, m.level) == ("东湖街道", "", "乡镇级")
    # 禄丰市 is one county-level city only: the town is placed in it
    m = meta(
        "中村乡人民政府2022年法治政府建设工作报告\n2022年，中村乡在禄丰市委、市政府的坚强领导下，"
        "深入推进法治政府建设。"
    )
    assert (m.agency, m.region, m.level) == (
        "中村乡人民政府",
        "云南省楚雄彝族自治州禄丰市",
        "乡镇级",
    )


# ------------------------------------------------------------------ opening sentence


@pytest.mark.parametrize(
    ("opening", "agency"),
    [
        ("2021年以来，宣城市公安局按照市委、市政府的部署，全面推进法治公安建设。", "宣城市公安局"),
        ("2025年，泾源县公安局在县委、县政府的坚强领导下，始终坚持依法行政。", "泾源县公安局"),
        ("2024年，全市卫生健康系统深入贯彻习近平法治思想。", ""),
        ("2023年，我局坚持以习近平法治思想为指导。", ""),
    ],
)
def test_opening_sentence_subject(opening, agency):
    m = meta(f"{opening}\n{WORK}")
    assert m.agency == agency
    assert m.meta_source.get("agency") == ("opening" if agency else None)


def test_short_forms_are_completed_from_the_text_or_left_empty():
    # 省卫生健康委: the excerpt never names the province, so no agency (the level is known)
    m = meta("2022年，省卫生健康委坚持以习近平新时代中国特色社会主义思想为指导。\n" + WORK)
    assert (m.agency, m.level) == ("", "省级")
    # 县人民政府 completed where the text writes 岳阳县人民政府 in full
    raw = (
        "根据有关规定，现将县人民政府2022年法治政府建设工作情况报告如下。\n一、主要成效\n"
        "县人民政府领导班子带头开展学法，制定了《岳阳县人民政府常务会会前学法制度》。"
    )
    m = meta(raw)
    assert (m.agency, m.year, m.county) == ("岳阳县人民政府", 2022, "岳阳县")


# ------------------------------------------------------------------ page chrome


CHROME_PAGE = """今天是：2019年10月31日 星期三
您所在的位置：首页 > 政务公开 > 工作报告
2020年静海区法治政府建设情况报告
文章来源：司法局 更新时间：2021/03/29 11:30:01
【字体：大 中 小】 打印本页 关闭窗口
2020年静海区法治政府建设情况报告
2020年，静海区坚持以习近平新时代中国特色社会主义思想为指导，依法全面履行政府职能。
一、2020年推进法治政府建设的主要举措和成效
（一）加强法治政府建设组织领导。
附件下载：
分享到："""


def test_page_chrome_is_kept_out_of_the_text():
    text = clean_text(CHROME_PAGE)
    assert text.split("\n")[0] == "2020年静海区法治政府建设情况报告"
    assert text.count("2020年静海区法治政府建设情况报告") == 1
    for chrome in ("今天是", "首页", "来源", "打印本页", "关闭窗口", "附件下载", "分享到"):
        assert chrome not in text
    m = meta(CHROME_PAGE)
    assert (m.year, m.date) == (2020, "")  # the visitor's date is not the report's


INFO_TABLE = """索引号：11120118MB1549816X/2024-00312 | 主题分类：综合政务
发布机构：天津市静海区人民政府 | 成文日期：2024年03月28日 | 文号：津静政报〔2024〕5号
静海区2023年度法治政府建设情况报告
2023年，静海区坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻习近平法治思想。
一、区政府主要负责同志履行推进法治建设第一责任人职责情况"""


def test_information_table_is_read_as_metadata():
    body, info = split_chrome(INFO_TABLE)
    assert "索引号" not in body and "成文日期" not in body
    assert info["agency"] == "天津市静海区人民政府"
    assert info["doc_number"] == "津静政报〔2024〕5号"
    m = meta(INFO_TABLE)
    assert (m.agency, m.date, m.doc_number, m.year) == (
        "天津市静海区人民政府",
        "2024-03-28",
        "津静政报〔2024〕5号",
        2023,
    )
    assert m.meta_source["agency"] == m.meta_source["date"] == "info_table"
    assert m.meta_source["doc_number"] == "info_table"


def test_information_table_with_keys_on_their_own_lines():
    raw = "发布机构\n宣城市公安局\n成文日期\n2024-01-20\n" + f"{BODY}\n{WORK}"
    text, info = clean_report(raw)
    assert info == {"agency": "宣城市公安局", "date": "2024-01-20"}
    assert not text.startswith("发布机构")
    assert meta(raw).date == "2024-01-20"


# ------------------------------------------------------------------ one-line bodies


ONE_LINE = (
    "厦门市生态环境局关于2024年法治政府建设情况的报告 " + BODY + " 一、主要举措和成效"
    "（一）加强组织领导。局党组定期研究法治工作。（二）严格规范执法。全年办理案件120件。"
    " 二、存在的不足和原因 执法人员的法律素养有待提高。 三、2025年工作安排"
    " 下一步，我局将继续推进依法行政。特此报告。 厦门市生态环境局 2025年1月10日"
)


def test_one_line_report_gets_its_paragraphs_back():
    paras = clean_text(ONE_LINE).split("\n")
    assert paras[0] == "厦门市生态环境局关于2024年法治政府建设情况的报告"
    assert paras[1].startswith("2024年，我局")
    for heading in (
        "一、主要举措和成效",
        "（一）加强组织领导。局党组定期研究法治工作。",
        "二、存在的不足和原因",
        "三、2025年工作安排",
    ):
        assert heading in paras
    assert paras[-2:] == ["厦门市生态环境局", "2025年1月10日"]


def test_one_line_report_metadata_and_parts():
    report = prepare_text(ONE_LINE, analyze=False)
    m = report.metadata
    assert (m.agency, m.year, m.date) == ("厦门市生态环境局", 2024, "2025-01-10")
    assert m.meta_source["date"] == "signature"
    parts = {s.heading: s.part for s in report.sections if s.level == 1}
    assert parts == {
        "一、主要举措和成效": "主要举措和成效",
        "二、存在的不足和原因": "存在的不足和原因",
        "三、2025年工作安排": "下一年度工作安排",
    }


# ------------------------------------------------------------------ header, cover letter


def test_own_document_number_not_one_cited_in_the_body():
    raw = (
        "泽州县司法局文件\n泽司发〔2023〕6号\n泽州县司法局关于2022年度法治政府建设情况的报告\n"
        "根据《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）要求，现将有关情况报告如下："
        f"\n{WORK}"
    )
    assert meta(raw).doc_number == "泽司发〔2023〕6号"
    cited_only = "泽州县司法局关于2022年度法治政府建设情况的报告\n" + raw.split("\n", 3)[3]
    assert meta(cited_only).doc_number == ""


def test_cover_letter_gives_the_submission_date():
    raw = (
        "市委、市政府：\n现将《福州市司法局关于2022年法治政府建设情况的报告》呈上，请审阅。\n"
        "福州市司法局\n2023年2月20日\n"
        "福州市司法局关于2022年法治政府建设情况的报告\n"
        f"{BODY}\n{WORK}"
    )
    paras = clean_text(raw).split("\n")
    assert paras[0] == "市委、市政府："
    m = meta(raw)
    assert (m.title, m.agency, m.date, m.year) == (
        "福州市司法局关于2022年法治政府建设情况的报告",
        "福州市司法局",
        "2023-02-20",
        2022,
    )
    assert m.meta_source["date"] == "signature"


def test_metadata_keeps_the_reports_own_characters():
    m = extract_metadata(
        "中共某某县委全面依法治县委员会办公室（县司法局）\n关于2021年工作的报告\n" + BODY
    )
    assert m.agency == "中共某某县委全面依法治县委员会办公室（县司法局）"


def test_cover_letter_with_an_attachment_line_and_chinese_numeral_date():
    raw = (
        "县委、县人大常委会：\n现将我局2023年度法治政府建设情况报告如下，请审阅。\n"
        "宣城市公安局\n二〇二四年一月二十日\n附件：宣城市公安局关于2023年度法治政府建设情况的报告\n"
        f"{BODY}\n{WORK}"
    )
    m = meta(raw)
    assert (m.title, m.agency, m.date, m.year) == (
        "宣城市公安局关于2023年度法治政府建设情况的报告",
        "宣城市公安局",
        "2024-01-20",
        2023,
    )


def test_cover_letter_under_its_own_header_gives_the_document_number():
    raw = (
        "厦门市生态环境局文件\n厦环〔2025〕3号\n"
        "厦门市生态环境局关于报送2024年法治政府建设情况的报告\n市委、市政府：\n"
        "现将我局2024年法治政府建设情况报告如下。\n"
        "附件：厦门市生态环境局2024年法治政府建设情况报告\n厦门市生态环境局\n2025年1月10日\n"
        f"厦门市生态环境局2024年法治政府建设情况报告\n{BODY}\n{WORK}"
    )
    paras = clean_text(raw).split("\n")
    assert paras[:4] == [
        "厦门市生态环境局文件",
        "厦环〔2025〕3号",
        "厦门市生态环境局关于报送2024年法治政府建设情况的报告",
        "市委、市政府：",
    ]
    m = meta(raw)
    assert (m.agency, m.doc_number, m.date, m.year) == (
        "厦门市生态环境局",
        "厦环〔2025〕3号",
        "2025-01-10",
        2024,
    )
    assert (m.meta_source["doc_number"], m.meta_source["date"]) == ("header", "signature")


def test_cover_letter_signed_in_full_completes_the_reports_short_title():
    raw = (
        "区委全面依法治区委员会办公室：\n"
        "按照要求，现将《江海区卫生健康局2022年法治政府建设年度报告》报送你们，请审阅。\n"
        "江门市江海区卫生健康局\n二〇二三年一月十六日\n"
        "江海区卫生健康局2022年法治政府建设年度报告\n"
        "2022年，我局深入学习贯彻习近平法治思想，扎实推进法治政府建设。\n" + WORK
    )
    m = meta(raw)
    assert (m.title, m.agency, m.date, m.year) == (
        "江海区卫生健康局2022年法治政府建设年度报告",
        "江门市江海区卫生健康局",
        "2023-01-16",
        2022,
    )
    assert (m.region, m.level) == ("广东省江门市江海区", "县区级")


def test_a_page_date_or_publication_time_is_not_the_reports_date():
    raw = "发布时间：2024-03-28 09:18\n宣城市公安局2023年法治政府建设年度报告\n" + BODY
    m = meta(raw)
    assert (m.date, m.year, m.agency) == ("", 2023, "宣城市公安局")


def test_traditional_characters_give_the_same_metadata():
    raw = (
        "呼中區教育局關於2025年度法治政府建設工作報告\n"
        "呼中區教育局在區政府的正確領導下，深入貫徹落實黨的教育方針，積極推進法治政府建設工作。\n"
        "一、上一年度推進法治政府建設的主要舉措和成效"
    )
    report = prepare_text(raw, analyze=False)
    m = report.metadata
    assert m.agency == "呼中區教育局"  # as written
    assert (m.year, m.region, m.level) == (2025, "黑龙江省大兴安岭地区呼中区", "县区级")
    assert report.sections[0].part == "主要举措和成效"


def test_conflicting_names_give_no_agency_rather_than_a_guess():
    # a portal's name above the title, another body in the opening sentence
    m = meta(
        "宁波市人民政府\n2023年法治政府建设年度报告\n2023年，宁波市司法局坚持以习近平法治思想为指导。"
    )
    assert m.agency == "" and "agency" not in m.meta_source


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("国家税务总局宁波市税务局2023年法治政府建设情况报告", "国家税务总局宁波市税务局"),
        (
            "中共宁波市委全面依法治市委员会办公室关于2023年法治建设工作情况的报告",
            "中共宁波市委全面依法治市委员会办公室",
        ),
        ("深圳市司法局法治政府建设年度报告（2023年）", "深圳市司法局"),
        ("关于福州市2021年法治政府建设情况的报告", "福州市人民政府"),
        ("应急管理部发布2023年法治政府建设年度报告", "应急管理部"),
    ],
)
def test_more_title_forms(title, agency):
    assert meta(f"{title}\n{BODY}").agency == agency


# ------------------------------------------------------------------ levels the opening states


@pytest.mark.parametrize(
    ("opening", "level"),
    [
        # 江苏省人民政府 2024: two 在…下 clauses before the subject, and no agency named
        (
            "2024年，在以习近平同志为核心的党中央坚强领导下，在省委高度重视和省人大及其常委会"
            "支持监督下，全省各级政府及其组成部门坚持以习近平新时代中国特色社会主义思想为指导。",
            "省级",
        ),
        # a published copy with the city masked out
        ("2019年，xx市人民政府坚持以习近平新时代中国特色社会主义思想为指导。", "市级"),
        ("2023年，全县各级行政机关深入学习贯彻习近平法治思想。", "县区级"),
    ],
)
def test_an_opening_without_an_agency_still_gives_the_level(opening, level):
    m = meta(f"法治政府建设情况年度报告\n{opening}\n一、2023年度工作情况")
    assert (m.agency, m.region, m.level) == ("", "", level)
    assert m.meta_source["level"] == "opening"


def test_an_opening_with_an_agency_is_not_overridden_by_its_scope():
    m = meta("2023年，全市卫生健康系统在市委领导下推进法治建设。\n" + WORK)
    assert m.level == "市级"
    m = meta("宣城市公安局2023年法治政府建设年度报告\n2023年，全省公安机关推进法治建设。\n" + WORK)
    assert (m.agency, m.level) == ("宣城市公安局", "市级")  # the agency's level, not 全省's
