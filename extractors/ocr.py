"""Read a scanned PDF page (one with no text layer) from its image, with Tesseract.

A council's scanned appendix is an image a page: no characters, no vector
ruling, no fills. This module turns such a page into the objects
``pdf_reader`` reads from a text page, so the same ``edges -> cells``,
row and paper rules apply to both:

- the page is rendered with PDFium at ``OCR_DPI`` and turned straight
  (``page_image.estimate_skew``), holding as few copies of it as it can
  (``ocr_render``),
- its ruling lines and cell fills come from the pixels (``page_image``), as
  ``line`` and filled ``rect`` objects,
- words come from Tesseract's TSV (boxes and confidences) as ``char`` objects,
  one a word, a space after it (``pdf_reader`` spaces chars by their gaps),
  bold told by stroke width, bullets by shape.

Tesseract runs as a subprocess of the reading worker (so under its limits),
fed a PNG on stdin, with ``OMP_THREAD_LIMIT=1``: its OpenMP threads only slow
it down when several workers share the cores. It dies with the worker
(``pipeline.run.lifeline.child_setup``, the tie the run's own workers use):
a worker stopped on its clock or killed with its run must not leave a
Tesseract finishing a page no one will read. numpy and Pillow come with the
``ocr`` extra; they are imported only when a page is read. ``marked`` then
says, on each record of a scanned page, that it was read so and how surely.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import os
import shutil
import statistics
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.model import ExtractionError, Recommendation, StatusKeyEntry
from extractors.ocr_labels import consistent_labels
from extractors.ocr_render import straight_page
from extractors.page_image import (
    DPI,
    INK,
    cell_fills,
    ink_mask,
    rule_objects,
    rule_runs,
    without_rules,
)
from pipeline.run.lifeline import child_setup

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

Obj = dict[str, Any]

OCR_DPI = DPI
"""Resolution a scanned page is rendered at (``page_image.DPI``)."""

LOW_CONFIDENCE = 80.0
"""Mean Tesseract word confidence (0-100) under which a record gets ``low_confidence``.

Clean 200 dpi office scans read at 90-96; below 80 a few words in every line
are wrong, so dates and labels should be checked against the page."""

BOLD_STROKE = 1.4
"""A word whose strokes are this much wider than the page's usual (the median word's)
is bold: ``extractors.tracker`` tells an inspection's title from its purpose so."""

BULLET_LOOKALIKES = frozenset({"e", "°", "«", "»", "*", "©", "¢", "o", "•", "·", "-", "—"})
"""What Tesseract makes of a round list bullet, taken as one when it is a line's
first word and a narrow one (the narrative reader finds listed items by bullets)."""

RULE_SCRAPS = frozenset("|_~¦=\"'‘’“”")
"""Characters a word made only of is taken for a piece of a border (a corner reads
as a quote mark), not text: quotes printed in text are read as part of a word."""

SPECK_PT = 2.0
"""A word of no letter or digit no wider nor taller than this (pt) is a speck of grain
or a corner of a border (Tesseract reads one as ``,`` or ``[``): no printed mark is
that small but a full stop, which sits in its word."""

UNSURE = 50.0
"""A word of no letter or digit read with less confidence than this is noise, not text."""

COLOUR_SNAP = 40.0
"""A sampled fill this close (RGB distance, 0-255 a channel) to a Status key colour is
that colour: scanning moves a fill by a few levels, and the key maps exact colours."""

TESSERACT_TIMEOUT = 300
"""Seconds one page may take; the worker's own time limit normally ends it first."""

ENABLE_OCR = (
    "to read scans, pip install 'rectrack[ocr]' and apt-get install tesseract-ocr "
    "tesseract-ocr-eng (README: Scanned papers)"
)
"""How to enable OCR, said in a scanned paper's failure (failures.csv) when it is off."""


@dataclass(frozen=True)
class ScannedPage:
    """A scanned page as ``pdf_reader`` objects (pt, top-down) and how sure Tesseract was.

    ``confidence`` is the mean word confidence (0-100); 0 with no words;
    ``height`` the page's height in pt.
    """

    objects: dict[str, list[Obj]]
    confidence: float
    height: float


@functools.cache
def ocr_engine() -> str:
    """The OCR engine this process would use ("tesseract 5.3.0"), or "" when there is none.

    Part of the extraction key: a paper that failed for want of OCR is read
    again once Tesseract is installed.
    """
    binary = shutil.which("tesseract")
    if binary is None or not all(importlib.util.find_spec(m) for m in ("numpy", "PIL")):
        return ""
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    first = (done.stdout or done.stderr).splitlines()[:1]
    return first[0].strip() if done.returncode == 0 and first else ""


def read_scanned_page(path: Path, number: int) -> ScannedPage:
    """Render, straighten and OCR the 1-based page ``number`` of the PDF at ``path``."""
    page = straight_page(path, number)
    bright = page.brightest()
    ink = ink_mask(bright, INK)
    across, down = rule_runs(bright)
    rules = rule_objects(across, down)
    fills = cell_fills(page.region, ink, rules)
    height = page.height * 72 / OCR_DPI
    del page  # its colour (26 MB) is not needed by the grey page Tesseract is given
    words, confidence = _words(without_rules(bright, ink, across, down), ink)
    return ScannedPage({"char": words, "line": rules, "rect": fills}, confidence, height)


# --- words -------------------------------------------------------------------------


def _words(image: Image.Image, ink: np.ndarray) -> tuple[list[Obj], float]:
    """Tesseract's words as ``char`` objects (pt), and their mean confidence."""
    rows = _tesseract_tsv(image)
    lines = {_line_id(r): r for r in rows if r["level"] == "4"}
    words = [r for r in rows if r["level"] == "5" and float(r["conf"]) >= 0 and _is_word(r)]
    strokes = [_stroke(ink, w) for w in words]
    usual = statistics.median(s for s in strokes if s > 0) if any(strokes) else 0.0
    objects = [
        _word(w, lines.get(_line_id(w), w), usual > 0 and stroke > BOLD_STROKE * usual)
        for w, stroke in zip(words, strokes, strict=True)
    ]
    confidence = statistics.fmean(float(w["conf"]) for w in words) if words else 0.0
    return objects, confidence


def _is_word(row: dict[str, str]) -> bool:
    """Not blank, nor a scrap of a rule Tesseract read as ``|``, ``_`` or ``~``, nor a
    speck or an unsure mark with no letter or digit in it.

    A speck left in an empty cell gives that cell text, so a row a page break cut
    would no longer be taken for the rest of the row above it.
    """
    text = row["text"].strip()
    if not text or set(text) <= RULE_SCRAPS:
        return False
    if any(ch.isalnum() for ch in text):
        return True
    speck = round(SPECK_PT * OCR_DPI / 72)
    tiny = int(row["width"]) <= speck and int(row["height"]) <= speck
    return not tiny and float(row["conf"]) >= UNSURE


def _stroke(ink: np.ndarray, word: dict[str, str]) -> float:
    """A word's stroke width (px): the median length of its runs of ink along the rows,
    which the upright strokes of its letters make."""
    import numpy as np

    left, top, width, height = (int(word[k]) for k in ("left", "top", "width", "height"))
    box = ink[top : top + height, left : left + width]
    if box.size == 0:
        return 0.0
    padded = np.zeros((box.shape[0], box.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = box
    steps = np.diff(padded, axis=1)
    lengths = np.nonzero(steps == -1)[1] - np.nonzero(steps == 1)[1]
    return float(np.median(lengths)) if len(lengths) else 0.0


def _tesseract_tsv(image: Image.Image) -> list[dict[str, str]]:
    """Run Tesseract on ``image`` (PNG on stdin) and parse its TSV rows."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    command = ["tesseract", "stdin", "stdout", "--dpi", str(OCR_DPI), "-l", "eng", "tsv"]
    try:
        done = subprocess.run(
            command,
            input=buffer.getvalue(),
            capture_output=True,
            timeout=TESSERACT_TIMEOUT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            preexec_fn=child_setup(),
        )
    except FileNotFoundError as exc:
        raise ExtractionError("no_text_layer", f"scanned: no text layer; {ENABLE_OCR}") from exc
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = said[-1][:120] if said else f"exit status {done.returncode}"
        raise ExtractionError("corrupt", f"Tesseract could not read a scanned page: {detail}")
    text = done.stdout.decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _line_id(row: dict[str, str]) -> tuple[str, str, str]:
    return (row["block_num"], row["par_num"], row["line_num"])


def _word(word: dict[str, str], line: dict[str, str], bold: bool) -> Obj:
    """One word as a char object, placed on its printed line's box (one line, one size).

    Words take their line's top and bottom so ``pdf_reader`` keeps them on one
    line whatever their ascenders and descenders. Tesseract's line box is
    about one em high in office fonts; sizes are rounded to the point so lines
    of one font size compare equal. A bullet, which Tesseract reads as a
    small letter, is given back as a bullet.
    """
    scale = 72 / OCR_DPI
    left, width = int(word["left"]), int(word["width"])
    top, height = int(line["top"]), int(line["height"])
    text = word["text"].strip()
    if word["word_num"] == "1" and text in BULLET_LOOKALIKES and width <= height // 2:
        text = "•"
    return {
        "x0": left * scale,
        "x1": (left + width) * scale,
        "top": top * scale,
        "bottom": (top + height) * scale,
        "text": text if text == "•" else f"{text} ",
        "size": float(max(round(height * scale), 1)),
        "fontname": "OCR-Bold" if bold else "OCR",
    }


# --- the records of scanned pages ---------------------------------------------------


def ocr_pages(parts: Iterable[Any]) -> dict[int, float]:
    """The pages of a PDF's parts (runs of parsed pages) read by OCR, with their mean
    word confidence."""
    return {p.number: p.ocr for part in parts for p in part if p.ocr is not None}


def marked(
    records: Iterable[Recommendation], pages: dict[int, float], key: Iterable[StatusKeyEntry]
) -> tuple[Recommendation, ...]:
    """Records that start on an OCR'd page (``pages``: page -> mean confidence) marked so:
    ``source_method`` "ocr", the page's confidence, a warning below LOW_CONFIDENCE,
    the Status fill snapped to the paper's nearest key colour, and a code misread by
    OCR spelt as the paper's other codes (``extractors.ocr_labels``)."""
    colours = [entry.colour for entry in key if entry.colour]
    return consistent_labels([
        _marked(record, pages[record.location.number], colours)
        if record.location.kind == "page" and record.location.number in pages
        else record
        for record in records
    ])


def _marked(record: Recommendation, confidence: float, colours: list[str]) -> Recommendation:
    warnings = record.warnings
    if confidence < LOW_CONFIDENCE:
        warnings += (
            f"read by OCR with a mean word confidence of {confidence:.0f} "
            f"(under {LOW_CONFIDENCE:.0f}): check it against the page",
        )
    return replace(
        record,
        source_method="ocr",
        ocr_confidence=round(confidence, 1),
        warnings=warnings,
        status_colour=snapped(record.status_colour, colours),
    )


def snapped(colour: str, colours: list[str]) -> str:
    """``colour`` (``RRGGBB``) as the nearest of ``colours`` within COLOUR_SNAP, else as it is."""
    if not colour or not colours:
        return colour
    nearest = min(colours, key=lambda other: _distance(colour, other))
    return nearest if _distance(colour, nearest) <= COLOUR_SNAP else colour


def _distance(a: str, b: str) -> float:
    """Euclidean distance of two ``RRGGBB`` colours."""
    pairs = zip(bytes.fromhex(a), bytes.fromhex(b), strict=True)
    return float(sum((x - y) ** 2 for x, y in pairs)) ** 0.5
