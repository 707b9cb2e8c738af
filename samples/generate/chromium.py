"""Print an HTML paper to PDF with headless Chromium, reproducibly.

Councils' web-based trackers reach committees as pages printed by a browser;
every HTML test paper is printed here, so all of them are printed the same way
(no date/URL header or footer) and their bytes do not change from one build to
the next (Chromium stamps the time of the print into the PDF's dates).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: The print time every generated PDF carries, so that a rebuild gives the same bytes.
PRINTED = b"D:20251201090000"


def find_chromium() -> str | None:
    """The Chromium (or Chrome) binary on PATH, if any."""
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)  # fmt: skip


def print_pdf(source: Path, pdf: Path) -> Path:
    """Print the HTML file ``source`` to ``pdf``, the print's dates pinned."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(f"Chromium not found: cannot print {source.name}")
    with tempfile.TemporaryDirectory(prefix="rectrack-chromium-") as profile:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", source.resolve().as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip
    stamp = rb"/\1 (" + PRINTED
    pdf.write_bytes(re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}", stamp, pdf.read_bytes()))
    return pdf


def print_html(source: str, pdf: Path) -> Path:
    """Print HTML given as text (written to a temporary page first) to ``pdf``."""
    with tempfile.TemporaryDirectory(prefix="rectrack-html-") as folder:
        page = Path(folder) / f"{pdf.stem}.html"
        page.write_text(source, "utf-8")
        return print_pdf(page, pdf)
