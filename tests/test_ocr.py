"""Scanned papers read by OCR (issue 15): scans of the samples against their text PDFs.

The scans are made here from the sample PDFs and from the HTML-printed layout
paper, whose statuses are only its RAG cells' colours (``scans``: 200 dpi, 0.7°
tilt, grain, JPEG, image-only PDF), read, and compared with what the text PDFs
give: the same recommendations, labels, statuses and dates exactly, the text
nearly so. Tesseract takes seconds a page, so each scan is read once, in
parallel processes. Without Tesseract these tests are skipped, and a scan must
fail as ``no_text_layer`` with a reason that says how to enable OCR.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from badfiles import write_image_pdf
from click.testing import CliRunner
from PIL import Image
from rapidfuzz import fuzz
from scans import scanned_pages, write_mixed_pack, write_scan
from support import PAPERS

from extractors import extract_path
from extractors.model import ExtractionError, Location, Paper, Recommendation, StatusKeyEntry
from extractors.ocr import (
    ENABLE_OCR,
    LOW_CONFIDENCE,
    marked,
    ocr_engine,
    read_scanned_page,
    snapped,
)
from extractors.ocr_labels import consistent_labels
from extractors.page_image import estimate_skew
from extractors.pdf_page import packed_chars, unpacked_chars
from pipeline.cli import main
from pipeline.normalise.paper import normalise_paper

OCR = bool(ocr_engine())
needs_ocr = pytest.mark.skipif(not OCR, reason=f"no OCR engine here: {ENABLE_OCR}")
#: The papers scanned, by name: the samples, and a paper with statuses in colour alone.
SOURCES = {
    **{name: PAPERS / name for name in ("tracker_may2025.pdf", "tracker_nov2025.pdf",
                                        "sif_2018.pdf")},
    "html_tracker.pdf": PAPERS.parent / "layouts" / "html_tracker.pdf",
    "audit_unruled.pdf": PAPERS.parent / "layouts" / "audit_unruled.pdf",
}  # fmt: skip
SAMPLES = tuple(SOURCES)
#: The least similarity of a recommendation's OCR'd text to its text PDF's.
SIMILAR = 0.97


def _read(path: Path) -> Paper:
    return normalise_paper(extract_path(path))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Paper]:
    """Each sample's scan, read (in parallel processes: ~7 s a page of Tesseract)."""
    folder = tmp_path_factory.mktemp("scans")
    paths = [write_scan(SOURCES[name], folder / name) for name in SAMPLES]
    spawn = multiprocessing.get_context("spawn")
    workers = min(len(paths), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
        return dict(zip(SAMPLES, pool.map(_read, paths), strict=True))


@needs_ocr
@pytest.mark.parametrize("name", SAMPLES)
def test_a_scan_gives_the_text_pdfs_recommendations(name: str, scanned: dict[str, Paper]) -> None:
    text, ocr = _read(SOURCES[name]).recommendations, scanned[name].recommendations
    assert [r.label for r in ocr] == [r.label for r in text]
    for want, got in zip(text, ocr, strict=True):
        assert (got.status, got.original_target, got.revised_target) == (
            want.status, want.original_target, want.revised_target,
        ), want.label
        assert fuzz.ratio(got.recommendation, want.recommendation) / 100 >= SIMILAR, want.label
        assert got.location == want.location


@needs_ocr
@pytest.mark.parametrize("name", SAMPLES)
def test_a_scans_records_say_they_were_read_by_ocr(name: str, scanned: dict[str, Paper]) -> None:
    for record in scanned[name].recommendations:
        assert record.source_method == "ocr"
        assert record.ocr_confidence is not None and record.ocr_confidence >= LOW_CONFIDENCE
        assert not any("confidence" in warning for warning in record.warnings)


@needs_ocr
@pytest.mark.parametrize("name", ["tracker_may2025.pdf", "tracker_nov2025.pdf"])
def test_status_colours_are_read_from_the_image(name: str, scanned: dict[str, Paper]) -> None:
    """The Status cells' fills, sampled from the scan, map through the key as the vector
    fills do (the scanned key's own colours included)."""
    text, ocr = _read(PAPERS / name), scanned[name]
    assert [e.status for e in ocr.status_key] == [e.status for e in text.status_key]
    assert [r.status_from_colour for r in ocr.recommendations] == [
        r.status_from_colour for r in text.recommendations
    ]


@needs_ocr
def test_statuses_in_colour_alone_are_read_from_the_scan(scanned: dict[str, Paper]) -> None:
    """The HTML-printed tracker prints no status words, only RAG fills explained by a key
    in a sentence: each scanned record's status comes from its sampled colour."""
    text, ocr = _read(SOURCES["html_tracker.pdf"]), scanned["html_tracker.pdf"]
    assert {r.status_text for r in text.recommendations} == {""}
    got = [(r.label, r.status_from_colour, r.status) for r in ocr.recommendations]
    assert got == [(r.label, r.status_from_colour, r.status) for r in text.recommendations]
    assert all(r.status_from_colour for r in ocr.recommendations)


@needs_ocr
def test_an_unruled_scan_is_read_and_its_misread_codes_put_right(
    scanned: dict[str, Paper],
) -> None:
    """The reportlab tracker with no ruling at all goes through the unruled reader from
    its scan; Tesseract reads some "IA-" codes as "1A-" or "|\\A-", and each is spelt as
    the paper's other codes, with a warning naming what was read."""
    text = _read(SOURCES["audit_unruled.pdf"]).recommendations
    ocr = scanned["audit_unruled.pdf"].recommendations
    assert [r.record_key for r in ocr] == [r.record_key for r in text]
    repaired = [w for r in ocr for w in r.warnings if w.startswith("label read by OCR")]
    assert repaired, "the scan's codes were all read right: the repair is not exercised"
    for record in ocr:
        for warning in record.warnings:
            assert warning.endswith(f"taken as {record.label!r} like the paper's other codes")
        assert ("low_confidence" in record.flags) == bool(record.warnings)


def test_a_code_is_put_right_only_from_its_own_prefix_and_text_pages_win() -> None:
    """Different prefixes ("CT", "IG") are different codes; a text page's spelling wins
    over more OCR'd ones; a text record's label is never changed."""
    def rec(label: str, method: str) -> Recommendation:
        return Recommendation(Location("page", 1), "", "", label, "Do it", source_method=method)

    records = [rec("CT1", "ocr"), rec("IG2", "ocr"), rec("1G3", "ocr"), rec("1A-1", "ocr"),
               rec("1A-2", "ocr"), rec("IA-3", "text"), rec("lA-4", "text")]
    got = [r.label for r in consistent_labels(records)]
    assert got == ["CT1", "IG2", "IG3", "IA-1", "IA-2", "IA-3", "lA-4"]


@needs_ocr
def test_a_mixed_pack_gives_text_and_scanned_records_in_page_order(tmp_path: Path) -> None:
    """A pack of a typed tracker and a scanned report, read by ``rectrack run``: its
    reading worker OCRs the scanned page alone, and the history keeps how each was read."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    parts = [(PAPERS / "tracker_may2025.pdf", range(1, 11), False),
             (PAPERS / "sif_2018.pdf", [2], True)]  # fmt: skip
    write_mixed_pack(parts, inbox / "pack.pdf")
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "records.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    tracker = _read(PAPERS / "tracker_may2025.pdf").recommendations
    sif = _read(PAPERS / "sif_2018.pdf").recommendations
    assert [r["label"] for r in rows] == [r.label for r in (*tracker, *sif)]
    assert {r["source_method"] for r in rows[: len(tracker)]} == {"text"}
    assert {(r["source_method"], r["page"]) for r in rows[len(tracker) :]} == {("ocr", "11")}
    assert all(float(r["ocr_confidence"]) >= LOW_CONFIDENCE for r in rows[len(tracker) :])


@needs_ocr
def test_a_scan_with_no_words_is_no_records(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_path(write_image_pdf(tmp_path))
    assert caught.value.error_type == "no_records"


@pytest.mark.skipif(OCR, reason="Tesseract is installed: scans are read, not refused")
def test_without_ocr_a_scan_is_no_text_layer_saying_how_to_enable_it(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_path(write_scan(PAPERS / "sif_2018.pdf", tmp_path / "scan.pdf"))
    assert caught.value.error_type == "no_text_layer"
    assert ENABLE_OCR in caught.value.message


def test_the_tilt_of_a_scan_is_found() -> None:
    """``scans`` turns pages 0.7° anticlockwise; turning back is 0.7° the other way."""
    (page,) = scanned_pages(PAPERS / "tracker_may2025.pdf", [2])
    assert estimate_skew(page) == pytest.approx(-0.7, abs=0.1)
    level = page.rotate(-0.7, Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    assert estimate_skew(level) == pytest.approx(0.0, abs=0.1)


def test_a_fill_near_a_key_colour_is_that_colour() -> None:
    key = ["00B050", "92D050", "FFC000"]
    assert snapped("01AE4F", key) == "00B050"
    assert snapped("90CF4D", key) == "92D050"
    assert snapped("4472C4", key) == "4472C4"  # no key colour near: kept as sampled
    assert snapped("", key) == ""


def test_records_of_a_page_read_with_low_confidence_are_flagged() -> None:
    record = Recommendation(Location("page", 2), "", "", "Rec 1", "Do it", status_colour="01AE4F")
    other = replace(record, location=Location("page", 3))
    key = (StatusKeyEntry("Complete", "00B050", ""),)
    low, untouched = marked((record, other), {2: LOW_CONFIDENCE - 20}, key)
    assert (low.source_method, low.ocr_confidence, low.status_colour) == ("ocr", 60.0, "00B050")
    assert untouched == other
    paper = normalise_paper(Paper("x.pdf", "", "pdf", "", "T", recommendations=(low,)))
    assert "low_confidence" in paper.recommendations[0].flags


@needs_ocr
def test_a_scanned_pages_words_come_back_whole_from_packing(tmp_path: Path) -> None:
    """A parsed page keeps its loose chars packed (``pdf_page.packed_chars``): OCR's words
    carry no key the packing would drop."""
    scan = write_scan(PAPERS / "tracker_may2025.pdf", tmp_path / "scan.pdf", [1])
    words = read_scanned_page(scan, 1).objects["char"]
    assert len(words) > 50
    assert unpacked_chars(packed_chars(words)) == words
