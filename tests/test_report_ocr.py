"""The report on a scanned edition (issue 15): OCR'd evidence says so, and its picture is the scan.

One ``rectrack run`` over the May 2025 tracker as a text PDF and the first
page of the November one as a scan (``scans``: one page, so one Tesseract
read of a few seconds). Both editions have alerts, so both have pictures: the
scanned page's records are flagged (status against the key, colour against
words) and the May records not on that page are missing. Without Tesseract
the scan is not read, and these tests are skipped (test_ocr.py says why).
"""

from __future__ import annotations

import base64
import csv
import io
import shutil
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from scans import write_scan
from support import PAPERS

from extractors.ocr import ENABLE_OCR, ocr_engine
from pipeline.cli import main

pytestmark = pytest.mark.skipif(not ocr_engine(), reason=f"no OCR engine here: {ENABLE_OCR}")
TEXT, SCAN = "tracker_may2025.pdf", "tracker_nov2025_scan.pdf"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The text edition and the one-page scan in an inbox, run once."""
    root = tmp_path_factory.mktemp("report_ocr")
    inbox, out = root / "inbox", root / "out"
    inbox.mkdir()
    shutil.copy(PAPERS / TEXT, inbox / TEXT)
    write_scan(PAPERS / "tracker_nov2025.pdf", inbox / SCAN, [1])
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "records.csv").open(encoding="utf-8-sig") as handle:
        records = list(csv.DictReader(handle))
    parser = EvidenceBlocks()
    parser.feed((out / "report.html").read_text("utf-8"))
    return {"records": records, "blocks": parser.blocks}


class EvidenceBlocks(HTMLParser):
    """Each evidence block of a report: its sources (link text, OCR chip) and its picture."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[dict[str, Any]] = []
        self._divs = 0  # divs open inside the current evidence block
        self._text: tuple[dict[str, Any], str] | None = None  # where the next text goes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "div" and found.get("class") == "evidence":
            self.blocks.append({"sources": [], "picture": ""})
            self._divs = 1
        elif self._divs and tag == "div":
            self._divs += 1
            if found.get("class") == "src":
                self.blocks[-1]["sources"].append({"link": "", "ocr": None})
        elif self._divs and tag == "img":
            self.blocks[-1]["picture"] = found["src"]
        elif self._divs and found.get("data-testid") == "source-link":
            self._text = (self.blocks[-1]["sources"][-1], "link")
        elif self._divs and found.get("data-testid") == "ocr":
            chip = {"class": found["class"], "title": found["title"], "text": ""}
            self.blocks[-1]["sources"][-1]["ocr"] = chip
            self._text = (chip, "text")

    def handle_endtag(self, tag: str) -> None:
        if self._divs and tag == "div":
            self._divs -= 1
        if tag in ("a", "span"):
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            target, key = self._text
            target[key] += data


def sources(run: dict[str, Any], file: str) -> list[dict[str, Any]]:
    """Every source shown of ``file``, in every evidence block."""
    return [s for b in run["blocks"] for s in b["sources"] if s["link"].startswith(f"{file}, ")]


def pictures(run: dict[str, Any], file: str) -> list[np.ndarray]:
    """The evidence pictures of blocks showing ``file``, as grey levels."""
    shown = [b["picture"] for b in run["blocks"]
             if b["picture"] and any(s["link"].startswith(f"{file}, ") for s in b["sources"])]
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(p.split(",", 1)[1]))).convert("L"))
            for p in shown]  # fmt: skip


def test_each_ocr_copy_says_it_was_read_by_ocr_with_its_confidence(run: dict[str, Any]) -> None:
    """The chip gives the page's mean confidence as records.csv has it, rounded; a scan this
    clean reads above the warning line, so the chip is not styled as a warning."""
    (confidence,) = {f"{float(r['ocr_confidence']):.0f}" for r in run["records"]
                     if r["source_method"] == "ocr"}  # fmt: skip
    scanned = sources(run, SCAN)
    assert scanned and all(s["ocr"] for s in scanned)
    assert {s["ocr"]["text"] for s in scanned} == {f"read by OCR · confidence {confidence}"}
    assert {s["ocr"]["class"] for s in scanned} == {"chip ocr"}
    title = scanned[0]["ocr"]["title"]
    assert "recognised by OCR from a scanned image" in title and "the picture" in title


def test_text_copies_show_no_ocr_chip(run: dict[str, Any]) -> None:
    assert {r["source_method"] for r in run["records"] if r["source_file"] == TEXT} == {"text"}
    text = sources(run, TEXT)
    assert text and not [s for s in text if s["ocr"]]


def test_an_ocr_records_picture_is_the_scan_itself(run: dict[str, Any]) -> None:
    """Both editions are flagged, so both have pictures. The scan's paper is grain, never
    pure white; a text page renders on pure white."""
    scanned, text = pictures(run, SCAN), pictures(run, TEXT)
    assert scanned and text
    assert all((picture == 255).mean() == 0 for picture in scanned)
    assert all((picture == 255).mean() > 0.5 for picture in text)
