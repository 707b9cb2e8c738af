"""Extract functions for the isolation tests, run inside worker processes.

They live apart from the test module so that a worker imports only this small
module (not pytest fixtures, reportlab and the bad-file writers): each spawned
worker then starts in a fraction of a second and the tests stay quick.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from extractors.limits import Limits
from extractors.model import ExtractionError, Paper


def scripted(path: Path, limits: Limits) -> Paper:
    """Obey the command written in the file ("sleep 30", "exit 3", ...), then return a Paper.

    The Paper's title names the file and the worker's pid, so tests can see
    which process read what.
    """
    command, _, argument = path.read_text().partition(" ")
    if command == "sleep":
        time.sleep(float(argument))
    elif command == "exit":
        os._exit(int(argument))
    elif command == "signal":
        os.kill(os.getpid(), getattr(signal, argument))
    elif command == "allocate":
        bytearray(int(argument) * 2**20)
    elif command == "refuse":
        raise ExtractionError("no_records", argument)
    elif command == "fail":
        raise ValueError(argument)
    return Paper(path.name, "", "pdf", "scripted", f"{path.name} pid {os.getpid()}")


def pdfminer_text(path: Path, limits: Limits) -> Paper:
    """pdfminer's layout analysis: the slow path on a dense page."""
    from pdfminer.high_level import extract_text

    return Paper(path.name, "", "pdf", "pdfminer", extract_text(path)[:40])


def sniffed(path: Path, limits: Limits) -> Paper:
    """Only sniff the file (PDFium parses the first pages' content)."""
    from extractors.sniff import sniff

    return Paper(path.name, "", sniff(path, limits), "sniff", path.name)
