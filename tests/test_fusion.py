"""Fusion: one record per real-world event across sentences and articles, with provenance."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire import fusion, jsonio
from eventwire.errors import ConfigError
from eventwire.fusion import DocMeta, Fuser
from eventwire.model import Actor, Article, CodeResult, DateBasis, Event, Location, Modality, Trigger
from eventwire.store import Store

RUS = Actor("Russia", id="country:RUS", name="Russia", country="RUS", sector="GOV")
UKR = Actor("Ukraine", id="country:UKR", name="Ukraine", country="UKR")
USA = Actor("Washington", id="country:USA", name="United States", country="USA", sector="GOV")
FRA = Actor("Paris", id="country:FRA", name="France", country="FRA", sector="GOV")
DEU = Actor("Berlin", id="country:DEU", name="Germany", country="DEU", sector="GOV")
KYIV = Location("Kyiv", "UKR", 50.45, 30.52)
GENEVA = Location("Geneva", "CHE", 46.2, 6.14)

# Documents: a wire story, a syndicated copy of it, and independent reports.
WIRE = DocMeta("wire-1", "2022-02-24", "Wire Agency", "https://wire.example/a", "hash-wire")
COPY = DocMeta("portal-1", "2022-02-24", "News Portal", "https://portal.example/a", "hash-copy", near_dup_of="wire-1")
DAILY = DocMeta("daily-1", "2022-02-25", "The Daily", "https://daily.example/b", "hash-daily")
MIRROR = DocMeta("mirror-1", "2022-02-26", "Mirror Site", None, "hash-daily")  # same text as daily-1
EARLY = DocMeta("brief-1", "2022-01-05", "Morning Brief", None, "hash-brief")
LATE = DocMeta("late-1", "2022-01-11", "Evening Post", None, "hash-late")
NEXT_MONTH = DocMeta("late-2", "2022-02-11", "Evening Post", None, "hash-late-2")
SUMMIT = DocMeta("summit-1", "2022-03-01", "Wire Agency", None, "hash-summit")


def event(doc: DocMeta, source: Actor | None, target: Actor | None, cameo: str, plover: str | None, when: str | None,
          *, start: int = 10, sentence_index: int = 0, modality: Modality = Modality.ASSERTED,
          confidence: float = 0.7, location: Location | None = None) -> Event:  # fmt: skip
    return Event(
        doc_id=doc.id, source=source, target=target, cameo=cameo, plover=plover, mode=None, quad_class=4,
        goldstein=-9.0, modality=modality, said_by=None, date=when, date_end=None, date_basis=DateBasis.TEXT,
        location=location, sentence=f"A sentence of {doc.id} about {cameo}.", sentence_index=sentence_index,
        trigger=Trigger("verb", start, start + 4), confidence=confidence, coder="test",
    )  # fmt: skip


def corpus() -> list[tuple[Event, DocMeta]]:
    """Several articles: the same invasion, two meetings a month apart, a plan then its outcome."""
    return [
        # the invasion: wire story, its syndicated copy, an independent report (another code, same type)
        (event(WIRE, RUS, UKR, "190", "ASSAULT", "2022-02-24", confidence=0.8, location=KYIV), WIRE),
        (event(COPY, RUS, UKR, "190", "ASSAULT", "2022-02-24", confidence=0.8, location=KYIV), COPY),
        (event(DAILY, RUS, UKR, "195", "ASSAULT", "2022-02-24", confidence=0.7), DAILY),
        (event(MIRROR, RUS, UKR, "195", "ASSAULT", "2022-02-24", confidence=0.7), MIRROR),
        # a different event between the same actors: a threat, and a hypothetical invasion
        (event(WIRE, RUS, UKR, "138", "THREATEN", "2022-02-24", start=50), WIRE),
        (event(DAILY, RUS, UKR, "190", "ASSAULT", "2022-02-24", start=90, modality=Modality.HYPOTHETICAL), DAILY),
        # talks in Geneva planned on the 5th, reported held on the 11th (the other direction)
        (event(EARLY, USA, RUS, "040", "CONSULT", "2022-01-10", modality=Modality.FUTURE, confidence=0.9, location=GENEVA), EARLY),
        (event(LATE, RUS, USA, "040", "CONSULT", "2022-01-10", confidence=0.6, location=GENEVA), LATE),
        (event(LATE, USA, RUS, "040", "CONSULT", "2022-01", start=200, sentence_index=4, confidence=0.5), LATE),
        # a month later, another meeting between the same pair must stay separate
        (event(NEXT_MONTH, USA, RUS, "040", "CONSULT", "2022-02-10"), NEXT_MONTH),
        # "the leaders of France, Germany and the United States met": one compound event
        (event(SUMMIT, FRA, DEU, "040", "CONSULT", "2022-03-01", start=30), SUMMIT),
        (event(SUMMIT, FRA, USA, "040", "CONSULT", "2022-03-01", start=30), SUMMIT),
        (event(SUMMIT, DEU, USA, "040", "CONSULT", "2022-03-01", start=30), SUMMIT),
    ]


def fused_corpus() -> Fuser:
    fuser = Fuser()
    fuser.add(corpus())
    return fuser


def find(fuser: Fuser, plover: str, when_prefix: str, modality: str | None = None) -> list[dict[str, Any]]:
    return [r for r in fuser.fused() if r["plover"] == plover and (r["date"] or "").startswith(when_prefix)
            and (modality is None or r["modality"] == modality)]  # fmt: skip


def test_corpus_fuses_into_the_expected_number_of_events() -> None:
    fuser = fused_corpus()
    # invasion, threat, hypothetical invasion, January talks, February meeting, summit
    assert len(fuser.fused()) == 6
    assert sum(r["num_mentions"] for r in fuser.fused()) == len(corpus())


def test_syndicated_copies_are_not_independent_sources() -> None:
    (invasion,) = find(fusion_fuser := fused_corpus(), "ASSAULT", "2022-02-24", "asserted")
    assert (invasion["num_mentions"], invasion["num_articles"]) == (4, 4)
    assert invasion["num_sources"] == 2  # the portal copy counts as the wire, the mirror as the daily
    assert invasion["confidence"] == pytest.approx(1 - (1 - 0.8) * (1 - 0.7))
    assert {m["doc_id"] for m in invasion["mentions"]} == {"wire-1", "portal-1", "daily-1", "mirror-1"}
    assert invasion["id"] == fusion.fused_id_for(invasion["mentions"][0]["event_id"])
    assert fusion_fuser.get(invasion["id"]) is invasion


def test_mentions_keep_their_provenance() -> None:
    (invasion,) = find(fused_corpus(), "ASSAULT", "2022-02-24", "asserted")
    for mention in invasion["mentions"]:
        assert mention["trigger_end"] - mention["trigger_start"] == 4
        assert mention["coder"] == "test" and mention["sentence_index"] == 0
        assert mention["sentence"].startswith(f"A sentence of {mention['doc_id']}")


def test_plan_then_outcome_is_one_asserted_event_and_a_month_later_is_another() -> None:
    fuser = fused_corpus()
    (talks,) = find(fuser, "CONSULT", "2022-01")
    assert talks["num_mentions"] == 3 and talks["date"] == "2022-01-10"
    assert talks["modality"] == "asserted"  # reported as held on the 11th, after the planned date
    assert talks["first_seen"] == "2022-01-05"
    assert talks["location"]["name"] == "Geneva"
    assert len(find(fuser, "CONSULT", "2022-02")) == 1


def test_a_plan_alone_stays_future() -> None:
    fuser = Fuser()
    fuser.add([(event(EARLY, USA, RUS, "040", "CONSULT", "2022-01-10", modality=Modality.FUTURE), EARLY)])
    assert fuser.fused()[0]["modality"] == "future"


ALONE = DocMeta("alone-1", None, None, None, "hash-alone")  # a document of no date, outlet or url


@pytest.mark.parametrize("mention", [
    (event(EARLY, USA, RUS, "040", "CONSULT", "2022-01-10", modality=Modality.FUTURE), EARLY),
    (event(LATE, USA, RUS, "040", "CONSULT", "2022-01-10", modality=Modality.FUTURE), LATE),  # published after
    (event(LATE, RUS, UKR, "190", "ASSAULT", None, confidence=0.0), LATE),
    (event(ALONE, RUS, None, "138", "THREATEN", "2022-02", modality=Modality.HYPOTHETICAL), ALONE),
    (event(WIRE, RUS, UKR, "190", "ASSAULT", "2022-02-24", location=KYIV, confidence=0.123456789), WIRE),
])  # fmt: skip
def test_a_one_mention_event_is_what_the_consensus_rules_give_for_one_mention(mention: tuple[Event, DocMeta]) -> None:
    # build_fused takes a shortcut for one mention: it must give the very record the rules give.
    record = fusion.as_record(mention[0])
    member = fusion.Member(record, mention[1])
    unit = fusion.Unit(fusion.unit_key(record, member.doc.id), (member,))
    groups = fusion.Independence()
    expected = {key: value for key, value in record.items() if key != "id"}
    chosen_date = fusion.consensus_date([member])
    expected.update(
        id=fusion.fused_id_for(member.event_id), date=chosen_date,
        modality=fusion.consensus_modality([member], chosen_date),
        confidence=round(fusion.independent_confidence([member], groups), 6),
        first_seen=member.doc.date or record["date"], num_mentions=1, num_articles=1,
        num_sources=1, participants=None, mentions=[member.provenance()], explanation=fusion._explanation([unit], {}),
    )  # fmt: skip
    built = fusion.build_fused([unit], {}, groups)
    assert built == expected
    assert list(built) == list(expected)  # the same keys in the same order, too


def test_threats_and_hypotheticals_do_not_merge_with_what_happened() -> None:
    fuser = fused_corpus()
    assert len(find(fuser, "THREATEN", "2022-02-24")) == 1
    (hypothetical,) = find(fuser, "ASSAULT", "2022-02-24", "hypothetical")
    assert hypothetical["num_mentions"] == 1


def test_compound_actor_is_one_event_with_participants() -> None:
    (summit,) = find(fused_corpus(), "CONSULT", "2022-03")
    assert summit["num_mentions"] == 3
    assert sorted(p["id"] for p in summit["participants"]) == ["country:DEU", "country:FRA", "country:USA"]


def test_explain_says_why_each_mention_was_merged() -> None:
    fuser = fused_corpus()
    (talks,) = find(fuser, "CONSULT", "2022-01")
    lines = fuser.explain(talks["id"])
    assert len(lines) == 3
    assert "earliest mention" in lines[0]
    assert any("same dyad RUS<->USA (symmetric), same base code 040, dates 2022-01-10 and 2022-01-10" in line
               for line in lines)  # fmt: skip
    with pytest.raises(ConfigError, match="fe_missing"):
        fuser.explain("fe_missing")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), batches=st.integers(min_value=1, max_value=5))
def test_fusion_does_not_depend_on_input_order(seed: int, batches: int) -> None:
    expected = fused_corpus().fused()
    items = corpus()
    random.Random(seed).shuffle(items)
    fuser = Fuser()
    for n in range(batches):
        fuser.add(items[n::batches])
    assert fuser.fused() == expected


def test_change_feed_reports_created_updated_and_merged() -> None:
    fuser = Fuser()
    first = fuser.add([(event(LATE, RUS, USA, "040", "CONSULT", "2022-01-10"), LATE)])
    assert [c.kind for c in first] == ["created"]
    later_id = first[0].fused_id
    second = fuser.add([(event(LATE, USA, RUS, "040", "CONSULT", "2022-01", start=200, sentence_index=4), LATE)])
    assert [(c.kind, c.fused_id) for c in second] == [("updated", later_id)]
    third = fuser.add([(event(EARLY, USA, RUS, "040", "CONSULT", "2022-01-10", modality=Modality.FUTURE), EARLY)])
    kinds = {c.kind: c for c in third}
    assert kinds["merged"].fused_id == later_id and kinds["merged"].into == kinds["created"].fused_id
    assert [c.seq for c in fuser.changes_since(first[0].seq)] == [c.seq for c in (*second, *third)]
    assert fuser.changes_since(third[-1].at) == []


def test_removing_a_document_deletes_or_shrinks_its_events() -> None:
    fuser = fused_corpus()
    changes = fuser.remove_document("summit-1")
    assert [c.kind for c in changes] == ["deleted"]
    assert not find(fuser, "CONSULT", "2022-03")


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [("2022-02-24", "2022-02-24", True), ("2022-02-24", "2022-02-25", True), ("2022-02-24", "2022-02-26", False),
     ("2022-02-28", "2022-03-01", True), ("2022-01", "2022-01-31", True), ("2022-01", "2022-02-01", False),
     ("2022", "2022-12-31", True), ("2021", "2022-01", False), ("2022-01", "2022-02", False),
     (None, None, True), (None, "2022-01-01", False)],
)  # fmt: skip
def test_date_compatibility(first: str | None, second: str | None, compatible: bool) -> None:
    assert fusion.dates_compatible(first, second) is compatible
    assert fusion.dates_compatible(second, first) is compatible


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [(KYIV, KYIV, True), (KYIV, Location("Ukraine", "UKR", 49.0, 32.0), True), (KYIV, GENEVA, False),
     (KYIV, Location("Brovary", "UKR", 50.51, 30.79), True), (KYIV, Location("Lviv", "UKR", 49.84, 24.03), False),
     (KYIV, None, True)],
)  # fmt: skip
def test_place_compatibility(first: Location, second: Location | None, compatible: bool) -> None:
    as_dict = second.to_dict() if second else None
    assert fusion.places_compatible(first.to_dict(), as_dict) is compatible


# -- the store -----------------------------------------------------------------------------------


def store_with_corpus(path: Path) -> Store:
    store = Store.open(path)
    run = store.start_run(["test"])
    by_doc: dict[str, list[Event]] = {}
    metas: dict[str, DocMeta] = {}
    for ev, meta in corpus():
        by_doc.setdefault(meta.id, []).append(ev)
        metas[meta.id] = meta
    # The store keys documents by content hash, so the mirror's copy is stored as a near-duplicate.
    links = {doc_id: meta.near_dup_of for doc_id, meta in metas.items()} | {"mirror-1": "daily-1"}
    for doc_id in sorted(by_doc, key=lambda d: (links[d] is not None, d)):  # originals before copies
        meta = metas[doc_id]
        article = Article(id=doc_id, text=f"Text of {doc_id}.", date=date.fromisoformat(meta.date or "2022-01-01"),
                          url=meta.url, source_name=meta.source_name)  # fmt: skip
        store.add_result(CodeResult(article, tuple(by_doc[doc_id])), run_id=run, near_dup_of=links[doc_id])
    return store


def test_fuse_store_writes_fused_events_and_logs_changes(tmp_path: Path) -> None:
    with store_with_corpus(tmp_path / "ew.db") as store:
        changes = fusion.fuse_store(store)
        assert [c.kind for c in changes] == ["created"] * 6
        assert store.conn.execute("SELECT COUNT(*) FROM fused_events").fetchone()[0] == 6
        assert store.conn.execute("SELECT COUNT(*) FROM fused_members").fetchone()[0] == len(corpus())
        assert fusion.fuse_store(store) == []  # nothing new: nothing changed
        fused_id = changes[0].fused_id
        assert fusion.explain_stored(store, fused_id)
        assert [c.seq for c in fusion.changes_since(store, 0)] == [c.seq for c in changes]
        assert store.integrity_check() == "ok"


def test_syndicated_copy_in_the_store_is_not_an_independent_source(tmp_path: Path) -> None:
    with store_with_corpus(tmp_path / "ew.db") as store:
        fusion.fuse_store(store)
        row = store.conn.execute("SELECT num_sources, num_articles FROM fused_events WHERE plover = 'ASSAULT' "
                                 "AND modality = 'asserted'").fetchone()  # fmt: skip
        assert tuple(row) == (2, 4)


def _fused_tables(store: Store) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str]]]:
    events = {row[0]: (row[1], row[2]) for row in store.conn.execute("SELECT id, json, block FROM fused_events")}
    return events, {tuple(row) for row in store.conn.execute("SELECT event_id, fused_id FROM fused_members")}


def _add(store: Store, run: str, doc_id: str, events: list[Event], metas: dict[str, DocMeta],
         links: dict[str, str | None]) -> None:  # fmt: skip
    meta = metas[doc_id]
    article = Article(id=doc_id, text=f"Text of {doc_id}.", date=date.fromisoformat(meta.date or "2022-01-01"),
                      url=meta.url, source_name=meta.source_name)  # fmt: skip
    store.add_result(CodeResult(article, tuple(events)), run_id=run, near_dup_of=links[doc_id])


def _fuse_and_check(store: Store) -> None:
    fusion.fuse_store(store)
    incremental = _fused_tables(store)
    assert fusion.fuse_store(store, full=True) == []  # fusing everything again changes nothing
    assert _fused_tables(store) == incremental


@pytest.mark.parametrize("seed", range(12))
def test_incremental_fuse_store_equals_fusing_the_whole_store(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    by_doc: dict[str, list[Event]] = {}
    metas: dict[str, DocMeta] = {}
    for ev, meta in corpus():
        by_doc.setdefault(meta.id, []).append(ev)
        metas[meta.id] = meta
    # a chain of coded copies: chain-3 copies chain-2 (another block), which copies chain-1
    for i, (source, target) in enumerate([(FRA, RUS), (FRA, UKR), (FRA, RUS)], start=1):
        doc = DocMeta(f"chain-{i}", f"2022-04-0{i}", f"Outlet {i}", None, f"hash-chain-{i}",
                      near_dup_of=f"chain-{i - 1}" if i > 1 else None)  # fmt: skip
        metas[doc.id] = doc
        by_doc[doc.id] = [event(doc, source, target, "112", "ACCUSE", "2022-04-01", confidence=0.5)]
    for i in (1, 2):  # two reports a day apart (the day tolerance)
        doc = DocMeta(f"tol-{i}", f"2022-05-0{i}", f"Paper {i}", None, f"hash-tol-{i}")
        metas[doc.id] = doc
        by_doc[doc.id] = [event(doc, DEU, UKR, "042", "CONSULT", f"2022-05-0{i}", modality=Modality.FUTURE)]
    links = {doc_id: meta.near_dup_of for doc_id, meta in metas.items()} | {"mirror-1": "daily-1"}
    order = list(by_doc)
    rng.shuffle(order)
    for copy in sorted(links, key=lambda d: d.startswith("chain")):  # a copy is stored after its original
        original = links[copy]
        if original and order.index(copy) < order.index(original):
            order.remove(copy)
            order.insert(order.index(original) + 1, copy)
    with Store.open(tmp_path / "ew.db") as store:
        run = store.start_run(["test"])
        summit = by_doc["summit-1"]
        for i, doc_id in enumerate(order):
            # the compound summit arrives as one pairwise mention first, the rest later (its unit grows)
            _add(store, run, doc_id, summit[:1] if doc_id == "summit-1" else by_doc[doc_id], metas, links)
            if rng.random() < 0.6 or i == len(order) - 1:
                _fuse_and_check(store)
        store.add_skipped(Article(id="copy-9", text="Copy.", date=date(2022, 2, 27)), run_id=run,
                          reason="near-duplicate", near_dup_of="wire-1")  # an uncoded copy, stored later
        _fuse_and_check(store)
        _add(store, run, "summit-1", summit, metas, links)
        _fuse_and_check(store)
        events, members = _fused_tables(store)
        assert len(events) == 9 and len(members) == len(corpus()) + 5


def test_incremental_fuse_store_rewrites_only_the_blocks_it_touches(tmp_path: Path) -> None:
    with store_with_corpus(tmp_path / "ew.db") as store:
        fusion.fuse_store(store)
        before = {row[0]: row[1] for row in store.conn.execute("SELECT id, rowid FROM fused_events")}
        run = store.start_run(["test"])
        later = DocMeta("later-1", "2022-03-02", "The Daily", None, "hash-later")
        _add(store, run, "later-1", [event(later, FRA, DEU, "040", "CONSULT", "2022-03-02", start=5)],
             {"later-1": later}, {"later-1": None})  # fmt: skip
        changes = fusion.fuse_store(store)
        after = {row[0]: row[1] for row in store.conn.execute("SELECT id, rowid FROM fused_events")}
        assert [c.kind for c in changes] == ["created"]
        assert len(after) == len(before) + 1
        assert {fid: after[fid] for fid in before} == before  # nothing else was rewritten
        assert fusion.fuse_store(store, full=True) == []


def test_stored_fused_row_columns_are_the_record_values(tmp_path: Path) -> None:
    # _fused_row builds the row positionally: every column must hold what the record says.
    with store_with_corpus(tmp_path / "ew.db") as store:
        fusion.fuse_store(store)
        rows = store.conn.execute(f"SELECT {', '.join(fusion.FUSED_COLUMNS)} FROM fused_events").fetchall()
    assert len(rows) == 6
    for row in rows:
        values = dict(zip(fusion.FUSED_COLUMNS, row, strict=True))
        record = json.loads(values["json"])
        source, target, location = record["source"] or {}, record["target"] or {}, record.get("location") or {}
        derived = {"source_id": source.get("id"), "target_id": target.get("id"), "source_country": source.get("country"),
                   "target_country": target.get("country"), "location_name": location.get("name"),
                   "location_country": location.get("country")}  # fmt: skip
        for column in fusion.FUSED_COLUMNS:
            if column in derived:
                assert values[column] == derived[column], column
            elif column not in ("json", "block", "span_first", "span_last"):
                assert values[column] == record.get(column), column
        assert values["json"] == jsonio.dumps_sorted(record)  # the canonical text: sorted keys, compact
        assert values["block"] and (values["span_first"] is None) == (record["date"] is None)
