"""What ``index`` walks: links out of the folder, loops, FIFOs, unreadable folders, odd names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search import SearchIndex, index_paths
from search.walk import path_text, printable_path, walk_paths

from .conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "002_a6447469db452940.txt"


@pytest.fixture
def folder(tmp_path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    shutil.copy(SAMPLE, d / "report.txt")
    return d


def test_a_link_out_of_the_folder_is_not_followed_and_is_named(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件：不应被索引的口令清单。\n" * 20, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(SAMPLES / "003_80ca85fa625d7763.txt", outside / "other.txt")
    (folder / "more").symlink_to(outside)
    summary = index_paths([folder], tmp_path / "ix")
    assert [Path(p).name for p in summary.added] == ["report.txt"]
    assert sorted((Path(p).name, r) for p, r in summary.skipped) == [
        ("more", "symbolic link to outside the indexed folder: not followed"),
        ("passwd.txt", "symbolic link to outside the indexed folder: not followed"),
    ]
    assert SearchIndex(tmp_path / "ix").count('"口令清单"') == 0


def test_a_link_inside_the_folder_is_indexed_once(folder):
    (folder / "again.txt").symlink_to(folder / "report.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a loop back to the top
    found = walk_paths([folder])
    assert [os.path.realpath(f) for f in found.files] == [str(folder / "report.txt")]
    assert found.skipped == [] and found.failed == []


def test_broken_and_looping_links_and_fifos_are_named(folder):
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block the run forever
    found = walk_paths([folder])
    assert [Path(f).name for f in found.files] == ["report.txt"]
    assert sorted((Path(p).name, r) for p, r in found.skipped) == [
        ("gone.txt", "broken symbolic link: its target does not exist"),
        ("loop.txt", "symbolic link loop: not followed"),
        ("pipe.txt", "skipped: a FIFO (named pipe)"),
    ]


def test_a_fifo_given_by_name_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    summary = index_paths([tmp_path / "pipe.txt", SAMPLE], tmp_path / "ix")
    assert summary.skipped == [(str(tmp_path / "pipe.txt"), "skipped: a FIFO (named pipe)")]
    assert summary.total == 1


def test_an_unreadable_folder_is_named(folder, monkeypatch):
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(SAMPLE, locked / "inside.txt")
    scandir = os.scandir

    def refuse(path):  # root reads any folder, so the refusal is injected
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    found = walk_paths([folder])
    assert found.failed == [(str(locked), "cannot open folder: Permission denied")]
    assert [Path(f).name for f in found.files] == ["report.txt"]


def test_a_missing_path_creates_no_index(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "search", "index", str(tmp_path / "no-such-folder")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"error: no such file or folder: {tmp_path / 'no-such-folder'}; nothing was indexed"
    )
    assert sorted(os.listdir(tmp_path)) == []  # no ./index


def test_a_gbk_file_name_is_indexed_and_printed_escaped(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    name = "报告2022.txt".encode("gbk")  # as archives from GBK systems carry it
    with open(os.path.join(os.fsencode(folder), name), "wb") as f:
        f.write(SAMPLE.read_bytes())
    shutil.copy(SAMPLES / "003_80ca85fa625d7763.txt", folder / "bad\rname.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "search", "index", str(folder), "--index", str(tmp_path / "ix")],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().startswith("added 2, updated 0, unchanged 0, failed 0;")
    shown = path_text(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    assert shown.endswith("\\xb1\\xa8\\xb8\\xe62022.txt")
    paths = {h.path for h in SearchIndex(tmp_path / "ix").search('"卫生"', per_page=0).hits}
    assert os.path.basename(shown) in paths  # shown relative to the folder indexed
    # A second run finds it unchanged (its stored name maps back to the file).
    again = index_paths([folder], tmp_path / "ix", prune=True)
    assert len(again.unchanged) == 2 and again.pruned == []


def test_names_printed_on_a_terminal_have_no_control_characters():
    assert printable_path("a\rb\x1b[2Jc.txt") == "ab[2Jc.txt"
    assert printable_path(os.fsdecode(b"x\xb1.txt")) == "x\\xb1.txt"
