"""The coder on cooperation: agreeing to an act or an event noun, backing a party's move, and
aid given as a sum of money. Sentences written for these tests (see test_coding.py for the rest)."""

from __future__ import annotations

from datetime import date

import pytest

D = date(2023, 3, 15)  # a Wednesday


@pytest.mark.parametrize(("text", "cameos"), [
    # agreeing to a truce is an agreement and the truce; agreeing to a deal is the deal
    ("India and Pakistan agreed to a ceasefire on Friday.", ["0871", "0356"]),
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


@pytest.mark.parametrize(("text", "target"), [
    # a sum of money is aid; with no recipient, aid goes to the place its purpose names
    ("Norway gave $5 million to the Somali health ministry.", "SOM"),
    ("Japan gave 20 million euros to rebuild schools in Nepal.", "NPL"),
    ("Canada gave $3 million worth of medicines to Haiti.", "HTI"),
])
def test_money_given_is_aid(coder, text, target):
    events = [e for e in coder.code_text(text, doc_date=D).events if e.plover == "AID"]
    assert [e.target.country for e in events] == [target]


def test_jets_sent_to_strike_a_country_are_no_aid_to_it(coder):
    events = coder.code_text("Israel sent fighter jets to destroy a reactor in Syria.", doc_date=D).events
    assert not [e for e in events if e.plover == "AID" and e.target is not None and e.target.country == "SYR"]


def test_a_meal_together_is_a_meeting(coder):
    events = coder.code_text("Narendra Modi had lunch with Emmanuel Macron in Paris.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.cameo) for e in events] == [("person:narendra-modi", "person:emmanuel-macron", "040")]


def test_a_passive_light_verb_takes_its_parties_from_the_by_phrase(coder):
    events = coder.code_text("Joint exercises were held by Egypt and Greece in the Mediterranean.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.plover) for e in events] == [("country:EGY", "country:GRC", "COOPERATE")]


@pytest.mark.parametrize("text", [
    # "the two" alone points back to the two parties of the last two-party event
    "Antony Blinken spoke with Wang Yi by phone on Monday, and the two agreed to keep talking.",
    # a promise made together is made to each other
    "Antony Blinken met Wang Yi in Bali. The two men signed a statement pledging to keep talking.",
])
def test_a_joint_promise_is_made_to_each_other(coder, text):
    events = [e for e in coder.code_text(text, doc_date=D).events if e.plover == "AGREE"]
    assert {frozenset({e.source.id, e.target.id if e.target else None}) for e in events} == {
        frozenset({"person:antony-blinken", "person:wang-yi"})}


def test_calling_a_killing_a_victory_backs_the_killer(coder):
    text = "Rebels killed the governor on Monday. The president called the death a victory."
    events = [e for e in coder.code_text(text, doc_date=D).events if e.plover == "SUPPORT"]
    assert ["Rebels" in e.target.text for e in events] == [True]


def test_a_mediation_is_aimed_at_the_sides_its_purpose_names(coder):
    text = "Kuwait launched a mediation effort to end the rift between Egypt and Sudan."
    events = [e for e in coder.code_text(text, doc_date=D).events if e.cameo == "045"]
    assert [(e.source.id, e.target.id) for e in events] == [("country:KWT", "country:EGY"), ("country:KWT", "country:SDN")]


@pytest.mark.parametrize(("text", "cameo"), [
    # the agreement's CAMEO code says what was agreed to (the codebook's example for 0356)
    ("Serbia and Croatia agreed to a ceasefire after two days of fighting.", "0356"),
    ("Iran agreed to release the British sailors.", "0353"),
    ("Turkey promised to send aid to Syria.", "0333"),
])
def test_an_agreement_is_coded_by_what_was_agreed_to(coder, text, cameo):
    assert cameo in [e.cameo for e in coder.code_text(text, doc_date=D).events if e.plover == "AGREE"]


def test_agreeing_to_a_hostile_act_is_no_promise_to_its_target(coder):
    events = coder.code_text("The European Union agreed to freeze the assets of Russian banks.", doc_date=D).events
    assert [e.plover for e in events] == ["SANCTION"]


@pytest.mark.parametrize(("text", "source", "target", "cameo"), [
    # troops for a deployed force go to the place the force serves in (CAMEO 0334: "the target
    # represents the prospective location of deployment"), not to the force
    ("Ghana is ready to send troops to the United Nations force in Mali.", "country:GHA", "country:MLI", "030"),
    ("Nepal contributed soldiers to the African Union mission in Somalia.", "country:NPL", "country:SOM", "074"),
])
def test_help_for_a_deployed_force_goes_to_its_place(coder, text, source, target, cameo):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.id, e.target.id, e.cameo) for e in events] == [(source, target, cameo)]


@pytest.mark.parametrize("text", [
    "Chile has agreed to set up a marine research centre in Peru.",
    "Chile has agreed to build a new hospital at Lima.",
])
def test_a_promise_to_found_something_is_aimed_at_its_place(coder, text):
    # what a promise founds is no party to it; the place it will stand in is (the codebook's
    # example for 031: "APEC has agreed to set up an energy research center in Tokyo")
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.id, e.target.country, e.plover) for e in events] == [("country:CHL", "PER", "AGREE")]


@pytest.mark.parametrize(("text", "source", "target"), [
    # CAMEO 074 ("Code here reported deployment of forces"): troops deployed, sent or arriving as
    # peacekeepers are aid to the country they serve in, not to the mission they join
    ("Kenya deployed 400 police officers to Haiti as peacekeepers.", "KEN", "HTI"),
    ("Ghana announced the deployment of 300 troops to Mali on a peacekeeping mission.", "GHA", "MLI"),
    ("The Ghanaian peacekeepers arrived in Juba on Monday.", "GHA", "SSD"),
    ("Uruguayan soldiers participated in peacekeeping missions in Haiti.", "URY", "HTI"),
    ("Brazil sent troops to the United Nations peacekeeping force in Haiti.", "BRA", "HTI"),
    # a contingent of troops is the troops
    ("The first contingents of Ghanaian peacekeeping troops arrived in Juba.", "GHA", "SSD"),
])
def test_peacekeepers_deployed_are_aid_to_where_they_serve(coder, text, source, target):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.country, e.target.country, e.cameo) for e in events] == [(source, target, "074")]


@pytest.mark.parametrize(("text", "cameo"), [
    # no peacekeeping told: a deployment is a show of force, an arrival a visit
    ("Russia announced the deployment of troops to the Belarusian border.", "154"),
    ("The Kenyan minister arrived in Juba to meet the peacekeepers.", "042"),
])
def test_only_peacekeepers_make_a_deployment_peacekeeping(coder, text, cameo):
    events = coder.code_text(text, doc_date=D).events
    assert events and events[0].cameo == cameo, [(e.cameo, e.target) for e in events]


@pytest.mark.parametrize("text", [
    # war games held together are military cooperation (062), whichever verb stages them
    "The war games were staged by Chilean marines and Peruvian troops.",
    "The navies of Chile and Peru performed joint war games in May.",
])
def test_joint_war_games_are_military_cooperation(coder, text):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.country, e.target.country, e.cameo) for e in events] == [("CHL", "PER", "062")]


@pytest.mark.parametrize(("text", "source", "target"), [
    # CAMEO 037, express intent to settle: seeking peace with an adversary, or accepting a
    # formula for ending a dispute with one (aimed at the other side, not at the formula)
    ("Armenia said it would seek peace with Azerbaijan.", "country:ARM", "country:AZE"),
    ("Chile accepted a formula for settling its border dispute with Bolivia.", "country:CHL", "country:BOL"),
])
def test_a_commitment_to_settle_is_aimed_at_the_adversary(coder, text, source, target):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.id, e.target.id, e.cameo) for e in events] == [(source, target, "037")]


def test_resources_sent_are_aid(coder):
    events = coder.code_text("Canada sent more resources to Haiti after the storm.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.cameo) for e in events] == [("country:CAN", "country:HTI", "070")]


def test_what_is_agreed_to_is_not_yet_done(coder):
    # agreeing to cooperate is a promise (AGREE), not cooperation already under way; agreeing to
    # swap prisoners leaves the swap to come
    events = coder.code_text("Chile and Peru agreed to cooperate against drug smuggling.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.plover) for e in events] == [("country:CHL", "country:PER", "AGREE")]
    events = coder.code_text("Chile and Peru agreed to exchange all prisoners.", doc_date=D).events
    assert {(e.plover, str(e.modality)) for e in events} == {("AGREE", "asserted"), ("RETREAT", "future")}


def test_a_weekday_on_the_agreeing_verb_is_the_agreement_s_day(coder):
    # "on Monday" hangs on "agreed" (past), so it is the Monday before the story, even though
    # the freezing it governs is still to come
    events = coder.code_text("The European Union agreed on Monday to freeze the assets of Russian banks.", doc_date=D).events
    assert [e.date for e in events if e.plover == "SANCTION"] == ["2023-03-13"]


@pytest.mark.parametrize(("text", "giver", "helped"), [
    # aid told from the side that got it: the giver is named by "from"
    ("Yemen received humanitarian aid from Japan.", "country:JPN", "country:YEM"),
    ("Haiti has received a loan from the IMF.", "org:imf", "country:HTI"),
])
def test_aid_received_from_someone_is_their_aid(coder, text, giver, helped):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.id, e.target.id, e.plover) for e in events] == [(giver, helped, "AID")]


def test_receiving_a_thing_from_a_country_is_no_hosting(coder):
    # "received assistance from the United States" names no one received as a guest (043)
    events = coder.code_text("The Kenyan army received military assistance from the United States.", doc_date=D).events
    assert [e.plover for e in events] == ["AID"]


def test_a_joint_promise_to_yield_to_a_third_party_is_made_to_that_party(coder):
    # lifting a ban on a third country's goods is a concession to it, so the agreement to lift it
    # is a promise to it (035), not an agreement between the two who lift it
    events = coder.code_text("Chile and Peru agreed to lift their ban on Bolivian beef.", doc_date=D).events
    assert {(e.source.id, e.target.country, e.cameo) for e in events if e.plover == "AGREE"} == {
        ("country:CHL", "BOL", "035"), ("country:PER", "BOL", "035")}


def test_a_summit_attended_together_is_a_meeting_of_those_who_attend(coder):
    events = coder.code_text("Chile and Peru attended a climate summit in Canada on Monday.", doc_date=D).events
    assert [(e.source.id, e.target.id) for e in events] == [("country:CHL", "country:PER")]


def test_support_for_talks_is_support_for_their_sides(coder):
    # the parties of talks "between" or "among" them are the ones the support is for
    events = coder.code_text("Kenya reiterated its support for the talks between Sudan and Chad.", doc_date=D).events
    assert {(e.source.id, e.target.id) for e in events if e.plover == "SUPPORT"} == {
        ("country:KEN", "country:SDN"), ("country:KEN", "country:TCD")}


def test_people_in_several_countries_are_each_country_s_civilians(coder):
    events = coder.code_text("Japan helped people in Somalia and Kenya after the drought.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.plover) for e in events] == [
        ("country:JPN", "agent:SOM-CVL", "AID"), ("country:JPN", "agent:KEN-CVL", "AID")]


def test_a_promise_to_send_help_is_made_to_the_one_helped(coder):
    # the troops or engineers sent are the giver's own; the one the purpose clause helps is the recipient
    events = coder.code_text("Japan pledged to send engineers to help Nepal.", doc_date=D).events
    assert [(e.source.id, e.target.id) for e in events if e.plover == "AGREE"] == [("country:JPN", "country:NPL")]


@pytest.mark.parametrize(("text", "expected"), [
    # what shared information is about is no party to the sharing (only the entry's own "with")
    ("Argentina and Chile agreed to share information on Bolivia.", [("country:ARG", "country:CHL", "AGREE")]),
    # ... while an entry that takes "on" for its target keeps it inside the object
    ("The EU imposed sanctions on Iran.", [("org:eu", "country:IRN", "SANCTION")]),
])
def test_a_topic_inside_the_object_is_no_target(coder, text, expected):
    events = coder.code_text(text, doc_date=D).events
    assert [(e.source.id, e.target.id if e.target else None, e.plover) for e in events] == expected


def test_a_promise_is_made_to_the_act_s_party_not_to_the_thing_it_moves(coder):
    # "intelligence" here is what is shared (read as a generic agent of no country), not the
    # party the promise is made to: that is the act's own target
    events = coder.code_text("Argentina agreed to share intelligence with Chile.", doc_date=D).events
    assert [(e.source.id, e.target.id, e.plover) for e in events] == [("country:ARG", "country:CHL", "AGREE")]
