"""Turn a downloaded report file into its raw text, whatever format it really is in.

``read_document`` returns the text as the format gives it (line and page breaks included);
cleaning happens later, in ``search.clean``. Every file it cannot read raises
``UnreadableFileError`` whose reason starts with one of: "empty", "not text", "broken PDF",
"broken DOCX", "unsupported format", "no text layer", "cannot open", "too large" (see
``search.limits``).
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

from search.errors import UnreadableFileError
from search.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES, check_text, mb
from search.readers import sniff
from search.readers.common import describe
from search.readers.pdf import read_pdf
from search.readers.text import read_text
from search.readers.webpage import read_html
from search.readers.word import read_docx

__all__ = ["SUPPORTED_SUFFIXES", "read_document"]

logger = logging.getLogger(__name__)

# What ``index`` picks up in a folder (lower case). .doc and .wps are listed although they are
# never read, so that a folder of them is reported as unsupported instead of silently skipped.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps"}
)

_TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
_OLD_OFFICE = {
    ".doc": "Word 97-2003",
    ".wps": "WPS Office",
    ".docx": "a password-protected Word file, or a .doc renamed .docx",
    ".xls": "Excel 97-2003",
    ".ppt": "PowerPoint 97-2003",
}
_SAVE_AS = "save it as .docx or PDF"

Reader = Callable[[bytes, str], str]


def read_document(path: str | os.PathLike[str]) -> str:
    """The raw text of the report at ``path``; raises ``UnreadableFileError`` if there is none."""
    name = os.fspath(path)
    try:
        # Opened without blocking and checked to be a regular file before reading: a FIFO
        # put in place of a report would block the run forever.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise UnreadableFileError(name, "cannot open: it is a folder")
            if not stat.S_ISREG(st.st_mode):
                raise UnreadableFileError(name, "cannot open: not a regular file")
            if st.st_size > MAX_FILE_BYTES:
                reason = f"too large: {mb(st.st_size)} on disk, at most {mb(MAX_FILE_BYTES)}"
                raise UnreadableFileError(name, reason)
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise UnreadableFileError(name, "cannot open: no such file") from exc
    except UnreadableFileError:
        raise
    except IsADirectoryError as exc:
        raise UnreadableFileError(name, "cannot open: it is a folder") from exc
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot open: {exc.strerror or exc}") from exc
    if not data:
        raise UnreadableFileError(name, "empty: 0 bytes")
    if not data.strip():
        raise UnreadableFileError(name, "empty: only whitespace")

    reader, failure = _choose_reader(data, Path(name).suffix.lower(), name)
    if reader in (read_text, read_html) and len(data) > MAX_TEXT_BYTES:
        # Text is decoded whole (four bytes a character in memory) and then segmented.
        reason = f"too large: {mb(len(data))} of text, at most {mb(MAX_TEXT_BYTES)}"
        raise UnreadableFileError(name, reason)
    try:
        return check_text(name, reader(data, name))
    except UnreadableFileError:
        raise
    except Exception as exc:
        # The libraries raise more than they document on damaged files. The reason keeps the
        # exception's type so that a bug of ours still shows; the traceback goes to the log.
        logger.debug("reading %s failed", name, exc_info=True)
        reason = f"{failure}: unexpected {type(exc).__name__}: {describe(exc)}"
        raise UnreadableFileError(name, reason) from exc


def _choose_reader(data: bytes, suffix: str, name: str) -> tuple[Reader, str]:
    """The reader for this content, and the reason key for its unexpected failures."""
    kind = sniff.sniff(data)
    shown = suffix or "no extension"
    # Content wins over the name, except that text never becomes a PDF just by mentioning one.
    if kind == sniff.PDF and (suffix == ".pdf" or data.lstrip().startswith(b"%PDF-")):
        return read_pdf, "broken PDF"
    if kind == sniff.DOCX:
        return read_docx, "broken DOCX"
    if kind == sniff.OLE2:
        what = _OLD_OFFICE.get(suffix, "an old Office or WPS file")
        raise UnreadableFileError(name, f"unsupported format: {shown} ({what}); {_SAVE_AS}")
    if kind == sniff.RTF:
        raise UnreadableFileError(name, f"unsupported format: {shown} (RTF); {_SAVE_AS}")
    if kind == sniff.HTML and suffix == ".pdf":
        # A web page saved under a .pdf name is a failed download (an error or login page).
        raise UnreadableFileError(name, "broken PDF: the file is a web page, not a PDF")
    if kind == sniff.HTML:
        # Also .doc files: CMSs and Word itself save "Word" downloads as HTML.
        return read_html, "cannot open"
    if kind in sniff.FOREIGN:
        if suffix in _TEXT_SUFFIXES:
            raise UnreadableFileError(name, f"not text: the file is a {kind}")
        if suffix == ".docx":
            return read_docx, "broken DOCX"  # python-docx says what is wrong with the package
        raise UnreadableFileError(name, f"unsupported format: {shown} ({kind})")
    if suffix in (".txt", ".md"):
        return read_text, "cannot open"
    if suffix in (".html", ".htm"):
        return read_html, "cannot open"
    if suffix == ".pdf":
        raise UnreadableFileError(name, "broken PDF: no %PDF- header, so not a PDF file")
    if suffix == ".docx":
        return read_docx, "broken DOCX"
    if suffix in _OLD_OFFICE:
        raise UnreadableFileError(
            name, f"unsupported format: {suffix} ({_OLD_OFFICE[suffix]}); {_SAVE_AS}"
        )
    raise UnreadableFileError(name, f"unsupported format: {shown}")
