"""jieba's exact-mode cut without HMM, in C++: jieba-fast-dat over jieba's own dictionary.

Segmentation was the largest single cost of indexing (36% of a one-process
build of the corpus, cProfile, issue 13).  ``jieba-fast-dat`` runs jieba's two
passes (the DAG of dictionary words, the most probable path) in C++ over a
double-array trie.  Its own dictionary is not jieba 0.42.1's, so the trie is
filled here from the loaded jieba tokenizer's ``FREQ`` (jieba's ``dict.txt``
plus the domain dictionary, exactly as jieba holds them) and cut with jieba's
``total``: the words are jieba's, compared block by block on every block of the
3,494-report corpus and in ``tests/test_dagcut.py``.  About 5x faster than
``dagcut.DagCutter``, which stays the fallback (and the reference in tests)
where the wheel is not installed.
"""

from __future__ import annotations


class DatCutter:
    """Cuts one jieba block (``jieba.re_han_default`` matched it) into words."""

    def __init__(self, tokenizer) -> None:
        from jieba_fast_dat._jieba_fast_dat_functions_py3 import DatTrie, _cut_DAG_NO_HMM_cpp

        tokenizer.check_initialized()
        trie = DatTrie()
        add = trie.add_word
        # jieba's FREQ also holds every word's prefixes with count 0, which its DAG
        # walks through but never takes as words; the trie finds prefixes itself.
        for word, freq in tokenizer.FREQ.items():
            if freq:
                add(word, freq, "")
        self._trie = trie
        self._total = float(tokenizer.total)
        self._cut = _cut_DAG_NO_HMM_cpp

    def cut(self, sentence: str) -> list[str]:
        return self._cut(self._trie, sentence, self._total)


def block_cutter(tokenizer):
    """The fastest cutter giving jieba's words: ``DatCutter``, else ``DagCutter``."""
    try:
        return DatCutter(tokenizer)
    except ImportError:
        # The same words, about 5x slower; silent, because the CLI's standard
        # error is for what the user asked about (test_dagcut asserts the wheel is used).
        from .dagcut import DagCutter

        return DagCutter(tokenizer)
