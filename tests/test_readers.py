"""Readers: every format reports come in, and every way a file can be bad.

All fixtures are built here, in tmp_path, from the real report text in search/samples.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from search.errors import UnreadableFileError
from search.readers import SUPPORTED_SUFFIXES, read_document
from search.readers.text import decode_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "search" / "samples"
REASON_KEYS = (
    "empty",
    "not text",
    "broken PDF",
    "broken DOCX",
    "unsupported format",
    "no text layer",
    "cannot open",
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# --- helpers ----------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    """The product's exact-match view of a text: NFKC, then no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def sample_text(number: int = 0) -> str:
    return sorted(SAMPLES.glob("*.txt"))[number].read_text(encoding="utf-8")


def sample_paragraphs(number: int = 0) -> list[str]:
    """Non-empty lines of a sample report, as paragraphs for the fixtures."""
    return [line.strip() for line in sample_text(number).splitlines() if line.strip()]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def unreadable(path: Path) -> str:
    """The reason ``read_document`` gives for ``path``; fails the test if it reads the file."""
    with pytest.raises(UnreadableFileError) as info:
        read_document(path)
    assert info.value.path == str(path)
    assert info.value.reason.startswith(REASON_KEYS), info.value.reason
    return info.value.reason


def docx_bytes(build) -> bytes:  # noqa: ANN001 - build: Callable[[docx.Document], None]
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(pages: list[list[str]], *, size: int = 12) -> bytes:
    """A PDF in reportlab's built-in Chinese CID font, one string per line, one list per page."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        pdf.setFont("STSong-Light", size)
        for number, line in enumerate(lines):
            pdf.drawString(72, 770 - number * size * 1.5, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- plain text -------------------------------------------------------------------------------

PARAGRAPH = sample_text(0)[:400]  # a title and the opening paragraph, with its line breaks

ENCODINGS = {
    "utf-8": PARAGRAPH.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + PARAGRAPH.encode("utf-8"),
    "gbk": PARAGRAPH.encode("gbk"),
    # 𠮷 (U+20BB7) exists only in GB18030's four-byte range, not in GBK.
    "gb18030": (PARAGRAPH + "𠮷").encode("gb18030"),
    "utf-16 le with BOM": codecs.BOM_UTF16_LE + PARAGRAPH.encode("utf-16-le"),
    "utf-16 be with BOM": codecs.BOM_UTF16_BE + PARAGRAPH.encode("utf-16-be"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "report.txt", ENCODINGS[encoding])
    text = read_document(path)
    expected = PARAGRAPH + "𠮷" if encoding == "gb18030" else PARAGRAPH
    assert text == expected
    assert "\ufeff" not in text


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    body = "# 2022年度法治政府建设情况报告\n\n" + "\n\n".join(sample_paragraphs(2)[:3])
    assert read_document(write(tmp_path, "report.md", body.encode("gbk"))) == body


def gbk_windows() -> list[str]:
    """Short passages of every sample: 100 characters, about 200 bytes in GBK."""
    windows = []
    for number in range(len(list(SAMPLES.glob("*.txt")))):
        text = sample_text(number)
        windows += [text[start : start + 100] for start in range(0, len(text) - 100, 1500)]
    # Dense in “”、 punctuation, which charset-normalizer's default threshold rejects as chaos.
    windows.append(
        "程网上可办”、“一次办”。二是深入推进“互联网+监管”，积极参加县“互联网+监管”平台系统"
        "培训，规范系统操作，积极落实“互联网+监管”相关要求，共认领“互联网+监管”目录清单"
    )
    return windows


@pytest.mark.parametrize("passage", gbk_windows())
def test_short_gbk_is_detected(passage: str) -> None:
    # Big5, cp949 and Shift-JIS decode such bytes too; a wrong guess would be silent mojibake.
    assert decode_bytes(passage.encode("gbk")) == passage
    assert decode_bytes(passage.encode("utf-8")) == passage


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_damaged_text_is_still_read(tmp_path: Path, encoding: str) -> None:
    # charset-normalizer gives up on a single bad byte; the report must still get in.
    text = sample_text(2)
    data = text.encode(encoding)
    cut = data[: len(data) // 2]
    while cut[-1] < 0x80:  # end inside a multi-byte character
        cut = cut[:-1]
    assert read_document(write(tmp_path, "cut.txt", cut)).startswith(text[:200])
    scratched = bytearray(data)
    scratched[len(data) // 3] = 0xFF  # never valid in UTF-8 or GBK
    decoded = read_document(write(tmp_path, "scratched.txt", bytes(scratched)))
    assert decoded.startswith(text[:200]) and decoded.endswith(text[-200:])


def test_random_bytes_are_not_text(tmp_path: Path) -> None:
    data = random.Random(4).randbytes(4096)
    assert unreadable(write(tmp_path, "report.txt", data)).startswith("not text")


def test_png_named_txt_is_not_text(tmp_path: Path) -> None:
    data = PNG_MAGIC + random.Random(5).randbytes(2000)
    reason = unreadable(write(tmp_path, "scan.txt", data))
    assert reason.startswith("not text") and "PNG" in reason


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \r\n\t \n",
        "\u3000\u3000\n".encode("gbk"),
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
    ids=["zero bytes", "ascii whitespace", "ideographic spaces", "utf-16 whitespace"],
)
def test_empty_text(tmp_path: Path, data: bytes) -> None:
    assert unreadable(write(tmp_path, "report.txt", data)).startswith("empty")


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "report.html", "report.doc"])
def test_empty_file_of_any_format(tmp_path: Path, name: str) -> None:
    assert unreadable(write(tmp_path, name, b"")).startswith("empty")


# --- docx -------------------------------------------------------------------------------------


def report_docx(document: docx.Document) -> None:
    paragraphs = sample_paragraphs(1)
    document.add_heading(paragraphs[1], level=1)
    document.add_paragraph(paragraphs[2])
    table = document.add_table(rows=2, cols=3)
    values = [("指标", "2021年", "2022年"), ("行政复议", "12件", "15件")]
    for row, cells in zip(table.rows, values, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_heading("一、主要工作", level=2)
    document.add_paragraph(paragraphs[3])


def test_docx_keeps_document_order_and_tables(tmp_path: Path) -> None:
    paragraphs = sample_paragraphs(1)
    text = read_document(write(tmp_path, "report.docx", docx_bytes(report_docx)))
    lines = text.splitlines()
    expected_order = [
        paragraphs[1],
        paragraphs[2],
        "指标",
        "行政复议",
        "一、主要工作",
        paragraphs[3],
    ]
    positions = [next(i for i, line in enumerate(lines) if item in line) for item in expected_order]
    assert positions == sorted(positions)
    # One row per line, its cells apart.
    assert [line.split(" | ") for line in lines if "行政复议" in line] == [
        ["行政复议", "12件", "15件"]
    ]
    assert [line.split(" | ") for line in lines if "指标" in line] == [["指标", "2021年", "2022年"]]


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    def build(document: docx.Document) -> None:
        table = document.add_table(rows=3, cols=2)
        top = table.cell(0, 0).merge(table.cell(0, 1))
        top.text = "合并标题"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
        table.cell(1, 1).text = "甲"
        table.cell(2, 1).text = "乙"

    text = read_document(write(tmp_path, "merged.docx", docx_bytes(build)))
    assert text.count("合并标题") == 1
    assert text.count("纵向合并") == 1
    assert "甲" in text and "乙" in text


def test_docx_content_controls_are_read(tmp_path: Path) -> None:
    # Word puts cover pages (often holding the report's title) inside a content control.
    def build(document: docx.Document) -> None:
        title = document.add_paragraph("某区司法局2022年度法治政府建设情况报告")
        document.add_paragraph("正文第一段。")
        sdt = title._p.makeelement(qn("w:sdt"), {})
        content = sdt.makeelement(qn("w:sdtContent"), {})
        title._p.addprevious(sdt)
        sdt.append(content)
        content.append(title._p)

    text = read_document(write(tmp_path, "cover.docx", docx_bytes(build)))
    assert text.splitlines() == ["某区司法局2022年度法治政府建设情况报告", "正文第一段。"]


def test_docx_named_doc_is_read_by_content(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "report.doc", docx_bytes(report_docx)))
    assert sample_paragraphs(1)[2] in text


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_truncated_docx(tmp_path: Path, keep: float) -> None:
    data = docx_bytes(report_docx)
    reason = unreadable(write(tmp_path, "report.docx", data[: int(len(data) * keep)]))
    assert reason.startswith("broken DOCX")


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    assert unreadable(write(tmp_path, "report.docx", buffer.getvalue())).startswith("broken DOCX")
    reason = unreadable(write(tmp_path, "report.zip", buffer.getvalue()))
    assert reason.startswith("unsupported format") and "zip" in reason


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(report_docx)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            archive.writestr(item, data)
    assert unreadable(write(tmp_path, "report.docx", buffer.getvalue())).startswith("broken DOCX")


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    data = docx_bytes(lambda document: document.add_paragraph(""))
    assert unreadable(write(tmp_path, "blank.docx", data)).startswith("empty")


# --- pdf --------------------------------------------------------------------------------------

# "法治" ends the second line and "政府" starts the third: the PDF breaks the phrase.
PDF_PAGE_1 = [
    "解放区卫健委2022年度法治",
    "政府建设情况报告",
    "一是坚持依法行政，全面推进法治",
    "政府建设，不断提高依法行政水平。",
]
PDF_PAGE_2 = ["二是行政执法“三项制度”全面落实，", "行政复议和应诉工作规范有序。"]


def test_pdf_chinese_text_layer(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "report.pdf", pdf_bytes([PDF_PAGE_1, PDF_PAGE_2])))
    # pdfminer maps reportlab's STSong-Light CIDs (Adobe-GB1, UniGB-UCS2-H) back to the right
    # Han characters, line by line, and not to "(cid:N)" or look-alike radicals.
    lines = [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]
    assert lines == PDF_PAGE_1 + PDF_PAGE_2
    # The phrase split across lines is found under the product's exact-match rule.
    assert "法治政府建设情况报告" in squeeze(text)
    assert squeeze(text).count("法治政府") == 2
    # Two pages, in order, with the page break between them.
    first, second = text.split("\f")[:2]
    assert "全面推进法治" in first and "三项制度" in second


def test_pdf_with_sample_paragraph(tmp_path: Path) -> None:
    paragraph = re.sub(r"\s+", "", sample_text(3))[:300]
    lines = [paragraph[i : i + 30] for i in range(0, len(paragraph), 30)]
    pages = [lines[:5], lines[5:]]
    text = read_document(write(tmp_path, "sample.pdf", pdf_bytes(pages)))
    assert squeeze(text) == unicodedata.normalize("NFKC", paragraph)


def test_pdf_saved_as_txt_is_read_as_pdf(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "report.txt", pdf_bytes([PDF_PAGE_1])))
    assert "法治政府建设情况报告" in squeeze(text)


def encrypted_pdf(user_password: str) -> bytes:
    # Latin text in a standard font: reportlab leaves the strings of CID font dictionaries
    # unencrypted in encrypted files, which no reader can then decode.
    buffer = io.BytesIO()
    encryption = StandardEncryption(user_password, ownerPassword="owner", canCopy=0)
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encryption)
    pdf.drawString(72, 770, "Rule of law government report 2022")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    # Government PDFs often forbid copying; that is an owner password and the text is readable.
    text = read_document(write(tmp_path, "restricted.pdf", encrypted_pdf("")))
    assert "Rule of law government report 2022" in text


def test_pdf_with_user_password(tmp_path: Path) -> None:
    reason = unreadable(write(tmp_path, "locked.pdf", encrypted_pdf("secret")))
    assert reason.startswith("cannot open") and "password" in reason


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    reason = unreadable(write(tmp_path, "scan.pdf", buffer.getvalue()))
    assert reason.startswith("no text layer")


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.995])
def test_truncated_pdf(tmp_path: Path, keep: float) -> None:
    data = pdf_bytes([PDF_PAGE_1, PDF_PAGE_2])
    reason = unreadable(write(tmp_path, "report.pdf", data[: int(len(data) * keep)]))
    assert reason.startswith("broken PDF")


def test_garbage_pdf(tmp_path: Path) -> None:
    data = b"%PDF-1.4\n" + random.Random(6).randbytes(3000) + b"\n%%EOF\n"
    assert unreadable(write(tmp_path, "report.pdf", data)).startswith("broken PDF")


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"<!DOCTYPE html><html><body><p>404 Not Found</p></body></html>", "web page"),
        ("这不是PDF文件。".encode("gbk"), "%PDF-"),
    ],
)
def test_pdf_that_is_not_a_pdf(tmp_path: Path, data: bytes, detail: str) -> None:
    reason = unreadable(write(tmp_path, "report.pdf", data))
    assert reason.startswith("broken PDF") and detail in reason


def test_unexpected_library_error_is_reported_with_its_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import search.readers.pdf

    def explode(*args: object, **kwargs: object) -> str:
        raise TypeError("unsupported operand type(s)")

    monkeypatch.setattr(search.readers.pdf, "_extract_text", explode)
    reason = unreadable(write(tmp_path, "report.pdf", pdf_bytes([PDF_PAGE_1])))
    assert reason.startswith("broken PDF") and "TypeError" in reason


# --- html -------------------------------------------------------------------------------------

NOISY_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>标题栏噪声_某市人民政府</title>
<style>.article {{ color: red }} /* 样式噪声 */</style>
<script charset="utf-8">var noise = "脚本噪声";</script>
</head><body>
<div class="top"><a href="/">首页</a> 顶部噪声</div>
<nav><ul><li>导航噪声一</li><li>导航噪声二</li></ul></nav>
<form action="/search"><input value="搜索噪声"><button>按钮噪声</button>搜索框噪声</form>
<noscript>无脚本噪声</noscript>
<div class="main-content">
 <div class="position">当前位置：首页 &gt; 位置噪声</div>
 <h1 class="title">{title}</h1>
 <div id="zoom"><div class="TRS_Editor">
  <p>&nbsp;&nbsp;{first}&lt;全面&gt;推进&#x6CD5;治政府建设。</p>
  <p>一是加强组织领导。<br>二是完善制度体系。</p>
  <!-- 注释噪声 -->
  <table><tr><td>行政复议</td><td>12件</td></tr></table>
  <p>{second}</p>
 </div></div>
 <div class="share">分享噪声</div>
</div>
<aside>侧栏噪声</aside>
<div id="footer">版权所有 页脚噪声</div>
<footer>页脚噪声二</footer>
<script>document.write("脚本噪声二")</script>
</body></html>"""


def noisy_page() -> tuple[str, list[str]]:
    paragraphs = sample_paragraphs(0)
    title, first, second = paragraphs[1], paragraphs[2], paragraphs[3]
    return NOISY_PAGE.format(title=title, first=first, second=second), [title, first, second]


@pytest.mark.parametrize("name", ["report.html", "report.htm"])
def test_html_main_text_only(tmp_path: Path, name: str) -> None:
    page, wanted = noisy_page()
    text = read_document(write(tmp_path, name, page.encode("gbk")))
    assert "噪声" not in text  # every bit of chrome in the fixture says 噪声 ("noise")
    # The text is TRS_Editor's; the title above it, inside the same article, is kept.
    assert text.splitlines()[0] == wanted[0]
    assert "发布时间" not in text
    for paragraph in wanted:
        assert paragraph in text
    assert "<全面>推进法治政府建设" in text  # entities decoded: &lt; &gt; &#x6CD5;
    assert "\xa0\xa0" in text  # &nbsp; kept as what it is; NFKC turns it into a space later
    lines = text.splitlines()
    assert "一是加强组织领导。" in lines and "二是完善制度体系。" in lines  # <br>, <p>
    assert [line.split() for line in lines if "行政复议" in line] == [["行政复议", "12件"]]
    assert text.index(wanted[0]) < text.index(wanted[1]) < text.index("行政复议")


def test_html_charset_declared_wrongly_falls_back_to_detection(tmp_path: Path) -> None:
    page, wanted = noisy_page()
    page = page.replace("charset=gb2312", "charset=utf-8")
    text = read_document(write(tmp_path, "report.html", page.encode("gbk")))
    assert all(paragraph in text for paragraph in wanted)


def test_html_without_declaration_or_container(tmp_path: Path) -> None:
    paragraphs = sample_paragraphs(4)[:4]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><body><div id='header'>页眉噪声</div>{body}</body></html>"
    text = read_document(write(tmp_path, "report.htm", page.encode("gbk")))
    assert "噪声" not in text
    assert text.splitlines()[0] == paragraphs[0]
    assert all(p in text for p in paragraphs)


def test_html5_article_keeps_its_header(tmp_path: Path) -> None:
    paragraphs = sample_paragraphs(3)[:3]
    page = (
        "<html><body><header>站点页眉噪声</header><main><article>"
        f"<header><h1>{paragraphs[0]}</h1></header><p>{paragraphs[1]}</p><p>{paragraphs[2]}</p>"
        "<footer>责任编辑噪声</footer></article></main><footer>页脚噪声</footer></body></html>"
    )
    text = read_document(write(tmp_path, "report.html", page.encode("utf-8")))
    assert "噪声" not in text
    assert text.splitlines()[0] == paragraphs[0]
    assert paragraphs[2] in text


def test_table_layout_page_keeps_its_title_row(tmp_path: Path) -> None:
    paragraphs = sample_paragraphs(4)[:3]
    page = (
        '<html><head><meta http-equiv="content-type" content="text/html;charset=gb2312"></head>'
        '<body><table><tr><td class="nav"><a>首页</a> 导航噪声</td></tr>'
        f'<tr><td class="bt">{paragraphs[0]}</td></tr>'
        f'<tr><td id="zoom"><p>{paragraphs[1]}</p><p>{paragraphs[2]}</p></td></tr>'
        "<tr><td><a>打印本页噪声</a></td></tr></table></body></html>"
    )
    text = read_document(write(tmp_path, "report.htm", page.encode("gbk")))
    assert "噪声" not in text
    assert text.splitlines()[0] == paragraphs[0]
    assert paragraphs[2] in text


def test_aspnet_page_form_is_kept(tmp_path: Path) -> None:
    # ASP.NET wraps the whole page in one <form>: that one is the page, not a search box.
    paragraph = sample_paragraphs(2)[2]
    page = f"<html><body><form id='form1'><div class='article'><p>{paragraph}</p></div></form>"
    assert paragraph in read_document(write(tmp_path, "report.html", page.encode("utf-8")))


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    page, wanted = noisy_page()
    text = read_document(write(tmp_path, "saved.txt", page.encode("gbk")))
    assert "噪声" not in text and wanted[1] in text


def test_html_without_text_is_empty(tmp_path: Path) -> None:
    page = b"<html><head><script>var a = 1;</script></head><body><nav>menu</nav></body></html>"
    assert unreadable(write(tmp_path, "blank.html", page)).startswith("empty")


# --- unsupported and unopenable ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "detail"),
    [
        ("report.doc", OLE2_MAGIC + bytes(2000), "Word 97-2003"),
        ("report.wps", OLE2_MAGIC + bytes(2000), "WPS"),
        ("report.docx", OLE2_MAGIC + bytes(2000), "password"),
        ("report.doc", b"{\\rtf1\\ansi report}", "RTF"),
        ("report.doc", "某区2022年度报告".encode("gbk"), "Word 97-2003"),
        ("scan.png", PNG_MAGIC + bytes(100), "PNG"),
        ("report.rar", b"Rar!\x1a\x07\x00" + bytes(100), "RAR"),
        ("report.rtf", b"plain words", ".rtf"),
        ("README", b"plain words", "no extension"),
    ],
)
def test_unsupported_formats(tmp_path: Path, name: str, data: bytes, detail: str) -> None:
    reason = unreadable(write(tmp_path, name, data))
    assert reason.startswith("unsupported format") and detail in reason


def test_old_word_reason_says_what_to_do(tmp_path: Path) -> None:
    reason = unreadable(write(tmp_path, "report.doc", OLE2_MAGIC + bytes(600)))
    assert reason == "unsupported format: .doc (Word 97-2003); save it as .docx or PDF"


def test_cannot_open(tmp_path: Path) -> None:
    assert unreadable(tmp_path / "missing.txt").startswith("cannot open")
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert unreadable(folder).startswith("cannot open")


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps"} == SUPPORTED_SUFFIXES
    assert all(suffix == suffix.lower() for suffix in SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt"])
def test_damaged_files_never_raise_anything_else(tmp_path: Path, suffix: str) -> None:
    # Cut and scratched copies of good files: the reader either reads them or names the damage.
    page, _ = noisy_page()
    original = {
        ".pdf": lambda: pdf_bytes([PDF_PAGE_1, PDF_PAGE_2]),
        ".docx": lambda: docx_bytes(report_docx),
        ".html": lambda: page.encode("gbk"),
        ".txt": lambda: PARAGRAPH.encode("gbk"),
    }[suffix]()
    rng = random.Random(suffix)
    for attempt in range(60):
        damaged = bytearray(original)
        if attempt % 2:
            del damaged[rng.randrange(1, len(damaged)) :]
        for _ in range(rng.randrange(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = write(tmp_path, f"damaged{attempt}{suffix}", bytes(damaged))
        try:
            assert isinstance(read_document(path), str)
        except UnreadableFileError as exc:
            assert exc.reason.startswith(REASON_KEYS), exc.reason
            assert exc.reason.isprintable() and len(exc.reason) < 300, exc.reason


# --- damaged encodings (issue 15) ---------------------------------------------------------------


def test_utf8_with_one_bad_byte_is_kept_as_utf8() -> None:
    text = sample_text(3)[:300]
    data = bytearray(text.encode("utf-8"))
    data[150] = 0xFF
    decoded = decode_bytes(bytes(data))
    assert decoded is not None and 1 <= decoded.count("\ufffd") <= 3  # one character's bytes
    assert decoded.startswith(text[:40]) and decoded.endswith(text[-40:])


def test_utf8_with_an_encoded_surrogate_is_kept() -> None:
    # CESU-8 / WTF-8 writers put a surrogate's three bytes into otherwise valid UTF-8.
    text = sample_text(4)[:200]
    data = text[:100].encode("utf-8") + b"\xed\xa0\x80" + text[100:].encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded is not None
    assert decoded.replace("\ufffd", "") == text


def test_short_utf8_cut_mid_character_is_not_mojibake() -> None:
    text = sample_text(0)[:60]
    data = text.encode("utf-8")[:-1]  # the last character loses its last byte
    assert decode_bytes(data) == text[:-1] + "\ufffd"


@pytest.mark.parametrize(
    ("bom", "body_encoding"),
    [(codecs.BOM_UTF8, "gbk"), (codecs.BOM_UTF16_LE, "utf-8"), (codecs.BOM_UTF16_BE, "gbk")],
)
def test_a_bom_the_body_does_not_match_is_not_trusted(bom: bytes, body_encoding: str) -> None:
    text = sample_text(2)[:400]
    decoded = decode_bytes(bom + text.encode(body_encoding))
    # It was stored as 91-100% replacement characters.
    assert decoded == text


def test_mostly_undecodable_bytes_are_never_stored_as_replacement_characters() -> None:
    data = "法治".encode() + random.Random(8).randbytes(3000)
    assert decode_bytes(data) is None


# --- Word paragraphs and table cells (issue 14) ----------------------------------------------


def test_a_word_heading_is_not_joined_to_the_body_after_it(tmp_path: Path) -> None:
    from search import clean_text

    heading = "（一）坚持党的领导，全面推进依法行政工作取得新成效"  # wide, without a full stop
    body = "我局坚持把党的领导贯穿法治政府建设全过程，健全重大行政决策程序。"

    def build(document: docx.Document) -> None:
        document.add_paragraph("某区卫生健康局2022年法治政府建设情况报告")
        for _ in range(3):
            document.add_paragraph(heading)
            document.add_paragraph(body)

    text = clean_text(read_document(write(tmp_path, "report.docx", docx_bytes(build))))
    lines = text.splitlines()
    assert lines[:5] == [
        clean_text(p)
        for p in ("某区卫生健康局2022年法治政府建设情况报告", heading, body, heading, body)
    ]


def test_word_table_cells_stay_apart_after_cleaning(tmp_path: Path) -> None:
    from search import clean_text

    def build(document: docx.Document) -> None:
        document.add_paragraph("表1 行政复议案件办理情况")
        table = document.add_table(rows=2, cols=3)
        values = [("机构", "地区", "件数"), ("卫生健康局", "江海区", "15件")]
        for row, cells in zip(table.rows, values, strict=True):
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
        document.add_paragraph("上述案件均已依法办结。")

    text = clean_text(read_document(write(tmp_path, "table.docx", docx_bytes(build))))
    assert text.splitlines()[1:3] == ["机构 | 地区 | 件数", "卫生健康局 | 江海区 | 15件"]
    assert "局江海" not in text.replace(" ", "")  # no phrase runs across a cell border


def test_a_word_file_of_one_paragraph_a_line_is_joined_like_pdf_text(tmp_path: Path) -> None:
    from search import clean_text

    # Converted from PDF: each printed line of 28 characters became a Word paragraph.
    sentence = "全面推行证明事项和涉企经营许可事项告知承诺制，优化医护人员执业注册制度，" * 6 + "。"
    lines = [sentence[i : i + 28] for i in range(0, len(sentence), 28)]

    def build(document: docx.Document) -> None:
        for line in lines:
            document.add_paragraph(line)

    text = clean_text(read_document(write(tmp_path, "wrapped.docx", docx_bytes(build))))
    assert text == clean_text(sentence) and "\n" not in text
