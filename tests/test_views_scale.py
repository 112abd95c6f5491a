"""The coverage and indicator views made cheap at scale answer what they answered before
(README, Trends, map and coverage: speed): /api/indicators and /api/coverage are the same
bytes as encoding the row objects one by one, and the paged /indicators table adds up to
the whole table.  Over the samples and a small synthetic collection of the speed
benchmark's reports with real figure sentences (bench/synth.py), so many agencies, pages
and values.
"""

from __future__ import annotations

import re

import pytest
from flask import jsonify

import search
from bench import corpus, synth
from search.indicator_rows import report_rows, wide_table
from tests.conftest import corpus_files
from web import create_app

N_REPORTS = 60
ARGS = [
    {},
    {"q": '"行政复议"'},
    {"q": "执法"},
    {"q": '"法治建设"', "year": "2021"},
    {"region": "河南"},
    {"q": "执法 NOT 复议"},
    {"section": "存在的不足和原因"},
    {"q": '"没有这句话的报告"'},
]


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory, sample_index_dir):
    src = tmp_path_factory.mktemp("views-src")
    texts = [search.clean_text(p.read_text(encoding="utf-8")) for p in corpus_files(40)]
    pool = synth.paragraph_pool(texts)
    seeds = sorted(corpus.SEEDS_DIR.glob("*.txt"))
    itexts = sorted((corpus.ROOT / "devset" / "itexts").glob("*.txt"))[:20]
    figures = synth.figure_sentences([p.read_text(encoding="utf-8") for p in seeds + itexts])
    files = synth.ensure_figures(src, pool, figures, N_REPORTS, seed=3)
    target = tmp_path_factory.mktemp("views-index")
    search.index_paths([*files, *map(str, seeds)], target, reuse=False)
    return target


@pytest.fixture(scope="module", params=["samples", "synthetic"])
def app(request, sample_index_dir, synth_dir):
    where = sample_index_dir if request.param == "samples" else synth_dir
    return create_app(
        {
            "TESTING": True,
            "SEARCH_INDEX": str(where),
            "SEARCH_BUILD_SAMPLES": False,
            "SEARCH_INDICATORS_PAGE_SIZE": 7,
            "SEARCH_COVERAGE_PAGE_SIZE": 5,
        }
    )


def _index(app) -> search.SearchIndex:
    return app.extensions["search_engine"].index()


def _filters(args: dict) -> tuple[str, dict]:
    return args.get("q", ""), {k: v for k, v in args.items() if k != "q"}


def _jsonify(app, obj: dict) -> bytes:
    """What jsonify answered for ``obj`` before (the routes' old way)."""
    with app.test_request_context():
        return jsonify(obj).data


def _reference_rows(index: search.SearchIndex, args: dict) -> list:
    """The rows as built before the columns: an object per value, sorted as a whole."""
    query, filters = _filters(args)
    records = index._context()[0].table.records
    if query or filters:
        ids = set(index.find_all(query, **filters))
        records = {d: r for d, r in records.items() if r["id"] in ids}
    return report_rows((r, lambda: "") for r in records.values())


def test_the_synthetic_collection_has_many_values_agencies_and_pages(app):
    index = _index(app)
    table = index.indicator_table()
    cov = index.coverage(page=1, per_page=5)
    if len(index) > 5:
        assert table.report_count > 40 and table.value_count > 150 and cov.pages > 8


@pytest.mark.parametrize("args", ARGS)
def test_api_indicators_is_the_rows_encoded_one_by_one(app, args):
    index, client = _index(app), app.test_client()
    rows = _reference_rows(index, args)
    body = client.get("/api/indicators", query_string=args).data
    assert body == _jsonify(app, {"rows": [r.to_json() for r in rows]})
    assert index.indicator_rows(*_filters(args)[:1], **_filters(args)[1]) == rows


@pytest.mark.parametrize("args", ARGS)
@pytest.mark.parametrize("paging", [{}, {"page": "2", "per_page": "3"}, {"page": "99"}])
def test_api_coverage_is_the_matrix_encoded_one_by_one(app, args, paging):
    index, client = _index(app), app.test_client()
    query, filters = _filters(args)
    kwargs = {}
    if paging:
        kwargs = {"page": int(paging["page"]), "per_page": int(paging.get("per_page", 200))}
    for level in ("", "县区级"):
        cov = index.coverage(query, level=level, **kwargs, **filters)
        extra = {"level": level} if level else {}
        body = client.get("/api/coverage", query_string={**args, **paging, **extra}).data
        assert body == _jsonify(app, cov.to_json())


@pytest.mark.parametrize("args", ARGS[:5])
def test_pages_of_the_indicator_table_add_up_to_the_whole(app, args):
    index = _index(app)
    query, filters = _filters(args)
    whole = wide_table(_reference_rows(index, args))
    assert index.indicator_table(query, **filters).reports == whole
    pages = [index.indicator_table(query, page=n, per_page=4, **filters) for n in range(1, 30)]
    total = pages[0].pages
    assert all(t.pages == total for t in pages) and total == max(1, -(-len(whole) // 4))
    assert sum((t.reports for t in pages[:total]), []) == whole
    assert pages[-1].reports == pages[total - 1].reports  # past the last: the last
    for t in pages:  # the counts are the whole table's
        assert t.report_count == len(whole)
        assert t.value_count == sum(len(c) for r in whole for c in r.cells.values())


def test_indicator_page_shows_its_reports_and_links_the_others(app):
    client, index = app.test_client(), _index(app)
    whole = wide_table(_reference_rows(index, {}))
    seen = []
    for n in range(1, 20):
        html = client.get("/indicators", query_string={"page": n}).get_data(as_text=True)
        assert f'<strong class="n">{len(whole)}</strong> 份报告' in html
        seen += re.findall(r'<th scope="row" class="agency"><a href="/doc/([0-9a-f]+)"', html)
        if len(whole) <= 7:
            assert 'class="pagination"' not in html
            break
        if f"<strong>{n}</strong>" in html and f"page={n + 1}" not in html:
            break
        assert f'href="/indicators?page={n + 1}"' in html
    assert seen == [r.id for r in whole]


def test_one_url_for_a_page_links_each_value_as_url_for_does(app):
    from web.indicators import cell_link, cell_linker

    rows = _index(app).indicator_rows()
    assert len(rows) > 10
    with app.test_request_context():
        link = cell_linker()
        assert [link(r) for r in rows] == [cell_link(r) for r in rows]
        assert any("?q=" in link(r) for r in rows)


# The macro /coverage rendered each report with before web/coverage.py's report_cell.
OLD_CELL = (
    "{% macro report_cell(x) -%}\n"
    '<a class="rep{% if x.contains %} contains{% elif x.contains is false %} lacks-query'
    '{% endif %}" href="{{ doc_url|replace(\'DOCID\', x.id|urlencode, 1) }}" '
    'title="{{ x.title }}">{% if x.contains %}✔ {% endif %}报告</a>\n'
    "{%- if x.lacks %}<span class=\"lacks\">缺：{{ x.lacks|join('、') }}</span>{% endif %}\n"
    "{%- endmacro %}{{ report_cell(x) }}"
)


@pytest.mark.parametrize("query", ["", '"行政复议"', "执法 & <b>"])
def test_coverage_cells_are_the_macros_markup(app, query):
    from web.coverage import report_cell

    index = _index(app)
    cov = index.coverage('"行政复议"' if query == "执法 & <b>" else query)
    reports = [x for r in cov.rows for x in r.all_reports]
    assert any(x.lacks for x in reports) or len(reports) <= 5
    with app.test_request_context():
        doc_url = f"/doc/DOCID?q={query}"
        old = app.jinja_env.from_string(OLD_CELL)
        cell = report_cell(doc_url)
        for x in reports:
            assert str(cell(x)) == old.render(x=x, doc_url=doc_url)


OLD_YEARS = (
    "{%- for x in r.all_reports %} <a href=\"{{ doc_plain|replace('DOCID', x.id|urlencode, 1) }}\">"
    "{{ x.year or '年份不详' }}</a>{% endfor %}"
)


@pytest.mark.parametrize("query", ['"行政复议"', '"双随机一公开"', "执法 NOT 复议"])
def test_absent_agencies_years_are_the_templates_markup(app, query):
    from web.coverage import report_years

    cov = _index(app).coverage(query)
    assert cov.absent or len(_index(app)) <= 5
    with app.test_request_context():
        old = app.jinja_env.from_string(OLD_YEARS)
        links = report_years("/doc/DOCID")
        for r in cov.absent:
            assert str(links(r)) == old.render(r=r, doc_plain="/doc/DOCID")
