"""The query language's nodes: what search/query.py parses a query into and
``matching.evaluate`` decides over."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import Filter
from .proximity import Near


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
