"""What a reading worker spends before its first paper is read, by the kind of paper.

``python -m benchmarks.worker_start [--repeats N]`` reads one sample of each kind
in a fresh interpreter that loads what a worker loads (``pipeline.run.worker``,
then the reader, ``pipeline.run.reading``) and reads the file twice with
``read_paper``. Under ``python -X importtime`` each module's own import time is
summed by part: rectrack's modules, PDFium, pdfplumber, python-docx, spaCy,
dateparser, pandas, and the rest (the standard library and small packages). A
library's dependencies count to the library that first imported them (numpy
and pydantic to spaCy, lxml to python-docx). Without ``-X importtime`` (which
slows imports) it times the start, from the interpreter's first line to the
first paper read, less the second read of the same paper: what the worker
spent on loading and building (spaCy's matchers) rather than on the paper.

Every figure is a median over ``--repeats`` runs. The machine may be shared, so
compare figures of one run with each other, not with another day's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

PAPERS = Path(__file__).resolve().parent.parent / "samples" / "papers"
KINDS = (
    ("Word tracker", "tracker_may2025.docx"),
    ("PDF tracker", "tracker_may2025.pdf"),
    ("narrative report, Word", "sif_2018.docx"),
    ("narrative report, PDF", "sif_2018.pdf"),
)
#: A top-level package -> the part it is counted in.
LIBRARIES = {
    "pypdfium2": "PDFium", "pypdfium2_raw": "PDFium", "pypdfium2_cfg": "PDFium",
    "pdfplumber": "pdfplumber", "pdfminer": "pdfplumber", "docx": "python-docx",
    "spacy": "spaCy", "dateparser": "dateparser", "pandas": "pandas",
}  # fmt: skip
PARTS = ("rectrack", *dict.fromkeys(LIBRARIES.values()), "other")
#: What the measured interpreter runs: a worker's imports, then two reads of one paper.
_READ = """
import json, sys, time
start = time.perf_counter()
import pipeline.run.worker
from pathlib import Path
from extractors.settings import Settings
from pipeline.run.reading import read_paper
imported = time.perf_counter()
read_paper(Path(sys.argv[1]), Settings())
first = time.perf_counter()
read_paper(Path(sys.argv[1]), Settings())
again = time.perf_counter()
print(json.dumps([imported - start, first - start, again - first]))
"""


def _run(paper: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """The reading interpreter's output, run with ``flags`` (it must succeed)."""
    return subprocess.run([sys.executable, *flags, "-c", _READ, str(paper)], check=True,
                          capture_output=True, text=True, env=os.environ.copy())  # fmt: skip


def import_parts(importtime: str) -> dict[str, float]:
    """Seconds of import by part, from ``-X importtime``'s lines (children before parents)."""
    rows = []
    for line in importtime.splitlines():
        if line.startswith("import time:"):
            own, _, name = line.removeprefix("import time:").split("|")
            if own.strip().isdigit():  # not the header line
                depth = (len(name) - len(name.lstrip()) - 1) // 2
                rows.append((depth, name.strip(), int(own) / 1e6))
    parts = dict.fromkeys(PARTS, 0.0)
    ancestors: list[str] = []
    for depth, name, own in reversed(rows):  # each parent now comes before its children
        del ancestors[depth:]
        ancestors.append(name)
        parts[_part(ancestors)] += own
    return parts


def _part(ancestors: list[str]) -> str:
    """The part a module counts in: the outermost library among its importers (itself
    included), else rectrack's or the rest."""
    for name in ancestors:
        if name.split(".")[0] in LIBRARIES:
            return LIBRARIES[name.split(".")[0]]
    return "rectrack" if ancestors[-1].split(".")[0] in ("extractors", "pipeline") else "other"


def profile(paper: Path, repeats: int) -> dict[str, float]:
    """Median seconds of each import part, the reader's imports, and the start (first
    read less a second read) for ``paper``."""
    runs = []
    for _ in range(repeats):
        parts = import_parts(_run(paper, "-X", "importtime").stderr)
        imported, first, again = json.loads(_run(paper).stdout)
        runs.append({**parts, "worker imports": imported, "start": first - again})
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    """Print the profile as a markdown table, milliseconds, one row per kind of paper."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    columns = (*PARTS, "worker imports", "start")
    print(f"median of {repeats}, ms; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    print("| paper | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for kind, name in KINDS:
        figures = profile(PAPERS / name, repeats)
        print(f"| {kind} | " + " | ".join(f"{1000 * figures[c]:.0f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
