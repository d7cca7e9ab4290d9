"""The actor knowledge base: its data files, their schema, dated offices, lookups and imports."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from eventwire.errors import DataError
from eventwire.kb import KINDS, KnowledgeBase, import_entries, normalise, parse_date, read_builtin, skeleton, validate

# Offices one person holds at a time in each country or organisation.
SINGLE_HOLDER = {"president", "prime minister", "chancellor", "foreign minister", "defence minister", "supreme leader", "king", "queen", "emir", "sultan", "secretary general", "high representative", "director general", "managing director", "vice president"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize("kind", KINDS)
def test_every_data_file_matches_the_schema(kind: str) -> None:
    validate(kind, read_builtin(kind), f"{kind}.yaml")


def test_schema_rejects_a_role_without_dates() -> None:
    bad = [{"id": "person:x-y", "name": "X Y", "roles": [{"title": "president", "country": "USA", "sector": "GOV"}]}]
    with pytest.raises(DataError, match="schema"):
        validate("people", bad, "user.yaml")


def test_ids_are_unique_across_files() -> None:
    ids = [e["id"] for kind in ("countries", "organisations", "people") for e in read_builtin(kind)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_country_has_a_consistent_id() -> None:
    for country in read_builtin("countries"):
        assert country["id"] == f"country:{country['iso3']}"


def test_breadth_of_people_and_roles() -> None:
    people = read_builtin("people")
    assert len(people) >= 250 and sum(len(p["roles"]) for p in people) >= 400


def test_roles_start_before_they_end() -> None:
    for person in read_builtin("people"):
        for role in person["roles"]:
            if role["end"] is not None:
                assert parse_date(role["start"]) < parse_date(role["end"]), (person["id"], role)


def test_single_holder_offices_never_overlap(kb: KnowledgeBase) -> None:
    for (office, seat), holders in kb.offices.items():
        if office not in SINGLE_HOLDER:
            continue
        for (before, _), (after, who) in zip(holders, holders[1:]):
            assert before.end is not None and before.end <= after.start, (office, seat, who)


def test_roles_point_to_known_seats(kb: KnowledgeBase) -> None:
    for entry in kb.entries.values():
        for role in entry.roles:
            assert (f"country:{role.country}" if role.country else role.org) in kb.entries, (entry.id, role)


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("Zelenskiy", date(2022, 3, 1), "person:volodymyr-zelensky"),
        ("Selenskyj", date(2022, 3, 1), "person:volodymyr-zelensky"),
        ("Mr. Putin", date(2021, 12, 31), "person:vladimir-putin"),
        ("Kyiv", None, "country:UKR"),
        ("U.S.", None, "country:USA"),
        ("Organisation for Security and Co-operation in Europe", None, "org:osce"),
        ("Stoltenbreg", None, "person:jens-stoltenberg"),
        ("Crimea", None, None),
    ],
)
def test_resolve_name(kb: KnowledgeBase, text: str, on: date | None, expected: str | None) -> None:
    actor = kb.resolve_name(text, on)
    assert (actor.id if actor else None) == expected


@pytest.mark.parametrize(
    ("title", "seat", "on", "expected"),
    [
        ("president", {"country": "USA"}, date(2021, 12, 31), "person:joe-biden"),
        ("president", {"country": "USA"}, date(2025, 6, 1), "person:donald-trump"),
        ("president", {"country": "USA"}, date(2025, 1, 20), "person:donald-trump"),
        ("president", {"country": "USA"}, date(2025, 1, 19), "person:joe-biden"),
        ("secretary of state", {"country": "USA"}, date(2021, 12, 31), "person:antony-blinken"),
        ("secretary general", {"org": "org:nato"}, date(2021, 12, 31), "person:jens-stoltenberg"),
        ("deputy foreign minister", {"country": "RUS"}, date(2021, 12, 31), None),
        ("president", {"country": "GBR"}, date(2021, 12, 31), None),
    ],
)
def test_resolve_role(kb: KnowledgeBase, title: str, seat: dict[str, str], on: date, expected: str | None) -> None:
    actor = kb.resolve_role(title, on=on, **seat)
    assert (actor.id if actor else None) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("the US president", "person:joe-biden"), ("Kiev", "country:UKR"), ("NATO Secretary General", "person:jens-stoltenberg"), ("the head of US diplomacy", "person:antony-blinken"), ("a White House official", "agent:USA-GOV"), ("Ukrainian troops", "agent:UKR-MIL"), ("the crisis", None)],
)
def test_show(kb: KnowledgeBase, query: str, expected: str | None) -> None:
    actor = kb.show(query, on=date(2021, 12, 31))
    assert (actor.id if actor else None) == expected


def test_search_finds_partial_names(kb: KnowledgeBase) -> None:
    assert "person:volodymyr-zelensky" in [a.id for a in kb.search("zelen")]
    assert len(kb.search("a", limit=3)) <= 3


def test_ruler_patterns_carry_ids_and_labels(kb: KnowledgeBase) -> None:
    patterns = {p["pattern"]: p for p in kb.ruler_patterns()}
    assert patterns["Kiev"]["label"] == "GPE" and patterns["Kiev"]["id"] == "country:UKR"
    assert patterns["Russian"]["label"] == "NORP"
    assert patterns["Zelensky"]["id"] == "person:volodymyr-zelensky"
    assert {p["label"] for p in patterns.values()} <= {"PERSON", "GPE", "ORG", "NORP"}


@pytest.mark.parametrize(("a", "b"), [("Zelensky", "Zelenskyy"), ("Zelenskiy", "Selenskyj"), ("Sergei", "Sergey")])
def test_skeleton_ignores_transliteration(a: str, b: str) -> None:
    assert skeleton(normalise(a)) == skeleton(normalise(b))


def test_user_yaml_overrides_builtin(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("- id: person:joe-biden\n  name: Joseph Robinette Biden\n  roles: []\n- id: org:my-ngo\n  name: Acme Watch\n  sector: NGO\n", encoding="utf-8")
    kb = KnowledgeBase.load(extra_paths=[extra])
    assert kb.entries["person:joe-biden"].name == "Joseph Robinette Biden"
    assert kb.resolve_name("Acme Watch").id == "org:my-ngo"  # type: ignore[union-attr]
    assert kb.version != KnowledgeBase.load().version


def test_import_csv_groups_roles_by_person(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,names,title,country,org,sector,start,end\nperson:ann-lee,Ann Lee,A. Lee,president,MLT,,GOV,2020-01-01,2024-01-01\nperson:ann-lee,Ann Lee,,prime minister,MLT,,GOV,2024-01-01,\n", encoding="utf-8")
    (entry,) = import_entries(path)
    assert entry["names"] == ["A. Lee"] and [r["title"] for r in entry["roles"]] == ["president", "prime minister"]


def test_import_wikidata_maps_positions_to_offices(tmp_path: Path) -> None:
    rows = [{"person": {"value": "http://www.wikidata.org/entity/Q1"}, "personLabel": {"value": "Ann Lee"}, "positionLabel": {"value": "Minister of Foreign Affairs of Malta"}, "iso3": {"value": "MLT"}, "start": {"value": "2020-02-01T00:00:00Z"}}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"results": {"bindings": rows}}), encoding="utf-8")
    (entry,) = import_entries(path)
    assert entry["id"] == "person:ann-lee" and entry["roles"][0]["title"] == "foreign minister"
    assert entry["roles"][0]["start"] == "2020-02-01" and entry["roles"][0]["end"] is None


def test_import_rejects_entries_without_ids(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- name: Nobody\n", encoding="utf-8")
    with pytest.raises(DataError, match="no id"):
        import_entries(path)


def _coverage_script() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "scripts" / "kb_coverage.py"
    spec = importlib.util.spec_from_file_location("kb_coverage", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_required_offices_are_filled_since_2000(kb: KnowledgeBase) -> None:
    """Heads, foreign and defence ministers of the required states and the IGO leaders: every
    stretch without a holder is a documented vacancy or an open question in KNOWN_GAPS."""
    coverage = _coverage_script()
    gaps = coverage.coverage_gaps(kb)
    unexplained = [g for g in gaps if (g[0], g[1], g[2].isoformat()) not in coverage.KNOWN_GAPS]
    assert not unexplained
    stale = set(coverage.KNOWN_GAPS) - {(g[0], g[1], g[2].isoformat()) for g in gaps}
    assert not stale, f"filled gaps still listed in KNOWN_GAPS: {sorted(stale)}"


def test_coverage_finds_a_removed_minister() -> None:
    coverage = _coverage_script()
    spans = [(date(2000, 1, 1), date(2010, 1, 1)), (date(2012, 1, 1), date(2030, 1, 1))]
    assert coverage.gaps(spans) == [(date(2010, 1, 1), date(2012, 1, 1))]
    assert coverage.gaps([(date(2000, 1, 1), date(2010, 1, 1)), (date(2010, 2, 1), date(2030, 1, 1))]) == []


def test_canonical_names_actors_built_from_a_country_code() -> None:
    kb = KnowledgeBase.load()
    from eventwire.model import Actor

    by_code = Actor(text="Russian missiles", id="agent:RUS-MIL", name="RUS military", country="RUS", sector="MIL", kind="agent")
    assert kb.canonical(by_code).name == "Russia military"  # type: ignore[union-attr]
    assert kb.canonical(Actor(text="Czech", id="country:CZE", name="CZE")).name == "Czech Republic"  # type: ignore[union-attr]
    unknown = Actor(text="he", id=None, name="Vaclav Klaus")
    assert kb.canonical(unknown) is unknown and kb.canonical(None) is None
