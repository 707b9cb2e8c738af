"""Reviewer decisions that later runs apply: ``reviews.csv`` in the output folder.

It sits in the output folder, beside the history it corrects (the inbox holds
papers only: every file there is read as one). The reviewer edits it by hand
or in a spreadsheet; rectrack only reads it. One decision per row; the
actions are declared in ``ACTIONS`` (what each needs, and which of its
columns name records), so adding one is adding a row there:

==========  ==============================================================
column      meaning
==========  ==============================================================
action      ``pin``, ``reject``, ``flag``, ``ack``, ``link``, ``unlink`` or
            ``series`` (``ACTIONS``)
series      the series it applies to (the joined series, or the own series
            of one of its papers); blank for every series; series: blank
old_key     pin/reject: the record_key in the older edition;
            link/unlink: the record_key in the report that made it;
            series: a paper's own series (its title without its date)
new_key     pin/reject: the record_key in the newer edition;
            link/unlink: a record_key of the tracker that follows it up;
            series: the series those papers belong to (``old_key`` itself
            keeps them apart; ``pipeline.reconcile.series``)
record_key  flag/ack: the record reviewed (ack: its key in ``edition``)
edition     flag: the edition (``YYYY-MM``) it applies to, blank for all;
            ack: the edition whose alert is signed off;
            series: the edition of ``old_key`` it applies to, blank for all
flag        flag: one of the flags in ``pipeline.problems.FLAGS``
alert       ack: one of ``pipeline.problems.ALERT_CODES``
reason      why (shown with the decision in every output; ack needs one)
reviewer    who decided
date        when (as the reviewer writes it)
==========  ==============================================================

Files saved by Excel are read as they come: UTF-8 with or without a byte
order mark, Windows-1252 (Excel's "CSV" on Windows), UTF-16 ("Unicode Text",
tab-separated); commas, semicolons or tabs between cells. Every row is
checked twice: as it is read (``load_reviews``: a malformed line, an unknown
action or column, a missing value) and against the papers it applies to
(``check_reviews``: an unknown series, edition or record_key, or a flag the
record does not carry). Either stops the run with ``ReviewsError`` naming
the line, which the command line turns into exit status 2: a decision is
never silently ignored.

Change rows and records carry the decision as ``reviewed`` /
``flags_reviewed`` text, ``"<what>: <reason> (<reviewer>, <date>)"``. An
``ack`` signs off one alert (missing, reopened, regressed, or a flag such as
overdue) of one record in one edition: the alert stays in the report, marked
as signed off, in that edition and in every later one in which the record is
``unchanged``; once the record changes again, the alert comes back.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from pipeline.problems import ALERT_CODES, FLAGS

#: The file a reviewer keeps beside the outputs.
REVIEWS_NAME = "reviews.csv"


class ReviewsError(ValueError):
    """reviews.csv has a row rectrack cannot apply; the message names the line."""


@dataclass(frozen=True)
class Action:
    """One kind of decision: the columns it needs, their allowed values, what they name.

    ``keys`` are (column, side) pairs whose value must be a record_key of the
    series (side ``old`` or ``new`` of a pair, or ``any`` edition);
    ``record_flag`` a column whose value the record must carry as a flag;
    ``own_series`` a column whose value must be some paper's own series (its
    title without its date), with ``edition`` one of that series' editions.
    """

    name: str
    meaning: str
    required: tuple[str, ...]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    keys: tuple[str, ...] = ()
    record_flag: str = ""
    own_series: str = ""


ACTIONS: dict[str, Action] = {a.name: a for a in (
    Action("pin", "pair old_key with new_key whatever their keys and texts say",
           ("old_key", "new_key"), keys=("old_key", "new_key")),
    Action("reject", "never pair old_key with new_key", ("old_key", "new_key"),
           keys=("old_key", "new_key")),
    Action("flag", "the record's flag has been reviewed", ("record_key", "flag"),
           {"flag": FLAGS}, keys=("record_key",), record_flag="flag"),
    Action("ack", "sign off one alert of the record in that edition",
           ("record_key", "edition", "alert", "reason"), {"alert": ALERT_CODES},
           keys=("record_key",)),
    Action("link", "the report's record old_key is followed up by the tracker's record new_key",
           ("old_key", "new_key"), keys=("old_key", "new_key")),
    Action("unlink", "never take the report's record old_key for the origin of new_key",
           ("old_key", "new_key"), keys=("old_key", "new_key")),
    Action("series", "papers whose own series is old_key (of edition, if given) are of series "
           "new_key", ("old_key", "new_key"), own_series="old_key"),
)}


@dataclass(frozen=True)
class Review:
    """One reviewer decision (one row of reviews.csv); see the module docstring."""

    action: str
    series: str = ""
    old_key: str = ""
    new_key: str = ""
    record_key: str = ""
    edition: str = ""
    flag: str = ""
    alert: str = ""
    reason: str = ""
    reviewer: str = ""
    date: str = ""
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        action = ACTIONS.get(self.action)
        if action is None:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {self.action!r}")
        blank = [name for name in action.required if not getattr(self, name)]
        if blank:
            raise ValueError(f"a {self.action} needs {' and '.join(blank)}")
        for name, allowed in action.choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, "
                                 f"not {getattr(self, name)!r}")

    def note(self, what: str) -> str:
        """The decision as shown in outputs: ``"<what>: <reason> (<reviewer>, <date>)"``."""
        who = ", ".join(part for part in (self.reviewer, self.date) if part)
        return f"{what}: {self.reason}" + (f" ({who})" if who else "")

    def where(self) -> str:
        """"reviews.csv line N" for messages."""
        return f"{REVIEWS_NAME} line {self.line}"


REVIEW_COLUMNS = tuple(f.name for f in fields(Review) if f.name != "line")


@dataclass(frozen=True)
class Reviews:
    """Every decision of one reviews.csv, looked up by what they apply to."""

    items: tuple[Review, ...] = ()

    def _in(self, action: str, series: str) -> list[Review]:
        return [r for r in self.items if r.action == action and r.series in ("", series)]

    def pins(self, series: str) -> list[Review]:
        """Pinned pairs that apply to ``series``, in file order."""
        return self._in("pin", series)

    def rejection(self, series: str, old_key: str, new_key: str) -> Review | None:
        """The decision rejecting this pair, if any."""
        return next((r for r in self._in("reject", series)
                     if (r.old_key, r.new_key) == (old_key, new_key)), None)

    def flag_notes(self, series: str, edition: str, record_key: str, flags: tuple[str, ...]) -> str:
        """The reviewed flags of one record, as ``"; "``-joined notes."""
        return "; ".join(
            r.note(r.flag) for r in self._in("flag", series)
            if r.record_key == record_key and r.edition in ("", edition) and r.flag in flags
        )

    def links(self, report_key: str) -> list[Review]:
        """Links a reviewer made from a report's record to its follow-up (any series)."""
        return [r for r in self.items if r.action == "link" and r.old_key == report_key]

    def unlinked(self, report_key: str, record_key: str) -> bool:
        """A reviewer forbade taking the report's record for this record's origin."""
        return any(r.action == "unlink" and (r.old_key, r.new_key) == (report_key, record_key)
                   for r in self.items)

    def series_decision(self, own_series: str, edition: str) -> Review | None:
        """The last decision placing papers of ``own_series`` (of ``edition``) in a series."""
        found = [r for r in self.items if r.action == "series" and r.old_key == own_series
                 and r.edition in ("", edition)]
        return found[-1] if found else None

    def acks(self, series: str, edition: str, record_key: str) -> list[Review]:
        """Alerts signed off for this record in this very edition."""
        return [r for r in self._in("ack", series)
                if (r.edition, r.record_key) == (edition, record_key)]


# ------------------------------------------------------------------ reading


def load_reviews(path: Path) -> Reviews:
    """The decisions in ``path``; none when the file does not exist.

    Raises ReviewsError naming the line of a row that cannot be applied, so a
    typo is fixed rather than silently ignored.
    """
    if not path.exists():
        return Reviews()
    rows = _rows(_decoded(path.read_bytes()))
    if not rows:
        return Reviews()
    header = [cell.strip().lower() for cell in rows[0][1]]
    _check_header(header)
    return Reviews(tuple(_review(header, cells, line) for line, cells in rows[1:]
                         if any(c.strip() for c in cells)))


def _decoded(data: bytes) -> str:
    """The file's text in whichever encoding Excel saved it (see the module docstring)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReviewsError(f"{REVIEWS_NAME} is not text in UTF-8, UTF-16 or Windows-1252: "
                           "save it again as CSV") from exc


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row; a malformed line stops with its number."""
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in ("\t", ";") if d in first and "," not in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        line = 1
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReviewsError(f"{REVIEWS_NAME} line {line}: cannot be read ({exc}): "
                           "is a quote left open?") from exc
    return rows


def _check_header(header: list[str]) -> None:
    """The first row names known columns only, ``action`` among them."""
    unknown = [name for name in header if name and name not in REVIEW_COLUMNS]
    if unknown or "action" not in header:
        what = f"unknown column(s) {', '.join(unknown)}" if unknown else "no action column"
        raise ReviewsError(f"{REVIEWS_NAME} line 1: {what}; the columns are "
                           f"{', '.join(REVIEW_COLUMNS)}")


def _review(header: list[str], cells: list[str], line: int) -> Review:
    """One row as a Review; columns the header lacks are blank."""
    extra = cells[len(header):]
    if any(cell.strip() for cell in extra):
        raise ReviewsError(f"{REVIEWS_NAME} line {line}: {len(cells)} cells but "
                           f"{len(header)} columns")
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
    try:
        return Review(**values, line=line)
    except ValueError as exc:
        raise ReviewsError(f"{REVIEWS_NAME} line {line}: {exc}") from exc


# ------------------------------------------------------------------ checking


@dataclass(frozen=True)
class Known:
    """What the reviews may name: per series, its editions and each edition's records' flags;
    ``own``: each paper's own series (before joining) and its editions."""

    series: Mapping[str, Mapping[str, Mapping[str, tuple[str, ...]]]]
    own: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def keys(self, series: str) -> set[str]:
        return {k for records in self.series.get(series, {}).values() for k in records}


def check_reviews(reviews: Reviews, known: Known) -> None:
    """Raise ReviewsError for the first row that names something the papers do not have."""
    for review in reviews.items:
        problem = _problem(review, known)
        if problem:
            raise ReviewsError(f"{review.where()}: {problem}")


def _problem(review: Review, known: Known) -> str:
    """What a row names that does not exist, or ""."""
    action = ACTIONS[review.action]
    if action.own_series:
        return _own_series_problem(review, known, getattr(review, action.own_series))
    names = [review.series] if review.series else list(known.series)
    if review.series and review.series not in known.series:
        return f"no series {review.series!r} in the history"
    if review.edition and not any(review.edition in known.series[s] for s in names):
        return f"no edition {review.edition!r} of {review.series or 'any series'}"
    for column in action.keys:
        key = getattr(review, column)
        if not any(key in known.keys(s) for s in names):
            return f"{column} {key!r} is not a record of {review.series or 'any series'}"
    if action.record_flag:
        return _missing_flag(review, known, names, getattr(review, action.record_flag))
    return ""


def _own_series_problem(review: Review, known: Known, own: str) -> str:
    """What a ``series`` row names that no paper has, or ""."""
    if review.series:
        return f"a {review.action} names its papers by old_key: leave series blank"
    if own not in known.own:
        return f"no paper has the series {own!r} by its own title"
    if review.edition and review.edition not in known.own[own]:
        return f"no edition {review.edition!r} of {own!r}"
    return ""


def _missing_flag(review: Review, known: Known, names: Iterable[str], flag: str) -> str:
    """"" when the record carries ``flag`` in the edition(s) named; else why not."""
    for series in names:
        for edition, records in known.series[series].items():
            if review.edition in ("", edition) and flag in records.get(review.record_key, ()):
                return ""
    return f"{review.record_key} has no {flag} flag" + (
        f" in {review.edition}" if review.edition else "")
