"""``python -m benchmarks.page_readers [PDF ...]``: ms a page of each PDF page reader.

For each PDF (by default the May 2025 tracker and a 60-page repeated tracker,
``benchmarks.corpus.repeated_tracker``), every page is read into page objects
by pdfminer (``extractors.pdf_page.page_objects``) and by PDFium
(``extractors.pdf_pdfium``), then into its content (``pdf_reader.page_content``).
Each figure is the best of three runs, in this process's CPU time, so other
load on the machine counts little.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from benchmarks.corpus import SAMPLES, repeated_tracker
from extractors.pdf_page import page_objects
from extractors.pdf_pdfium import PdfiumPages
from extractors.pdf_reader import page_content


def _timed(path: Path, reader: str) -> tuple[int, float, float]:
    """(pages, CPU seconds reading objects, CPU seconds making their content)."""
    objects_s = content_s = 0.0
    with pdfplumber.open(path) as pdf:
        pdfium = PdfiumPages(path) if reader == "pdfium" else None
        for number, page in enumerate(pdf.pages, 1):
            start = time.process_time()
            objects = pdfium.objects(page) if pdfium else page_objects(page)
            read = time.process_time()
            page_content(number, objects, float(page.height))
            objects_s, content_s = objects_s + read - start, content_s + time.process_time() - read
            page.close()
        return len(pdf.pages), objects_s, content_s


def main(paths: list[Path]) -> None:
    for path in paths:
        for reader in ("pdfminer", "pdfium"):
            pages, objects, content = min((_timed(path, reader) for _ in range(3)),
                                          key=lambda t: t[1] + t[2])
            print(f"{path.name} ({pages} pages) {reader:8s}: objects {1000 * objects / pages:5.1f}"
                  f" + page_content {1000 * content / pages:5.1f}"
                  f" = {1000 * (objects + content) / pages:5.1f} ms/page")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        given = [Path(a) for a in sys.argv[1:]]
        main(given or [SAMPLES / "tracker_may2025.pdf",
                       repeated_tracker(Path(folder) / "repeated60.pdf", 60)])
