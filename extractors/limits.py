"""Limits that keep one hostile or oversized input from hurting a whole run.

Every input is untrusted: a 78 KB .docx has been seen to make python-docx use
1.7 GB, a 300 KB PDF to make pdfminer use 635 MB, and one dense page to keep
pdfminer's layout analysis busy for over 300 s. The cheap checks in
``extractors.sniff`` (file size, page count, zip directory) reject what they can
before parsing; ``pipeline.run.isolation`` enforces the memory cap and the wall
clock on whatever is left. The defaults suit council papers on an ordinary
laptop; the CLI may override any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Resource limits for reading one file.

    Attributes:
        max_file_mb: largest input file accepted, in MB (committee papers with
            scanned appendices rarely pass 50 MB).
        max_pages: most PDF pages accepted; a full agenda pack is a few hundred.
        docx_max_uncompressed_mb: largest total uncompressed size a .docx zip
            may declare, in MB, checked from the zip directory before inflating.
        docx_max_ratio: highest compression ratio (uncompressed / compressed)
            of any one part of a .docx; real Word XML compresses about 5-20x,
            a zip bomb of zeros about 1000x.
        docx_max_parts: most parts (zip members) a .docx may have.
        memory_mb: address-space cap (RLIMIT_AS) of the reading process, in MB.
        timeout_s: wall-clock seconds one file may take before it is stopped.
    """

    max_file_mb: float = 100
    max_pages: int = 2000
    docx_max_uncompressed_mb: float = 200
    docx_max_ratio: float = 100
    docx_max_parts: int = 1000
    memory_mb: int = 1536
    timeout_s: float = 120

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            wanted = int if item.type == "int" else int | float
            if isinstance(value, bool) or not isinstance(value, wanted):
                kind = "a whole number" if item.type == "int" else "a number"
                raise ValueError(f"limit {item.name} must be {kind}, not {value!r}")
            if value <= 0:
                raise ValueError(f"limit {item.name} must be greater than 0, not {value}")
        if self.memory_mb < 64:
            raise ValueError(f"limit memory_mb must be at least 64, not {self.memory_mb}")

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, Any]) -> Limits:
        """Build limits from option overrides; ``None`` values keep the default.

        The CLI passes every option, set or not, so unset ones arrive as None.
        Unknown names are an error so a typo is not silently ignored.
        """
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(unknown)}")
        return cls(**{name: value for name, value in overrides.items() if value is not None})

    @property
    def max_file_bytes(self) -> int:
        """``max_file_mb`` in bytes."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def docx_max_uncompressed_bytes(self) -> int:
        """``docx_max_uncompressed_mb`` in bytes."""
        return int(self.docx_max_uncompressed_mb * 1024 * 1024)
