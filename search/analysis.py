"""Text analysis: jieba words for ranking and word queries, characters for exactness.

Two views of one cleaned text are indexed.  ``words`` is jieba's segmentation,
good for bare-word queries and ranking but blind to phrases that cut across its
word boundaries (``治建`` inside 法治/建设).  ``grams`` holds every character and
every character bigram of the *compact* text (folded, whitespace removed), so any
phrase's bigrams are in the index whatever jieba did; candidates found through
them are then confirmed against the compact text itself.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from pathlib import Path

from .fold import fold_query

USER_DICT = Path(__file__).parent / "data" / "userdict.txt"
_WHITESPACE = re.compile(r"\s+")
# Tokens made only of these are not words a researcher searches for.
_NOT_A_WORD = re.compile(r"^[\s\W_]+$")

# jieba's tokens repeat endlessly: remember each one's indexed form ("" for
# punctuation) instead of matching a regex against every occurrence.
_WORD_FORM: dict[str, str] = {}

_jieba_lock = threading.Lock()
_jieba = None
_cutter = None  # a block cutter over the same dictionary: dagcut's, datcut's once indexing


def jieba_tokenizer():
    """jieba's tokenizer with the domain dictionary, loaded once per process.

    jieba announces its dictionary loading on its own logger; that chatter must
    never reach standard output, where the CLI prints results and JSON.
    """
    global _jieba, _cutter
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                tk.load_userdict(str(USER_DICT))
                from .dagcut import DagCutter

                _cutter = DagCutter(tk)
                _jieba = tk
    return _jieba


def use_fast_cut() -> None:
    """Segment with the C++ cut from now on in this process (``search.datcut``): same words.

    Indexing calls it (before forking its workers, so they share the trie); a
    server's word queries are short and keep ``dagcut``, sparing each process the
    second or so of filling the trie and its memory.
    """
    global _cutter
    tk = jieba_tokenizer()
    from .dagcut import DagCutter

    if type(_cutter) is DagCutter:
        with _jieba_lock:
            if type(_cutter) is DagCutter:
                from .datcut import block_cutter

                _cutter = block_cutter(tk)


def normalize(text: str) -> str:
    """The matching form (search.fold), as applied to the cleaned text and every query."""
    return fold_query(text)


def compact(text: str) -> str:
    """The text exact phrase matching is defined on: folded, all whitespace removed.

    Folding is NFKC one character for one (（一） -> (一)), on the report's text and
    on every query alike; list markers are written out first (① -> (1)).
    """
    return _WHITESPACE.sub("", fold_query(text))


# jieba cuts a text block by block (runs of Han characters, letters and
# digits between punctuation); government reports repeat whole clauses
# (根据, 依法行政, 第一条 …): 16% of the corpus's block characters are in a
# block seen before.  A block's words depend on the block alone, so they
# are remembered per process instead of cut again.
_BLOCKS: dict[str, list[str]] = {}
_BLOCKS_MAX = 100_000  # about 25 MB per process


def segment(text: str) -> list[str]:
    """jieba's words of ``text`` without whitespace and punctuation, lowercased.

    Without jieba's HMM guessing of unknown words: it segments 2.7 times
    faster (measured on corpus texts), and queries are segmented the same
    way, so a word query still finds what the index holds.
    """
    tk = jieba_tokenizer()
    dag_cut = _cutter.cut
    words: list[str] = []
    blocks = _BLOCKS
    han = jieba_blocks()
    for blk in han.split(text):
        if not blk:
            continue
        cut = blocks.get(blk)
        if cut is None:
            cut = []
            for w in dag_cut(blk) if han.match(blk) else tk.cut(blk, HMM=False):
                norm = _WORD_FORM.get(w)
                if norm is None:
                    norm = _WORD_FORM[w] = "" if _NOT_A_WORD.match(w) else w.lower()
                if norm:
                    cut.append(norm)
            if len(blocks) >= _BLOCKS_MAX:
                blocks.clear()
            blocks[blk] = cut
        words.extend(cut)
    return words


def jieba_blocks() -> re.Pattern:
    """jieba's own pattern of the blocks it cuts one by one (Han, letters, digits)."""
    import jieba

    return jieba.re_han_default


def grams(compact_text: str) -> Counter:
    """Every character and character bigram of a compact text, with its count."""
    out = Counter(compact_text)
    out.update(map(str.__add__, compact_text, compact_text[1:]))
    return out
