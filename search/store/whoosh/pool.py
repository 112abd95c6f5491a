"""Writing segments fast: postings grouped by term as they arrive, and committing
segments that worker processes wrote.

Whoosh's own ``PostingPool`` sorts every posting as a 5-tuple; documents come in
docnum order, so grouping by term is all the sorting needed (see ``GroupedPool``).
``fixes.add_postings`` is what hands a ``GroupedPool`` to the codec a block at a time.
"""

from __future__ import annotations

from array import array

from whoosh.codec import whoosh3


class GroupedPool:
    """A posting pool for a segment written in one go, grouped by term on arrival.

    Whoosh's PostingPool keeps every posting as a 5-tuple and sorts them all
    (spilling runs to disk); but documents are added in docnum order, so each
    term's postings arrive already sorted.  Grouping them as they come leaves
    only the distinct terms to sort, and lets ``_add_postings`` hand each
    term's postings to the codec in blocks instead of one call per posting.
    """

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        # fieldname -> term bytes -> (docnums, weights, values)
        self._fields: dict[str, dict[bytes, tuple]] = {}
        self._text_fields: dict[str, dict[str, tuple]] = {}  # the same, keyed by str

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._fields.get(fieldname)
        if terms is None:
            self.fieldnames.add(fieldname)
            terms = self._fields[fieldname] = {}
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = (array("I"), array("f"), [])
        entry[0].append(docnum)
        entry[1].append(weight)
        if vbytes:
            entry[2].append(vbytes)

    def add_counts(self, fieldname: str, docnum: int, counts: dict[str, int]) -> None:
        """Post ``docnum`` under each term with its count as weight and no payload.

        For a field like ``grams`` this replaces millions of ``add`` calls
        (one tuple each) with a dictionary lookup and two appends.  Terms stay
        ``str`` until written (UTF-8 sorts like code points), so each distinct
        term is encoded once per segment rather than once per report.
        """
        table = self._text_fields.get(fieldname)
        if table is None:
            self.fieldnames.add(fieldname)
            table = self._text_fields[fieldname] = {}
        get = table.get
        for term, count in counts.items():
            entry = get(term)
            if entry is None:
                table[term] = (array("I", (docnum,)), array("f", (count,)), [])
            else:
                entry[0].append(docnum)
                entry[1].append(count)

    def extend(self, fieldname: str, tbytes: bytes, ids, weights, values) -> None:
        """Append a term's postings for documents numbered after all posted so far."""
        terms = self._fields.get(fieldname)
        if terms is None:
            self.fieldnames.add(fieldname)
            terms = self._fields[fieldname] = {}
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = (array("I"), array("f"), [])
        entry[0].extend(ids)
        entry[1].extend(weights)
        entry[2].extend(values)

    def iter_terms(self):
        for fieldname in sorted(set(self._fields) | set(self._text_fields)):
            table = self._fields.get(fieldname, {})
            for tbytes in sorted(table):
                yield fieldname, tbytes, table[tbytes]
            table = self._text_fields.get(fieldname, {})
            for term in sorted(table):
                yield fieldname, term.encode("utf-8"), table[term]

    def sorted_terms(self, fieldname: str) -> tuple[list[bytes], list[tuple]]:
        """A field's terms as sorted bytes, and their (ids, weights, values) in that order."""
        table = self._fields.get(fieldname) or {}
        text = self._text_fields.get(fieldname) or {}
        if not table:
            terms = sorted(text)  # UTF-8 sorts like code points
            return list(map(str.encode, terms)), list(map(text.__getitem__, terms))
        if text:
            table = dict(table)
            table.update(zip(map(str.encode, text), text.values(), strict=True))
        keys = sorted(table)
        return keys, list(map(table.__getitem__, keys))

    def iter_postings(self):
        return self  # _add_postings recognises the pool itself

    def cleanup(self) -> None:
        self._fields = {}
        self._text_fields = {}


def use_grouped_pool(writer) -> None:
    """Make a fresh SegmentWriter collect postings in a GroupedPool."""
    writer.pool.cleanup()
    writer.pool = GroupedPool()


def codec() -> whoosh3.W3Codec:
    """Whoosh's codec with rare terms' postings kept inline in the term table,
    and the table written in bulk (``termtable.PackedCodec``).

    Most character bigrams occur in a handful of reports; writing each one a
    compressed posting block of its own cost more than all the rest of a
    commit.  Inline postings (fewer than 16) skip that and read back faster too.
    """
    from .termtable import PackedCodec  # it builds on this module's pool

    return PackedCodec(inlinelimit=16, compression=1)


def commit_segments(writer, segments: list, merge_small: bool = False, policy=None) -> None:
    """Commit ``writer`` together with segments written by other processes.

    This is what Whoosh's own multi-process writer does with its workers'
    segments (``MpWriter`` with ``multisegment=True``), minus pickling every
    document through temporary files: our workers read and analyse the files
    themselves.  The TOC is written atomically, so readers see all of a batch
    or none of it, and a crash before this point leaves the last commit whole.
    """
    from whoosh.writing import MERGE_SMALL, NO_MERGE

    if policy is None:
        policy = MERGE_SMALL if merge_small else NO_MERGE
    final = writer._merge_segments(policy, False, False)
    final = list(final) + [s for s in segments if s is not None]
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
