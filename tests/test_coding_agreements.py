"""The coder on agreements, pledges and backing: agreeing to an act or an event noun, and
welcoming a party's move. Sentences written for these tests (see test_coding.py for the rest)."""

from __future__ import annotations

from datetime import date

import pytest

D = date(2023, 3, 15)  # a Wednesday


@pytest.mark.parametrize(("text", "cameos"), [
    # agreeing to a truce is an agreement and the truce; agreeing to a deal is the deal
    ("India and Pakistan agreed to a ceasefire on Friday.", ["0871", "030"]),
    ("Canada and Japan have agreed to a new trade deal.", ["057"]),
])
def test_agreeing_to_an_event_noun(coder, text, cameos):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.id, e.target.id, e.cameo) for e in events] == [
        (events[0].source.id, events[0].target.id, c) for c in cameos] and events[0].source.id != events[0].target.id


def test_welcoming_a_party_s_attempt_is_backing_the_party(coder):
    # a named owner does not make "the attempt" a person being welcomed (043)
    events = coder.code_text("Chile welcomed Peru's attempt to end the dispute.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.cameo) for e in events] == [("country:CHL", "country:PER", "051")]
