"""Records that extractors produce and everything downstream consumes.

Extraction is a pure function of a file's bytes: ``file -> Paper``. A Paper is
plain data (frozen dataclasses of strings and numbers) so it can be pickled to a
worker process, cached by content hash and compared field by field between the
PDF and Word copies of the same edition.

Extractors fill the *as printed* fields (``*_text``, ``label``, ``status_colour``);
``pipeline.normalise.paper`` fills the normalised ones (dates, status codes,
``record_key``). Keeping both lets a reviewer check every normalised value
against the words on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

LocationKind = Literal["page", "table_row", "paragraph", "cell"]


#: What parsed a PDF page's text layer (``extractors.pdf_reader``); "" for no PDF text layer.
PageReader = Literal["", "pdfium", "pdfminer"]

#: Fields of a record that say where and how it was read, not what its paper says:
#: the PDF and the Word file of one edition differ in these and still agree.
READING_FIELDS = ("location", "source_method", "ocr_confidence", "page_reader")


@dataclass(frozen=True)
class Location:
    """Where in the source file a record starts.

    ``kind`` is ``page`` for PDFs (1-based page number), ``table_row`` for Word
    tables (1-based row index counted over every table of the document),
    ``paragraph`` for Word prose (1-based paragraph index) and ``cell`` for a
    workbook: ``number`` is the 1-based sheet row and ``cell`` the reference a
    spreadsheet user types to go there ("Tracker!A12").

    ``box`` is, for a PDF table row, the row's box on its page as pdfplumber
    measures it (x0, top, x1, bottom in points from the top left), so the report
    can show a picture of it; empty when the reader has none. It is not part of
    a location's identity (two reads of one row are the same place).
    """

    kind: LocationKind
    number: int
    cell: str = ""
    box: tuple[float, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        if self.kind == "cell":
            return self.cell
        return f"{self.kind.replace('_', ' ')} {self.number}"


@dataclass(frozen=True)
class Recommendation:
    """One recommendation or area for improvement, as one paper states it.

    Attributes:
        location: where the record starts in the source file.
        directorate: the full-width section heading the item sits under.
        inspection: the inspection/review/audit title, without a ``NEW`` marker.
        inspection_is_new: the paper marked the inspection ``NEW``.
        label: the item's own label as printed ("Rec IR4"), or one made from
            its position ("Recommendation 2") when the paper prints none.
        label_from_position: True when ``label`` was made, not printed.
        recommendation: the recommendation text, label removed.
        original_target_text / revised_target_text: the date cells as printed.
        status_text: the status words as printed (Status cell, or the start of
            the progress update when the cell only carries a colour).
        status_colour: the Status cell's fill as ``RRGGBB`` (upper case), if any.
        progress: the progress update, status words and notes removed.
        priority: the Priority (or Risk rating) cell as printed ("High").
        owner: who is responsible, as printed (Responsible/Lead officer, Action owner).
        finding: what the auditor found (Finding, Issue, Observation columns),
            kept apart from the recommendation made about it.
        management_response: what management agreed to do (Agreed action,
            Management response columns), apart from later progress updates.
        notes: "Note: ..." sentences from the item's cells, kept apart.
        warnings: why extraction had to guess (becomes ``low_confidence``).
        original_target / revised_target: ``YYYY-MM`` or ``YYYY-MM-DD``.
        status: a status code (see ``pipeline.normalise.paper``), or "".
        status_from_colour: the code the fill maps to through the status key.
        record_key: stable identity across editions.
        flags: record flags in its own edition.
        source_method: how its page was read: ``text`` (the PDF's or Word's own
            text) or ``ocr`` (a scanned page, by ``extractors.ocr``).
        ocr_confidence: the mean OCR word confidence (0-100) of its page; None
            for text.
        page_reader: what parsed the text layer of its PDF page: ``pdfium``
            (``extractors.pdf_pdfium``) or ``pdfminer``; "" for Word, Excel and
            pages read by OCR.
    """

    location: Location
    directorate: str
    inspection: str
    label: str
    recommendation: str
    inspection_is_new: bool = False
    inspection_body: str = ""
    label_from_position: bool = False
    original_target_text: str = ""
    revised_target_text: str = ""
    status_text: str = ""
    status_colour: str = ""
    progress: str = ""
    priority: str = ""
    owner: str = ""
    finding: str = ""
    management_response: str = ""
    notes: str = ""
    warnings: tuple[str, ...] = ()
    original_target: str = ""
    revised_target: str = ""
    status: str = ""
    status_from_colour: str = ""
    record_key: str = ""
    flags: tuple[str, ...] = ()
    source_method: Literal["text", "ocr"] = "text"
    ocr_confidence: float | None = None
    page_reader: PageReader = ""


@dataclass(frozen=True)
class Inspection:
    """One inspection, review or audit block of a paper.

    ``inspection_type`` is the canonical name of the kind of inspection
    ("Focused visit", "Single Inspection Framework re-inspection"), from the
    narrative rules' inspection types; ``deadlines`` lists dated deadlines
    stated in prose as ``YYYY-MM-DD: sentence``, separated by `` | ``.
    """

    location: Location
    directorate: str
    title: str
    is_new: bool = False
    inspection_body: str = ""
    inspection_type: str = ""
    purpose: str = ""
    date_text: str = ""
    inspection_date: str = ""
    published_date: str = ""
    overall_outcome: str = ""
    overall_progress: str = ""
    deadlines: str = ""


@dataclass(frozen=True)
class Judgement:
    """One rating: a subject (a home's URN, or "Overall") on one aspect."""

    location: Location
    subject: str
    aspect: str
    judgement_text: str
    judgement: str = ""
    inspection_date_text: str = ""
    inspection_date: str = ""


@dataclass(frozen=True)
class StatusKeyEntry:
    """One line of the paper's own Status key: words, colour and rule text.

    ``colour_name`` is the colour as the key names it ("Green", "G") when the
    key is written in words rather than drawn; a Status cell that prints that
    name means what this line says, whatever the default vocabulary says.
    """

    status_text: str
    colour: str
    description: str
    status: str = ""
    colour_name: str = ""


@dataclass(frozen=True)
class Paper:
    """Everything one paper yields, with its provenance.

    ``title`` is the heading that names the tracker or report (not a committee
    heading or a pack's cover; ``extractors.identity``); ``committee`` and
    ``meeting_date_text`` are the meeting it went to, as printed. ``series`` and
    ``edition`` are set by ``pipeline.normalise.edition`` (the title without its
    date; the paper's own date, else its meeting date), ``series_basis`` by
    ``pipeline.reconcile.series`` (how the edition was placed in its series).

    A file that holds several papers (an agenda pack) is one Paper whose
    ``parts`` are its papers, each with its own records, ``part`` (1-based)
    and page range ``first_page``..``last_page``; ``papers()`` gives them.
    """

    source_file: str
    source_sha256: str
    file_type: Literal["pdf", "docx", "xlsx"]
    extractor: str
    title: str
    page_count: int = 0
    recommendations: tuple[Recommendation, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    status_key: tuple[StatusKeyEntry, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    series: str = ""
    edition: str = ""
    committee: str = ""
    meeting_date_text: str = ""
    meeting_date: str = ""
    edition_basis: str = ""
    series_basis: str = ""
    part: int = 0
    first_page: int = 0
    last_page: int = 0
    parts: tuple[Paper, ...] = ()

    def papers(self) -> tuple[Paper, ...]:
        """The papers this file holds: its parts (named by the file), else itself."""
        if not self.parts:
            return (self,)
        return tuple(
            replace(p, source_file=self.source_file, source_sha256=self.source_sha256)
            for p in self.parts
        )


class ExtractionError(Exception):
    """A file could not be turned into a Paper; ``error_type`` is a contract code.

    Codes: unsupported_type, empty, corrupt, encrypted, no_text_layer,
    too_large, timeout, no_records. The message is plain English for
    failures.csv.
    """

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
