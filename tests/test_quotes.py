"""Quotes and reported speech: the forms in tests/data/quote_cases.yaml, the quotation-mark
scanner, speech spans for the coder, and (with the real actors stage) the seed article."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Token

from eventwire import quotes as quotes_module
from eventwire.model import Actor, Quote
from eventwire.quotes import (
    SPEECH_VERBS,
    extract_quotes,
    find_quoted_regions,
    resolve_speech_date,
    speech_spans,
)

CASES_PATH = Path(__file__).parent / "data" / "quote_cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_DATE = date(2024, 3, 15)  # a Friday
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})


class ResolverForTests:
    """Stands in for actors.DocumentActors: named entities get ids, common nouns are kept as
    written without one, pronouns are left unresolved (the quote stage has its own fallback)."""

    def __init__(self, doc: Doc):
        self.doc = doc

    def actor_for(self, token: Token) -> Actor | None:
        if token.pos_ not in {"PROPN", "NOUN"}:
            return None
        entity = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
        if entity is not None and entity.label_ in NAMED:
            return _test_actor(entity.text, entity.start_char, entity.end_char)
        phrase = self.doc[token.left_edge.i : token.i + 1]
        return Actor(text=phrase.text, id=None, start=phrase.start_char, end=phrase.end_char)

    def actors_in(self, start_char: int, end_char: int) -> list[Actor]:
        return [
            _test_actor(e.text, e.start_char, e.end_char)
            for e in self.doc.ents
            if e.label_ in NAMED and start_char <= e.start_char and e.end_char <= end_char
        ]


def _test_actor(text: str, start: int, end: int) -> Actor:
    name = text.removesuffix("'s")  # the small model sometimes keeps the possessive in the entity
    return Actor(text=name, id="test:" + name.lower(), kind="person", start=start, end=end)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from eventwire.nlp import load_model

    model = load_model()
    model.add_pipe("eventwire_paragraphs", before="parser")
    return model


def _quotes(nlp: Language, text: str, on: date = DEFAULT_DATE) -> tuple[Doc, list[Quote]]:
    doc = nlp(text)
    return doc, extract_quotes(doc, doc_id="t", actors=ResolverForTests(doc), doc_date=on)


def _case_id(case: dict[str, Any]) -> str:
    return str(case["name"])


# -- the quote forms --------------------------------------------------------------------------------
def test_there_are_at_least_forty_quote_forms() -> None:
    assert len(CASES) >= 40
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_quote_form(nlp: Language, case: dict[str, Any]) -> None:
    on = date.fromisoformat(case["doc_date"]) if "doc_date" in case else DEFAULT_DATE
    _doc, quotes = _quotes(nlp, case["text"], on)
    found = [(q.kind, q.speaker.text if q.speaker else None, q.text) for q in quotes]
    expected = [(e["kind"], e["speaker"], e["text"]) for e in case["quotes"]]
    assert found == expected
    for quote, wanted in zip(quotes, case["quotes"], strict=True):
        if "cue" in wanted:
            assert quote.cue == wanted["cue"]
        if "date" in wanted:
            assert quote.date == wanted["date"]
        if "speaker_id" in wanted:
            assert quote.speaker is not None and quote.speaker.id == wanted["speaker_id"]


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_offsets_point_at_the_quoted_words(nlp: Language, case: dict[str, Any]) -> None:
    doc, quotes = _quotes(nlp, case["text"])
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(doc.text)
        assert quote.text.split()[0].strip("‘’'\"") in doc.text[quote.start : quote.end]
        assert 0 <= quote.sentence_index < len(list(doc.sents))
        assert quote.date == DEFAULT_DATE.isoformat() or quote.date < DEFAULT_DATE.isoformat()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('"Prices will fall next year," the governor said.', "direct"),
        ("«The road is open», the mayor said.", "direct"),
        ("The envoy said the ceasefire was holding.", "indirect"),
    ],
)
def test_single_part_text_is_the_slice(nlp: Language, text: str, kind: str) -> None:
    doc, quotes = _quotes(nlp, text)
    assert [q.kind for q in quotes] == [kind]
    assert quotes[0].text == doc.text[quotes[0].start : quotes[0].end]


def test_split_quote_runs_from_first_to_last_quoted_character(nlp: Language) -> None:
    text = '"We were firm," she said, "they cannot cross."'
    doc, (quote,) = _quotes(nlp, text)
    assert doc.text[quote.start] == "W" and doc.text[quote.end - 1] == "."
    assert quote.start == 1 and quote.end == len(text) - 1


@pytest.mark.parametrize(
    ("text", "about", "speaker"),
    [
        ("“Germany and France must lead,” said Chancellor Scholz.", ["Germany", "France"], "Scholz"),
        ("Erdogan said that Turkey would host Zelensky and Putin.", ["Turkey", "Zelensky", "Putin"], "Erdogan"),
        ("Erdogan said that Erdogan would travel to Kyiv.", ["Kyiv"], "Erdogan"),
    ],
)
def test_about_lists_actors_in_the_quote_but_not_the_speaker(
    nlp: Language, text: str, about: list[str], speaker: str
) -> None:
    _doc, quotes = _quotes(nlp, text)
    assert [q.speaker.text if q.speaker else None for q in quotes] == [speaker]
    assert [a.text for a in quotes[0].about] == about


def test_about_skips_the_attribution_between_split_parts(nlp: Language) -> None:
    _doc, quotes = _quotes(nlp, '"We are ready," Macron told Scholz, "to go further."')
    assert len(quotes) == 1
    assert "Scholz" not in [a.text for a in quotes[0].about]


def test_spokesperson_speaks_for_the_principal(nlp: Language) -> None:
    _doc, (quote,) = _quotes(nlp, "Merkel's spokesman said the chancellor would travel to Paris.")
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.id) == ("Merkel's spokesman", "test:merkel")


def test_no_document_date_gives_no_quote_date(nlp: Language) -> None:
    doc = nlp("The minister said that the army was ready.")
    (quote,) = extract_quotes(doc, doc_id="t", actors=ResolverForTests(doc))
    assert quote.date is None and quote.doc_id == "t" and quote.id.startswith("q_")


# -- quotation marks without a parse ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "yes" and "no".', [["yes"], ["no"]]),
        ("“One,” she said, “two.”", [["One"], ["two."]]),
        ("« Trois » et «quatre»", [["Trois"], ["quatre"]]),
        ("„Eins“ und „zwei“", [["Eins"], ["zwei"]]),
        ("Kyiv’s mayor can’t come.", []),
        ("“Para one.\n\n“Para two.”", [["Para one.", "Para two."]]),
        ("“Para one.\n\nNarration.", [["Para one."]]),
        ("‘Single top level,’ he said.", [["Single top level"]]),
        ('""', []),
    ],
)
def test_find_quoted_regions(text: str, quoted: list[list[str]]) -> None:
    regions = find_quoted_regions(text)
    assert [[text[s:e] for s, e in r.parts] for r in regions] == quoted


def test_nested_quotes_are_kept_inside_the_outer_one() -> None:
    text = "“They said ‘never’ twice,” he said."
    (region,) = find_quoted_regions(text)
    assert text[region.start : region.end] == "They said ‘never’ twice"
    assert [text[n.start : n.end] for n in region.nested] == ["never"]


QUOTE_ALPHABET = st.sampled_from(list("ab .,:\n\"'“”‘’«»„"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=QUOTE_ALPHABET, max_size=60))
def test_regions_are_ordered_and_inside_the_text(text: str) -> None:
    previous_end = 0
    for region in find_quoted_regions(text):
        for start, end in region.parts:
            assert previous_end <= start < end <= len(text)
            previous_end = end
        for inner in region.nested:
            assert region.start <= inner.start and inner.end <= region.end


# -- speech spans for the coder ---------------------------------------------------------------------
def _quote(start: int, end: int, kind: str = "indirect") -> Quote:
    return Quote(doc_id="t", text="x", start=start, end=end, speaker=None, kind=kind, sentence_index=0)


def test_speech_spans_give_characters_to_the_innermost_quote() -> None:
    outer, inner = _quote(0, 100), _quote(40, 60, "direct")
    spans = speech_spans([outer, inner])
    assert [(s, e, q.start) for s, e, q in spans] == [(0, 40, 0), (40, 60, 40), (60, 100, 0)]


def test_speech_spans_of_a_split_quote_leave_out_the_attribution(nlp: Language) -> None:
    text = '"We were firm," she said, "they cannot cross."'
    doc, quotes = _quotes(nlp, text)
    spans = speech_spans(quotes, text=doc.text)
    assert [doc.text[s:e] for s, e, _q in spans] == ["We were firm", "they cannot cross."]
    assert speech_spans(quotes) == [(quotes[0].start, quotes[0].end, quotes[0])]


def test_speech_spans_never_overlap(nlp: Language) -> None:
    doc, quotes = _quotes(nlp, "“He told me, ‘we will stay,’” the commander said. The mayor said it rained.")
    spans = speech_spans(quotes, text=doc.text)
    assert len(quotes) == 3
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


# -- dates and lexicon ------------------------------------------------------------------------------
SPEECH_DATES = [("Friday", "2024-03-15"), ("Monday", "2024-03-11"), ("yesterday", "2024-03-14"),
                ("today", "2024-03-15"), ("on Sunday", "2024-03-10")]


@pytest.mark.parametrize(("expression", "expected"), SPEECH_DATES)
def test_speech_dates_count_back_from_the_document(expression: str, expected: str) -> None:
    assert resolve_speech_date(expression, DEFAULT_DATE) == expected


@pytest.mark.parametrize(("expression", "expected"), [*SPEECH_DATES, ("at some point", "2024-03-15")])
def test_speech_dates_without_the_dates_stage(
    monkeypatch: pytest.MonkeyPatch, expression: str, expected: str
) -> None:
    monkeypatch.setattr(quotes_module, "_dates_stage_resolve", None)
    assert resolve_speech_date(expression, DEFAULT_DATE) == expected


@pytest.mark.parametrize("lemma", ["say", "tell", "warn", "announce", "claim", "insist", "add", "state",
                                   "declare", "write", "tweet", "deny", "promise", "vow", "stress", "note"])
def test_speech_verbs_hold_the_verbs_of_saying(lemma: str) -> None:
    assert lemma in SPEECH_VERBS


@pytest.mark.parametrize("lemma", ["think", "believe", "meet", "call", "visit"])
def test_speech_verbs_leave_out_other_verbs(lemma: str) -> None:
    assert lemma not in SPEECH_VERBS


# -- with the real actors stage ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_stage() -> Iterator[tuple[Language, Any, Any]]:
    actors = pytest.importorskip("eventwire.actors", reason="the actors stage is not installed yet")
    from eventwire.nlp import build_pipeline

    kb = actors.KnowledgeBase.load()
    yield build_pipeline(kb.ruler_patterns()), kb, actors.DocumentActors


def _real_quotes(real_stage: tuple[Language, Any, Any], text: str, on: date) -> list[Quote]:
    nlp, kb, document_actors = real_stage
    doc = nlp(text)
    return extract_quotes(doc, doc_id="seed", actors=document_actors(kb, doc, on), doc_date=on)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_quote_form_with_the_real_actors_stage(
    real_stage: tuple[Language, Any, Any], case: dict[str, Any]
) -> None:
    on = date.fromisoformat(case["doc_date"]) if "doc_date" in case else DEFAULT_DATE
    quotes = _real_quotes(real_stage, case["text"], on)
    assert [(q.kind, q.text, q.speaker is None) for q in quotes] == [
        (e["kind"], e["text"], e["speaker"] is None) for e in case["quotes"]
    ]
    for quote, wanted in zip(quotes, case["quotes"], strict=True):
        if "real_id" in wanted:
            assert quote.speaker is not None and quote.speaker.id == wanted["real_id"]


def test_seed_article_speakers(real_stage: tuple[Language, Any, Any]) -> None:
    path = SHARED / "samples" / "seed-article.txt"
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    quotes = _real_quotes(real_stage, path.read_text(encoding="utf-8"), date(2021, 12, 31))
    ids = [q.speaker.id if q.speaker else None for q in quotes]
    assert ids.count("person:joe-biden") == 2
    assert ids.count("person:vladimir-putin") == 1
    assert ids.count("person:volodymyr-zelensky") == 1
    assert ids.count("person:antony-blinken") == 1
    assert ids.count("person:jens-stoltenberg") == 1
    officials = [q for q in quotes if q.speaker and "official" in q.speaker.text.lower()]
    assert len(officials) == 2
    assert len(quotes) == 8
    biden = [q for q in quotes if q.speaker and q.speaker.id == "person:joe-biden"]
    assert [q.kind for q in biden] == ["direct", "direct"]
    assert {q.date for q in quotes} == {"2021-12-31"}
    assert all("engage" not in q.text for q in quotes)  # a two-word scare quote, no speech verb
