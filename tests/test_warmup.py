"""The views' columns of a new index generation are built in the background (search.warmup)."""

from __future__ import annotations

import shutil

import search
from search.generation_cache import built
from search.scope import COLUMNS

VIEWS = (*COLUMNS, "coverage", "indicators")


def _views(index: search.SearchIndex) -> tuple:
    return (
        index.indicator_json(),
        index.coverage_json(),
        index.trend(),
        index.indicator_table().report_count,
    )


def test_a_new_generation_is_warmed_before_any_view_is_asked_for(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    samples = sorted(search.SAMPLES_DIR.glob("*.txt"))
    for p in samples[:3]:
        shutil.copy(p, first)
    index_dir = tmp_path / "index"
    search.index_paths([first], index_dir)
    index = search.SearchIndex(index_dir, warm_views=True)
    assert index.count("法治") == 3  # a search, no view: sees the generation
    assert index.wait_warm(60)
    table = index._state_now.table
    assert all(built(table, name) for name in VIEWS)
    cold = search.SearchIndex(index_dir)
    assert _views(index) == _views(cold)

    # A commit: the next call sees the new snapshot and warms its generation too.
    for p in samples[3:]:
        shutil.copy(p, first)
    search.index_paths([first], index_dir)
    assert index.count("法治") == 5
    assert index.wait_warm(60)
    new_table = index._state_now.table
    assert new_table is not table
    assert all(built(new_table, name) for name in VIEWS)
    assert (
        index.indicator_table().report_count
        == search.SearchIndex(index_dir).indicator_table().report_count
    )
    assert _views(index) == _views(search.SearchIndex(index_dir))
    index.close()
    cold.close()


def test_without_warm_views_nothing_is_built_until_asked(tmp_path):
    index_dir = tmp_path / "index"
    search.index_paths([search.SAMPLES_DIR], index_dir)
    index = search.SearchIndex(index_dir)
    assert index.count("法治") == 5
    assert index.wait_warm(0)  # none started
    table = index._state_now.table
    assert not any(built(table, name) for name in VIEWS)
    index.coverage()
    assert built(table, "coverage") and built(table, "lacks")
    assert not built(table, "indicators")
    index.close()


def test_the_web_app_warms_its_index(sample_index_dir):
    from web import create_app
    from web.engine import get_engine

    app = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False}
    )
    client = app.test_client()
    assert client.get("/search?q=法治").status_code == 200
    index = get_engine(app).index()
    assert index.wait_warm(60)
    assert all(built(index._state_now.table, name) for name in VIEWS)
    assert client.get("/coverage").status_code == 200
    assert client.get("/indicators").status_code == 200
