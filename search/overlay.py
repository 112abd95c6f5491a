"""What the index knows about a file besides its text: the path to show, and manifest overrides.

Kept beside the Whoosh index in ``overlay.json`` rather than in each report's stored
record, so that a changed manifest (or indexing a folder from another root) updates
reports without rewriting them: a report's record is written once, when its text is
read, and keeps the *extracted* metadata; the overlay is applied on top whenever the
index is opened. Removing an override therefore falls back to the extracted value.

The file is keyed by the report's canonical path (``os.path.realpath``), the report's
identity, and replaced atomically; only the indexer writes it, under its lock.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import gazetteer

OVERLAY_NAME = "overlay.json"
VERSION = 1


@dataclass
class Overlay:
    """Per canonical path: ``{"shown": relative path, "manifest": {field: value}}``."""

    files: dict[str, dict] = field(default_factory=dict)
    stamp: tuple = ()  # (mtime_ns, size) of the file it was read from: reload when it changes

    def entry(self, path: str) -> dict:
        return self.files.setdefault(path, {})


def overlay_path(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / OVERLAY_NAME


def stamp(index_dir: str | os.PathLike) -> tuple:
    try:
        st = os.stat(overlay_path(index_dir))
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def load(index_dir: str | os.PathLike) -> Overlay:
    """The overlay of an index; empty when there is none (an index built before overlays)."""
    path = overlay_path(index_dir)
    st = stamp(index_dir)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Overlay()
    except (OSError, ValueError) as exc:
        raise OverlayError(path, exc) from exc
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise OverlayError(path, ValueError("no 'files' object"))
    return Overlay(files=files, stamp=st)


class OverlayError(Exception):
    """A damaged overlay file (never seen unless the disk or a person altered it)."""

    def __init__(self, path: Path, exc: Exception) -> None:
        super().__init__(f"{path}: {exc}")
        self.path = path


def load_lenient(index_dir: str | os.PathLike) -> Overlay:
    """For readers: a damaged overlay shows reports as extracted rather than failing."""
    try:
        return load(index_dir)
    except OverlayError:
        return Overlay(stamp=stamp(index_dir))


def save(index_dir: str | os.PathLike, overlay: Overlay) -> None:
    """Write the overlay atomically (a reader sees the old file or the new one, never half)."""
    path = overlay_path(index_dir)
    files = {p: e for p, e in sorted(overlay.files.items()) if e}
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"version": VERSION, "files": files}, f, ensure_ascii=False, indent=0)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def shown_path(path: str, roots: list[str]) -> str:
    """``path`` relative to the deepest indexed folder holding it; a lone file's name.

    Both are canonical, so the answer does not depend on how either was typed.
    """
    best = ""
    for root in roots:
        if path.startswith(root.rstrip(os.sep) + os.sep) and len(root) > len(best):
            best = root
    return os.path.relpath(path, best) if best else os.path.basename(path)


def apply(record: dict, entry: dict | None) -> dict:
    """``record`` (as extracted) with the overlay's path and overrides in force; in place.

    A region override also fills province / city / county / level from the
    gazetteer; an agency override that names a place does the same when the
    region itself is not overridden (the extracted region came from the old agency).
    """
    record["shown"] = (entry or {}).get("shown") or os.path.basename(record.get("path", ""))
    over = (entry or {}).get("manifest")
    if not over:
        return record
    sources = dict(record.get("meta_source") or {})
    for name, value in over.items():
        record[name] = value
        sources[name] = "manifest"
    place = ""
    if "region" in over:
        place = over["region"]
    elif "agency" in over:
        place = over["agency"].removeprefix("中共")
    region = _region(place) if place else None
    if region is not None:
        derived = {"region": region.name} if "region" not in over else {}
        if "level" not in over and region.level:
            derived["level"] = region.level
        for name, value in derived.items():
            if record.get(name) != value:  # the same value keeps the extractor's source
                record[name] = value
                sources[name] = "manifest"
        record.update(province=region.province, city=region.city, county=region.county)
    elif "region" in over:  # a place the gazetteer does not know: no stale parts of the old one
        record.update(province="", city="", county="")
    record["meta_source"] = sources
    return record


@lru_cache(maxsize=4096)
def _region(place: str) -> gazetteer.Region | None:
    """The gazetteer's region of a name (collections repeat a few hundred agencies)."""
    names = gazetteer.leading_places(place)
    return gazetteer.resolve(names) if names else None
