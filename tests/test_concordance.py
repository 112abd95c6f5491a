"""The concordance (语境): every match in its sentence, one line each, sorted and paged."""

from __future__ import annotations

import json
import re

import pytest

import search
from search.cli import main
from tests.conftest import SAMPLES

PHRASE = "法治建设"


def _compact_texts() -> dict[str, str]:
    """Each sample's cleaned text with whitespace removed, read straight from its file."""
    return {
        p.name: "".join(search.clean_text(p.read_text(encoding="utf-8")).split())
        for p in sorted(SAMPLES.glob("*.txt"))
    }


def _keys(lines) -> list[tuple[str, int]]:
    return [(line.id, line.start) for line in lines]


def test_one_line_per_occurrence_counted_by_a_plain_scan(sample_index):
    result = sample_index.concordance(f'"{PHRASE}"', per_page=0)
    expected = {name: text.count(PHRASE) for name, text in _compact_texts().items()}
    assert result.total == sum(expected.values()) == len(result.lines)
    per_file: dict[str, int] = {}
    for line in result.lines:
        per_file[line.path.rsplit("/", 1)[-1]] = per_file.get(line.path.rsplit("/", 1)[-1], 0) + 1
    assert per_file == {k: v for k, v in expected.items() if v}
    assert result.reports == len(per_file)


def test_each_line_is_its_sentence_cut_around_the_match(sample_index):
    result = sample_index.concordance(f'"{PHRASE}"', per_page=0)
    texts = {}
    for line in result.lines:
        if line.id not in texts:
            texts[line.id] = sample_index.document(line.id).text
        text = texts[line.id]
        assert line.match == PHRASE == text[line.start : line.end]
        assert line.sentence == line.left + line.match + line.right
        assert text[line.start - len(line.left) : line.end + len(line.right)] == line.sentence
        # The context stops at a sentence end: none inside the left context.
        assert not re.search(r"[。！？；\n]", line.left)
        assert line.part in search.PARTS


def test_a_sentence_with_two_matches_is_two_lines_each_marking_both(sample_index):
    lines = sample_index.concordance(f'"{PHRASE}"', per_page=0).lines
    starts = {(line.id, line.start) for line in lines}
    several = 0
    for line in lines:
        # Every match in the line's sentence is marked, its own among them.
        assert len(line.marks) == line.sentence.count(PHRASE)
        at = line.start - len(line.left)
        assert (line.start - at, line.end - at) in line.marks
        for s, _ in line.marks:
            assert (line.id, at + s) in starts  # ... and each has a line of its own
        if len(line.marks) > 1:
            several += 1
            other = f"<mark>{PHRASE}</mark>"
            assert other in line.left_html or other in line.right_html
            assert line.citation('"法治建设"')[8].count(f"【{PHRASE}】") == len(line.marks)
    assert several >= 2, "the samples have sentences that say 法治建设 twice"


@pytest.mark.parametrize("sort", search.CONCORDANCE_SORTS)
def test_sorted_by_each_key(sample_index, sort):
    lines = sample_index.concordance(f'"{PHRASE}"', sort=sort, per_page=0).lines
    if sort == "agency":
        keys = [line.agency for line in lines]
    elif sort == "year":
        keys = [-(line.year or 0) for line in lines]
    elif sort == "part":
        keys = [search.PARTS.index(line.part) for line in lines]
    elif sort == "left":
        # The words right before the match, nearest first.
        keys = ["".join(line.left.split())[::-1][:24] for line in lines]
    else:
        keys = ["".join(line.right.split())[:24] for line in lines]
    assert keys == sorted(keys)
    assert len(set(keys)) > 1


def test_pages_cover_every_line_once_in_order(sample_index):
    everything = sample_index.concordance(f'"{PHRASE}"', sort="left", per_page=0)
    pages = []
    page = 1
    while True:
        part = sample_index.concordance(f'"{PHRASE}"', sort="left", page=page, per_page=10)
        assert part.total == everything.total
        if not part.lines:
            break
        pages += part.lines
        page += 1
    assert page - 1 == part.pages
    assert _keys(pages) == _keys(everything.lines)


def test_section_restriction_and_filters(sample_index):
    lines = sample_index.concordance(f'section:不足 "{PHRASE}"', per_page=0).lines
    assert lines and all(line.part == "存在的不足和原因" for line in lines)
    same = sample_index.concordance(f'"{PHRASE}"', section="不足", per_page=0).lines
    assert _keys(same) == _keys(lines)
    one = sample_index.concordance(f'"{PHRASE}"', agency="新县", per_page=0)
    assert {line.agency for line in one.lines} == {"新县卫生健康委员会"}
    assert one.query_text == f'"{PHRASE}" agency:新县'


def test_a_query_without_terms_has_no_lines(sample_index):
    result = sample_index.concordance("agency:新县")
    assert result.total == 0 and not result.has_terms


@pytest.mark.parametrize(
    "kwargs", [{"sort": "zzz"}, {"page": 0}, {"page": -1}, {"per_page": 5000}, {"page": "2"}]
)
def test_bad_sort_or_page_is_a_query_error(sample_index, kwargs):
    with pytest.raises(search.QueryError):
        sample_index.concordance(f'"{PHRASE}"', **kwargs)


def test_citation_row_has_the_export_columns(sample_index):
    line = sample_index.concordance(f'"{PHRASE}"', agency="新县", per_page=1).lines[0]
    row = dict(zip(search.EXPORT_COLUMNS, line.citation('"法治建设"'), strict=True))
    assert row["机构"] == "新县卫生健康委员会"
    assert row["发文字号"] == "新卫〔2022〕12号"
    assert row["来源"] == "003_80ca85fa625d7763.txt"
    assert row["报告ID"] == line.id
    assert f"【{PHRASE}】" in row["匹配句"]


def test_paged_past_ten_thousand_lines(corpus_index):
    # One character: every 的 of 305 reports.
    first = corpus_index.concordance('"的"', sort="right", page=1, per_page=100)
    assert first.total > 10_000
    last_page = first.pages
    last = corpus_index.concordance('"的"', sort="right", page=last_page, per_page=100)
    assert 1 <= len(last.lines) <= 100
    assert (last_page - 1) * 100 + len(last.lines) == first.total
    assert all(line.match == "的" for line in first.lines + last.lines)
    rights = ["".join(line.right.split())[:24] for line in first.lines + last.lines]
    assert rights == sorted(rights)


def test_cli_concordance(sample_index_dir, capsys):
    assert (
        main(
            [
                "concordance",
                f'"{PHRASE}"',
                "--index",
                str(sample_index_dir),
                "--limit",
                "5",
                "--sort",
                "right",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert re.match(r"47 lines in 5 reports for \"法治建设\" \(showing 5, page 1\)", out[0])
    assert len(out) == 6 and all(f"【{PHRASE}】" in line for line in out[1:])
    # KWIC: the match starts in the same terminal column on every line.
    widths = {_width(line[: line.index("【")]) for line in out[1:]}
    assert len(widths) == 1
    assert (
        main(
            [
                "concordance",
                f'"{PHRASE}"',
                "--index",
                str(sample_index_dir),
                "--json",
                "--limit",
                "2",
                "--page",
                "2",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["page"] == 2 and len(data["lines"]) == 2 and data["lines"][0]["match"] == PHRASE
    assert main(["concordance", '"法治', "--index", str(sample_index_dir)]) == 2
    assert "unbalanced quote" in capsys.readouterr().err


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@pytest.mark.parametrize(
    "query", ['"依法行政"', '"法治" OR "法治建设"', "法治 建设", 'section:不足 "问题"']
)
def test_counted_lines_are_the_lines_built(corpus_index, query):
    # Lines are counted in the compact text and built from the cleaned text:
    # the two must agree match for match, whatever the sort.
    built = corpus_index.concordance(query, sort="right", per_page=0)
    assert built.total == len(built.lines) > 0
    for sort in ("agency", "year", "part"):
        result = corpus_index.concordance(query, sort=sort, per_page=0)
        assert result.total == len(result.lines) == built.total, sort
        assert result.reports == built.reports
        assert sorted(_keys(result.lines)) == sorted(_keys(built.lines))
    parts = [line.part for line in corpus_index.concordance(query, sort="part", per_page=0).lines]
    assert [search.PARTS.index(p) for p in parts] == sorted(search.PARTS.index(p) for p in parts)


def test_orders_are_kept_between_pages_until_the_index_changes(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    for f in samples[:4]:
        (folder / f.name).write_bytes(f.read_bytes())
    search.index_paths([folder], tmp_path / "index")
    index = search.SearchIndex(tmp_path / "index")
    first = index.concordance(f'"{PHRASE}"', sort="left", page=2, per_page=10)
    again = index.concordance(f'"{PHRASE}"', sort="left", page=2, per_page=10)
    assert _keys(again.lines) == _keys(first.lines)
    fresh = search.SearchIndex(tmp_path / "index")
    assert _keys(fresh.concordance(f'"{PHRASE}"', sort="left", page=2, per_page=10).lines) == (
        _keys(first.lines)
    )
    (folder / samples[4].name).write_bytes(samples[4].read_bytes())
    search.index_paths([folder], tmp_path / "index")
    after = index.concordance(f'"{PHRASE}"', sort="left", page=2, per_page=10)
    assert after.total == 47 > first.total
    everything = search.SearchIndex(tmp_path / "index").concordance(
        f'"{PHRASE}"', sort="left", per_page=0
    )
    assert _keys(after.lines) == _keys(everything.lines[10:20])
