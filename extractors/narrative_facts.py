"""What a narrative report says about its inspection: body, type, name, dates, deadlines.

The facts come from the sentences that state them (first statement wins): the
body and type named where the list is introduced, else the first named
anywhere; the inspection's name as the paper prints it ("Care Quality
Commission Assessment of Adult Social Care", "LGA Corporate Peer Challenge"),
from the title's words running from a body to a type, else the text's; the
inspection and publication dates and dated deadlines, sentence by sentence.
``inspection_body`` keeps the body's canonical name (the acronym).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.model import Inspection, Location
from extractors.narrative_nlp import Para, Tools, cues
from extractors.prose import TextList

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: A judgement the paper calls overall (the inspection's overall outcome).
OVERALL = re.compile(r"\boverall\b", re.IGNORECASE)


@dataclass
class Facts:
    """What the text says about the inspection, as printed (first statement wins).

    ``location`` is where the inspection date is stated, else where the list
    is introduced.
    """

    location: Location
    body: str = ""
    kind: str = ""
    printed: str = ""
    reinspection: bool = False
    inspected: str = ""
    published: str = ""
    deadlines: dict[str, str] = field(default_factory=dict)

    @property
    def inspection_type(self) -> str:
        """"Single Inspection Framework re-inspection": the type, and how it was done."""
        return self.kind + (" re-inspection" if self.kind and self.reinspection else "")

    @property
    def title(self) -> str:
        """The inspection as the paper names it ("Care Quality Commission Assessment of
        Adult Social Care"), else body and type ("Ofsted Single Inspection Framework
        re-inspection")."""
        if not self.printed:
            return " ".join(p for p in (self.body, self.inspection_type) if p)
        again = self.reinspection and "re-inspection" not in self.printed.lower()
        return self.printed + (" re-inspection" if again else "")

    @property
    def date_text(self) -> str:
        """The dates in the shape ``pipeline.normalise.paper`` splits on "Published"."""
        parts = [f"Inspected: {self.inspected}" if self.inspected else "",
                 f"Published: {self.published}" if self.published else ""]
        return " ".join(p for p in parts if p)


def facts_of(paras: Sequence[Para], focus: Para, title: Doc, tools: Tools) -> Facts:
    """The inspection's body, type, name as printed, dates and deadlines.

    The body and type named where the list is introduced win; else the first
    named anywhere. The name is the paper title's words from the body to the
    type, else the first such words in the text. Dates and deadlines come from
    every sentence in order.
    """
    facts = Facts(focus.unit.location)
    facts.printed = next(filter(None, (_printed_name(d) for d in (title, *(p.doc for p in paras)))),
                         "")
    for para in (focus, *paras):
        for ent in para.doc.ents:
            if ent.label_ == "BODY" and not facts.body:
                facts.body = ent.ent_id_
            elif ent.label_ == "ITYPE" and not facts.kind:
                facts.kind = ent.ent_id_
                facts.reinspection = "reinspection" in cues(ent.sent, tools)
    for para in paras:
        for sentence in para.doc.sents:
            _read_dates(sentence, para.unit.location, facts, tools)
    return facts


def _printed_name(doc: Doc) -> str:
    """The words naming an inspection where a body and a type are printed together
    ("LGA Corporate Peer Challenge", "Care Quality Commission Assessment of Adult
    Social Care"), or ""."""
    ents = [e for e in doc.ents if e.label_ in ("BODY", "ITYPE")]
    for first, second in itertools.pairwise(ents):
        if (first.label_, second.label_) == ("BODY", "ITYPE") and second.start - first.end <= 2:
            gap = doc[first.end : second.start]
            if not any(t.is_punct for t in gap):
                return doc[first.start : second.end].text
    return ""


def _read_dates(sentence: Span, location: Location, facts: Facts, tools: Tools) -> None:
    """Take the inspection date, publication date and deadlines one sentence states.

    A dated deadline needs a year; a date before "published" is the inspection
    date when the sentence is about an inspection.
    """
    said = cues(sentence, tools)
    published_at = min((start for start, _ in said.get("published", [])), default=sentence.end)
    about_inspection = {"inspected", "reinspection"} & said.keys() or any(
        e.label_ == "ITYPE" for e in sentence.ents)
    deadline_ends = {end for _, end in said.get("deadline", [])}
    doc = sentence.doc
    for ent in sentence.ents:
        if ent.label_ != "DATE" or not any(t.text.isdigit() and len(t) == 4 for t in ent):
            continue
        if about_inspection and ent.start < published_at and not facts.inspected:
            facts.inspected, facts.location = ent.text, location
        elif ent.start > published_at and not facts.published:
            facts.published = ent.text
        cue_end = ent.start - 1 if ent.start and doc[ent.start - 1].lower_ == "the" else ent.start
        if cue_end in deadline_ends:
            facts.deadlines.setdefault(ent.text.lower(), f"{ent.text}: {sentence.text}")


def inspection_of(facts: Facts, rated: Sequence[TextList]) -> Inspection:
    """The inspection record; its overall outcome is the overall judgement as printed."""
    overall = (i.text for r in rated for i in r.items if OVERALL.search(i.text))
    return Inspection(
        location=facts.location,
        directorate="",
        title=facts.title,
        inspection_body=facts.body,
        inspection_type=facts.inspection_type,
        date_text=facts.date_text,
        overall_outcome=next(overall, ""),
        deadlines=" | ".join(facts.deadlines.values()),
    )
