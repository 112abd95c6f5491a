"""The section facet counted from per-generation part ranges (issue 13) gives the counts
that walking each report's part map gives, on the samples and the 300-report corpus sample,
on both stores: for the commonest characters and bigrams (the worst case), phrases cut from
the texts, words, OR, a filter alone, and proximity (which keeps the walking way).
"""

from __future__ import annotations

import random
from collections import Counter

from search import partfacet
from search import partmap as partmaps
from search.matching import part_facet
from search.model import PARTS
from search.partfacet import part_ranges, section_facet

from .conftest import over_stores

sample_index = over_stores("sample_index")
corpus_index = over_stores("corpus_index")


def _walked(ctx, docs: set[int], needles: list[bytes]) -> dict[str, int]:
    """The facet as it was counted before: each report's part map, range by range."""
    counts: Counter = Counter()
    for d in docs:
        pmb = ctx.partmap(d)
        if partmaps.is_single(pmb):
            counts[PARTS[partmaps.first_part(pmb)]] += 1
            continue
        if not needles:
            counts.update(PARTS[p] for p in partmaps.parts(pmb))
            continue
        data = ctx.compact(d)
        seen = {
            p
            for s, e, p in partmaps.ranges(pmb, len(data))
            if any(data.find(nd, s, e) >= 0 for nd in needles)
        }
        counts.update(PARTS[p] for p in seen)
    return dict(counts)


def _queries(ctx) -> list[str]:
    texts = [ctx.compact(d).decode("utf-8") for d in ctx.table.live]
    chars = Counter(ch for t in texts for ch in set(t) if "\u4e00" <= ch <= "\u9fff")
    bigrams = Counter(g for t in texts[:50] for g in {t[i : i + 2] for i in range(len(t) - 1)})
    rng = random.Random(3)
    cut = []
    while len(cut) < 40:
        t = texts[rng.randrange(len(texts))]
        n = rng.randint(2, 6)
        at = rng.randrange(max(1, len(t) - n))
        if all("\u4e00" <= ch <= "\u9fff" for ch in t[at : at + n]):
            cut.append(t[at : at + n])
    common = [c for c, _ in chars.most_common(5)]
    common += [g for g, _ in bigrams.most_common(20) if g.isalpha()][:5]
    return [f'"{p}"' for p in common + cut] + [
        "法治 政府",
        '"依法行政" OR "行政复议"',
        '"法治" 年份:2022',
        "year:2021-2024",
    ]


def _check(index, monkeypatch) -> None:
    ctx, _ = index._context()
    part_ranges(ctx)  # built once per generation
    compared = 0
    for q in _queries(ctx):
        c, _, docs, unit_list = index._match(q, {})
        needles = [u.encode("utf-8") for u in unit_list]
        want = _walked(c, docs, needles)
        assert section_facet(c, docs, needles) == want, q
        # Every report searched occurrence by occurrence up to its grams' bound,
        # then every report part by part.
        for few, many in ((10**9, 0), (0, 0), (partfacet.FEW, partfacet.MANY)):
            monkeypatch.setattr(partfacet, "FEW", few)
            monkeypatch.setattr(partfacet, "MANY", many)
            got = part_facet(c, docs, unit_list)
            assert got == want, (q, few)
        assert list(got.values()) == sorted(got.values(), reverse=True)
        compared += bool(docs)
    assert compared > 40
    # Reports with several parts were there to be searched part by part.
    assert any(d not in ctx.table.single_part for d in ctx.table.live)


def test_section_facet_counts_as_walking_the_part_maps_on_the_samples(sample_index, monkeypatch):
    _check(sample_index, monkeypatch)


def test_section_facet_counts_as_walking_the_part_maps_on_the_corpus(corpus_index, monkeypatch):
    _check(corpus_index, monkeypatch)


def test_search_pages_carry_the_same_section_facet(sample_index):
    r = sample_index.search('"法治"')
    ctx, _ = sample_index._context()
    c, _, docs, unit_list = sample_index._match('"法治"', {})
    assert r.total == len(docs) > 0
    assert r.facets["section"] == _walked(c, docs, [u.encode() for u in unit_list])


def test_proximity_keeps_the_walking_way(sample_index):
    r = sample_index.search("法治 NEAR/5 政府")
    assert r.total > 0 and sum(r.facets["section"].values()) >= 1


def test_occurrence_by_occurrence_finds_the_parts_a_search_per_stretch_finds():
    # Self-overlapping needles and occurrences cut by a stretch's end, at every cut.
    text = "推进依法行政常常常，完善制度。存在问题常常，法治法治法。".encode()
    for needle in ("常常", "常", "法治法", "制度。存"):
        nd = needle.encode()
        times = sum(1 for i in range(len(text)) if text.startswith(nd, i))
        for cut in range(0, len(text) + 1, 3):
            for cut2 in range(cut, len(text) + 1, 9):
                # The first stretch may start after the text does.
                spans = [(3, cut, 1), (cut, cut2, 2), (cut2, len(text), 3)]
                spans = [s for s in spans if s[0] < s[1]]
                part, lo = [p for _, _, p in spans], [s for s, _, _ in spans]
                hi = [e for _, e, _ in spans]
                want = 0
                for s, e, p in spans:
                    if text.find(nd, s, e) >= 0:
                        want |= 1 << p
                got = partfacet._occurrences(text, 0, nd, times, part, lo, hi, 0, len(spans))
                assert got == want, (needle, cut, cut2)
                # A bound above the true count reads on to the end: the same parts.
                more = partfacet._occurrences(text, 0, nd, times + 3, part, lo, hi, 0, len(spans))
                assert more == want
