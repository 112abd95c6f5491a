"""The first page's shortcuts of issue 13 (query side) give the answers of the plain ways.

On the samples and the 300-report corpus sample, both stores: the section facet started at
the first occurrence matching confirmed and bounded by ranking's counts equals walking every
report's part map; ``Column.first_at`` equals a search per report; the metadata facets counted
over arrays equal the dictionary count, order included; bounds tightened with more bigrams
give the same page and scores.
"""

from __future__ import annotations

from search import partfacet, ranking
from search import table as tables
from search.matching import part_facet, rank

from .conftest import over_stores
from .test_partfacet import _queries, _walked

sample_index = over_stores("sample_index")
corpus_index = over_stores("corpus_index")


def test_section_facet_after_matching_and_ranking_counts_as_walking(corpus_index, monkeypatch):
    ctx, _ = corpus_index._context()
    compared = 0
    for q in _queries(ctx):
        for few, many in ((10**9, 0), (partfacet.FEW, partfacet.MANY), (0, 0)):
            monkeypatch.setattr(partfacet, "FEW", few)
            monkeypatch.setattr(partfacet, "MANY", many)
            c, _, docs, unit_list = corpus_index._match(q, {})
            rank(c, docs, unit_list, 10)  # notes its bounds for the facet
            needles = [u.encode("utf-8") for u in unit_list]
            assert part_facet(c, docs, unit_list) == _walked(c, docs, needles), (q, few)
        compared += bool(docs)
        # Longer phrases were confirmed at their first occurrence, and ranked by bounds.
        if len(unit_list) == 1 and len(unit_list[0]) > 2 and docs:
            assert set(c.first[unit_list[0].encode()]) >= docs
    assert compared > 40


def test_first_at_is_where_a_search_finds_the_needle(sample_index, corpus_index):
    for index in (sample_index, corpus_index):
        ctx, _ = index._context()
        for needle in ("法治政府", "的", "行政复议", "不存在的短语甲乙"):
            nd = needle.encode()
            want = {d: ctx.compact(d).find(nd) for d in ctx.table.live}
            want = {d: at for d, at in want.items() if at >= 0}
            assert ctx.compact.first_at(ctx.table.live, nd) == want
            assert set(want) == ctx.compact.containing(ctx.table.live, nd)


def test_facets_over_arrays_equal_the_counted_facets_in_order(corpus_index, monkeypatch):
    ctx, _ = corpus_index._context()
    names = ["agency", "year", "region"]
    for q in ['"的"', '"法治"', '"行政复议"', "year:2021-2024", '"依法行政" OR "法律顾问"']:
        _, _, docs, _ = corpus_index._match(q, {})
        want = {n: list(ctx.table.facet(n, docs).items()) for n in names}
        monkeypatch.setattr(tables, "ARRAY_FROM", 0)
        got = ctx.table.facets(names, docs)
        monkeypatch.setattr(tables, "ARRAY_FROM", 10**9)
        assert {n: list(v.items()) for n, v in got.items()} == want, q
        assert want["year"] and docs


def test_tightened_bounds_rank_the_same_page(corpus_index, monkeypatch):
    ctx, _ = corpus_index._context()
    monkeypatch.setattr(ranking, "COUNT_US", 1e-9)  # never count every match instead
    for q in _queries(ctx)[:30]:
        c, _, docs, unit_list = corpus_index._match(q, {})
        best, scores, counts = rank(c, docs, unit_list, 10)
        monkeypatch.setattr(ranking, "_tightening_grams", lambda *a: [])
        c2, _, docs2, _ = corpus_index._match(q, {})
        best2, scores2, counts2 = rank(c2, docs2, unit_list, 10)
        monkeypatch.undo()
        monkeypatch.setattr(ranking, "COUNT_US", 1e-9)
        assert best == best2, q
        assert [scores[d] for d in best] == [scores2[d] for d in best2], q
        assert [counts[d] for d in best] == [counts2[d] for d in best2], q


def test_occurrences_from_the_first_find_the_parts_a_search_per_stretch_finds():
    text = "推进依法行政常常常，完善制度。存在问题常常，法治法治法。".encode()
    for needle in ("常常", "常", "法治法", "制度。存"):
        nd = needle.encode()
        first = text.find(nd)
        times = sum(1 for i in range(len(text)) if text.startswith(nd, i))
        for cut in range(0, len(text) + 1, 3):
            for cut2 in range(cut, len(text) + 1, 9):
                spans = [(3, cut, 1), (cut, cut2, 2), (cut2, len(text), 3)]
                spans = [s for s in spans if s[0] < s[1]]
                part, lo = [p for _, _, p in spans], [s for s, _, _ in spans]
                hi = [e for _, e, _ in spans]
                want = 0
                for s, e, p in spans:
                    if text.find(nd, s, e) >= 0:
                        want |= 1 << p
                got = partfacet._occurrences(text, 0, nd, times, part, lo, hi, 0, len(spans), first)
                assert got == want, (needle, cut, cut2)
