"""The near-duplicate index: MinHash fingerprints, found among pending and stored documents."""

from __future__ import annotations

import random
from pathlib import Path

from eventwire.dedup import NearDuplicateIndex
from eventwire.store import Store

WORDS = "talks border minister troops summit ceasefire aid envoy sanctions vote pipeline strike".split()


def story(seed: int, words: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(words))


def edited(text: str) -> str:
    """The same story with a new headline and one word changed: a syndicated copy."""
    words = text.split()
    words[60] = "changed"
    return "Breaking: " + " ".join(words)


def test_a_pending_copy_is_found_until_it_is_forgotten(tmp_path: Path) -> None:
    with Store.open(tmp_path / "ew.db") as store:
        index = NearDuplicateIndex(store)
        originals = {f"doc{i}": story(i) for i in range(30)}
        for doc_id, text in originals.items():
            fingerprint = index.fingerprint(text)
            assert fingerprint is not None and index.find(fingerprint) is None  # unrelated stories
            index.remember(doc_id, fingerprint)
        copy = index.fingerprint(edited(originals["doc17"]))
        assert copy is not None
        assert index.find(copy) == "doc17"
        index.forget(["doc17"])
        assert index.find(copy) is None  # not stored either: nothing to link to
        index.forget(["doc17", "unknown"])  # forgetting twice, or what was never held, is harmless


def test_remembering_a_document_again_replaces_its_fingerprint(tmp_path: Path) -> None:
    with Store.open(tmp_path / "ew.db") as store:
        index = NearDuplicateIndex(store)
        first, second = story(1), story(2)
        index.remember("doc", index.fingerprint(first))  # type: ignore[arg-type]
        index.remember("doc", index.fingerprint(second))  # type: ignore[arg-type]
        assert index.find(index.fingerprint(edited(first))) is None  # type: ignore[arg-type]
        assert index.find(index.fingerprint(edited(second))) == "doc"  # type: ignore[arg-type]
