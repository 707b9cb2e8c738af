"""The way from a report row to its evidence: a link to the source file, and a picture.

A reviewer checks a flag against the page it came from. Every record copy gets
a link to its file, relative to the report (so the output folder and the inbox
can be moved together) with ``#page=N`` for a PDF, which browsers' PDF viewers
open at that page. Alerts and matches to confirm also get a picture of the
source row: the row's box comes from the PDF reader (``Location.box``, the
pdfplumber cell boxes around the row), rendered with pypdfium2 at
``PICTURE_DPI`` and embedded as a PNG ``data:`` URI, which the report's CSP
allows (``img-src data:``) and which keeps the report one file. A Word copy
shows its cells as printed, and the picture of the same edition's PDF copy
when there is one.

A copy read by OCR (a scanned page, ``extractors.ocr``) says so beside its
link, with its page's mean word confidence, as a warning under the OCR's
``LOW_CONFIDENCE``: its words were recognised, not read, so the reviewer
checks them against the picture, which is the scan itself (PDFium renders the
page's image as it renders a text page).

Size stays bounded: at most ``MAX_PICTURES`` pictures per report (the rest
keep their links), each at most ``MAX_HEIGHT_PT`` tall, on a palette of
``PICTURE_COLOURS``: the samples' report is about 1 MB. Rendering is a pure
function of the PDF's bytes, so reruns embed identical pictures.

Pictures are made on ``ENCODERS`` threads while the report is put together: a
crop is rendered by one thread at a time (PDFium is not thread-safe), and
quantised and PNG-encoded by all of them at once (Pillow lets go of the GIL
there, and that is nine tenths of a picture's time). Which records get
pictures is still decided in order in the calling thread, so the report is
the same bytes.
"""

from __future__ import annotations

import base64
import io
import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from extractors.ocr import LOW_CONFIDENCE
from pipeline.outputs.display import clean_text

if TYPE_CHECKING:
    from PIL.Image import Image

PICTURE_DPI = 110
#: Colours of a picture's palette: enough for text and the RAG fills, a quarter of the bytes.
PICTURE_COLOURS = 32
#: Pictures per report: alerts and matches to confirm, before and after (about 40 KB each).
MAX_PICTURES = 60
#: The tallest crop, in points; a row that fills a page is cut to its top.
MAX_HEIGHT_PT = 320.0
#: Margin around the row's box, in points, so its borders show.
PAD_PT = 3.0
#: Without a row box: this much of the page from the record's top (or the page's top).
FALLBACK_HEIGHT_PT = 160.0
#: Threads making pictures.
ENCODERS = min(4, os.cpu_count() or 1)
#: Held while PDFium renders a crop: it may be called from one thread at a time.
_PDFIUM = threading.Lock()
#: The Word cells shown as printed, in their table's order.
WORD_CELLS = (("recommendation", "Recommendation"), ("original_target_text", "Original target"),
              ("revised_target_text", "Revised target"), ("status_text", "Status"),
              ("progress", "Progress update"))  # fmt: skip


@dataclass(frozen=True)
class Source:
    """One copy of a record: its file, where in it, a link, and what to show of it.

    ``ocr_confidence`` is the mean word confidence (0-100) of its page when it
    was read by OCR; None when it was read from its own text. ``drawing`` is
    its picture being made (``picture`` waits for it).
    """

    file: str
    place: str
    href: str
    drawing: Future[str] | None = None
    cells: tuple[tuple[str, str], ...] = ()
    ocr_confidence: float | None = None

    @property
    def picture(self) -> str:
        """The picture of the record's row as a PNG data URI; "" without one."""
        return self.drawing.result() if self.drawing is not None else ""

    @property
    def ocr_low(self) -> bool:
        """Read by OCR less surely than the OCR's ``LOW_CONFIDENCE``: likely misread words."""
        return self.ocr_confidence is not None and self.ocr_confidence < LOW_CONFIDENCE

    @property
    def ocr_label(self) -> str:
        """The chip of a copy read by OCR ("read by OCR · confidence 87"); "" for text."""
        if self.ocr_confidence is None:
            return ""
        return f"read by OCR · confidence {self.ocr_confidence:.0f}"

    @property
    def ocr_why(self) -> str:
        """The chip's tooltip: where the words came from, and what to check them against."""
        if self.ocr_confidence is None:
            return ""
        low = (f" Under {LOW_CONFIDENCE:.0f}: some words are likely misread."
               if self.ocr_low else "")  # fmt: skip
        return ("The words of this copy were recognised by OCR from a scanned image of the "
                f"page (mean word confidence {self.ocr_confidence:.0f} of 100), not read from "
                f"text: check them against the picture of the page.{low}")  # fmt: skip


@dataclass
class Evidence:
    """Links and pictures for one report: where the inputs are, and the picture budget.

    Used as a context manager: leaving it stops the threads making pictures.
    """

    report_dir: Path
    inputs: Path | None = None
    budget: int = MAX_PICTURES
    _cache: dict[tuple[str, int, tuple[float, ...]], Future[str]] = field(default_factory=dict)
    _painters: ThreadPoolExecutor | None = None
    _links: dict[str, str] = field(default_factory=dict)

    def __enter__(self) -> Evidence:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._painters is not None:
            self._painters.shutdown(cancel_futures=True)
            self._painters = None

    def sources(self, records: Sequence[Mapping[str, Any]], picture: bool) -> tuple[Source, ...]:
        """A Source per record copy; with ``picture``, the PDF copy's picture on each copy."""
        drawing = self._picture(records) if picture else None
        return tuple(self._source(r, drawing) for r in records)

    def href(self, file: str, page: Any = "") -> str:
        """The link to ``file`` relative to the report, at ``page`` for a PDF."""
        is_pdf = file.lower().endswith(".pdf")
        fragment = f"#page={page}" if is_pdf and page not in ("", None) else ""
        return self._link(file) + fragment

    def _link(self, file: str) -> str:
        """``file`` relative to the report, quoted; worked out once a file (every record
        copy links to its file)."""
        found = self._links.get(file)
        if found is None:
            path = Path(file) if self.inputs is None else self.inputs / file
            relative = Path(os.path.relpath(path.absolute(), self.report_dir.absolute()))
            found = self._links[file] = quote(relative.as_posix())
        return found

    def _source(self, record: Mapping[str, Any], drawing: Future[str] | None) -> Source:
        file = str(record.get("source_file", ""))
        is_pdf = file.lower().endswith(".pdf")
        cells = () if is_pdf else tuple((name, clean_text(str(record.get(column) or "")))
                                        for column, name in WORD_CELLS
                                        if record.get(column))  # fmt: skip
        return Source(file, str(record.get("location", "")), self.href(file, record.get("page")),
                      drawing, cells, _ocr_confidence(record))  # fmt: skip

    def _picture(self, records: Sequence[Mapping[str, Any]]) -> Future[str] | None:
        """The picture of the first PDF copy that has a page, within the budget."""
        pdf = next((r for r in records if str(r.get("source_file", "")).lower().endswith(".pdf")
                    and str(r.get("page", "")).isdigit()), None)  # fmt: skip
        if pdf is None:
            return None
        key = (str(pdf["source_file"]), int(pdf["page"]), tuple(pdf.get("box") or ()))
        if key not in self._cache:
            if self.budget <= 0:
                return None
            self.budget -= 1
            if self._painters is None:
                self._painters = ThreadPoolExecutor(ENCODERS, thread_name_prefix="picture")
            self._cache[key] = self._painters.submit(self._render, *key)
        return self._cache[key]

    def _render(self, file: str, page: int, box: tuple[float, ...]) -> str:
        """A PNG data URI of ``box`` on ``page`` of ``file``; "" when it cannot be rendered."""
        path = Path(file) if self.inputs is None else self.inputs / file
        try:
            return _data_uri(render_crop(path, page, box))
        except Exception:  # a moved or unreadable file still has its link; no picture
            return ""


def _ocr_confidence(record: Mapping[str, Any]) -> float | None:
    """A record row's OCR confidence if it was read by OCR (records.csv holds it as text)."""
    if record.get("source_method") != "ocr":
        return None
    return float(record.get("ocr_confidence") or 0.0)


def render_crop(path: Path, page_number: int, box: tuple[float, ...]) -> bytes:
    """PNG bytes of a row's box on a page (the full width around the top without a box)."""
    buffer = io.BytesIO()
    _crop(path, page_number, box).quantize(colors=PICTURE_COLOURS).save(buffer, format="PNG",
                                                                       optimize=True)
    return buffer.getvalue()


def _crop(path: Path, page_number: int, box: tuple[float, ...]) -> Image:
    """The row's box rendered in RGB, by one thread at a time."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            page = document[page_number - 1]
            width, height = page.get_size()
            x0, top, x1, bottom = box if len(box) == 4 else (0.0, 0.0, width, FALLBACK_HEIGHT_PT)
            top, bottom = max(top - PAD_PT, 0.0), min(bottom + PAD_PT, height)
            bottom = min(bottom, top + MAX_HEIGHT_PT)
            crop = (max(x0 - PAD_PT, 0.0), height - bottom, max(width - x1 - PAD_PT, 0.0), top)
            return page.render(scale=PICTURE_DPI / 72, crop=crop).to_pil().convert("RGB")
        finally:
            document.close()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
