"""The query language's lexer: a query string into tokens (words, phrases, fields,
operators), each with where it was written, for the parser in search/query.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import QueryError
from .fields import field_name, unknown_field
from .proximity import MAX_DISTANCE

_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』"}
# A field-like prefix: Latin letters then a colon, but not a URL's scheme (http://).
_ASCII_FIELD = re.compile(r"([A-Za-z][A-Za-z_]*):(?!//)")


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
