"""extract_metadata on the cleaned seeds, on small constructed texts and on the corpus."""

from __future__ import annotations

import csv
import dataclasses
import datetime
from pathlib import Path

import pytest

from search.clean import clean_text
from search.metadata import extract_metadata
from search.model import META_SOURCES, Metadata

from .conftest import CORPUS, SAMPLES, corpus_files

# What each seed must yield. 000 and 001 carry no date at all (checked by reading them).
EXPECTED = {
    "000": Metadata(
        title="2022年度法治政府建设情况报告",
        # The heading is all the text names; it never writes 卫生健康委员会, so the
        # abbreviation stays as written (see test_abbreviation_expanded_only_when_written).
        agency="解放区卫健委",
        region="河南省焦作市解放区",
        province="河南省",
        city="焦作市",
        county="解放区",
        level="县区级",
        year=2022,
        date="",
        doc_number="",
    ),
    "001": Metadata(
        title="2022年度法治政府建设情况报告",
        agency="市中区卫生健康局",
        # 市中区 is in 济南, 枣庄, 乐山 and 内江, and the text names none of them
        region="市中区",
        county="市中区",
        level="县区级",
        year=2022,
    ),
    "002": Metadata(
        title="武江区卫生健康局2022年法治政府建设年度报告",
        agency="韶关市武江区卫生健康局",
        region="广东省韶关市武江区",
        province="广东省",
        city="韶关市",
        county="武江区",
        level="县区级",
        year=2022,
        date="2022-11-18",
    ),
    "003": Metadata(
        title="新县卫生健康委员会关于2021年法治政府建设工作情况的报告",
        agency="新县卫生健康委员会",  # the signature, not the 办公室 printing line
        region="河南省信阳市新县",
        province="河南省",
        city="信阳市",
        county="新县",
        level="县区级",
        year=2021,  # the year reported on, though issued in 2022
        date="2022-02-25",
        doc_number="新卫〔2022〕12号",
    ),
    "004": Metadata(
        title="区卫生健康局2021年法治政府建设工作情况报告",
        agency="江门市江海区卫生健康局",  # the signature beats the heading 区卫生健康局
        region="广东省江门市江海区",
        province="广东省",
        city="江门市",
        county="江海区",
        level="县区级",
        year=2021,
        date="2021-12-10",
    ),
}


def meta(text: str) -> Metadata:
    return extract_metadata(clean_text(text))


# Where each seed's agency and year were read.
SOURCES = {
    "000": ("header", "title"),
    "001": ("header", "title"),
    "002": ("signature", "title"),
    "003": ("signature", "title"),
    "004": ("signature", "title"),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_metadata(prefix: str) -> None:
    path = next(p for p in Path(SAMPLES).glob("*.txt") if p.name.startswith(prefix))
    got = meta(path.read_text(encoding="utf-8"))
    assert dataclasses.replace(got, meta_source={}) == EXPECTED[prefix]
    assert (got.meta_source["agency"], got.meta_source["year"]) == SOURCES[prefix]
    # every field read has its source, and only those
    fields = dataclasses.asdict(got)
    filled = {k for k, v in fields.items() if v and k not in ("meta_source", "url")}
    assert set(got.meta_source) == filled
    assert set(got.meta_source.values()) <= set(META_SOURCES)


BODY = "2021年,我局认真贯彻落实各项工作部署,取得了明显成效。\n一、主要举措和成效\n正文内容。"


def test_header_agency_when_there_is_no_signature() -> None:
    m = meta(f"某某县人民政府文件\n某政〔2022〕3号\n关于2021年法治政府建设情况的报告\n{BODY}")
    assert (m.agency, m.doc_number, m.year) == ("某某县人民政府", "某政〔2022〕3号", 2021)


@pytest.mark.parametrize("number", ["新卫[2022]12号", "新卫(2022)12号", "新卫【2022】12号"])
def test_doc_number_bracket_variants(number: str) -> None:
    assert meta(f"新县卫生健康委员会文件\n{number}\n{BODY}").doc_number == number


def test_doc_number_only_near_the_top() -> None:
    assert meta(f"某局\n报告\n{BODY}\n依据(江海府办函〔2020〕64号)执行。").doc_number == ""


def test_signature_on_one_line_and_chinese_numeral_date() -> None:
    m = meta(f"工作报告\n{BODY}\n信阳市卫生健康委员会  二〇二二年二月二十五日")
    assert (m.agency, m.date, m.level, m.region) == (
        "信阳市卫生健康委员会",
        "2022-02-25",
        "市级",
        "河南省信阳市",
    )


def test_signature_above_distribution_lines() -> None:
    m = meta(
        f"工作报告\n{BODY}\n新县卫生健康委员会\n2022年3月1日\n"
        "抄送:县委办公室,县人大常委会办公室,县政府办公室,县政协办公室,县纪委监委,县委依法治县办。\n"
        "新县卫生健康委员会办公室 2022年3月2日印发"
    )
    assert (m.agency, m.date) == ("新县卫生健康委员会", "2022-03-01")


def test_printing_date_when_nothing_else_is_dated() -> None:
    m = meta(f"工作报告\n{BODY}\n某县司法局办公室\n2022年3月2日印发")
    assert (m.date, m.agency) == ("2022-03-02", "")


def test_year_from_the_date_when_title_and_opening_have_none() -> None:
    body = "一年来,我局认真贯彻落实各项工作部署。"
    assert meta(f"法治政府建设工作报告\n{body}\n某县司法局\n2022年2月10日").year == 2021
    assert meta(f"法治政府建设工作报告\n{body}\n某县司法局\n2022年12月10日").year == 2022


def test_title_loses_stray_dots_and_spaces() -> None:
    m = meta(f"## 某某县司法局关于2021年法治政府建设情况的·报·告\n{BODY}")
    assert m.title == "某某县司法局关于2021年法治政府建设情况的报告"
    assert m.agency == "某某县司法局"


def test_abbreviation_expanded_only_when_written() -> None:
    # The choice: 卫健委 is expanded only when the text itself uses the full name.
    plain = meta(f"解放区卫健委\n2022年度法治政府建设情况报告\n{BODY}")
    assert plain.agency == "解放区卫健委"
    written = meta(f"解放区卫健委\n2022年度法治政府建设情况报告\n{BODY}解放区卫生健康委员会负责。")
    assert written.agency == "解放区卫生健康委员会"


def test_district_agency_completed_from_the_text() -> None:
    m = meta(
        f"区卫生健康局2021年法治政府建设工作情况报告\n{BODY}印发《江海区卫生健康局工作规则》。"
    )
    assert (m.agency, m.region) == ("江海区卫生健康局", "广东省江门市江海区")
    # Nothing says which district: no agency rather than a guess, but the level is known.
    m = meta(f"区卫生健康局2021年法治政府建设工作情况报告\n{BODY}")
    assert (m.agency, m.region, m.level) == ("", "", "县区级")


def test_empty_and_odd_texts_never_raise() -> None:
    assert extract_metadata("") == Metadata()
    for text in ["\n\n", "。", "2022年13月45日", "一、", "局", "二〇二二年二月三十日"]:
        assert isinstance(extract_metadata(text), Metadata)


def _manifest() -> dict[Path, str]:
    issuers = {}
    for manifest in CORPUS.glob("*/MANIFEST.tsv"):
        with manifest.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                issuers[manifest.parent / row["file"]] = row["issuer"]
    return issuers


def test_corpus_metadata_is_sane() -> None:
    issuers = _manifest()
    agree = known = 0
    for path in corpus_files(300, seed=5):
        m = extract_metadata(clean_text(path.read_text(encoding="utf-8")))
        assert m.region == m.province + m.city + m.county
        assert m.level in ("", "国家级", "省级", "市级", "县区级", "乡镇级")
        assert m.year is None or 1949 <= m.year <= 2100
        assert m.date == "" or datetime.date.fromisoformat(m.date)
        assert len(m.title) <= 80 and "\n" not in m.title
        if issuers.get(path):
            known += 1
            agree += m.agency == issuers[path]
    # laws have no signature: the enacting body comes from their header lines
    assert agree >= 0.8 * known


@pytest.mark.parametrize(
    "agency",
    ["中共新县县委全面依法治县委员会办公室", "新县住房和城乡建设局", "某某市人民政府"],
)
def test_signature_agencies_with_tricky_words(agency: str) -> None:
    m = meta(f"工作报告\n{BODY}\n{agency}\n2022年3月1日")
    assert (m.agency, m.date) == (agency, "2022-03-01")
