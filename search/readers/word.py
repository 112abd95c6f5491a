"""Word 2007+ (.docx): paragraphs and tables in the order they appear in the document.

A Word paragraph is a paragraph: the text says so with U+2029 PARAGRAPH SEPARATOR,
which ``clean_text`` keeps as a paragraph end, so a heading is never joined to the
body paragraph after it.  Table cells are kept apart by `` | ``, one row a paragraph.
Files converted from PDF often have a Word paragraph per printed line; those lines
are left for ``clean_text`` to join, as it does for PDF text.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from search.errors import UnreadableFileError
from search.limits import MAX_DOCX_INFLATED, MAX_DOCX_XML, check_text, mb
from search.readers.common import describe

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")

PARAGRAPH_END = "\u2029"
CELL_GAP = " | "
_SENTENCE_END = tuple("。！？；：.!?;:")
_CLOSERS = "”’」』)）》]】"
_LONG = 15  # characters: shorter paragraphs are titles, dates, signatures, headings


def _check_inflation(data: bytes, path: str) -> None:
    """Refuse a zip bomb before python-docx inflates every part of it into memory.

    The sizes in a zip's headers can lie, so what each member really inflates
    to is counted, a megabyte at a time, and the count stops at the bound.
    """
    total = xml = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            is_xml = info.filename.endswith((".xml", ".rels"))
            with archive.open(info) as member:
                while chunk := member.read(2**20):
                    total += len(chunk)
                    xml += len(chunk) if is_xml else 0
                    if xml > MAX_DOCX_XML:
                        raise UnreadableFileError(
                            path, f"too large: its XML inflates to more than {mb(MAX_DOCX_XML)}"
                        )
                    if total > MAX_DOCX_INFLATED:
                        raise UnreadableFileError(
                            path, f"too large: it inflates to more than {mb(MAX_DOCX_INFLATED)}"
                        )


def read_docx(data: bytes, path: str) -> str:
    try:
        _check_inflation(data, path)
        document = docx.Document(io.BytesIO(data))
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        zlib.error,  # a damaged member of the zip (as is EOFError)
        EOFError,
        etree.XMLSyntaxError,
        KeyError,  # a package without a part python-docx looks up by name
        ValueError,  # a package whose main part is not a Word document (an .xlsx, say)
    ) as exc:
        raise UnreadableFileError(path, f"broken DOCX: {describe(exc)}") from exc
    blocks = list(_block_lines(document.element.body, document))
    # Each table row is marked as its own paragraph already (see _table_lines).
    sep = PARAGRAPH_END if _keeps_paragraphs(blocks) else "\n"
    text = check_text(path, sep.join(b for b in blocks if b.strip()))
    if not text.strip():
        raise UnreadableFileError(path, "empty: the document has no text")
    return text


def _keeps_paragraphs(blocks: list[str]) -> bool:
    """False when most paragraphs are printed lines: unfinished, and all about one width."""
    long = [b.strip().rstrip(_CLOSERS) for b in blocks if len(b.strip()) >= _LONG]
    open_widths = Counter(len(b) for b in long if not b.endswith(_SENTENCE_END))
    if not open_widths:
        return True
    width = open_widths.most_common(1)[0][0]
    lines = sum(n for w, n in open_widths.items() if abs(w - width) <= 2)
    return lines < 4 or lines < len(long) / 2


def _blocks(element: etree._Element, parent: Any) -> Iterator[Paragraph | Table]:
    # python-docx's own iter_inner_content() skips content controls (w:sdt), where Word keeps
    # cover pages and tables of contents, and a report's title is often on its cover page.
    for child in element.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, parent)
        elif child.tag == _TBL:
            yield Table(child, parent)
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _blocks(content, parent)


def _block_lines(element: etree._Element, parent: Any) -> Iterator[str]:
    for block in _blocks(element, parent):
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _table_lines(block)


def _cell_lines(cell: Any) -> list[str]:
    lines = (line.strip() for line in _block_lines(cell._tc, cell))
    return [line.replace(PARAGRAPH_END, " ") for line in lines if line]


def _table_lines(table: Table) -> Iterator[str]:
    # A merged cell comes back once per grid column it spans and once per row it spans
    # vertically; its <w:tc> element identifies it, so its text is written only the first time.
    # The set holds the elements themselves (not their ids) so that lxml keeps handing out the
    # same proxy objects for them.
    seen: set[etree._Element] = set()
    for row in table.rows:
        cells: list[list[str]] = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            cells.append(_cell_lines(cell))
        filled = [c for c in cells if c]
        if len(filled) == 1:
            # A one-cell row is a frame around text (whole reports are laid out
            # so): its paragraphs stay paragraphs.
            yield from filled[0]
        elif filled:
            # Marked as a paragraph of its own even in a line-per-paragraph file:
            # rows are never continuations of each other.
            yield PARAGRAPH_END + CELL_GAP.join(" ".join(c) for c in cells)
