"""The event lexicon: schema, lint, and every entry's example sentence codes to its entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from eventwire.errors import LexiconError
from eventwire.lexicon import default_lexicon, lint, load_lexicon, validate

LEXICON = default_lexicon()
ENTRIES = LEXICON.all_entries()


def test_lexicon_lints_clean():
    assert lint(LEXICON) == []


def test_lexicon_covers_every_cameo_root():
    roots = {entry.cameo[:2] for entry in ENTRIES}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_schema_rejects_a_bad_entry(tmp_path: Path):
    raw = {"version": 1, "light_verbs": [], "nouns": [], "verbs": [{"lemma": "meet", "cameo": "40x", "example": "A met B in C."}]}
    with pytest.raises(LexiconError, match="verbs/0"):
        validate(raw)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(LexiconError):
        load_lexicon(path)


def test_specific_entries_are_tried_first():
    entries = LEXICON.verb_entries("call")
    assert entries[-1].specificity <= entries[0].specificity
    assert {e.cameo for e in entries} >= {"041", "020"}


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{type(e).__name__[0]}:{e.lemma}:{e.cameo}" for e in ENTRIES])
def test_entry_example_codes_to_its_entry(coder, entry):
    events = coder.code_text(entry.example, doc_date=date(2024, 6, 1)).events
    codes = [e.cameo for e in events]
    assert entry.cameo in codes, f"{entry.example!r} gave {codes} ({[e.rule for e in events]})"
