"""Test papers for status keys in every form, every column and Excel trackers.

``generate(out_dir)`` writes the four Word papers of ``papers.py`` and the
workbook of ``workbook.py``; ``python -m samples.generate`` writes them into
``samples/layouts`` and has LibreOffice print each to PDF (Writer for the
.docx, Calc for the .xlsx). Their expected records, in
``samples/layouts/expected``, are written by hand from the printed pages.
"""

from __future__ import annotations

from pathlib import Path

from samples.generate import docx_tools as dt
from samples.generate.keys_and_sheets import layout, workbook
from samples.generate.keys_and_sheets.papers import PAPERS


def generate(out_dir: Path) -> list[Path]:
    """Write every paper of the set into ``out_dir``; return the files written."""
    written = [
        dt.save_deterministic(layout.build(paper), Path(out_dir) / f"{paper.name}.docx")
        for paper in PAPERS
    ]
    return [*written, *workbook.generate(out_dir)]
