"""Other tools on the benchmark's corpus, and rectrack on Dask, against rectrack's own runs.

Each peer row says what the tool produces, and is the ratio rectrack's cold
1-worker run (a fresh process: records with joined rows, colours and
provenance, every output written) ÷ the tool's time, so below 1 means
rectrack was the faster:

- pdfplumber ``extract_tables`` on every page of every PDF (cells);
- PyMuPDF ``find_tables`` on every page (cells), where PyMuPDF is importable;
- Camelot's lattice flavour on the tracker PDFs only (cells: on a page of
  prose it finds nothing and only costs), against a cold run of rectrack on
  those same PDFs; where Camelot is importable;
- PDFium's text of every page, through pypdfium2: text only, no tables, the
  least any PDF reader pays (the floor of issue 16's "cold run <= 3x").

The peers run in this process, imported beforehand, each timed once: each
takes a minute or more on the full corpus, over which a run varies little.
``pip install -e '.[bench]'`` brings PyMuPDF (kept below 2: 2.x ships a layout
model, onnxruntime, that its ``find_tables`` runs on every page) and Camelot
(``camelot-py`` installs from PyPI alone: it renders pages with pypdfium2 and
finds lines with opencv-python-headless, so no Ghostscript).

The Dask row runs ``rectrack run --executor dask`` on a fresh
``distributed.LocalCluster`` of 2 worker processes (1 thread each) per run,
the clock started once the cluster is up, so its workers load the parsers on
their first task as a local pool's do; the ratio is its cold time ÷ the local
2-worker pool's. Dask reads a long PDF in page runs, as the local pool does.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import TRACKERS, Corpus, build_pdf
from benchmarks.timing import Figure, cold_run, median_time

Tool = Callable[[Sequence[Path]], int]


def pdfium_text(pdfs: Sequence[Path]) -> int:
    """PDFium's text of every page (characters): text only, the floor of any PDF reader."""
    import pypdfium2

    chars = 0
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(path)
        for page in pdf:
            text = page.get_textpage()
            chars += len(text.get_text_bounded())
            text.close()
            page.close()
        pdf.close()
    return chars


def plumber_tables(pdfs: Sequence[Path]) -> int:
    """pdfplumber's ``extract_tables`` on every page, each page closed: the cells found."""
    import pdfplumber

    cells = 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                cells += sum(len(row) for table in page.extract_tables() for row in table)
                page.close()
    return cells


def mupdf_tables(pdfs: Sequence[Path]) -> int:
    """PyMuPDF's ``find_tables`` on every page: the cells found."""
    import pymupdf

    if hasattr(pymupdf, "no_recommend_layout"):  # else find_tables prints an advert to stdout
        pymupdf.no_recommend_layout()
    cells = 0
    for path in pdfs:
        with pymupdf.open(path) as pdf:
            for page in pdf:
                tables = page.find_tables().tables
                cells += sum(len(row) for table in tables for row in table.extract())
    return cells


def camelot_lattice(pdfs: Sequence[Path]) -> int:
    """Camelot's lattice flavour (ruled tables) on every page: the cells found."""
    import camelot

    cells = 0
    for path in pdfs:
        tables = camelot.read_pdf(str(path), pages="all", flavor="lattice")
        cells += sum(table.shape[0] * table.shape[1] for table in tables)
    return cells


@dataclass(frozen=True)
class Peer:
    """A tool to time: its row's name, the module it needs, what it runs, and on which PDFs."""

    name: str
    module: str
    run: Tool
    trackers_only: bool = False
    target: float | None = None


PEERS = (
    Peer("pdfplumber extract_tables (cells)", "pdfplumber", plumber_tables),
    Peer("PyMuPDF find_tables (cells)", "pymupdf", mupdf_tables),
    Peer("Camelot lattice on tracker PDFs only (cells)", "camelot", camelot_lattice,
         trackers_only=True),
    Peer("PDFium text of every page, pypdfium2 (text only: the floor)", "pypdfium2",
         pdfium_text, target=3.0),
)


def tracker_inbox(corpus: Corpus, work: Path) -> Path:
    """A folder of the corpus's tracker PDFs (hard links); where it has none (``--quick``
    leaves the samples out), the first two pages of each sample tracker."""
    folder = work / "trackers"
    folder.mkdir(exist_ok=True)
    found = [p for p in corpus.pdfs if p.name.startswith(TRACKERS)]
    for path in found:
        os.link(path, folder / path.name)
    if not found:
        for name in TRACKERS:
            build_pdf(folder / f"{name}_p1-2.pdf", [(name, range(1, 3))], 2)
    return folder


def _timed(tool: Tool, pdfs: Sequence[Path]) -> tuple[float, int]:
    start = time.perf_counter()
    found = tool(pdfs)
    return time.perf_counter() - start, found


def peer_figure(peer: Peer, pdfs: Sequence[Path], rectrack_s: float) -> Figure:
    """One peer's row: rectrack's cold time ÷ the peer's, with the peer's seconds and count."""
    name = f"peer: {peer.name}: rectrack cold / peer"
    if importlib.util.find_spec(peer.module) is None:
        return Figure(name, "not installed")
    importlib.import_module(peer.module)
    seconds, found = _timed(peer.run, pdfs)
    unit = "chars" if peer.run is pdfium_text else "cells"
    value = f"{rectrack_s / seconds:.2f} ({rectrack_s:.1f} s / {seconds:.1f} s, {found} {unit})"
    if peer.target is None:
        return Figure(name, value)
    return Figure(name, value, f"<= {peer.target:g}", rectrack_s / seconds <= peer.target)


def peer_figures(corpus: Corpus, work: Path, cold1: float) -> list[Figure]:
    """Every peer's row; the tracker-only peers against a cold run of rectrack on those PDFs."""
    trackers = tracker_inbox(corpus, work)
    on_trackers = median_time(lambda: cold_run(trackers, work, 1), 1)
    tracker_pdfs = sorted(trackers.glob("*.pdf"))
    return [peer_figure(peer, tracker_pdfs if peer.trackers_only else corpus.pdfs,
                        on_trackers if peer.trackers_only else cold1)
            for peer in PEERS]


def dask_figure(inbox: Path, work: Path, local_two: float, repeats: int) -> Figure:
    """A cold run on a fresh 2-process LocalCluster ÷ the local 2-worker pool's cold run."""
    name = "Dask LocalCluster, 2 worker processes: cold run / local 2-worker pool"
    if importlib.util.find_spec("distributed") is None:
        return Figure(name, "not installed")
    seconds = statistics.median(_dask_run(inbox, work) for _ in range(repeats))
    return Figure(name, f"{seconds / local_two:.2f} ({seconds:.1f} s / {local_two:.1f} s)")


def _dask_run(inbox: Path, work: Path) -> float:
    """Seconds of one ``rectrack run --executor dask`` on a cluster started for it (not timed)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        return median_time(lambda: cold_run(inbox, work, 2, "--executor", "dask", "--scheduler",
                                            cluster.scheduler_address), 1)
