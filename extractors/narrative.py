"""Narrative reports -> recommendations, judgements and inspection facts, as printed.

Many papers have no tracker table: a scrutiny report on an inspection says in
prose what was inspected and when, and lists what the inspectorate asked for
("In the report Ofsted identified eight recommendations for improvement:"
followed by bullets). This module reads such papers in both formats:

1. ``extractors.prose`` turns the format's blocks into paragraphs and list
   items, whatever the format, and finds the lists with the paragraph before
   each;
2. a blank spaCy pipeline (sentencizer + EntityRuler + matchers; no model is
   downloaded) marks inspectorates, inspection types, item words ("areas for
   improvement"), dates and cue phrases (``extractors.narrative_nlp``);
3. a list is taken as recommendations only when the sentence right before it
   introduces them, so strengths, the committee's own resolutions ("That the
   panel note ..."), background papers and appendix lists are left alone; a
   count the paper announces is checked against the items found;
4. a list whose every item ends in a rating ("... is Good") is a list of
   judgements;
5. the inspection's body, type, dates and deadlines come from the sentences
   that state them (``extractors.narrative_facts``).

The words are data (``extractors/data/narrative_rules.toml``, inspectorates
from ``vocabulary.toml``), extendable through the ``RECTRACK_VOCAB`` file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.grid import Table
from extractors.labels import split_label
from extractors.model import Inspection, Judgement, LocationKind, Recommendation
from extractors.narrative_facts import OVERALL, Facts, facts_of, inspection_of
from extractors.narrative_nlp import Para, Tools, cues, nlp_tools
from extractors.prose import TextList, Unit, lists, units
from extractors.vocab import Vocabulary, vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from extractors.docx_reader import DocxParagraph
    from extractors.pdf_reader import PdfLine

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty",
    ))
}
_LINKING = re.compile(r"(?:[\s:–-]+(?:is|are|was|were|judged|rated|as|overall)?)+$", re.IGNORECASE)


@dataclass(frozen=True)
class NarrativeResult:
    """What the running text of one paper holds, as printed."""

    recommendations: tuple[Recommendation, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    judgements: tuple[Judgement, ...] = ()


# --- what a paragraph says ---------------------------------------------------


def _introduces(para: Para, tools: Tools) -> str:
    """The kind of item ("Recommendation") a paragraph says the next list holds, or "".

    It does when its last sentence names the items and either is nothing but
    that name ("Recommendations:", a heading) or ends with a colon and has an
    introducing cue ("identified", "the following"), and it neither asks the
    committee to resolve nor is about progress on the items.
    """
    if not para.unit.text:
        return ""
    sentence = list(para.doc.sents)[-1]
    kinds = [e.ent_id_ for e in sentence.ents if e.label_ == "ITEM"]
    if not kinds or _starts_resolution(para.doc, tools):
        return ""
    words = [t for t in sentence if not t.is_punct]
    if all(t.ent_type_ == "ITEM" for t in words):
        return kinds[0]
    roles = cues(sentence, tools)
    if not para.unit.text.rstrip().endswith(":") or "intro" not in roles:
        return ""
    return "" if {"not_intro", "resolution"} & roles.keys() else kinds[0]


def _starts_resolution(doc: Doc, tools: Tools) -> bool:
    """The paragraph or item opens like a committee resolution ("That ...", "Note ...")."""
    return any(start == 0 for start, _ in cues(doc, tools).get("resolution_start", []))


def _announced(paras: Sequence[Para], intro: int, kind: str, tools: Tools) -> int | None:
    """The count of items the paper announces for the list after ``paras[intro]``.

    It is said in the intro ("identified eight recommendations") or in the
    paragraph just before it ("Four areas for improvement were identified.").
    """
    for index in (intro, intro - 1):
        para = paras[max(index, 0)]
        if index < 0 or (index < intro and (para.unit.heading or para.unit.list_id)):
            return None
        found = [n for n in (_count(m, para.doc, kind) for m in tools.counts(para.doc)) if n]
        if found:
            return found[-1]
    return None


def _count(match: tuple[int, int, int], doc: Doc, kind: str) -> int | None:
    """The number a COUNT match gives for items of ``kind``, or None."""
    _, start, end = match
    if doc[end - 1].ent_id_ != kind:
        return None
    word = doc[start].lower_
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


# --- judgements ----------------------------------------------------------------


def _rating_split(text: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """(aspect, rating as printed) for a text ending in a capitalised rating, else None."""
    words = text.rstrip(" .;").split()
    for size in range(min(5, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        if tail[:1].isupper() and vocab.rating(tail):
            return _LINKING.sub("", " ".join(words[:-size])), tail
    return None


def _judgements(items: Sequence[Unit], date_text: str, vocab: Vocabulary) -> list[Judgement]:
    """Judgements from a list whose every item ends in a rating; [] for any other list.

    The judgement the paper calls overall gets the subject "Overall"; every
    other aspect is judged as its own subject, so subject = aspect.
    """
    rated = [(item, split) for item in items if (split := _rating_split(item.text, vocab))]
    if len(items) < 2 or len(rated) < len(items):
        return []
    return [
        Judgement(
            location=item.location,
            subject="Overall" if OVERALL.search(item.text) else aspect,
            aspect=aspect,
            judgement_text=rating,
            inspection_date_text=date_text,
        )
        for item, (aspect, rating) in rated
    ]


# --- the whole paper -------------------------------------------------------------


def read_narrative(
    blocks: Sequence[DocxParagraph | PdfLine | Table], location_kind: LocationKind,
    title: str = "",
) -> NarrativeResult:
    """Recommendations, judgements and the inspection a paper's running text states.

    ``blocks`` are ``DocxDocument.blocks`` (``location_kind`` "paragraph") or
    ``PdfDocument.blocks`` ("page"); ``title`` is the paper's, where the
    inspection is often named. Nothing is recorded for a paper without an
    introduced list of recommendations or a list of judgements.
    """
    text = units(blocks, location_kind)
    if not any(u.list_id or u.marker for u in text):
        return NarrativeResult()  # no list at all: spaCy need not even be loaded
    made = nlp_tools()
    docs = made.nlp.pipe(u.text for u in text)
    paras = [Para(u, doc) for u, doc in zip(text, docs, strict=True)]
    return _read(paras, made.nlp(title), made, vocabulary())


def _read(paras: Sequence[Para], title: Doc, tools: Tools, vocab: Vocabulary,
          ) -> NarrativeResult:
    """Sort the lists into recommendations and judgements, then add the inspection."""
    found: list[tuple[str, TextList]] = []
    rated: list[TextList] = []
    for listed in lists([p.unit for p in paras]):
        kind = _introduces(paras[listed.intro], tools)
        if kind and not _mostly_resolutions(listed.items, tools):
            found.append((kind, listed))
        elif _judgements(listed.items, "", vocab):
            rated.append(listed)
    if not (found or rated):
        return NarrativeResult()
    focus = found[0][1] if found else rated[0]
    facts = facts_of(paras, paras[focus.intro], title, tools)
    judgements = [j for r in rated for j in _judgements(r.items, facts.inspected, vocab)]
    recommendations = _recommendations(paras, found, facts, tools)
    return NarrativeResult(tuple(recommendations), (inspection_of(facts, rated),),
                           tuple(judgements))


def _mostly_resolutions(items: Sequence[Unit], tools: Tools) -> bool:
    """Half or more of the items are committee resolutions: not recommendations.

    A resolution opens like one ("That ...", "Note ...") or asks the
    committee to act ("The panel is asked to ...").
    """
    resolutions = sum(
        _starts_resolution(doc, tools) or "resolution" in cues(doc, tools)
        for doc in tools.nlp.pipe(item.text for item in items)
    )
    return 2 * resolutions >= len(items)


def _recommendations(
    paras: Sequence[Para], found: Iterable[tuple[str, TextList]], facts: Facts,
    tools: Tools,
) -> list[Recommendation]:
    """One record per item; labels count on per kind across the paper's lists."""
    numbers: Counter[str] = Counter()
    out: list[Recommendation] = []
    for kind, listed in found:
        announced = _announced(paras, listed.intro, kind, tools)
        warnings = () if announced in (None, len(listed.items)) else (
            f"the paper announces {announced} items of this list but "
            f"{len(listed.items)} were found",)
        for item in listed.items:
            numbers[kind] += 1
            label, text = split_label(item.text)
            out.append(Recommendation(
                location=item.location,
                directorate="",
                inspection=facts.title,
                inspection_body=facts.body,
                label=label or f"{kind} {numbers[kind]}",
                label_from_position=not label,
                recommendation=text,
                warnings=warnings,
            ))
    return out
