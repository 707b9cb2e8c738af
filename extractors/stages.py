"""Reading one file in stages: ``plan_file``, ``read_part``, ``assemble``
(``extract_path`` runs the three in a row), as ``extractors`` describes.

Apart from the package's ``__init__`` so that importing any one extractors
module (``extractors.limits`` for the CLI's options) loads none of the
readers: ``rectrack --help`` starts in a fraction of the time.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from extractors.identity import Identity
from extractors.kinds import Context, Found
from extractors.limits import Limits
from extractors.model import ExtractionError, Paper, StatusKeyEntry
from extractors.packs import Section
from extractors.registry import KINDS, Format, file_format
from extractors.sniff import FileType, sniff
from extractors.status_key import printed

if TYPE_CHECKING:
    from extractors.docx_reader import DocxDocument
    from extractors.pdf_reader import PageContents
    from extractors.xlsx_reader import Workbook

#: Bump when extraction changes what it yields, so cached results are redone.
EXTRACTOR_VERSION = "5"
#: A PDF with more pages to parse than this may be read in parts by several
#: processes at once (``Plan.parts``).
SPLIT_PAGES = 24


def extract_path(path: Path, limits: Limits | None = None) -> Paper:
    """Read ``path`` into a Paper of records as printed (not yet normalised).

    ``source_sha256`` is left for the caller, which hashes every input anyway
    to recognise papers it has already read.
    """
    return read_planned(path, plan_file(path, limits or Limits()))


# --- reading in stages: plan, parts, assemble ------------------------------------------
#
# A long PDF can be read by several processes: ``plan_file`` takes the cheap
# first look, ``read_part`` parses one run of ``Plan.parts`` (its result
# pickles), and ``assemble`` joins the parts, in page order, into the Paper.
# Tables and rows running across a part boundary are joined there, as they are
# across any page break, so the Paper does not depend on how the pages were cut.


@dataclass(frozen=True)
class Plan:
    """What the first look at a file found: its real type and the pages worth parsing.

    Attributes:
        file_type: "pdf", "docx" or "xlsx", sniffed from the bytes.
        page_count: pages of a PDF (0 for Word and Excel, which have no fixed pages).
        pages: the PDF pages to parse, 1-based, ascending (the screen's choice;
            empty for Word and Excel, read whole).
        scanned: those of ``pages`` to read from their image, by OCR: pages
            with no text, when Tesseract is there (``extractors.ocr``).
        starts: the PDF pages that open a paper of an agenda pack (page 1 aside).
    """

    file_type: FileType
    page_count: int
    pages: tuple[int, ...]
    scanned: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()

    def parts(self, most: int) -> tuple[tuple[int, ...], ...]:
        """``pages`` cut into runs for up to ``most`` processes, in page order.

        One run unless there are more than ``SPLIT_PAGES`` pages to parse;
        then as many near-equal runs as ``most`` allows, but none shorter
        than ``SPLIT_PAGES / 2`` pages (a part costs an open of the file and
        a process hand-over). Depends on nothing else, timing included.
        """
        count = min(most, -(-len(self.pages) // SPLIT_PAGES))
        if count < 2:
            return (self.pages,)
        size, extra = divmod(len(self.pages), count)
        ends = list(itertools.accumulate(size + (n < extra) for n in range(count)))
        return tuple(self.pages[end - size - (n < extra) : end] for n, end in enumerate(ends))


#: What ``read_part`` gives: a run of parsed PDF pages, or a whole Word or Excel file.
Part: TypeAlias = "PageContents | DocxDocument | Workbook"


def plan_file(path: Path, limits: Limits) -> Plan:
    """Sniff the type and check the limits; for a PDF, screen its pages (PDFium, ~1 ms a page).

    Only the pages that can hold records are parsed: pdfplumber costs ~60 ms a
    page, and an agenda pack is mostly other reports. A page without text
    cannot be screened by its words, so with OCR every such page is read.
    """
    file_type = sniff(path, limits)
    return Plan(file_type, *file_format(file_type).plan(path))


def read_part(path: Path, plan: Plan, pages: Sequence[int]) -> Part:
    """Parse ``pages`` of a planned PDF (a run of ``plan.pages``), or read a file whole."""
    part: Part = file_format(plan.file_type).read(path, pages, plan.scanned)
    return part


def read_planned(path: Path, plan: Plan) -> Paper:
    """The Paper of a planned file, every page to parse read here in one part."""
    return assemble(path, plan, [read_part(path, plan, plan.pages)])


def assemble(path: Path, plan: Plan, parts: Sequence[Part]) -> Paper:
    """The Paper that ``parts`` (every run of ``plan.pages``, in page order) make.

    The file is cut into its papers first (``extractors.packs``); each is read
    on its own. A file with one paper that has records is that Paper; a pack
    with several is a Paper whose ``parts`` are they. A paper without a status
    key of its own uses the file's (printed on a page of its own, "Appendix B:
    Status key", it is a section without records). Raises ExtractionError
    ``no_records`` when nothing was recognised: a file that yields nothing is
    never an empty success.
    """
    form = file_format(plan.file_type)
    sections = form.papers(plan.page_count, plan.starts, parts)
    found = [_found(form, section, Context(who.title)) for section, who in sections]
    key = next((f.status_key for f in found if printed(f.status_key)), ())
    cover = sections[0][1]
    papers = [
        _paper(path, plan, parts, section, who, cover, _keyed(form, section, who, own, key))
        for (section, who), own in zip(sections, found, strict=True)
        if own.recommendations or own.inspections or own.judgements
    ]
    if not papers:
        raise ExtractionError(
            "no_records",
            "readable, but no recommendations, inspections or ratings were recognised in it",
        )
    if len(papers) == 1:
        return papers[0]
    numbered = tuple(replace(p, part=n) for n, p in enumerate(papers, 1))
    return replace(papers[0], title=cover.title, committee=cover.committee,
                   meeting_date_text=cover.meeting_date_text, recommendations=(),
                   inspections=(), judgements=(), status_key=(), first_page=0, last_page=0,
                   parts=numbered)


def _found(form: Format, section: Section, context: Context) -> Found:
    """What every kind that reads this format found in one paper, joined."""
    found = [kind.read(section.blocks, form.unit, context)  # type: ignore[arg-type]
             for kind in KINDS if form.name in kind.formats]
    return Found(
        recommendations=tuple(r for f in found for r in f.recommendations),
        inspections=tuple(i for f in found for i in f.inspections),
        judgements=tuple(j for f in found for j in f.judgements),
        status_key=tuple(e for f in found for e in f.status_key),
    )


def _keyed(form: Format, section: Section, who: Identity, own: Found,
           key: tuple[StatusKeyEntry, ...]) -> Found:
    """A paper's findings with its file's printed key when it prints none of its own: read
    again only when its colours were read without one (a key inferred), else the key added."""
    if printed(own.status_key) or not key:
        return own
    if own.status_key:
        return _found(form, section, Context(who.title, key))
    return replace(own, status_key=key)


def _paper(path: Path, plan: Plan, parts: Sequence[Part], section: Section, who: Identity,
           cover: Identity, found: Found) -> Paper:
    """The Paper of one section, its records marked with what read their pages (PDFium,
    pdfminer or OCR)."""
    recommendations = found.recommendations
    if plan.file_type == "pdf":
        from extractors.pdf_reader import read_by

        recommendations = read_by(recommendations, parts)
    if plan.scanned:
        from extractors.ocr import marked, ocr_pages

        recommendations = marked(recommendations, ocr_pages(parts), found.status_key)
    return Paper(
        source_file=path.name,
        source_sha256="",
        file_type=plan.file_type,
        extractor=f"{'+'.join(k.name for k in KINDS)}/{EXTRACTOR_VERSION}",
        title=who.title,
        committee=who.committee or cover.committee,
        meeting_date_text=who.meeting_date_text or cover.meeting_date_text,
        page_count=plan.page_count,
        first_page=section.first_page,
        last_page=section.last_page,
        recommendations=recommendations,
        inspections=found.inspections,
        judgements=found.judgements,
        status_key=found.status_key,
    )
