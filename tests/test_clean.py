"""clean_text on the real seed reports, on corpus text and on generated messy text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.clean import clean_text
from search.fold import expand

from .conftest import SAMPLES, corpus_files

SEEDS = sorted(Path(SAMPLES).glob("*.txt"))
_NOT_HAN = re.compile(
    r"[^\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)


def han(s: str) -> str:
    """The Han characters of ``s`` in order, after NFKC (which maps the radical ⼀ to 一)."""
    return _NOT_HAN.sub("", unicodedata.normalize("NFKC", s))


def seed(prefix: str) -> str:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    return clean_text(path.read_text(encoding="utf-8"))


def paragraphs(prefix: str) -> list[str]:
    return seed(prefix).split("\n")


def assert_well_formed(out: str) -> None:
    assert expand(out) == out  # list markers written out, everything else as written
    for p in out.split("\n") if out else []:
        assert p, "blank line"
        assert p == p.strip(), repr(p)


def test_five_seeds_are_bundled() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_keeps_every_han_character_in_order(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    out = clean_text(raw)
    assert han(out) == han(raw)
    assert_well_formed(out)
    for artifact in ("**", "#", "[bookmark", "---", "\r", "  "):
        assert artifact not in out
    # the report's own punctuation is kept: every full-width mark of the raw text is shown
    for mark in "，：；（）":
        assert out.count(mark) == raw.count(mark), mark
    assert not re.search(r"\d [\u4e00-\u9fff]|[\u4e00-\u9fff] [\u4e00-\u9fff\d]", out)


def test_seed_000_headings_and_wrapped_numbers() -> None:
    p = paragraphs("000")
    assert p[:3] == ["解放区卫健委", "2022年度法治政府建设情况报告", p[2]]
    assert p[2].startswith("2022年，在区委、区政府正确领导下，解放区卫健委深入贯彻落实")
    assert p[2].endswith("现将全区卫生健康法治建设工作情况总结如下：")
    assert "一、2022年度法治政府建设情况" in p
    # a heading wrapped over two lines is one paragraph; the 一是 after it starts the body
    assert "三、履行推进法治建设第一责任人职责，加强法治政府建设的有关情况" in p
    assert any(x.startswith("一是建立领导班子学法制度。") for x in p)
    text = "\n".join(p)
    assert "行政执法决定，2022年共审查行政执法案件16份。" in text  # "2022⏎年", "案件 16份"
    assert "位的 LED 显示屏" in text  # Latin words keep their spaces
    assert "1.加强组织领导。一是及时调整" in text


def test_seed_001_bookmark_and_short_headings() -> None:
    p = paragraphs("001")
    assert p[:2] == ["市中区卫生健康局", "2022年度法治政府建设情况报告"]
    assert p[2].startswith("2022年，在区委、区政府正确领导下")
    assert "四、存在问题" in p and "五、改进措施" in p
    assert p[-1].startswith("下一步，区卫健局将以此次述法工作为契机")


def test_seed_002_heading_continued_by_body_and_word_split_across_blank_lines() -> None:
    p = paragraphs("002")
    assert p[:2] == ["韶关市武江区卫生健康局", "武江区卫生健康局2022年法治政府建设年度报告"]
    assert p[3].startswith(
        "一、深入学习贯彻党的二十大精神，深刻领会新时代推进法治中国建设战略部署的情况。"
        "党的二十大召开后"
    )
    text = "\n".join(p)
    assert "武江卫生事业发展新篇章。区卫健系统将学习宣传贯彻" in text
    assert "三、2022年度党政主要负责人履行推进法治建设第一责任人职责" in text
    assert "（二）下一年度推进法治政府建设的主要安排" in p
    assert "检查 and 治疗" in text
    assert p[-2:] == ["韶关市武江区卫生健康局", "2022年11月18日"]


def test_seed_003_markdown_header_and_footer_lines_stay_apart() -> None:
    p = paragraphs("003")
    assert p[:4] == [
        "新县卫生健康委员会文件",
        "新卫〔2022〕12号",
        "签发人：吴君锋",
        "新县卫生健康委员会关于2021年法治政府建设工作情况的报告",
    ]
    assert p[-4:] == [
        "新县卫生健康委员会",
        "2022年2月25日",
        "新县卫生健康委员会办公室",
        "2022年2月25日印发",
    ]
    assert "二、工作中存在的短板" in p
    text = "\n".join(p)
    assert "（六）重视行政执法人员管理。所有行政执法人员均持证上岗。新增" in text
    assert "一是依托12345县长公开电话和卫健委办公室监督举报电话2984515，" in text


def test_seed_004_title_split_over_two_lines_and_signature() -> None:
    p = paragraphs("004")
    assert p[0] == "区卫生健康局2021年法治政府建设工作情况报告"
    assert p[1].startswith("2021年以来，区卫生健康局深入学习贯彻习近平新时代中国特色社会主义思想")
    assert p[-2:] == ["江门市江海区卫生健康局", "2021年12月10日"]
    text = "\n".join(p)
    assert "\n（三）加大卫生执法监督力度。" in text  # "（三 ）" with a stray space
    assert "建立健全“双随机、一公开”监管机制" in text
    assert "（江海卫﹝2021﹞11号）" in text  # ﹝﹞ as written, "11 号" closed up
    assert "六、存在问题及下一步工作思路" in p


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        (" \n\n\t\n", ""),
        ("２０２２ 年，共 16 份。", "２０２２年，共16份。"),
        ("第一行\r\n第二行。\r第三行。", "第一行\n第二行。\n第三行。"),
        ("hello world and more", "hello world and more"),
        ("法\u3000治\u200b政府", "法治政府"),
        ("第一页。\f第二页。\v换行。\u2028分隔。", "第一页。\n第二页。\n换行。\n分隔。"),
        ("①加强组织领导；②完善制度。", "(1)加强组织领导；(2)完善制度。"),
        ("正文。\n- 3 -\n下一段。", "正文。\n下一段。"),
        ("# 标题\n\n---\n\n正文。  \n", "标题\n正文。"),
        ("[bookmark: _GoBack]正文。", "正文。"),
        ("一、总体情况\n正文在这里。", "一、总体情况\n正文在这里。"),
        ("工作要求：\n一是加强。", "工作要求：\n一是加强。"),
        ("（一）总体情况\n正文。", "（一）总体情况\n正文。"),
        ("标题", "标题"),  # an information table's key alone is not a table
        ("文号\n正文。", "文号\n正文。"),
    ],
)
def test_small_inputs(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_wrapped_lines_join_and_short_lines_end_paragraphs() -> None:
    line = "这是一行排满了二十八个字的公文正文内容用于测试换行拼接是否正"
    raw = f"{line}\n\n 确无误。\n二、存在的不足和原因\n区卫健委在法治建设方面取得进展"
    out = clean_text(raw).split("\n")
    assert out == [line + "确无误。", "二、存在的不足和原因", "区卫健委在法治建设方面取得进展"]


def test_latin_words_wrapped_at_line_end_keep_a_space() -> None:
    line = "在全区推广使用新版的政务服务系统并要求各单位登录使用 Internet"
    assert clean_text(f"{line}\nExplorer 浏览器访问。") == f"{line} Explorer 浏览器访问。"


def test_law_header_lines_stay_apart() -> None:
    raw = (
        "某某条例\n\n2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过\n\n"
        "2020年5月14日 上海市第十五届人民代表大会常务委员会第二十一次会议修正\n\n"
        "第一章  总则\n\n第一条 为了规范管理，制定本条例。"
    )
    assert clean_text(raw).split("\n") == [
        "某某条例",
        "2011年11月17日上海市第十三届人民代表大会常务委员会第三十次会议通过",
        "2020年5月14日上海市第十五届人民代表大会常务委员会第二十一次会议修正",
        "第一章总则",
        "第一条为了规范管理，制定本条例。",
    ]


def test_corpus_texts_keep_every_han_character() -> None:
    for path in corpus_files(300):
        raw = path.read_text(encoding="utf-8")
        out = clean_text(raw)
        assert han(out) == han(raw), path
        assert_well_formed(out)


# Pieces of the artifacts seen in the seeds (joined by |), mixed with arbitrary text.
_PIECE_TEXT = (
    "法治政府|建设|卫生健康局|一、|（二）|1.|(3)|第一章|。|，|：|；|！|？|、|“|”|"
    "2022| 年|２０２１|\n|\n\n| |\u3000|\v|\u2028|\x85|**|# |---\n|[bookmark: _GoBack]|  \n|LED|"
    "and|①|\r\n|\f|\t|﹝|〔|号|- 3 -\n|一是|报告|\x01|\x02|⼀|か|\u3099|e|\u0301|"
    "2021年 12月 10日\n|新卫〔2022〕12号"
)
_PIECES = st.sampled_from(_PIECE_TEXT.split("|"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=60).map("".join))
def test_generated_messy_text(raw: str) -> None:
    # Page chrome (a breadcrumb such as >法治政府>) is dropped by design and tested on real
    # page excerpts in test_report_forms; here the cleaning itself must lose nothing.
    out = clean_text(raw, chrome=False)
    assert han(out) == han(raw)
    assert_well_formed(out)
