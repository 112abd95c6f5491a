"""Reading and re-building the query string shared by pages, export and API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import search

SORTS = {"relevance": "相关度", "date": "日期"}
PER_PAGE = 10
MAX_PER_PAGE = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParamError(search.SearchError):
    """A bad URL parameter outside the query language; the message is for the user."""

    def __init__(self, message: str, code: str = "bad_param") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Params:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    hide: bool = False  # 隐藏套话: hide snippets made only of template sentences (issue 12)

    @property
    def empty(self) -> bool:
        return not self.q.strip() and not self.filters

    def args(self, **changes: object) -> dict[str, str]:
        """URL arguments of this search with ``changes`` applied (None or "" drops one).

        Changing anything but the page starts again at page 1: the old page number
        may not exist in the narrowed result.
        """
        values: dict[str, object] = {
            "q": self.q,
            **self.filters,
            "sort": self.sort,
            "hide": "1" if self.hide else None,
        }
        if "page" in changes:
            values["page"] = changes["page"]
        values.update({k: v for k, v in changes.items() if k != "page"})
        out = {k: str(v) for k, v in values.items() if v not in (None, "")}
        if out.get("sort") == "relevance":
            del out["sort"]
        if out.get("page") == "1":
            del out["page"]
        return out

    def without(self, name: str) -> Params:
        return replace(self, filters={k: v for k, v in self.filters.items() if k != name})


def read_params(args: Mapping[str, str], *, api: bool = False, per_page: int = PER_PAGE) -> Params:
    """Validated parameters; raises ``ParamError`` with a message in Chinese.

    Pages show ``per_page`` hits; the API lets the caller choose up to 100.
    """
    q = args.get("q", "") or ""
    names = search.option_fields()  # the registry's, as it is now (search/fields.py)
    for name in ("q", *names, "sort", "page", "per_page"):
        value = args.get(name)
        if value and _CONTROL.search(value):
            raise ParamError(
                f"参数 {name} 含有控制字符（如 NUL），请删除后重试", "control_character"
            )
    filters = {}
    for name in names:
        value = (args.get(name) or "").strip()
        if len(value) > search.MAX_QUERY_LENGTH:
            raise ParamError(
                f"参数 {name} 过长：最多 {search.MAX_QUERY_LENGTH} 个字符", "query_too_long"
            )
        if value:
            filters[name] = value
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise ParamError("排序方式只能是 relevance（相关度）或 date（日期）", "bad_sort")
    page = _whole(args.get("page"), "page", 1, "页码")
    if api:
        per_page = _whole(args.get("per_page"), "per_page", PER_PAGE, "每页条数")
        if per_page > MAX_PER_PAGE:
            raise ParamError(f"per_page（每页条数）最多为 {MAX_PER_PAGE}", "bad_per_page")
    hide = (args.get("hide") or "") in ("1", "on", "true")
    return Params(q=q, filters=filters, sort=sort, page=page, per_page=per_page, hide=hide)


def lenient_params(args: Mapping[str, str]) -> Params:
    """What the user typed, unvalidated: to refill the form next to an error message."""
    filters = {
        name: _clean(args.get(name) or "")
        for name in search.option_fields()
        if (args.get(name) or "").strip()
    }
    sort = args.get("sort") if args.get("sort") in SORTS else "relevance"
    return Params(q=_clean(args.get("q") or ""), filters=filters, sort=sort)


def _clean(value: str) -> str:
    # Control characters cannot be put back into a form field meaningfully.
    return _CONTROL.sub("", value)[: search.MAX_QUERY_LENGTH * 2]


def _whole(value: str | None, name: str, default: int, label: str) -> int:
    if value in (None, ""):
        return default
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        raise ParamError(
            f"{label}（{name}）必须是从 1 开始的整数",
            "bad_page" if name == "page" else "bad_per_page",
        )
    return int(text)
