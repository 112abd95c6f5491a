"""The 高级检索 form and search within results: queries written for the user.

The form's fields (two terms, how they relate, part, agency, years, further
conditions) become a query string of the ordinary language, so the form finds
exactly what typing that string finds, and the user sees the syntax it wrote.
Each term is one exact phrase: it is quoted with a quote mark it does not
contain, so no character a user types can end it early.

Search within results adds a clause to the query's top-level conjunction; the
results page shows each clause as a chip that removes it.  Clauses are cut
where the parser found them (``query.clause_spans``), so a quote or a
parenthesis is never split and a top-level OR stays one clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from .analysis import compact
from .errors import QueryError
from .fields import REGISTRY, Filter
from .fold import fold_query
from .proximity import MAX_DISTANCE, Near
from .query import MAX_QUERY_LENGTH, Not, Phrase, clause_spans, parse_query

# The form's relations between its two terms (the first is the default).
OPERATORS = {
    "and": "都出现（不限位置）",
    "sentence": "同句",
    "paragraph": "同段",
    "near": "间隔 N 字以内（前后不限）",
    "before": "第一个在前，间隔 N 字以内",
    "not_near": "第一个出现，且其前后 N 字内没有第二个",
    "not": "第一个出现，第二个不出现",
}
_WRITTEN = {"sentence": "/s", "paragraph": "/p", "near": "NEAR", "before": "BEFORE"}
_WRITTEN["not_near"] = "NOT NEAR"
_DISTANCES = ("near", "before", "not_near")
DEFAULT_DISTANCE = 10
# Quote pairs a phrase may be written in, and the character that ends each.
_QUOTE_PAIRS = (('"', '"'), ("「", "」"), ("『", "』"))
# The form's fields that are one filter each, in the order they are written.
_FILTER_FIELDS = ("section", "level", "agency")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AdvancedQuery:
    """The form's fields as typed (strings, so a bad value can be shown again)."""

    first: str = ""
    operator: str = "and"
    distance: str = str(DEFAULT_DISTANCE)
    second: str = ""
    section: str = ""
    level: str = ""  # 层级 (search/fields.py)
    agency: str = ""
    year_from: str = ""
    year_to: str = ""
    other: str = ""  # further conditions in the query language

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AdvancedQuery:
        """The form from request arguments; unknown arguments are ignored."""
        values = {f.name: str(args.get(f.name) or "") for f in fields(cls)}
        values["operator"] = values["operator"] or "and"
        values["distance"] = values["distance"] or str(DEFAULT_DISTANCE)
        return cls(**values)

    @property
    def needs_distance(self) -> bool:
        return self.operator in _DISTANCES


@dataclass(frozen=True)
class QueryClause:
    """One clause of a query's top-level conjunction, and the query without it."""

    text: str
    without: str


def build_query(form: AdvancedQuery) -> str:
    """The query string the form describes; raises QueryError naming the bad field."""
    for f in fields(form):
        value = getattr(form, f.name)
        if _CONTROL.search(value):
            raise QueryError(
                f"{f.name} contains a control character (such as NUL)", "control_character"
            )
        if len(value) > MAX_QUERY_LENGTH:
            raise QueryError(
                f"{f.name} too long: {len(value)} characters, at most {MAX_QUERY_LENGTH}",
                "query_too_long",
                length=len(value),
                limit=MAX_QUERY_LENGTH,
            )
    op = form.operator
    if op not in OPERATORS:
        raise QueryError(
            f"unknown operator {op!r}: use one of {', '.join(OPERATORS)}",
            "bad_operator",
            value=op,
        )
    first, second = phrase(form.first, "first"), phrase(form.second, "second")
    clauses: list[str] = []
    if op == "and":
        clauses += [t for t in (first, second) if t]
    elif op == "not":
        if not second:
            raise _missing("second", op)
        clauses += [first, f"-{second}"] if first else [f"-{second}"]
    else:
        for name, term in (("first", first), ("second", second)):
            if not term:
                raise _missing(name, op)
        written = _WRITTEN[op]
        if op in _DISTANCES:
            written += f"/{_distance(form.distance)}"
        clauses.append(f"{first} {written} {second}")
    if form.other.strip():
        clauses += split_clauses(form.other)
    for name in _FILTER_FIELDS:
        value = getattr(form, name)
        if value.strip():
            clauses.append(f"{name}:{field_value(value)}")
    years = [y.strip() for y in (form.year_from, form.year_to) if y.strip()]
    if years:
        clauses.append("year:" + field_value("-".join(dict.fromkeys(years))))
    query = join_clauses(clauses)
    parse_query(query)  # every field checked as the query language checks it
    return query


def phrase(term: str, name: str = "term") -> str:
    """``term`` as one exact phrase of the query language, or "" when it has no text.

    Whitespace is not matched (phrases are compared without it), so runs of it
    are written as one space.
    """
    term = " ".join(term.split())
    if not compact(term):
        return ""
    # The query is folded before it is read (＂ becomes "), so look at the folded term.
    folded = fold_query(term)
    for opening, closing in _QUOTE_PAIRS:
        if closing not in folded:
            return f"{opening}{term}{closing}"
    raise QueryError(
        f'the {name} term contains every closing quote mark (" 」 』): it cannot be one phrase',
        "unquotable_term",
        field=name,
    )


def field_value(value: str) -> str:
    """A field's value as written after ``name:``; quoted when it would end early."""
    value = " ".join(value.split())
    folded = fold_query(value)
    if folded and not any(c.isspace() or c in '()"“”「」『』' for c in folded):
        return value
    return phrase(value, "field") or value


def split_clauses(query: str) -> list[str]:
    """The clauses of ``query``'s top-level conjunction, as written.

    A top-level OR is one clause, put in parentheses so it stays one wherever it
    is joined.  Raises QueryError when the query does not parse.
    """
    spans, top_or = clause_spans(query)
    if top_or:
        return [f"({query[spans[0][0] : spans[-1][1]]})"]
    return [query[a:b] for a, b in spans]


def join_clauses(clauses: Iterable[str]) -> str:
    """One query ANDing ``clauses`` (each a query of its own, checked)."""
    out: list[str] = []
    for clause in clauses:
        if clause.strip():
            out += split_clauses(clause)
    return " ".join(out)


def add_clause(query: str, clause: str) -> str:
    """``query`` narrowed by ``clause`` (its clauses not already there are added)."""
    clauses = split_clauses(query) if query.strip() else []
    present = {parse_query(c) for c in clauses}
    for new in split_clauses(clause):
        node = parse_query(new)
        if node not in present:
            clauses.append(new)
            present.add(node)
    joined = join_clauses(clauses)
    parse_query(joined)  # the whole may be longer than a query may be
    return joined


def remove_clause(query: str, index: int) -> str:
    """``query`` without its clause number ``index`` (from 0); "" when none is left."""
    clauses = split_clauses(query)
    if not 0 <= index < len(clauses):
        raise QueryError(
            f"the query has {len(clauses)} clauses, no clause {index}",
            "no_such_clause",
            index=index,
            count=len(clauses),
        )
    # Clauses cut by split_clauses stand alone: joined by a space they read the same.
    return " ".join(clauses[:index] + clauses[index + 1 :])


def query_clauses(query: str) -> list[QueryClause]:
    """Each clause of ``query`` with the query that removes it (for the chips)."""
    clauses = split_clauses(query)
    return [
        QueryClause(text, " ".join(clauses[:i] + clauses[i + 1 :]))
        for i, text in enumerate(clauses)
    ]


def advanced_form(query: str = "", filters: Mapping[str, str] | None = None) -> AdvancedQuery:
    """The form that writes ``query`` (plus URL ``filters``) again, to start from.

    What the form has a field for goes there; every other clause goes to
    ``other`` as written, so ``build_query`` of the result finds the same reports.
    Raises QueryError when the query does not parse.
    """
    clauses = split_clauses(query) if query.strip() else []
    clauses += [f"{k}:{field_value(v)}" for k, v in (filters or {}).items() if v.strip()]
    form: dict[str, str] = {}
    other: list[str] = []
    for text in clauses:
        node = parse_query(text)
        if not _fill(form, node):
            other.append(text)
    form["other"] = " ".join(other)
    return AdvancedQuery(**form)


def _fill(form: dict[str, str], node: object) -> bool:
    """Put ``node`` in a field of ``form`` if one is free for it."""
    op = form.get("operator", "and")
    if isinstance(node, Near) and not form.keys() & {"first", "second", "operator"}:
        if len(node.left) == 1 and len(node.right) == 1:
            form.update(first=node.left[0], second=node.right[0], operator=node.kind)
            if node.kind in _DISTANCES:
                form["distance"] = str(node.distance)
            return True
    elif isinstance(node, Phrase) and op in ("and", "not") and "first" not in form:
        form["first"] = node.text
        return True
    elif isinstance(node, Phrase) and op == "and" and "second" not in form:
        form["second"] = node.text
        return True
    elif isinstance(node, Not) and isinstance(node.child, Phrase):
        if op == "and" and "second" not in form:
            form.update(second=node.child.text, operator="not")
            return True
    elif isinstance(node, Filter) and node.field in _FILTER_FIELDS:
        if node.field not in form:
            form[node.field] = node.value
            return True
    elif isinstance(node, Filter) and node.field == "year" and "year_from" not in form:
        form["year_from"] = str(node.lo)
        form["year_to"] = str(node.hi) if node.hi != node.lo else ""
        return True
    return False


def level_values() -> tuple[str, ...]:
    """The values of the 层级 select: the ``level`` field's, as the registry holds it now."""
    meta = REGISTRY.get("level")
    return meta.values if meta is not None and meta.kind == "choice" else ()


def _missing(name: str, op: str) -> QueryError:
    return QueryError(f"{op} needs a {name} term", "missing_term", field=name, operator=op)


def _distance(value: str) -> int:
    text = fold_query(value).strip() or str(DEFAULT_DISTANCE)
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_DISTANCE:
        raise QueryError(
            f"the distance must be a whole number from 0 to {MAX_DISTANCE}, not {value!r}",
            "bad_distance",
            value=value,
            limit=MAX_DISTANCE,
        )
    return int(text)
