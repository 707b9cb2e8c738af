"""The reviewer's desk on a real run of the samples: the report's evidence, and the workbook.

One ``rectrack run`` over every sample paper; then the report is read as text
(links, pictures, redline, chips) and the workbook is read back with
openpyxl as an analyst's Excel would show it. What a browser does with the
report (filters, decisions) is in test_report_browser.py.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from PIL import Image
from support import PAPERS

from pipeline.cli import main
from pipeline.outputs import evidence, tables
from pipeline.outputs.display import STATUS_COLOURS, STATUS_WORDS
from pipeline.outputs.evidence import MAX_PICTURES, PICTURE_DPI
from pipeline.outputs.sheet_layout import arranged, header, is_technical
from pipeline.run.runner import WORKBOOK_SHEETS

#: The documented bound on the samples' report (README, "report.html").
REPORT_MAX_BYTES = 1_500_000
COLUMNS = {"register": tables.REGISTER_COLUMNS, "changes": tables.CHANGE_COLUMNS,
           "records": tables.RECORD_COLUMNS, "inspections": tables.INSPECTION_COLUMNS,
           "judgements": tables.JUDGEMENT_COLUMNS, "failures": tables.FAILURE_COLUMNS}  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every sample paper in an inbox beside the output folder, run once."""
    root = tmp_path_factory.mktemp("desk")
    inbox, out = root / "inbox", root / "out"
    shutil.copytree(PAPERS, inbox)
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {"inbox": inbox, "out": out, "output": result.output,
            "html": (out / "report.html").read_text("utf-8")}  # fmt: skip


@pytest.fixture(scope="module")
def book(run: dict[str, Any]) -> Workbook:
    return load_workbook(run["out"] / "rectrack.xlsx")


def blocks(html: str, section: str) -> list[str]:
    """The record blocks (``<article>``) of one section of the report."""
    start = html.index(f'data-section="{section}"')
    end = html.index("</section>", start)
    return re.findall(r"<article.*?</article>", html[start:end], flags=re.S)


def test_the_last_line_names_the_report_and_the_workbook(run: dict[str, Any]) -> None:
    out = run["out"]
    assert run["output"].splitlines()[-1] == (
        f"open {out / 'report.html'} (the report) and {out / 'rectrack.xlsx'} (the workbook)")


def test_every_link_opens_a_source_file_at_one_of_its_pages(run: dict[str, Any]) -> None:
    hrefs = set(re.findall(r'href="([^"]+)"', run["html"]))
    assert hrefs
    for href in hrefs:
        path, _, fragment = unquote(href).partition("#")
        target = (run["out"] / path).resolve()
        assert target.parent == run["inbox"].resolve() and target.is_file(), href
        if target.suffix == ".pdf":
            page = int(fragment.removeprefix("page="))
            assert 1 <= page <= len(pdfium.PdfDocument(target)), href
        else:
            assert fragment == "", href  # a Word file has no pages to open at


def test_every_alert_shows_a_picture_of_its_row(run: dict[str, Any]) -> None:
    alerts = blocks(run["html"], "alerts")
    assert alerts
    for block in alerts:
        assert 'data-testid="evidence-picture"' in block, block[:300]
    pictures = set(re.findall(r'src="data:image/png;base64,([^"]+)"', run["html"]))
    assert 0 < len(pictures) <= MAX_PICTURES


def test_a_picture_is_the_row_cropped_from_its_page(run: dict[str, Any]) -> None:
    block = next(b for b in blocks(run["html"], "alerts") if ".pdf#page=" in b)
    data = re.search(r'src="data:image/png;base64,([^"]+)"', block)
    assert data
    image = Image.open(io.BytesIO(base64.b64decode(data.group(1))))
    width, height = image.size
    page_width_px = 842 * PICTURE_DPI / 72  # the samples are landscape A4
    assert page_width_px * 0.5 < width <= page_width_px and 20 < height < width / 2


def test_a_text_change_is_redlined_word_by_word(run: dict[str, Any]) -> None:
    redlines = re.findall(r'<div class="redline" data-testid="redline">(.*?)</div>', run["html"],
                          flags=re.S)  # fmt: skip
    assert redlines
    assert any("<del>" in r and "<ins>" in r for r in redlines)


def test_chips_say_why(run: dict[str, Any]) -> None:
    html = run["html"]
    overdue = re.findall(r'data-testid="chip-overdue">([^<]+)<', html)
    assert overdue and all(re.fullmatch(r"overdue: target \d{4}-\d\d, edition \d{4}-\d\d "
                                        r"\(\d+ months?\)", c) for c in overdue)  # fmt: skip
    assert re.search(r'data-testid="chip-status_inconsistent">inconsistent: [a-z ]+, but ', html)


def test_each_record_is_one_block_with_all_its_changes(run: dict[str, Any]) -> None:
    sections = ("alerts", "slipped", "completed", "new", "other", "unchanged")
    shown = [b for s in sections for b in blocks(run["html"], s)]
    keys = [re.findall(r'<div class="key">([^<]+)</div>', b)[0] for b in shown]
    assert len(keys) == len(set(keys))  # a record once, in the most urgent of its sections
    assert any(b.count('class="change"') > 1 for b in shown)  # with every change of it


def test_the_report_stays_one_file_within_its_size(run: dict[str, Any]) -> None:
    html = run["html"]
    assert len(html.encode("utf-8")) < REPORT_MAX_BYTES
    assert "<link" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count('data-testid="chart"') == 3


def test_the_workbook_sheets_are_tables_in_reading_order(book: Workbook) -> None:
    assert book.sheetnames == ["Register", "Changes", "Records", "Inspections", "Judgements",
                               "Failures"]  # fmt: skip
    for name, ws in zip(WORKBOOK_SHEETS, book.worksheets, strict=True):
        (table,) = ws.tables.values()
        headers = [c.value for c in ws[1]]
        assert headers == [header(c) for c in arranged(COLUMNS[name])]
        assert table.ref == f"A1:{ws.cell(1, len(headers)).column_letter}{max(ws.max_row, 2)}"
        assert not [h for h in headers if "_" in h]  # friendly, not record_key
        assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows == "$1:$1"


def test_the_workbook_shows_statuses_in_words_on_their_fill(book: Workbook) -> None:
    ws = book["Records"]
    column = [c.value for c in ws[1]].index("Status") + 1
    fills = {STATUS_WORDS[code]: fill for code, (fill, _) in STATUS_COLOURS.items()}
    statuses = [ws.cell(row, column) for row in range(2, ws.max_row + 1)]
    shown = [c for c in statuses if c.value]
    assert shown and {c.value for c in shown} <= set(fills)
    for c in shown:
        assert c.fill.fgColor.rgb[-6:] == fills[c.value]


def test_the_workbook_hides_its_technical_columns(book: Workbook) -> None:
    for name, ws in zip(WORKBOOK_SHEETS, book.worksheets, strict=True):
        technical = {header(c) for c in COLUMNS[name] if is_technical(c)}
        for c in ws[1]:
            dim = next(d for d in ws.column_dimensions.values() if d.min <= c.column <= d.max)
            hidden = c.value in technical
            assert (bool(dim.hidden), dim.outline_level) == (hidden, 1 if hidden else 0), c.value
            assert 8 <= dim.width <= 61, (c.value, dim.width)


def test_the_workbook_holds_real_dates_links_and_no_formulas(book: Workbook) -> None:
    ws = book["Inspections"]
    column = [c.value for c in ws[1]].index("Inspection date") + 1
    dates = [ws.cell(r, column).value for r in range(2, ws.max_row + 1)]
    assert any(hasattr(d, "year") for d in dates)  # full dates are dates, months text
    source = book["Records"].cell(2, [c.value for c in book["Records"][1]].index("Source file") + 1)
    assert source.hyperlink.target.replace("\\", "/") == f"../inbox/{source.value}"
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]  # fmt: skip


def test_pictures_made_on_threads_are_those_made_one_at_a_time(
    run: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's pictures are quantised and encoded on several threads: with one, the
    report is the same bytes (its output folder beside the first, so its links are too)."""
    monkeypatch.setattr(evidence, "ENCODERS", 1)
    out = run["out"].with_name("out_one_thread")
    result = CliRunner().invoke(main, ["run", str(run["inbox"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "report.html").read_text("utf-8") == run["html"]


def test_pdfium_renders_one_picture_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PDFium is not thread-safe: however many threads make pictures, a crop's document is
    opened, rendered and closed before the next is opened. Each opening waits a moment for
    another thread to open one too (none can), then closes."""
    opened, inside, most = threading.Event(), [0], [0]

    class Watched(pdfium.PdfDocument):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            opened.set()

        def close(self) -> None:
            opened.clear()
            opened.wait(0.05)
            inside[0] -= 1
            super().close()

    monkeypatch.setattr(evidence, "ENCODERS", 4)
    monkeypatch.setattr(pdfium, "PdfDocument", Watched)
    records = [{"source_file": "tracker_may2025.pdf", "page": page, "box": ()}
               for page in (1, 2, 3, 4)]
    with evidence.Evidence(tmp_path, PAPERS) as made:
        sources = [made.sources([record], True)[0] for record in records]
        pictures = [source.picture for source in sources]
    assert all(p.startswith("data:image/png;base64,") for p in pictures) and len(set(pictures)) == 4
    assert most == [1]
