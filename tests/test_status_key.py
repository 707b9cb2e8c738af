"""The paper's colour key in every form it is printed, matched to the fills it uses."""

from __future__ import annotations

import pytest

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.model import Location, Recommendation
from extractors.status_key import (
    INFERRED,
    inferred_key,
    key_sentences,
    key_table,
    match_fills,
    paper_key,
)
from extractors.vocab import vocabulary

VOCAB = vocabulary()


def _named(texts: list[str]) -> list[tuple[str, str]]:
    return [(e.colour_name, e.status_text) for e in key_sentences(texts, VOCAB)]


def test_a_sentence_key_wrapped_over_two_printed_lines() -> None:
    lines = ["RAG key: Green – complete; Amber – in progress and",
             "on track; Red – significant delay", "The table below shows progress."]  # fmt: skip
    assert _named(lines) == [
        ("Green", "complete"), ("Amber", "in progress and on track"), ("Red", "significant delay")
    ]


def test_initials_separated_by_commas_with_asides() -> None:
    text = "Key: G = Completed, A = In progress, R = Overdue (more than 3 months late)."
    assert _named([text]) == [("G", "Completed"), ("A", "In progress"), ("R", "Overdue")]


def test_a_list_of_definitions_one_per_paragraph() -> None:
    paragraphs = ["Key:", "B - Complete", "G - On track", "A - Partly delayed", "R - Overdue"]
    assert [name for name, _ in _named(paragraphs)] == ["B", "G", "A", "R"]


def test_meanings_in_brackets_or_between_bars() -> None:
    assert _named(["RAG status: Red (not started), Amber (in progress), Green (complete)"]) == [
        ("Red", "not started"), ("Amber", "in progress"), ("Green", "complete")
    ]
    assert _named(["Status key: Blue = Complete | Green = On track | Red = Overdue"]) == [
        ("Blue", "Complete"), ("Green", "On track"), ("Red", "Overdue")
    ]


@pytest.mark.parametrize("text", [
    "Red-rated risks are listed in the Amber appendix.",
    "The council's green – complete refurbishment of the library.",
    "Option A: in progress with partners; nothing further.",
])  # fmt: skip
def test_colour_words_in_prose_are_no_key(text: str) -> None:
    assert key_sentences([text], VOCAB) == []


def test_each_fill_goes_to_the_named_colour_nearest_in_hue() -> None:
    """Light green 92D050 is nearer amber than green in RGB hue, not in CIELAB."""
    entries = key_sentences(["Key: Green – complete; Amber – on track; Grey – not applicable"],
                            VOCAB)  # fmt: skip
    matched = match_fills(entries, ["92D050", "00B050", "FFBF00", "D9D9D9", "7030A0"])
    assert [(e.colour_name, e.colour) for e in matched] == [
        ("Green", "00B050"), ("Green", "92D050"), ("Amber", "FFBF00"), ("Grey", "D9D9D9")
    ]


def test_no_key_names_fills_by_the_usual_rag_colours() -> None:
    key = inferred_key(["C00000", "FFC000", "92D050", "00B0F0", "BFBFBF"])
    assert [(e.colour, e.status_text) for e in key] == [
        ("00B0F0", "Blue"), ("92D050", "Green"), ("C00000", "Red"), ("FFC000", "Amber")
    ]
    assert {e.description for e in key} == {INFERRED}


def _cell(text: str, first: int, fill: str = "") -> Cell:
    return Cell((Paragraph(text),) if text else (), first, first, fill)


def _table(*rows: tuple[Cell, ...]) -> Table:
    return Table(tuple(Row(r, Location("page", 1)) for r in rows), 8)


def test_a_legend_of_swatches_in_one_row() -> None:
    legend = _table((_cell("", 0, "00B050"), _cell("Complete", 1), _cell("", 2, "FFC000"),
                     _cell("In progress", 3), _cell("", 4, "FF0000"),
                     _cell("Significant delay", 5)))  # fmt: skip
    assert [(e.colour, e.status_text) for e in key_table(legend, VOCAB)] == [
        ("00B050", "Complete"), ("FFC000", "In progress"), ("FF0000", "Significant delay")
    ]


def test_colour_names_beside_their_meanings_in_a_table() -> None:
    key = key_table(_table((_cell("Green", 0), _cell("Complete", 1)),
                           (_cell("Red", 0), _cell("Overdue", 1))), VOCAB)  # fmt: skip
    assert [(e.colour_name, e.status_text) for e in key] == [("Green", "Complete"),
                                                             ("Red", "Overdue")]


def test_a_coloured_status_cell_beside_its_progress_update_is_no_legend() -> None:
    """A page of a tracker whose Status cells carry only a colour is not a key."""
    rows = [(_cell("", 0, "00B050"), _cell("Reconciliations now run every month by the team.", 1)),
            (_cell("", 0, "FF0000"), _cell("No progress: the post is vacant.", 1))]  # fmt: skip
    assert key_table(_table(*rows), VOCAB) == []


def _rec(status_text: str = "", colour: str = "") -> Recommendation:
    return Recommendation(Location("page", 1), "", "Audit", "1", "Do it.",
                          status_text=status_text, status_colour=colour)  # fmt: skip


def test_only_records_read_from_a_colour_are_warned_when_the_paper_has_no_key() -> None:
    records = [_rec(colour="00B050"), _rec("Green"), _rec("Complete", "00B050"), _rec()]
    key, warned = paper_key([], [], records, VOCAB)
    assert [bool(r.warnings) for r in warned] == [True, True, False, False]
    assert [e.colour for e in key] == ["00B050"]
    key, kept = paper_key([], ["Key: Green – complete; Red – overdue"], records, VOCAB)
    assert not any(r.warnings for r in kept)
    assert [(e.colour_name, e.colour) for e in key] == [("Green", "00B050"), ("Red", "")]
