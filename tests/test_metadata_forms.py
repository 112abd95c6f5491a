"""Forms of real report pages the extractor reads (issue 9 §1-2), each on a short excerpt.

Every excerpt is copied from a collected report (devset/texts/<id>.txt, id in the comment):
a page's information table, a site's header, a title run into the body, an opening.
"""

from __future__ import annotations

from pathlib import Path

from search import gazetteer, naming, selfref
from search.chrome import split_chrome
from search.clean import clean_report
from search.document import prepare_text
from search.metadata import extract_metadata
from search.runon import split_run_on

DEVSET = Path(__file__).resolve().parent.parent / "devset" / "texts"


def _meta(raw: str):
    return prepare_text(raw, analyze=False).metadata


def test_bracketed_info_cells_are_read_and_dropped():
    # d081, a 重庆 town's page: [ 成文日期 ] cells, two to a line
    raw = (
        "[ 索引号 ] 1150023400864779XD/2026-00005 [ 发文字号 ]\n"
        "[ 发布机构 ] 开州区义和镇 [ 主题分类 ] 其他\n"
        "[ 成文日期 ] 2026-02-03 [ 发布日期 ] 2026-02-03\n"
        "[ 体裁分类 ] 其他 [ 有效性 ]\n\n"
        "重庆市开州区义和镇人民政府关于2025年度法治政府建设情况的报告\n\n"
        "2025年,我镇在区委政府的坚强领导和依法治区办的有力指导下,坚持以服务经济社会发展为核心。"
    )
    body, info = split_chrome(raw)
    assert info["date"] == "2026-02-03" and info["agency"] == "开州区义和镇"
    assert "索引号" not in body and body.lstrip().startswith("重庆市开州区义和镇人民政府")
    meta = _meta(raw)
    assert meta.date == "2026-02-03" and meta.agency == "重庆市开州区义和镇人民政府"
    assert (meta.province, meta.county, meta.level) == ("重庆市", "开州区", "乡镇级")


def test_info_row_without_colons_and_a_list_of_keys():
    # d067: 湖北省司法厅's table, keys and values separated by spaces only
    body, info = split_chrome(
        "索 引 号 011043217/2024-15822 分    类 政务公开\n"
        "发布机构 湖北省司法厅 发文日期 2024-03-27\n"
        "文    号 有 效 性 有效\n\n"
        "2023年,省司法厅坚持以习近平新时代中国特色社会主义思想为指导。"
    )
    assert info == {
        "index_number": "011043217/2024-15822",
        "agency": "湖北省司法厅",
        "date": "2024-03-27",
    }
    assert body.strip().startswith("2023年")
    # d077: 郑州市人民政府's table printed as a list, one key a line
    body, info = split_chrome(
        "郑州市人民政府2024年度法治政府建设情况报告\n\n"
        "  • 索引号:747445745/2025-00036\n  • 发布机构:郑州市人民政府\n"
        "  • 关键词:法治政府,法治政府建设\n  • 成文日期:2025-03-17\n  • 发布日期:2025-03-28\n"
        "  • 郑州市人民政府2024年度法治政府建设情况报告\n\n"
        "    2024年,郑州市在省委、省政府的正确领导下,坚持以习近平新时代中国特色社会主义思想为指导。"
    )
    assert info["date"] == "2025-03-17" and info["agency"] == "郑州市人民政府"
    assert "索引号" not in body and "关键词" not in body


def test_a_sites_information_disclosure_header_is_not_glued_to_the_title():
    # d071: 中山市's town page, the section header above the table and the title
    raw = (
        "政府信息公开 规章库\n\n中山市人民政府东区街道办事处政府信息公开\n\n"
        "索引号: 114420000073333506/2025-00061 分类:\n"
        "发布机构: 中山市人民政府东区街道办事处 成文日期: 2025-02-17\n"
        "名称: 东区街道2024年法治政府建设年度报告\n文号: 发布日期: 2025-02-20\n\n"
        "东区街道2024年法治政府建设年度报告\n\n"
        "  2024年,东区街道坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想。"
    )
    text, _ = clean_report(raw)
    assert text.split("\n")[0] == "东区街道2024年法治政府建设年度报告"
    meta = _meta(raw)
    # the table's fuller name of the same office (…街道办事处) wins over the title's 东区街道
    assert meta.agency == "中山市人民政府东区街道办事处"
    assert (meta.province, meta.city, meta.level) == ("广东省", "中山市", "乡镇级")
    assert meta.date == "2025-02-17"


def test_a_street_named_like_a_district_is_not_that_district():
    # 东区街道 alone: 攀枝花 has a 东区, but a 街道's name is not a county's
    meta = extract_metadata(
        "东区街道2024年法治政府建设年度报告\n2024年,东区街道坚持以习近平新时代中国特色社会主义思想为指导。"
    )
    assert meta.agency == "东区街道" and meta.level == "乡镇级"
    assert (meta.province, meta.city, meta.county) == ("", "", "")


def test_a_document_sites_file_name_and_watermark_are_chrome():
    # d063: the file name above a title run into the body, digits spaced out
    raw = (
        "海滨街2020年法治政府建设情况.docx\n"
        "海滨街 2020 年法治政府建设情况报告 2020 年,在区委、区政府的正确领导下,在区法治政府 "
        "建设领导小组的指导下,海滨街严格依法行政,深入推进法 治政府建设,积极营造良好的法治环境,"
        "现将工作情况报告 如下: 一、2020 年推进法治政府建设的主要举措和成效 (一)加强组织领导,"
        "奠定依法行政基础 成立以街主要领导为组长及副组长的海滨街法治政府 建设领导小组。 "
        "(二)严格落实防控举措,坚决打赢疫情防控阻击战。 按照疫情防控“三个 100%”的工作要求。"
    )
    report = prepare_text(raw, analyze=False)
    assert report.metadata.title == "海滨街2020年法治政府建设情况报告"
    assert (report.metadata.agency, report.metadata.year) == ("海滨街", 2020)
    assert report.sections[0].heading == "一、2020年推进法治政府建设的主要举措和成效"
    # d003: a document site's watermark before the title and again inside the text
    raw = (DEVSET / "d003.txt").read_text(encoding="utf-8")[:600]
    assert raw.startswith("秘书之家—全网资源每日更新www.mishuzj.com湖北省人民政府关于2023年度")
    body, _ = split_chrome(raw)
    assert "mishuzj" not in body and "第一责任人职责" in body
    meta = _meta(raw)
    assert (meta.agency, meta.province, meta.year) == ("湖北省人民政府", "湖北省", 2023)


def test_two_headings_after_sentence_ends_split_a_one_line_body():
    # d080, 兴宁市司法局: headings inline after a space, no subheadings in the excerpt
    line = (
        "2024年,在市委、市政府的坚强领导下,兴宁市司法局以习近平新时代中国特色社会主义思想为指导,"
        "为法治兴宁建设提供强有力的法治保障。 一、深入学习贯彻习近平总书记重要讲话重要指示精神,"
        "深入贯彻落实党的二十大精神 严格落实“第一议题”制度,在党组会及时传达学习贯彻。 "
        "二、深入学习贯彻习近平法治思想,履行党政主要负责人履行法治建设第一责任人职责 "
        "始终坚持将党员干部学法用法作为干部理论学习重点任务,严格执行党员干部学法制度。"
    )
    lines = split_run_on(line).split("\n")
    assert lines[1].startswith("一、深入学习贯彻习近平总书记重要讲话")
    assert any(x.startswith("二、深入学习贯彻习近平法治思想") for x in lines)


def test_a_lead_in_sentence_is_not_a_title_and_gives_agency_and_year():
    # d082, 庆隆镇: no title; the opening sentence names the town and the year
    meta = extract_metadata(
        "根据《法治政府建设实施纲要(2015-2020年)》《法治政府建设与责任落实督查工作规定》等要求,"
        "现将庆隆镇2020年度法治政府建设情况报告如下:\n一、上半年推进法治政府建设的主要举措和成效"
    )
    assert (meta.agency, meta.year, meta.level) == ("庆隆镇", 2020, "乡镇级")
    # d072: a cover letter to the district committee; the year only in 现将2025年…总结如下
    meta = extract_metadata(
        "城中区委全面依法治区委员会:\n在全面建设社会主义现代化国家新征程上,人民街街道办事处坚持以"
        "习近平法治思想为根本遵循,系统推进法治政府建设。现将2025年工作情况总结如下:\n"
        "一、全年工作完成情况"
    )
    assert (meta.agency, meta.year) == ("人民街街道办事处", 2025)


def test_autonomous_region_short_form_is_not_completed_by_a_guess():
    # d078: the table names 自治区教育厅; which region's, the table does not say
    meta = _meta(
        "| 索 引 号 | 主题分类 | 科技、教育 \\ 教育 | |\n"
        "| 发布机构 | 自治区教育厅 | 文 号 | |\n| 成文日期 | 2026-03-03 |\n"
        "2025年,自治区教育厅以习近平新时代中国特色社会主义思想为指导,全面贯彻党的二十大精神。"
    )
    assert meta.agency == "" and meta.level == "省级" and meta.date == "2026-03-03"


def test_adverbs_are_never_part_of_a_name():
    # d057: 局党委坚决落实第一议题 - 坚决 starts the predicate
    assert not naming.is_agency("局党委坚决")
    assert naming.opening_subject(
        "2022年以来,在市委、市政府的正确领导下,市应急管理局坚决落实第一议题制度"
    ) == ("市应急管理局")


def test_publisher_in_the_table_gives_way_to_the_reports_own_subject():
    # d073 (河源市公安局's report on the city portal, heyuan.gov.cn): a table naming the
    # portal's owner as 发布机构 is the publisher, not the author the opening names
    text = (
        "2025年,河源市公安局坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻落实党的二十大"
        "和二十届三中、四中全会精神。现将我局法治政府建设2025年度工作报告如下。\n"
        "一、2025年度推进法治政府建设的主要举措和成效"
    )
    meta = extract_metadata(text, {"agency": "河源市人民政府"})
    assert meta.agency == "河源市公安局" and meta.meta_source["agency"] == "opening"
    # d070: the same body in both (河东区汤头街道 / 汤头街道): the table's fuller name stays
    meta = extract_metadata(
        "2024年,汤头街道在区委、区政府的坚强领导下,紧密围绕区委中心工作大局。\n一、主要举措和成效",
        {"agency": "河东区汤头街道"},
    )
    assert meta.agency == "河东区汤头街道"


def test_autonomous_prefecture_short_name():
    # d033: 黔西南州人民政府 is 黔西南布依族苗族自治州's government
    region = gazetteer.region_of("黔西南州人民政府")
    assert (region.province, region.city, region.level) == (
        "贵州省",
        "黔西南布依族苗族自治州",
        "市级",
    )
    assert gazetteer.leading_places("恩施州卫生健康委") == ["恩施州"]


def test_a_party_committee_and_government_together_report_as_the_government():
    # d034: 云南省委、省政府 open their report on 法治政府建设 together
    meta = extract_metadata(
        "2023年,云南省委、省政府坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻落实党的"
        "二十大和二十届二中全会精神。\n一、主要举措和成效"
    )
    assert (meta.agency, meta.province, meta.level) == ("云南省人民政府", "云南省", "省级")


def test_a_district_speaking_as_我区_is_county_level():
    # d108, 营口市老边区's report published by its 区司法局: no agency, only 我区
    raw = (
        "关于2025年法治政府建设情况的报告\n\n来源:区司法局\n\n"
        "2025年是全面完成“十四五”规划目标任务、科学谋划“十五五”发展蓝图的承上启下之年。一年来,"
        "在区委的坚强领导和区人大及其常委会的有力监督下,我区坚持以习近平新时代中国特色社会主义"
        "思想为指导,统筹推进法治政府建设各项工作。\n\n一、2025年主要工作与成效\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.level, meta.year) == ("", "县区级", 2025)
    assert meta.meta_source["level"] == "opening"


def test_a_district_body_leading_全区_system_is_county_level():
    # d118, 涪陵区卫生健康委: the text starts with its first heading and says 我委, 全区…系统
    raw = (
        "一、2025年推进法治政府建设的主要举措和成效\n"
        "(一)全面学习贯彻党的二十大精神。及时在系统内进行传达学习,通过委党委会党委班子带头学、"
        "委理论学习中心组专题学,在系统内掀起学习热潮。进一步引导全区卫生健康系统广大干部职工"
        "坚定理想信念。\n"
        "(二)坚持把习近平法治思想纳入我委党委理论学习中心组学习的重要内容。\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.level) == ("", "县区级")


def test_an_autonomous_region_saying_全区_is_not_a_district():
    # d078 (内蒙古 自治区教育厅), its 全区 turned into a 我区 opening: 自治区 is named
    text = (
        "2025年,我区教育系统以习近平新时代中国特色社会主义思想为指导,紧紧围绕自治区党委"
        "“1571”工作部署,聚焦推进教育强区建设。"
    )
    assert selfref.scope_level(text) == ""
    assert selfref.scope_level(text.replace("自治区党委", "区委")) == "县区级"


def test_a_town_in_an_ambiguous_district_gets_no_region():
    # d070: 河东区 is a district of 临沂 and of 天津; the page says neither
    raw = (
        "索 引 号: | hedongquhd030801/2025-0000012 | 公开目录: | 法治政府建设 |\n"
        "成文日期: | 2025-02-14 | 发布日期: | 2025-02-14 |\n"
        "发布机构: | 河东区汤头街道 |\n"
        "2024年,汤头街道在区委、区政府的坚强领导下,紧密围绕区委中心工作大局,落实党政主要负责人"
        "履行法治建设第一责任人职责。现根据上级有关要求,将2024年度法治政府建设有关情况报告如下。\n"
        "一、主要举措和成效\n"
    )
    meta = _meta(raw)
    assert meta.agency == "河东区汤头街道" and meta.level == "乡镇级"
    assert (meta.region, meta.province, meta.county) == ("", "", "")


def test_a_name_the_writers_我局_denies_is_left_out():
    # d116's opening (紫金县农业农村局, 我局) under a portal naming the county government
    raw = (
        "索引号: | 123 | 发布机构: | 紫金县人民政府 |\n"
        "2024年,我局坚持以习近平法治思想为指导,认真贯彻党的二十大精神和中央全面依法治国工作会议"
        "精神,按照省市县有关依法行政、建设法治政府的决策部署,紧紧围绕《紫金县2024年全面依法治县"
        "工作要点》确定的目标任务。\n一、主要举措和成效\n"
    )
    assert _meta(raw).agency == ""
    assert _meta(raw.replace("紫金县人民政府", "紫金县农业农村局")).agency == "紫金县农业农村局"
    assert selfref.contradicts_self("紫金县人民政府", raw)
    assert not selfref.contradicts_self("紫金县农业农村局", raw)


def test_the_subject_after_purpose_clauses():
    # d164, 桃源县民政局: two clauses before the subject
    raw = (
        "为深入贯彻落实习近平法治思想,全面推进依法行政,桃源县民政局在市民政局和县委、县政府的"
        "正确领导下,立足民政职能,聚焦法治政府建设重点任务。现将2024年度法治政府建设工作情况报告如下:\n"
        "一、主要工作举措及成效\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.county, meta.level) == ("桃源县民政局", "桃源县", "县区级")
    # what a report follows (按照中办、国办《…》) is never its writer
    lead = "按照中办、国办《法治政府建设与责任落实督察工作规定》和省委依法治省办通知要求,现将长春市"
    assert naming.opening_subject(lead + "2021年度法治政府建设情况报告如下。") == ""


def test_a_party_committee_and_government_heading_the_title():
    # d149: the heading names both, the opening says 长春市委、市政府 (the same place)
    raw = (
        "中共长春市委 长春市人民政府\n关于2021年度法治政府建设情况的报告\n"
        "按照中办、国办《法治政府建设与责任落实督察工作规定》和省委依法治省办通知要求,现将长春市"
        "2021年度法治政府建设情况和2022年工作安排报告如下。\n"
        "一、2021年度法治政府建设基本情况\n"
        "2021年,在省委、省政府坚强领导下,长春市委、市政府坚持以习近平新时代中国特色社会主义思想"
        "为指导,全面学习贯彻习近平法治思想。\n"
    )
    meta = _meta(raw)
    assert meta.agency.replace(" ", "") == "中共长春市委长春市人民政府"
    assert (meta.province, meta.city, meta.level) == ("吉林省", "长春市", "市级")


def test_a_joint_subject_whose_place_is_unknown_names_no_one():
    # d153: 巴州 is 巴音郭楞蒙古自治州 to its readers, not to the gazetteer
    raw = (
        "2023年,巴州党委、政府坚持以习近平新时代中国特色社会主义思想为指导,深入贯彻习近平法治思想,"
        "认真落实党中央、国务院关于深入推进依法行政、全面建设法治政府重大决策部署。现就法治政府"
        "建设工作报告如下:\n一、主要做法\n"
    )
    assert _meta(raw).agency == ""


def test_a_town_named_above_the_title_and_in_the_opening_is_one_body():
    # d131: 仁和镇人民政府 / 关于2024年度…的报告 / 2024年,仁和镇在上级党委、政府…
    raw = (
        "仁和镇人民政府\n关于2024年度法治政府建设工作的报告\n"
        "2024年,仁和镇在上级党委、政府的坚强领导下,深入学习贯彻习近平法治思想,认真落实法治政府建设"
        "各项决策部署。现将仁和镇2024年度法治政府建设工作情况报告如下:\n"
        "一、2024年度推进法治政府建设的主要措施和成效\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.level, meta.year) == ("仁和镇人民政府", "乡镇级", 2024)


def test_the_writer_named_by_a_document_it_issued():
    # d174 (天津市文化和旅游局, 我局) and d137 (龙岩市永定区卫生健康局, 我局)
    raw = (
        "2023年是全面贯彻落实党的二十大精神的开局之年。我局坚持以习近平新时代中国特色社会主义思想"
        "为指导,大力推进依法行政和法治政府建设,取得积极成效。现将有关情况报告如下:\n"
        "一、2023年推进法治建设的主要举措和成效\n(一)依法全面履行政府职能\n"
        "一是不断推进权责清单动态调整制度。我局高度重视权责清单动态调整工作,制定并印发《天津市"
        "文化和旅游局关于建立权责清单动态管理工作机制的实施意见》,建立我局权责清单管理联席会议制度。\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.province, meta.level) == ("天津市文化和旅游局", "天津市", "省级")
    text = (
        "2025年,在区委、区政府的坚强领导下,我局坚持以习近平新时代中国特色社会主义思想为指导。"
        "年内召开党组会议4次专题研究法治建设重点工作,审议并通过了《龙岩市永定区卫生健康局参与"
        "全国法治政府建设示范创建活动实施方案》等文件。"
    )
    assert selfref.own_document_issuer(text) == "龙岩市永定区卫生健康局"
    # a document it follows is its superior's; and with no 我局 nothing is read
    assert selfref.own_document_issuer(text.replace("审议并通过了", "按照")) == ""
    assert selfref.own_document_issuer(text.replace("我局", "本单位")) == ""


def test_a_list_table_with_a_remark_number_and_a_document_date():
    # d129, 古镛镇: - 备注/文号: … / - 公文生成日期: …
    raw = (
        "\n- 索 引 号: sm09901-1800-2025-00003\n- 备注/文号: 将镛委〔2025〕5号\n"
        "- 发布机构: 古镛镇人民政府\n- 公文生成日期: 2025-02-07\n"
        "中共将乐县委员会,将乐县人民政府:\n"
        "2024年,古镛镇法治政府建设工作在县委、县政府的有力指导下,围绕年度法治政府建设工作要点。"
        "现将古镛镇2024年法治建设工作情况及2025年度工作思路总结如下:\n"
        "一、2024年度推进法治政府建设的主要举措和成效\n"
    )
    meta = _meta(raw)
    assert (meta.date, meta.doc_number) == ("2025-02-07", "将镛委〔2025〕5号")
    assert (meta.agency, meta.year) == ("古镛镇人民政府", 2024)


def test_the_year_of_现对_sentence_and_a_county_speaking_as_我县():
    # d122: 现对2023年所做工作总结如下; d162 (兴国县): 2022年,我县坚持…
    raw = (
        "根据中共中央《全面深化法治领域改革纲要(2023—2027年)》提出“实行法治建设年度报告制度”,"
        "2023年,清波街道以深入学习贯彻习近平法治思想为核心,全面深入开展法治政府建设。"
        "现对2023年所做工作总结如下:\n一、推进法治建设的主要举措和突出成效\n"
    )
    assert _meta(raw).year == 2023
    raw = (
        "2022年,我县坚持以习近平新时代中国特色社会主义思想为指导,认真落实习近平法治思想,不断推进"
        "法治政府建设。现将有关工作情况报告如下。\n一、统筹法治政府建设,全面推进依法治县进程\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.level) == ("", "县区级")
    assert selfref.scope_level(raw.replace("不断推进", "全市推进")) == ""


# Rules written from heldout5's first scoring (devset/README.md), each on a real excerpt.


def test_a_party_committee_and_government_joined_by_和():
    # d226: 宁夏回族自治区党委和政府 is the region's government, not a body of that name
    raw = (
        "2022年,宁夏回族自治区党委和政府全面学习贯彻党的二十大精神,深入学习贯彻习近平法治思想,"
        "持续推进法治政府建设。现将有关情况报告如下:\n"
        "一、以习近平法治思想为指引,党对法治政府建设的领导全面加强\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.province, meta.level) == (
        "宁夏回族自治区人民政府",
        "宁夏回族自治区",
        "省级",
    )


def test_an_autonomous_county_by_its_short_name_and_no_county_inside_a_word():
    # d211: 发布机构 肃南县林草局 is 肃南裕固族自治县's, never 湖南 益阳's 南县
    assert [d.name for d in gazetteer.lookup("肃南县")] == ["肃南裕固族自治县"]
    assert naming.from_place("肃南县林草局") == "肃南县林草局"
    assert naming.from_place("国家税务总局宁波市税务局") == "宁波市税务局"
    raw = (
        "| 索引号 | 620721125/2026-00002 | 发文字号 | 肃林草发〔2026〕6号 |\n|---|---|---|---|\n"
        "| 关键词 | 发布机构 | 肃南县林草局 | |\n| 生成日期 | 2026-01-16 18:00:00 | 是否有效 |\n"
        "2025年,我局法治政府建设坚持以习近平新时代中国特色社会主义思想为指导。现报告如下:\n"
        "一、2025年法治政府建设的主要举措和成效\n"
    )
    meta = _meta(raw)
    assert (meta.province, meta.city, meta.county) == ("甘肃省", "张掖市", "肃南裕固族自治县")
    assert (meta.date, meta.doc_number) == ("2026-01-16", "肃林草发〔2026〕6号")


def test_a_town_speaking_as_我乡_is_town_level():
    # d185: 我乡积极作为… and no name: 乡镇级, agency unknown
    raw = (
        "2024年,得益于县委、县政府的坚强领导,我乡积极作为,勇于探索,致力于法治政府的深入构建。"
        "现将我乡2024年度法治政府建设的具体情况汇报如下:\n"
        "一、上一年度推进法治政府建设的主要举措和成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("", "乡镇级")


def test_a_county_short_form_completed_by_the_one_county_named_twice():
    # d183: 县司法局 in a text naming 蒙城县 twice (and 亳州市, a city)
    raw = (
        "2023年以来,县司法局在县委、县政府的坚强领导下,始终坚持以习近平法治思想为指引,法治政府建设"
        "取得骄人成绩。“蒙城县‘5+N’矛盾化解会商机制”被命名为“安徽省第二批法治政府建设示范项目”"
        "并入选亳州市“十大法治事件”。\n一、2023年度法治政府建设的主要举措和成效\n"
        "起草《蒙城县推进法治政府建设率先突破三年行动计划(2022-2024年)》。\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.province, meta.city, meta.county) == (
        "蒙城县司法局",
        "安徽省",
        "亳州市",
        "蒙城县",
    )
    # d209: 区政府 stays unstated, as the labels of d074 and d159 read it
    assert naming.complete("区政府", "成立铜梁区宣讲团,制定《铜梁区促进…措施》") == "区政府"


def test_a_district_branch_of_a_city_bureau():
    # d176: 广州市公安局增城区分局 is in 增城区, a county-level body
    raw = (
        "广州市公安局增城区分局关于2024年度法治政府建设情况的报告\n"
        "2024年,我分局在市局党委和区委、区政府的正确领导下,扎实推进法治政府建设。"
        "现将我分局2024年法治政府建设工作情况报告如下:\n一、2024年主要工作措施和成效\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.county, meta.level) == ("广州市公安局增城区分局", "增城区", "县区级")


def test_the_year_it_sums_up_a_header_date_and_an_unnumbered_part_line():
    # d204: 梳理总结2025年度法治政府建设情况; d222: (2024年1月31日) under the agency;
    # d218: 主要工作举措及成效 on a line of its own
    raw = (
        "根据《法治政府建设与责任落实督察工作规定》要求,区财政局认真梳理总结2025年度法治政府建设"
        "情况,现报告如下。\n一、推进法治政府建设的主要举措和成效\n"
    )
    assert _meta(raw).year == 2025
    raw = (
        "湖南省农业农村厅2023年法治政府建设年度报告\n2023年法治政府建设年度报告\n湖南省农业农村厅\n"
        "(2024年1月31日)\n2023年,我厅深入学习贯彻习近平法治思想,扎实推进法治政府建设。\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.date, meta.meta_source["date"]) == (
        "湖南省农业农村厅",
        "2024-01-31",
        "header",
    )
    doc = prepare_text(
        "吴川市教育局2020年法治政府建设工作情况报告\n一年来,我局高度重视法治政府建设工作。\n"
        "主要工作举措及成效\n一、全面落实主要负责人履行第一责任人职责\n2020年,我局党组书记认真落实。\n",
        analyze=False,
    )
    assert [(s.heading, s.part) for s in doc.sections] == [
        ("主要工作举措及成效", "主要举措和成效"),
        ("一、全面落实主要负责人履行第一责任人职责", "第一责任人职责"),
    ]


def test_the_writer_by_its_amended_rules_its_address_and_a_framed_year():
    # d203: 我局对原《东莞市财政局…办法》作了…修改; d192: 市人社局…(地址:天津市和平区…);
    # d224: 2024年是…之年。西兴街道始终坚持…
    raw = (
        "2020年,我局坚持以习近平新时代中国特色社会主义思想为指引,全面推进法治建设、依法理财。"
        "现将我局法治财政建设工作情况报告如下:\n一、2020年法治财政建设各项工作落实情况\n"
        "随着国务院《重大行政决策程序暂行条例》的颁布实施,我局对原《东莞市财政局重大行政决策风险"
        "评估管理办法》作了六个方面的修改并已正式印发实施。\n"
    )
    assert (_meta(raw).agency, _meta(raw).city) == ("东莞市财政局", "东莞市")
    raw = (
        "根据《法治政府建设实施纲要(2021—2025年)》和市委、市政府相关文件要求,现将市人社局2021年"
        "法治政府建设情况报告予以公开。\n如对本报告有任何疑问,请与市人社局法规处联系(地址:天津市和平区"
        "建设路18号;邮编:300040)\n一、工作开展情况\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("天津市人社局", "省级")
    raw = (
        "2024年是全面贯彻落实党的二十大精神的关键之年,也是西兴街道高质量发展的重要之年。西兴街道始终"
        "坚持以习近平新时代中国特色社会主义思想为指导,全力推进法治政府建设。现将2024年工作开展情况"
        "报告如下:\n一、2024年推进法治政府建设的主要举措和突出成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("西兴街道", "乡镇级")


def test_information_table_keys_and_search_box_words_are_never_a_name():
    # d252: an information table written one row a line, with no colon (发布单位 … 来源 …)
    raw = (
        "索引号 430S00/2023-018790 文号\n发布单位 湖南省交通运输厅 来源 厅法制处\n"
        "公开日期 2023-03-01 08:11 公开方式 主动公开\n公开时限 长期公开 统一登记号\n\n"
        "湖南省交通运输厅\n\n关于2022年度法治政府部门建设工作情况的报告\n\n"
        "2022年,在省委、省政府和交通运输部的坚强领导下,我厅以习近平新时代中国特色社会主义思想为"
        "指导,深入学习贯彻落实党的二十大精神。\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("湖南省交通运输厅", "省级")
    assert not naming.is_agency("发布单位湖南省交通运输厅来源厅法制处")
    # d289: a search box's words (匹配度 / 排序) run into the title's town
    raw = (
        "Document\n\n搜索位置\n匹配度\n排序\n\n寺庄镇2024年法治政府建设工作情况的报告\n\n"
        "2024年寺庄镇始终围绕全镇经济社会发展实际,以习近平法治思想为指导,切实抓好法治政府"
        "建设各项工作。\n"
    )
    assert "匹配度" not in _meta(raw).agency and "排序" not in _meta(raw).agency
    assert not naming.is_agency("匹配度排序寺庄镇")


def test_a_bare_bureau_with_no_place_is_left_empty():
    # d292: 县委、县政府: / 2024年以来,教育局坚持…: which county's 教育局 the text never says
    raw = (
        "县委、县政府:\n2024年以来,教育局坚持以习近平法治思想为指引,扎实推进法治政府建设相关工作,"
        "取得了新进展、新成效。\n一、2024年度推进法治政府建设的主要举措和成效\n"
        "1.高擎思想旗帜,提高法治意识。全县教育系统认真学习贯彻党的二十大精神。\n"
    )
    assert _meta(raw).agency == ""
    assert naming.is_bare("教育局") and not naming.is_bare("宜兴市教育局")


def test_a_title_under_a_breadcrumb_and_a_second_指导下_clause():
    # d281: the site's breadcrumb ends in its section's name; the title (split by a space) below
    raw = (
        "市司法局\n\n网站首页 政府信息公开 互动交流\n市司法局>专题专栏>法治政府建设工作情况报告\n"
        "宜兴市人民政府2024年法治政府建设 情况报告\n\n"
        "2024年,宜兴市坚持以习近平新时代中国特色社会主义思想为指导,全面推进依法行政。\n"
        "一、政府职能依法全面履行\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("宜兴市人民政府", "县区级")
    # d273: 在市委…领导下,省农业农村厅的正确指导下,六安市农业农村局…
    raw = (
        "2021年,在市委、市政府的坚强领导下,省农业农村厅的正确指导下,六安市农业农村局全面贯彻落实"
        "法治政府建设各项工作要求,不断强化法治建设第一责任人职责。\n"
        "一、2021年度推进法治政府建设的主要举措和成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).city) == ("六安市农业农村局", "六安市")


def test_heldout6_forms_titles_under_chrome_pinyin_debris_and_own_documents():
    # d278: the page's <title> and the site name run into the title
    raw = (
        "长沙市政府门户网站-长沙市2023年法治政府建设情况报告_网站\n首页 > 市政府 > 通知公告\n\n"
        "长沙市2023年法治政府建设情况报告\n\n2023年,在省委、省人民政府的坚强领导下,我市以新时代"
        "中国特色社会主义思想为指导,全面贯彻党的二十大精神。\n一、加强组织保障\n"
    )
    assert (_meta(raw).agency, _meta(raw).title) == (
        "长沙市人民政府",
        "长沙市2023年法治政府建设情况报告",
    )
    # d272: a navigation line joined onto the title
    raw = (
        "首   页 走进汉台 新闻中心 政府信息公开 政务服务 互动交流 专题专栏\n\n"
        "汉中市汉台区七里街道办事处2021年度法治政府建设工作报告\n\n一、主要工作情况\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("汉中市汉台区七里街道办事处", "乡镇级")
    # d296: a converter's pinyin in brackets (會(huì), 報(bào)) is debris, in text and name
    raw = (
        "墊江縣教育委員會(huì)2024年法治政府建設(shè)情況報(bào)告\n"
        "墊江縣教委堅(jiān)持以習(xí)近平新時(shí)代中國(guó)特色社會(huì)主義思想為指導(dǎo)。\n"
    )
    text, _ = clean_report(raw)
    assert "(huì)" not in text and text.startswith("墊江縣教育委員會2024年")
    assert (_meta(raw).agency, _meta(raw).year) == ("墊江縣教育委員會", 2024)
    assert clean_report("标准(GB/T 9704)与附件(a)")[0] == "标准(GB/T 9704)与附件(a)"
    # d261: 县委、县政府 naming itself only in the documents it issued
    raw = (
        "中共红河州委、红河州人民政府:\n2025年,县委、县政府坚持以习近平新时代中国特色社会主义思想"
        "为指导,扎实推进法治政府建设,现将工作开展情况报告如下。\n一、主要做法和成效\n"
        "(一)加强法治政府建设工作领导。县委、县政府高度重视法治建设工作。印发《金平县党政主要负责人"
        "履行推进法治建设第一责任人职责实施办法》等文件。\n"
    )
    assert (_meta(raw).agency, _meta(raw).county) == ("金平县人民政府", "金平苗族瑶族傣族自治县")
    # d074's form (区政府 alone) stays unstated, as the earlier labels read it
    assert (
        selfref.own_government("区政府", "区政府坚持…。制定《朔城区领导干部应知应会…汇编》") == ""
    )
    # d285: the day it was delivered is not the year covered
    raw = (
        "(2025年4月29日在杭州市第十四届人民代表大会常务委员会第十七次会议上)\n杭州市人民政府\n"
        "主任、副主任、秘书长、各位委员:\n2023年,杭州市坚持以习近平新时代中国特色社会主义思想为"
        "指导,加快推进法治政府建设。\n一、主要举措和成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).year) == ("杭州市人民政府", 2023)
    # d268: an unnamed 街道 as the subject is a town-level body, whatever county it cites
    raw = (
        "为进一步加强法治政府建设,2021年来,街道按照《奉节县法治政府建设实施方案》的要求,以创建全县"
        "法治文明辖区为统领,全力推进法治化政府建设。\n一、2021年度推进法治政府建设的主要举措和成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("", "乡镇级")
    # d275: 一,、 (a doubled comma in a converted page) is a top heading
    sections = prepare_text(
        "瀘州市人民政府2022年度法治政府建設工作報告\n一,、法治建設第一責任人履職情況\n"
        "(一)深入學,把握要義固根本。堅持把學習貫徹習近平法治思想作為首要政治任務。\n",
        analyze=False,
    ).sections
    assert any(s.heading.startswith("一,、") and s.part == "第一责任人职责" for s in sections)


def test_heldout7_forms():
    # d307: a county whose name starts with 全 is a place, not 全县's scope
    raw = (
        "2022年全南县自然资源局在县委、县政府的正确领导下,按照《全南县法治政府建设实施方案"
        "(2022—2025年)》的要求,全面推进依法行政。\n一、主要举措和成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).county) == ("全南县自然资源局", "全南县")
    # d330: the line above the title and the opening name one county in two forms
    raw = (
        "焉耆回族自治县人民政府\n2022年度法治政府建设工作报告\n2022年以来,焉耆县坚持以习近平"
        "新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想。\n一、任务进展及成效\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("焉耆回族自治县人民政府", "县区级")
    # d304: title, its own number and the salutation on one line (traditional page)
    raw = (
        "湘潭縣自然資源局2025年度法治政府建設工作報告(潭縣自然資字〔2025〕79號)縣委、縣人民政府:\n"
        "根據中共中央辦公廳、國務院辦公廳《法治政府建設與責任落實督察工作規定》要求,現將有關情況報告如下:\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.year, meta.doc_number) == (
        "湘潭縣自然資源局",
        2025,
        "潭縣自然資字〔2025〕79號",
    )
    # d316: 认真梳理2022年法治建设工作 names the year covered
    raw = (
        "根据市委依法治市办《关于做好2022年法治建设总结报告的通知》文件要求,结合我局工作实际,"
        "认真梳理2022年法治建设工作。现将有关情况报告如下:\n一、工作完成情况\n"
    )
    assert _meta(raw).year == 2022
    # d346: a name's (简称…) is not part of it
    raw = (
        "2025年天津经济技术开发区法治政府建设情况报告\n2025年,天津经济技术开发区管理委员会(简称经开区"
        "管委会)坚持以习近平新时代中国特色社会主义思想为指导。\n"
    )
    assert _meta(raw).agency == "天津经济技术开发区管理委员会"
    # d354: 全市各级行政机关 and the city's own 印发《景德镇市…》: the city's government
    raw = (
        "2023年,在省委、省政府和市委坚强领导下,全市各级行政机关坚持以习近平新时代中国特色社会主义"
        "思想为指导,深学笃用习近平法治思想。\n一、2023年法治政府建设主要工作及成效\n"
        "1.精心谋划法治建设工作。印发《景德镇市贯彻落实〈关于进一步加强市县法治建设的意见〉"
        "实施方案》。\n"
    )
    assert (_meta(raw).agency, _meta(raw).city) == ("景德镇市人民政府", "景德镇市")
    # d358: a title without 报告 under a site's line naming another place
    raw = (
        "福州市\n福建省2021年度法治政府建设情况\n2022-03-30 15:59\n\n"
        "2021年,我省各级政府及其部门坚持以习近平新时代中国特色社会主义思想为指导。\n"
    )
    assert (_meta(raw).agency, _meta(raw).level) == ("福建省人民政府", "省级")


def test_the_one_full_name_near_the_top_is_the_last_resort():
    from search import namecollect
    from search.fold import fold
    from search.hanzi import simplified

    # d304's head line, a form no rule was written for: the one full name in it
    line = "湘潭縣自然資源局2025年度法治政府建設工作報告(潭縣自然資字〔2025〕79號)縣委、縣人民政府:"
    assert namecollect.only_name([simplified(fold(line))]) == "湘潭县自然资源局"
    # d019 (广州市人社局, 我局): two district bodies praised in the opening compete: nothing
    opening = (
        "2023年,在市委、市政府的正确领导下,在省人力资源和社会保障厅的关心指导下,我局坚持以习近平"
        "新时代中国特色社会主义思想为指导。积极支持各区人社部门创先争优,海珠区人社局获评“全国人力"
        "资源社会保障系统先进集体”,黄埔区人社局获评“全国法治人社建设优秀单位”。"
    )
    assert namecollect.only_name([opening]) == ""
    # a superior in a leadership clause is never the writer
    assert namecollect.only_name(["2023年,在广州市人民政府的坚强领导下,我局坚持依法行政。"]) == ""


def test_a_development_zone_lies_in_the_city_its_short_name_names():
    # d310: 武汉经开区统计局; d346: 天津经济技术开发区管理委员会
    raw = (
        "武汉经开区统计局关于2025年度法治政府建设情况的报告\n中共武汉经开区工委:\n"
        "今年以来,在工委、管委会的坚强领导下,区统计局坚持以习近平新时代中国特色社会主义思想为指导。\n"
    )
    meta = _meta(raw)
    assert (meta.agency, meta.province, meta.city) == ("武汉经开区统计局", "湖北省", "武汉市")
    assert naming.zone_city("天津经济技术开发区管理委员会") == "天津市"
    assert naming.zone_city("江门市江海区卫生健康局") == ""
