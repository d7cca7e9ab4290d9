"""Golden files: pipeline outputs committed for review (``pytest --update-golden`` rewrites them).

The seed article (../shared/samples/seed-article.txt, dated 2021-12-31) is the canonical input.
Beyond the exact golden comparison, the must-contain / must-not-contain checks below state what
a careful analyst requires of it; they hold whatever else the coder learns.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from eventwire.clean import clean
from eventwire.model import RawDocument

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schema" / "event.schema.json").read_text())


@pytest.fixture(scope="module")
def seed_events(coder, shared) -> list[dict]:
    text = (shared / "samples" / "seed-article.txt").read_text(encoding="utf-8")
    article = clean(RawDocument(text=text, id="seed-article", date=date(2021, 12, 31)))
    return [e.to_dict() for e in coder.code(article).events]


def _one(events: list[dict], source: str, target: str, plover: str) -> list[dict]:
    ids = lambda a: {a["id"], f"country:{a['country']}"} if a else set()  # noqa: E731
    return [e for e in events if source in ids(e["source"]) and target in ids(e["target"]) and e["plover"] == plover]


def test_seed_golden_file(seed_events, update_golden):
    path = GOLDEN / "seed" / "events.jsonl"
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in seed_events]
    if update_golden or not path.exists():
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines() == lines, "run pytest --update-golden and review the diff"


def test_seed_events_validate_against_schema(seed_events):
    for event in seed_events:
        jsonschema.validate(event, SCHEMA)


def test_seed_biden_calls_zelensky_on_sunday(seed_events):
    found = _one(seed_events, "person:joe-biden", "person:volodymyr-zelensky", "CONSULT")
    assert any(e["mode"] == "phone" and e["date"] == "2022-01-02" and e["modality"] == "future" for e in found), found


def test_seed_biden_threatens_putin(seed_events):
    assert _one(seed_events, "person:joe-biden", "person:vladimir-putin", "THREATEN")


def test_seed_blinken_calls_stoltenberg_on_friday(seed_events):
    found = _one(seed_events, "person:antony-blinken", "person:jens-stoltenberg", "CONSULT")
    assert any(e["date"] == "2021-12-31" for e in found), found


def test_seed_us_russia_talks_in_geneva(seed_events):
    found = _one(seed_events, "country:USA", "country:RUS", "CONSULT") + _one(seed_events, "country:RUS", "country:USA", "CONSULT")
    assert any(
        e["date"] == "2022-01-10" and e["date_end"] == "2022-01-11" and e["modality"] == "future"
        and (e["location"] or {}).get("name") == "Geneva" and (e["location"] or {}).get("country") == "CHE"
        for e in found
    ), found


def test_seed_crimea_2014(seed_events):
    found = [e for e in _one(seed_events, "country:RUS", "country:UKR", "COERCE") + _one(seed_events, "country:RUS", "country:UKR", "ASSAULT")]
    assert any(e["date"] == "2014" for e in found), found


def test_seed_no_asserted_invasion(seed_events):
    assert not [e for e in seed_events if e["plover"] == "ASSAULT" and e["modality"] == "asserted"
                and (e["target"] or {}).get("country") == "UKR" and e["cameo"].startswith("19") and e["date"] != "2014"]


def test_seed_boilerplate_yields_nothing(seed_events):
    for event in seed_events:
        assert "See also" not in event["sentence"]
        assert "Leave a Reply" not in event["sentence"] and "email address" not in event["sentence"]


def test_seed_offsets_point_into_the_cleaned_text(coder, shared):
    text = (shared / "samples" / "seed-article.txt").read_text(encoding="utf-8")
    article = clean(RawDocument(text=text, id="seed-article", date=date(2021, 12, 31)))
    for event in coder.code(article).events:
        t = event.trigger
        assert article.text[t.start:t.end] == t.text
