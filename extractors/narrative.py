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
   improvement"), dates and cue phrases;
3. a list is taken as recommendations only when the sentence right before it
   introduces them, so strengths, the committee's own resolutions ("That the
   panel note ..."), background papers and appendix lists are left alone; a
   count the paper announces is checked against the items found;
4. a list whose every item ends in a rating ("... is Good") is a list of
   judgements;
5. the inspection's body, type, dates and deadlines come from the sentences
   that state them.

The words are data (``extractors/data/narrative_rules.toml``, inspectorates
from ``vocabulary.toml``), extendable through the ``RECTRACK_VOCAB`` file.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractors.grid import Table
from extractors.labels import split_label
from extractors.model import Inspection, Judgement, Location, LocationKind, Recommendation
from extractors.prose import TextList, Unit, lists, units
from extractors.vocab import Vocabulary, built_from_words, load_tables, vocabulary

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span

    from extractors.docx_reader import DocxParagraph
    from extractors.pdf_reader import PdfLine

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty",
    ))
}
_LINKING = re.compile(r"(?:[\s:–-]+(?:is|are|was|were|judged|rated|as|overall)?)+$", re.IGNORECASE)
_OVERALL = re.compile(r"\boverall\b", re.IGNORECASE)


@dataclass(frozen=True)
class NarrativeResult:
    """What the running text of one paper holds, as printed."""

    recommendations: tuple[Recommendation, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    judgements: tuple[Judgement, ...] = ()


# --- rules and the spaCy pipeline --------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The narrative word lists (see ``data/narrative_rules.toml``), lower-cased.

    ``items`` and ``inspection_types`` map a canonical name to its phrases;
    ``cues`` maps a role ("intro", "deadline", ...) to its phrases.
    """

    items: dict[str, tuple[str, ...]]
    inspection_types: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]


@built_from_words
def rules() -> Rules:
    """The default rules, with the tables of the same names from the user's words merged in."""
    tables = load_tables("narrative_rules.toml")
    roles: dict[str, list[str]] = {}
    for phrase, role in tables["narrative_cues"].items():
        roles.setdefault(role, []).append(phrase.lower())
    return Rules(
        items=_lowered(tables["narrative_items"]),
        inspection_types=_lowered(tables["narrative_inspection_types"]),
        cues={role: tuple(phrases) for role, phrases in roles.items()},
    )


def _lowered(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {name: tuple(p.lower() for p in phrases) for name, phrases in table.items()}


@dataclass(frozen=True)
class _Tools:
    """The pipeline and matchers; building them costs about a second, so once per process."""

    nlp: Language
    cues: PhraseMatcher
    counts: Matcher


@built_from_words
def _tools() -> _Tools:
    """A blank English pipeline: sentences, entities from the rules, cue and count matchers."""
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_entity_patterns(rules(), vocabulary()))  # type: ignore[attr-defined]
    cues = PhraseMatcher(nlp.vocab, attr="LOWER")
    for role, phrases in rules().cues.items():
        cues.add(role, [nlp.make_doc(phrase) for phrase in phrases])
    counts = Matcher(nlp.vocab)
    # "eight recommendations", "Four areas for improvement", "the 8 Ofsted recommendations"
    counts.add("COUNT", [[
        {"LIKE_NUM": True},
        {"IS_ALPHA": True, "ENT_TYPE": {"NOT_IN": ["ITEM"]}, "OP": "?"},
        {"ENT_TYPE": "ITEM"},
    ]])
    return _Tools(nlp, cues, counts)


def _entity_patterns(rules: Rules, vocab: Vocabulary) -> list[dict[str, Any]]:
    """EntityRuler patterns: BODY, ITYPE and ITEM phrases (id = canonical name), DATE shapes."""
    patterns: list[dict[str, Any]] = [
        {"label": label, "pattern": phrase, "id": name}
        for label, table in (
            ("BODY", vocab.bodies), ("ITYPE", rules.inspection_types), ("ITEM", rules.items),
        )
        for name, phrases in table.items()
        for phrase in phrases
    ]
    day: dict[str, Any] = {"TEXT": {"REGEX": r"^\d{1,2}(?:st|nd|rd|th)?$"}}
    month: dict[str, Any] = {"LOWER": {"IN": list(_MONTHS)}}
    year: dict[str, Any] = {"TEXT": {"REGEX": r"^(?:19|20)\d\d$"}}
    patterns += [
        {"label": "DATE", "pattern": [day, {"LOWER": "of", "OP": "?"}, month, {**year, "OP": "?"}]},
        {"label": "DATE", "pattern": [month, year]},
    ]
    return patterns


# --- what a paragraph says ---------------------------------------------------


@dataclass(frozen=True)
class _Para:
    """A unit of the running text with its spaCy Doc."""

    unit: Unit
    doc: Doc


def _cues(doclike: Span | Doc, tools: _Tools) -> dict[str, list[tuple[int, int]]]:
    """Cue role -> (start, end) of each of its phrases in ``doclike``, in Doc positions."""
    strings = doclike.vocab.strings
    found: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in tools.cues(doclike):
        found.setdefault(strings[match_id], []).append((start, end))
    return found


def _introduces(para: _Para, tools: _Tools) -> str:
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
    roles = _cues(sentence, tools)
    if not para.unit.text.rstrip().endswith(":") or "intro" not in roles:
        return ""
    return "" if {"not_intro", "resolution"} & roles.keys() else kinds[0]


def _starts_resolution(doc: Doc, tools: _Tools) -> bool:
    """The paragraph or item opens like a committee resolution ("That ...", "Note ...")."""
    return any(start == 0 for start, _ in _cues(doc, tools).get("resolution_start", []))


def _announced(paras: Sequence[_Para], intro: int, kind: str, tools: _Tools) -> int | None:
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
            subject="Overall" if _OVERALL.search(item.text) else aspect,
            aspect=aspect,
            judgement_text=rating,
            inspection_date_text=date_text,
        )
        for item, (aspect, rating) in rated
    ]


# --- inspection facts ----------------------------------------------------------


@dataclass
class _Facts:
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


def _facts(paras: Sequence[_Para], focus: _Para, title: Doc, tools: _Tools) -> _Facts:
    """The inspection's body, type, name as printed, dates and deadlines.

    The body and type named where the list is introduced win; else the first
    named anywhere. The name is the paper title's words from the body to the
    type, else the first such words in the text. Dates and deadlines come from
    every sentence in order.
    """
    facts = _Facts(focus.unit.location)
    facts.printed = next(filter(None, (_printed_name(d) for d in (title, *(p.doc for p in paras)))),
                         "")
    for para in (focus, *paras):
        for ent in para.doc.ents:
            if ent.label_ == "BODY" and not facts.body:
                facts.body = ent.ent_id_
            elif ent.label_ == "ITYPE" and not facts.kind:
                facts.kind = ent.ent_id_
                facts.reinspection = "reinspection" in _cues(ent.sent, tools)
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


def _read_dates(sentence: Span, location: Location, facts: _Facts, tools: _Tools) -> None:
    """Take the inspection date, publication date and deadlines one sentence states.

    A dated deadline needs a year; a date before "published" is the inspection
    date when the sentence is about an inspection.
    """
    cues = _cues(sentence, tools)
    published_at = min((start for start, _ in cues.get("published", [])), default=sentence.end)
    about_inspection = {"inspected", "reinspection"} & cues.keys() or any(
        e.label_ == "ITYPE" for e in sentence.ents)
    deadline_ends = {end for _, end in cues.get("deadline", [])}
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


def _inspection(facts: _Facts, rated: Sequence[TextList]) -> Inspection:
    """The inspection record; its overall outcome is the overall judgement as printed."""
    overall = (i.text for r in rated for i in r.items if _OVERALL.search(i.text))
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
    tools = _tools()
    docs = tools.nlp.pipe(u.text for u in text)
    paras = [_Para(u, doc) for u, doc in zip(text, docs, strict=True)]
    return _read(paras, tools.nlp(title), tools, vocabulary())


def _read(paras: Sequence[_Para], title: Doc, tools: _Tools, vocab: Vocabulary,
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
    facts = _facts(paras, paras[focus.intro], title, tools)
    judgements = [j for r in rated for j in _judgements(r.items, facts.inspected, vocab)]
    recommendations = _recommendations(paras, found, facts, tools)
    return NarrativeResult(tuple(recommendations), (_inspection(facts, rated),), tuple(judgements))


def _mostly_resolutions(items: Sequence[Unit], tools: _Tools) -> bool:
    """Half or more of the items are committee resolutions: not recommendations.

    A resolution opens like one ("That ...", "Note ...") or asks the
    committee to act ("The panel is asked to ...").
    """
    resolutions = sum(
        _starts_resolution(doc, tools) or "resolution" in _cues(doc, tools)
        for doc in tools.nlp.pipe(item.text for item in items)
    )
    return 2 * resolutions >= len(items)


def _recommendations(
    paras: Sequence[_Para], found: Iterable[tuple[str, TextList]], facts: _Facts,
    tools: _Tools,
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
