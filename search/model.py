"""Plain data that leaves the library: no Whoosh object ever crosses this line."""

from __future__ import annotations

from dataclasses import dataclass, field

# The parts every 法治政府建设情况报告 is required to have, in report order.
PART_MEASURES = "主要举措和成效"
PART_SHORTCOMINGS = "存在的不足和原因"
PART_DUTY = "第一责任人职责"
PART_PLAN = "下一年度工作安排"
PART_OTHER = "其他"
PARTS = (PART_MEASURES, PART_SHORTCOMINGS, PART_DUTY, PART_PLAN, PART_OTHER)

# Where a metadata field was read: the report's title, its document header (X文件, 发文字号),
# a web page's information table (发布机构, 成文日期), the opening sentence's subject,
# the signature and date at the end, a --meta manifest, or the file's path.
META_SOURCES = ("title", "header", "info_table", "opening", "signature", "manifest", "path")


@dataclass(frozen=True)
class Section:
    """A heading of the cleaned text and the span it governs."""

    heading: str  # the heading as written, e.g. "一、推进法治政府建设的主要举措和成效"
    level: int  # 1 for 一、, 2 for （一）, 3 for 1. / （1）
    part: str  # one of PARTS; subsections inherit their top-level section's part
    start: int  # offset in the cleaned text of the heading's first character
    end: int  # offset where the section ends (exclusive)


@dataclass
class Metadata:
    """What the text itself says about a report (nothing typed in per file)."""

    title: str = ""
    agency: str = ""
    region: str = ""  # "广东省江门市江海区": as much of province/city/county as is known
    province: str = ""
    city: str = ""
    county: str = ""
    level: str = ""  # 省级 / 市级 / 县区级, or "" when unknown
    year: int | None = None  # the year the report covers
    date: str = ""  # ISO date written at the end, or ""
    doc_number: str = ""  # 发文字号 such as 新卫〔2022〕12号
    url: str = ""  # where the report was published, when a manifest or page says
    # Where each non-empty field came from: one of META_SOURCES, e.g. {"agency": "signature"}.
    meta_source: dict[str, str] = field(default_factory=dict)


@dataclass
class Snippet:
    """A sentence or two around a match; ``html`` is escaped with matches in <mark>."""

    html: str
    text: str
    section: str  # heading of the innermost section, "" before the first heading
    part: str
    start: int  # offset of the snippet in the cleaned text
    end: int
    # What a UI shows as the snippet's place: the section heading, "导语" before the
    # first heading (its part stays 其他), "" when the match is in the heading itself.
    label: str = ""


@dataclass
class Hit:
    id: str
    path: str
    title: str
    agency: str
    region: str
    level: str
    year: int | None
    date: str
    doc_number: str
    score: float
    matches: int = 0
    snippets: list[Snippet] = field(default_factory=list)
    url: str = ""  # where the report was published, when known
    meta_source: dict[str, str] = field(default_factory=dict)  # field -> one of META_SOURCES
    # Fields of the registry (search/fields.py) that are not attributes here, by name.
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The hit as the CLI's ``--json`` and the API print it (snippets without offsets).

        Built field by field: ``dataclasses.asdict`` deep-copies every value
        and cost 0.6 ms of a 6 ms API request.
        """
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "agency": self.agency,
            "region": self.region,
            "level": self.level,
            "year": self.year,
            "date": self.date,
            "doc_number": self.doc_number,
            "url": self.url,
            **self.extra,
            "meta_source": self.meta_source,
            "score": self.score,
            "matches": self.matches,
            "snippets": [
                {
                    "html": s.html,
                    "text": s.text,
                    "section": s.section,
                    "part": s.part,
                    "label": s.label,
                }
                for s in self.snippets
            ],
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    page: int = 1
    per_page: int = 10

    def to_json(self) -> dict:
        """``{"query", "total", "hits", "facets"}``: the CLI's ``--json`` object."""
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
        }


@dataclass
class Paragraph:
    """One paragraph of a report for display; ``html`` is escaped and marked."""

    html: str
    heading_level: int  # 0 for body text, else the Section level
    start: int
    anchor: str = ""  # id of the heading, for a table of contents


@dataclass
class MatchRef:
    """One match in a report, for a list of matches to jump to."""

    anchor: str  # id of its <mark> in the document's HTML
    section: str
    part: str
    html: str  # the sentence around it, marked
    label: str = ""  # as Snippet.label: heading, 导语, or "" for a match in its heading


@dataclass
class DocumentView:
    id: str
    path: str
    title: str
    agency: str
    region: str
    level: str
    year: int | None
    date: str
    doc_number: str
    text: str
    sections: list[Section]
    paragraphs: list[Paragraph]
    matches: list[MatchRef]  # the first MAX_LISTED (search/docview.py) of them
    query: str = ""
    url: str = ""
    meta_source: dict[str, str] = field(default_factory=dict)
    match_count: int = 0  # every match marked in ``paragraphs``
    extra: dict[str, object] = field(default_factory=dict)  # as Hit.extra


@dataclass
class AgencyRow:
    """One agency's use of a phrase: the compare-across-agencies view."""

    agency: str
    region: str
    level: str
    reports: int  # how many of its reports match
    years: list[int]
    matches: int
    best_id: str = ""
    best_title: str = ""
    best: Snippet | None = None


@dataclass
class MatchRow:
    """One matching sentence of a report: a row of the citation table (search/export.py)."""

    id: str
    agency: str
    region: str
    year: int | None
    date: str
    title: str
    section: str
    part: str
    sentence: str  # as the report writes it
    url: str = ""  # where the report was published, when known
    path: str = ""  # the file, relative to the folder indexed
    doc_number: str = ""
    source: str = ""  # where the report was published, else its file name
    marked: str = ""  # the sentence with each match in 【】
    matches: int = 0  # how many matches the sentence holds
    extra: dict[str, object] = field(default_factory=dict)  # as Hit.extra (level too)


@dataclass
class ReportMeta:
    """A report's metadata in force (manifest overrides applied), for listing and editing."""

    id: str
    path: str  # relative to the folder indexed
    metadata: Metadata  # meta_source says where each field came from


@dataclass
class OriginalFile:
    """The file a report was read from, checked to be still there and unchanged."""

    path: str  # absolute: only for serving the file, never shown
    name: str  # its file name, for a download


@dataclass
class Stats:
    total: int
    agencies: dict[str, int]
    years: dict[str, int]
    agency_years: dict[str, dict[str, int]]
