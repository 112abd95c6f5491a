"""Headers, URL prefix, settings, first start, and serving with waitress and flask."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import search
from tests.web_fixtures import PHRASE, api, facet_links, links, soup
from web import create_app

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- headers, prefix, config


def test_security_headers_on_every_response(client):
    for path in [
        "/",
        f"/search?q={PHRASE}",
        "/api/search?q=OR",
        "/static/style.css",
        "/nope",
        f"/export.csv?q={PHRASE}",
        "/healthz",
    ]:
        r = client.get(path)
        csp = r.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp, path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path


def test_frame_ancestors_from_the_setting(sample_index_dir, monkeypatch):
    monkeypatch.setenv("SEARCH_FRAME_ANCESTORS", "https://portal.example.cn, 'self'")
    app = create_app({"SEARCH_INDEX": str(sample_index_dir)})
    csp = app.test_client().get("/embed").headers["Content-Security-Policy"]
    assert "frame-ancestors https://portal.example.cn 'self'" in csp


def test_cors_only_for_configured_origins_and_only_on_the_api(sample_index_dir):
    app = create_app(
        {"SEARCH_INDEX": str(sample_index_dir), "SEARCH_CORS_ORIGINS": "https://portal.example.cn"}
    )
    client = app.test_client()
    ok = {"Origin": "https://portal.example.cn"}
    r = client.get("/api/search", query_string={"q": PHRASE}, headers=ok)
    assert r.headers["Access-Control-Allow-Origin"] == "https://portal.example.cn"
    assert "Origin" in r.headers["Vary"]
    pre = client.options("/api/search", headers={**ok, "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 200 and "GET" in pre.headers["Access-Control-Allow-Methods"]
    other = client.get(
        "/api/search", query_string={"q": PHRASE}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Access-Control-Allow-Origin" not in client.get("/", headers=ok).headers
    default = create_app({"SEARCH_INDEX": str(sample_index_dir)}).test_client()
    assert "Access-Control-Allow-Origin" not in default.get("/api/search?q=OR", headers=ok).headers


@pytest.mark.parametrize("forwarded", ["/portal/search", ""])
def test_url_prefix_in_links_and_assets(sample_index_dir, monkeypatch, forwarded):
    """Under a prefix, whether the proxy forwards it or strips it, every URL carries it."""
    monkeypatch.setenv("SEARCH_URL_PREFIX", "/portal/search/")
    app = create_app({"SEARCH_INDEX": str(sample_index_dir)})
    client = app.test_client()
    r = client.get(f"{forwarded}/search", query_string={"q": PHRASE})
    assert r.status_code == 200
    urls = [u for u in links(r.get_data(as_text=True)) if not u.startswith("#")]
    assert len(urls) > 20
    assert all(u.startswith("/portal/search/") for u in urls), urls
    page = soup(r)
    assert page.select_one("link[rel=stylesheet]")["href"] == "/portal/search/static/style.css"
    assert client.get(f"{forwarded}/static/style.css").status_code == 200
    doc = client.get(page.select_one(".hit-title a")["href"])
    assert doc.status_code == 200 and doc.request.path.startswith("/portal/search/doc/")
    assert client.get("/portal/search/healthz").get_data(as_text=True) == "ok"
    facet = facet_links(page, "机构")["新县卫生健康委员会"]
    assert soup(client.get(facet)).select_one(".total .n").get_text() == "1"


def test_assets_are_served_by_the_app_not_a_cdn(client):
    for path in ["/", f"/search?q={PHRASE}", f"/compare?q={PHRASE}", f"/embed?q={PHRASE}"]:
        html = client.get(path).get_data(as_text=True)
        page = BeautifulSoup(html, "html.parser")
        assets = [t.get("href") or t.get("src") for t in page.select("link, script, img")]
        assert assets and all(a.startswith("/static/") for a in assets)
        assert "style=" not in html  # inline styles would be blocked by the CSP
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "@import" not in css.get_data(as_text=True) and "url(http" not in css.get_data(
        as_text=True
    )


def test_settings_from_the_environment(sample_index_dir, monkeypatch):
    monkeypatch.setenv("SEARCH_INDEX", str(sample_index_dir))
    app = create_app()
    assert app.config["SEARCH_INDEX"] == str(sample_index_dir)
    assert app.test_client().get("/healthz").status_code == 200
    over = create_app({"SEARCH_INDEX": "/elsewhere", "SEARCH_BUILD_SAMPLES": "0"})
    assert (
        over.config["SEARCH_INDEX"] == "/elsewhere" and over.config["SEARCH_BUILD_SAMPLES"] is False
    )


def test_builds_the_samples_index_on_first_start(tmp_path):
    target = tmp_path / "index"
    app = create_app({"SEARCH_INDEX": str(target), "SEARCH_BUILD_SAMPLES": True})
    client = app.test_client()
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    assert search.index_exists(target)
    assert api(client, q=PHRASE)["total"] == 5
    # A folder holding something else is never written into.
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    app2 = create_app({"SEARCH_INDEX": str(other), "SEARCH_BUILD_SAMPLES": True})
    assert app2.test_client().get("/healthz").status_code == 503
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


def test_builds_the_samples_where_the_folder_holds_only_a_placeholder(tmp_path):
    # The repository ships index/ with a .gitkeep: a fresh clone's first
    # `python -m search serve` must still index the samples there.
    target = tmp_path / "index"
    target.mkdir()
    (target / ".gitkeep").write_text("", encoding="utf-8")
    app = create_app({"SEARCH_INDEX": str(target), "SEARCH_BUILD_SAMPLES": True})
    client = app.test_client()
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    assert api(client, q=PHRASE)["total"] == 5
    assert (target / ".gitkeep").exists()


def test_reports_indexed_while_running_appear_without_restart(tmp_path):
    samples = sorted(search.SAMPLES_DIR.glob("*.txt"))
    folder = tmp_path / "reports"
    folder.mkdir()
    for f in samples[:4]:
        shutil.copy(f, folder)
    index_dir = tmp_path / "index"
    search.index_paths([folder], index_dir)
    client = create_app({"SEARCH_INDEX": str(index_dir)}).test_client()
    assert api(client, q=PHRASE)["total"] == 4
    shutil.copy(samples[4], folder)
    search.index_paths([folder], index_dir)
    assert api(client, q=PHRASE)["total"] == 5


def test_no_route_writes_to_the_index(client, sample_index_dir):
    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            p.name: (p.stat().st_size, p.stat().st_mtime_ns)
            for p in Path(sample_index_dir).rglob("*")
        }

    before = snapshot()
    doc_id = api(client, q=PHRASE)["hits"][0]["id"]
    for path in [
        "/",
        f"/search?q={PHRASE}",
        f"/compare?q={PHRASE}",
        f"/doc/{doc_id}?q={PHRASE}",
        f"/embed?q={PHRASE}",
        f"/export.csv?q={PHRASE}",
        "/healthz",
        f"/api/doc/{doc_id}",
        f"/api/compare?q={PHRASE}",
    ]:
        assert client.get(path).status_code == 200, path
    for method in (client.post, client.put, client.delete):
        assert method("/search", data={"q": PHRASE}).status_code == 405
    assert snapshot() == before


# ---------------------------------------------------------------- serving


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serve_runs_waitress(sample_index_dir):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SEARCH_URL_PREFIX": "/fz"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "search",
            "serve",
            "--index",
            str(sample_index_dir),
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/fz/healthz", timeout=5) as r:
                    assert r.read() == b"ok"
                    assert r.headers["Server"] == "fazhi-search"  # waitress's ident
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        url = f"http://127.0.0.1:{port}/fz/api/search?q=%22%E6%B3%95%E6%B2%BB%E5%BB%BA%E8%AE%BE%22"
        with urllib.request.urlopen(url, timeout=30) as r:
            assert json.load(r)["total"] == 5
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"at http://127.0.0.1:{port}/fz/" in err


def test_serve_reports_a_missing_index(tmp_path, monkeypatch, capsys):
    from web.serve import serve

    monkeypatch.setenv("SEARCH_BUILD_SAMPLES", "0")
    assert serve(index_dir=tmp_path / "none", port=_free_port()) == 1
    assert "no index" in capsys.readouterr().err


def test_flask_cli_finds_the_app(sample_index_dir):
    flask = Path(sys.executable).with_name("flask")
    out = subprocess.run(
        [str(flask), "--app", "web", "routes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SEARCH_INDEX": str(sample_index_dir), "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    for rule in [
        "/search",
        "/compare",
        "/doc/<doc_id>",
        "/embed",
        "/export.csv",
        "/healthz",
        "/api/search",
        "/api/doc/<doc_id>",
    ]:
        assert rule in out.stdout
