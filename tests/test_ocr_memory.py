"""A scanned page is read within a reading worker's memory (issue 16: every process under
150 MB), and reads the same as when it took 50 MB more.

The page is rendered once, kept as three one-byte colour bands, and searched
for its rules a strip at a time (``extractors.ocr_render``, ``page_image``):
the bands must be the pixels of the whole page turned as one Pillow image,
and the rules those the page-sized masks found. numpy's buffers are traced
(``tracemalloc``), so the bounds on the steps are of this code, whatever the
machine; the worker's own high-water mark (``VmHWM``) is bounded by the
issue's target, with Tesseract (a child of its own) reading the page.
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from scans import write_scan
from support import PAPERS

from extractors.ocr import ENABLE_OCR, INK, ocr_engine
from extractors.ocr_render import StraightPage, straight_page
from extractors.page_image import (
    DPI,
    RULE_INK,
    RULE_MIN_PX,
    cell_fills,
    estimate_skew,
    ink_mask,
    rule_objects,
    rule_runs,
    runs,
    thin,
    without_rules,
)

#: The issue's target for any process of a run (MB).
TARGET_MB = 150


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scan of the May 2025 tracker's second page (a ruled table with coloured statuses)."""
    return write_scan(PAPERS / "tracker_may2025.pdf", tmp_path_factory.mktemp("scan") / "p2.pdf",
                      pages=[2])  # fmt: skip


@pytest.fixture(scope="module")
def page(scan: Path) -> StraightPage:
    return straight_page(scan, 1)


def _traced_peak(step: Callable[[], Any]) -> int:
    """The most bytes numpy and Python held at once beyond what they held before ``step``."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        step()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_the_bands_are_the_page_turned_whole(scan: Path, page: StraightPage) -> None:
    pdf = pdfium.PdfDocument(scan)
    try:
        whole = pdf[0].render(scale=DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    turned = whole.rotate(estimate_skew(whole), Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    assert all(band.mode == "L" for band in page.bands)
    assert np.array_equal(np.stack([np.asarray(b) for b in page.bands], axis=2), np.asarray(turned))


def test_the_rules_found_strip_by_strip_are_the_whole_pages(page: StraightPage) -> None:
    bright = page.brightest()
    ink = ink_mask(bright, RULE_INK)
    whole = (runs(thin(ink), RULE_MIN_PX), runs(thin(ink.T), RULE_MIN_PX))
    assert whole[0] and whole[1]
    assert rule_runs(bright) == whole


def test_finding_the_rules_holds_less_than_a_page_mask(page: StraightPage) -> None:
    bright = page.brightest()
    held = _traced_peak(lambda: rule_runs(bright))
    assert held < bright.nbytes  # the whole page's masks held 6


def test_painting_out_the_rules_holds_the_grey_page_and_its_letters(page: StraightPage) -> None:
    bright = page.brightest()
    ink = ink_mask(bright, INK)
    across, down = rule_runs(bright)
    held = _traced_peak(lambda: without_rules(bright, ink, across, down))
    assert held < 2.5 * bright.nbytes  # page-sized masks of the rules held 6


def test_sampling_the_fills_copies_no_page(page: StraightPage) -> None:
    bright = page.brightest()
    ink = ink_mask(bright, INK)
    rules = rule_objects(*rule_runs(bright))
    fills: list[dict[str, Any]] = []
    held = _traced_peak(lambda: fills.extend(cell_fills(page.region, ink, rules)))
    assert fills
    assert held < 1.5 * bright.nbytes  # the page in RGB is 3 masks; its widest cell took 1.1


@pytest.mark.skipif(not ocr_engine(), reason=f"no OCR engine here: {ENABLE_OCR}")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is read from /proc")
def test_a_worker_reading_a_scanned_page_stays_under_the_target(scan: Path) -> None:
    from benchmarks.bench import peak_rss_mb

    assert peak_rss_mb(scan) < TARGET_MB  # 172 MB before issue 16's fix
