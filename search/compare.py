"""The compare view: for a query, one row per agency, with its best sentence."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .hits import make_hit
from .matching import tally
from .model import AgencyRow
from .snippets import LEAD

if TYPE_CHECKING:
    from .searcher import SearchIndex

# Reports of one agency searched for a representative sentence outside the opening.
REPRESENTATIVE_TRIES = 5


def agency_rows(index: SearchIndex, query: str, filters: dict) -> list[AgencyRow]:
    """For a query, one row per agency: its matching reports, years, matches, best snippet.

    The caller (``SearchIndex.compare``) holds ``index``'s lock and budget.
    """
    ctx, snap, docs, unit_list = index._match(query, filters)
    t = tally(ctx, docs, unit_list, need_scores=True)
    recs = ctx.table.records
    groups: dict[str, list[int]] = defaultdict(list)
    for d in docs:
        groups[recs[d].get("agency") or ""].append(d)
    rows = []
    for agency, ds in groups.items():
        best, snippet = _representative(index, ctx, snap, ds, unit_list, t)
        r = recs[best]
        rows.append(
            AgencyRow(
                agency=agency,
                region=r.get("region", ""),
                level=r.get("level", ""),
                reports=len(ds),
                years=sorted({recs[d]["year"] for d in ds if recs[d].get("year")}),
                matches=sum(t.counts.get(d, 0) for d in ds),
                best_id=r["id"],
                best_title=r.get("title", ""),
            )
        )
        rows[-1].best = snippet
    rows.sort(key=lambda row: (-row.reports, -row.matches, row.agency))
    return rows


def _representative(index: SearchIndex, ctx, snap, ds, unit_list, t):
    """An agency's best report and sentence, preferring a sentence of the body.

    Reports open alike (the title, "2021年，我局坚持以习近平法治思想为指导…"),
    so the opening says least about how an agency uses a phrase; a heading
    alone says little more.  The best-scored reports are tried in turn.
    """
    ranked = sorted(ds, key=lambda d: (-t.scores.get(d, 0.0), d))
    fallback = None
    for d in ranked[:REPRESENTATIVE_TRIES]:
        snippets = make_hit(ctx, snap, d, unit_list, t, True).snippets
        if fallback is None:
            fallback = (d, snippets[0] if snippets else None)
        if not unit_list and not ctx.near_terms:
            break
        body = sorted(snippets, key=lambda s: (s.label == LEAD, s.label == ""))
        if body and body[0].label != LEAD:
            return d, body[0]
    return fallback
