"""Web pages (.html, .htm): the report's text without the site around it."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag

from search.errors import UnreadableFileError
from search.readers.text import decode_bytes

# --- decoding ---------------------------------------------------------------------------------

# Only <meta> declarations count: Chinese government pages often say charset="utf-8" on a
# <script> tag while the page itself is GBK.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Browsers (WHATWG) decode every GB label with one GBK/GB18030 decoder; pages labelled gb2312
# routinely use characters only GBK has.
_GB_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "csgb2312", "chinese"})


def decode_html(data: bytes) -> str | None:
    """The page's text, by BOM, then its declared charset, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match:
        label = match.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup("gb18030" if label in _GB_LABELS else label).name
        except LookupError:
            codec = None
        if codec and not codec.startswith("utf-16"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass  # A wrong declaration, typically a template kept after a move to UTF-8.
    return decode_bytes(data)


# --- page chrome ------------------------------------------------------------------------------

_NOISE_TAGS = [
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "map", "audio", "video", "nav", "aside", "footer", "header", "button", "select",
    "input", "textarea", "label",
]  # fmt: skip
_NOISE_ROLES = re.compile(r"^(navigation|banner|contentinfo|complementary|search|menu|menubar)$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Whole class/id tokens (not substrings, so "article-header" survives) that old government
# sites use instead of <nav>, <header> and <footer>. Not "print": some wrap the article in
# <div id="print"> for their print button.
_CHROME_TOKENS = frozenset({
    "nav", "navbar", "menu", "submenu", "breadcrumb", "crumb", "crumbs", "position", "location",
    "weizhi", "header", "top", "footer", "foot", "bottom", "copyright", "sidebar", "side",
    "share", "bdsharebuttonbox", "toolbar",
})  # fmt: skip
# Where the report itself lives: TRS, Kaipu (UCAP) and most other Chinese government CMSs.
_MAIN_HINT = re.compile(r"content|article|zoom|trs_editor|custom_unionstyle", re.I)
_TITLE_HINT = re.compile(r"title|biaoti|^bt$", re.I)  # bt: 标题 on pinyin-named sites


def _tokens(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    return [*classes, *str(tag.get("id") or "").split()]


def _is_chrome(tag: Tag) -> bool:
    if tag.decomposed:  # went with an ancestor already
        return False
    if _NOISE_ROLES.match(str(tag.get("role") or "")):
        return True
    if tag.has_attr("hidden") or _HIDDEN_STYLE.search(str(tag.get("style") or "")):
        return True
    return any(token.lower() in _CHROME_TOKENS for token in _tokens(tag))


def _is_main_hint(tag: Tag) -> bool:
    if tag.name in ("article", "main") or tag.get("role") == "main":
        return True
    return tag.name in ("div", "section", "td") and any(map(_MAIN_HINT.search, _tokens(tag)))


def _strip_chrome(root: Tag) -> None:
    for tag in root.find_all(_NOISE_TAGS):
        # An <article>'s own <header> holds its title; only the page's header is chrome.
        if tag.name == "header" and tag.find_parent("article") is not None:
            continue
        tag.decompose()
    for tag in root.find_all(True):
        # A wrapper that holds the report is never chrome, whatever it is called.
        if _is_chrome(tag) and tag.find(_is_main_hint) is None:
            tag.decompose()
    total = _text_length(root)
    for form in root.find_all("form"):
        # ASP.NET sites wrap the whole page in one <form>; other forms are search boxes.
        if _text_length(form) < total / 2:
            form.decompose()


# --- the main container -----------------------------------------------------------------------

_MIN_SHARE = 0.2  # a container with less of the page's text is a teaser or a link list
_NESTED_SHARE = 0.7  # an inner container keeping this much of its parent's text replaces it
_MAX_LINK_DENSITY = 0.5


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _text_length(tag: Tag) -> int:
    return len(_squeeze(tag.get_text()))


def _link_density(tag: Tag, length: int) -> float:
    return sum(_text_length(a) for a in tag.find_all("a")) / max(length, 1)


def _main_container(root: Tag) -> Tag:
    total = _text_length(root)
    candidates = []
    for tag in root.find_all(_is_main_hint):
        length = _text_length(tag)
        if length >= _MIN_SHARE * total and _link_density(tag, length) <= _MAX_LINK_DENSITY:
            candidates.append((length, tag))
    if not candidates:
        return root
    candidates.sort(key=lambda item: item[0], reverse=True)
    best_length, best = candidates[0]
    for length, tag in candidates[1:]:
        # Government pages nest content > article > zoom > TRS_Editor; the innermost one that
        # still holds nearly all the text has the least chrome.
        if _is_inside(tag, best) and length >= _NESTED_SHARE * best_length:
            best_length, best = length, tag
    return best


def _is_inside(tag: Tag, ancestor: Tag) -> bool:
    # Identity, not ``in``: bs4 compares tags by their markup.
    return any(parent is ancestor for parent in tag.parents)


def _title_before(container: Tag) -> str | None:
    """The report's title when the page puts it just above the text, inside the same article."""
    scope = None
    for parent in container.parents:
        if _is_main_hint(parent):
            scope = parent
    # Old sites lay the article out as a table: a title row above the text's row.
    scope = scope or container.find_parent("table")
    if scope is None:
        return None  # above the article there is only the site's own chrome
    for tag in container.find_all_previous(True):
        if _is_inside(container, tag):
            continue
        if not _is_inside(tag, scope):
            return None
        if tag.name in ("h1", "h2", "h3") or any(map(_TITLE_HINT.search, _tokens(tag))):
            title = " ".join(tag.get_text().split())
            if title:
                return title
    return None


# --- text -------------------------------------------------------------------------------------

_BLOCK_TAGS = [
    "address", "article", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
    "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
]  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


class _Layout(NavigableString):
    """A line break or cell gap put in by us: kept as is, unlike the page's own whitespace."""


def _page_text(root: Tag) -> str:
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before(_Layout("\n"))
        tag.insert_after(_Layout("\n"))
    for tag in root.find_all("br"):
        tag.replace_with(_Layout("\n"))
    for tag in root.find_all(["td", "th"]):
        tag.insert_after(_Layout("\t"))
    verbatim = {id(s) for pre in root.find_all("pre") for s in pre.find_all(string=True)}
    parts = []
    for node in root.descendants:
        if isinstance(node, _Layout) or id(node) in verbatim:
            parts.append(str(node))
        elif type(node) is NavigableString:  # not a Comment, CData, Doctype or script text
            parts.append(_HTML_SPACE.sub(" ", node))
    return "\n".join(_tidy_lines("".join(parts).split("\n"))).rstrip("\n")


def _tidy_lines(lines: Iterable[str]) -> Iterable[str]:
    blank = True  # drop leading blank lines
    for line in lines:
        line = line.strip(" \t")
        if line or not blank:
            yield line
        blank = not line


def read_html(data: bytes, path: str) -> str:
    markup = decode_html(data)
    if markup is None:
        raise UnreadableFileError(path, "not text: no text encoding fits the bytes (binary file?)")
    soup = BeautifulSoup(markup, "lxml")
    root = soup.body or soup
    _strip_chrome(root)
    container = _main_container(root)
    title = _title_before(container)
    text = _page_text(container)
    if title and _squeeze(title) not in _squeeze(text[: len(title) * 3]):
        text = f"{title}\n\n{text}"
    if not text.strip():
        raise UnreadableFileError(path, "empty: no text on the page")
    return text
