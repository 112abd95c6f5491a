"""Issue 14: ``section:`` holds however the query is combined with filters.

Facet links, CLI options and API parameters add filters around the parsed
query; parentheses nest it.  Adding a filter may only ever narrow the result.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import PARTS, QueryError
from search.query import PART_ALIASES
from tests.test_cli import run

SHORTCOMINGS = PARTS[1]


def parts_of(result) -> dict[str, list[tuple[str, bool]]]:
    """Per hit, each snippet's part and whether it shows a match (not the report's opening)."""
    return {h.id: [(s.part, "<mark>" in s.html) for s in h.snippets] for h in result.hits}


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    "filters",
    [{"year": "2021"}, {"agency": "新县"}, {"region": "河南"}, {"year": "2021", "region": "广东"}],
)
def test_an_option_filter_keeps_the_section(sample_index, filters):
    query = 'section:不足 "法治"'
    base = sample_index.search(query, per_page=0)
    narrowed = sample_index.search(query, per_page=0, **filters)
    assert {h.id for h in narrowed.hits} <= {h.id for h in base.hits}
    for hit in narrowed.hits:
        assert hit.snippets and {s.part for s in hit.snippets} == {SHORTCOMINGS}, hit.agency
        assert all("法治" in s.text for s in hit.snippets)


def test_xinxian_has_no_fazhi_in_its_shortcomings(sample_index):
    # 新县's 不足 part does not mention 法治: no way of adding 新县 may bring it in.
    assert sample_index.search('section:不足 "法治" agency:新县').total == 0
    assert sample_index.search('section:不足 "法治"', agency="新县").total == 0
    assert sample_index.search('(section:不足 "法治") agency:新县').total == 0
    assert sample_index.search('agency:新县 (("法治" section:不足))').total == 0
    assert "新县卫生健康委员会" not in {
        h.agency for h in sample_index.search('section:不足 "法治"', year="2021").hits
    }


def test_a_section_option_alone_still_needs_the_part(sample_index):
    with_part = set(sample_index.find_all("section:不足"))
    assert set(sample_index.find_all("section:不足", year="2021")) <= with_part
    assert set(sample_index.find_all("year:2021", section="不足")) <= with_part


def test_two_different_sections_match_nothing(sample_index):
    assert sample_index.search('section:不足 "法治"', section="举措").total == 0
    assert sample_index.search('section:不足 "法治"', section="不足").total > 0


def test_the_cli_option_keeps_the_section(sample_index_dir):
    done = run(
        "search", 'section:不足 "法治"', "--agency", "新县", "--json", index=sample_index_dir
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 0


# ---------------------------------------------------------------- the property

PHRASES = ['"法治"', '"放管服"', '"告知承诺制"', '"双随机"', '"疫情"', '"培训"', '"行政执法"']
WORDS = ["法治 建设", "卫生 执法", "普法"]
SECTIONS = [f"section:{a}" for a in ("不足", "举措", "下一年度", "第一责任人", "其他")]
FILTERS = {
    "year": ["2021", "2022", "2021-2022"],
    "agency": ["新县", "江海区", "卫生"],
    "region": ["广东", "河南"],
    "section": ["不足", "举措", "下一年度"],
    "title": ["报告", "2022"],
}

atoms = st.sampled_from(PHRASES + WORDS + SECTIONS)
queries = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        inner.map(lambda q: f"({q})"),
        st.tuples(inner, inner).map(" OR ".join),
        st.sampled_from(PHRASES).map(lambda p: f"-{p}"),
        st.tuples(inner, st.sampled_from(PHRASES)).map(lambda t: f"{t[0]} -{t[1]}"),
    ),
    max_leaves=5,
)
filters = st.sampled_from(sorted(FILTERS)).flatmap(
    lambda f: st.tuples(st.just(f), st.sampled_from(FILTERS[f]))
)
# A clause goes beside the query in parentheses: ``a OR b year:2021`` means
# ``a OR (b year:2021)``, AND binding tighter than OR (as in Lucene).
HOW = ("option", "clause after", "clause before", "nested")


def section_of(sample_index, query: str) -> str | None:
    """The part a query restricts matches to, from the library's own planner."""
    return sample_index._plan(query, {})[1]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=queries, flt=filters, how=st.sampled_from(HOW))
def test_adding_a_filter_only_narrows(sample_index, query, flt, how):
    field, value = flt
    try:
        base = sample_index.search(query, per_page=0)
    except QueryError:
        return
    if how == "option":
        narrowed = sample_index.search(query, per_page=0, **{field: value})
    else:
        clause = f"{field}:{value}"
        text = {
            "clause after": f"({query}) {clause}",
            "clause before": f"{clause} ({query})",
            "nested": f"(({query}) ({clause}))",
        }[how]
        narrowed = sample_index.search(text, per_page=0)
    assert {h.id for h in narrowed.hits} <= {h.id for h in base.hits}
    before, after = parts_of(base), parts_of(narrowed)
    if field != "section":
        # The same reports keep exactly the same snippets: a filter never moves matches.
        assert after == {i: before[i] for i in after}
        return
    part = PART_ALIASES[value]
    own = section_of(sample_index, query)
    if own is not None and own != part:
        assert narrowed.total == 0
    for shown in after.values():
        assert all(p == part for p, marked in shown if marked)
