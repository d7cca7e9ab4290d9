"""Fusion end to end: real articles through ingest and the real coder, then fused events.

Four reports: an original, a syndicated copy of it (another site, a different last line), an
independent report of the same meeting, and a later meeting between the same leaders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import eventwire.cli_store  # noqa: F401
from eventwire.cli import cli

BODY = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday. "
    "The two leaders discussed energy supplies, trade in national currencies and the war in Ukraine "
    "during several hours of conversation at the Kremlin. Officials from both governments described "
    "the atmosphere as warm and businesslike, and a joint statement on economic cooperation until "
    "2030 was signed by the two delegations before a state dinner in the evening."
)
ARTICLES = [
    {"id": "wire-1", "date": "2023-03-22", "url": "https://wire.example.com/xi-putin", "text": BODY + " Reporting by the wire desk."},
    {"id": "copy-1", "date": "2023-03-22", "url": "https://portal.example.net/world/xi-putin",
     "text": BODY + " This story was syndicated from a news agency."},
    {"id": "indep-1", "date": "2023-03-22", "url": "https://daily.example.org/asia/summit",
     "text": "Xi Jinping met Vladimir Putin in Moscow on Tuesday, the Kremlin said. The Russian leader praised "
             "his guest, and the Chinese leader invited Putin to visit Beijing later in the year."},
    {"id": "later-1", "date": "2023-10-19", "url": "https://wire.example.com/belt-road",
     "text": "Xi Jinping met Vladimir Putin in Beijing on Wednesday on the sidelines of a forum on trade."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fusion")
    source = folder / "reports.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n")
    path = folder / "f.db"
    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "near-duplicates 1" in result.output
    return path


def _meetings(db: Path) -> list[dict]:
    out = CliRunner().invoke(cli, ["events", "--db", str(db), "--plover", "CONSULT", "--format", "json", "--limit", "50"]).output
    rows = json.loads(out)
    ids = lambda r: {(r["source"] or {}).get("id"), (r["target"] or {}).get("id")}  # noqa: E731
    return [r for r in rows if ids(r) == {"person:xi-jinping", "person:vladimir-putin"}]


def test_same_meeting_is_one_event_with_two_independent_sources(db):
    march = [r for r in _meetings(db) if r["date"] == "2023-03-21"]
    assert len(march) == 1, march
    event = march[0]
    assert event["num_articles"] == 2 and event["num_sources"] == 2
    assert {m["doc_id"] for m in event["mentions"]} == {"wire-1", "indep-1"}
    assert event["location"]["name"] == "Moscow"


def test_later_meeting_between_the_same_leaders_stays_apart(db):
    october = [r for r in _meetings(db) if r["date"].startswith("2023-10")]
    assert len(october) == 1 and october[0]["num_articles"] == 1
    assert october[0]["date"] == "2023-10-18"


def test_show_explains_the_merge(db):
    march = [r for r in _meetings(db) if r["date"] == "2023-03-21"][0]
    out = CliRunner().invoke(cli, ["show", march["id"], "--db", str(db)]).output
    assert "merged because" in out and "wire-1" in out and "indep-1" in out


def test_syndicated_copy_is_stored_but_not_coded(db):
    import sqlite3

    conn = sqlite3.connect(db)
    status, original = conn.execute("SELECT status, near_dup_of FROM documents WHERE id = 'copy-1'").fetchone()
    assert status == "near-duplicate" and original == "wire-1"
    assert conn.execute("SELECT COUNT(*) FROM events WHERE doc_id = 'copy-1'").fetchone()[0] == 0
