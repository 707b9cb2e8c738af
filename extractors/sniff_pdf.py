"""The PDF checks of ``extractors.sniff``, through PDFium: complete, not locked, within
the page limit, with a text layer (or pages OCR can read).

Apart from ``extractors.sniff`` so that PDFium (``pypdfium2``, ~60 ms to import)
is loaded only when a file is a PDF: a Word or Excel file is sniffed without it.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.limits import Limits
from extractors.model import ExtractionError
from extractors.sniff import PDF_TAIL_BYTES, TEXT_PROBE_PAGES


def check_pdf(path: Path, limits: Limits) -> None:
    """Open the PDF with PDFium: complete, not locked, within the page limit, with text."""
    _check_pdf_tail(path)
    pdf = _open_pdf(path)
    try:
        pages = len(pdf)
        if pages > limits.max_pages:
            raise ExtractionError(
                "too_large", f"PDF has {pages} pages, over the {limits.max_pages} page limit"
            )
        _check_text_layer(pdf)
    finally:
        pdf.close()


def _check_pdf_tail(path: Path) -> None:
    """A half-copied PDF lacks its final ``%%EOF``; PDFium would quietly repair it."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - PDF_TAIL_BYTES))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise ExtractionError("corrupt", "truncated PDF: the end of the file is missing")


def _open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open with PDFium, turning its load error codes into contract errors."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise _pdf_load_error(exc) from exc


def _pdf_load_error(exc: pdfium.PdfiumError) -> ExtractionError:
    """Map a PDFium load error code to an error type and a plain message."""
    if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return ExtractionError("encrypted", "password-protected PDF: it needs a password to open")
    if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return ExtractionError("encrypted", "encrypted PDF with an unsupported security scheme")
    if exc.err_code == pdfium_c.FPDF_ERR_SUCCESS:
        return ExtractionError("corrupt", "PDF has no pages")
    return ExtractionError("corrupt", "damaged PDF: PDFium cannot read its structure")


def _check_text_layer(pdf: pdfium.PdfDocument) -> None:
    """Raise no_text_layer unless one of the first TEXT_PROBE_PAGES pages has text,
    or scanned pages can be read (``extractors.ocr``: the OCR extra and Tesseract)."""
    from extractors.ocr import ENABLE_OCR, ocr_engine

    probed = min(len(pdf), TEXT_PROBE_PAGES)
    has_images = False
    for index in range(probed):
        page = pdf[index]
        try:
            if _page_has_text(page):
                return
            has_images = has_images or _page_has_image(page)
        finally:
            page.close()
    scope = "its pages" if probed == len(pdf) else f"its first {probed} pages"
    if has_images and ocr_engine():
        return
    if has_images:
        raise ExtractionError(
            "no_text_layer", f"scanned: no text layer ({scope} are images only); {ENABLE_OCR}"
        )
    raise ExtractionError("no_text_layer", f"no text layer: {scope} carry no text")


def _page_has_text(page: pdfium.PdfPage) -> bool:
    """True when PDFium finds printable characters on the page."""
    textpage = page.get_textpage()
    try:
        return textpage.count_chars() > 0 and bool(textpage.get_text_range().strip())
    finally:
        textpage.close()


def _page_has_image(page: pdfium.PdfPage) -> bool:
    """True when the page (or a form on it) draws an image."""
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    return next(images, None) is not None
