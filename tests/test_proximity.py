"""Issue 10: NEAR/n, BEFORE/n, /s, /p and NOT NEAR/n, checked on the samples' own sentences.

The pairs below were read in the cleaned samples:
000 (解放区卫健委): "…经行政复议被纠错情况发生。\n二、法治政府建设存在的不足和原因\n…"
002 (武江区):      "…坚持法治政府建设年度报告制度和局党组主要负责人述法制度。党组书记坚持以…"
A brute-force oracle (every pair of occurrences, written independently of
``search.proximity``) then checks random pairs of terms on every sample.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import PARTS, QueryError, parse_query
from search.docview import match_spans
from search.fold import fold
from search.model import PART_OTHER, Section
from search.proximity import near_nodes
from search.snippets import TextMap, section_at

from .conftest import over_stores

# Run on both stores (search.store): Whoosh on disk and the in-memory one.
sample_index = over_stores("sample_index")
corpus_index = over_stores("corpus_index")

JIEFANG, WUJIANG = "000_", "002_"


def hits(index, query: str) -> dict[str, int]:
    """Matched reports (by sample file prefix) and each one's count."""
    return {h.path[:4]: h.matches for h in index.search(query, per_page=0).hits}


def doc_id(index, prefix: str) -> str:
    return next(i for i in index.all_ids() if index.document(i).path.startswith(prefix))


# ---------------------------------------------------------------- the operators on read pairs


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        # 复议被纠错: one character between
        ('"复议" NEAR/1 "纠错"', {JIEFANG: 1}, '"复议" NEAR/0 "纠错"'),
        ("复议 间隔1字 纠错", {JIEFANG: 1}, "复议间隔0字纠错"),
        ('"纠错" NEAR/1 "复议"', {JIEFANG: 1}, '"纠错" BEFORE/1 "复议"'),
        ('"复议" BEFORE/1 "纠错"', {JIEFANG: 1}, '"复议" BEFORE/0 "纠错"'),
        # 述法制度。党组书记: three characters between, across a sentence end
        ('"述法" NEAR/3 "党组书记"', {WUJIANG: 1}, '"述法" NEAR/2 "党组书记"'),
        ('"述法" /p "党组书记"', {WUJIANG: 1}, '"述法" /s "党组书记"'),
        # 纠错情况发生。\n二、法治政府建设存在的不足: thirteen characters, across paragraphs
        ('"纠错" NEAR/13 "存在的不足"', {JIEFANG: 1}, '"纠错" NEAR/12 "存在的不足"'),
        ('"纠错" NEAR/13 "存在的不足"', {JIEFANG: 1}, '"纠错" /p "存在的不足"'),
        ('"复议" /s "纠错"', {JIEFANG: 1}, 'section:不足 "复议" /s "纠错"'),
        ("同句(复议 纠错)", {JIEFANG: 1}, "同句(复议 存在的不足)"),
        ('section:举措 "复议" /s "纠错"', {JIEFANG: 1}, '"复议" /s "纠错" section:第一责任人'),
    ],
)
def test_a_pair_is_found_within_the_distance_and_not_beyond(sample_index, query, found, not_found):
    assert hits(sample_index, query) == found
    assert hits(sample_index, not_found) == {}


def test_only_the_pair_is_counted_and_marked(sample_index):
    # 000 writes 复议 three times (行政复议工作, 行政复议被纠错 …): one sentence holds 纠错 too.
    view = sample_index.document(doc_id(sample_index, JIEFANG), '"复议" /s "纠错"')
    assert view.text.count("复议") > 1
    marked = [re.findall(r"<mark[^>]*>(.*?)</mark>", p.html) for p in view.paragraphs]
    assert [m for m in marked if m] == [["复议", "纠错"]]
    assert view.match_count == 2
    hit = sample_index.search('"复议" /s "纠错"').hits[0]
    assert hit.matches == 1
    assert [re.findall(r"<mark>(.*?)</mark>", s.html) for s in hit.snippets] == [["复议", "纠错"]]
    assert "行政复议被纠错情况发生" in hit.snippets[0].text


def test_the_export_and_the_concordance_hold_only_the_pair(sample_index):
    rows = list(sample_index.export_rows('"复议" /s "纠错"'))
    assert [r.marked for r in rows] == [
        "2022年我委依法受理并按期办结医疗纠纷9件，近年来，我委无具体行政行为经行政【复议】被【纠错】情况发生。"
    ]
    conc = sample_index.concordance('"复议" /s "纠错"', per_page=0)
    assert [(line.match, line.part) for line in conc.lines] == [
        ("复议", "主要举措和成效"),
        ("纠错", "主要举措和成效"),
    ]
    assert conc.total == 2 and conc.reports == 1
    by_part = sample_index.concordance('"复议" /s "纠错"', sort="part", per_page=0)
    assert [line.match for line in by_part.lines] == ["复议", "纠错"]


def test_not_near_keeps_the_lonely_occurrences(sample_index):
    near = hits(sample_index, '"行政复议" NEAR/20 "诉讼"')
    lonely = hits(sample_index, '"行政复议" NOT NEAR/20 "诉讼"')
    every = hits(sample_index, '"行政复议"')
    for prefix, n in every.items():
        # each occurrence is either near a 诉讼 or not (pairs count per 诉讼, so ≥)
        assert lonely.get(prefix, 0) <= n
        assert prefix in near or lonely.get(prefix) == n
    assert lonely and near


def test_proximity_combines_with_boolean_terms_filters_and_facets(sample_index):
    both = sample_index.search('"复议" NEAR/1 "纠错" "卫生健康" year:2022', per_page=0)
    assert [h.path[:4] for h in both.hits] == [JIEFANG]
    # 卫生健康 is in every part; the pair only in 主要举措和成效
    assert set(both.facets["section"]) == {*PARTS[:3], PART_OTHER}
    alone = sample_index.search('"复议" NEAR/1 "纠错" year:2022', per_page=0)
    assert alone.facets["section"] == {"主要举措和成效": 1}
    either = hits(sample_index, '"复议" NEAR/1 "纠错" OR "述法" NEAR/3 "党组书记"')
    assert set(either) == {JIEFANG, WUJIANG}
    assert hits(sample_index, '"出庭应诉" -("复议" NEAR/1 "纠错")') == {
        k: v for k, v in hits(sample_index, '"出庭应诉"').items() if k != JIEFANG
    }
    groups = hits(sample_index, '("复议" OR "述法") /s ("纠错" OR "负责人")')
    assert set(groups) >= {JIEFANG, WUJIANG}
    rows = sample_index.compare('"复议" /s "纠错"')
    assert [(r.reports, r.matches) for r in rows] == [(1, 1)]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('"a" /0 "b"', "unknown_operator"),
        ("复议 /x 纠错", "unknown_operator"),
        ("/s", "empty_proximity"),
        ("复议 /s", "empty_proximity"),
        ("/p 纠错", "empty_proximity"),
        ("复议 OR /s 纠错", "empty_proximity"),
        ("同句(复议)", "empty_proximity"),
        ("同句(复议 纠错 诉讼)", "empty_proximity"),
        ("同段()", "empty_proximity"),
        ("复议 NEAR 纠错", "missing_distance"),
        ("复议 NEAR/ 纠错", "missing_distance"),
        ("复议 BEFORE/x 纠错", "missing_distance"),
        ("复议 NEAR/-1 纠错", "missing_distance"),
        ("复议 NEAR/99999 纠错", "distance_too_large"),
        ("复议 /s 纠错 /p 诉讼", "chained_proximity"),
        ('("复议" /s "纠错") /p "诉讼"', "bad_proximity_term"),
        ("同句(同句(复议 纠错) 诉讼)", "bad_proximity_term"),
        ("year:2021 /s 复议", "bad_proximity_term"),
        ("(复议 纠错) /s 诉讼", "bad_proximity_term"),
        ("-复议 /s 纠错 /s", "chained_proximity"),
    ],
)
def test_malformed_operators_name_the_problem(query, code):
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert exc.value.code == code
    assert "\n" not in str(exc.value)


def test_the_issue_messages():
    with pytest.raises(QueryError, match="NEAR needs a distance such as NEAR/10"):
        parse_query("复议 NEAR 纠错")
    with pytest.raises(QueryError, match="/s needs a term on both sides"):
        parse_query("/s 纠错")


def test_the_spellings_parse_alike():
    assert parse_query("复议 间隔10字 纠错") == parse_query('"复议" NEAR/10 "纠错"')
    assert parse_query("复议间隔10字纠错") == parse_query("复议 near/10 纠错")
    assert parse_query("同句(复议 纠错)") == parse_query("复议 /S 纠错")
    assert parse_query("同段（复议 纠错）") == parse_query("复议 /p 纠错")
    assert str(parse_query("复议 NOT NEAR/5 纠错")) == '"复议" NOT NEAR/5 "纠错"'
    # a bare word is its own characters, not jieba's words
    assert str(parse_query("法治建设 /s 纠错")) == '"法治建设" /s "纠错"'


@pytest.mark.parametrize(
    "query",
    ['"a" /0 "b"', "/s", "同句(", "同句(复议", "复议 NEAR/x", "(复议 OR /p", "NOT NEAR/3 纠错"],
)
def test_the_web_answers_a_hostile_operator_with_400(sample_index_dir, query):
    from web import create_app

    app = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False}
    )
    client = app.test_client()
    for path in ("/search", "/concordance", "/compare", "/export.csv"):
        assert client.get(path, query_string={"q": query}).status_code == 400, path
    r = client.get("/api/search", query_string={"q": query})
    assert r.status_code == 400 and r.get_json()["code"] != "bad_query"


# ---------------------------------------------------------------- the oracle


def oracle(text: str, sections: list[Section], a: str, b: str, kind: str, n: int, part):
    """(pairs, marked spans) by trying every pair of occurrences of a and b."""
    f = fold(text)
    keep = [i for i, ch in enumerate(f) if not re.match(r"\s", ch)]
    comp = "".join(f[i] for i in keep)
    sent, para, s_id, p_id = [], [], 0, 0
    for ch in f:
        if ch == "\n":
            s_id, p_id = s_id + 1, p_id + 1
        if not re.match(r"\s", ch):
            sent.append(s_id)
            para.append(p_id)
            if ch in "。！？；!?;":
                s_id += 1

    def occ(term):
        found = [(i, i + len(term)) for i in range(len(comp)) if comp.startswith(term, i)]
        where = [section_at(sections, keep[s]) for s, _ in found]
        return [(s, e, w.part if w else PART_OTHER) for (s, e), w in zip(found, where, strict=True)]

    all_b = occ(b)
    aa = [o for o in occ(a) if part in (None, o[2])]
    bb = [o for o in all_b if part in (None, o[2])]

    def gap(x, y):
        return max(y[0] - x[1], x[0] - y[1])

    def ok(x, y):
        if x[:2] == y[:2]:
            return False
        if kind == "near":
            return gap(x, y) <= n
        if kind == "before":
            return x[1] <= y[0] and y[0] - x[1] <= n
        unit = sent if kind == "sentence" else para
        return unit[x[0]] == unit[x[1] - 1] == unit[y[0]] == unit[y[1] - 1]

    used = set()
    if kind == "not_near":
        for x in aa:
            if not any(x[:2] != y[:2] and gap(x, y) <= n for y in all_b):
                used.add(x[:2])
        pairs = len(used)
    else:
        pairs = 0
        for x in aa:
            for y in bb:
                if ok(x, y):
                    pairs += 1
                    used |= {x[:2], y[:2]}
    spans = sorted((keep[s], keep[e - 1] + 1) for s, e in used)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return pairs, merged


OPS = {"near": "NEAR/{n}", "before": "BEFORE/{n}", "sentence": "/s", "paragraph": "/p"}
OPS["not_near"] = "NOT NEAR/{n}"
TERMS = ["法治", "复议", "纠错", "诉讼", "负责人", "述法", "建设", "卫生", "工作", "依法", "。"]


@pytest.fixture(scope="module")
def texts(sample_index):
    out = {}
    for i in sample_index.all_ids():
        view = sample_index.document(i)
        out[view.path[:4]] = (view.text, view.sections)
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    a=st.sampled_from(TERMS),
    b=st.sampled_from(TERMS),
    kind=st.sampled_from(sorted(OPS)),
    n=st.integers(0, 40),
    part=st.sampled_from([None, "主要举措和成效", "第一责任人职责"]),
)
def test_pairs_and_spans_equal_the_oracle(sample_index, texts, a, b, kind, n, part):
    query = f'"{a}" {OPS[kind].format(n=n)} "{b}"'
    if part:
        query += f" section:{part}"
    got = hits(sample_index, query)
    rest = parse_query(query)
    nodes = near_nodes(rest)
    for prefix, (text, sections) in texts.items():
        pairs, spans = oracle(text, sections, a, b, kind, n, part)
        assert got.get(prefix, 0) == pairs, (prefix, query)
        assert match_spans(TextMap.of(text), [], sections, part, nodes) == spans, (prefix, query)


def test_corpus_reports_equal_the_oracle(corpus_index):
    """Random reports of the corpus: every report, matched or not, against the oracle."""
    ids = corpus_index.all_ids()
    views = [corpus_index.document(i) for i in ids[:: max(1, len(ids) // 120)]]
    cases = [("依法", "行政", "near", 5), ("法治", "建设", "sentence", 0)]
    cases += [("复议", "诉讼", "paragraph", 0), ("合法性审核", "制度", "before", 10)]
    cases += [("行政复议", "诉讼", "not_near", 8)]
    for a, b, kind, n in cases:
        query = f'"{a}" {OPS[kind].format(n=n)} "{b}"'
        got = {h.id: h.matches for h in corpus_index.search(query, per_page=0).hits}
        for view in views:
            pairs, _ = oracle(view.text, view.sections, a, b, kind, n, None)
            assert got.get(view.id, 0) == pairs, (view.path, query)
