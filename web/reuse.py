"""Reused text (issue 12) in the UI: the report page's bar and underlines, the
side-by-side view of two passages, the list of template sentences, and the API.

Everything is plain HTML: the bar is an inline SVG whose widths are attributes
(the CSP allows no inline style), the underlines are links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape

import search

from .engine import get_index
from .errors import json_error
from .params import ParamError

bp = Blueprint("reuse", __name__)

KIND_LABELS = {"other": "其他机构", "self": "本机构往年", "template": "套话"}
KINDS = tuple(KIND_LABELS)
STATUS_LABELS = {
    "followed": "已在今年成效中落实",
    "carried": "今年再次列为不足或计划",
    "both": "今年既有成效又再次列入",
    "none": "今年未再提及",
}
_RANGE = re.compile(r"^(\d{1,9})-(\d{1,9})$")
# The library's marked HTML: tags, entities, one character.
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|.", re.S)


@bp.app_context_processor
def _template_globals() -> dict:
    return {"KIND_LABELS": KIND_LABELS}


def _index_dir() -> str:
    return current_app.config["SEARCH_INDEX"]


def _k() -> int:
    """Agencies in one year that make a sentence a template (fewer in a small collection)."""
    return int(current_app.config.get("SEARCH_TEMPLATE_AGENCIES") or search.TEMPLATE_AGENCIES)


@bp.get("/api/reuse/<doc_id>")
def api_reuse(doc_id: str) -> Response:
    get_index()  # a missing index answers 503 like every other route
    return jsonify(search.reuse_report(doc_id, _index_dir(), _k()).to_json())


@dataclass
class Bar:
    """The reuse bar of a report page: (kind, label, share) segments and shares by part."""

    share: float
    kinds: list[tuple[str, str, float]]
    parts: list[tuple[str, float]]
    sources: list[search.ReuseSource]


def reuse_for_page(view: search.DocumentView) -> search.ReuseReport | None:
    """The reuse of a report for its page, or None while the reuse pass has not reached it."""
    try:
        return search.reuse_of(view, _index_dir(), _k())
    except search.ReuseNotReadyError:
        return None


def bar(reuse: search.ReuseReport) -> Bar:
    by_kind = dict.fromkeys(KINDS, 0.0)
    for s in reuse.sources:
        by_kind[s.kind] += s.share
    kinds = [(k, KIND_LABELS[k], round(v, 4)) for k, v in by_kind.items() if v > 0]
    parts = [(p, v) for p, v in reuse.by_part.items()]
    return Bar(reuse.share, kinds, parts, reuse.sources[:5])


def hide_templates(result: search.SearchResult) -> dict[str, int]:
    """Drop the snippets made only of template sentences; how many each hit lost."""
    spans = {h.id: [(s.start, s.end) for s in h.snippets] for h in result.hits}
    try:
        flags = search.template_only(_index_dir(), spans, _k())
    except search.ReuseNotReadyError:
        return {}
    hidden = {}
    for h in result.hits:
        keep = [s for s, only in zip(h.snippets, flags.get(h.id, []), strict=False) if not only]
        keep += h.snippets[len(flags.get(h.id, [])) :]
        if len(keep) < len(h.snippets):
            hidden[h.id] = len(h.snippets) - len(keep)
            h.snippets = keep
    return hidden


def underline(blocks: list, view: search.DocumentView, reuse, at: tuple[int, int] | None):
    """Underline the reused spans of a report's blocks, each a link to the side-by-side view.

    ``at`` is a passage to point at (coming from another report's side-by-side
    view): it gets the id ``reuse-at`` to scroll to.
    """
    marks = []
    for sp in reuse.spans if reuse else []:
        href = _pair_url(view.id, sp)
        title = f"{KIND_LABELS[sp.kind]}：见 {sp.source_id}"
        marks.append(
            (
                sp.start,
                sp.end,
                f'<a class="reuse k-{sp.kind}" href="{href}" title="{escape(title)}">',
                "</a>",
            )
        )
    if at:
        marks.append((at[0], at[1], '<span class="reuse-at" id="reuse-at">', "</span>"))
    if not marks:
        return blocks
    marks.sort()
    paras = [p for p in view.paragraphs if p.html.strip()]
    for b, p in zip(blocks, paras, strict=False):
        head_len = _text_len(b.head)
        b.head = Markup(_insert(str(b.head), p.start, marks))
        b.html = Markup(_insert(str(b.html), p.start + head_len, marks))
    return blocks


def _pair_url(doc_id: str, sp) -> str:
    return url_for(
        "reuse.pair",
        doc_id=doc_id,
        source_id=sp.source_id,
        at=f"{sp.start}-{sp.end}",
        src=f"{sp.source_start}-{sp.source_end}",
    )


def _text_len(html: str) -> int:
    return sum(1 for m in _TOKEN.finditer(str(html)) if not m.group().startswith("<"))


def _insert(html: str, offset: int, marks: list[tuple[int, int, str, str]]) -> str:
    """``html`` (text starting at ``offset``) with each mark's tags around its characters.

    Marks may cross the <mark> tags of query matches: an open one is closed before
    such a tag and reopened after it, so the elements stay nested.
    """
    out: list[str] = []
    pos = offset
    end = offset + _text_len(html)
    live = [m for m in marks if m[0] < end and m[1] > offset]
    if not live:
        return html
    open_: tuple | None = None
    for tok in (m.group() for m in _TOKEN.finditer(html)):
        if tok.startswith("<"):
            if open_:
                out.append(open_[3])
            out.append(tok)
            if open_:
                out.append(open_[2])
            continue
        if open_ and pos >= open_[1]:
            out.append(open_[3])
            open_ = None
        if open_ is None:
            found = next((m for m in live if m[0] <= pos < m[1]), None)
            if found:
                out.append(found[2])
                open_ = found
        out.append(tok)
        pos += 1
    if open_:
        out.append(open_[3])
    return "".join(out)


def read_range(name: str, limit: int | None = None) -> tuple[int, int] | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    m = _RANGE.match(value)
    if not m or int(m.group(1)) >= int(m.group(2)):
        raise ParamError(f"参数 {name} 应写作“起点-终点”，如 120-260")
    return int(m.group(1)), int(m.group(2))


@bp.get("/doc/<doc_id>/reuse/<source_id>")
def pair(doc_id: str, source_id: str) -> str:
    """Two passages side by side: this report's and its source's."""
    index = get_index()
    left, right = index.document(doc_id), index.document(source_id)
    at, src = read_range("at"), read_range("src")
    if at is None or src is None:
        raise ParamError("并排对照需要参数 at 和 src（两段文字的位置）")
    try:
        got = search.reuse_pair(left.text, at, right.text, src)
    except search.SearchError as exc:
        raise ParamError(f"位置超出报告范围：{exc}") from exc
    return render_template("reuse_pair.html", left=left, right=right, pair=got, at=at, src=src)


@bp.get("/doc/<doc_id>/years")
def years(doc_id: str) -> str:
    """This year's report beside the same agency's previous one."""
    get_index().document(doc_id)  # an unknown id is a 404 page like /doc's
    got = search.year_over_year(doc_id, _index_dir())
    return render_template("reuse_years.html", y=got, STATUS_LABELS=STATUS_LABELS)


@bp.get("/templates")
def templates() -> str:
    """Template sentences: used by at least k agencies in one year."""
    k = _whole("k", _k())
    year = _whole("year", 0) or None
    get_index()
    rows = search.template_sentences(_index_dir(), k=k, year=year, limit=200)
    return render_template("reuse_templates.html", rows=rows, k=k, year=year)


def _whole(name: str, default: int) -> int:
    value = (request.args.get(name) or "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 4 or int(value) < 1:
        raise ParamError(f"参数 {name} 必须是正整数")
    return int(value)


def not_ready(exc: search.ReuseNotReadyError):
    current_app.logger.warning("reuse data not ready: %s", exc)
    if request.path.startswith("/api/"):
        return json_error(str(exc), 503, "reuse_unavailable")
    message = (
        "尚未计算报告间的文字复用：请运行 python -m search reuse --update（建立索引时也会计算）。"
    )
    return render_template("error.html", title="复用数据不可用", message=message, status=503), 503


def init_app(app: Flask) -> None:
    app.register_error_handler(search.ReuseNotReadyError, not_ready)
    app.register_blueprint(bp)
