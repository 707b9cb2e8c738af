"""Writers for a corpus of bad input files, one function per kind.

Each ``write_*`` function writes one file into ``folder`` and returns its path,
so any test (sniff, isolation, a whole inbox run) can build the corpus it needs
in a temporary folder. The files are made, never stored: the inflating ones
are a few hundred KB on disk and are written in chunks so that making them
never holds the inflated bytes in memory.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from docx import Document
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from support import PAPERS

from extractors.ocr import ocr_engine

PARAGRAPH = (
    "The committee noted the report of the inspection and asked officers to "
    "bring an update on progress to its next meeting."
)
CHUNK = 1 << 20


def _text_canvas(path: Path, encrypt: StandardEncryption | None = None) -> None:
    """A one-page PDF with a paragraph of text and no table."""
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 770, "Scrutiny report")
    for line_no, start in enumerate(range(0, len(PARAGRAPH), 60)):
        pdf.drawString(72, 740 - 14 * line_no, PARAGRAPH[start : start + 60])
    pdf.showPage()
    pdf.save()


def write_text_pdf(folder: Path, name: str = "no_tables.pdf") -> Path:
    """A valid PDF: one paragraph of text, no tables, no recommendations."""
    path = folder / name
    _text_canvas(path)
    return path


def write_truncated_pdf(folder: Path, name: str = "truncated.pdf") -> Path:
    """A valid PDF cut in half, as a half-copied download would be."""
    return _cut_in_half(write_text_pdf(folder, name))


def _cut_in_half(path: Path) -> Path:
    """Keep the first half of a file's bytes, as an interrupted copy leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_empty_file(folder: Path, name: str = "empty.pdf") -> Path:
    """A 0-byte file."""
    path = folder / name
    path.write_bytes(b"")
    return path


def write_blank_file(folder: Path, name: str = "blank.pdf") -> Path:
    """A file of nothing but blank space and newlines."""
    path = folder / name
    path.write_bytes(b" \r\n\t \n" * 100)
    return path


def write_random_bytes(folder: Path, name: str, size: int = 20_000, seed: int = 5) -> Path:
    """Random bytes under any name (``junk.pdf``, ``junk.docx``)."""
    path = folder / name
    data = bytearray(random.Random(seed).randbytes(size))
    data[:2] = b"\x00\x01"  # no accidental magic number
    path.write_bytes(bytes(data))
    return path


def write_user_password_pdf(folder: Path, name: str = "user_password.pdf") -> Path:
    """A PDF that cannot be opened without its user password ("secret")."""
    path = folder / name
    _text_canvas(path, StandardEncryption("secret", ownerPassword="owner"))
    return path


def write_owner_password_pdf(folder: Path, name: str = "owner_password.pdf") -> Path:
    """A PDF with only an owner password (printing/copying restricted): it opens."""
    path = folder / name
    encryption = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    _text_canvas(path, encryption)
    return path


def write_image_pdf(folder: Path, name: str = "scanned.pdf", pages: int = 2) -> Path:
    """An image-only PDF, as a scanner makes: every page a picture, no text."""
    path = folder / name
    image = Image.new("L", (200, 280), color=255)
    for y in range(20, 260, 12):
        image.paste(0, (20, y, 180, y + 4))  # grey bars where lines of text would be
    reader = ImageReader(image)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.drawImage(reader, 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return path


def write_text_file(folder: Path, name: str = "notes.txt") -> Path:
    """A plain text file."""
    path = folder / name
    path.write_text("Minutes of the meeting\n\n" + PARAGRAPH + "\n", encoding="utf-8")
    return path


def write_png_as_pdf(folder: Path, name: str = "photo.pdf") -> Path:
    """A PNG image saved with a .pdf suffix."""
    path = folder / name
    Image.new("RGB", (40, 30), color=(200, 30, 30)).save(path, format="PNG")
    return path


def write_html_as_docx(folder: Path, name: str = "page.docx") -> Path:
    """A web page saved with a .docx suffix."""
    path = folder / name
    path.write_text("<!DOCTYPE html>\n<html><body><p>Agenda</p></body></html>\n")
    return path


def write_valid_docx(folder: Path, name: str = "paper.docx") -> Path:
    """A small valid Word document (python-docx)."""
    path = folder / name
    document = Document()
    document.add_heading("Scrutiny report", level=1)
    document.add_paragraph(PARAGRAPH)
    document.save(str(path))
    return path


def write_docx_without_document(folder: Path, name: str = "no_main_part.docx") -> Path:
    """A Word zip whose main part (word/document.xml) is missing."""
    path = write_valid_docx(folder, name)
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for member in source.infolist():
            if member.filename != "word/document.xml":
                target.writestr(member, source.read(member))
    path.write_bytes(rebuilt.getvalue())
    return path


def write_truncated_docx(folder: Path, name: str = "truncated.docx") -> Path:
    """A valid Word file cut in half: the zip's central directory is gone."""
    return _cut_in_half(write_valid_docx(folder, name))


def write_zip_not_docx(folder: Path, name: str = "archive.docx") -> Path:
    """An ordinary zip archive (two text files) named .docx."""
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", PARAGRAPH)
        archive.writestr("data/list.csv", "a,b\n1,2\n")
    return path


def write_docx_bomb(folder: Path, name: str = "bomb.docx", inflated_mb: int = 300) -> Path:
    """A .docx whose one extra part inflates to ``inflated_mb`` MB of zeros.

    The part is streamed through ``ZipFile.open(..., "w")`` a megabyte at a
    time, so writing it never holds the inflated bytes in memory; level 1
    keeps writing fast (~1 s for 300 MB) at a ratio of about 230.
    """
    path = write_valid_docx(folder, name)
    zeros = bytes(CHUNK)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/image1.bin", "w", force_zip64=True) as stream,
    ):
        for _ in range(inflated_mb):
            stream.write(zeros)
    return path


def _deflate_zeros(prefix: bytes, inflated_mb: int) -> bytes:
    """``prefix`` then ``inflated_mb`` MB of zero bytes, deflated chunk by chunk.

    Level 1 keeps writing fast (~1 s for 300 MB) at a ratio of about 230.
    """
    compressor = zlib.compressobj(1)
    parts = [compressor.compress(prefix)]
    zeros = bytes(CHUNK)
    parts.extend(compressor.compress(zeros) for _ in range(inflated_mb))
    parts.append(compressor.flush())
    return b"".join(parts)


def _pdf_file(objects: list[bytes]) -> bytes:
    """Assemble numbered objects into a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def write_pdf_bomb(folder: Path, name: str = "bomb.pdf", inflated_mb: int = 300) -> Path:
    """A one-page PDF whose FlateDecode content stream inflates to ``inflated_mb`` MB.

    The page starts with real text, then the stream runs on with zeros (blank
    space to a PDF parser), so any reader must inflate all of it.
    """
    stream = _deflate_zeros(b"BT /F1 12 Tf 72 720 Td (Inflated report) Tj ET\n", inflated_mb)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path = folder / name
    path.write_bytes(_pdf_file(objects))
    return path


def write_dense_pdf(folder: Path, name: str = "dense.pdf", chars: int = 30_000) -> Path:
    """One page with ``chars`` single characters scattered at random: slow layout analysis."""
    path = folder / name
    rng = random.Random(30)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 4)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(chars):
        pdf.drawString(rng.uniform(10, 585), rng.uniform(10, 832), rng.choice(letters))
    pdf.showPage()
    pdf.save()
    return path


# --- OLE compound files (MS-CFB, version 3, 512-byte sectors) ------------------

FREE_SECTOR = 0xFFFFFFFF
END_OF_CHAIN = 0xFFFFFFFE
FAT_SECTOR = 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
OLE_STREAM_BYTES = 4096  # at the mini-stream cutoff, so streams live in normal sectors


def _cfb_header() -> bytes:
    """Header: one FAT sector (sector 0), the directory in sector 1, no mini stream."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([FREE_SECTOR] * 108))
    return bytes(header)


def _cfb_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    """One 128-byte directory entry (kind 5 root, 2 stream), coloured black."""
    entry = bytearray(128)
    encoded = (name + "\x00").encode("utf-16-le")
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBBIII", entry, 0x40, len(encoded), kind, 1, NO_STREAM, right, child)
    struct.pack_into("<IQ", entry, 0x74, start, size)
    return bytes(entry)


def _cfb_file(stream_names: list[str]) -> bytes:
    """A compound file holding up to three streams of OLE_STREAM_BYTES each.

    The root's child is the first stream and each stream's right sibling the
    next: a valid (if lopsided) directory tree.
    """
    per_stream = OLE_STREAM_BYTES // 512
    entries = [_cfb_entry("Root Entry", 5, NO_STREAM, 1, END_OF_CHAIN, 0)]
    fat = [FAT_SECTOR, END_OF_CHAIN]
    for index, name in enumerate(stream_names, start=1):
        right = index + 1 if index < len(stream_names) else NO_STREAM
        start = len(fat)
        entries.append(_cfb_entry(name, 2, right, NO_STREAM, start, OLE_STREAM_BYTES))
        fat.extend(range(start + 1, start + per_stream))
        fat.append(END_OF_CHAIN)
    entries.extend(
        bytes(64) + struct.pack("<HBBIII", 0, 0, 0, *[NO_STREAM] * 3) + bytes(52)
        for _ in range(4 - len(entries))
    )
    fat.extend([FREE_SECTOR] * (128 - len(fat)))
    streams = bytes(OLE_STREAM_BYTES * len(stream_names))
    return _cfb_header() + struct.pack("<128I", *fat) + b"".join(entries) + streams


def write_encrypted_word(folder: Path, name: str = "protected.docx") -> Path:
    """A password-protected Word file: OLE with EncryptionInfo + EncryptedPackage.

    Word saves an encrypted .docx this way, under the .docx suffix.
    """
    path = folder / name
    path.write_bytes(_cfb_file(["EncryptionInfo", "EncryptedPackage"]))
    return path


def write_legacy_doc(folder: Path, name: str = "old.doc") -> Path:
    """A legacy Word 97-2003 file: OLE with WordDocument and 1Table streams."""
    path = folder / name
    path.write_bytes(_cfb_file(["WordDocument", "1Table"]))
    return path


def write_legacy_xls(folder: Path, name: str = "old.xls") -> Path:
    """A legacy Excel 97-2003 workbook: OLE with a Workbook stream."""
    path = folder / name
    path.write_bytes(_cfb_file(["Workbook"]))
    return path


# --- a good paper with hostile text ------------------------------------------

NAME = "Hostile <img src=x onerror=alert(1)> $(touch pwned); 'tracker' ü #1.docx"
FORMULA = '=HYPERLINK("http://evil.example/","Click me")'
SCRIPT = '<script>alert("x")</script>'
LONG = "Area for improvement 3: " + "very long text " * 3000  # 45,000 characters
#: (table row, column) of the May 2025 tracker -> the text put there.
CELLS = {(3, 6): FORMULA, (4, 6): SCRIPT, (5, 2): LONG, (7, 6): "@SUM(1,2)",
         (8, 6): "+44 20 7946 0000", (11, 6): "-1 day late"}  # fmt: skip


def write_hostile_paper(folder: Path, name: str = NAME) -> Path:
    """The May 2025 tracker with formula, script and overlong cells, under a hostile name.

    A good paper: every record must be read, and no cell may act in the outputs.
    """
    document = Document(str(PAPERS / "tracker_may2025.docx"))
    rows = document.tables[0].rows
    for (row, column), text in CELLS.items():
        rows[row].cells[column].text = text
    path = folder / name
    document.save(str(path))
    return path



#: Every quick bad file and the error_type sniff must give it (the slow and
#: inflating ones are tested on their own).
BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "truncated_pdf": (write_truncated_pdf, "corrupt"),
    "empty_pdf": (write_empty_file, "empty"),
    "blank_pdf": (write_blank_file, "empty"),
    "random_pdf": (lambda folder: write_random_bytes(folder, "junk.pdf"), "corrupt"),
    "random_docx": (lambda folder: write_random_bytes(folder, "junk.docx"), "corrupt"),
    "user_password_pdf": (write_user_password_pdf, "encrypted"),
    "encrypted_word": (write_encrypted_word, "encrypted"),
    "legacy_doc": (write_legacy_doc, "unsupported_type"),
    "text_file": (write_text_file, "unsupported_type"),
    "png_as_pdf": (write_png_as_pdf, "unsupported_type"),
    "html_as_docx": (write_html_as_docx, "unsupported_type"),
    "truncated_docx": (write_truncated_docx, "corrupt"),
    "zip_not_docx": (write_zip_not_docx, "unsupported_type"),
    "docx_without_document": (write_docx_without_document, "corrupt"),
    # With OCR a scan passes the sniff (it is read, and judged, by its image).
    **({} if ocr_engine() else {"image_pdf": (write_image_pdf, "no_text_layer")}),
}
