"""The matching form of a text: NFKC one character for one, list markers written out."""

import unicodedata

from search.fold import _ONE, expand, fold, fold_query


def test_fold_is_nfkc_for_every_single_character_form():
    # The table is built from a few ranges for speed; it must hold for all of Unicode.
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        n = unicodedata.normalize("NFKC", chr(cp))
        if len(n) == 1 and n != chr(cp):
            assert _ONE.get(cp) == n, hex(cp)
        else:
            assert cp not in _ONE, hex(cp)


def test_fold_keeps_length_and_maps_full_width_punctuation():
    shown = "（一）２０２２年，全面推进“放管服”改革；完成率１００％。"
    folded = fold(shown)
    assert folded == "(一)2022年,全面推进“放管服”改革;完成率100%。"
    assert len(folded) == len(shown)


def test_characters_with_longer_forms_stay_as_written():
    assert fold("……℃") == "……℃"


def test_list_markers_are_written_out_for_text_and_queries():
    assert expand("①加强⑴推进⒈完善㈠落实Ⅱ") == "(1)加强(1)推进1.完善(一)落实II"
    assert fold_query("⑴ 推进") == "(1) 推进"
    assert fold_query("（１）") == "(1)"
