"""What one file may cost: hostile files are refused as ``too large`` and the run goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import hostile
from search import SearchIndex, index_paths
from search.analysis import segment
from search.document import part_map
from search.errors import UnreadableFileError
from search.limits import MAX_DOCX_INFLATED, MAX_DOCX_XML, MAX_PDF_INFLATED, MAX_TEXT_BYTES
from search.model import PARTS, Section
from search.readers import read_document

from .conftest import SAMPLES

MB = 2**20


def reason(path: Path) -> str:
    with pytest.raises(UnreadableFileError) as info:
        read_document(path)
    return info.value.reason


def test_a_200_mb_text_is_refused_unread(tmp_path):
    assert reason(hostile.sparse_text(tmp_path / "big.txt", 200 * MB)) == (
        "too large: 200 MB on disk, at most 64 MB"
    )


def test_text_past_the_text_bound_is_refused(tmp_path):
    path = hostile.huge_text(tmp_path / "long.txt", MAX_TEXT_BYTES + 2 * MB)
    assert reason(path).startswith("too large: 18 MB of text, at most 16 MB")


def test_a_small_docx_of_huge_paragraphs_is_refused(tmp_path):
    path = hostile.docx_of_paragraphs(tmp_path / "p.docx", MAX_DOCX_XML + 8 * MB)
    assert path.stat().st_size < 2 * MB
    assert reason(path) == "too large: its XML inflates to more than 32 MB"


def test_a_docx_zip_bomb_is_refused(tmp_path):
    path = hostile.docx_zip_bomb(tmp_path / "bomb.docx", MAX_DOCX_INFLATED + 16 * MB)
    assert path.stat().st_size < 2 * MB
    assert reason(path) == "too large: it inflates to more than 128 MB"


def test_a_pdf_flate_bomb_is_refused(tmp_path):
    path = hostile.pdf_flate_bomb(tmp_path / "bomb.pdf", MAX_PDF_INFLATED + 16 * MB)
    assert path.stat().st_size < 2 * MB
    assert reason(path) == "too large: its compressed streams inflate to more than 64 MB"


def test_a_text_of_46000_headings_is_indexed_within_the_time_bound(tmp_path):
    # Indexing this text took 205 s (part_map compared every section with every
    # boundary); the per-file time bound (60 s) now refuses anything that slow.
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.heading_text(folder / "headings.txt")
    summary = index_paths([folder], tmp_path / "ix", workers=1)
    assert summary.failed == [] and len(summary.added) == 1
    index = SearchIndex(tmp_path / "ix")
    assert index.count('"坚持依法行政"') == 1


def test_part_map_of_nested_sections_matches_the_definition():
    # The innermost section covering each boundary gives its part (the old, quadratic rule).
    text = "".join(f"{i % 10}" * 7 for i in range(300))
    sections = []
    for top in range(0, 2100, 300):
        sections.append(Section("一、", 1, PARTS[top // 300 % len(PARTS)], top, top + 300))
        for sub in range(top + 30, top + 300, 90):
            sections.append(Section("(一)", 2, PARTS[(sub // 90) % len(PARTS)], sub, sub + 60))
    sections.sort(key=lambda s: s.start)

    def part_at(offset):
        part = "其他"
        for sec in sections:
            if sec.start <= offset < sec.end:
                part = sec.part
        return PARTS.index(part)

    expected, last = [], None
    for offset in range(len(text)):
        if part_at(offset) != last:
            last = part_at(offset)
            expected.append((offset, last))
    assert part_map(text, sections) == expected


def test_hostile_files_fail_and_the_good_ones_beside_them_are_indexed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile.sparse_text(folder / "sparse.txt", 200 * MB)
    hostile.docx_of_paragraphs(folder / "paragraphs.docx", MAX_DOCX_XML + 8 * MB)
    hostile.docx_zip_bomb(folder / "bomb.docx", MAX_DOCX_INFLATED + 16 * MB)
    hostile.pdf_flate_bomb(folder / "bomb.pdf", MAX_PDF_INFLATED + 16 * MB)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, folder / sample.name)
    summary = index_paths([folder], tmp_path / "ix")
    assert len(summary.added) == 5 and summary.total == 5
    failed = {Path(p).name: r for p, r in summary.failed}
    assert set(failed) == {"sparse.txt", "paragraphs.docx", "bomb.docx", "bomb.pdf"}
    assert all(r.startswith("too large: ") for r in failed.values()), failed


def test_a_file_past_the_time_bound_is_refused_and_the_run_goes_on(tmp_path, monkeypatch):
    import search.limits

    folder = tmp_path / "in"
    folder.mkdir()
    # 3 M characters of headings take about 4 s of processor time; a sample report takes
    # 0.01 s once jieba's dictionary is loaded (1.4 s), so load it first: the bound then
    # sits 8x away from both, whatever else the machine is doing.
    hostile.heading_text(folder / "headings.txt", chars=3_000_000)
    shutil.copy(SAMPLES / "003_80ca85fa625d7763.txt", folder)
    segment("预热")
    monkeypatch.setattr(search.limits, "MAX_SECONDS", 0.5)
    summary = index_paths([folder], tmp_path / "ix", workers=1)
    assert [Path(p).name for p in summary.added] == ["003_80ca85fa625d7763.txt"]
    assert [(Path(p).name, r) for p, r in summary.failed] == [
        ("headings.txt", "too large: took more than 0.5 s of processor time to read")
    ]
