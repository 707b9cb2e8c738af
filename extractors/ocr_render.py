"""A scanned page rendered for OCR and turned straight, within a reading worker's memory.

At ``page_image.DPI`` an A4 page is 8.7 million pixels: 26 MB as RGB bytes,
35 MB as a Pillow RGB image (four bytes a pixel), while PDFium's own render
of a scanned image peaks some 30 MB above its bitmap (the decoded scan and
its stretch). The bitmap, a Pillow copy and a converted copy at once, two
Pillow copies while turning it, and whole-page numpy copies took a worker
over its 150 MB target (issue 16), so:

- the bitmap is rendered as RGB bytes and its page closed at once (PDFium
  keeps the decoded scan while the page is open),
- the grey page the tilt is found on is converted a strip at a time,
- the colour is kept as three one-byte bands, split from the bitmap before
  it is freed and turned one at a time (Pillow turns each band of an RGB
  image alone: the pixels are the same),
- the brightest channel is taken band against band, and a cell's colour
  is cropped from the bands only where a fill is sampled,
- on glibc, buffers of a MB or more are mapped on their own (``mallopt``),
  so a freed page image goes back to the system at once: by default glibc
  soon serves them from its heap, whose freed holes a worker kept (14 MB
  more after three pages, in a test).

The pixels are exactly those of rendering to a Pillow RGB image and turning
it; only how many copies of the page exist at once differs.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.page_image import DPI, estimate_skew

if TYPE_CHECKING:
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

STRIP = 256
"""Rows of the page converted to grey at a time: 2 MB of RGB rather than the page's 26."""

M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter: the size from which an allocation is mapped on its own."""

OWN_MAPPING = 1 << 20
"""Bytes from which an allocation is mapped on its own once a page has been OCR'd: the
page's bands and masks (~9 MB each) and PDFium's buffers are, a page's words are not."""


@dataclass(frozen=True)
class StraightPage:
    """A scanned page turned straight, as its red, green and blue bands (Pillow "L")."""

    bands: tuple[Image.Image, Image.Image, Image.Image]

    @property
    def height(self) -> int:
        """Height in pixels (at DPI)."""
        return self.bands[0].height

    def brightest(self) -> np.ndarray:
        """Each pixel's brightest channel (one byte a pixel), made band against band."""
        import numpy as np
        from PIL import ImageChops

        red, green, blue = self.bands
        return np.asarray(ImageChops.lighter(ImageChops.lighter(red, green), blue))

    def region(self, x0: int, y0: int, x1: int, y1: int) -> Iterator[np.ndarray]:
        """The red, green and blue values of a box, clipped to the page as a slice is, one
        band at a time: a wide cell's three at once held 13 MB."""
        import numpy as np

        width, height = self.bands[0].size
        box = (x0, y0, max(min(x1, width), x0), max(min(y1, height), y0))
        return (np.asarray(band.crop(box)) for band in self.bands)


def straight_page(path: Path, number: int) -> StraightPage:
    """Render the 1-based page ``number`` of the PDF at ``path`` at DPI and turn it straight."""
    from PIL import Image

    _map_big_buffers()
    angle, bands = _skew_and_bands(_render(path, number))  # the bitmap is gone before turning
    if angle:
        bands = [band.rotate(angle, Image.Resampling.BICUBIC, fillcolor=255) for band in bands]
    red, green, blue = bands
    return StraightPage((red, green, blue))


def _render(path: Path, number: int) -> pdfium.PdfBitmap:
    """The page as an RGB bitmap at DPI, its page and document closed (their caches freed)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        try:
            return page.render(scale=DPI / 72, rev_byteorder=True)
        finally:
            page.close()
    finally:
        pdf.close()


def _skew_and_bands(bitmap: pdfium.PdfBitmap) -> tuple[float, list[Image.Image]]:
    """The bitmap's tilt (``estimate_skew``) and its three bands, copied out of it: its
    buffer (26 MB) is freed with the bitmap object, not by closing it."""
    import numpy as np
    from PIL import Image

    pixels = bitmap.to_numpy()
    angle = estimate_skew(_grey(pixels))
    return angle, [Image.fromarray(np.ascontiguousarray(pixels[:, :, c])) for c in range(3)]


def _grey(pixels: np.ndarray) -> Image.Image:
    """The RGB pixels in Pillow's grey ("L"), converted STRIP rows at a time."""
    from PIL import Image

    height, width = pixels.shape[:2]
    grey = Image.new("L", (width, height))
    for top in range(0, height, STRIP):
        grey.paste(Image.fromarray(pixels[top : top + STRIP]).convert("L"), (0, top))
    return grey


@functools.cache
def _map_big_buffers() -> None:
    """Have glibc map each allocation of OWN_MAPPING bytes or more on its own, for the rest
    of this process, so that freeing it gives it back: its default threshold grows to
    the size of the largest buffer freed, and the page images then left holes in its
    heap that the worker's RSS kept. Elsewhere (no glibc) nothing is changed."""
    if not sys.platform.startswith("linux"):
        return
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, OWN_MAPPING)
