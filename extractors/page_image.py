"""A scanned page's image: its tilt, its ruling lines, its cells' fills (numpy, Pillow).

The geometry ``extractors.ocr`` needs besides Tesseract's words, from the
pixels alone: the page turned straight, the long thin dark runs that are a
table's borders (as ``pdf_reader`` line objects, so cells come from the same
``edges -> cells`` step as vector borders), the page with those borders painted
out for Tesseract, and each ruled cell's fill colour. numpy and Pillow come
with the ``ocr`` extra, and are imported only when a page is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

Obj = dict[str, Any]

#: The red, green and blue values (rows, columns) of a box of the page: (x0, y0, x1, y1) px.
Bands = Callable[[int, int, int, int], "Iterable[np.ndarray]"]

DPI = 300
"""Resolution a scanned page is rendered at for Tesseract (trained on text ~20-30 px
high; a 10 pt line at 300 dpi is ~40 px)."""

MAX_SKEW = 3.0
"""Largest tilt (degrees, either way) looked for; a worse scan is read as it is."""

SKEW_STEP = 0.05
"""Angle step of the skew search (degrees): 0.05° drifts ~1 px over a 1000 px rule."""

INK = 120
"""A pixel whose brightest channel is below this is ink (text or rule); coloured
fills (a red cell is bright in red) are not."""

LEVELS = (60, 170)
"""Brightest-channel levels shown to Tesseract as black and white: text is ~30-60,
the lightest common fills (00B050 green) ~176, paper ~250."""

RULE_INK = 150
"""The same for ruling lines, looser: a thin black rule between two coloured cells
is blurred into them by JPEG (it scans as ~(110, 50, 15) between amber and red),
and no common fill is this dark in every channel."""

RULE_MIN_PT = 12.0
"""Shortest dark run (pt) taken for a ruling line: longer than the tallest letter
of body text, shorter than the narrowest cell."""

RULE_THICK_PX = 7
"""A rule is thinner than this (px at DPI); a run with ink this far on both
sides is inside a dark fill or a letter, not a border."""

BESIDE_PX = 2
"""A rule pixel with a letter's ink this far above or below it (px at DPI) touches the
letter."""

FILL_MARGIN_PT = 2.5
"""How far inside a cell's borders its fill is sampled, away from the rules."""

WHITE = 235
"""A sampled fill with every channel above this is paper, not a fill."""

def ink_mask(bright: np.ndarray, darker: int) -> np.ndarray:
    """Ink mask: darker than ``darker`` in every channel (text and rules; not colour fills)."""
    return bright < darker


# --- deskew ------------------------------------------------------------------------


def estimate_skew(image: Image.Image) -> float:
    """The rotation (degrees, Pillow's sense) that makes the page's lines level.

    Projection profile: text lines and rules make sharp peaks in the row sums
    of ink only when they run level, so the angle with the most uneven row
    sums wins. Searched on a quarter-size ink image (~75 dpi), which is enough
    to place a 0.05° step and costs a few ms an angle.
    """
    import numpy as np
    from PIL import Image

    small = image.convert("L").reduce(4)
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))
    coarse = _best_angle(ink, 0.0, MAX_SKEW, 5 * SKEW_STEP)
    best = _best_angle(ink, coarse, 5 * SKEW_STEP, SKEW_STEP)
    return 0.0 if abs(best) < SKEW_STEP / 2 else best


def _best_angle(ink: Image.Image, centre: float, reach: float, step: float) -> float:
    """The angle within ``reach`` of ``centre``, ``step`` apart, with the sharpest profile."""
    from PIL import Image

    steps = round(reach / step)
    angles = [centre + n * step for n in range(-steps, steps + 1)]
    scores = [_profile_score(ink.rotate(a, Image.Resampling.BILINEAR)) for a in angles]
    return round(angles[scores.index(max(scores))], 2)


def _profile_score(ink: Image.Image) -> float:
    """How uneven the row sums are: large when lines are level."""
    import numpy as np

    rows = np.asarray(ink, dtype=np.float64).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


# --- ruling lines ------------------------------------------------------------------


RULE_MIN_PX = round(RULE_MIN_PT * DPI / 72)


STRIP = 256
"""Rows (columns, for the upright rules) of the page searched for rules at a time: the
masks of a strip take 5.5 MB at most where the whole page's took 51 MB (issue 16)."""

#: A rule's run of pixels: (row, start, end) across, (column, start, end) down.
Run = tuple[int, int, int]


def rule_runs(bright: np.ndarray) -> tuple[list[Run], list[Run]]:
    """The page's ruling lines as runs of pixels: (across, down), STRIP rows or columns at
    a time (a row's runs depend on it and the RULE_THICK_PX rows either side only)."""
    return _runs_along(bright), _runs_along(bright.T)


def _runs_along(bright: np.ndarray) -> list[Run]:
    """The rule runs along the rows of ``bright`` (the page, or its transpose)."""
    return [run for start in range(0, bright.shape[0], STRIP) for run in _strip_runs(bright, start)]


def _strip_runs(bright: np.ndarray, start: int) -> list[Run]:
    """The rule runs in rows ``start`` to ``start + STRIP``, thinned against the rows
    beyond them (beyond the page there is no ink, as for a whole page)."""
    top = max(start - RULE_THICK_PX, 0)
    ink = ink_mask(bright[top : start + STRIP + RULE_THICK_PX], RULE_INK)
    own = thin(ink)[start - top : start - top + STRIP]
    return [(row + start, x0, x1) for row, x0, x1 in runs(own, RULE_MIN_PX)]


def rule_objects(across: list[Run], down: list[Run]) -> list[Obj]:
    """Ruling lines as ``line`` objects (pt), one a pixel row or column.

    ``pdf_reader`` merges the rows of one thick rule (its edges snap within
    3 pt), so they need not be joined here.
    """
    scale = 72 / DPI
    rules = [
        {"x0": x0 * scale, "x1": x1 * scale, "top": y * scale, "bottom": y * scale}
        for y, x0, x1 in across
    ]
    rules += [
        {"x0": x * scale, "x1": x * scale, "top": y0 * scale, "bottom": y1 * scale}
        for x, y0, y1 in down
    ]
    return rules


def without_rules(
    bright: np.ndarray, ink: np.ndarray, across: list[Run], down: list[Run]
) -> Image.Image:
    """The page in grey with its rules painted white: Tesseract reads a border beside
    a word as ``|`` or ``_``, and a cell border through a line of text breaks it.

    The grey is each pixel's brightest channel, not its luminance: black text
    stays black, but a red or green Status fill turns light, where luminance
    would make it as dark as the words printed on it; then levels stretched
    (LEVELS) so the paper and common fills are white and the grain gone, through a
    256-entry table (in floats, the whole page would take four times its bytes, twice).
    A rule is painted out run by run, where no letter touches it: page-sized masks of
    the rules and of where they touch held 51 MB, the grey page and its letters 17
    (issue 16).
    """
    import numpy as np
    from PIL import Image

    low, high = LEVELS
    levels = np.clip((np.arange(256) - low) * (255 / (high - low)), 0, 255).astype(np.uint8)
    grey = levels[bright]
    letters = ink.copy()
    _clear(letters, across)
    _clear(letters.T, down)
    _paint_out(grey, letters, across)
    _paint_out(grey.T, letters.T, down)
    return Image.fromarray(grey)


def _clear(mask: np.ndarray, rules: list[Run]) -> None:
    """Set the runs along ``mask``'s rows False: what is left of the ink is letters."""
    for row, start, end in rules:
        mask[row, start:end] = False


def _paint_out(grey: np.ndarray, letters: np.ndarray, rules: list[Run]) -> None:
    """Paint the runs along ``grey``'s rows white but where a letter is BESIDE_PX rows
    above or below: where a rule touches a letter it is left whole (erased, the letter's
    top would read as another letter)."""
    import numpy as np

    last = grey.shape[0] - 1
    for row, start, end in rules:
        near = np.zeros(end - start, dtype=bool)
        if row >= BESIDE_PX:
            near |= letters[row - BESIDE_PX, start:end]
        if row + BESIDE_PX <= last:
            near |= letters[row + BESIDE_PX, start:end]
        grey[row, start:end][~near] = 255


def thin(ink: np.ndarray) -> np.ndarray:
    """Ink with no ink RULE_THICK_PX above or below: the rows of thin horizontal marks,
    small gaps (grain, JPEG) closed along the row."""
    import numpy as np

    t = RULE_THICK_PX
    above = np.zeros_like(ink)
    below = np.zeros_like(ink)
    above[t:] = ink[:-t]
    below[:-t] = ink[t:]
    thin = ink & ~(above & below)
    closed = thin.copy()
    for gap in (1, 2, 3):
        closed[:, gap:-gap] |= thin[:, : -2 * gap] & thin[:, 2 * gap :]
    return closed


def runs(mask: np.ndarray, least: int) -> list[Run]:
    """(row, start, end) of every run of True at least ``least`` long, row by row."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    keep = ends - starts >= least
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


# --- cell fills --------------------------------------------------------------------


def cell_fills(bands: Bands, ink: np.ndarray, rules: list[Obj]) -> list[Obj]:
    """A filled ``rect`` for each ruled cell whose paper is coloured.

    The cells are the ones ``pdf_reader`` will find from the same rules; each
    is sampled inside its borders, its ink (text, rules) left out, and the
    median colour taken, which grain and JPEG noise barely move. ``bands`` gives
    the colour of a box (x0, y0, x1, y1 px) only when a cell is sampled: the page's
    colour is not copied whole.
    """
    from extractors.pdf_ruling import rule_edges, table_cells

    fills = []
    for box in (box for table in table_cells(rule_edges(rules, [])) for box in table):
        colour = _cell_colour(bands, ink, box)
        if colour is not None:
            x0, top, x1, bottom = box
            fills.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "fill": True,
                          "stroke": False, "non_stroking_color": colour})  # fmt: skip
    return fills


def _cell_colour(
    bands: Bands, ink: np.ndarray, box: tuple[float, float, float, float]
) -> tuple[float, float, float] | None:
    """The median non-ink colour inside ``box`` (0..1 RGB), or None for white paper.

    A median a channel, as of the cell's (pixels, 3) array but a band at a time: the
    page's RGB copied for it (26 MB) and a wide cell's copies took a worker over its
    memory target (issue 16)."""
    import numpy as np

    px = DPI / 72
    margin = FILL_MARGIN_PT
    x0, y0 = round((box[0] + margin) * px), round((box[1] + margin) * px)
    x1, y1 = round((box[2] - margin) * px), round((box[3] - margin) * px)
    if x1 <= x0 or y1 <= y0:
        return None
    paper = ~ink[y0:y1, x0:x1]
    if not paper.any():
        return None
    median = np.array([np.median(band[paper]) for band in bands(x0, y0, x1, y1)])
    if (median > WHITE).all():
        return None
    r, g, b = (float(v) / 255 for v in median)
    return (r, g, b)
