"""The indicator list as data: read and check ``search/data/indicators.toml``.

A researcher adds an indicator by adding an ``[[indicator]]`` table (name, unit,
labels); the code never names an indicator.  Everything is compiled once here, so
a mistake in the file is reported when it is loaded, naming the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import SearchError

DEFAULT_SPEC = Path(__file__).parent / "data" / "indicators.toml"

# A number as reports write it: 12 / 1,800 / 3 111 (a PDF's thousands space) / 88.20051 /
# 一百二十 / 两.  Arabic numbers must not continue a longer number or a decimal; Chinese ones
# are only taken after a label.
NUMBER = (
    r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?: \d{3})+(?![\d.])|\d+)(?:\.\d+)?"
    r"|[零〇一二两三四五六七八九十百千]+"
)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LEAD = r"(?P<lead>近|约|超过|逾|不到|不足)?"
_TAIL = r"(?P<tail>以上|以下|左右|之多)?"


class IndicatorSpecError(SearchError):
    """The indicator data file cannot be used; the message names the entry and the problem."""


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str  # canonical unit
    factors: dict[str, float]  # accepted written unit -> factor to the canonical unit
    label: re.Pattern[str] | None  # label ... gap ... at the end of the text before a number
    patterns: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]  # (before, after) a number
    context: frozenset[str] = frozenset()
    exclude: re.Pattern[str] | None = None
    # Every Han run written in its labels and pattern starts: each match of a label
    # passes through one, so a sentence holding none is skipped (a substring test is
    # twenty times cheaper than searching the labels).
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A statistical table a report may print (行政执法统计年报): its header, then a row of
    numbers whose first or last cells are indicator values ("" = a cell not taken)."""

    header: re.Pattern[str]  # may name the money unit of its cells: (?P<unit>万元|元)
    first: tuple[str, ...] = ()
    last: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    indicators: tuple[Indicator, ...]
    quantity: re.Pattern[str]  # a number with any known unit
    topics: re.Pattern[str] | None
    all_units: frozenset[str] = field(default_factory=frozenset)
    # Every keyword (see Indicator.keywords) at every position, longest first, and the
    # indicators each one found stands for (its own and those of the keywords inside it).
    keyword_re: re.Pattern[str] | None = None
    keyword_map: dict[str, frozenset[int]] = field(default_factory=dict)
    always: frozenset[int] = frozenset()  # indicators without keywords
    # A digit (either width) or Chinese numeral right before a unit's first character:
    # only sentences holding one are folded and parsed (most sentences hold none).
    candidate: re.Pattern[str] | None = None
    tables: tuple[Table, ...] = ()


def _quantity_re(units: list[str]) -> str:
    # 余/多 before 万 too: 190余万人, 10余万元
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return (
        rf"{_LEAD}(?P<num>{NUMBER})\s*(?P<pre>余|多)?(?P<mult>万|亿)?(?P<approx>余|多)?\s*"
        rf"(?P<unit>{alt})(?![事员民大口才性]){_TAIL}"
    )


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as e:
        raise IndicatorSpecError(f"{where}: bad pattern {pattern!r}: {e}") from None


def _strings(entry: dict, key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise IndicatorSpecError(f"{where}: {key} must be a string or a list of strings")
    return value


def load_spec(path: str | Path = DEFAULT_SPEC) -> Spec:
    """Read and compile an indicator data file (TOML); raises IndicatorSpecError."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise IndicatorSpecError(f"{path}: cannot read the indicator list: {e}") from None
    units = data.get("units", {})
    if not isinstance(units, dict) or not units:
        raise IndicatorSpecError(f"{path}: no [units] table")
    filler = data.get("filler", r"\s")
    all_units = {u for table in units.values() for u in table}
    seen: set[str] = set()
    indicators = []
    for i, entry in enumerate(data.get("indicator", [])):
        where = f"{path}: indicator {i + 1}"
        name, unit = entry.get("name"), entry.get("unit")
        if not isinstance(name, str) or not name:
            raise IndicatorSpecError(f"{where}: no name")
        where = f"{path}: indicator {name}"
        if name in seen:
            raise IndicatorSpecError(f"{where}: named twice")
        seen.add(name)
        if unit not in units:
            raise IndicatorSpecError(f"{where}: unit {unit!r} is not in [units]")
        accepted = _strings(entry, "units", where) or list(units[unit])
        unknown = [u for u in accepted if u not in units[unit]]
        if unknown:
            raise IndicatorSpecError(f"{where}: units {unknown} are not in [units.{unit}]")
        labels = _strings(entry, "labels", where)
        patterns = _strings(entry, "patterns", where)
        if not labels and not patterns:
            raise IndicatorSpecError(f"{where}: needs labels or patterns")
        # A number in a unit this indicator does not take may stand between label and
        # number (培训3次120人次): it is another count of the same subject.
        other = [u for u in all_units if u not in accepted]
        gap = f"(?:{filler}|{_quantity_re(other)}[,、]?)*" if other else f"(?:{filler})*"
        label = (
            _compile(rf"(?P<label>{'|'.join(labels)})(?:{_strip_names(gap)})\s*$", where)
            if labels
            else None
        )
        compiled = []
        for p in patterns:
            if p.count("{N}") != 1:
                raise IndicatorSpecError(f"{where}: pattern {p!r} needs one {{N}}")
            before, after = p.split("{N}")
            compiled.append(
                (_compile(rf"(?P<label>{before})\s*$", where), _compile(rf"\s*(?:{after})", where))
            )
        starts = labels + [p.split("{N}")[0] for p in patterns]
        keywords = tuple(sorted({k for x in starts for k in _HAN_RUN.findall(x)}))
        if any(not _HAN_RUN.search(x) for x in starts):
            keywords = ()  # a label with no Han run: no cheap test, always search
        exclude = entry.get("exclude")
        indicators.append(
            Indicator(
                name=name,
                unit=unit,
                factors={u: float(units[unit][u]) for u in accepted},
                label=label,
                patterns=tuple(compiled),
                context=frozenset(_strings(entry, "context", where)),
                exclude=_compile(exclude, where) if exclude else None,
                keywords=keywords,
            )
        )
    if not indicators:
        raise IndicatorSpecError(f"{path}: no [[indicator]] entries")
    topics = _strings(data, "topics", str(path))
    topics_re = (
        re.compile("|".join(re.escape(t) for t in sorted(topics, key=len, reverse=True)))
        if topics
        else None
    )
    firsts = "".join(sorted({u[0] for u in all_units} | {"%", "％"}))
    owners: dict[str, set[int]] = {}
    for n, ind in enumerate(indicators):
        for k in ind.keywords:
            owners.setdefault(k, set()).add(n)
    keyword_map = {
        k: frozenset(n for k2, ns in owners.items() if k2 in k for n in ns) for k in owners
    }
    alt = "|".join(re.escape(k) for k in sorted(owners, key=len, reverse=True))
    tables = tuple(_tables(data, path, {ind.name for ind in indicators}))
    return Spec(
        tables=tables,
        indicators=tuple(indicators),
        quantity=re.compile(_quantity_re(sorted(all_units))),
        topics=topics_re,
        all_units=frozenset(all_units),
        keyword_re=re.compile(f"(?=({alt}))") if alt else None,
        keyword_map=keyword_map,
        always=frozenset(n for n, ind in enumerate(indicators) if not ind.keywords),
        candidate=re.compile(
            rf"[0-9０-９零〇一二两三四五六七八九十百千][万亿余多\s]{{0,3}}[{re.escape(firsts)}]"
        ),
    )


def _tables(data: dict, path: Path, names: set[str]) -> list[Table]:
    out = []
    for i, entry in enumerate(data.get("table", [])):
        where = f"{path}: table {i + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("header"), str):
            raise IndicatorSpecError(f"{where}: needs a header pattern")
        first = _strings(entry, "first", where)
        last = _strings(entry, "last", where)
        unknown = [n for n in first + last if n and n not in names]
        if unknown:
            raise IndicatorSpecError(f"{where}: columns {unknown} are not indicators")
        if not any(first + last):
            raise IndicatorSpecError(f"{where}: takes no column")
        out.append(Table(_compile(entry["header"], where), tuple(first), tuple(last)))
    return out


def _strip_names(pattern: str) -> str:
    """Named groups made plain: the gap repeats the quantity pattern, whose names clash."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


@lru_cache(maxsize=8)
def default_spec() -> Spec:
    return load_spec(DEFAULT_SPEC)
