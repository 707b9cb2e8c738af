"""Decide what a file really is, from its bytes, before any extractor reads it.

Analysts drop whatever they have into the inbox, so the suffix proves nothing:
a scan saved as ``.pdf`` may be a PNG, a ``.docx`` may be a legacy ``.doc`` or a
password-protected Office file (an OLE compound file, whose ``EncryptedPackage``
stream python-docx reports only as "package not found"). ``sniff`` reads magic
numbers, then runs the cheap structural checks that catch bad input before the
expensive parsers see it:

- size, PDF page count and the .docx/.xlsx zip directory against ``Limits``
  (declared sizes only: nothing is inflated; Python's zipfile stops reading a
  member at its declared size, so a lying directory cannot inflate further);
- PDF encryption (a user password is needed; an owner password alone is fine)
  and damage, through PDFium;
- a PDF whose first ``TEXT_PROBE_PAGES`` pages carry no text is scanned.

Each problem is an ``ExtractionError`` with a contract ``error_type`` and a
plain-English message for failures.csv. PDFium parses page content for the
text check, so call ``sniff`` inside the isolated reading process
(``pipeline.run.isolation``), never in a process that must survive a hostile file.
The PDF checks are ``extractors.sniff_pdf``, imported for a PDF only: a worker
reading Word files never loads PDFium.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import BinaryIO, Literal

from extractors.limits import Limits
from extractors.model import ExtractionError

FileType = Literal["pdf", "docx", "xlsx"]

#: Pages probed for a text layer; the first page with text ends the probe, so
#: only an image-only (scanned) PDF costs this many page loads (~1 ms each).
TEXT_PROBE_PAGES = 25

HEAD_BYTES = 8192
#: PDFium accepts a ``%PDF-`` header anywhere in the first 1024 bytes.
PDF_HEADER_WINDOW = 1024
#: A complete PDF ends with ``%%EOF`` (some writers add a little junk after it).
PDF_TAIL_BYTES = 8192
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
#: Parts smaller than this cannot do harm whatever their compression ratio.
DOCX_RATIO_MIN_PART = 1024 * 1024
WHITESPACE = b" \t\r\n\x0b\x0c\x00"

UNKNOWN_BINARY = "unrecognised binary data"

#: Magic numbers of things people save with the wrong suffix -> what they are.
MAGIC_NAMES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document: save it as .docx or PDF"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)


def sniff(path: Path, limits: Limits) -> FileType:
    """Return the file's real type, or raise ExtractionError saying why it cannot be read."""
    head = _read_head(path, limits)
    if head.startswith(OLE_MAGIC):
        raise _ole_error(path)
    if head.startswith(ZIP_MAGIC):
        return _check_office_zip(path, limits)
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        from extractors.sniff_pdf import check_pdf  # PDFium, for PDFs only

        check_pdf(path, limits)
        return "pdf"
    raise _unknown_error(path, head)


def _read_head(path: Path, limits: Limits) -> bytes:
    """Check size and emptiness, and return the first bytes for the magic numbers."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise ExtractionError("empty", "empty file (0 bytes)")
        if size > limits.max_file_bytes:
            raise ExtractionError(
                "too_large",
                f"file is {size / 2**20:.0f} MB, over the {limits.max_file_mb:g} MB limit",
            )
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
            if not head.strip(WHITESPACE) and _rest_is_blank(handle):
                raise ExtractionError("empty", "empty file (only blank space)")
    except OSError as exc:
        raise ExtractionError("corrupt", f"could not read the file: {exc.strerror or exc}") from exc
    return head


def _rest_is_blank(handle: BinaryIO) -> bool:
    """Read on in chunks: a file is empty only if every byte is blank space."""
    while chunk := handle.read(1 << 20):
        if chunk.strip(WHITESPACE):
            return False
    return True


def _unknown_error(path: Path, head: bytes) -> ExtractionError:
    """Neither PDF, Word nor Excel: a known other format, or bytes that match no format.

    Unrecognisable bytes under a .pdf or .docx name are most likely a damaged
    copy of one, so they are reported as corrupt rather than unsupported.
    """
    looks_like = _describe(head)
    suffix = path.suffix.lower()
    if looks_like == UNKNOWN_BINARY and suffix in (".pdf", ".docx", ".xlsx"):
        kind = suffix[1:].upper()
        return ExtractionError("corrupt", f"damaged file: named {suffix} but not a {kind} inside")
    return ExtractionError(
        "unsupported_type", f"not a PDF, Word or Excel file: looks like {looks_like}"
    )


def _describe(head: bytes) -> str:
    """Name what an unsupported file looks like, for a reader of failures.csv."""
    for magic, name in MAGIC_NAMES:
        if head.startswith(magic):
            return name
    start = head.lstrip(WHITESPACE + b"\xef\xbb\xbf").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:1024]:
        return "a web page (HTML)"
    if start.startswith(b"<?xml"):
        return "an XML file"
    if _is_text(head):
        return "plain text"
    return UNKNOWN_BINARY


def _is_text(head: bytes) -> bool:
    """True when the bytes decode as UTF-8 (or Latin-1) text without control codes."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the head's end is still text.
        if exc.start < len(head) - 3:
            text = head.decode("latin-1")
        else:
            text = head[: exc.start].decode("utf-8")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n\f")
    return controls == 0


def _ole_error(path: Path) -> ExtractionError:
    """Explain an OLE compound file: encrypted Office file, legacy .doc, or other."""
    try:
        names = ole_stream_names(path)
    except (OSError, ValueError, IndexError, struct.error) as exc:
        return ExtractionError("corrupt", f"damaged Microsoft Office (OLE) file: {exc}")
    if "EncryptedPackage" in names:
        return ExtractionError(
            "encrypted", "password-protected Word document: remove the password and save it again"
        )
    if "WordDocument" in names:
        return ExtractionError("unsupported_type", "legacy Word 97-2003 .doc: save it as .docx")
    if {"Workbook", "Book"} & names:
        return ExtractionError("unsupported_type", "legacy Excel 97-2003 .xls: save it as .xlsx")
    if "PowerPoint Document" in names:
        return ExtractionError("unsupported_type", "a legacy PowerPoint .ppt file, not a paper")
    return ExtractionError(
        "unsupported_type", "an old-style Microsoft Office (OLE) file, not a paper"
    )


def ole_stream_names(path: Path) -> set[str]:
    """Names in an OLE compound file's directory (MS-CFB), the root's included, read by olefile.

    olefile reads the header, the allocation tables and the directory, never
    the streams, so a huge or hostile file costs a few sector reads. Raises
    OSError (olefile's ``OleFileError``) on a broken structure. Imported here:
    OLE files are rare in an inbox.
    """
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        return {ole.root.name, *(entry[-1] for entry in ole.listdir(streams=True, storages=True))}


def _check_office_zip(path: Path, limits: Limits) -> FileType:
    """Check a zip from its central directory: a Word document or an Excel workbook
    (told apart by the main part ``extractors.registry`` names), within the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError("corrupt", f"damaged Word/Excel/zip file: {exc}") from exc
    from extractors.registry import FORMATS

    names = {member.filename for member in members}
    found = next((f for f in FORMATS if f.zip_part and f.zip_part in names), None)
    if found is None:
        raise _not_office_error(names)
    _check_zip_sizes(members, limits, found.described)
    return found.name


def _not_office_error(names: set[str]) -> ExtractionError:
    """A zip without a Word or Excel main part: a damaged one, or another kind of zip."""
    folders = {name.split("/", 1)[0] for name in names}
    if "word" in folders:
        return ExtractionError("corrupt", "damaged Word file: word/document.xml is missing")
    if "xl" in folders:
        return ExtractionError("corrupt", "damaged Excel workbook: xl/workbook.xml is missing")
    if "ppt" in folders:
        return ExtractionError("unsupported_type", "a PowerPoint file (.pptx), not a Word document")
    if "mimetype" in names:
        return ExtractionError("unsupported_type", "an OpenDocument file: save it as .docx")
    return ExtractionError("unsupported_type", "a zip archive, not a Word document")


def _check_zip_sizes(members: list[zipfile.ZipInfo], limits: Limits, described: str) -> None:
    """Declared part count, total size and per-part ratio, before anything inflates.

    A workbook gets the .docx limits: both are zips of XML parts, equally easy
    to make into a zip bomb.
    """
    if len(members) > limits.docx_max_parts:
        raise ExtractionError(
            "too_large",
            f"{described} has {len(members)} parts, over the {limits.docx_max_parts} limit",
        )
    total = sum(member.file_size for member in members)
    if total > limits.docx_max_uncompressed_bytes:
        raise ExtractionError(
            "too_large",
            f"{described} unpacks to {total / 2**20:.0f} MB, "
            f"over the {limits.docx_max_uncompressed_mb:g} MB limit",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= DOCX_RATIO_MIN_PART and ratio > limits.docx_max_ratio:
            raise ExtractionError(
                "too_large",
                f"{described} part {member.filename} is compressed {ratio:.0f} times, "
                f"over the {limits.docx_max_ratio:g} limit (a zip bomb?)",
            )
