"""The division table: names to province / city / county, ambiguity, loading cost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from search import gazetteer
from search.gazetteer import LEVEL_CITY, LEVEL_COUNTY, LEVEL_PROVINCE, Region


@pytest.mark.parametrize(
    ("agency", "region"),
    [
        ("江门市江海区卫生健康局", Region("广东省", "江门市", "江海区", LEVEL_COUNTY)),
        ("江海区卫生健康局", Region("广东省", "江门市", "江海区", LEVEL_COUNTY)),
        ("新县卫生健康委员会", Region("河南省", "信阳市", "新县", LEVEL_COUNTY)),
        ("韶关市武江区卫生健康局", Region("广东省", "韶关市", "武江区", LEVEL_COUNTY)),
        ("解放区卫健委", Region("河南省", "焦作市", "解放区", LEVEL_COUNTY)),
        ("江门市卫生健康局", Region("广东省", "江门市", "", LEVEL_CITY)),
        ("广东省卫生健康委员会", Region("广东省", "", "", LEVEL_PROVINCE)),
        ("北京市朝阳区卫生健康委员会", Region("北京市", "", "朝阳区", LEVEL_COUNTY)),
        ("北京市卫生健康委员会", Region("北京市", "", "", LEVEL_PROVINCE)),
        ("济源市卫生健康委员会", Region("河南省", "", "济源市", LEVEL_COUNTY)),
        ("区卫生健康局", Region()),
        ("国务院", Region()),
    ],
)
def test_region_of_agency(agency: str, region: Region) -> None:
    assert gazetteer.region_of(agency) == region


def test_ambiguous_county_keeps_only_what_is_certain() -> None:
    assert {d.code[:4] for d in gazetteer.lookup("市中区")} == {"3701", "3704", "5110", "5111"}
    assert gazetteer.region_of("市中区卫生健康局") == Region("", "", "市中区", LEVEL_COUNTY)
    # 朝阳区: 北京 and 长春 share nothing, so neither province nor city is kept
    assert gazetteer.region_of("朝阳区卫生健康局").name == "朝阳区"


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("在济南市委、市政府的领导下", "山东省济南市市中区"),
        ("枣庄市卫生健康委", "山东省枣庄市市中区"),
        ("四川省乐山市", "四川省乐山市市中区"),
        ("落实山东省的部署", "山东省市中区"),  # two 山东 cities remain: province only
        ("省委、市委、区委", "市中区"),
    ],
)
def test_context_settles_an_ambiguous_county(context: str, expected: str) -> None:
    assert gazetteer.region_of("市中区卫生健康局", context).name == expected


def test_leading_places() -> None:
    assert gazetteer.leading_places("江门市江海区卫生健康局") == ["江门市", "江海区"]
    assert gazetteer.leading_places("卫生健康局") == []


def test_table_loads_lazily_and_fast() -> None:
    code = (
        "import time, sys; import search.gazetteer as g;"
        "assert g._table.cache_info().currsize == 0;"
        "t = time.perf_counter(); g.lookup('江海区');"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 0.2
