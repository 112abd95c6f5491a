"""A report's path: one identity however it is typed, shown relative, downloadable (issue 14).

Also the UI side of issue 9 §4: ``url`` and ``meta_source`` in the API and on the
report page, and "未识别" where the text does not say.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

import search
from tests.web_fixtures import api, soup
from web import create_app

from .conftest import ROOT, SAMPLES

S003 = "003_80ca85fa625d7763.txt"
URL = "https://www.xinxian.gov.cn/zwgk/fzzfjs/2022/0225/12.html"
UNTITLED = (  # paragraphs of sample 003's body: no agency, year or place
    "（五）推进依法科学民主决策。健全科学民主决策制度，进行重大事项决策时，"
    "严格遵守法定权限和程序，对委重大行政决策进行合法性审核并经集体讨论决定。\n"
    "（六）重视行政执法人员管理。所有行政执法人员均持证上岗。\n"
)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "search", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


# ---------------------------------------------------------------- identity


def test_the_readme_commands_after_serve_say_unchanged(tmp_path):
    ix = tmp_path / "ix"
    search.index_paths([search.SAMPLES_DIR], ix)  # what `serve` does on first start
    done = run("index", "search/samples", "--index", str(ix))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 0, updated 0, unchanged 5, failed 0; 5 reports")
    assert "duplicate" not in done.stdout


def test_other_spellings_of_the_same_folder_are_the_same_reports(tmp_path):
    ix = tmp_path / "ix"
    link = tmp_path / "link"
    link.symlink_to(SAMPLES, target_is_directory=True)
    assert run("index", "./search/../search/samples/", "--index", str(ix)).returncode == 0
    for spelling, cwd in ((str(link), tmp_path), ("samples", ROOT / "search")):
        done = run("index", spelling, "--index", str(ix), cwd=cwd)
        assert done.stdout.startswith("added 0, updated 0, unchanged 5, failed 0"), done.stdout
    assert len(search.SearchIndex(ix)) == 5


# ---------------------------------------------------------------- shown paths


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("paths") / "collection"
    (root / "2021").mkdir(parents=True)
    shutil.copy(SAMPLES / S003, root / "2021" / "新县卫健委2021年报告.txt")
    shutil.copy(SAMPLES / "004_218fc4b49fdc6f41.txt", root / "2021")
    (root / "untitled.txt").write_text(UNTITLED, encoding="utf-8")
    sheet = root.parent / "manifest.csv"
    sheet.write_text(f"path,url\n2021/新县卫健委2021年报告.txt,{URL}\n", encoding="utf-8")
    summary = search.index_paths([root], root.parent / "ix", meta=sheet)
    assert summary.total == 3 and summary.manifest.notes == []
    return root


def test_json_and_text_give_paths_relative_to_the_folder_indexed(collection):
    ix = str(collection.parent / "ix")
    done = run("search", '"法治"', "--json", "--index", ix, "--limit", "0")
    paths = {h["path"] for h in json.loads(done.stdout)["hits"]}
    assert paths == {"2021/新县卫健委2021年报告.txt", "2021/004_218fc4b49fdc6f41.txt"}
    text = run("search", '"法治"', "--index", ix).stdout
    assert "    2021/新县卫健委2021年报告.txt  id=" in text
    assert str(collection) not in done.stdout + text


def test_a_single_file_is_shown_by_its_name(tmp_path):
    f = tmp_path / "deep" / "er" / S003
    f.parent.mkdir(parents=True)
    shutil.copy(SAMPLES / S003, f)
    search.index_paths([f], tmp_path / "ix")
    assert [h.path for h in search.SearchIndex(tmp_path / "ix").search('"法治"').hits] == [S003]


# ---------------------------------------------------------------- web


@pytest.fixture(scope="module")
def client(collection):
    app = create_app(
        {
            "TESTING": True,
            "SEARCH_INDEX": str(collection.parent / "ix"),
            "SEARCH_BUILD_SAMPLES": False,
        }
    )
    return app.test_client()


def xinxian(client) -> dict:
    return next(h for h in api(client, q='"法治"')["hits"] if h["agency"] == "新县卫生健康委员会")


def test_api_hits_and_docs_carry_url_meta_source_and_relative_paths(client, collection):
    hit = xinxian(client)
    assert hit["url"] == URL and hit["meta_source"]["url"] == "manifest"
    assert hit["path"] == "2021/新县卫健委2021年报告.txt"
    doc = client.get(f"/api/doc/{hit['id']}").get_json()
    assert (doc["url"], doc["meta_source"], doc["path"]) == (
        URL,
        hit["meta_source"],
        hit["path"],
    )
    everything = client.get("/api/search", query_string={"q": '"法治"', "per_page": 100}).text
    assert str(collection) not in everything
    others = [h for h in api(client, q='"法治"')["hits"] if h["id"] != hit["id"]]
    assert others and all(h["url"] == "" and "url" not in h["meta_source"] for h in others)


def test_the_report_page_links_the_source_and_names_each_fields_source(client, collection):
    hit = xinxian(client)
    r = client.get(f"/doc/{hit['id']}")
    assert str(collection) not in r.text  # no server path anywhere on the page
    page = soup(r)
    rows = {tr.th.get_text(): tr.select("td") for tr in page.select("table.metadata tr")}
    link = rows["原文链接"][0].a
    assert link["href"] == URL and link.get_text() == URL
    assert rows["原文链接"][1].get_text() == "来源：清单"
    assert rows["机构"][0].get_text() == "新县卫生健康委员会"
    download = rows["源文件"][0].a
    assert download["href"] == f"/doc/{hit['id']}/file"
    assert download.get_text() == "新县卫健委2021年报告.txt"


def test_the_original_file_downloads_under_its_name(client, collection):
    hit = xinxian(client)
    r = client.get(f"/doc/{hit['id']}/file")
    assert r.status_code == 200
    assert r.data == (collection / hit["path"]).read_bytes()
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "新县卫健委2021年报告.txt" in unquote(disposition)


def test_a_download_serves_only_the_file_of_an_id(client):
    for url in ("/doc/0000000000000000/file", "/doc/..%2F..%2Fetc%2Fpasswd/file"):
        r = client.get(url)
        assert r.status_code == 404 and b"root:" not in r.data


def test_a_moved_or_changed_original_is_a_clear_404(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    f = d / S003
    shutil.copy(SAMPLES / S003, f)
    search.index_paths([d], tmp_path / "ix")
    app = create_app(
        {"TESTING": True, "SEARCH_INDEX": str(tmp_path / "ix"), "SEARCH_BUILD_SAMPLES": False}
    )
    c = app.test_client()
    doc_id = api(c, q='"法治"')["hits"][0]["id"]
    assert c.get(f"/doc/{doc_id}/file").status_code == 200
    with f.open("a", encoding="utf-8") as out:
        out.write("补记一行。\n")
    for _ in range(2):
        r = c.get(f"/doc/{doc_id}/file")
        assert r.status_code == 404
        assert "原文件已不在索引时的位置，或索引之后已被修改" in r.text
        page = soup(c.get(f"/doc/{doc_id}"))
        assert not page.select("a.download")
        assert "原文件已移动或修改" in page.select_one("table.metadata").get_text()
        f.unlink(missing_ok=True)


def test_unknown_agency_year_and_region_show_as_unrecognised(client):
    page = soup(client.get("/search", query_string={"q": '"持证上岗"'}))
    untitled = next(
        h for h in page.select("li.hit") if "机构未识别" in h.select_one(".agency").get_text()
    )
    assert untitled.select_one(".region").get_text() == "地区未识别"
    assert untitled.select_one(".year").get_text() == "年度未识别"
    known = next(h for h in page.select("li.hit") if h is not untitled)
    assert known.select_one(".region").get_text() == "河南省信阳市新县"
    doc_id = next(h["id"] for h in api(client, q='"持证上岗"')["hits"] if not h["agency"])
    doc = soup(client.get(f"/doc/{doc_id}"))
    rows = {tr.th.get_text(): tr.td.get_text() for tr in doc.select("table.metadata tr")}
    assert (rows["机构"], rows["地区"], rows["年度"]) == ("未识别", "未识别", "未识别")
    compare = soup(client.get("/compare", query_string={"q": '"持证上岗"'}))
    row = next(
        tr for tr in compare.select("table.compare tbody tr") if "机构未识别" in tr.th.get_text()
    )
    assert row.select_one("td.region").get_text() == "未识别"


def test_export_rows_carry_url_and_the_shown_path(collection):
    rows = list(search.SearchIndex(collection.parent / "ix").export_rows('"法治"'))
    by_path = {r.path: r.url for r in rows}
    assert by_path == {
        "2021/新县卫健委2021年报告.txt": URL,
        "2021/004_218fc4b49fdc6f41.txt": "",
    }


def test_an_index_that_stored_typed_paths_is_taken_over(tmp_path, monkeypatch):
    from search import indexer
    from search.walk import Walk

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLES, tmp_path / "reports")
    ix = tmp_path / "ix"
    # As versions before canonical paths stored them: "reports/000_….txt".
    typed = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "reports").iterdir())
    with monkeypatch.context() as m:
        m.setattr(indexer, "walk_paths", lambda paths: Walk(files=list(typed)))
        indexer.index_paths(["reports"], ix)
    first = search.index_paths(["reports"], ix)
    assert (len(first.added), first.duplicates, first.total) == (5, [], 5)
    again = search.index_paths([tmp_path / "reports"], ix)
    assert (len(again.unchanged), again.total) == (5, 5)
