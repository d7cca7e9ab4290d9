"""Actor resolution in parsed documents: the written cases, offsets, coreference, countries."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from eventwire.actors import DocumentActors
from eventwire.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_actors", ROOT / "scripts" / "eval_actors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def nlp(kb: KnowledgeBase) -> Any:
    return EVAL.build_nlp(kb)


def test_there_are_enough_cases() -> None:
    cases = EVAL.load_cases()
    assert sum(len(c.mentions) for c in cases) >= 400


def test_accuracy_over_all_cases(kb: KnowledgeBase, nlp: Any) -> None:
    outcomes = EVAL.evaluate(EVAL.load_cases(), kb, nlp)
    failures = [f"{o.mention!r} ({o.case.on}): expected {o.expected}, got {o.got}" for o in outcomes if not o.ok]
    accuracy = 1 - len(failures) / len(outcomes)
    assert accuracy >= 0.95, "\n".join(failures)


def test_case_parser_checks_counts() -> None:
    with pytest.raises(ValueError, match="expectations"):
        EVAL.parse_case("name | 2021-01-01 | [A] met [B]. | person:a")


@pytest.mark.parametrize(
    ("text", "mention", "on", "expected"),
    [
        ("Officials said the US president would travel.", "US president", date(2021, 12, 31), "person:joe-biden"),
        ("Officials said the US president would travel.", "US president", date(2025, 6, 1), "person:donald-trump"),
        ("Officials said the British prime minister would travel.", "British prime minister", date(2022, 10, 1), "person:liz-truss"),
    ],
)
def test_the_same_words_resolve_at_the_document_date(kb: KnowledgeBase, nlp: Any, text: str, mention: str, on: date, expected: str) -> None:
    doc = nlp(text)
    start = text.index(mention)
    actor = DocumentActors(kb, doc, on).actor_for(doc.char_span(start, start + len(mention)).root)
    assert actor is not None and actor.id == expected
    assert (actor.start, actor.end, actor.text) == (start, start + len(mention), mention)


def test_offsets_point_into_the_document(kb: KnowledgeBase, nlp: Any) -> None:
    text = "Talks resumed. Later, Russian President Vladimir Putin phoned him."
    doc = nlp(text)
    actors = DocumentActors(kb, doc, date(2022, 1, 1))
    found = actors.actors_in(0, len(text))
    putin = next(a for a in found if a.id == "person:vladimir-putin")
    assert text[putin.start : putin.end] == putin.text == "Russian President Vladimir Putin"  # type: ignore[index]
    assert putin.kind == "person"


def test_pronoun_spans_are_the_pronoun(kb: KnowledgeBase, nlp: Any) -> None:
    text = "Scholz flew to Kyiv. He met Zelensky there."
    doc = nlp(text)
    he = next(t for t in doc if t.text == "He")
    actor = DocumentActors(kb, doc, date(2022, 6, 16)).actor_for(he)
    assert actor is not None and actor.id == "person:olaf-scholz" and (actor.start, actor.end) == (he.idx, he.idx + 2)


def test_countries_most_frequent_first(kb: KnowledgeBase, nlp: Any) -> None:
    doc = nlp("Russia warned Ukraine. Moscow said Kyiv must stop. The Kremlin repeated it. France agreed.")
    assert DocumentActors(kb, doc, date(2022, 1, 1)).countries[:2] == ["RUS", "UKR"]


def test_unknown_people_are_never_given_an_identity(kb: KnowledgeBase, nlp: Any) -> None:
    doc = nlp("Estonian Foreign Minister Priit Tammeraid criticised the decision.")
    actor = DocumentActors(kb, doc, date(2022, 1, 1)).actor_for(doc[4])
    assert actor is not None and actor.id is None and actor.country == "EST" and actor.kind == "person"


@pytest.mark.parametrize(
    ("text", "antecedent"),
    [
        ("The ELN said it would free the hostages.", "ELN"),  # an acronym the tagger missed
        ("The Michigan Department of Forestry said it would close the park.", "Michigan Department of Forestry"),
        ("The leaders met in Cartagena, and it was quiet.", None),  # a place the tagger may call ORG
    ],
)
def test_unknown_organisations_are_antecedents_without_identity(kb: KnowledgeBase, nlp: Any, text: str, antecedent: str | None) -> None:
    doc = nlp(text)
    it = next(t for t in doc if t.text == "it")
    actor = DocumentActors(kb, doc, date(2022, 1, 1)).actor_for(it)
    if antecedent is None:
        assert actor is None or actor.kind != "org"
    else:
        assert actor is not None and actor.id is None and actor.kind == "org" and antecedent in (actor.name or "")


def test_ruler_overrides_the_statistical_tagger(kb: KnowledgeBase, nlp: Any) -> None:
    doc = nlp("Kiev answered Moscow.")
    assert doc[0].ent_type_ == "GPE" and doc[0].ent_id_ == "country:UKR"


def test_a_pronoun_for_a_party_without_identity_is_named_by_its_words(kb: KnowledgeBase, nlp: Any) -> None:
    # not by the sector's generic name ("education"), and a possessive after it likewise
    text = "Nurses warned that they would keep their clinics closed."
    doc = nlp(text)
    actors = DocumentActors(kb, doc, date(2022, 1, 1))
    nurses, they, their = (actors.actor_for(doc[i]) for i in (0, 3, 6))
    assert nurses is not None and nurses.id is None
    assert they is not None and they.text == "they" and they.name == "Nurses"
    assert their is not None and their.name == "Nurses"


def test_the_no_actor_shortcut_only_skips_phrases_every_reading_rejects(kb: KnowledgeBase, nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``_plainly_no_actor`` is a shortcut: over every written case, a mention head it skips
    must resolve to nothing the long way too, and it must skip some (or it saves nothing)."""
    shortcut = DocumentActors._plainly_no_actor
    skipped, wrongly = 0, []
    for case in EVAL.load_cases():
        doc = nlp(case.text)
        actors = DocumentActors(kb, doc, case.on)
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and shortcut(actors, token):
                skipped += 1
                with monkeypatch.context() as patch:
                    patch.setattr(DocumentActors, "_plainly_no_actor", lambda self, token: False)
                    found = actors._resolve(token)
                if found is not None:
                    wrongly.append(f"{token.text!r} in {case.text!r} -> {found}")
    assert not wrongly, wrongly[:5]
    assert skipped > 50


@pytest.mark.parametrize("text", ["The junta jailed its political opponents.", "The mayor ignored his foes."])
def test_adversaries_without_a_name_are_still_parties(kb: KnowledgeBase, nlp: Any, text: str) -> None:
    # no entity and no agent noun in the phrase, yet a party: the shortcut must not skip it
    doc = nlp(text)
    head = next(t for t in doc if t.lemma_.lower() in ("opponent", "foe"))
    actor = DocumentActors(kb, doc, date(2022, 1, 1)).actor_for(head)
    assert actor is not None and actor.kind == "agent"


def test_words_that_describe_actors(kb: KnowledgeBase) -> None:
    assert kb.describes_actor("troops", "troop")  # an agent noun
    assert kb.describes_actor("minister", "minister")  # an office
    assert kb.describes_actor("alliance", "alliance")  # an organisation's own noun
    assert not kb.describes_actor("tension", "tension")
    assert not kb.describes_actor("border", "border")


@pytest.mark.parametrize(("mention", "expected"), [("Maduro's critics", None), ("Kremlin opponents", "agent:RUS-OPP")])
def test_a_party_s_adversaries_are_an_opposition_not_the_party(kb: KnowledgeBase, nlp: Any, mention: str, expected: str | None) -> None:
    text = f"{mention} said the vote was unfair."
    doc = nlp(text)
    actor = DocumentActors(kb, doc, date(2022, 1, 1)).actor_for(doc.char_span(0, len(mention)).root)
    assert actor is not None and (actor.id, actor.sector, actor.text) == (expected, "OPP", mention)
