"""Reports as they are downloaded: Word, PDF, GBK text and web pages, indexed together."""

from __future__ import annotations

import codecs
import html

import search
from search import SearchIndex, index_paths

from .conftest import SAMPLES
from .test_readers import docx_bytes, pdf_bytes

SEEDS = sorted(SAMPLES.glob("*.txt"))
LINE = 28  # characters per PDF line, like a 公文 page


def _raw(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def _lines(i: int) -> list[str]:
    return [line.strip() for line in _raw(i).splitlines() if line.strip()]


def _pdf_lines(i: int) -> list[str]:
    """The report as a PDF lays it out: fixed-width lines that cut through words."""
    out = []
    for para in search.clean_text(_raw(i)).split("\n"):
        out += [para[k : k + LINE] for k in range(0, len(para), LINE)]
    return out


def test_a_folder_of_mixed_formats_is_searchable_as_one(tmp_path):
    d = tmp_path / "downloads"
    d.mkdir()

    def build_docx(document):
        for line in _lines(0):
            document.add_paragraph(line)

    (d / "解放区.docx").write_bytes(docx_bytes(build_docx))
    lines = _pdf_lines(4)
    pages = [lines[k : k + 40] for k in range(0, len(lines), 40)]
    (d / "江海区.pdf").write_bytes(pdf_bytes(pages, size=11))
    (d / "新县.txt").write_bytes(_raw(3).encode("gbk"))
    (d / "市中区.txt").write_bytes(codecs.BOM_UTF16_LE + _raw(1).encode("utf-16-le"))
    body = "".join(f"<p>{html.escape(line)}</p>" for line in _lines(2))
    page = (
        "<html><head><meta charset='gb2312'><script>var 噪声 = 1;</script></head><body>"
        f"<nav>首页 噪声导航</nav><div class='TRS_Editor'>{body}</div>"
        "<footer>版权所有 噪声页脚</footer></body></html>"
    )
    (d / "武江区.html").write_bytes(page.encode("gbk"))
    (d / "scan.pdf").write_bytes(pdf_bytes([[]]))

    summary = index_paths([d], tmp_path / "ix")
    assert summary.total == 5
    assert [(p.rsplit("/", 1)[-1], r.split(":")[0]) for p, r in summary.failed] == [
        ("scan.pdf", "no text layer")
    ]
    index = SearchIndex(tmp_path / "ix")
    agencies = {
        h.path.rsplit("/", 1)[-1]: h.agency for h in index.search('"卫生"', per_page=0).hits
    }
    assert agencies == {
        "解放区.docx": "解放区卫健委",
        "江海区.pdf": "江门市江海区卫生健康局",
        "新县.txt": "新县卫生健康委员会",
        "市中区.txt": "市中区卫生健康局",
        "武江区.html": "韶关市武江区卫生健康局",
    }
    # A phrase that the PDF splits across two lines is found in that report.
    crossings = [
        a[-3:] + b[:3]
        for a, b in zip(lines, lines[1:], strict=False)
        if len(a) == LINE and len(b) >= 3
    ]
    assert len(crossings) > 20
    for phrase in crossings[:20]:
        assert "江海区.pdf" in {
            h.path.rsplit("/", 1)[-1] for h in index.search(f'"{phrase}"', per_page=0).hits
        }, phrase
    # Nothing of the web page's chrome was indexed.
    assert index.search('"噪声"').total == 0
