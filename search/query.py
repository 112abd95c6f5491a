"""The query language: a small hand-written parser with one-line errors.

    "精确短语"          exact phrase (also “中文引号”)
    法治 建设           words, all must occur (jieba segments each)
    a OR b, NOT a, -a, ( … )
    agency:江海区  year:2021  year:2021-2022  region:广东  section:不足  title:报告

A query is parsed into plain nodes; ``evaluate`` (in ``matching``) decides
which reports satisfy them exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .analysis import compact, segment
from .errors import QueryError
from .fields import (  # noqa: F401  (the query language's names, in one place)
    FIELD_ALIASES,
    FIELDS,
    PART_ALIASES,
    Filter,
    field_name,
    known_fields,
    make_filter,
    unknown_field,
)

MAX_QUERY_LENGTH = 500
_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』"}
# A field-like prefix: Latin letters then a colon, but not a URL's scheme (http://).
_ASCII_FIELD = re.compile(r"([A-Za-z][A-Za-z_]*):(?!//)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Phrase:
    text: str  # compact form: NFKC, whitespace removed

    def __str__(self) -> str:
        return f'"{self.text}"'


@dataclass(frozen=True)
class Words:
    raw: str
    tokens: tuple[str, ...]

    def __str__(self) -> str:
        return self.raw


@dataclass(frozen=True)
class And:
    children: tuple

    def __str__(self) -> str:
        return " ".join(_wrap(c) for c in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple

    def __str__(self) -> str:
        return " OR ".join(_wrap(c) for c in self.children)


@dataclass(frozen=True)
class Not:
    child: object

    def __str__(self) -> str:
        return f"-{_wrap(self.child)}"


def _wrap(node) -> str:
    return f"({node})" if isinstance(node, And | Or) else str(node)


Node = Phrase | Words | Filter | And | Or | Not


# ---------------------------------------------------------------- lexer


@dataclass
class _Tok:
    kind: str  # WORD PHRASE FIELD OR AND NOT LP RP
    text: str
    pos: int
    field: str = ""


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok("LP" if c == "(" else "RP", c, i))
            i += 1
        elif c in _QUOTES:
            text, i = _quoted(q, i)
            toks.append(_Tok("PHRASE", text, i))
        elif c == "-" and i + 1 < n and not q[i + 1].isspace() and (not toks or _starts(q, i)):
            toks.append(_Tok("NOT", c, i))
            i += 1
        else:
            start = i
            while i < n and not q[i].isspace() and q[i] not in "()" and q[i] not in _QUOTES:
                if q[i] == ":" and q[start:i] and field_name(q[start:i]):
                    break
                i += 1
            word = q[start:i]
            if i < n and q[i] == ":" and field_name(word):
                field = field_name(word)
                i += 1
                if i < n and q[i] in _QUOTES:
                    value, i = _quoted(q, i)
                else:
                    vstart = i
                    while i < n and not q[i].isspace() and q[i] not in "()":
                        i += 1
                    value = q[vstart:i]
                toks.append(_Tok("FIELD", value, start, field))
            elif m := _ASCII_FIELD.match(word):
                # Latin letters before a colon are meant as a field (agnecy:江海区 is a
                # typo, not text to search); Han text keeps its colons (通知：要求).
                raise unknown_field(m.group(1), start + 1)
            elif word in ("OR", "AND", "NOT"):
                toks.append(_Tok(word, word, start))
            else:
                toks.append(_Tok("WORD", word, start))
    return toks


def _starts(q: str, i: int) -> bool:
    return i == 0 or q[i - 1].isspace() or q[i - 1] == "("


def _quoted(q: str, i: int) -> tuple[str, int]:
    close = _QUOTES[q[i]]
    j = q.find(close, i + 1)
    if close == "”":  # people mix “ with a plain closing "
        alt = q.find('"', i + 1)
        j = alt if j < 0 or (0 <= alt < j) else j
    if j < 0:
        raise QueryError(
            f"unbalanced quote: the phrase starting at character {i + 1} has no closing quote",
            "unbalanced_quote",
            position=i + 1,
        )
    return q[i + 1 : j], j + 1


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

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
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        parts = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RP"):
            if tok.kind == "AND":
                self.take()
                if not parts or self.peek() is None or self.peek().kind in ("OR", "AND", "RP"):
                    raise QueryError("AND needs a term on both sides", "empty_and")
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
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
            child = self.unary()
            if child is None:
                raise QueryError("NOT needs a searchable term after it", "empty_not")
            return Not(child)
        if tok.kind == "LP":
            if self.peek() is not None and self.peek().kind == "RP":
                raise QueryError("empty parentheses", "empty_parentheses")
            node = self.or_expr()
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
        if tok.kind == "PHRASE":
            text = compact(tok.text)
            if not text:
                raise QueryError(
                    "empty phrase: put some characters between the quotes", "empty_phrase"
                )
            return Phrase(text)
        if tok.kind == "FIELD":
            return make_filter(tok.field, tok.text)
        tokens = tuple(segment(unicodedata.normalize("NFKC", tok.text)))
        return Words(tok.text, tokens) if tokens else None


def parse_query(query: str) -> Node:
    """Parse a query string; raises QueryError with a one-line message."""
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
    query = unicodedata.normalize("NFKC", query)
    if not query.strip():
        raise _empty_query()
    return _Parser(_lex(query)).parse()


def _empty_query() -> QueryError:
    return QueryError("empty query: type a phrase in quotes or some words", "empty_query")
