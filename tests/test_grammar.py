"""Argument helpers of eventwire.grammar on parses of sentences written for these tests."""

from __future__ import annotations

import pytest

from eventwire import grammar


@pytest.fixture(scope="module")
def nlp(coder):
    return coder.nlp


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("QUITO, Ecuador (AP) -- Ecuador's navy seized a boat.", "QUITO, Ecuador (AP) -- "),
        ("Quito, May 3, EFE - Ecuador's navy seized a boat.", "Quito, May 3, EFE - "),
        ("Navy seizes boat\n\nQUITO: Ecuador's navy seized a boat.", "QUITO: "),
        ("Ecuador's navy seized a boat - a trawler - near QUITO.", ""),  # only where a paragraph starts
        ("Quito - Ecuador's navy seized a boat.", ""),  # a title-case word alone may be a subject
    ],
)
def test_dateline_span_is_where_a_paragraph_starts_with_one(nlp, text, dateline):
    doc = nlp(text)
    start, end = grammar.dateline_span(doc)
    assert text[start:end] == dateline
    assert [t.text for t in doc if grammar.is_dateline(t)] == [t.text for t in doc if start <= t.idx < end]
    assert not grammar.is_dateline(_token(doc, "navy"))


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # a purpose clause takes the subject of the clause it serves
        ("The Chilean president flew to Lima to meet the Peruvian foreign minister.", "meet", {"president"}),
        # "including" names the members of a group subject: they stand for it
        ("Several states, including Chile and Peru, sent rescue teams.", "sent", {"Chile", "Peru"}),
        # a dateline is not the subject, however the parser hung the real one under it
        ("THE HAGUE, Netherlands -- A United Nations prosecutor has charged a former minister.", "charged", {"prosecutor"}),
        ("BERLIN -- A court in Bavaria has convicted three men.", "convicted", {"court"}),
        ("Lima, May 3, EFE - The Peruvian navy has seized two trawlers.", "seized", {"navy"}),
        # a plain subject stays as it is
        ("Chile sent rescue teams to Peru.", "sent", {"Chile"}),
    ],
)
def test_subjects(nlp, text, verb, expected):
    doc = nlp(text)
    assert {t.text for t in grammar.subjects(_token(doc, verb))} == expected


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # an appeal's addressee is the one asked to act
        ("Chile appealed to its neighbours to close the border.", "close", {"neighbours"}),
        ("Chile urged Peru to close the border.", "close", {"Peru"}),
    ],
)
def test_object_control(nlp, text, verb, expected):
    doc = nlp(text)
    assert {t.text for t in grammar.subjects(_token(doc, verb))} == expected


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # "would" under a past verb of saying is the future seen from then: a reported plan
        ("Britain said it would expel 23 Russian diplomats.", "expel", "future"),
        ("The White House said Biden would meet Putin in Geneva.", "meet", "future"),
        # ... unless a condition hangs on it, or the verb is one of belief or warning
        ("The minister said Iran would attack Israel if it struck its nuclear sites.", "attack", "hypothetical"),
        ("Analysts believed Iran would attack Israel.", "attack", "hypothetical"),
        ("Lavrov said Russia would not attack Ukraine.", "attack", "negated"),
        # "would" on its own stays hypothetical
        ("Russia would attack Ukraine.", "attack", "hypothetical"),
        # a denied deed did not happen, as the denier tells it
        ("Russian officials denied that their forces had attacked civilians.", "attacked", "negated"),
        ("Officials said that their forces had attacked civilians.", "attacked", "asserted"),
        # a conjoined clause with its own subject has its own modality; a shared subject shares it
        ("The accord will be put to a referendum, and Uribe urged voters to reject it.", "urged", "asserted"),
        ("Russia will meet Ukraine and sign a truce.", "sign", "future"),
    ],
)
def test_reported_clause_modality(nlp, text, verb, expected):
    assert grammar.modality(_token(nlp(text), verb)).value == expected


def test_a_participle_read_as_a_clause_after_a_preposition_gives_its_object(nlp):
    # the parse of "violated the truce in occupied Karabakh" when "occupied Karabakh" is read as a clause
    from spacy.tokens import Doc

    words = ["Militias", "violated", "the", "truce", "in", "occupied", "Karabakh"]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 3, 1, 3, 4, 5],
              deps=["nsubj", "ROOT", "det", "dobj", "prep", "pcomp", "dobj"],
              tags=["NNS", "VBD", "DT", "NN", "IN", "VBN", "NNP"])
    assert [t.text for t in grammar.prep_objects(doc[3], "in")] == ["Karabakh"]


def test_a_subject_joined_to_a_fronted_phrase_after_its_comma_is_the_subject(nlp):
    # the parse of "On a visit to Ghana, President Ruto voiced support" when "Ruto" is read as a
    # conjunct of "Ghana": the named party running up to the verb is still its subject
    from spacy.tokens import Doc

    words = ["On", "a", "visit", "to", "Ghana", ",", "President", "Ruto", "voiced", "support"]
    doc = Doc(nlp.vocab, words=words, heads=[8, 2, 0, 2, 3, 4, 7, 4, 8, 8],
              deps=["prep", "det", "pobj", "prep", "pobj", "punct", "compound", "conj", "ROOT", "dobj"],
              tags=["IN", "DT", "NN", "IN", "NNP", ",", "NNP", "NNP", "VBD", "NN"],
              pos=["ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "NOUN"])
    assert [t.text for t in grammar.fronted_subject(doc[8])] == ["Ruto"]
    # joined with "and", it is a second place, not the subject
    words = ["On", "visits", "to", "Ghana", "and", "Togo", "he", "voiced", "support"]
    doc = Doc(nlp.vocab, words=words, heads=[7, 0, 1, 2, 3, 3, 7, 7, 7],
              deps=["prep", "pobj", "prep", "pobj", "cc", "conj", "nsubj", "ROOT", "dobj"],
              pos=["ADP", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "PRON", "VERB", "NOUN"])
    assert grammar.fronted_subject(doc[7]) == []
