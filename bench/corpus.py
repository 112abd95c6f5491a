"""The texts every engine is measured on: file lists, and the cleaned, deduped compact texts.

The peers must see exactly what the index sees: the same files in the same order, read with
``search.read_document``, cleaned with ``search.clean_text``, compacted (NFKC, no whitespace)
and deduped by the sha1 of the compact text, first file kept.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from search.fold import fold_query

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS_DIR = ROOT / "search" / "samples"
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"

_WS = re.compile(r"\s+")


def compact(s: str) -> str:
    """The index's compact text (search.analysis.compact): folded, whitespace removed."""
    return _WS.sub("", fold_query(s))


def doc_id(comp: str) -> str:
    return hashlib.sha1(comp.encode("utf-8")).hexdigest()[:16]


def _txt_files(folder: Path) -> list[str]:
    """A folder's .txt files in the order ``index_paths`` walks them (sorted paths, no dot-dirs)."""
    return sorted(
        str(f)
        for f in folder.rglob("*.txt")
        if f.is_file() and not any(p.startswith(".") for p in f.relative_to(folder).parts)
    )


def corpus_files(corpus: Path, limit: int | None = None, seed: int = 0) -> list[str]:
    """The corpus's .txt files (each sub-folder in name order), optionally a seeded subset,
    followed by the five seed reports."""
    files: list[str] = []
    for sub in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files.extend(_txt_files(sub))
    if limit is not None and limit < len(files):
        keep = set(random.Random(seed).sample(range(len(files)), limit))
        files = [f for i, f in enumerate(files) if i in keep]
    return files + _txt_files(SEEDS_DIR)


@dataclass
class Doc:
    id: str
    path: str
    text: str  # compact text: what phrases are matched against
    cleaned: str = ""  # cleaned text, kept only when asked (synthetic paragraphs)
    file_no: int = 0  # position of its file in the list given to ``load``


@dataclass
class Loaded:
    docs: list[Doc] = field(default_factory=list)
    files: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    cleaned_bytes: int = 0  # UTF-8 bytes of the cleaned text of every file read
    unique_bytes: int = 0  # the same over the deduped reports
    seconds: float = 0.0


def _read(path: str) -> tuple[str, str | None, str]:
    from search import UnreadableFileError, clean_text, read_document

    try:
        return path, None, clean_text(read_document(path))
    except UnreadableFileError as exc:
        return path, exc.reason, ""


def load(files: list[str], keep_cleaned: bool = False, workers: int = 0) -> Loaded:
    """Read, clean, compact and dedupe ``files`` as the index does (in parallel when many)."""
    import time

    t0 = time.perf_counter()
    out = Loaded(files=len(files))
    seen: set[str] = set()
    if workers > 1 and len(files) > 200:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            items = list(pool.imap(_read, files, chunksize=16))
    else:
        items = [_read(f) for f in files]
    for no, (path, error, cleaned) in enumerate(items):
        if error is not None:
            out.failed.append((path, error))
            continue
        nbytes = len(cleaned.encode("utf-8"))
        out.cleaned_bytes += nbytes
        comp = compact(cleaned)
        key = hashlib.sha1(comp.encode("utf-8")).hexdigest()
        if key in seen:
            out.duplicates += 1
            continue
        seen.add(key)
        out.unique_bytes += nbytes
        out.docs.append(Doc(key[:16], path, comp, cleaned if keep_cleaned else "", no))
    out.seconds = time.perf_counter() - t0
    return out
