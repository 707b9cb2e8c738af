"""A reading worker's peak RSS OCR-ing a scanned tracker (issue 16: every process <= 150 MB).

The scan is the benchmark's (``corpus.scanned_tracker``): pages of the May 2025
tracker in turn, scanned by ``tests.scans``. The figure is the worker's own
``VmHWM`` (``memory.peak_rss_mb``); Tesseract, its child, is not in it. Run from the
repository's root:

    python -m benchmarks.ocr_memory --pages 20
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpus import scanned_tracker
from benchmarks.memory import peak_rss_mb


def scan_peak_mb(pages: int, folder: Path) -> float:
    """The worker's peak RSS (MB) reading a ``pages``-page scan written in ``folder``."""
    return peak_rss_mb(scanned_tracker(folder / "scan.pdf", pages))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, build the scan, print the worker's peak."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ocr_memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20, help="pages of the scan (default 20)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        peak = scan_peak_mb(args.pages, Path(folder))
    print(f"{args.pages}-page scan: reading worker's peak RSS {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
