"""What a file really is, from its first bytes: downloads are often misnamed."""

from __future__ import annotations

import codecs
import io
import zipfile

# Kinds that need their own reader or their own refusal.
PDF, DOCX, HTML, OLE2, RTF, UNKNOWN = "pdf", "docx", "html", "ole2", "rtf", "unknown"

# Other things people download instead of a report, named for the message (kind = description).
_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x1f\x8b", "gzip archive"),
)
FOREIGN = frozenset(description for _, description in _FOREIGN_MAGIC) | {
    "zip archive",
    "damaged zip archive",
    "OFD document",
    "Excel workbook",
    "PowerPoint presentation",
    "OpenDocument file",
}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_WINDOW = 1024  # Acrobat accepts %PDF- anywhere in the first 1024 bytes


def sniff(data: bytes) -> str:
    """PDF, DOCX, HTML, OLE2, RTF, one of FOREIGN, or UNKNOWN (text, or unrecognisable)."""
    if data.startswith(_OLE2_MAGIC):
        return OLE2
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if b"%PDF-" in data[:_HEADER_WINDOW]:
        return PDF
    if data.startswith(b"{\\rtf"):
        return RTF
    for magic, description in _FOREIGN_MAGIC:
        if data.startswith(magic):
            return description
    if _looks_like_html(data[:_HEADER_WINDOW]):
        return HTML
    return UNKNOWN


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "damaged zip archive"
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return DOCX
    if "OFD.xml" in names:
        return "OFD document"
    if any(name.startswith("xl/") for name in names):
        return "Excel workbook"
    if any(name.startswith("ppt/") for name in names):
        return "PowerPoint presentation"
    if "content.xml" in names and "mimetype" in names:
        return "OpenDocument file"
    return "zip archive"


def _looks_like_html(head: bytes) -> bool:
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    head = head.lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    # An XML declaration, a comment or a bare <head>/<meta> may come before <html>.
    return head.startswith(b"<") and (b"<html" in head or b"<head" in head or b"<body" in head)
