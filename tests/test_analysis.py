"""The tokenizer's positions and offsets, the bigram view, the domain dictionary."""

from search.analysis import compact, grams, segment
from search.store.whoosh.analysis import JiebaTokenizer, word_analyzer

TEXT = "我委深入推进“放管服”改革，全面推行证明事项告知承诺制。"


def test_positions_count_tokens_not_characters():
    toks = [(t.text, t.pos) for t in JiebaTokenizer()(TEXT, positions=True)]
    assert [p for _, p in toks] == list(range(len(toks)))
    # Punctuation is not a token: 11 words, no quote marks or commas.
    assert all(w not in "“”，。" for w, _ in toks)


def test_offsets_point_at_the_word_in_the_original_value():
    for t in JiebaTokenizer()(TEXT, chars=True):
        assert TEXT[t.startchar : t.endchar] == t.text


def test_start_pos_and_start_char_are_honoured():
    toks = list(
        (t.text, t.pos, t.startchar)
        for t in JiebaTokenizer()(
            "依法行政", positions=True, chars=True, start_pos=10, start_char=100
        )
    )
    assert toks[0] == ("依法行政", 10, 100)


def test_tokenize_false_yields_the_value_whole():
    toks = [t.text for t in JiebaTokenizer()("法治 政府", tokenize=False)]
    assert toks == ["法治 政府"]


def test_domain_dictionary_keeps_terms_whole():
    words = segment("深入推进放管服改革，落实谁执法谁普法责任制，推行告知承诺制")
    for term in ("放管服", "谁执法谁普法", "告知承诺制"):
        assert term in words


def test_word_analyzer_lowercases_latin():
    assert [t.text for t in word_analyzer()("COVID 防控")] == ["covid", "防控"]


def test_compact_is_nfkc_without_whitespace():
    assert compact("２０２２ 年\n法治\u3000建设") == "2022年法治建设"


def test_grams_count_every_character_and_bigram():
    assert dict(grams("法治建设")) == dict.fromkeys(
        ["法", "治", "建", "设", "法治", "治建", "建设"], 1
    )
    assert dict(grams("依法依法")) == {"依": 2, "法": 2, "依法": 2, "法依": 1}
