"""Rebuild the layout test papers: ``python -m samples.generate.layouts [OUT_DIR]``.

Each generator writes its files; every Word file written is then printed to PDF
by LibreOffice, as ``python -m samples.generate`` does for the samples.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from samples.generate.__main__ import find_soffice, to_pdf
from samples.generate.layouts import GENERATORS

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "layouts"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else DEFAULT_OUT
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for module_name in GENERATORS:
        written += importlib.import_module(module_name).generate(out_dir)
    soffice = find_soffice()
    for docx in (p for p in written if p.suffix == ".docx"):
        if soffice is None:
            print(f"LibreOffice (soffice) not found: {docx.name} not printed", file=sys.stderr)
            continue
        written.append(to_pdf(soffice, docx, out_dir))
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
