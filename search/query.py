"""The query language: a small hand-written parser with one-line errors.

    "精确短语"          exact phrase (also “中文引号”)
    法治 建设           words, all must occur (jieba segments each)
    a OR b, NOT a, -a, ( … )
    A NEAR/10 B, A BEFORE/10 B, A /s B, A /p B, A NOT NEAR/10 B  (see ``proximity``)
    A 间隔10字 B, 同句(A B), 同段(A B)
    agency:江海区  year:2021  year:2021-2022  region:广东  level:市级  section:不足  title:报告
    (the fields and their Chinese names: search/fields.py)

A query is parsed into plain nodes; ``evaluate`` (in ``matching``) decides
which reports satisfy them exactly.
"""

from __future__ import annotations

import re

from .analysis import compact, segment
from .errors import QueryError
from .fields import Filter, field_name, known_fields, unknown_field  # noqa: F401
from .filters import PART_ALIASES, make_filter  # noqa: F401  (the query language's names)
from .fold import expand, fold_query
from .proximity import MAX_DISTANCE, Near  # noqa: F401
from .query_lex import _lex, _Tok
from .query_nodes import And, Node, Not, Or, Phrase, Words  # noqa: F401  (re-exported)

MAX_QUERY_LENGTH = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        # The top-level conjunction's clauses, as (start, end) in the folded query,
        # and whether an OR joins them (then the whole query is one clause).
        self.depth = 0
        self.spans: list[tuple[int, int]] = []
        self.top_or = False

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            raise QueryError(
                f"unexpected {tok.text!r} at character {tok.pos + 1}"
                + (": no opening parenthesis" if tok.kind == "RP" else ""),
                "unmatched_paren" if tok.kind == "RP" else "unexpected_token",
                token=tok.text,
                position=tok.pos + 1,
            )
        return node

    def or_expr(self):
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RP"):
                raise QueryError("OR needs a term on both sides", "empty_or")
            parts.append(self.and_expr())
        if len(parts) > 1 and self.depth == 0:
            self.top_or = True
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        parts = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RP"):
            if tok.kind == "AND":
                self.take()
                if not parts or self.peek() is None or self.peek().kind in ("OR", "AND", "RP"):
                    raise QueryError("AND needs a term on both sides", "empty_and")
                continue
            first = self.i
            node = self.prox()
            if node is not None:
                parts.append(node)
                if self.depth == 0:
                    self.spans.append((self.toks[first].pos, self.toks[self.i - 1].stop))
        if not parts:
            tok = self.peek()
            if tok is not None and tok.kind == "OR":
                raise QueryError("OR needs a term on both sides", "empty_or")
            if tok is not None and tok.kind == "RP":
                if self._after_lp():
                    raise QueryError("empty parentheses", "empty_parentheses")
                raise QueryError(
                    f"unexpected ')' at character {tok.pos + 1}",
                    "unmatched_paren",
                    position=tok.pos + 1,
                )
            raise _empty_query()
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def _after_lp(self) -> bool:
        return self.i > 0 and self.toks[self.i - 1].kind == "LP"

    def unary(self):
        tok = self.take()
        if tok.kind == "NOT":
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RP"):
                raise QueryError(
                    f"{'NOT' if tok.text == 'NOT' else '-'} needs a term after it", "empty_not"
                )
            child = self.prox()
            if child is None:
                raise QueryError("NOT needs a searchable term after it", "empty_not")
            return Not(child)
        if tok.kind == "LP":
            if self.peek() is not None and self.peek().kind == "RP":
                raise QueryError("empty parentheses", "empty_parentheses")
            self.depth += 1
            node = self.or_expr()
            self.depth -= 1
            if self.peek() is None or self.peek().kind != "RP":
                raise QueryError(
                    f"unbalanced parenthesis: the one at character {tok.pos + 1} is never closed",
                    "unclosed_paren",
                    position=tok.pos + 1,
                )
            self.take()
            return node
        if tok.kind == "RP":
            raise QueryError(
                f"unexpected ')' at character {tok.pos + 1}: no opening parenthesis",
                "unmatched_paren",
                position=tok.pos + 1,
            )
        if tok.kind == "PROX":
            raise _needs_sides(tok)
        if tok.kind == "FUNC":
            return self.function(tok)
        if tok.kind == "PHRASE":
            text = compact(tok.text)
            if not text:
                raise QueryError(
                    "empty phrase: put some characters between the quotes", "empty_phrase"
                )
            return Phrase(text)
        if tok.kind == "FIELD":
            return make_filter(tok.field, tok.text)
        tokens = tuple(segment(fold_query(tok.text)))
        return Words(tok.text, tokens) if tokens else None

    def prox(self):
        """A term, or two terms joined by a proximity operator (binds tighter than AND)."""
        left = self.unary()
        op = self.peek()
        if op is None or op.kind != "PROX":
            return left
        self.take()
        if left is None or self.peek() is None or self.peek().kind in _NO_TERM:
            raise _needs_sides(op)
        right = self.unary()
        if right is None:
            raise _needs_sides(op)
        node = near(left, right, op)
        if (nxt := self.peek()) is not None and nxt.kind == "PROX":
            raise QueryError(
                f"one proximity operator at a time: put {nxt.text} in a separate clause"
                f" (character {nxt.pos + 1})",
                "chained_proximity",
                operator=nxt.text,
                position=nxt.pos + 1,
            )
        return node

    def function(self, tok: _Tok):
        """同句(A B) and 同段(A B): the two terms in parentheses."""
        self.take()  # the lexer saw the "(" right after the name
        terms = []
        while (nxt := self.peek()) is not None and nxt.kind not in _NO_TERM:
            terms.append(self.unary())
        if self.peek() is None or self.peek().kind != "RP" or len(terms) != 2 or None in terms:
            raise QueryError(
                f"{tok.text}(…) needs two terms in its parentheses, such as {tok.text}(复议 纠错)",
                "empty_proximity",
                operator=tok.text,
                position=tok.pos + 1,
            )
        self.take()
        return near(terms[0], terms[1], tok)


_NO_TERM = ("OR", "AND", "RP", "PROX")


def _needs_sides(op: _Tok) -> QueryError:
    return QueryError(
        f"{op.text} needs a term on both sides, such as 复议 {op.text} 纠错"
        f" (character {op.pos + 1})",
        "empty_proximity",
        operator=op.text,
        position=op.pos + 1,
    )


def near(left, right, op: _Tok) -> Near:
    """The operator's node; each side must be a phrase, a word or an OR of them."""
    return Near(_alternatives(left, op), _alternatives(right, op), op.field, op.distance)


def _alternatives(node, op: _Tok) -> tuple[str, ...]:
    if isinstance(node, Phrase):
        return (node.text,)
    if isinstance(node, Words):
        return (compact(node.raw),)  # a bare word's own characters, as a phrase
    if isinstance(node, Or) and node.children:
        return tuple(dict.fromkeys(a for c in node.children for a in _alternatives(c, op)))
    raise QueryError(
        f"{op.text} joins phrases, words or (… OR …) groups of them, not {node}",
        "bad_proximity_term",
        operator=op.text,
        term=str(node),
    )


def parse_query(query: str) -> Node:
    """Parse a query string; raises QueryError with a one-line message."""
    return _parse(query)[0]


def clause_spans(query: str) -> tuple[list[tuple[int, int]], bool]:
    """Where each clause of the query's top-level conjunction is written in ``query``.

    Returns ((start, end) per clause, in order; whether the top level is an OR, in
    which case the spans are its conjunction's and the whole query is one clause).
    A word that searches nothing (punctuation alone) is no clause.  Raises
    QueryError for a query that does not parse.
    """
    _, parser, _ = _parse(query)
    # Offsets are in the query as matched, where list markers are written out
    # (① -> (1)); everything else folds one character for one.
    starts: list[int] = []  # folded offset -> offset in ``query``
    for j, ch in enumerate(query):
        starts.extend([j] * len(expand(ch)))
    starts.append(len(query))
    spans = [(starts[a], starts[b - 1] + 1) for a, b in parser.spans]
    return spans, parser.top_or


def _parse(query: str) -> tuple[Node, _Parser, str]:
    if not isinstance(query, str):
        raise QueryError("the query must be text", "not_text")
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"query too long: {len(query)} characters, at most {MAX_QUERY_LENGTH}",
            "query_too_long",
            length=len(query),
            limit=MAX_QUERY_LENGTH,
        )
    if _CONTROL.search(query):
        raise QueryError("query contains a control character (such as NUL)", "control_character")
    query = fold_query(query)  # as the text is matched: （ is (, ： is :
    if not query.strip():
        raise _empty_query()
    parser = _Parser(_lex(query))
    return parser.parse(), parser, query


def _empty_query() -> QueryError:
    return QueryError("empty query: type a phrase in quotes or some words", "empty_query")
