"""The parsed-document accessors of eventwire.nlp: cached answers equal spaCy's own."""

from __future__ import annotations

from eventwire.nlp import sentence_of


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
