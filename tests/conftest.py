"""Shared fixtures: real indexes of the bundled samples and of part of the corpus."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

import search

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = search.SAMPLES_DIR
# The browser tests' Chromium: Debian's (``playwright install`` cannot download browsers here).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def corpus_files(n: int, seed: int = 7) -> list[Path]:
    """A reproducible random choice of ``n`` corpus texts (../shared must be beside the repo)."""
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: expected it at {CORPUS}")
    files = sorted(CORPUS.rglob("*.txt"))
    return sorted(random.Random(seed).sample(files, n))


@pytest.fixture(scope="session")
def sample_index_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("sample-index")
    summary = search.index_paths([SAMPLES], d)
    assert len(summary.added) == 5, summary
    return d


@pytest.fixture(scope="module")
def app(sample_index_dir):
    """The web app over the sample index (flaskr's fixtures: app -> client)."""
    from web import create_app

    return create_app(
        {"TESTING": True, "SEARCH_INDEX": str(sample_index_dir), "SEARCH_BUILD_SAMPLES": False}
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def sample_index(sample_index_dir) -> search.SearchIndex:
    return search.SearchIndex(sample_index_dir)


@pytest.fixture(scope="session")
def corpus_sample() -> list[Path]:
    return corpus_files(300)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, corpus_sample) -> search.SearchIndex:
    d = tmp_path_factory.mktemp("corpus-index")
    summary = search.index_paths([*corpus_sample, SAMPLES], d)
    assert not summary.failed, summary.failed
    return search.SearchIndex(d)


# The stores the matching and ranking tests run on (search.store): a module
# overrides ``sample_index`` / ``corpus_index`` with ``over_stores`` to run on both.
STORES = ("whoosh", "memory")


def memory_index(paths) -> search.SearchIndex:
    """A SearchIndex over an in-memory store holding the reports under ``paths``,
    stored as ``index`` stores them (canonical path; one report per text)."""
    from search.document import prepare_file
    from search.store import MEMORY, open_store
    from search.walk import path_text, walk_paths

    store = open_store(MEMORY)
    writer = store.writer()
    keys = set()
    for f in walk_paths(paths).files:
        report = prepare_file(f)
        if report.key in keys:
            continue
        keys.add(report.key)
        report.path = path_text(os.path.realpath(f))
        writer.add(report)
    writer.commit()
    return search.SearchIndex(store=store)


@pytest.fixture(scope="session")
def memory_sample_index() -> search.SearchIndex:
    return memory_index([SAMPLES])


@pytest.fixture(scope="session")
def memory_corpus_index(corpus_sample) -> search.SearchIndex:
    return memory_index([*corpus_sample, SAMPLES])


@pytest.fixture(scope="session")
def whoosh_sample_index(sample_index) -> search.SearchIndex:
    return sample_index


@pytest.fixture(scope="session")
def whoosh_corpus_index(corpus_index) -> search.SearchIndex:
    return corpus_index


def over_stores(name: str):
    """A module fixture ``name`` (sample_index or corpus_index) on each store in turn."""

    @pytest.fixture(scope="module", params=STORES, name=name)
    def fixture(request):
        return request.getfixturevalue(f"{request.param}_{name}")

    return fixture


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test module (Playwright's sync API runs one per process)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
