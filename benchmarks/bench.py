"""``python -m benchmarks.bench``: how fast rectrack is, as ratios measured in one run.

rectrack's modules are byte-compiled first (``byte_compile``), as an installed
copy has them.

Builds a corpus from the samples (``benchmarks.corpus``: agenda packs, page
subsets, altered Word copies, a 500-page pack), then times, each figure the
median of ``--repeats`` runs:

- cold ``rectrack run`` (a fresh process and output folder) with 1 and 2
  workers, timed in turn: pages/s, papers/s, and the speed-up;
- the floor: raw pdfplumber (open, ``extract_words``, ``rects``, each page
  closed) over every PDF page of the corpus in this one process, and the cold
  1-worker run against it (the run also reads the Word papers, reconciles and
  writes every output, so the ratio is on the pipeline's side);
- the same ratio where no page can be skipped (a tracker printed over and
  over), which shows the pipeline's own overhead on a parsed page, and that
  paper read by 2 workers in page runs against 1;
- a 300-page pack with a 7-page tracker appendix, screened against every
  page parsed;
- reruns over the unchanged inbox and with one new paper, against cold, and
  a cold run of 10 papers spread over the corpus (a meeting's inbox);
- the Word papers with a byte-identical copy of each, against them alone
  (a copy is read once);
- other tools on the same corpus, and the Dask route on a 2-process
  ``LocalCluster`` against the local pool (``benchmarks.peers``; a tool that
  is not importable is a row saying "not installed");
- a pool worker's peak RSS on the long and short packs, and on long and short
  papers whose every page is parsed (flat in the page count); one reused
  worker over the corpus and over a corpus 4 times as large, and a whole
  cold run's parent and largest child over the corpus and over one 10 times
  as large (flat in the papers; ``benchmarks.memory``);
- ``rectrack --help`` wall time, Word papers per second (a warm reader);
- the share of spaCy and dateparser in a reader's profile;
- OCR of a 20-page scan of a tracker (``tests/scans.py``'s scanner): seconds a
  page and a worker's peak RSS, one run (minutes of Tesseract; none without it).

The targets are issue 16's: cold run <= 3x PDFium's text of every page; a
tracker's pages parsed in <= 5 ms each; 2 workers >= 1.9x 1; a 10-paper inbox
<= 1.5 s cold; ``--help`` <= 0.15 s; the 300-page pack screened <= 0.05 of
every page parsed; <= 150 MB a process, flat; copies read once. (Earlier
issues' ratios to pdfplumber's floor stay.)

``--quick`` builds a small corpus for a smoke test (and for the test suite).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.corpus import (
    Corpus,
    agenda_pack,
    build_corpus,
    repeated_tracker,
    scanned_tracker,
)
from benchmarks.memory import flat_memory, over_scale, peak_rss_mb
from benchmarks.peers import dask_figure, peer_figures
from benchmarks.timing import Figure, cold_run, median_time, paired_times, rectrack

#: Module paths whose time counts as spaCy's or dateparser's in the profile.
_NLP_PARTS = ("/spacy/", "/thinc/", "/srsly/", "/preshed/", "/cymem/", "/dateparser/",
              "/dateparser_data/")


@dataclass(frozen=True)
class Size:
    """How big a benchmark is: corpus scale, long pack and stress paper lengths, repeats."""

    scale: float
    long_pages: int
    stress_pages: int
    repeats: int
    pack_pages: int
    samples: bool = True
    ocr_pages: int = 20


FULL = Size(scale=1.0, long_pages=500, stress_pages=60, repeats=3, pack_pages=300)
QUICK = Size(scale=0.05, long_pages=40, stress_pages=10, repeats=1, pack_pages=30,
             samples=False, ocr_pages=1)


# --- what is timed ---------------------------------------------------------------


def rerun(inbox: Path, cold_out: Path, work: Path) -> None:
    """A run over a copy of a cold run's output folder (its history knows the papers)."""
    out = Path(tempfile.mkdtemp(dir=work, prefix="rerun-")) / "out"
    shutil.copytree(cold_out, out)
    rectrack("run", inbox, "--out", out)


def floor(pdfs: Sequence[Path]) -> None:
    """Raw pdfplumber over every page, each closed: the least any pdfplumber reader pays."""
    import pdfplumber

    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                _ = page.rects
                page.close()


def read_in_process(paths: Sequence[Path]) -> None:
    """``read_paper`` on each path in this process (a warm worker)."""
    from extractors.settings import Settings
    from pipeline.run.reading import read_paper

    for path in paths:
        read_paper(path, Settings())


def read_pooled(path: Path, workers: int) -> None:
    """Read one file with a fresh pool of ``workers`` reading processes, as a run does."""
    from extractors.settings import Settings
    from pipeline.run.isolation import extract_many
    from pipeline.run.reading import READ_STAGES

    for _ in extract_many([path], Settings(), READ_STAGES, workers):
        pass


def nlp_share(paths: Sequence[Path]) -> tuple[float, float]:
    """(share of spaCy + dateparser in a reader's own time, total seconds), from cProfile.

    Run in a fresh interpreter, so building the spaCy pipeline (once per worker) counts.
    """
    code = (
        "import cProfile, sys, json; from pathlib import Path; "
        "from benchmarks.bench import read_in_process, _profile_share; "
        "profile = cProfile.Profile(); profile.enable(); "
        "read_in_process([Path(p) for p in sys.argv[1:]]); profile.disable(); "
        "print(json.dumps(_profile_share(profile)))"
    )
    done = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True,
                          text=True, check=True)
    share, total = json.loads(done.stdout.splitlines()[-1])
    return float(share), float(total)


def _profile_share(profile: cProfile.Profile) -> tuple[float, float]:
    """Own time of spaCy/dateparser functions over all own time in ``profile``."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.values())
    nlp = sum(row[2] for key, row in stats.items() if any(p in key[0] for p in _NLP_PARTS))
    return nlp / total, total


# --- the benchmark ------------------------------------------------------------------


def _pages(pdfs: Sequence[Path]) -> int:
    import pypdfium2

    total = 0
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(path)
        total += len(pdf)
        pdf.close()
    return total


def _grown_inbox(corpus: Corpus, work: Path) -> Path:
    """The corpus (hard links) plus one new 40-page pack with a tracker appendix."""
    inbox = work / "inbox_plus_one"
    shutil.copytree(corpus.folder, inbox, copy_function=os.link)
    agenda_pack(inbox / "zz_new_pack.pdf", 40, ("tracker_nov2025", range(1, 8)), 12, seed=99)
    return inbox


def _runs(corpus: Corpus, work: Path, size: Size, pages: int) -> list[Figure]:
    """Cold runs (1 and 2 workers), the floor, and the reruns."""
    outs: list[Path] = []
    cold1, cold2 = paired_times(lambda: outs.append(cold_run(corpus.folder, work, 1)),
                                lambda: cold_run(corpus.folder, work, 2), size.repeats)
    bottom = median_time(lambda: floor(corpus.pdfs), size.repeats)
    same = median_time(lambda: rerun(corpus.folder, outs[0], work), size.repeats)
    grown = _grown_inbox(corpus, work)
    plus_one = median_time(lambda: rerun(grown, outs[0], work), size.repeats)
    papers = len(corpus.papers)
    return [
        Figure("cold run, 1 worker: pages/s (PDF pages)", f"{pages / cold1:.1f}"),
        Figure("cold run, 1 worker: papers/s", f"{papers / cold1:.2f}"),
        Figure("cold run, 1 worker: seconds", f"{cold1:.1f}"),
        Figure("cold run, 2 workers: seconds", f"{cold2:.1f}"),
        Figure("floor (raw pdfplumber, every page, 1 process): seconds", f"{bottom:.1f}"),
        Figure("pipeline per page / floor per page (corpus)", f"{cold1 / bottom:.3f}",
               "<= 1.25", cold1 / bottom <= 1.25),
        Figure("speed-up, 2 workers vs 1", f"{cold1 / cold2:.2f}", ">= 1.9", cold1 / cold2 >= 1.9),
        Figure("unchanged-inbox rerun / cold", f"{same / cold1:.3f} ({same:.2f} s)", "<= 0.02",
               same / cold1 <= 0.02),
        Figure("one-new-paper rerun / cold", f"{plus_one / cold1:.3f} ({plus_one:.2f} s)",
               "<= 0.10", plus_one / cold1 <= 0.10),
        _small_inbox(corpus, work, size),
        _copies(corpus, work, size),
        *peer_figures(corpus, work, cold1),
        dask_figure(corpus.folder, work, cold2, size.repeats),
    ]


def _small_inbox(corpus: Corpus, work: Path, size: Size) -> Figure:
    """A cold run (default options) on a meeting's worth of papers: 10 spread over the corpus."""
    inbox = work / "inbox_of_ten"
    inbox.mkdir()
    rest = [p for p in corpus.papers if p != corpus.long_paper]
    chosen = rest[:: max(1, len(rest) // 10)][:10]
    for path in chosen:
        os.link(path, inbox / path.name)
    seconds = median_time(lambda: cold_run(inbox, work, 1), size.repeats)
    return Figure(f"{len(chosen)}-paper inbox, cold run: seconds", f"{seconds:.2f}", "<= 1.5",
                  seconds <= 1.5)


def _copies(corpus: Corpus, work: Path, size: Size) -> Figure:
    """Cold runs of the Word papers with a byte-identical copy of each, against them alone:
    a copy is hashed and listed, never read, so it costs next to nothing."""
    alone, doubled = work / "word_alone", work / "word_and_copies"
    alone.mkdir()
    doubled.mkdir()
    for path in corpus.docx:
        os.link(path, alone / path.name)
        os.link(path, doubled / path.name)
        shutil.copy(path, doubled / f"copy_of_{path.name}")
    once, twice = paired_times(lambda: cold_run(alone, work, 1), lambda: cold_run(doubled, work, 1),
                               size.repeats)
    return Figure(f"{len(corpus.docx)} Word papers and a byte-identical copy of each / alone: "
                  "cold run", f"{twice / once:.2f} ({twice:.1f} s / {once:.1f} s)", "<= 1.1",
                  twice / once <= 1.1)


def _stress(work: Path, size: Size) -> list[Figure]:
    """Overhead and memory where every page is parsed (the tracker printed over and over)."""
    long = repeated_tracker(work / "stress_long.pdf", size.stress_pages)
    short = repeated_tracker(work / "stress_short.pdf", 10)
    read_in_process([short])  # load the parsers and spaCy once, as a worker has them
    pipeline = median_time(lambda: read_in_process([long]), size.repeats)
    bottom = median_time(lambda: floor([long]), size.repeats)
    rss_long = statistics.median(peak_rss_mb(long) for _ in range(size.repeats))
    rss_short = statistics.median(peak_rss_mb(short) for _ in range(size.repeats))
    alone, shared = paired_times(lambda: read_pooled(long, 1), lambda: read_pooled(long, 2),
                                 size.repeats)
    per_page_ms = 1000 * pipeline / size.stress_pages
    return [
        Figure(f"every page parsed ({size.stress_pages} p): pipeline / floor",
               f"{pipeline / bottom:.3f}", "<= 1.25", pipeline / bottom <= 1.25),
        Figure(f"every page parsed ({size.stress_pages}-page tracker, warm reader): ms a page",
               f"{per_page_ms:.1f}", "<= 5", per_page_ms <= 5),
        Figure(f"every page parsed ({size.stress_pages} p), one file: 2 workers (page runs) "
               "vs 1, worker start included", f"{alone / shared:.2f} ({alone:.1f} s / "
               f"{shared:.1f} s)"),
        flat_memory(f"worker peak RSS, every page parsed: 10 p / {size.stress_pages} p",
                    rss_short, rss_long),
    ]


def _pack(work: Path, size: Size) -> list[Figure]:
    """A pack with a 7-page tracker appendix: screened extraction against every page parsed."""
    appendix = ("tracker_may2025", range(1, 8))
    pack = agenda_pack(work / "pack.pdf", size.pack_pages, appendix, size.pack_pages * 2 // 3, 1)
    read_in_process([pack])
    screened = median_time(lambda: read_in_process([pack]), size.repeats)
    bottom = median_time(lambda: floor([pack]), size.repeats)
    return [Figure(f"{size.pack_pages}-page pack, 7-page tracker appendix (sparse pages): "
                   "screened / every page", f"{screened / bottom:.3f}", "<= 0.05",
                   screened / bottom <= 0.05)]


def _memory(corpus: Corpus, work: Path, size: Size) -> list[Figure]:
    rss_long = statistics.median(peak_rss_mb(corpus.long_paper) for _ in range(size.repeats))
    rss_short = statistics.median(peak_rss_mb(corpus.short_paper) for _ in range(size.repeats))
    lengths = f"{_pages([corpus.short_paper])}-page pack / {_pages([corpus.long_paper])}-page"
    return [flat_memory(f"worker peak RSS: {lengths}", rss_short, rss_long),
            *over_scale(corpus, work, size.scale, size.long_pages, size.samples)]


def _small(corpus: Corpus, size: Size) -> list[Figure]:
    """``--help`` time, Word papers per second, and the NLP share of a reader's profile."""
    help_s = median_time(lambda: rectrack("--help"), max(size.repeats, 5))
    read_in_process(corpus.docx[:1])
    word = median_time(lambda: read_in_process(corpus.docx), size.repeats)
    sample = [*corpus.pdfs[:: max(1, len(corpus.pdfs) // 8)], *corpus.docx[:4]]
    share = statistics.median(nlp_share(sample)[0] for _ in range(size.repeats))
    return [
        Figure("rectrack --help: seconds", f"{help_s:.3f}", "<= 0.15", help_s <= 0.15),
        Figure("Word papers/s (warm reader)", f"{len(corpus.docx) / word:.1f}"),
        Figure("spaCy + dateparser share of a reader's time", f"{share:.1%}", "< 5%",
               share < 0.05),
    ]


def _ocr(work: Path, size: Size) -> list[Figure]:
    """Seconds a page and a worker's peak RSS reading a scanned tracker (every page OCR'd).

    Measured once: Tesseract's time per page does not vary with repeats, and a
    20-page scan takes minutes.
    """
    from extractors.ocr import ocr_engine

    name = f"OCR, {size.ocr_pages}-page scan: seconds a page / worker peak RSS"
    if not ocr_engine():
        return [Figure(name, "no Tesseract here")]
    scan = scanned_tracker(work / "scan.pdf", size.ocr_pages)
    seconds = median_time(lambda: read_in_process([scan]), 1)
    rss = peak_rss_mb(scan)
    return [Figure(name, f"{seconds / size.ocr_pages:.1f} s / {rss:.0f} MB", "<= 150 MB",
                   rss <= 150)]


def byte_compile() -> None:
    """Compile rectrack's own modules to bytecode, as a run does for itself the first time.

    An installed package has its ``__pycache__``, and an editable one writes it on
    its first run; where ``PYTHONDONTWRITEBYTECODE`` is set (as on the project's
    box) none is written, and every process timed here would compile ~90 modules
    from source first (about 0.1 s each start).
    """
    import compileall

    for package in ("extractors", "pipeline", "benchmarks"):
        compileall.compile_dir(Path(__file__).resolve().parent.parent / package, quiet=1)


def benchmark(work: Path, size: Size) -> tuple[str, list[Figure]]:
    """Build the corpus in ``work`` and measure; returns (corpus summary, figures)."""
    byte_compile()
    corpus = build_corpus(work / "inbox", size.scale, size.long_pages, size.samples)
    pages = _pages(corpus.pdfs)
    summary = (f"{len(corpus.papers)} papers ({len(corpus.pdfs)} PDF, {len(corpus.docx)} Word), "
               f"{pages} PDF pages, {size.repeats} repeats")
    figures = _runs(corpus, work, size, pages)
    figures += _stress(work, size) + _pack(work, size) + _memory(corpus, work, size)
    figures += _small(corpus, size) + _ocr(work, size)
    return summary, figures


def table(summary: str, figures: Sequence[Figure], command: str) -> str:
    """The figures as a markdown table, with the command, date and machine."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"`{command}` on {when}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
        f"corpus: {summary}",
        "",
        "| figure | value | target | met |",
        "|---|---|---|---|",
    ]
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(f"| {f.name} | {f.value} | {f.target} | {met} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the benchmark, print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small corpus: a smoke test")
    parser.add_argument("--repeats", type=int, help="runs per figure (median)")
    parser.add_argument("--workdir", type=Path, help="where to build (kept); default a temp dir")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    if args.repeats:
        size = replace(size, repeats=args.repeats)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rectrack-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        summary, figures = benchmark(work, size)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    command = "python -m benchmarks.bench" + (" --quick" if args.quick else "")
    print(table(summary, figures, command))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
