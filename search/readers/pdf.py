"""PDF: the text layer, via pdfminer.six. Scanned PDFs have none and are reported, not guessed."""

from __future__ import annotations

import io
import re

from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException

from search.errors import UnreadableFileError
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


def read_pdf(data: bytes, path: str) -> str:
    if b"%%EOF" not in data[-_TAIL:]:
        raise UnreadableFileError(path, "broken PDF: truncated (no %%EOF at the end of the file)")
    try:
        text = extract_text(io.BytesIO(data), laparams=_LAYOUT)
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
