"""Exact phrase search: recall and precision 1.0 against a plain substring scan.

The truth is the product's definition: a report matches when the phrase,
whitespace removed, occurs in its cleaned text with whitespace removed, both
folded (search.fold: NFKC one character for one, so （一） and (一) are equal).
Every check compares the index's answer with that scan.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.analysis import compact, segment

from .conftest import over_stores

# Run on both stores (search.store): Whoosh on disk and the in-memory one.
sample_index = over_stores("sample_index")
corpus_index = over_stores("corpus_index")

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _texts(index) -> dict[str, str]:
    return {i: compact(index.document(i).text) for i in index.all_ids()}


def _scan(texts: dict[str, str], phrase: str) -> set[str]:
    p = compact(phrase)
    return {i for i, t in texts.items() if p in t}


def _check(index, texts, phrase) -> None:
    got = set(index.find_all(f'"{phrase}"'))
    want = _scan(texts, phrase)
    assert got == want, (phrase, sorted(got ^ want))


@pytest.fixture(scope="module")
def sample_texts(sample_index):
    return _texts(sample_index)


@pytest.fixture(scope="module")
def corpus_texts(corpus_index):
    return _texts(corpus_index)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_substrings_of_the_samples_match_exactly(sample_index, sample_texts, data):
    ids = sorted(sample_texts)
    text = sample_texts[data.draw(st.sampled_from(ids))]
    n = data.draw(st.integers(1, 8))
    i = data.draw(st.integers(0, len(text) - n))
    phrase = text[i : i + n]
    # Sometimes change one character, so phrases that occur nowhere are checked too.
    if data.draw(st.booleans()):
        k = data.draw(st.integers(0, n - 1))
        c = data.draw(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF))
        phrase = phrase[:k] + c + phrase[k + 1 :]
    _check(sample_index, sample_texts, phrase)


def test_random_han_phrases_of_the_corpus_match_exactly(corpus_index, corpus_texts):
    rng = random.Random(11)
    ids = sorted(corpus_texts)
    checked = 0
    while checked < 600:
        text = corpus_texts[rng.choice(ids)]
        runs = HAN_RUN.findall(text)
        if not runs:
            continue
        run = rng.choice(runs)
        n = rng.randint(2, min(8, len(run)))
        i = rng.randint(0, len(run) - n)
        _check(corpus_index, corpus_texts, run[i : i + n])
        checked += 1


def test_phrases_across_former_line_breaks(sample_index, sample_texts):
    """Seed 000 breaks lines mid-word ("放/管服", "法治建/设"): every such join is found."""
    from search import SAMPLES_DIR

    checked = 0
    for path in sorted(SAMPLES_DIR.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for m in re.finditer(r"([\u4e00-\u9fff]{2})\s*\n\s*\n?\s*([\u4e00-\u9fff]{2})", raw):
            phrase = m.group(1) + m.group(2)
            _check(sample_index, sample_texts, phrase)
            assert sample_index.find_all(f'"{phrase}"'), phrase  # it is in the text
            # Typed with the line break as a space, it is the same phrase.
            _check(sample_index, sample_texts, m.group(1) + " " + m.group(2))
            checked += 1
    assert checked > 100


def test_phrases_inside_jieba_words(corpus_index, corpus_texts):
    """Pieces of words jieba keeps whole (生健 in 卫生健康) are found wherever they occur."""
    rng = random.Random(5)
    ids = sorted(corpus_texts)
    checked = 0
    for i in rng.sample(ids, 60):
        text = corpus_texts[i][:3000]
        for word in {w for w in segment(text) if len(w) >= 3 and HAN_RUN.fullmatch(w)}:
            _check(corpus_index, corpus_texts, word[1:3])
            _check(corpus_index, corpus_texts, word[:-1] + "的")
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("phrase", ["生健", "治建", "推行证明事项", "法", "“放管服”改革", "2022年"])
def test_known_traps(sample_index, sample_texts, phrase):
    _check(sample_index, sample_texts, phrase)
    assert sample_index.find_all(f'"{phrase}"')
