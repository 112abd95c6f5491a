"""The ``words`` field's analyzer: jieba's segmentation as a Whoosh tokenizer."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import LowercaseFilter, Token, Tokenizer

from ...analysis import _NOT_A_WORD, jieba_tokenizer


class JiebaTokenizer(Tokenizer):
    """A Whoosh tokenizer over jieba's segmentation.

    Unlike ``jieba.analyse.ChineseAnalyzer`` it numbers positions by token, not
    by character, and reports ``startchar``/``endchar`` as character offsets
    into the original value, honouring ``start_pos`` and ``start_char``.
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        for word, start, end in jieba_tokenizer().tokenize(value, HMM=False):
            if _NOT_A_WORD.match(word):
                continue
            t.text = word
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            t.stopped = False
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def word_analyzer():
    """The analyzer of the ``words`` field."""
    return JiebaTokenizer() | LowercaseFilter()
