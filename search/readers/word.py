"""Word 2007+ (.docx): paragraphs and tables in the order they appear in the document."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from search.errors import UnreadableFileError
from search.readers.common import describe

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")


def read_docx(data: bytes, path: str) -> str:
    try:
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
    text = "\n".join(_block_lines(document.element.body, document))
    if not text.strip():
        raise UnreadableFileError(path, "empty: the document has no text")
    return text


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


def _table_lines(table: Table) -> Iterator[str]:
    # A merged cell comes back once per grid column it spans and once per row it spans
    # vertically; its <w:tc> element identifies it, so its text is written only the first time.
    # The set holds the elements themselves (not their ids) so that lxml keeps handing out the
    # same proxy objects for them.
    seen: set[etree._Element] = set()
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            lines = (line.strip() for line in _block_lines(cell._tc, cell))
            cells.append(" ".join(line for line in lines if line))
        yield "\t".join(cells)
