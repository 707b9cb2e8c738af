"""What a reading process is given besides the file: the limits and the user's words.

Settings travel as an argument with every file a reader is handed (to local
worker processes and to Dask workers alike), so a reader never depends on
the environment of the process it happens to run in, and what a stored
Paper was read with can be named exactly (``digest``, part of its
extraction key in ``pipeline.run.reading``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from extractors.limits import Limits
from extractors.vocab import use_words, user_tables

#: The parsers a PDF page's chars, rects and lines can be read with
#: (``extractors.pdf_reader``): PDFium (``extractors.pdf_pdfium``, pdfminer where it
#: cannot read a page as pdfminer would) or pdfminer alone, through pdfplumber.
PAGE_READERS = ("pdfium", "pdfminer")
#: The environment variable that names the page reader (read by the CLI only).
PAGE_READER_ENV = "RECTRACK_PAGE_READER"
#: The page reader this process reads with (``Settings.apply`` sets it).
_PAGE_READER = ["pdfium"]

#: Limits on what a reader is given (wall clock, memory): whether it finishes, not what it yields.
RESOURCES = ("memory_mb", "timeout_s")


@dataclass(frozen=True)
class Settings:
    """How to read one file.

    Attributes:
        limits: the resource limits of one file (``extractors.limits.Limits``).
        vocabulary: the text of the user's vocabulary file (TOML), merged over
            the packaged words; "" for the packaged words alone. The text, not
            its path, so that a worker on another machine reads with it too.
        page_reader: what parses a PDF's pages, one of PAGE_READERS.
    """

    limits: Limits = field(default_factory=Limits)
    vocabulary: str = ""
    page_reader: str = PAGE_READERS[0]

    def __post_init__(self) -> None:
        if not isinstance(self.limits, Limits):
            raise ValueError(f"settings limits must be Limits, not {self.limits!r}")
        if not isinstance(self.vocabulary, str):
            raise ValueError("settings vocabulary must be the text of a vocabulary file")
        user_tables(self.vocabulary)  # raises ValueError naming what is wrong
        if self.page_reader not in PAGE_READERS:
            raise ValueError(f"page reader {self.page_reader!r} is not one of "
                             f"{', '.join(PAGE_READERS)}")

    @classmethod
    def with_vocabulary_file(cls, limits: Limits, path: Path | None) -> Settings:
        """Settings with the words of the vocabulary file at ``path`` (None: the packaged words).

        Raises ValueError, naming the file, when it cannot be read or is not a
        vocabulary file.
        """
        if path is None:
            return cls(limits)
        try:
            return cls(limits, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read the vocabulary file {path}: {exc}") from exc
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc

    def digest(self) -> str:
        """A short digest of what these settings can change in a Paper, in any process.

        The words, the limits a file is checked against (size, pages, the
        zip directory) and the page reader (records name it). Not
        ``RESOURCES``: a read that finished yields the same Paper whatever
        time and memory it was given, so a watcher run with
        ``--timeout 30`` and a nightly run with the default share their papers.
        """
        checked = {k: v for k, v in asdict(self.limits).items() if k not in RESOURCES}
        facts = json.dumps([checked, self.vocabulary, self.page_reader], sort_keys=True)
        return hashlib.sha256(facts.encode()).hexdigest()[:16]

    def apply(self) -> None:
        """Make these settings' words and page reader the ones this process reads with."""
        use_words(self.vocabulary)
        use_page_reader(self.page_reader)


def use_page_reader(name: str) -> None:
    """Read PDF pages with ``name`` (one of PAGE_READERS) in this process from now on."""
    if name not in PAGE_READERS:
        raise ValueError(f"page reader {name!r} is not one of {', '.join(PAGE_READERS)}")
    _PAGE_READER[0] = name


def page_reader() -> str:
    """The page reader this process reads with."""
    return _PAGE_READER[0]
