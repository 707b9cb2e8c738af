"""Tests for extractors.sniff: the real type from the bytes, and every bad file named."""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from badfiles import (
    BAD_FILES,
    write_docx_bomb,
    write_encrypted_word,
    write_image_pdf,
    write_legacy_doc,
    write_owner_password_pdf,
    write_png_as_pdf,
    write_text_file,
    write_text_pdf,
    write_valid_docx,
)
from reportlab.pdfgen import canvas

from extractors import ocr
from extractors.limits import Limits
from extractors.model import ExtractionError
from extractors.sniff import TEXT_PROBE_PAGES, ole_stream_names, sniff


def _error(path: Path, limits: Limits | None = None) -> ExtractionError:
    """The ExtractionError sniff raises for ``path`` (fails the test if none)."""
    with pytest.raises(ExtractionError) as caught:
        sniff(path, limits or Limits())
    return caught.value


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_each_bad_file_gets_its_error_type_and_a_readable_message(
    kind: str, tmp_path: Path
) -> None:
    write, error_type = BAD_FILES[kind]
    error = _error(write(tmp_path))
    assert error.error_type == error_type
    assert error.message == str(error)
    assert 10 < len(error.message) < 200
    assert "\n" not in error.message and "Traceback" not in error.message


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (write_text_pdf, "pdf"),
        (write_owner_password_pdf, "pdf"),
        (write_valid_docx, "docx"),
    ],
)
def test_good_files_pass(write: Callable[[Path], Path], expected: str, tmp_path: Path) -> None:
    assert sniff(write(tmp_path), Limits()) == expected


def test_type_comes_from_the_bytes_not_the_suffix(tmp_path: Path) -> None:
    assert sniff(write_valid_docx(tmp_path, "really_word.pdf"), Limits()) == "docx"
    assert sniff(write_text_pdf(tmp_path, "really_pdf.docx"), Limits()) == "pdf"


def test_encrypted_word_says_password_not_package_not_found(tmp_path: Path) -> None:
    error = _error(write_encrypted_word(tmp_path))
    assert error.error_type == "encrypted"
    assert "password-protected Word document" in error.message
    assert "package" not in error.message.lower()


def test_legacy_doc_says_save_as_docx(tmp_path: Path) -> None:
    error = _error(write_legacy_doc(tmp_path, "minutes.docx"))
    assert error.error_type == "unsupported_type"
    assert error.message == "legacy Word 97-2003 .doc: save it as .docx"


def test_ole_directory_is_read_from_the_compound_file(tmp_path: Path) -> None:
    names = ole_stream_names(write_encrypted_word(tmp_path))
    assert names == {"Root Entry", "EncryptionInfo", "EncryptedPackage"}


@pytest.mark.skipif(shutil.which("file") is None, reason="needs the file(1) command")
def test_ole_fixtures_are_compound_files_to_another_reader(tmp_path: Path) -> None:
    """libmagic parses the CFB directory too: the hand-made fixtures are well formed."""
    files = [write_encrypted_word(tmp_path), write_legacy_doc(tmp_path)]
    described = subprocess.run(
        ["file", "-b", *map(str, files)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert described == ["CDFV2 Encrypted", "CDFV2 Microsoft Word"]


def test_broken_ole_file_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.doc"
    path.write_bytes(write_legacy_doc(tmp_path).read_bytes()[:1000])
    error = _error(path)
    assert error.error_type == "corrupt"
    assert "OLE" in error.message


def test_unsupported_files_say_what_they_look_like(tmp_path: Path) -> None:
    assert "PNG image" in _error(write_png_as_pdf(tmp_path)).message
    assert "plain text" in _error(write_text_file(tmp_path)).message


def test_scanned_pdf_is_no_text_layer_without_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "ocr_engine", lambda: "")
    error = _error(write_image_pdf(tmp_path, pages=3))
    assert error.error_type == "no_text_layer"
    assert error.message.startswith("scanned: no text layer")
    assert "pip install 'rectrack[ocr]'" in error.message
    assert "apt-get install tesseract-ocr tesseract-ocr-eng" in error.message


def test_only_the_first_pages_are_probed_for_text(tmp_path: Path) -> None:
    path = tmp_path / "late_text.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(TEXT_PROBE_PAGES):
        pdf.showPage()
    pdf.drawString(72, 720, "Text after the probed pages")
    pdf.showPage()
    pdf.save()
    error = _error(path)
    assert error.error_type == "no_text_layer"
    assert f"first {TEXT_PROBE_PAGES} pages" in error.message


def test_pdf_with_a_valid_end_but_garbled_body_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "garbled.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    error = _error(path)
    assert error.error_type == "corrupt"
    assert "damaged PDF" in error.message


def _pdf_with_pages(path: Path, pages: int) -> Path:
    pdf = canvas.Canvas(str(path))
    for number in range(pages):
        pdf.drawString(72, 720, f"Page {number + 1}")
        pdf.showPage()
    pdf.save()
    return path


def test_too_many_pages(tmp_path: Path) -> None:
    path = _pdf_with_pages(tmp_path / "long.pdf", 5)
    assert sniff(path, Limits(max_pages=5)) == "pdf"
    error = _error(path, Limits(max_pages=4))
    assert error.error_type == "too_large"
    assert error.message == "PDF has 5 pages, over the 4 page limit"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path)
    error = _error(path, Limits(max_file_mb=path.stat().st_size / 2**20 / 2))
    assert error.error_type == "too_large"
    assert "MB limit" in error.message


def test_docx_with_too_many_parts(tmp_path: Path) -> None:
    path = write_valid_docx(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = len(archive.infolist())
    assert sniff(path, Limits(docx_max_parts=parts)) == "docx"
    error = _error(path, Limits(docx_max_parts=parts - 1))
    assert error.error_type == "too_large"
    assert f"has {parts} parts" in error.message


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx of about 1.4 MB declaring a 300 MB part (written once for the module)."""
    return write_docx_bomb(tmp_path_factory.mktemp("bomb"), inflated_mb=300)


def test_docx_bomb_is_refused_from_the_zip_directory_without_inflating(docx_bomb: Path) -> None:
    assert docx_bomb.stat().st_size < 2 * 2**20
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = _error(docx_bomb)
    assert error.error_type == "too_large"
    assert re.search(r"unpacks to 30\d MB, over the 200 MB limit", error.message)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kb < 50 * 1024


def test_docx_bomb_under_the_total_is_caught_by_its_ratio(docx_bomb: Path) -> None:
    error = _error(docx_bomb, Limits(docx_max_uncompressed_mb=1000))
    assert error.error_type == "too_large"
    assert "word/media/image1.bin is compressed" in error.message
