"""Synthetic collections: report-sized texts recombined from real paragraphs of the corpus.

Each report gets an agency header, a title, the four required parts (real paragraphs drawn at
random under each heading), and a signature with a date, so metadata and section extraction
have what a real report gives them. Report ``i`` depends only on (seed, i, paragraph pool), so
the 10,000 collection is the first 10,000 files of the 30,000 one and files are reused between
runs (``bench/work/synth/``, never committed).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

VERSION = 1
MIN_CHARS, MAX_CHARS = 2500, 6000
SHARES = (0.5, 0.15, 0.15, 0.2)  # of the body: measures, shortcomings, duty, plan

CITIES: dict[str, tuple[str, ...]] = {
    "焦作市": ("解放区", "山阳区", "中站区", "马村区"),
    "郑州市": ("金水区", "二七区", "中原区", "管城回族区", "惠济区"),
    "洛阳市": ("西工区", "老城区", "涧西区", "洛龙区"),
    "南京市": ("玄武区", "秦淮区", "鼓楼区", "建邺区", "栖霞区"),
    "杭州市": ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区"),
    "宁波市": ("海曙区", "江北区", "北仑区", "鄞州区"),
    "成都市": ("锦江区", "青羊区", "金牛区", "武侯区", "成华区"),
    "武汉市": ("江岸区", "江汉区", "硚口区", "洪山区", "武昌区"),
    "长沙市": ("芙蓉区", "天心区", "岳麓区", "开福区", "雨花区"),
    "济南市": ("历下区", "市中区", "槐荫区", "天桥区", "历城区"),
    "青岛市": ("市南区", "市北区", "黄岛区", "崂山区", "李沧区"),
    "西安市": ("新城区", "碑林区", "莲湖区", "雁塔区", "未央区"),
    "合肥市": ("瑶海区", "庐阳区", "蜀山区", "包河区"),
    "福州市": ("鼓楼区", "台江区", "仓山区", "晋安区"),
    "厦门市": ("思明区", "湖里区", "集美区", "海沧区"),
    "广州市": ("越秀区", "海珠区", "荔湾区", "天河区", "白云区"),
    "深圳市": ("福田区", "罗湖区", "南山区", "宝安区", "龙岗区"),
    "江门市": ("蓬江区", "江海区", "新会区"),
    "沈阳市": ("和平区", "沈河区", "皇姑区", "铁西区"),
    "昆明市": ("五华区", "盘龙区", "官渡区", "西山区"),
    "南昌市": ("东湖区", "西湖区", "青云谱区", "青山湖区"),
    "石家庄市": ("长安区", "桥西区", "新华区", "裕华区"),
    "太原市": ("小店区", "迎泽区", "杏花岭区", "万柏林区"),
    "贵阳市": ("南明区", "云岩区", "花溪区", "观山湖区"),
    "南宁市": ("兴宁区", "青秀区", "江南区", "西乡塘区"),
    "兰州市": ("城关区", "七里河区", "西固区", "安宁区"),
    "哈尔滨市": ("道里区", "南岗区", "道外区", "香坊区"),
    "苏州市": ("姑苏区", "虎丘区", "吴中区", "相城区"),
    "无锡市": ("梁溪区", "锡山区", "惠山区", "滨湖区"),
    "乌鲁木齐市": ("天山区", "沙依巴克区", "新市区", "水磨沟区"),
}
DEPARTMENTS = (
    "卫生健康局",
    "司法局",
    "教育局",
    "公安分局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "退役军人事务局",
    "城市管理局",
    "科学技术局",
    "体育局",
    "行政审批服务局",
    "信访局",
)
YEARS = tuple(range(2019, 2025))
TITLES = (
    "关于{y}年法治政府建设工作情况的报告",
    "{y}年度法治政府建设情况报告",
    "关于{y}年度法治政府建设情况的报告",
    "{a}{y}年法治政府建设工作报告",
)
HEADINGS = (
    "一、{y}年度推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、{n}年度推进法治政府建设的工作安排",
)
_NUMERAL = "一二三四五六七八九十"
_HEADING_LIKE = re.compile(rf"^\s*(?:[{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}\d]+[）)])")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def paragraph_pool(cleaned_texts: Sequence[str]) -> list[str]:
    """Lines of the cleaned texts that read as body paragraphs (10+ Han, not a heading)."""
    pool = []
    for text in cleaned_texts:
        for line in text.split("\n"):
            line = line.strip()
            if len(line) >= 15 and len(_HAN.findall(line)) >= 10 and not _HEADING_LIKE.match(line):
                pool.append(line)
    return pool


def _agency(rng: random.Random) -> tuple[str, str]:
    city = rng.choice(sorted(CITIES))
    district = rng.choice(CITIES[city])
    roll = rng.random()
    if roll < 0.7:
        return f"{city}{district}{rng.choice(DEPARTMENTS)}", f"{city}{district}"
    if roll < 0.9:
        return f"{city}{rng.choice(DEPARTMENTS).replace('分局', '局')}", city
    return f"{city}{district}人民政府", f"{city}{district}"


def report(pool: Sequence[str], seed: int, i: int) -> str:
    rng = random.Random(seed * 1_000_003 + i)
    agency, place = _agency(rng)
    year = rng.choice(YEARS)
    target = rng.randint(MIN_CHARS, MAX_CHARS)
    lines = [
        agency,
        rng.choice(TITLES).format(y=year, a=agency),
        "",
        f"{year}年，{agency}在{place}委、{place}政府的坚强领导下，深入学习贯彻习近平法治思想，"
        "全面落实法治政府建设实施纲要，现将本年度法治政府建设情况报告如下：",
    ]
    for heading, share in zip(HEADINGS, SHARES, strict=True):
        lines.append(heading.format(y=year, n=year + 1))
        budget = int(target * share)
        while budget > 0:
            para = pool[rng.randrange(len(pool))]
            lines.append(para)
            budget -= len(para)
    lines += ["", agency, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", ""]
    return "\n".join(lines)


def file_path(root: Path, i: int) -> Path:
    return root / f"{i // 1000:03d}" / f"{i:06d}.txt"


def ensure(root: Path, pool: Sequence[str], n: int, seed: int) -> list[str]:
    """The first ``n`` synthetic reports as files under ``root`` (written when missing)."""
    sig = hashlib.sha1("\n".join(pool).encode("utf-8")).hexdigest()
    params = {"version": VERSION, "seed": seed, "pool": sig}
    return _ensure(root, params, n, lambda i: report(pool, seed, i))


def _ensure(root: Path, params: dict, n: int, make: Callable[[int], str]) -> list[str]:
    """The first ``n`` files ``make(i)`` under ``root``, kept while ``params`` match the
    marker's (a changed pool, seed or version rewrites them all)."""
    marker = root / "params.json"
    have = 0
    if marker.exists():
        old = json.loads(marker.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in params} == params:
            have = old.get("count", 0)
    if not have and root.exists():
        shutil.rmtree(root)
    for i in range(have, n):
        path = file_path(root, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(i), encoding="utf-8")
    if n > have:
        marker.write_text(json.dumps({**params, "count": n}), encoding="utf-8")
    return [str(file_path(root, i)) for i in range(n)]


# Reports with figures (issue 11 §3): the corpus paragraphs above are laws and notices, in
# which the indicator extractor finds nothing, so /indicators over them times an empty
# table.  The views benchmark adds to part one of each report a few real sentences that
# carry indicator figures (from the samples and devset/itexts), so its tables are full.
FIGURES_VERSION = 1
FIGURES_PER_REPORT = (2, 6)


def figure_sentences(texts: Sequence[str]) -> list[str]:
    """The distinct sentences of ``texts`` in which the extractor finds a value."""
    from search import clean_text, extract_indicators

    seen: dict[str, None] = {}
    for raw in texts:
        for v in extract_indicators(clean_text(raw)):
            s = v.sentence.strip()
            if s and "\n" not in s:
                seen.setdefault(s)
    return list(seen)


def report_with_figures(pool: Sequence[str], figures: Sequence[str], seed: int, i: int) -> str:
    """Report ``i`` of the plain set with 2-6 figure sentences after part one's heading."""
    lines = report(pool, seed, i).split("\n")
    rng = random.Random(seed * 7_000_003 + i)
    picked = [figures[rng.randrange(len(figures))] for _ in range(rng.randint(*FIGURES_PER_REPORT))]
    at = next(k for k, line in enumerate(lines) if line.startswith("一、")) + 1
    return "\n".join([*lines[:at], *picked, *lines[at:]])


def ensure_figures(
    root: Path, pool: Sequence[str], figures: Sequence[str], n: int, seed: int
) -> list[str]:
    """The first ``n`` reports with figures as files under ``root`` (written when missing)."""
    sig = hashlib.sha1("\n".join([*pool, "\f", *figures]).encode("utf-8")).hexdigest()
    params = {"version": VERSION, "figures": FIGURES_VERSION, "seed": seed, "pool": sig}
    return _ensure(root, params, n, lambda i: report_with_figures(pool, figures, seed, i))
