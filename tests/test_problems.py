"""Problems are declared once (``pipeline.problems``): the README, the flags and the
reviews' choices take their lists from there."""

from __future__ import annotations

from pathlib import Path

from pipeline.history.reviews import ACTIONS
from pipeline.normalise import flags
from pipeline.problems import ALERT_CODES, FLAGS, PROBLEMS, markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_tables_are_the_declared_problems() -> None:
    text = README.read_text(encoding="utf-8")
    for kind in ("change", "flag"):
        assert markdown_table(kind) in text, f"README's {kind} table is not the declared one"


def test_flags_are_raised_in_the_declared_order_and_reviewed_from_the_same_list() -> None:
    assert flags.FLAGS is FLAGS
    assert ACTIONS["flag"].choices["flag"] == FLAGS
    assert ACTIONS["ack"].choices["alert"] == ALERT_CODES


def test_every_code_is_declared_once_with_a_title_meaning_and_rule() -> None:
    codes = [p.code for p in PROBLEMS]
    assert len(codes) == len(set(codes))
    assert all(p.title and p.meaning and p.rule for p in PROBLEMS)
