"""One registry of formats and kinds: the page screen asks the kinds, not its own word lists."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from extractors.kinds import Found, Kind, PageText
from extractors.registry import FORMATS, KINDS
from extractors.screen import screen_pdf


def _pdf(path: Path, pages: list[str]) -> Path:
    drawing = canvas.Canvas(str(path), invariant=1)
    for text in pages:
        drawing.drawString(72, 720, text)
        drawing.showPage()
    drawing.save()
    return path


def _zebra(text: PageText) -> bool:
    return " zebra crossing " in text.folded


ZEBRA = Kind("zebra", lambda blocks, unit, context: Found(), _zebra, "prose", frozenset({"pdf"}))


def test_the_declared_formats_and_kinds() -> None:
    assert [(f.name, f.zip_part, f.unit) for f in FORMATS] == [
        ("pdf", "", "page"),
        ("docx", "word/document.xml", "paragraph"),
        ("xlsx", "xl/workbook.xml", "cell"),
    ]
    assert [(k.name, k.pages) for k in KINDS] == [("tracker", "tables"), ("narrative", "prose")]


def test_a_new_kind_of_paper_is_screened_for_without_editing_the_screen(tmp_path: Path) -> None:
    """The screen keeps the pages a kind says it shows (and, for prose, the next one);
    the page opening a paper of the pack (the minutes, page 2) is read whatever the kinds,
    to name that paper."""
    texts = ["Agenda", "Minutes of the last meeting", "Parking charges",
             "Report on the zebra crossing at Main Street", "Appendix", "Any other business"]
    pdf = _pdf(tmp_path / "pack.pdf", texts)
    assert screen_pdf(pdf, [ZEBRA]).pages == (1, 2, 4, 5)
    assert screen_pdf(pdf, []).pages == (1, 2)
    assert screen_pdf(pdf).pages == (1, 2)
    assert screen_pdf(pdf).starts == (2,)
