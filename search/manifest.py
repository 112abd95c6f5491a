"""``index --meta FILE.csv``: metadata a collection knows and the text does not.

A manifest is a UTF-8 CSV (with or without Excel's BOM) with a ``path`` column and any
of ``agency, region, level, year, date, doc_number, title, url`` (the stored fields of
search/fields.py: a field added there is a manifest column too). A non-empty cell
overrides what was extracted from the text (its source becomes ``manifest``); an empty
cell, or a row left out later, lets the extracted value show again. Overrides live in
the index's overlay (see overlay.py), so changing them never re-reads a file.

Every problem is one line in the summary and costs only its own cell or row: an
unknown column, a row whose file is not in the index, a value that is not a year, a
date, a level or an http(s) address.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import overlay
from .errors import ManifestError
from .fields import REGISTRY, stored_fields

# The built-in ones; a manifest is read with the registry's fields as they are when it is read.
MANIFEST_FIELDS = tuple(stored_fields())
MAX_TEXT = 200
FORMULA_GUARD = ("=", "+", "-", "@")  # `meta --csv` quotes cells starting so: "'=…"

_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)
_YEAR = re.compile(r"(\d{4})(?:\.0+)?\s*年?(?:度)?")


@dataclass
class ManifestRow:
    row: int  # as a spreadsheet numbers it: the header is row 1
    path: str
    cells: dict[str, str]  # non-empty cells of known fields, stripped


@dataclass
class Manifest:
    file: str
    rows: list[ManifestRow]
    unknown: list[str] = field(default_factory=list)  # column names not understood


@dataclass
class ManifestReport:
    """What one ``--meta`` run did, for the index summary."""

    file: str
    rows: int
    changed: int  # reports whose overrides changed
    notes: list[str] = field(default_factory=list)  # one line per problem


def read_manifest(path: str | os.PathLike) -> Manifest:
    """Parse a manifest; raises ManifestError when it cannot be used at all."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManifestError(f"cannot read the manifest {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            f"the manifest {path} is not UTF-8 (byte {exc.start}); "
            "in Excel save it as 'CSV UTF-8 (逗号分隔)'"
        ) from exc
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ManifestError(f"the manifest {path} is not a CSV file: {exc}") from exc
    table = [r for r in table if any(c.strip() for c in r)]
    header = [c.strip().lower() for c in table[0]] if table else []
    names = stored_fields()
    if "path" not in header:
        raise ManifestError(
            f"the manifest {path} has no 'path' column (its first row must name the columns: "
            f"path, {', '.join(names)})"
        )
    # Besides the fields, `python -m search meta --csv` writes these: read back without complaint.
    known = {"path", "id", *names, *(f"{name}_source" for name in names)}
    unknown = [c or f"(column {i + 1} has no name)" for i, c in enumerate(header) if c not in known]
    rows = []
    for n, cells in enumerate(table[1:], 2):
        named = dict(zip(header, (_unguard(c.strip()) for c in cells), strict=False))
        rows.append(
            ManifestRow(
                row=n,
                path=named.get("path", ""),
                cells={k: v for k, v in named.items() if k in names and v},
            )
        )
    return Manifest(file=str(path), rows=rows, unknown=unknown)


def _unguard(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_GUARD else cell


def parse_value(name: str, text: str) -> object:
    """A manifest cell as the index stores it; ValueError names what is wrong."""
    if name == "year":
        m = _YEAR.fullmatch(text)
        if not m or not 1949 <= int(m.group(1)) <= 2100:
            raise ValueError(f"year {text!r} is not a year such as 2023")
        return int(m.group(1))
    if name == "date":
        m = _DATE.fullmatch(text)
        try:
            if not m:
                raise ValueError
            return datetime.date(*map(int, m.groups())).isoformat()
        except ValueError:
            raise ValueError(f"date {text!r} is not a date such as 2024-03-28") from None
    meta = REGISTRY.get(name)
    if meta is not None and meta.kind == "choice":
        if text not in meta.values:
            raise ValueError(f"{name} {text!r} is not one of {', '.join(meta.values)}")
        return text
    if name == "url":
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in text:
            raise ValueError(f"url {text!r} is not an http(s) address")
        return text
    value = " ".join(text.split())
    if len(value) > MAX_TEXT:
        raise ValueError(f"{name} is {len(value)} characters long, at most {MAX_TEXT}")
    return value


def _candidates(given: str, manifest_dir: str, roots: list[str]) -> list[str]:
    if os.path.isabs(given):
        return [os.path.realpath(given)]
    bases = [os.getcwd(), manifest_dir, *roots]
    return list(dict.fromkeys(os.path.realpath(os.path.join(b, given)) for b in bases))


def apply_manifest(
    manifest: Manifest, records: dict[str, dict], ov: overlay.Overlay, roots: list[str]
) -> ManifestReport:
    """Set the overrides of every report the manifest names; ``records`` as extracted.

    A cell equal to what the text already says is not an override (its source
    stays the extractor's), so ``meta --csv`` fed back unchanged changes nothing.
    A bad cell keeps the report's earlier override of that field.
    """
    report = ManifestReport(file=manifest.file, rows=len(manifest.rows), changed=0)
    known = ", ".join(("path", *stored_fields()))
    for name in manifest.unknown:
        report.notes.append(f"unknown column {name!r} ignored (known: {known})")
    manifest_dir = os.path.dirname(os.path.abspath(manifest.file))
    # The path `meta --csv` shows, relative to whichever folder the report was indexed from.
    by_shown: dict[str, list[str]] = {}
    for p, e in ov.files.items():
        if p in records and e.get("shown"):
            by_shown.setdefault(e["shown"], []).append(p)
    seen: dict[str, int] = {}
    for row in manifest.rows:
        where = f"row {row.row}"
        if not row.path:
            report.notes.append(f"{where}: no path")
            continue
        found = [p for p in _candidates(row.path, manifest_dir, roots) if p in records]
        found = found or by_shown.get(os.path.normpath(row.path), [])
        if not found:
            report.notes.append(
                f"{where}: {row.path!r} is not a report in the index "
                "(looked from the current folder, the manifest's folder and the indexed folders)"
            )
            continue
        if len(found) > 1:
            report.notes.append(f"{where}: {row.path!r} is ambiguous: {', '.join(found)}")
            continue
        path = found[0]
        if path in seen:
            report.notes.append(f"{where}: same report as row {seen[path]}, ignored")
            continue
        seen[path] = row.row
        entry = ov.entry(path)
        old = dict(entry.get("manifest") or {})
        new: dict[str, object] = {}
        for name, text in row.cells.items():
            try:
                value = parse_value(name, text)
            except ValueError as exc:
                kept = " (kept the earlier override)" if name in old else ""
                report.notes.append(f"{where}: {exc}{kept}")
                if name in old:
                    new[name] = old[name]
                continue
            if value != records[path].get(name):
                new[name] = value
        if new != old:
            report.changed += 1
        if new:
            entry["manifest"] = new
        else:
            entry.pop("manifest", None)
    return report


def after_run(
    index_dir: str | os.PathLike,
    records: list[dict],
    paths: list[str | os.PathLike],
    files: list[str],
    manifest: Manifest | None,
) -> ManifestReport | None:
    """Bring the overlay up to date after an ``index`` run (called under the index lock).

    Records where each file indexed now is shown from (the folder given), drops
    entries of reports no longer in the index, and applies ``manifest``.
    """
    by_path = {r["path"]: r for r in records}
    notes: list[str] = []
    try:
        ov = overlay.load(index_dir)
    except overlay.OverlayError as exc:
        # Keep the damaged file for a person to look at; start a fresh one.
        os.replace(exc.path, exc.path.with_name(exc.path.name + ".damaged"))
        notes.append(f"the overlay {exc} was damaged: kept as {exc.path.name}.damaged")
        ov = overlay.Overlay()
    before = {p: dict(e) for p, e in ov.files.items()}
    roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    for f in files:
        if f in by_path:
            ov.entry(f)["shown"] = overlay.shown_path(f, roots)
    for p in [p for p in ov.files if p not in by_path]:
        del ov.files[p]
    report = apply_manifest(manifest, by_path, ov, roots) if manifest is not None else None
    if report is not None:
        report.notes[:0] = notes
    elif notes:
        report = ManifestReport(file="", rows=0, changed=0, notes=notes)
    if ov.files != before or not overlay.overlay_path(index_dir).exists():
        overlay.save(index_dir, ov)
    return report
