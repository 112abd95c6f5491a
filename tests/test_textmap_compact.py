"""``TextMap.of_compact``: the results page's map from the index's compact column (issue 13).

It must map every offset exactly as ``TextMap.of`` does, which folds and splits the whole
text: on the five reports of the sample index (the column the index really stores), on
texts whose whitespace runs straddle the slices it reads them in, and on random texts.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import compact
from search.fold import _ONE
from search.snippets import TextMap, make_snippets

from .conftest import over_stores

_WS = re.compile(r"\s")


def _same_map(text: str) -> None:
    eager = TextMap.of(text)
    lazy = TextMap.of_compact(text, compact(text))
    assert lazy.compact == eager.compact
    # Asked in a jumping order: the lazy map grows from wherever it was.
    offsets = list(range(len(eager.compact)))
    for c in offsets[::-7] + offsets:
        assert lazy.to_text(c) == eager.to_text(c), c


def test_folding_keeps_whitespace_whitespace():
    # What lets the column stand for fold(text without whitespace).
    assert all(bool(_WS.match(chr(cp))) == bool(_WS.match(v)) for cp, v in _ONE.items())


sample_index = over_stores("sample_index")


def test_the_sample_index_column_is_the_maps_compact_text(sample_index):
    ctx, _ = sample_index._context()
    assert len(ctx.table.live) == 5
    for d in ctx.table.live:
        text = ctx.stored(d)["text"]
        column = ctx.compact(d).decode("utf-8")
        assert column == TextMap.of(text).compact
        _same_map(text)


def test_runs_straddling_the_slices_map_alike():
    unit = "推进法治政府建设，\u3000\u3000完善依法行政制度体系。\n\n"
    text = (unit * 900)[:20000]
    for cut in (4093, 4094, 4095, 4096, 8190, 8192):  # a run across each slice end
        _same_map(text[:cut] + " \n \t " + text[cut:])
    _same_map("\n\n  " + text + "  \n")


def test_snippets_from_the_column_are_the_same():
    text = ("第一条　为了规范行政行为，制定本办法。\n" * 400) + "最后一句法治建设。"
    needles = ["行政行为", "法治建设"]
    eager, lazy = TextMap.of(text), TextMap.of_compact(text, compact(text))
    assert make_snippets(lazy, lazy.find_all(needles, 36), []) == make_snippets(
        eager, eager.find_all(needles, 36), []
    )
    assert lazy.find_all(needles) == eager.find_all(needles)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="法治 \n\u3000\t（）１２ab，。", max_size=9000))
def test_any_text_maps_alike(text):
    _same_map(text)


def test_rare_whitespace_maps_alike():
    # Whitespace beyond the common kinds (a no-break space, a line separator, a
    # vertical tab) takes the splitting way; the common kinds are counted.
    unit = "推进法治政府建设，\u3000完善依法行政制度体系。\n"
    for odd in ("\xa0", "\u2028", "\x0b", "\r\n", ""):
        text = " " + (unit + odd + "第二条 规定。") * 300 + "\n"
        _same_map(text)
        lazy = TextMap.of_compact(text, compact(text))
        lazy.to_text(5)
        assert (lazy._ws is None) == (odd not in ("\r\n", ""))
