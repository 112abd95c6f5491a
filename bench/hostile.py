"""Hostile files, generated: what issue 15 fed to ``index`` to stall or exhaust it.

Used by the tests (each kind must be refused with ``too large: …``) and by
``python -m bench.hostile``, which indexes a folder of them beside the five
samples and reports the peak memory of the run (the issue's bound: 500 MB).
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import docx

MB = 2**20

# A paragraph of Word XML with real report text (a sentence of sample 003).
_PARAGRAPH_XML = (
    "<w:p><w:r><w:t>全面推行证明事项和涉企经营许可事项告知承诺制，"
    "优化医护人员执业注册制度。</w:t></w:r></w:p>"
).encode()


def huge_text(path: Path, size: int = 200 * MB) -> Path:
    """A text file of ``size`` bytes of real sentences, written a megabyte at a time."""
    line = "全面推行证明事项和涉企经营许可事项告知承诺制，优化医护人员执业注册制度。\n".encode()
    block = line * (MB // len(line))
    with path.open("wb") as f:
        while f.tell() + len(block) <= size:
            f.write(block)
    return path


def sparse_text(path: Path, size: int = 200 * MB) -> Path:
    """A text file that claims ``size`` bytes on disk without using them (sparse)."""
    with path.open("wb") as f:
        f.write("法治政府建设情况报告\n".encode())
        f.truncate(size)
    return path


def _docx_with(members: dict[str, bytes | None], stream_member: tuple[str, int] | None) -> bytes:
    """A real python-docx package, with ``members`` replaced and one member streamed."""
    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("某区司法局2022年度法治政府建设情况报告")
    document.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if stream_member and item.filename == stream_member[0]:
                continue
            data = members.get(item.filename, src.read(item))
            if data is not None:
                dst.writestr(item.filename, data, compresslevel=9)
        if stream_member:
            name, size = stream_member
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as f:
                if name == "word/document.xml":
                    f.write(
                        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                        b'wordprocessingml/2006/main"><w:body>'
                    )
                    chunk = _PARAGRAPH_XML * (MB // len(_PARAGRAPH_XML))
                    written = 0
                    while written < size:
                        f.write(chunk)
                        written += len(chunk)
                    f.write(b"</w:body></w:document>")
                else:
                    zeros = bytes(MB)
                    for _ in range(size // MB):
                        f.write(zeros)
    return out.getvalue()


def docx_of_paragraphs(path: Path, size: int = 300 * MB) -> Path:
    """A Word file of about 1 MB whose document.xml holds ``size`` bytes of paragraphs."""
    # ZipFile.open(..., "w") compresses at the archive's default level; that is enough.
    path.write_bytes(_docx_with({}, ("word/document.xml", size)))
    return path


def docx_zip_bomb(path: Path, size: int = 1024 * MB) -> Path:
    """A Word file with a picture part that inflates to ``size`` bytes of zeros."""
    path.write_bytes(_docx_with({}, ("word/media/image1.png", size)))
    return path


def pdf_flate_bomb(path: Path, size: int = 1024 * MB) -> Path:
    """A one-page PDF whose content stream inflates to ``size`` bytes (spaces)."""
    compressor = zlib.compressobj(1)
    spaces = b" " * MB
    stream = b"".join(compressor.compress(spaces) for _ in range(size // MB)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def heading_text(path: Path, chars: int = 800_000) -> Path:
    """About 2.4 MB of heading-like lines (46,000 headings): quadratic steps show here."""
    nums = "一二三四五六七八九十"
    lines, total, n = [], 0, 0
    while total < chars:
        k = n % 4
        if k == 0:
            line = f"{nums[n % 10]}、推进法治政府建设工作"
        elif k == 1:
            line = f"（{nums[n % 10]}）坚持依法行政"
        elif k == 2:
            line = f"{n % 20 + 1}.加强法治建设。"
        else:
            line = "全面推进依法行政，法治政府建设取得新成效。"
        lines.append(line)
        total += len(line) + 1
        n += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def hostile_folder(folder: Path) -> list[Path]:
    """Every kind above in ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        huge_text(folder / "huge.txt", 200 * MB),
        sparse_text(folder / "sparse.txt", 200 * MB),
        docx_of_paragraphs(folder / "paragraphs.docx", 300 * MB),
        docx_zip_bomb(folder / "bomb.docx", 1024 * MB),
        pdf_flate_bomb(folder / "bomb.pdf", 1024 * MB),
        heading_text(folder / "headings.txt"),
    ]


def _tree_rss(pid: int) -> tuple[int, int]:
    """(sum, largest) resident set size in bytes of ``pid`` and its descendants."""
    sizes = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) * 1024)
        todo.extend(int(k) for k in kids)
    return sum(sizes), max(sizes, default=0)


def main() -> int:
    from search import SAMPLES_DIR

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        made = hostile_folder(folder)
        for p in sorted(SAMPLES_DIR.glob("*.txt")):
            (folder / p.name).write_bytes(p.read_bytes())
        print("files:", ", ".join(f"{p.name} {p.stat().st_size / MB:.1f} MB" for p in made))
        started = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "search",
                "index",
                str(folder),
                "--index",
                str(Path(tmp) / "ix"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        peak_sum = peak_one = 0
        while proc.poll() is None:
            total, largest = _tree_rss(proc.pid)
            peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
            time.sleep(0.02)
        out = proc.stdout.read() if proc.stdout else ""
        elapsed = time.monotonic() - started
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(out)
        print(
            f"index over the folder: {elapsed:.1f} s, exit {proc.returncode}; peak RSS of all "
            f"its processes together {peak_sum / MB:.0f} MB (sampled every 20 ms), largest "
            f"process {max(peak_one / MB, maxrss):.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
