"""The narrative reader's words and its spaCy pipeline, built once per process.

The word lists are data (``extractors/data/narrative_rules.toml``; inspectorates
from ``vocabulary.toml``), merged with the user's words (``rules``). A blank
English pipeline (no model is downloaded) marks inspectorates (BODY),
inspection types (ITYPE), item words (ITEM) and dates with an EntityRuler;
phrase and token matchers find cue phrases and announced counts (``nlp_tools``).
``Para`` is a unit of running text with its Doc, what every later step reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractors.prose import Unit
from extractors.vocab import Vocabulary, built_from_words, load_tables, vocabulary

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc, Span

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip


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
class Tools:
    """The pipeline and matchers; building them costs about a second, so once per process."""

    nlp: Language
    cues: PhraseMatcher
    counts: Matcher


@built_from_words
def nlp_tools() -> Tools:
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
    return Tools(nlp, cues, counts)


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


@dataclass(frozen=True)
class Para:
    """A unit of the running text with its spaCy Doc."""

    unit: Unit
    doc: Doc


def cues(doclike: Span | Doc, tools: Tools) -> dict[str, list[tuple[int, int]]]:
    """Cue role -> (start, end) of each of its phrases in ``doclike``, in Doc positions."""
    strings = doclike.vocab.strings
    found: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in tools.cues(doclike):
        found.setdefault(strings[match_id], []).append((start, end))
    return found
