"""Normalise a Paper's printed words: status codes, dates, keys, series/edition.

Extractors keep the text as printed; this stage adds the normalised values
beside it (never instead of it), so every code in the outputs can be checked
against the words it came from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.model import Inspection, Judgement, Paper, Recommendation, StatusKeyEntry
from extractors.vocab import Vocabulary, fold, vocabulary
from pipeline.normalise.dates import find_dates, parse_date
from pipeline.normalise.edition import place
from pipeline.normalise.flags import with_flags

_PUBLISHED = re.compile(r"\b(?:published|findings\s+received|report\s+received)\b", re.I)
_KIND_WORDS = (
    (re.compile(r"\brecommendations?\b|\brecs?\b"), "rec"),
    (re.compile(r"\bareas? for improvement\b"), "afi"),
)


def normalise_paper(paper: Paper, vocab: Vocabulary | None = None) -> Paper:
    """The same Paper with every normalised field filled in, flags included.

    Series, edition and meeting date come from ``pipeline.normalise.edition.place``; a
    pack's papers are each normalised.
    """
    vocab = vocab or vocabulary()
    if paper.parts:
        return place(replace(paper, parts=tuple(normalise_paper(p, vocab) for p in paper.parts)))
    key = tuple(_key_entry(e, vocab) for e in paper.status_key)
    colours = {e.colour: e.status for e in key if e.colour and e.status}
    named = {fold(e.colour_name): e.status for e in key if e.colour_name and e.status}
    return with_flags(replace(
        place(paper),
        status_key=key,
        recommendations=tuple(
            _recommendation(r, colours, named, vocab) for r in paper.recommendations
        ),
        inspections=tuple(_inspection(i) for i in paper.inspections),
        judgements=tuple(_judgement(j, vocab) for j in paper.judgements),
    ))


def record_key(inspection: str, label: str) -> str:
    """Identity of a recommendation across editions: inspection + label, folded.

    Case, punctuation, spacing and the spelling of the label's kind do not
    matter: "Rec IR5" and "REC IR5", "Recommendation 2" and "Rec 2" are one key.
    """
    return f"{_slug(inspection)}/{_slug(label)}"


def _slug(text: str) -> str:
    """Folded text with kind words made canonical, hyphen-joined."""
    folded = fold(text)
    for pattern, canonical in _KIND_WORDS:
        folded = pattern.sub(canonical, folded)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _key_entry(entry: StatusKeyEntry, vocab: Vocabulary) -> StatusKeyEntry:
    """A Status key line with its status code."""
    return replace(entry, status=vocab.status_code(entry.status_text))


def _recommendation(
    rec: Recommendation, colours: dict[str, str], named: dict[str, str], vocab: Vocabulary
) -> Recommendation:
    """A recommendation with dates, status and key set (flags come later).

    A Status cell that prints a colour the paper's key defines ("Green", "G")
    means what the key says, before what the vocabulary says of that word.
    """
    words = named.get(fold(rec.status_text)) or vocab.status_code(rec.status_text)
    return replace(
        rec,
        original_target=parse_date(rec.original_target_text),
        revised_target=parse_date(rec.revised_target_text),
        status=words or colours.get(rec.status_colour, ""),
        status_from_colour=colours.get(rec.status_colour, ""),
        record_key=record_key(rec.inspection, rec.label),
    )


def _inspection(inspection: Inspection) -> Inspection:
    """An inspection with its inspection and publication dates read.

    "Focused visit: 14 and 15 May 2024 Published: 12 July 2024": the first
    date before a "published" word is the inspection, the first after it the
    publication.
    """
    text = inspection.date_text
    split = _PUBLISHED.search(text)
    before, after = (text[: split.start()], text[split.end() :]) if split else (text, "")
    inspected, published = find_dates(before), find_dates(after)
    return replace(
        inspection,
        inspection_date=inspected[0] if inspected else "",
        published_date=published[0] if published else "",
        deadlines=_deadlines(inspection.deadlines),
    )


def _deadlines(text: str) -> str:
    """Deadline entries with their leading date normalised, the sentence kept.

    "10th May 2018: An action plan ... by the 10th May 2018 ..." becomes
    "2018-05-10: An action plan ..."; entries are separated by " | ".
    """
    entries = []
    for entry in filter(None, text.split(" | ")):
        when, _, what = entry.partition(": ")
        entries.append(f"{parse_date(when) or when}: {what}")
    return " | ".join(entries)


def _judgement(judgement: Judgement, vocab: Vocabulary) -> Judgement:
    """A judgement with its rating and date normalised."""
    return replace(
        judgement,
        judgement=vocab.rating(judgement.judgement_text),
        inspection_date=parse_date(judgement.inspection_date_text),
    )
