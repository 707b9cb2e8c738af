"""Reconcile successive editions of a tracker: pair records, list changes, keep the register.

Papers of one tracker form a *series* (the title without its date) and each
date is an *edition* (``pipeline.normalise.edition``); editions under a
reworded title, or joined by a reviewer, are one series
(``pipeline.reconcile.series``), and an agenda pack's papers are each placed
in their own.

Which documents count: when a file's bytes change under the same name (a
corrected re-issue), the newer document *supersedes* the older one: the one
in the inbox now, else the one read last. Superseded documents stay in the
history as an audit trail (``superseded`` rows say when and why) and are
never reconciled.

When an edition came as several files (its PDF and its Word original), every
file keeps its rows in records.csv, but reconciliation uses one of them: a
file in the inbox now before one that no longer is; then the PDF, because it
is the form that is published and cited by page; then the first by file name.
Each other file is compared with it (``pipeline.reconcile.disagreements``). Papers
whose title gives no date are not compared, but their recommendations are in
the register, one edition each.

Records of consecutive editions are paired by ``pipeline.reconcile.pairing``.
Change codes per pair: ``reopened`` (was complete, now not) or
``status_changed``; ``target_changed`` per date field; ``text_changed`` for
the recommendation text, and for the label when the keys differ; else one
``unchanged`` row. Unpaired records are ``new``, ``missing`` (was not complete)
or ``dropped_complete``. So every record of both editions has at least one row.
A change row carries the old record's key and label, so a renumbered item
shows both. Reviewer ``ack`` rows sign off a change row's alerts
(``signed_off``), and hold while the record stays unchanged.

Slippage (``pipeline.reconcile.slippage``) follows each record back through
its pairs; following the same pairs gives the register
(``pipeline.reconcile.register``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from extractors.model import Paper
from pipeline.history.reviews import Known, Review, Reviews, check_reviews
from pipeline.outputs.tables import Row
from pipeline.problems import alerts_of
from pipeline.reconcile.changes import candidate_row, change_rows, unpaired_code
from pipeline.reconcile.disagreements import disagreement_rows
from pipeline.reconcile.lineage import link_origins, linked_reports
from pipeline.reconcile.model import DiffRefused, Edition, Pair, RecordId
from pipeline.reconcile.pairing import match_records
from pipeline.reconcile.register import Track, register_rows
from pipeline.reconcile.series import aliases, join_series, with_aliases
from pipeline.reconcile.slippage import first_seen, slip_notes, slipped


@dataclass(frozen=True)
class Reconciliation:
    """Everything reconciliation found, as rows for the output tables.

    ``tracks`` are the recommendations followed through their series, which
    the ``register`` rows are made from once reports are linked to them.
    ``placed`` is every paper reconciled, packs taken apart, in the series it
    was placed in.
    """

    changes: tuple[Row, ...] = ()
    candidates: tuple[Row, ...] = ()
    disagreements: tuple[Row, ...] = ()
    record_notes: dict[RecordId, Row] = field(default_factory=dict)
    register: tuple[Row, ...] = ()
    superseded: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()
    tracks: tuple[Track, ...] = ()
    placed: tuple[Paper, ...] = ()


# ------------------------------------------------------------------ documents and editions


def latest_documents(
    papers: Iterable[Paper], processed: Mapping[str, str], present: Collection[str] | None
) -> tuple[list[Paper], list[Row]]:
    """(papers that count, superseded rows): of one file name, the latest bytes win.

    ``processed`` gives each hash's ``processed_at``; ``present`` the hashes in
    the inbox now (None: all count as present, as for ``diff``).
    """
    by_name: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        by_name[paper.source_file].append(paper)
    kept: list[Paper] = []
    superseded: list[Row] = []
    for docs in by_name.values():
        ranked = sorted(docs, reverse=True, key=lambda p: (
            present is None or p.source_sha256 in present, processed.get(p.source_sha256, ""),
            p.source_sha256))
        kept.append(ranked[0])
        superseded += [_superseded_row(old, ranked[0], processed, present) for old in ranked[1:]]
    return kept, superseded


def _superseded_row(
    old: Paper, by: Paper, processed: Mapping[str, str], present: Collection[str] | None
) -> Row:
    """A superseded document: when it and its successor were read, and why it lost."""
    why = ("the inbox now holds other bytes under this name"
           if present is not None and by.source_sha256 in present
           else "other bytes under this name were read later")
    return {
        "source_file": old.source_file, "source_sha256": old.source_sha256,
        "series": old.series, "edition": old.edition,
        "processed_at": processed.get(old.source_sha256, ""),
        "superseded_by": by.source_sha256,
        "superseded_at": processed.get(by.source_sha256, ""), "reason": why,
    }  # fmt: skip


def group_editions(
    papers: Iterable[Paper], present: Collection[str] | None = None
) -> dict[str, list[Edition]]:
    """Series -> its editions in date order (undated last); files of one edition made one."""
    by_edition: dict[tuple[str, str], dict[tuple[str, int], Paper]] = defaultdict(dict)
    for paper in papers:
        identity = (paper.source_sha256 or paper.source_file, paper.part)
        by_edition[(paper.series, paper.edition)].setdefault(identity, paper)
    series: dict[str, list[Edition]] = defaultdict(list)
    for (name, edition), files in sorted(by_edition.items(), key=lambda t: (t[0][0],
                                                                            not t[0][1], t[0][1])):
        ranked = sorted(files.values(), key=lambda p: (
            present is not None and p.source_sha256 not in present, p.file_type != "pdf",
            p.source_file))
        series[name].append(Edition(name, edition, ranked[0], tuple(ranked[1:])))
    return dict(series)


def known_records(groups: Mapping[str, Sequence[Edition]], own: Iterable[Paper] = ()) -> Known:
    """What reviews may name: series -> edition -> record_key -> its flags (any file), and
    the ``own`` papers' series by their own titles (before joining) with their editions."""
    series: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
    for name, editions in groups.items():
        series[name] = {}
        for ed in editions:
            records: dict[str, tuple[str, ...]] = {}
            for paper in (ed.paper, *ed.others):
                for rec in paper.recommendations:
                    records[rec.record_key] = (*records.get(rec.record_key, ()), *rec.flags)
            series[name][ed.edition] = records
    dated: dict[str, set[str]] = defaultdict(set)
    for paper in own:
        dated[paper.series].add(paper.edition)
    return Known(series, {name: frozenset(eds) for name, eds in dated.items()})


# ------------------------------------------------------------------ reconciling


def reconcile(
    papers: Sequence[Paper], reviews: Reviews, processed: Mapping[str, str] | None = None,
    present: Collection[str] | None = None,
) -> Reconciliation:
    """Reconcile every series among ``papers`` (``rectrack run``: the whole history).

    Packs are taken apart and each paper placed in its series first
    (``pipeline.reconcile.series``); a review may name a series by the own
    series of one of its papers. Raises ``ReviewsError`` when a review names a
    series, edition, record or flag the papers do not have.
    """
    kept, superseded = latest_documents(papers, processed or {}, present)
    own = [part for paper in kept for part in paper.papers()]
    placed = join_series(kept, reviews)
    reviews = with_aliases(reviews, aliases(own, placed))
    groups = group_editions(placed, present)
    check_reviews(reviews, known_records(groups, own))
    parts = [_reconcile_group(eds, reviews) for eds in groups.values()]
    found = _combine(parts, placed, reviews, superseded)
    return Reconciliation(**{**vars(found), "placed": tuple(placed)})


def diff_papers(old: Paper, new: Paper, reviews: Reviews, force: bool = False
                ) -> Reconciliation:
    """Reconcile two given papers as consecutive editions (``rectrack diff``).

    They are compared whatever their titles say, oldest first (``notes`` says
    when they were given the other way round); an undated paper is named by
    its file instead of an edition. Papers that share no inspection are
    refused (``DiffRefused``) unless ``force``: every record of one would be
    reported ``missing`` and every record of the other ``new``. Of a pack, its
    paper with most records is compared.
    """
    old, new = (max(p.papers(), key=lambda part: len(part.recommendations)) for p in (old, new))
    notes: tuple[str, ...] = ()
    if old.edition and new.edition and old.edition > new.edition:
        notes = (f"{old.source_file} ({old.edition}) is the later edition: compared "
                 f"{new.source_file} ({new.edition}) -> {old.source_file}",)
        old, new = new, old
    if not force and not _shared_inspections(old, new):
        raise DiffRefused(f"{old.source_file} and {new.source_file} share no inspection, "
                          "so they are not editions of one tracker; --force compares them anyway")
    series = new.series or old.series
    editions = [Edition(series, p.edition or p.source_file, p) for p in (old, new)]
    check_reviews(reviews, known_records({series: editions}))
    found = _combine([reconcile_series(editions, reviews)], (old, new), reviews, [])
    return Reconciliation(**{**vars(found), "notes": notes})


def _shared_inspections(old: Paper, new: Paper) -> set[str]:
    """The inspections (the inspection part of record keys) two papers both list."""
    def inspections(paper: Paper) -> set[str]:
        return {r.record_key.rpartition("/")[0] for r in paper.recommendations}

    return inspections(old) & inspections(new)


def _reconcile_group(editions: Sequence[Edition], reviews: Reviews) -> Reconciliation:
    """A series' dated editions reconciled; each undated one only listed in the register."""
    dated = [ed for ed in editions if ed.edition]
    parts = [reconcile_series(dated, reviews)] if dated else []
    parts += [Reconciliation(tracks=tuple(_tracks_of(ed))) for ed in editions if not ed.edition]
    return _combine(parts, (), reviews, [])


def _combine(
    parts: Sequence[Reconciliation], papers: Sequence[Paper], reviews: Reviews,
    superseded: Sequence[Row],
) -> Reconciliation:
    """One Reconciliation of several series, with every record's reviewed flags noted,
    and the register of their tracks with the reports linked to them (``lineage``)."""
    notes = {k: v for part in parts for k, v in part.record_notes.items()}
    for paper in papers:
        for rec in paper.recommendations:
            note = reviews.flag_notes(paper.series, paper.edition, rec.record_key, rec.flags)
            notes[(paper.source_sha256, rec.record_key)] = {
                **notes.get((paper.source_sha256, rec.record_key), {}), "flags_reviewed": note}
    tracks = [track for part in parts for track in part.tracks]
    origins = link_origins(tracks, reviews)
    return Reconciliation(
        changes=tuple(row for part in parts for row in part.changes),
        candidates=tuple(row for part in parts for row in part.candidates),
        disagreements=tuple(row for part in parts for row in part.disagreements),
        record_notes=notes,
        register=tuple(register_rows(tracks, notes, origins, linked_reports(tracks, origins))),
        superseded=tuple(superseded),
        tracks=tuple(tracks),
    )


def _tracks_of(edition: Edition) -> list[Track]:
    """A track started for each record of an edition."""
    tracks = []
    for rec in edition.paper.recommendations:
        track = Track(edition.series)
        track.add(edition.edition, edition.paper, rec)
        tracks.append(track)
    return tracks


def reconcile_series(editions: Sequence[Edition], reviews: Reviews) -> Reconciliation:
    """Changes between each pair of consecutive editions, slippage, the register, disagreements."""
    changes: list[Row] = []
    candidates: list[Row] = []
    tracks = _tracks_of(editions[0])
    open_tracks = {id(t.seen[0][2]): t for t in tracks}
    signed: dict[int, list[Review]] = {}
    slips = first_seen(editions[0])
    notes = slip_notes(editions[0], slips)
    for old, new in pairwise(editions):
        found = match_records(new.series, old.paper.recommendations, new.paper.recommendations,
                              reviews)
        rows, signed = _signed_rows(old, new, found.pairs, reviews, signed)
        changes += rows
        candidates += [candidate_row(old, new, pair) for pair in found.candidates]
        open_tracks = _follow(tracks, open_tracks, new, found.pairs)
        slips = slipped(slips, found.pairs, new)
        notes.update(slip_notes(new, slips))
    return Reconciliation(
        changes=tuple(changes),
        candidates=tuple(candidates),
        disagreements=tuple(row for ed in editions for row in disagreement_rows(ed)),
        record_notes=notes,
        tracks=tuple(tracks),
    )


def _follow(
    tracks: list[Track], open_tracks: dict[int, Track], new: Edition, pairs: Sequence[Pair]
) -> dict[int, Track]:
    """Carry each track over its pair into ``new``; return the tracks open in ``new``."""
    after: dict[int, Track] = {}
    for pair in pairs:
        if pair.new is None:
            assert pair.old is not None
            open_tracks[id(pair.old)].leave(new.edition, unpaired_code(pair))
            continue
        track = open_tracks[id(pair.old)] if pair.old is not None else Track(new.series)
        if pair.old is None:
            tracks.append(track)
        track.add(new.edition, new.paper, pair.new)
        after[id(pair.new)] = track
    return after


def _signed_rows(
    old: Edition, new: Edition, pairs: Sequence[Pair], reviews: Reviews,
    carried: dict[int, list[Review]],
) -> tuple[list[Row], dict[int, list[Review]]]:
    """Change rows of ``pairs`` with their signed-off alerts; the acks that carry on.

    An ack holds in its own edition, and carries to the next while every row
    of the record there is ``unchanged``.
    """
    rows: list[Row] = []
    after: dict[int, list[Review]] = {}
    for pair in pairs:
        mine = change_rows(old, new, pair)
        still = pair.old is not None and all(r["change"] == "unchanged" for r in mine)
        acks = [*(carried.get(id(pair.old), []) if still else []),
                *reviews.acks(new.series, new.edition, mine[0]["record_key"])]
        rows += [_with_acks(row, acks) for row in mine]
        if pair.new is not None:
            after[id(pair.new)] = acks
    return rows, after


def _with_acks(row: Row, acks: Sequence[Review]) -> Row:
    """A change row with the alerts the acks sign off named and their notes added."""
    alerts = alerts_of(row["change"], row["old_status"], row["new_status"],
                       tuple(filter(None, row["flags"].split(";"))))
    signed = [a for a in acks if a.alert in alerts]
    if not signed:
        return row
    notes = [row["reviewed"], *(a.note(f"ack {a.alert}") for a in signed)]
    return {**row, "signed_off": ";".join(dict.fromkeys(a.alert for a in signed)),
            "reviewed": "; ".join(n for n in notes if n)}
