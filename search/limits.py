"""What one file may cost to index, so that no file can stall or exhaust a run.

A hostile or broken file (a 200 MB text, a Word file whose 1 MB zip holds
300 MB of paragraphs, a PDF whose streams inflate to gigabytes) is refused with
a reason starting ``too large:`` and the run goes on with the other files.
The bounds are far above any real report: the largest of the 3,494 corpus texts
is 1.4 MB (470,000 characters); a 300-page PDF report is about 2 MB.
"""

from __future__ import annotations

import signal
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import UnreadableFileError

__all__ = [
    "MAX_DOCX_INFLATED",
    "MAX_DOCX_XML",
    "MAX_FILE_BYTES",
    "MAX_PDF_INFLATED",
    "MAX_PDF_PAGES",
    "MAX_SECONDS",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_CHARS",
    "check_text",
    "inflate_bounded",
    "mb",
    "time_budget",
]

MB = 2**20
MAX_TEXT_BYTES = 16 * MB  # on disk, for text and web pages (read whole, decoded whole)
MAX_FILE_BYTES = 64 * MB  # on disk, for PDF and Word files (scans and pictures are big)
MAX_TEXT_CHARS = 4_000_000  # extracted characters, whatever the format
MAX_DOCX_XML = 32 * MB  # inflated size of a Word file's XML (lxml keeps a tree of it)
MAX_DOCX_INFLATED = 128 * MB  # inflated size of all of a Word file's parts (python-docx loads all)
MAX_PDF_INFLATED = 64 * MB  # inflated size of a PDF's compressed streams together
MAX_PDF_PAGES = 2000
MAX_SECONDS = 60.0  # reading, cleaning and analysing one file


def mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


def check_text(path: str, text: str) -> str:
    """``text`` itself, or ``too large`` when it holds more characters than any report."""
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableFileError(
            path,
            f"too large: {len(text):,} characters of text, at most {MAX_TEXT_CHARS:,}",
        )
    return text


class InflationError(Exception):
    """Compressed data that inflates past its bound (a zip or flate bomb)."""


def inflate_bounded(data: bytes, limit: int, decompressor: zlib._Decompress | None = None) -> bytes:
    """``zlib.decompress(data)``, refusing to produce more than ``limit`` bytes.

    Inflated a megabyte at a time: one call with ``max_length`` grows its buffer
    by copying, which doubled the peak memory of a refused bomb.
    """
    d = decompressor or zlib.decompressobj()
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = d.decompress(data, _CHUNK)
        total += len(chunk)
        if total > limit:
            raise InflationError(f"inflates to more than {mb(limit)}")
        chunks.append(chunk)
        data = d.unconsumed_tail
        if not data or not chunk:
            break
    if decompressor is None:  # a caller's decompressor takes more input later: not flushed
        chunks.append(d.flush())
    return b"".join(chunks)


_CHUNK = MB


@contextmanager
def time_budget(path: str, seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Refuse the file at ``path`` as ``too large`` once its work passes ``seconds``.

    Counted in CPU seconds of this process (``ITIMER_PROF``), so a machine busy
    with other work does not turn a legitimate large report away.  The signal
    interrupts Python code between bytecodes, so this works only in a process's
    main thread (an index worker, or the CLI); elsewhere (a thread of the web
    server) it is a no-op.  It repeats every second in case a library swallows
    the first exception.
    """
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expired(signum, frame):
        raise UnreadableFileError(
            path, f"too large: took more than {seconds:g} s of processor time to read"
        )

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
