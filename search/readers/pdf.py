"""PDF: the text layer, via pdfminer.six. Scanned PDFs have none and are reported, not guessed."""

from __future__ import annotations

import io
import re
import zlib
from contextlib import contextmanager

from pdfminer import pdftypes
from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.psexceptions import PSException

from search.errors import UnreadableFileError
from search.limits import (
    MAX_PDF_INFLATED,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    InflationError,
    inflate_bounded,
    mb,
)
from search.readers.common import describe

# Acrobat requires %%EOF within the last 1024 bytes; a download cut short lacks it. pdfminer
# would instead rebuild what it can from the surviving objects and return part of the report
# (or fail with a bare "Unexpected EOF"), so the truncation is named here.
_TAIL = 1024

# pdfminer writes "(cid:123)" for a glyph whose font has no Unicode mapping; that is not text.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")

# Defaults, spelled out because they are the point: boxes_flow orders text boxes top to bottom,
# then left to right (reading order of a single-column report), and line_margin decides when two
# lines belong to one paragraph.
_LAYOUT = LAParams(line_margin=0.5, char_margin=2.0, word_margin=0.1, boxes_flow=0.5)


class _BoundedZlib:
    """pdfminer's ``zlib``, inflating no more than ``MAX_PDF_INFLATED`` per document.

    pdfminer inflates each stream whole with ``zlib.decompress`` and keeps it: a 1 MB
    flate bomb reached 2.1 GB.  This stands in for the module inside pdfminer's
    ``pdftypes`` while one PDF is read (readers run one file at a time a process).
    """

    error = zlib.error

    def __init__(self) -> None:
        self.left = MAX_PDF_INFLATED

    def decompress(self, data: bytes) -> bytes:
        out = inflate_bounded(data, self.left)
        self.left -= len(out)
        return out

    def decompressobj(self) -> _BoundedDecompressor:
        return _BoundedDecompressor(self)


class _BoundedDecompressor:
    def __init__(self, budget: _BoundedZlib) -> None:
        self._d = zlib.decompressobj()
        self._budget = budget

    def decompress(self, data: bytes) -> bytes:
        out = inflate_bounded(data, self._budget.left, self._d)
        self._budget.left -= len(out)
        return out


@contextmanager
def _bounded_inflation():
    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    try:
        yield
    finally:
        pdftypes.zlib = zlib


def _extract_text(data: bytes, path: str) -> str:
    """pdfminer's ``extract_text``, a page at a time, within the page and text bounds."""
    output = io.StringIO()
    manager = PDFResourceManager(caching=True)
    device = TextConverter(manager, output, laparams=_LAYOUT)
    interpreter = PDFPageInterpreter(manager, device)
    for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data), caching=True), 1):
        if number > MAX_PDF_PAGES:
            raise UnreadableFileError(path, f"too large: more than {MAX_PDF_PAGES:,} pages")
        interpreter.process_page(page)
        if output.tell() > MAX_TEXT_CHARS:
            reason = f"too large: more than {MAX_TEXT_CHARS:,} characters of text"
            raise UnreadableFileError(path, reason)
    return output.getvalue()


def read_pdf(data: bytes, path: str) -> str:
    if b"%%EOF" not in data[-_TAIL:]:
        raise UnreadableFileError(path, "broken PDF: truncated (no %%EOF at the end of the file)")
    try:
        with _bounded_inflation():
            text = _extract_text(data, path)
    except InflationError as exc:
        reason = f"too large: its compressed streams inflate to more than {mb(MAX_PDF_INFLATED)}"
        raise UnreadableFileError(path, reason) from exc
    except PDFPasswordIncorrect as exc:
        raise UnreadableFileError(path, "cannot open: the PDF needs a password") from exc
    except PDFEncryptionError as exc:
        reason = f"cannot open: unsupported PDF encryption ({describe(exc)})"
        raise UnreadableFileError(path, reason) from exc
    except PSException as exc:
        # Every pdfminer parse error (PDFSyntaxError, PSEOF, PDFTypeError...) derives from it.
        raise UnreadableFileError(path, f"broken PDF: {describe(exc)}") from exc
    unmapped = len(_UNMAPPED_GLYPH.findall(text))
    text = _UNMAPPED_GLYPH.sub("", text)
    pages = text.count("\f")  # pdfminer ends every page with a form feed
    if pages == 0:
        raise UnreadableFileError(path, "broken PDF: no pages found")
    if not text.strip():
        if unmapped:
            why = "its fonts do not say which characters their glyphs are"
        else:
            why = "scanned? run OCR on it first"
        raise UnreadableFileError(path, f"no text layer: {pages} page(s) without text ({why})")
    return text
