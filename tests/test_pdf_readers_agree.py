"""The two PDF page readers agree: PDFium (``extractors.pdf_pdfium``, the default) and
pdfminer (through pdfplumber) read every committed PDF, and the benchmark's quick
corpus, into the same page objects and the same Papers.

Page objects are compared as the readers hand them on (and each reader's chars
come back whole from the packing a parsed page keeps them in): the printed chars
(``page_content`` drops whitespace chars, so they are left out here too) as a
set of (text, font name, box), boxes within 0.01 pt (PDFium keeps coordinates
as 32-bit floats: the differences seen are under 0.001 pt), and the rects and
lines in drawing order with their fill flags and colours. Papers are compared
field by field, every record's box and text included, except ``page_reader``,
which says which reader it was.

PDFium leaves a page to pdfminer where it cannot read it as pdfminer does; on
the committed PDFs that is only the pages of Chromium's PDFs, whose fonts have
fractional widths (PDFium keeps widths as integers, so its chars drift along a
line by up to 7 pt).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from benchmarks.corpus import build_corpus
from extractors.model import ExtractionError
from extractors.pdf_page import (
    CHAR_KEYS,
    Obj,
    _hex_colour,
    has_ligatures,
    packed_chars,
    page_objects,
    unpacked_chars,
)
from extractors.pdf_pdfium import PdfiumPages, Unreadable
from extractors.pdf_reader import read_pages
from extractors.settings import page_reader, use_page_reader
from extractors.stages import extract_path

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "samples").rglob("*.pdf"))
#: The committed PDFs whose pages PDFium leaves to pdfminer, and why.
LEFT_TO_PDFMINER = {
    "samples/layouts/html_tracker.pdf": "whole widths",
    "samples/whole_papers/committee_tracker_html.pdf": "whole widths",
    "samples/whole_papers/lga_peer_challenge_html.pdf": "whole widths",
}
BOX_TOLERANCE = 0.01


@pytest.fixture(autouse=True)
def _default_reader() -> Iterator[None]:
    """Each test starts, and leaves this process, with the default page reader."""
    before = page_reader()
    yield
    use_page_reader(before)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The benchmark corpus at a small scale: agenda packs of filler prose (Helvetica drawn
    by PDFium) around tracker pages, page subsets of the trackers, a 40-page pack."""
    built = build_corpus(tmp_path_factory.mktemp("corpus"), scale=0.05, long_pages=40)
    return [p for p in built.papers if p.suffix == ".pdf"]


def _pages_compared(path: Path) -> tuple[int, list[str], list[str]]:
    """(pages PDFium read, why it left the others, where its objects differ from pdfminer's)."""
    read, left, differences = 0, [], []
    with pdfplumber.open(path) as pdf:
        pdfium = PdfiumPages(path)
        try:
            for page in pdf.pages:
                try:
                    theirs = pdfium.objects(page)
                except Unreadable as exc:
                    left.append(str(exc))
                    continue
                read += 1
                ours = page_objects(page)
                differences += [f"page {page.page_number}: {d}" for d in _differences(ours, theirs)]
                page.close()
        finally:
            pdfium.close()
    return read, left, differences


def _differences(pdfminer: dict[str, list[Obj]], pdfium: dict[str, list[Obj]]) -> list[str]:
    found = [f"{reader}'s chars change when packed" for reader, objects in
             (("pdfminer", pdfminer), ("pdfium", pdfium))
             if unpacked_chars(packed_chars(objects["char"])) != objects["char"]]
    mine, yours = _printed(pdfminer["char"]), _printed(pdfium["char"])
    if [c[:2] for c in mine] != [c[:2] for c in yours]:
        found.append("printed chars differ")
    else:
        found += [f"char {a} vs {b}" for a, b in zip(mine, yours, strict=True)
                  if not _close(a[2], b[2])]
    for kind in ("rect", "line"):
        if len(pdfminer[kind]) != len(pdfium[kind]):
            found.append(f"{len(pdfminer[kind])} {kind}s vs {len(pdfium[kind])}")
            continue
        found += [f"{kind} {a} vs {b}" for a, b in zip(pdfminer[kind], pdfium[kind], strict=True)
                  if _shape(a) != _shape(b) or not _close(_box(a), _box(b))]
    return found


def _printed(chars: list[Obj]) -> list[tuple[str, str, tuple[float, ...]]]:
    """The chars ``page_content`` keeps (not whitespace), in a reader-independent order."""
    kept = [(c["text"], c["fontname"], (*_box(c), c["size"])) for c in chars if c["text"].strip()]
    return sorted(kept, key=lambda c: (round(c[2][1], 1), round(c[2][0], 1), c[0]))


def _box(obj: Obj) -> tuple[float, ...]:
    return (obj["x0"], obj["top"], obj["x1"], obj["bottom"])


def _close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= BOX_TOLERANCE for x, y in zip(a, b, strict=True))


def _shape(obj: Obj) -> tuple[object, ...]:
    return (obj.get("fill"), obj.get("stroke"), _hex_colour(obj.get("non_stroking_color")))


def _paper(path: Path, reader: str) -> Any:
    """The Paper ``reader`` reads ``path`` into (as data), or the error it reads it as."""
    use_page_reader(reader)
    try:
        return dataclasses.asdict(extract_path(path))
    except ExtractionError as exc:
        return ("error", exc.error_type, str(exc))


def _readers(paper: Any) -> set[str]:
    """Every record's ``page_reader`` (taken out of ``paper``, to compare the rest)."""
    if not isinstance(paper, dict):
        return set()
    found = set()
    for part in (paper, *paper["parts"]):
        for record in part["recommendations"]:
            found.add(record.pop("page_reader"))
    return found


@pytest.mark.parametrize("name", PDFS)
def test_page_objects_agree(name: str) -> None:
    read, left, differences = _pages_compared(ROOT / name)
    assert differences == []
    if name in LEFT_TO_PDFMINER:
        assert read == 0 and left and all(LEFT_TO_PDFMINER[name] in why for why in left)
    else:
        assert read > 0 and left == []


@pytest.mark.parametrize("name", PDFS)
def test_papers_agree(name: str) -> None:
    pdfminer, pdfium = _paper(ROOT / name, "pdfminer"), _paper(ROOT / name, "pdfium")
    assert _readers(pdfminer) in (set(), {"pdfminer"})
    expected = "pdfminer" if name in LEFT_TO_PDFMINER else "pdfium"
    assert _readers(pdfium) in (set(), {expected})
    assert pdfium == pdfminer


def test_corpus_reads_alike(corpus: list[Path]) -> None:
    """The benchmark's packs (PDFium's own Helvetica, read with pdfminer's Adobe metrics)."""
    assert len(corpus) >= 8
    for path in corpus:
        read, left, differences = _pages_compared(path)
        assert (path.name, read > 0, left, differences) == (path.name, True, [], [])
        pdfminer, pdfium = _paper(path, "pdfminer"), _paper(path, "pdfium")
        assert _readers(pdfminer) in (set(), {"pdfminer"})
        assert _readers(pdfium) in (set(), {"pdfium"})
        assert (path.name, pdfium) == (path.name, pdfminer)


def test_a_cmyk_fill_sends_its_page_to_pdfminer(tmp_path: Path) -> None:
    """PDFium converts CMYK to RGB its own way, pdfminer plainly: the CMYK page is
    pdfminer's, the RGB one PDFium's, and the fills read the same either way."""
    path = tmp_path / "fills.pdf"
    canvas = Canvas(str(path))
    for colour in (HexColor("#FFC000"), CMYKColor(0, 0.25, 1, 0)):
        canvas.setFillColor(colour)
        canvas.rect(100, 500, 200, 100, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#000000"))
        canvas.drawString(110, 550, "Amber")
        canvas.showPage()
    canvas.save()
    pages = read_pages(path)[1]
    assert [page.reader for page in pages] == ["pdfium", "pdfminer"]
    assert [_hex_colour(page.fills[0]["non_stroking_color"]) for page in pages] == [
        "FFC000", "FFBF00"]
    use_page_reader("pdfminer")
    assert [page.reader for page in read_pages(path)[1]] == ["pdfminer", "pdfminer"]


def test_records_say_which_reader_read_their_page() -> None:
    tracker = extract_path(ROOT / "samples/papers/tracker_may2025.pdf")
    assert {r.page_reader for r in tracker.recommendations} == {"pdfium"}
    use_page_reader("pdfminer")
    tracker = extract_path(ROOT / "samples/papers/tracker_may2025.pdf")
    assert {r.page_reader for r in tracker.recommendations} == {"pdfminer"}



def test_ligature_glyphs_are_spelt_out_by_both_readers(tmp_path: Path) -> None:
    """Helvetica in its StandardEncoding draws "fi" and "fl" as one glyph each: PDFium reads
    the page (each ligature's pieces as one char), and both readers give the letters as
    typed."""
    pdfmetrics.registerFont(pdfmetrics.Font("HelveticaStandard", "Helvetica",
                                            "StandardEncoding"))
    path = tmp_path / "ligatures.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("HelveticaStandard", 11)
    canvas.drawString(72, 700, "The \ufb01nance and the work\ufb02ow")
    canvas.save()
    read, left, differences = _pages_compared(path)
    assert (read, left, differences) == (1, [], [])
    pages = read_pages(path)[1]
    texts = [c[CHAR_KEYS.index("text")] for c in pages[0].loose]
    assert pages[0].reader == "pdfium" and texts.count("fi") == texts.count("fl") == 1
    assert not has_ligatures("".join(texts))
