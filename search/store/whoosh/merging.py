"""When to merge segments, which ones, and merging them fast.

Each batch adds a segment per worker; many segments slow every term lookup,
so they are merged once there are more than ``MAX_SEGMENTS``.  Two things made
small updates slow (387 files into an index at the limit took 296 s):

- Whoosh's policy (``MERGE_SMALL``) picks segments by a Fibonacci rule that,
  on an index of similar segments, picks all of them: every small update
  rewrote the whole index.  Here only the smallest segments are merged, just
  enough to be back at ``MERGE_TO`` segments (an update's own two and the
  smallest old one), so an update's merge costs in proportion to the small
  segments, not to the index.
- Whoosh merges posting by posting through its pool (five-tuples, sorted and
  spilled).  Here each term's postings are copied a block at a time into the
  grouped pool the segment writers use (``pool.GroupedPool``), with the
  documents renumbered; stored fields and columns are copied by Whoosh's own
  per-document code.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

from whoosh.codec import whoosh3
from whoosh.reading import SegmentReader

from .pool import commit_segments, use_grouped_pool
from .postings import block_ids

MAX_SEGMENTS = 16
MERGE_TO = MAX_SEGMENTS  # just enough merged to be back at the limit: the least work now


def merge_if_fragmented(ix, make_writer: Callable) -> int:
    """Merge the smallest segments if there are too many; how many were merged."""
    segments = ix._segments()
    if len(segments) <= MAX_SEGMENTS:
        return 0
    by_size = sorted(segments, key=lambda s: s.doc_count())
    chosen = {s.segment_id() for s in by_size[: len(segments) - MERGE_TO + 1]}
    writer = make_writer(ix)
    use_grouped_pool(writer)

    def policy(writer, segments):
        merge = [s for s in segments if s.segment_id() in chosen]
        for segment in merge:
            _copy_segment(writer, segment)
        return [s for s in segments if s.segment_id() not in chosen]

    try:
        commit_segments(writer, [], policy=policy)
    except BaseException:
        writer.cancel()
        raise
    return len(chosen)


def _copy_segment(writer, segment) -> None:
    """Append the live documents of ``segment`` to ``writer`` (which has a GroupedPool)."""
    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        base = writer.docnum
        docmap = writer.write_per_doc(set(writer.schema.names()), reader)
        schema = writer.schema
        pool = writer.pool
        for fieldname in reader.indexed_field_names():
            if fieldname not in schema:
                continue
            fmt = schema[fieldname].format
            for tbytes in reader.lexicon(fieldname):
                m = reader._terms.matcher(fieldname, tbytes, fmt)
                ids, weights, values = _postings(m)
                if docmap is None:
                    ids = array("I", (base + d for d in ids))
                else:  # deleted documents have no new number
                    keep = [i for i, d in enumerate(ids) if d in docmap]
                    if not keep:
                        continue
                    ids = array("I", (docmap[ids[i]] for i in keep))
                    weights = array("f", (weights[i] for i in keep))
                    values = [values[i] for i in keep] if values else []
                pool.extend(fieldname, tbytes, ids, weights, values)
        writer._added = True
    finally:
        reader.close()


def _postings(m) -> tuple[list[int], array, list]:
    """All (ids, weights, values) of one term in one segment, a block at a time."""
    if not isinstance(m, whoosh3.W3LeafMatcher):  # inlined postings (a ListMatcher)
        ids = list(m._ids)
        raw = m._weights if m._weights is not None else [m._all_weights or 1.0] * len(ids)
        values = list(m._values) if m._values and any(m._values) else []
        return ids, array("f", raw), values
    ids: list[int] = []
    weights = array("f")
    values: list = []
    keep_values = bool(m._fixedsize)  # 0: the format stores no values
    while m.is_active():
        ids.extend(block_ids(m, 0))
        m._read_weights()
        weights.extend(m._weights)
        if keep_values:
            m._read_values()
            values.extend(m._values)
        m._next_block()
    return ids, weights, values
