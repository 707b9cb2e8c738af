"""Rebuild every sample paper: ``python -m samples.generate [OUT_DIR]``.

Runs each generator listed in ``samples.generate.GENERATORS`` (DOCX files), then
converts each DOCX to PDF with ``soffice --headless --convert-to pdf`` into the
same folder. The ``LAYOUT_GENERATORS`` write into ``samples/layouts`` and the
``WHOLE_PAPERS`` into ``samples/whole_papers`` (both beside OUT_DIR); the layouts'
workbooks are printed to PDF too. Without LibreOffice the PDFs are skipped, and
the command says so.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from samples.generate import GENERATORS, LAYOUT_GENERATORS, WHOLE_PAPERS

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "papers"
#: Where ``WHOLE_PAPERS`` go: beside the output folder.
WHOLE_FOLDER = "whole_papers"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(soffice: str, docx_path: Path, out_dir: Path) -> Path:
    """Convert one DOCX (or XLSX) to PDF in ``out_dir`` (private LibreOffice profile)."""
    with tempfile.TemporaryDirectory(prefix="rectrack-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx_path),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=300,
        )
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not produce {pdf}")
    pin_pdf_metadata(pdf, hashlib.md5(docx_path.read_bytes()).hexdigest().upper())
    return pdf


def pin_pdf_metadata(pdf: Path, file_id: str) -> None:
    """Make LibreOffice's PDF reproducible: pin the creation date and file IDs.

    LibreOffice stamps ``/CreationDate``, ``/ID`` and ``/DocChecksum`` with the
    time of the run. Each is replaced by a value of the same length (a fixed
    date; an ID derived from the DOCX bytes), so the xref offsets stay valid.
    """
    data = pdf.read_bytes()
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20250501090000", data)
    data = re.sub(rb"/ModDate\(D:\d{14}", b"/ModDate(D:20250501090000", data)
    fid = file_id.encode()
    data = re.sub(
        rb"(/ID \[ <)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(>)",
        lambda m: m.group(1) + fid + m.group(2) + fid + m.group(3),
        data,
    )
    data = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + fid, data)
    pdf.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else DEFAULT_OUT
    out_dir.mkdir(parents=True, exist_ok=True)
    layouts = out_dir.parent / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    whole = out_dir.parent / WHOLE_FOLDER
    whole.mkdir(parents=True, exist_ok=True)
    for module_name, folder in [*((m, out_dir) for m in GENERATORS),
                                *((m, layouts) for m in LAYOUT_GENERATORS),
                                *((m, whole) for m in WHOLE_PAPERS)]:  # fmt: skip
        module = importlib.import_module(module_name)
        paths = module.generate(folder)
        for p in paths:
            print(f"wrote {p}")
        written += paths
    soffice = find_soffice()
    docs = [p for p in written if p.suffix in (".docx", ".xlsx")]
    if soffice is None:
        print(
            "LibreOffice (soffice) not found: skipped PDF conversion of "
            + ", ".join(p.name for p in docs),
            file=sys.stderr,
        )
        return 0
    for p in docs:
        pdf = to_pdf(soffice, p, p.parent)
        print(f"wrote {pdf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
