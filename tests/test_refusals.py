"""Declared refusals (CAMEO 12x): "will not lift", "will not end the strike until ..."."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.refusals import refusal_code

D = date(2023, 3, 15)


@pytest.mark.parametrize(
    ("act", "refusal"),
    [("085", "1244"), ("0841", "1243"), ("082", "1242"), ("0831", "1231"), ("075", "1223"), ("046", "125"),
     ("062", "1212"), ("080", "124"), ("173", None), ("020", None), ("111", None)],
)
def test_the_refusal_code_follows_the_refused_act(act, refusal):
    assert refusal_code(act) == refusal


def _coded(coder, text):
    return [(e.source.text if e.source else None, e.target.text if e.target else None, e.cameo, e.modality.value)
            for e in coder.code_text(text, doc_date=D).events]


@pytest.mark.parametrize(
    ("text", "target", "cameo"),
    [
        ("Chile will not release the two Peruvian fishermen.", "fishermen", "1243"),
        ("Ecuador says it won't accept any more Venezuelan migrants.", "migrants", "1223"),
        ("The rebels said they would not begin talks with the Malian government.", "Malian government", "125"),
        # the side whose act the refusal waits for is its target
        ("The Finnish dockers will not end their strike until the port operator raises wages.", "port operator", "1242"),
        ("The nurses will not end the strike until their demands are met by the health ministry.", "health ministry", "1242"),
    ],
)
def test_a_negated_future_yield_is_a_refusal_stated_now(coder, text, target, cameo):
    events = _coded(coder, text)
    assert any(t is not None and target in t and c == cameo and m == "asserted" for _s, t, c, m in events), events
    # the refused act itself is still told, as not happening
    assert any(c[:2] in {"04", "07", "08"} and m == "negated" for _s, _t, c, m in events), events


@pytest.mark.parametrize(
    "text",
    [
        "Chile did not release the two Peruvian fishermen.",  # a plain past: it did not happen
        "Chile would not release the fishermen if the court objected.",  # a condition
        "The alliance will not attack the rebels.",  # not attacking is no refusal to yield
    ],
)
def test_no_refusal_without_a_declared_decision_to_yield(coder, text):
    assert not [e for e in _coded(coder, text) if e[2][:2] == "12"]


def test_declining_to_meet_is_a_refusal(coder):
    events = _coded(coder, "The Kenyan president declined to meet the Somali envoy.")
    assert any(t is not None and "envoy" in t and c.startswith("12") for _s, t, c, _m in events), events


@pytest.mark.parametrize(
    ("text", "target", "cameo"),
    [
        # a threat takes its code from the act threatened and is aimed at the party inside it
        ("The militia threatened to shell positions of the Kenyan army.", "Kenyan army", "1384"),
        ("Ghana threatened to halt trade talks with Togo.", "Togo", "134"),
        ("The envoy threatened that Chad would sever ties with Sudan.", "Sudan", "1313"),
        # a threat of force, like force, may be aimed at a thing
        ("The rebels threatened to bomb the radio mast.", "radio mast", "1384"),
        # a refusal, from the act refused
        ("Peru refused to release the Chilean fishermen.", "fishermen", "1243"),
    ],
)
def test_a_threat_or_refusal_is_coded_by_its_act(coder, text, target, cameo):
    events = _coded(coder, text)
    assert any(t is not None and target in t and c == cameo and m == "asserted" for _s, t, c, m in events), events


@pytest.mark.parametrize(
    ("text", "target", "cameo", "act"),
    [
        # conflict announced in the future tense is also a threat (CAMEO 130's usage note)
        ("The Kenyan government will extend the curfew in Mombasa.", "Mombasa", "1323", "1723"),
        ("The opposition said it would boycott the parliamentary election.", "election", "133", "143"),
        ("Lithuania will impose new sanctions on Belarus.", "Belarus", "1312", "163"),
    ],
)
def test_conflict_announced_for_the_future_is_also_a_threat(coder, text, target, cameo, act):
    events = _coded(coder, text)
    assert any(t is not None and target in t and c == cameo and m == "asserted" for _s, t, c, m in events), events
    assert any(c == act and m == "future" for _s, _t, c, m in events), events


@pytest.mark.parametrize(
    "text",
    ["Lithuania imposed new sanctions on Belarus.", "Lithuania will not impose new sanctions on Belarus.",
     "Lithuania and Belarus will hold talks in Vilnius."],
)
def test_no_threat_without_announced_conflict(coder, text):
    assert not [e for e in _coded(coder, text) if e[2][:2] == "13"]


def test_a_refusal_whose_object_names_no_party_is_aimed_at_the_refused_act(coder):
    # the parser takes "his willingness" for the object of "refused"
    text = "Herrera refused to meet with the Chilean envoy but his willingness to talk later helped."
    events = [e for e in _coded(coder, text) if e[2].startswith("12")]
    assert [t for _s, t, _c, _m in events] == ["Chilean envoy"], events


def test_an_extraordinary_attack_by_a_politician_is_criticism(coder):
    events = _coded(coder, "The former premier launched an extraordinary attack on the Kenyan intelligence chiefs.")
    assert [c for _s, _t, c, _m in events] == ["111"], events


def test_a_demand_from_a_party_when_the_object_reads_as_a_subject(coder):
    # the parser reads "support" as the subject of "to rebuild"
    events = _coded(coder, "Malawi demanded support from the World Bank to rebuild its roads.")
    assert [(t, c) for _s, t, c, _m in events] == [("World Bank", "100")], events


@pytest.mark.parametrize("text", ["Teachers in Denver went on strike for better pay.",
                                  "Two thousand miners went on a hunger strike on Monday."])
def test_a_strike_is_told_without_a_named_opponent(coder, text):
    assert [c[:2] for _s, _t, c, _m in _coded(coder, text)] == ["14"]


@pytest.mark.parametrize(
    ("text", "target"),
    [("The Kenyan president said the Somali government must secure the border.", "Somali government"),
     ("The envoy said that all armed groups in Libya must lay down their weapons.", "armed groups")],
)
def test_saying_a_party_named_by_its_phrase_must_act_is_a_demand(coder, text, target):
    events = _coded(coder, text)
    assert any(t is not None and target in t and c == "100" for _s, t, c, _m in events), events


def test_saying_a_thing_must_change_is_no_demand(coder):
    assert not [e for e in _coded(coder, "The minister said the economy must grow faster.") if e[2] == "100"]


@pytest.mark.parametrize(
    ("text", "critic", "criticised"),
    [("The Kenyan government faced sharp criticism from Amnesty International.", "Amnesty International", "Kenyan government"),
     ("The Ugandan police came under criticism from rights groups.", "rights groups", "Ugandan police")],
)
def test_criticism_received_from_a_party_is_its_criticism(coder, text, critic, criticised):
    events = _coded(coder, text)
    assert any(s is not None and critic in s and t is not None and criticised in t and c == "111"
               for s, t, c, _m in events), events


@pytest.mark.parametrize(
    ("text", "cameo", "act"),
    [
        # yielding announced in the future tense is also an intent to yield (CAMEO 0353's example)
        ("The Tamil rebels said they would release two Sri Lankan soldiers.", "0353", "084"),
        ("Serbia will withdraw its troops from the border zone.", "0356", "0872"),
    ],
)
def test_yielding_announced_for_the_future_is_also_an_intent_to_yield(coder, text, cameo, act):
    events = _coded(coder, text)
    assert any(c == cameo and m == "asserted" for _s, _t, c, m in events), events
    assert any(c == act and m == "future" for _s, _t, c, m in events), events


def test_a_stated_intent_is_dated_when_stated_not_when_the_act_is_due(coder):
    (intent,) = [e for e in coder.code_text("Serbia will withdraw its troops on Monday.", doc_date=D).events
                 if e.cameo == "0356"]
    assert (intent.date, intent.date_basis.value) == (D.isoformat(), "document")  # Monday is the withdrawal's


def test_no_intent_to_yield_for_what_was_done(coder):
    assert not [e for e in _coded(coder, "The Tamil rebels released two Sri Lankan soldiers.") if e[2][:3] == "035"]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # a meeting or visit announced for the future is also an intent to meet (CAMEO 036, whose
        # own example is "Fischer will visit Albania in June")
        ("The Chilean president will meet the Peruvian president in Lima on Monday.", "040"),
        ("The Kenyan foreign minister will visit Tanzania next month, his office said.", "042"),
    ],
)
def test_a_meeting_announced_for_the_future_is_also_an_intent_to_meet(coder, text, act):
    events = _coded(coder, text)
    assert any(c == "036" and m == "asserted" for _s, _t, c, m in events), events
    assert any(c == act and m == "future" for _s, _t, c, m in events), events


def test_no_intent_to_meet_for_a_meeting_held(coder):
    assert not [e for e in _coded(coder, "The Chilean president met the Peruvian president in Lima.") if e[2] == "036"]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Ghana and Togo failed to reach agreement on the disputed fishing grounds.", "Ghana", "Togo"),
        ("Chile failed to reach a deal with Bolivia on access to the sea.", "Chile", "Bolivia"),
        # no other side named: aimed at the owner of what the talks were about
        ("The Malian junta failed to reach agreement on Niger's transit fees.", "junta", "Niger"),
    ],
)
def test_failing_to_reach_agreement_is_a_rejection(coder, text, source, target):
    events = _coded(coder, text)
    assert any(s is not None and source in s and t is not None and target in t and c == "127" and m == "asserted"
               for s, t, c, m in events), events


def test_not_failing_to_reach_agreement_is_no_rejection(coder):
    events = _coded(coder, "Ghana and Togo did not fail to reach agreement on the fishing grounds.")
    assert not [e for e in events if e[2][:2] == "12"], events


def test_talks_that_fail_to_reach_agreement_are_the_failure_of_their_sides(coder):
    events = _coded(coder, "Talks between Ghana and Togo failed to reach a deal on the border.")
    assert any(s == "Ghana" and t == "Togo" and c == "127" for s, t, c, _m in events), events
