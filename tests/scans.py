"""Scanned copies of text PDFs, made as a council's scanner makes them.

Each page is rendered at ``SCAN_DPI``, turned by ``SCAN_TILT`` degrees (a sheet
fed a little askew), given light grain, JPEG-compressed and wrapped back into
a PDF that holds nothing but one image a page: no text layer, no vector
ruling, no fills. The grain is seeded, so a scan is the same on every run.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

SCAN_DPI = 200
SCAN_TILT = 0.7
#: Standard deviation of the grain, in grey levels of 0..255.
GRAIN = 6.0
JPEG_QUALITY = 80


def scanned_pages(source: Path, pages: Sequence[int] | None = None) -> list[Image.Image]:
    """The 1-based ``pages`` of ``source`` (all if None) as scanned page images."""
    pdf = pdfium.PdfDocument(source)
    try:
        numbers = pages or range(1, len(pdf) + 1)
        return [_scan(_render(pdf, n), seed=n) for n in numbers]
    finally:
        pdf.close()


def write_scan(source: Path, target: Path, pages: Sequence[int] | None = None) -> Path:
    """An image-only PDF of ``source``'s ``pages``, at ``target``."""
    return write_images(scanned_pages(source, pages), target)


def write_images(images: Sequence[Image.Image], target: Path) -> Path:
    """Wrap page images into a PDF, one image a page, at the scan's resolution."""
    first, *rest = images
    first.save(target, "PDF", save_all=True, append_images=rest, resolution=SCAN_DPI)
    return target


def write_mixed_pack(parts: Sequence[tuple[Path, Sequence[int], bool]], target: Path) -> Path:
    """One PDF of pages taken in turn from ``(source, pages, scanned)`` parts, in order.

    A scanned part's pages are replaced by their scans, as an agenda pack that
    binds a scanned appendix behind typed reports.
    """
    pack = pdfium.PdfDocument.new()
    try:
        for source, pages, scanned in parts:
            donor_path = (
                write_scan(source, target.with_suffix(".part.pdf"), pages) if scanned else source
            )
            donor = pdfium.PdfDocument(donor_path)
            indexes = list(range(len(pages))) if scanned else [n - 1 for n in pages]
            pack.import_pages(donor, indexes)
            donor.close()
        pack.save(target)
    finally:
        pack.close()
    target.with_suffix(".part.pdf").unlink(missing_ok=True)
    return target


def _render(pdf: pdfium.PdfDocument, number: int) -> Image.Image:
    page = pdf[number - 1]
    try:
        return page.render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
    finally:
        page.close()


def _scan(image: Image.Image, seed: int) -> Image.Image:
    """Tilt, grain and JPEG: what a flatbed scanner does to a clean page."""
    tilted = image.rotate(
        SCAN_TILT, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255)
    )
    pixels = np.asarray(tilted, dtype=np.float32)
    grain = np.random.default_rng(seed).normal(0.0, GRAIN, pixels.shape[:2])[..., None]
    noisy = Image.fromarray(np.clip(pixels + grain, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
