"""A stored paper is reused only when everything that made it is the same.

The key of a stored paper (``pipeline.run.reading.extraction_key``) covers the
installed code and data that read and normalise a file, the user's words and
the limits. The first test edits a flag rule in a copy of the package, as an
upgrade would, and runs ``rectrack run`` from that copy twice: the second run
must apply the new rule, not reuse the papers stored by the first.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import PAPERS

from extractors.limits import Limits
from extractors.settings import Settings
from pipeline.run import reading
from pipeline.run.codebase import code_digest

ROOT = Path(__file__).resolve().parent.parent
RULE = '"low_confidence": bool(rec.warnings),'


def _rectrack_run(code: Path, inbox: Path, out: Path) -> None:
    """``rectrack run`` in a fresh interpreter that imports the packages from ``code``."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("RECTRACK_VOCAB", None)
    done = subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()",
         "run", str(inbox), "--out", str(out)],
        cwd=code.parent, env=env, capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


def _flags(out: Path) -> list[str]:
    with (out / "records.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["flags"] for row in csv.DictReader(handle)]


def test_a_changed_flag_rule_is_applied_on_the_next_run(tmp_path: Path) -> None:
    code = tmp_path / "code"
    for package in ("extractors", "pipeline"):
        shutil.copytree(ROOT / package, code / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox)
    _rectrack_run(code, inbox, out)
    before = _flags(out)
    assert not all("low_confidence" in flags for flags in before)

    rule = code / "pipeline" / "normalise" / "flags.py"
    assert RULE in rule.read_text(encoding="utf-8")
    rule.write_text(rule.read_text(encoding="utf-8").replace(RULE, '"low_confidence": True,'),
                    encoding="utf-8")  # fmt: skip
    _rectrack_run(code, inbox, out)
    after = _flags(out)
    assert len(after) == len(before)
    assert all("low_confidence" in flags for flags in after)


def test_the_key_names_the_reading_code_the_words_and_the_limits() -> None:
    key = reading.extraction_key(Settings())
    assert code_digest(*reading.READING_CODE)[:16] in key
    assert key == reading.extraction_key(Settings(Limits()))
    others = [Settings(vocabulary='[status]\n"done" = "complete"\n'),
              Settings(Limits(max_pages=10)), Settings(Limits(docx_max_ratio=50))]
    assert len({key, *(reading.extraction_key(s) for s in others)}) == 4


def test_the_time_and_memory_a_reader_is_given_are_not_in_the_key() -> None:
    """A paper read under a 30 s clock is the paper read under 120 s: it is reused."""
    given = Settings(Limits(timeout_s=30, memory_mb=512))
    assert reading.extraction_key(given) == reading.extraction_key(Settings())


@pytest.mark.parametrize(("words", "message"), [
    ("[status\n", "not valid TOML"),
    ('[statuses]\n"done" = "complete"\n', "unknown table [statuses]"),
    ('status = "complete"\n', "must be a table"),
])
def test_a_bad_vocabulary_is_refused_before_anything_is_read(words: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        Settings(vocabulary=words)
