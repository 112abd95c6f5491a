"""The metadata fields, in one registry: a new field is one ``MetaField`` entry.

Every place a field shows up reads this registry when it runs: the query
language (``agency:江海区``, ``层级:市级``) and its error messages, the filters
(search/filters.py: how each kind of field parses a value and keeps reports),
the facets, a hit's JSON, the citation CSV's columns, the manifest's columns,
the CLI's options and the web's URL parameters and labels.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from .errors import QueryError

# How a field's filter matches (see search/filters.py):
KINDS = (
    "text",  # the record's value contains the filter's text (compared folded, no whitespace)
    "year",  # a year or a range of years
    "choice",  # one of ``values`` exactly (a value may be typed by an alias)
    "section",  # a required part of the report: restricts where matches may be
    "reuse",  # a share of reused text, or a kind of reuse (search/reuse)
    "none",  # not a filter: shown and exported only
)


@dataclass(frozen=True)
class MetaField:
    """One metadata field and everything that treats it alike.

    ``name`` is the English name everywhere a program reads it: the query field,
    the CLI option (``--name``), the URL parameter, the JSON key, the manifest
    column and the key of a report's record.
    """

    name: str
    label: str  # the Chinese name a page shows (chip, facet heading)
    aliases: tuple[str, ...] = ()  # other names the query accepts, Chinese first
    kind: str = "text"  # one of KINDS
    example: str = ""  # a value, for "needs a value, e.g. …"
    values: tuple[str, ...] = ()  # kind "choice": the values a record holds
    value_aliases: tuple[tuple[str, str], ...] = ()  # kind "choice": (typed, value)
    option: bool = False  # a CLI option of search and concordance, and a URL parameter
    facet: int = 0  # its place among the facets counted over every match (0: not a facet)
    stored: bool = True  # a value of each report: a JSON key, a manifest column
    column: str = ""  # its column in the citation CSV ("" for none)

    @property
    def queried(self) -> bool:
        return self.kind != "none"


_LEVELS = ("县区级", "市级", "省级", "乡镇级", "国家级")

BUILT_IN = (
    MetaField(
        "agency",
        "机构",
        ("机构",),
        "text",
        "江海区卫生健康局",
        option=True,
        facet=1,
        column="机构",
    ),
    MetaField("region", "地区", ("地区",), "text", "广东", option=True, facet=3, column="地区"),
    MetaField(
        "level",
        "层级",
        ("层级",),
        "choice",
        "市级",
        values=_LEVELS,
        value_aliases=(
            ("县级", "县区级"),
            ("区级", "县区级"),
            ("县", "县区级"),
            ("区", "县区级"),
            ("county", "县区级"),
            ("city", "市级"),
            ("province", "省级"),
            ("town", "乡镇级"),
            ("national", "国家级"),
        ),
    ),
    MetaField(
        "year", "年份", ("年份", "年度"), "year", "2021", option=True, facet=2, column="年份"
    ),
    MetaField("date", "日期", kind="none", column="日期"),
    MetaField("doc_number", "发文字号", kind="none", column="发文字号"),
    MetaField("title", "标题", ("标题",), "text", "报告", column="标题"),
    MetaField("url", "网址", kind="none"),
    MetaField(
        "section", "报告部分", ("部分",), "section", "不足", option=True, facet=4, stored=False
    ),
    MetaField("reuse", "复用", ("复用",), "reuse", ">50%", stored=False),
)

# name -> field, in registry order: the order of JSON keys, CSV columns and options.
REGISTRY: dict[str, MetaField] = {f.name: f for f in BUILT_IN}


def register_field(meta: MetaField) -> MetaField:
    """Add a field (or replace the one of that name); every reader sees it from now on."""
    if meta.kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {meta.kind!r}")
    REGISTRY[meta.name] = meta
    return meta


def unregister_field(name: str) -> None:
    """Remove a field added by ``register_field`` (a built-in one comes back as it was)."""
    REGISTRY.pop(name, None)
    for built in BUILT_IN:
        if built.name == name:
            REGISTRY[name] = built


def fields() -> Iterator[MetaField]:
    return iter(tuple(REGISTRY.values()))


def query_fields() -> list[str]:
    """The fields the query language knows (``agency:`` …)."""
    return [f.name for f in fields() if f.queried]


def query_field_names() -> dict[str, str]:
    """The query's fields and the first Chinese name of each ("" for none)."""
    return {f.name: f.aliases[0] if f.aliases else "" for f in fields() if f.queried}


def option_fields() -> list[str]:
    """The fields that are CLI options and URL parameters (``--agency``, ``agency=``),
    the facets' first, in their order (the order of a page's filter chips)."""
    return [f.name for f in sorted(fields(), key=lambda f: (not f.facet, f.facet)) if f.option]


def facet_fields() -> list[str]:
    """The facets counted over every match, in the order a page shows them."""
    return [f.name for f in sorted(fields(), key=lambda f: f.facet) if f.facet]


def stored_fields() -> list[str]:
    """The fields every report holds a value of: JSON keys and manifest columns."""
    return [f.name for f in fields() if f.stored]


def field_labels() -> dict[str, str]:
    """Each field's Chinese name, as a page shows it (chips, facet headings)."""
    return {f.name: f.label for f in fields()}


def field_name(word: str) -> str:
    """The field a query word names (``Agency``, ``机构``), or "" when it names none."""
    low = word.lower()
    for f in fields():
        if f.queried and (low == f.name or word in f.aliases):
            return f.name
    return ""


def unknown_field(name: str, position: int = 0) -> QueryError:
    where = f" at character {position}" if position else ""
    return QueryError(
        f"unknown field {name}:{where}, use one of {known_fields()}",
        "unknown_field",
        field=name,
        position=position,
        known=known_fields(),
    )


def known_fields() -> str:
    """``agency (机构), region (地区), …``: the query's fields with their Chinese names."""
    return ", ".join(
        f"{f.name} ({'/'.join(f.aliases)})" if f.aliases else f.name for f in fields() if f.queried
    )


@dataclass(frozen=True)
class Filter:
    field: str
    value: str  # text: compact text; choice: the value; section: a part name
    lo: int = 0  # year range; reuse share
    hi: int = 0

    @property
    def kind(self) -> str:
        meta = REGISTRY.get(self.field)
        return meta.kind if meta is not None else "text"

    def __str__(self) -> str:
        if self.kind == "reuse" and self.value in "<>":
            return f"{self.field}:{self.value}{self.lo}%"
        if self.kind == "year":
            return (
                f"{self.field}:{self.lo}"
                if self.lo == self.hi
                else f"{self.field}:{self.lo}-{self.hi}"
            )
        return f"{self.field}:{self.value}"


def split_record(record: dict, attrs: Collection[str]) -> tuple[dict, dict]:
    """A report record's stored-field values: (those named in ``attrs``, the rest).

    The first are a class's typed attributes (``Hit.agency``), the rest its
    ``extra``: a field added to the registry travels with no change to the class.
    """
    known: dict[str, object] = {}
    extra: dict[str, object] = {}
    for f in fields():
        if f.stored:
            value = record.get(f.name)
            if value is None and f.kind != "year":
                value = ""
            (known if f.name in attrs else extra)[f.name] = value
    return known, extra


def value_of(obj: object, name: str) -> object:
    """Field ``name`` of a hit, row or line: its attribute, else its ``extra`` entry."""
    extra = getattr(obj, "extra", None) or {}
    return extra[name] if name in extra else getattr(obj, name, "")


def citation_columns() -> list[str]:
    """The citation table's columns that name the report (机构, 地区, 年份, …)."""
    return [f.column for f in fields() if f.column]


def citation_cells(obj: object) -> list[object]:
    """``obj``'s values for ``citation_columns``, in their order."""
    return [value_of(obj, f.name) for f in fields() if f.column]
