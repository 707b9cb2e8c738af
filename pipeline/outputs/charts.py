"""Three charts for the report, as inline SVG the report makes itself.

Where a reviewer would rather look than read: how the status mix moves from
edition to edition, which directorates keep moving their targets, and how old
the open items are. Inline SVG needs no script, no network and no CSP
exception (its ``fill`` attributes are presentation attributes, not styles);
every label is escaped. The geometry is computed here, in whole pixels, so
the same rows always give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from pipeline.normalise.dates import month_of, months_between
from pipeline.outputs.display import STATUS_COLOURS, STATUS_WORDS

Row = Mapping[str, Any]
WIDTH, BAR, GAP, LABEL = 560, 18, 8, 200
#: Labels longer than this are cut with an ellipsis (in full in the bar's tooltip).
LABEL_CHARS = 30
#: Age bands of open items: (upper bound in months, label); the last has no bound.
AGE_BANDS = ((6, "under 6 months"), (12, "6–12 months"), (24, "1–2 years"), (36, "2–3 years"),
             (None, "3 years or more"))  # fmt: skip
UNKNOWN = "no inspection date"


def all_charts(
    records: Sequence[Row], changes: Sequence[Row], inspections: Sequence[Row]
) -> list[tuple[str, Markup]]:
    """(caption, SVG) of each chart, in the order the report shows them."""
    return [("Status mix per edition", status_mix(records)),
            ("Targets slipped per directorate", slipped_by_directorate(changes)),
            ("Age of open items, since their inspection", open_item_ages(records, inspections))]


def status_mix(records: Iterable[Row]) -> Markup:
    """Stacked bars: per edition, its records by status (each record once, PDF or Word)."""
    seen: dict[tuple[str, str, str], str] = {}
    for r in records:
        seen.setdefault((_get(r, "series"), _get(r, "edition"), _get(r, "record_key")),
                        _get(r, "status"))  # fmt: skip
    editions = sorted({edition for _, edition, _ in seen})
    mix = {e: Counter(s for (_, edition, _), s in seen.items() if edition == e) for e in editions}
    codes = [*STATUS_COLOURS, ""]
    bars = [(e or "(undated)", [(c, mix[e][c]) for c in codes if mix[e][c]]) for e in editions]
    legend = [(STATUS_WORDS.get(c, "No status"), _fill(c)) for c in codes
              if any(mix[e][c] for e in editions)]  # fmt: skip
    return _stacked("Status mix per edition", bars, legend)


def slipped_by_directorate(changes: Iterable[Row]) -> Markup:
    """Bars: per directorate, the target dates moved later between editions."""
    counts = Counter(_get(c, "directorate") or "(none)" for c in changes if _slipped(c))
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    bars = [(name, [("slipped", n)]) for name, n in rows]
    return _stacked("Targets slipped per directorate", bars, [])


def open_item_ages(records: Iterable[Row], inspections: Iterable[Row]) -> Markup:
    """Bars: open items of each series' latest edition, by months since their inspection."""
    dated = {(_get(i, "series"), _get(i, "edition"), _get(i, "inspection")):
             month_of(_get(i, "inspection_date")) for i in inspections}  # fmt: skip
    latest: dict[str, str] = {}
    for r in records:
        latest[_get(r, "series")] = max(latest.get(_get(r, "series"), ""), _get(r, "edition"))
    ages: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for r in records:
        series, edition = _get(r, "series"), _get(r, "edition")
        key = (series, _get(r, "record_key"))
        if edition != latest[series] or _get(r, "status") == "complete" or key in seen:
            continue
        seen.add(key)
        since = dated.get((series, edition, _get(r, "inspection")), "")
        known = since and month_of(edition)
        ages[_band(months_between(since, month_of(edition))) if known else UNKNOWN] += 1
    order = [label for _, label in AGE_BANDS] + [UNKNOWN]
    bars = [(label, [("age", ages[label])]) for label in order if ages[label]]
    return _stacked("Age of open items (since the inspection)", bars, [])


def _stacked(title: str, bars: Sequence[tuple[str, list[tuple[str, int]]]],
             legend: Sequence[tuple[str, str]]) -> Markup:  # fmt: skip
    """A horizontal bar chart: one bar per label, split into coloured parts, counts on them."""
    longest = max((sum(n for _, n in parts) for _, parts in bars), default=0)
    scale = (WIDTH - LABEL - 40) / longest if longest else 0
    height = len(bars) * (BAR + GAP) + (24 if legend else 0) + 4
    out = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {max(height, 24)}" '
           f'width="{WIDTH}" height="{max(height, 24)}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(title)}</title>"]  # fmt: skip
    if not bars:
        out.append('<text x="0" y="16" fill="#57606a">Nothing to show yet.</text>')
    for row, (label, parts) in enumerate(bars):
        y, x = row * (BAR + GAP), LABEL
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        out.append(f'<text x="{LABEL - 6}" y="{y + 13}" text-anchor="end">{escape(short)}</text>')
        for code, n in parts:
            w = max(round(n * scale), 1)
            out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{BAR}" fill="#{_fill(code)}" '
                       f'stroke="#8c959f" stroke-width="0.5"><title>{escape(label)}: '
                       f"{escape(STATUS_WORDS.get(code, code))} {n}</title></rect>")  # fmt: skip
            x += w
        out.append(f'<text x="{x + 4}" y="{y + 13}">{sum(n for _, n in parts)}</text>')
    x, y = 0, len(bars) * (BAR + GAP) + 14
    for name, fill in legend:
        out.append(f'<rect x="{x}" y="{y - 10}" width="10" height="10" fill="#{fill}" '
                   f'stroke="#8c959f" stroke-width="0.5"/>'
                   f'<text x="{x + 14}" y="{y}" font-size="11">{escape(name)}</text>')  # fmt: skip
        x += 24 + 7 * len(name)
    out.append("</svg>")
    return Markup("".join(out))


def _fill(code: str) -> str:
    """A bar part's fill: the status key's colour; blue for counts; grey for no status."""
    if code in STATUS_COLOURS:
        return STATUS_COLOURS[code][0]
    return "d4700a" if code == "slipped" else "0969da" if code == "age" else "eaeef2"


def _slipped(change: Row) -> bool:
    """A target date moved later (or set where there was none)."""
    if _get(change, "change") != "target_changed":
        return False
    old, new = _get(change, "old_value"), _get(change, "new_value")
    return bool(new) and (not old or new > old)


def _band(months: int) -> str:
    return next(label for bound, label in AGE_BANDS if bound is None or months < bound)


def _get(row: Row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value)
