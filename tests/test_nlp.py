"""The parsed-document accessors of eventwire.nlp: cached answers equal spaCy's own."""

from __future__ import annotations

from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from eventwire.nlp import ActorRuler, paragraph_boundaries, sentence_of


def test_sentence_of_is_the_tokens_sentence(coder) -> None:
    text = "Kenya hosted talks on Monday. Ethiopia attended.\n\nA new paragraph starts here, officials said."
    doc = coder.nlp(text)
    assert len(list(doc.sents)) >= 3
    for token in doc:
        cached, own = sentence_of(token), token.sent
        assert (cached.start, cached.end) == (own.start, own.end)


def test_the_actor_ruler_tags_known_names_with_their_ids(coder) -> None:
    doc = coder.nlp("NATO and Kenya signed an agreement.")
    assert ("NATO", "org:nato") in [(ent.text, ent.ent_id_) for ent in doc.ents]
    assert coder.nlp.get_pipe("entity_ruler").overwrite


# -- our pipeline components give what spaCy's own code gives --------------------------------------

NEWLINE_TEXTS = [
    "Kenya hosted talks.\n\nEthiopia attended.",
    "\n\nA story that starts after blank lines.\n\n\n  Indented paragraph.\n",
    "One line\nthen the next line \n and another\n\n\nthen a paragraph.",
    "Talks\n \nresumed.\n",
    "\n",
    "",
    "No line breaks at all, officials said on Monday.",
]


def _paragraph_starts_by_every_token(doc: Doc) -> None:
    """The paragraph component as first written: a look at every token."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n\n" in previous.whitespace_ or (previous.is_space and "\n\n" in previous.text):
            token.is_sent_start = True
        elif not token.is_space and previous.is_space and "\n" in previous.text:
            token.is_sent_start = True


def test_paragraph_starts_are_those_a_look_at_every_token_finds(coder) -> None:
    for text in NEWLINE_TEXTS:
        ours, reference = coder.nlp.make_doc(text), coder.nlp.make_doc(text)
        paragraph_boundaries(ours)
        _paragraph_starts_by_every_token(reference)
        assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in reference], text


def test_the_actor_ruler_finds_what_spacys_entity_ruler_finds(coder) -> None:
    ours = coder.nlp.get_pipe("entity_ruler")
    spacys = EntityRuler(coder.nlp, "reference", overwrite_ents=True)
    spacys.add_patterns(ours.patterns[:3000])  # enough to cover the texts' names, overlapping ones too
    ours_limited = ActorRuler(coder.nlp, "limited", overwrite_ents=True)
    ours_limited.add_patterns(ours.patterns[:3000])
    texts = ["NATO and Kenya signed an agreement with the European Union in Brussels.",
             "The United States and the United Kingdom accused Russia; Ukraine's president replied.",
             *NEWLINE_TEXTS]  # fmt: skip
    for text in texts:
        with_ents = coder.nlp(text)  # entities already there (the statistical NER's), to overwrite
        first, second = with_ents.copy(), with_ents.copy()
        ours_limited(first)
        spacys(second)
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in first.ents] == \
               [(e.start, e.end, e.label_, e.ent_id_) for e in second.ents], text  # fmt: skip
