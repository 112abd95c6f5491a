"""The real server stays responsive while the heaviest requests run (issue 15).

``python -m search serve`` runs as a subprocess over the samples and a generated
~2 MB report of 32,000 short lines, each holding the same phrase.  While one
client asks for that report with every match marked and another streams an
export of every sentence holding 的 (reading it slowly), /healthz and a normal
search must each answer within a second: before, the report page held the
index lock for minutes and the export for the whole of its run.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

import search

from .web_fixtures import PHRASE
from .worst_case import PHRASE as WORST_PHRASE
from .worst_case import index_with_worst

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
LINES = 32_000
PROBE_LIMIT_S = 1.0
EXPORT_ALL = "/export.csv?q=" + quote('"的"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    d = tmp_path_factory.mktemp("server")
    doc_id = index_with_worst(d / "reports", d / "ix", LINES)
    port = _free_port()
    log_path = d / "server.log"
    with open(log_path, "w") as log:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "search",
                "serve",
                "--index",
                str(d / "ix"),
                "--port",
                str(port),
            ],
            cwd=ROOT,
            # A budget far beyond the test: what is tested is not blocking, not giving up.
            env={**os.environ, "SEARCH_REQUEST_TIMEOUT": "600"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert child.poll() is None, log_path.read_text()
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield port, doc_id, log_path, d / "ix"
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def test_healthz_and_search_answer_within_a_second_during_a_doc_and_an_export(server):
    port, doc_id, _, _ = server
    doc_path = f"/doc/{doc_id}?q=" + quote(f'"{WORST_PHRASE}"')
    export_path = EXPORT_ALL
    times: dict[str, list[float]] = {}
    bodies: dict[str, bytes] = {}

    def fetch_doc() -> None:
        t0 = time.monotonic()
        conn = http.client.HTTPConnection(HOST, port, timeout=600)
        conn.request("GET", doc_path)
        r = conn.getresponse()
        first = r.read(1)
        t1 = time.monotonic()  # the page is built before its first byte is sent
        bodies["doc"] = first + r.read()
        times["doc"] = [t0, t1, r.status]
        conn.close()

    def fetch_export() -> None:
        t0 = time.monotonic()
        conn = http.client.HTTPConnection(HOST, port, timeout=600)
        conn.request("GET", export_path)
        r = conn.getresponse()
        chunks = []
        while chunk := r.read(32768):
            chunks.append(chunk)
            time.sleep(0.01)  # a slow client: the export stays open a while
        bodies["export"] = b"".join(chunks)
        times["export"] = [t0, time.monotonic(), r.status]
        conn.close()

    heavy = [threading.Thread(target=f, daemon=True) for f in (fetch_doc, fetch_export)]
    for t in heavy:
        t.start()
    time.sleep(0.1)
    probes = []
    search_path = f"/api/search?q={quote(PHRASE)}"
    while any(t.is_alive() for t in heavy):
        for path in ("/healthz", search_path):
            t = time.monotonic()
            status, body = _get(port, path, timeout=30)
            probes.append((path, t, time.monotonic() - t, status))
        time.sleep(0.05)
    for t in heavy:
        t.join()

    assert times["doc"][2] == 200 and times["export"][2] == 200
    marks = len(re.findall(rb'<mark id="m\d+">', bodies["doc"]))
    assert marks == LINES + 1  # the title holds the phrase too
    rows = bodies["export"].decode("utf-8-sig").count("\n") - 1
    assert rows > LINES
    for path, _, seconds, status in probes:
        assert status == 200, path
        assert seconds < PROBE_LIMIT_S, f"{path} took {seconds:.2f} s"
    # Probes really ran while both heavy requests were being worked on.
    (d0, d1, _), (e0, e1, _) = times["doc"], times["export"]
    during = [p for p in probes if max(d0, e0) < p[1] and p[1] + p[2] < min(d1, e1)]
    assert {p[0] for p in during} == {"/healthz", search_path}, (times, len(probes))


def test_an_export_stops_when_its_client_goes_away(server):
    port, _, log_path, ix_dir = server
    with socket.create_connection((HOST, port), timeout=60) as sock:
        sock.sendall(f"GET {EXPORT_ALL} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    deadline = time.monotonic() + 30
    stopped = re.compile(r"/export\.csv stopped after (\d+) rows: the client went away")
    while not (m := stopped.search(log_path.read_text())):
        assert time.monotonic() < deadline, log_path.read_text()[-2000:]
        time.sleep(0.1)
    # The line is written only when the rows were not all sent.
    total = sum(1 for _ in search.SearchIndex(ix_dir).export_rows('"的"'))
    assert int(m.group(1)) < total
    assert _get(port, "/healthz") == (200, b"ok")
