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
from dataclasses import dataclass

from .analysis import compact, segment
from .errors import QueryError
from .fields import Filter, field_name, known_fields, unknown_field  # noqa: F401
from .filters import PART_ALIASES, make_filter  # noqa: F401  (the query language's names)
from .fold import expand, fold_query
from .proximity import MAX_DISTANCE, Near

MAX_QUERY_LENGTH = 500
_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』"}
# A field-like prefix: Latin letters then a colon, but not a URL's scheme (http://).
_ASCII_FIELD = re.compile(r"([A-Za-z][A-Za-z_]*):(?!//)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Phrase:
    text: str  # compact form: folded (search.fold), whitespace removed

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


Node = Phrase | Words | Filter | And | Or | Not | Near


# ---------------------------------------------------------------- lexer


@dataclass
class _Tok:
    kind: str  # WORD PHRASE FIELD OR AND NOT LP RP PROX FUNC
    text: str
    pos: int
    field: str = ""  # FIELD: the field; PROX and FUNC: the proximity kind
    distance: int = 0
    end: int = -1  # where the token's text ends in the (folded) query; -1: pos + len(text)

    @property
    def stop(self) -> int:
        return self.end if self.end >= 0 else self.pos + len(self.text)


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
            start = i
            text, i = _quoted(q, i)
            toks.append(_Tok("PHRASE", text, start, end=i))
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
                toks.append(_Tok("FIELD", value, start, field, end=i))
            elif m := _ASCII_FIELD.match(word):
                # Latin letters before a colon are meant as a field (agnecy:江海区 is a
                # typo, not text to search); Han text keeps its colons (通知：要求).
                raise unknown_field(m.group(1), start + 1)
            elif word in ("OR", "AND", "NOT"):
                toks.append(_Tok(word, word, start))
            elif word in _FUNCS and i < n and q[i] == "(":
                toks.append(_Tok("FUNC", word, start, _FUNCS[word]))
            else:
                _word_or_operator(toks, word, start)
    return toks


_FUNCS = {"同句": "sentence", "同段": "paragraph"}
_DISTANCE_OP = re.compile(r"(NEAR|BEFORE)(/.*)?$", re.IGNORECASE)
_GAP = re.compile(r"间隔(\d+)字")


def _word_or_operator(toks: list[_Tok], word: str, start: int) -> None:
    """A bare word, or a proximity operator (NEAR/10, /s, 间隔10字 also inside a word)."""
    m = _DISTANCE_OP.match(word)
    if m and (m.group(2) is not None or word.isupper()):
        name = m.group(1).upper()
        dist = _distance(name, (m.group(2) or "")[1:], start)
        kind = "near" if name == "NEAR" else "before"
        if kind == "near" and toks and toks[-1].kind == "NOT" and toks[-1].text == "NOT":
            toks[-1] = _Tok(
                "PROX", f"NOT NEAR/{dist}", toks[-1].pos, "not_near", dist, start + len(word)
            )
        else:
            toks.append(_Tok("PROX", f"{name}/{dist}", start, kind, dist, start + len(word)))
    elif word.startswith("/") and len(word) > 1:
        kind = {"/s": "sentence", "/p": "paragraph"}.get(word.lower())
        if kind is None:
            raise QueryError(
                f"unknown operator {word!r} at character {start + 1}: use /s (same sentence),"
                " /p (same paragraph) or NEAR/10",
                "unknown_operator",
                token=word,
                position=start + 1,
            )
        toks.append(_Tok("PROX", word.lower(), start, kind))
    elif g := _GAP.search(word):
        before, after = word[: g.start()], word[g.end() :]
        if before:
            toks.append(_Tok("WORD", before, start))
        dist = _distance("间隔", g.group(1), start + g.start())
        toks.append(_Tok("PROX", g.group(0), start + g.start(), "near", dist))
        if after:
            _word_or_operator(toks, after, start + g.end())
    else:
        toks.append(_Tok("WORD", word, start))


def _distance(name: str, digits: str, pos: int) -> int:
    example = "间隔10字" if name == "间隔" else f"{name}/10"
    if not digits.isdigit() or not digits.isascii():
        raise QueryError(
            f"{name} needs a distance such as {example} (at character {pos + 1})",
            "missing_distance",
            operator=name,
            example=example,
            position=pos + 1,
        )
    if int(digits) > MAX_DISTANCE:
        raise QueryError(
            f"{name} distance {int(digits)} is too large: at most {MAX_DISTANCE} characters",
            "distance_too_large",
            operator=name,
            value=int(digits),
            limit=MAX_DISTANCE,
        )
    return int(digits)


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
