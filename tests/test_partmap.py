"""The part map's byte format, in its one home (search.partmap), on real reports."""

from __future__ import annotations

import pytest

from search import partmap
from search.analysis import compact
from search.document import part_map, prepare_file
from search.model import PART_MEASURES, PART_OTHER, PART_SHORTCOMINGS, PARTS
from search.partmap import PartMap
from tests.conftest import SAMPLES

REPORTS = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def prepared():
    return [prepare_file(str(p)) for p in REPORTS]


def test_round_trip_of_every_sample(prepared):
    for report in prepared:
        pairs = part_map(report.text, report.sections)
        data = partmap.encode(pairs)
        assert len(data) == 8 * len(pairs)
        assert partmap.decode(data) == pairs
        assert PartMap.of(pairs).pairs == pairs


def test_samples_have_several_parts_and_ranges_tile_the_compact_text(prepared):
    for report in prepared:
        body = report.compact.encode("utf-8")
        pm = PartMap.of(part_map(report.text, report.sections))
        assert not pm.is_single  # every sample report has its required parts
        assert {PARTS[p] for p in pm.parts} >= {PART_MEASURES}
        spans = pm.ranges(len(body))
        assert spans[0][0] == 0 and spans[-1][1] == len(body)
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert pm.first_part == spans[0][2]


def test_ranges_of_one_part_only(prepared):
    report = prepared[0]
    body = report.compact.encode("utf-8")
    data = partmap.encode(part_map(report.text, report.sections))
    want = PARTS.index(PART_SHORTCOMINGS)
    only = partmap.ranges(data, len(body), want)
    assert only and all(p == want for _, _, p in only)
    assert only == [r for r in partmap.ranges(data, len(body)) if r[2] == want]


def test_a_text_without_headings_is_one_part_other():
    text = "依法行政是政府工作的基本准则，本年度继续推进。"
    pairs = part_map(text, [])
    data = partmap.encode(pairs)
    assert pairs == [(0, PARTS.index(PART_OTHER))]
    assert partmap.is_single(data) and partmap.first_part(data) == partmap.OTHER
    assert partmap.ranges(data, len(compact(text).encode())) == [
        (0, len(compact(text).encode()), partmap.OTHER)
    ]


def test_an_empty_map_is_single_and_other():
    assert partmap.is_single(b"") and partmap.first_part(b"") == partmap.OTHER
    assert partmap.parts(b"") == set() and PartMap().pairs == []


def test_the_index_table_agrees_with_the_format(sample_index):
    ctx, _ = sample_index._context()
    for d in ctx.table.live:
        data = ctx.partmap(d)
        assert partmap.is_single(data) == (d in ctx.table.single_part)
        assert partmap.parts(data) == {p for _, p in partmap.decode(data)}
