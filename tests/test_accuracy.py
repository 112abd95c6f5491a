"""The development-set scorer (bench/accuracy.py): outcomes, parts, and the command's contract."""

from __future__ import annotations

import json
import shutil

from bench import accuracy
from search.model import (
    PART_DUTY,
    PART_MEASURES,
    PART_OTHER,
    PART_PLAN,
    PART_SHORTCOMINGS,
    Metadata,
    Section,
)

from .conftest import SAMPLES


def _label(**over) -> dict:
    base = {
        "id": "t001",
        "source": "test",
        "split": "tune",
        "shape": "paragraphs",
        "title": "",
        "agency": "",
        "agency_short_ok": [],
        "year": None,
        "date": "",
        "doc_number": "",
        "province": "",
        "city": "",
        "county": "",
        "level": "",
        "parts": [],
    }
    base.update(over)
    return base


def test_outcome_right_wrong_empty_and_unstated():
    assert accuracy.outcome("庆阳市公安局", "庆阳市公安局") == accuracy.RIGHT
    assert accuracy.outcome("庆阳市公安局", "") == accuracy.EMPTY
    assert accuracy.outcome("庆阳市公安局", "市公安局") == accuracy.WRONG
    # The text does not say: empty is what it should give, anything else is a wrong agency.
    assert accuracy.outcome("", "") == accuracy.UNLABELLED
    assert accuracy.outcome("", "省卫生健康委") == accuracy.GUESSED
    # ...unless the labels list that value as acceptable.
    assert accuracy.outcome("", "岳阳县人民政府", ["岳阳县人民政府"]) == accuracy.UNLABELLED
    assert accuracy.outcome(
        "浙江省卫生健康委", "浙江省卫生健康委员会", ["浙江省卫生健康委员会"]
    ) == (accuracy.RIGHT)


def test_norm_folds_width_and_drops_spaces():
    assert accuracy.norm("浙卫〔２０２４〕 3号") == "浙卫〔2024〕3号"
    assert accuracy.norm(2023) == "2023"
    assert accuracy.norm(None) == ""


def test_tally_counts_fields_region_and_wrong_agency_rate():
    tally = accuracy.Tally()
    right = _label(
        id="t001",
        agency="泾源县公安局",
        year=2025,
        province="宁夏回族自治区",
        city="固原市",
        county="泾源县",
        level="县区级",
    )
    meta = Metadata(
        agency="泾源县公安局",
        year=2025,
        province="宁夏回族自治区",
        city="固原市",
        county="泾源县",
        level="县区级",
    )
    tally.add(right, meta, [], "")
    # A second report whose agency the text does not state, extracted as a guess.
    guessed = _label(id="t002", year=2022, level="省级")
    tally.add(guessed, Metadata(agency="省卫生健康委", year=2021), [], "")
    assert tally.counts["agency"] == {
        "right": 1,
        "wrong": 0,
        "empty": 0,
        "guessed": 1,
        "unlabelled": 0,
    }
    assert tally.accuracy("agency") == 1.0  # over the one report whose text states it
    assert tally.wrong_agency_rate() == 0.5  # over all reports
    assert tally.counts["year"]["wrong"] == 1
    assert tally.counts["level"]["empty"] == 1
    assert tally.counts["region"]["unlabelled"] == 1
    assert tally.accuracy("date") is None
    assert ("t002", "agency", "", "省卫生健康委") in tally.misses


def test_region_must_match_at_every_level():
    tally = accuracy.Tally()
    label = _label(province="浙江省", city="台州市")
    tally.add(label, Metadata(province="浙江省", city="台州市", county="临海市"), [], "")
    assert tally.counts["region"]["wrong"] == 1


def test_parts_by_heading_start_and_part():
    text = (
        "一、2022年度法治政府建设情况\n正文。\n"
        "二、履行第一责任人职责情况\n正文。\n下一步，我们将继续努力。"
    )
    first = Section("一、2022年度法治政府建设情况", 1, PART_MEASURES, 0, 21)
    second = Section("二、履行第一责任人职责情况", 1, PART_OTHER, 21, len(text))
    labels = [
        {"heading": "一、２０２２年度法治政府建设", "part": PART_MEASURES},  # full-width digits
        {"heading": "二、履行第一责任人职责情况", "part": PART_DUTY},
        {"heading": "下一步，我们将继续", "part": PART_PLAN, "heading_kind": "paragraph"},
    ]
    results = [accuracy.score_part(p, [first, second], text) for p in labels]
    assert results[0] == (True, "")
    assert results[1] == (False, "heading classified 其他")
    assert results[2] == (False, "paragraph in 其他")
    plan = Section("下一步，我们将继续努力。", 1, PART_PLAN, text.index("下一步"), len(text))
    assert accuracy.score_part(labels[2], [first, second, plan], text) == (True, "")
    missing = {"heading": "三、存在的不足", "part": PART_MEASURES}
    assert accuracy.score_part(missing, [first], text) == (False, "no such heading")


def test_command_runs_the_library_on_a_real_report(tmp_path, capsys):
    texts = tmp_path / "texts"
    texts.mkdir()
    sample = sorted(SAMPLES.glob("000_*.txt"))[0]
    shutil.copy(sample, texts / "t001.txt")
    label = _label(
        agency="解放区卫健委",
        year=2022,
        province="河南省",
        city="焦作市",
        county="解放区",
        level="县区级",
        parts=[
            {"heading": "一、2022年度法治政府建设情况", "part": PART_MEASURES},
            {"heading": "四、2023年度工作安排", "part": PART_PLAN},
        ],
    )
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(label, ensure_ascii=False) + "\n", encoding="utf-8")
    code = accuracy.main(["--texts", str(texts), "--labels", str(labels), "--split", "tune"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| agency | 1 | 0 | 0 | 1 | 100.0% | 0 |" in out
    assert "parts found: 2/2 = 100.0%" in out


def test_command_without_texts_folder_says_so(tmp_path, capsys):
    code = accuracy.main(["--texts", str(tmp_path / "nowhere")])
    assert code == 2
    assert "texts folder not found" in capsys.readouterr().out


def test_parts_are_counted_per_required_part():
    text = "一、主要举措\n正文。\n二、存在的不足\n正文。\n三、下一年度安排\n正文。"
    s1 = text.index("二、")
    s2 = text.index("三、")
    sections = [
        Section("一、主要举措", 1, PART_MEASURES, 0, s1),
        Section("二、存在的不足", 1, PART_SHORTCOMINGS, s1, s2),
        # misclassified: the plan heading taken for more shortcomings
        Section("三、下一年度安排", 1, PART_SHORTCOMINGS, s2, len(text)),
    ]
    label = _label(
        parts=[
            {"heading": "一、主要举措", "part": PART_MEASURES},
            {"heading": "二、存在的不足", "part": PART_SHORTCOMINGS},
            {"heading": "三、下一年度安排", "part": PART_PLAN},
        ]
    )
    tally = accuracy.Tally()
    tally.add(label, Metadata(), sections, text)
    assert tally.by_part == {
        PART_MEASURES: [1, 1],
        PART_SHORTCOMINGS: [1, 1],
        PART_DUTY: [0, 0],
        PART_PLAN: [0, 1],
    }
    out = accuracy.render("tune", tally)
    assert "| 下一年度工作安排 | 0 | 1 |   0.0% |" in out
    assert "| 第一责任人职责 | 0 | 0 |   n/a |" in out


def test_full_keeps_only_whole_reports_and_sample_is_its_own_split(tmp_path, capsys):
    texts = tmp_path / "texts"
    texts.mkdir()
    sample = sorted(SAMPLES.glob("003_*.txt"))[0]
    shutil.copy(sample, texts / "s003.txt")
    shutil.copy(sample, texts / "t001.txt")
    whole = _label(
        id="s003",
        split="sample",
        full=True,
        agency="新县卫生健康委员会",
        year=2021,
        date="2022-02-25",
        doc_number="新卫〔2022〕12号",
        parts=[{"heading": "三、下一步工作计划", "part": PART_PLAN}],
    )
    opening = _label(id="t001", agency="新县卫生健康委员会", year=2021)
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in (whole, opening)),
        encoding="utf-8",
    )
    args = ["--texts", str(texts), "--labels", str(labels)]
    assert accuracy.main(args) == 0
    out = capsys.readouterr().out
    assert "## tune: 1 reports" in out and "## sample: 1 reports" in out
    assert accuracy.main([*args, "--full"]) == 0
    out = capsys.readouterr().out
    assert "## tune (full reports only): 0 reports" in out
    assert "## sample (full reports only): 1 reports" in out
    assert "| date | 1 | 0 | 0 | 1 | 100.0% | 0 |" in out
    assert "| doc_number | 1 | 0 | 0 | 1 | 100.0% | 0 |" in out
    assert "| 下一年度工作安排 | 1 | 1 | 100.0% |" in out


def test_texts_default_to_the_repository_and_samples_are_read_in_place(tmp_path):
    # The collected texts are committed beside the labels; a wipe of /work/devset loses nothing.
    assert accuracy.DEFAULT_TEXTS == accuracy.ROOT / "devset" / "texts"
    assert (
        (accuracy.DEFAULT_TEXTS / "d009.txt")
        .read_text(encoding="utf-8")
        .startswith("庆阳市公安局2025年度法治政府 建设情况报告")
    )
    sample = _label(id="s003", source="search/samples/003_80ca85fa625d7763.txt")
    assert accuracy.text_path(sample, tmp_path) == accuracy.ROOT / sample["source"]
    collected = _label(id="d009", source="https://gaj.zgqingyang.gov.cn/x")
    assert accuracy.text_path(collected, tmp_path) == tmp_path / "d009.txt"
