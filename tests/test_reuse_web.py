"""Reuse (issue 12) through the web app and the index's crash path, on the constructed
cases of tests/reuse_cases.py (real sample reports with pasted, reworded and stock text)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

import search
from search.reuse import update_reuse
from search.reuse.store import connect, doc_rows, store_path
from tests.reuse_cases import NAMES_CHANGED, STOCK_SENTENCE, build_reuse_index
from tests.web_fixtures import soup
from web import create_app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_reuse_index(
        tmp_path_factory.mktemp("reuse-web-src"), tmp_path_factory.mktemp("reuse-web-index")
    )


def _client(index_dir, **config):
    app = create_app(
        {"SEARCH_INDEX": str(index_dir), "SEARCH_BUILD_SAMPLES": False, "TESTING": True, **config}
    )
    return app.test_client()


def test_api_gives_the_issues_shape(built):
    index_dir, ids, _ = built
    got = _client(index_dir).get(f"/api/reuse/{ids['b']}")
    assert got.status_code == 200
    data = got.get_json()
    assert data == search.reuse_report(ids["b"], index_dir).to_json()
    assert list(data) == ["id", "share", "by_part", "sources", "spans"]
    assert [list(s) for s in data["sources"]][0] == [
        "id", "agency", "year", "kind", "chars", "share"
    ]  # fmt: skip
    assert list(data["spans"][0]) == [
        "start", "end", "source_id", "source_start", "source_end", "kind"
    ]  # fmt: skip
    assert data["sources"][0]["id"] == ids["a"] and data["sources"][0]["kind"] == "other"


@pytest.mark.parametrize("bad", ["nope", "0" * 16, "%00", "..%2F..%2Fetc"])
def test_api_unknown_report_is_the_apps_json_error(built, bad):
    index_dir, _, _ = built
    got = _client(index_dir).get(f"/api/reuse/{bad}")
    assert got.status_code == 404
    data = got.get_json()
    assert data["ok"] is False and data["status"] == 404 and data["error"]
    assert data["code"] in ("report_not_found", "not_found")  # a "/" in it: no such route


def test_api_without_reuse_data_says_so(built, tmp_path):
    index_dir, ids, _ = built
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    store_path(copy).unlink()
    client = _client(copy)
    got = client.get(f"/api/reuse/{ids['b']}")
    assert got.status_code == 503
    assert got.get_json()["code"] == "reuse_unavailable" and "reuse" in got.get_json()["error"]
    # The report page still opens, without the bar.
    page = client.get(f"/doc/{ids['b']}")
    assert page.status_code == 200
    assert soup(page).select(".reuse-box") == []


def test_report_page_bar_and_underlined_spans(built):
    index_dir, ids, reports = built
    client = _client(index_dir)
    page = soup(client.get(f"/doc/{ids['b']}"))
    box = page.select_one(".reuse-box")
    share = search.reuse_report(ids["b"], index_dir).share
    assert box.select_one(".reuse-share").get_text() == f"{share * 100:.1f}%"
    assert [li.get_text(" ", strip=True) for li in box.select(".reuse-kinds li")] == [
        f"其他机构 {share * 100:.1f}%"
    ]
    rect = box.select_one("svg.reuse-bar rect.k-other")
    assert float(rect["width"]) == pytest.approx(share * 100, abs=0.01)
    parts = {tr.th.get_text(): float(tr.meter["value"]) for tr in box.select(".reuse-parts tr")}
    assert parts["主要举措和成效"] > 0 and parts["存在的不足和原因"] == 0
    # The underlined text is the pasted paragraph's, and each links to a side-by-side view.
    links = page.select("article.report a.reuse")
    underlined = "".join(a.get_text() for a in links)
    assert re.sub(r"\s", "", NAMES_CHANGED)[20:80] in re.sub(r"\s", "", underlined)
    assert all(re.search(rf"/doc/{ids['b']}/reuse/{ids['a']}\?at=\d+-\d+&src=\d+-\d+", a["href"])
               for a in links)  # fmt: skip
    # Unrelated reports have no underlines and a bar saying so.
    other = soup(client.get(f"/doc/{ids['x']}"))
    assert other.select("article.report a.reuse") == []
    assert other.select_one(".reuse-share").get_text() == "0.0%"


def test_side_by_side_view_marks_what_is_shared(built):
    index_dir, ids, reports = built
    client = _client(index_dir)
    page = soup(client.get(f"/doc/{ids['b']}"))
    href = next(a for a in page.select("article.report a.reuse") if "三重一大" in a.get_text())[
        "href"
    ]
    pair = soup(client.get(href))
    left, right = pair.select(".pair-side")
    assert "新县卫生健康委员会" in left.h2.get_text() and "江门市江海区" in right.h2.get_text()
    left_text, right_text = left.blockquote.get_text(), right.blockquote.get_text()
    # The two paragraphs differ in the names and year the copier changed, which stay unmarked.
    assert "新县卫生健康委员会" in left_text and "江海区卫生健康局" in right_text
    assert "新县卫生健康委员会" not in "".join(m.get_text() for m in left.select("mark"))
    shared = "".join(m.get_text() for m in left.select("mark"))
    assert "严格落实“三重一大”制度" in shared
    # Each side links to its report at the passage.
    target = right.select_one(".pair-doc a")["href"]
    assert target.startswith(f"/doc/{ids['a']}?at=") and target.endswith("#reuse-at")
    source = soup(client.get(target))
    assert source.select_one("#reuse-at") is not None


@pytest.mark.parametrize(
    "query", ["at=5", "at=9-3", "at=1-2&src=0-99999999", "src=1-2", "at=a-b&src=1-2"]
)
def test_side_by_side_bad_positions_are_400(built, query):
    index_dir, ids, _ = built
    got = _client(index_dir).get(f"/doc/{ids['b']}/reuse/{ids['a']}?{query}")
    assert got.status_code == 400


def test_template_list_and_hiding_template_snippets(built):
    index_dir, ids, _ = built
    client = _client(index_dir, SEARCH_TEMPLATE_AGENCIES=3)
    page = soup(client.get("/templates"))
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert rows[0][:4] == [STOCK_SENTENCE, "2022", "3", "3"]
    # The stock sentence's own snippet is hidden with 隐藏套话, the others stay.
    q = "q=%22%E9%87%8D%E5%A4%A7%E6%89%A7%E6%B3%95%E5%86%B3%E5%AE%9A%22"  # "重大执法决定"
    shown = soup(client.get(f"/search?{q}"))
    texts = [s.get_text() for s in shown.select("li.hit .snippet-text")]
    assert sum(STOCK_SENTENCE in t for t in texts) == 3
    toggle = shown.select_one("a.hide-templates")
    assert toggle.get_text() == "隐藏套话"
    hidden = soup(client.get(toggle["href"]))
    texts_after = [s.get_text() for s in hidden.select("li.hit .snippet-text")]
    assert not any(t.strip() == STOCK_SENTENCE for t in texts_after)
    assert len(texts_after) == len(texts) - 3
    assert len(hidden.select(".hidden-note")) == 3
    assert hidden.select_one("a.hide-templates").get_text() == "显示套话"
    # With the default k (5 agencies) the sentence of three agencies is no template.
    default = soup(_client(index_dir).get(f"/search?{q}&hide=1"))
    assert len(default.select("li.hit .snippet-text")) == len(texts)


KILL_DURING_REUSE = textwrap.dedent(
    """
    import os, signal, sys
    import search
    from search.reuse import update

    update.CHUNK = 1  # one report per transaction
    real, calls = update._add, []

    def add(*args):
        calls.append(1)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGKILL)  # a real kill, mid-transaction
        return real(*args)

    update._add = add
    search.index_paths([sys.argv[1]], sys.argv[2])
    """
)


def test_killed_reuse_pass_is_repaired_by_the_next_index_run(built, tmp_path):
    index_dir, ids, _ = built
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a", "b", "c", "x"):
        shutil.copy(next(index_dir.parent.glob("reuse-web-src*")) / f"{name}.txt", src)
    killed = tmp_path / "killed"
    run = subprocess.run([sys.executable, "-c", KILL_DURING_REUSE, str(src), str(killed)])
    assert run.returncode == -9
    # The index committed all four; the reuse store only the two reports before the kill.
    assert len(search.SearchIndex(killed)) == 4
    con = connect(killed)
    assert len(doc_rows(con)) == 2
    con.close()
    with pytest.raises(search.ReuseNotReadyError):
        search.reuse_report(ids["c"], killed)
    # The next run (nothing new to index) catches up, and equals an uninterrupted build.
    summary = search.index_paths([src], killed)
    assert summary.added == []
    clean = tmp_path / "clean"
    search.index_paths([src], clean)
    for name in ("a", "b", "c", "x"):
        assert (
            search.reuse_report(ids[name], killed).to_json()
            == search.reuse_report(ids[name], clean).to_json()
        )
    assert update_reuse(killed).added == []


def test_year_over_year_page(built):
    index_dir, ids, _ = built
    client = _client(index_dir)
    doc = soup(client.get(f"/doc/{ids['d']}"))
    href = doc.select_one("a.yoy-link")["href"]
    page = soup(client.get(href))
    assert page.select_one(".yoy-summary a")["href"] == f"/doc/{ids['a']}"
    repeated = float(page.select_one(".yoy-repeated").get_text().rstrip("%"))
    assert repeated > 95  # D is A with its years and one count changed
    # A's three plan items are A's plans again in D: carried over.
    statuses = [li["class"][1] for li in page.select(".plans li.plan")]
    assert statuses == ["s-carried"] * 3
    assert page.select(".pair.yoy .left mark") and page.select(".pair.yoy .right mark")
    first = soup(client.get(f"/doc/{ids['a']}/years"))
    assert "没有该机构更早年度的报告" in first.get_text()
    assert client.get("/doc/nope/years").status_code == 404


def test_cli_templates_and_report(built, capsys):
    from search.cli import main

    index_dir, ids, _ = built
    assert main(["reuse", "--templates", "--k", "3", "--index", str(index_dir), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["year"], r["agencies"]) for r in rows] == [(STOCK_SENTENCE, 2022, 3)]
    assert main(["reuse", ids["b"], "--index", str(index_dir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == search.reuse_report(ids["b"], index_dir).to_json()
    assert main(["reuse", "nope", "--index", str(index_dir)]) != 0
    assert "nope" in capsys.readouterr().err
