"""Finding the files to index under the paths given to ``index``, and naming the rest.

A folder is walked without leaving it: a symbolic link whose target lies outside
the folder is not followed (a link to /etc/passwd must not end up served by the
web app), and broken or looping links, FIFOs and devices (reading a FIFO blocks
forever) and folders that cannot be read are named, not skipped silently.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

from .readers import SUPPORTED_SUFFIXES

__all__ = ["Walk", "path_text", "printable_path", "walk_paths"]


@dataclass
class Walk:
    files: list[str] = field(default_factory=list)  # file system paths (str, surrogateescape)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    missing: list[str] = field(default_factory=list)  # given paths that do not exist


def path_text(path: str) -> str:
    """``path`` as text that can be stored and shown: undecodable bytes as ``\\xNN``.

    Archives from GBK systems carry file names that are not UTF-8; Python hands
    them over with lone surrogates, which no UTF-8 encoder (Whoosh's, JSON's)
    accepts.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def printable_path(path: str) -> str:
    """``path_text`` without control characters, for a terminal.

    A carriage return or an escape sequence in a file name would otherwise
    rewrite the line it is printed on.
    """
    text = path_text(path)
    return "".join(ch for ch in text if ch.isprintable() or ch == " ")


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _link_problem(path: str) -> str | None:
    """Why the link at ``path`` cannot be followed at all, or None."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
        if exc.errno == errno.ENOENT:
            return "broken symbolic link: its target does not exist"
        return f"symbolic link cannot be followed: {exc.strerror}"
    return None


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class _Walker:
    def __init__(self) -> None:
        self.out = Walk()
        self.seen_files: set[str] = set()

    def add_file(self, path: str) -> None:
        # Named by its canonical path: a report's identity must not depend on
        # how its path was typed or on the working directory (issue 14).
        real = os.path.realpath(path)
        if real not in self.seen_files:
            self.seen_files.add(real)
            self.out.files.append(real)

    def given(self, path: str) -> None:
        try:
            st = os.stat(path)
        except OSError as exc:
            if os.path.islink(path):
                self.out.skipped.append((path, _link_problem(path) or str(exc.strerror)))
            elif exc.errno == errno.ENOENT:
                self.out.missing.append(path)
                self.out.failed.append((path, "cannot open: no such file or folder"))
            else:
                self.out.failed.append((path, f"cannot open: {exc.strerror}"))
            return
        if stat.S_ISDIR(st.st_mode):
            files: list[str] = []
            self.folder(path, os.path.realpath(path), files, set())
            for f in sorted(files):
                self.add_file(f)
        elif stat.S_ISREG(st.st_mode):
            self.add_file(path)  # named on the command line: a link is followed
        else:
            self.out.skipped.append((path, f"skipped: {_special(st.st_mode)}"))

    def folder(self, path: str, root: str, files: list[str], visited: set[str]) -> None:
        real = os.path.realpath(path)
        if real in visited:
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.out.failed.append((path, f"cannot open folder: {exc.strerror}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            self.entry(entry, root, files, visited)

    def entry(self, entry: os.DirEntry, root: str, files: list[str], visited: set[str]) -> None:
        wanted = _suffix(entry.name) in SUPPORTED_SUFFIXES
        try:
            if entry.is_symlink():
                problem = _link_problem(entry.path)
                if problem is not None:
                    self.out.skipped.append((entry.path, problem))
                    return
                if not _inside(os.path.realpath(entry.path), root):
                    if wanted or entry.is_dir():
                        self.out.skipped.append(
                            (
                                entry.path,
                                "symbolic link to outside the indexed folder: not followed",
                            )
                        )
                    return
            st = entry.stat()
        except OSError as exc:
            self.out.failed.append((entry.path, f"cannot open: {exc.strerror}"))
            return
        if stat.S_ISDIR(st.st_mode):
            self.folder(entry.path, root, files, visited)
        elif not wanted:
            return
        elif stat.S_ISREG(st.st_mode):
            files.append(entry.path)
        else:
            self.out.skipped.append((entry.path, f"skipped: {_special(st.st_mode)}"))


def walk_paths(paths: Iterable[str | os.PathLike]) -> Walk:
    """The files to index under ``paths`` (each file once), and what was left out and why."""
    walker = _Walker()
    for given in paths:
        walker.given(os.fspath(given))
    return walker.out
