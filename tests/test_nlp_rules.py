"""The table-driven attribute ruler and lemmatizer set what spaCy's AttributeRuler and Lemmatizer
set, token for token."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from eventwire.nlp_rules import TableAttributeRuler, TableLemmatizer
from eventwire.nlp import load_model

COMPARED = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
# Texts for every kind of rule in the English model: the tag map, morph rules on pronouns by
# dependency, two-token lemma rules (ain't, gonna, gotta, let's, c'mon, y'all), expletive there.
TEXTS = [
    "I ain't gonna sign it, y'all. Let's go, c'mon! There is a deal. There's more, there were two.",
    "You did it and I did too: it saw you and me. Gotta love it. But he did not, said Ms. Ng.",
    "That is that, which he said; this is what I had. Ya'll aint gotta worry, yall.",
    "Russia accused Ukraine on Monday of shelling the plant, according to officials in Kyiv.\n\n"
    "The United Nations had urged both sides to stop, it said in a statement on its website.",
    "",
    "   \n\n  ",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()  # spaCy's model as shipped, with spaCy's own attribute ruler


@pytest.fixture(scope="module")
def stock(nlp: Language) -> AttributeRuler:
    return nlp.get_pipe("attribute_ruler")


@pytest.fixture(scope="module")
def table(stock: AttributeRuler) -> TableAttributeRuler:
    ruler = TableAttributeRuler(stock.vocab, "table")
    ruler.add_patterns(stock.patterns)
    return ruler


def _both(stock: Callable[[Doc], Doc], ruler: Callable[[Doc], Doc], doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    theirs, ours = doc.copy(), doc.copy()
    stock(theirs)
    ruler(ours)
    return theirs.to_array(COMPARED), ours.to_array(COMPARED)


def test_the_pipeline_uses_the_table_ruler(coder) -> None:
    assert isinstance(coder.nlp.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert coder.nlp.pipe_names.index("attribute_ruler") < coder.nlp.pipe_names.index("lemmatizer")


def test_parsed_texts_get_what_spacys_ruler_sets(nlp, stock, table) -> None:
    upstream = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=upstream):
        docs = list(nlp.pipe(TEXTS))
    changed = 0
    for text, doc in zip(TEXTS, docs, strict=True):
        theirs, ours = _both(stock, table, doc)
        assert np.array_equal(theirs, ours), text
        changed += int(not np.array_equal(theirs, doc.to_array(COMPARED)))
    assert changed >= 4  # the rules did set something: the comparison is not of untouched docs
    lemma = {t.text: t.lemma_ for t in table(docs[0].copy())}
    assert lemma["ai"] == "be" and lemma["gon"] == "go" and lemma["y'"] == "you"


@pytest.fixture(scope="module")
def rule_vocabulary(stock: AttributeRuler) -> tuple[list[str], list[str], list[str]]:
    """The words, tags and dependency labels the rules test, with some they do not."""
    words, tags, deps = {"the", "plant", "said", "n't", "'s", "Y'", "ALL"}, {"", "NN", "XX"}, {"", "nsubj", "prep"}
    for rule in stock.patterns:
        for pattern in rule["patterns"]:
            for spec in pattern:
                for name, value in spec.items():
                    values = value.get("IN", value.get("NOT_IN", [])) if isinstance(value, dict) else [value]
                    target = {"LOWER": words, "TAG": tags, "DEP": deps}.get(name)
                    if target is not None:
                        target.update(v for v in values if isinstance(v, str))
    return sorted(words), sorted(tags), sorted(deps)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_tokens_tags_and_labels_get_what_spacys_ruler_sets(stock, table, rule_vocabulary, data) -> None:
    words, tags, deps = rule_vocabulary
    size = data.draw(st.integers(min_value=0, max_value=12))
    chosen = [data.draw(st.sampled_from(words)) for _ in range(size)]
    cased = [w.upper() if data.draw(st.booleans()) else w for w in chosen]
    doc = Doc(stock.vocab, words=[w or "x" for w in cased])
    for token in doc:
        token.tag_ = data.draw(st.sampled_from(tags))
        token.dep_ = data.draw(st.sampled_from(deps))
    theirs, ours = _both(stock, table, doc)
    assert np.array_equal(theirs, ours), [(t.text, t.tag_, t.dep_) for t in doc]


def test_rules_of_other_shapes_still_match_through_the_matcher(stock) -> None:
    patterns = [
        {"patterns": [[{"TAG": "JJ"}]], "attrs": {"POS": "ADJ", "LEMMA": "adj"}},
        {"patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], "attrs": {"LEMMA": "VERY"}, "index": -1},
        {"patterns": [[{"LENGTH": {">=": 5}}]], "attrs": {"MORPH": "Degree=Pos"}},
        {"patterns": [[{"POS": "NOUN", "IS_PUNCT": False}], [{"TEXT": {"REGEX": "^hap"}}]], "attrs": {"LEMMA": "thing"}},
    ]
    theirs, ours = AttributeRuler(stock.vocab), TableAttributeRuler(stock.vocab)
    theirs.add_patterns(patterns)
    ours.add_patterns(patterns)
    doc = Doc(stock.vocab, words=["a", "very", "very", "large", "gain", "happened"])
    for token, tag, pos in zip(doc, ["DT", "RB", "RB", "JJ", "NN", "VBD"], ["DET", "ADV", "ADV", "ADJ", "NOUN", "VERB"],
                               strict=True):  # fmt: skip
        token.tag_, token.pos_ = tag, pos
    assert ours._table is None
    first, second = doc.copy(), doc.copy()
    theirs(first)
    ours(second)
    assert np.array_equal(first.to_array(COMPARED), second.to_array(COMPARED))
    assert (second[3].lemma_, second[3].pos_) == ("VERY", "ADJ") and str(second[5].morph) == "Degree=Pos"
    assert second[4].lemma_ == second[5].lemma_ == "thing"  # by part of speech and flag; by regex
    assert len(ours._table.rule_of_match) == 2  # the OP and the >= rule went to the Matcher; a later rule wins


def test_a_rule_setting_other_attributes_is_left_to_spacy(stock) -> None:
    patterns = [{"patterns": [[{"LOWER": "gonna"}]], "attrs": {"NORM": "going to", "LEMMA": "go"}}]
    theirs, ours = AttributeRuler(stock.vocab), TableAttributeRuler(stock.vocab)
    theirs.add_patterns(patterns)
    ours.add_patterns(patterns)
    first, second = Doc(stock.vocab, words=["Gonna", "win"]), Doc(stock.vocab, words=["Gonna", "win"])
    theirs(first)
    ours(second)
    assert not ours._table.supported
    assert (second[0].norm_, second[0].lemma_) == (first[0].norm_, first[0].lemma_) == ("going to", "go")


# -- lemmas --------------------------------------------------------------------------------------

WORDS = ["ministers", "meeting", "met", "better", "best", "went", "children", "was", "is", "Ukraine's",
         "talks", "talked", "leaves", "saw", "data", "criteria", "ain't", "Russia", "UN", "3", "--", "I"]  # fmt: skip
MORPHS = ["", "Number=Sing", "Number=Plur", "VerbForm=Inf", "Tense=Past|VerbForm=Fin", "Degree=Pos",
          "Degree=Cmp", "Tense=Pres|VerbForm=Fin", "Aspect=Prog|Tense=Pres|VerbForm=Part", "VerbForm=None"]  # fmt: skip
POSES = ["NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "PRON", "NUM", "PUNCT", "SPACE"]


@pytest.fixture(scope="module")
def lemmatizers(nlp: Language) -> tuple[Lemmatizer, TableLemmatizer]:
    return nlp.get_pipe("lemmatizer"), TableLemmatizer(nlp.get_pipe("lemmatizer"))


def test_the_pipeline_uses_the_table_lemmatizer(coder) -> None:
    assert isinstance(coder.nlp.get_pipe("lemmatizer"), TableLemmatizer)
    assert [t.lemma_ for t in coder.nlp("The ministers were meeting their counterparts.")] == \
           ["the", "minister", "be", "meet", "their", "counterpart", "."]  # fmt: skip


def test_parsed_texts_get_spacys_lemmas(nlp, lemmatizers) -> None:
    stock, table = lemmatizers
    upstream = nlp.pipe_names[: nlp.pipe_names.index("lemmatizer")]
    with nlp.select_pipes(enable=upstream):
        docs = list(nlp.pipe(TEXTS))
    for text, doc in zip(TEXTS, docs, strict=True):
        theirs, ours = _both(stock, table, doc)
        assert np.array_equal(theirs, ours), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_forms_parts_of_speech_and_morphology_get_spacys_lemmas(lemmatizers, data) -> None:
    stock, table = lemmatizers
    size = data.draw(st.integers(min_value=0, max_value=10))
    doc = Doc(stock.vocab, words=[data.draw(st.sampled_from(WORDS)) for _ in range(size)])
    for token in doc:
        token.pos_ = data.draw(st.sampled_from(POSES))
        token.set_morph(data.draw(st.sampled_from(MORPHS)))
        if data.draw(st.integers(0, 5)) == 0:
            token.lemma_ = "preset"  # an attribute rule's lemma: kept
    theirs, ours = _both(stock, table, doc)
    assert np.array_equal(theirs, ours), [(t.text, t.pos_, str(t.morph)) for t in doc]
