"""Near-duplicate documents: MinHash over word 5-gram shingles, with an LSH index in the store.

The same wire story republished with a new headline or a changed byline is a near-duplicate:
it is stored, linked ``near_dup_of`` the first copy, and not coded again (its events would only
repeat the original's). Exact copies never get this far: the store keys documents by content
hash.

Signatures are ``NUM_PERM`` 32-bit minima of multiply-shift hashes (a universal family), so the
fraction of equal positions estimates the Jaccard similarity of two shingle sets. Banding
(``BANDS`` x ``ROWS``) finds candidates above about 0.7 similarity; each candidate is then
checked against ``threshold`` on the full signature.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from eventwire.store import Store

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
DEFAULT_THRESHOLD = 0.8
SEED = 20240101
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word n-grams; a text shorter than ``size`` words is one shingle."""
    words = WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _shingle_bytes(text: str, size: int = SHINGLE_WORDS) -> list[bytes]:
    """``shingles`` encoded as UTF-8 (each word encoded once, not once per shingle it is in).

    A list, not a set: a shingle repeated is hashed twice to the same value, which leaves a
    minimum unchanged, and building the set cost more than the repeats do."""
    words = [word.encode("utf-8") for word in WORD.findall(text.lower())]
    if len(words) <= size:
        return [b" ".join(words)] if words else []
    # zip over shifted views: one tuple per shingle, no slice lists
    return [b" ".join(gram) for gram in zip(*(words[i:] for i in range(size)))]


def _hash32(values: Iterable[bytes]) -> np.ndarray:
    """The first four bytes of each value's BLAKE2b digest, little-endian, as uint64."""
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(value, digest_size=4).digest() for value in values])
    return np.frombuffer(digests, dtype="<u4").astype(np.uint64)


@dataclass(frozen=True, slots=True)
class MinHasher:
    """Computes MinHash signatures; the same seed always gives the same permutations."""

    num_perm: int = NUM_PERM
    seed: int = SEED
    _a: np.ndarray = field(init=False, repr=False)
    _b: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        top = np.iinfo(np.uint64).max
        # Odd multipliers: multiply-shift hashing needs them to be a universal family.
        object.__setattr__(self, "_a", rng.integers(1, top, size=self.num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1))
        object.__setattr__(self, "_b", rng.integers(0, top, size=self.num_perm, dtype=np.uint64, endpoint=True))

    def signature(self, text: str) -> np.ndarray | None:
        """The signature of a text, or ``None`` when it has no words."""
        grams = _shingle_bytes(text)
        if not grams:
            return None
        hashed = _hash32(grams)[:, None] * self._a[None, :]
        hashed += self._b[None, :]
        # uint64 arithmetic wraps modulo 2**64 by design; the top 32 bits are the hash (taking
        # them after the minimum gives the same: a shift never reorders).
        return (hashed.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(left == right))


def band_hashes(signature: np.ndarray, bands: int = BANDS) -> list[int]:
    """One signed 64-bit hash per band (SQLite INTEGER), for the LSH table."""
    data = signature.tobytes()  # a 1-D array: each band's bytes are a slice of the whole's
    width = len(signature) // bands * signature.itemsize
    blake2b = hashlib.blake2b
    return [
        int.from_bytes(blake2b(data[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True)
        for i in range(bands)
    ]


def to_blob(signature: np.ndarray) -> bytes:
    return signature.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the store keeps of a document for near-duplicate search."""

    signature: np.ndarray
    bands: tuple[int, ...]

    @property
    def blob(self) -> bytes:
        return to_blob(self.signature)


class NearDuplicateIndex:
    """Finds a stored (or pending, not yet committed) document a new one nearly duplicates."""

    def __init__(self, store: Store, *, threshold: float = DEFAULT_THRESHOLD, hasher: MinHasher | None = None):
        self.store = store
        self.threshold = threshold
        self.hasher = hasher or MinHasher()
        self._pending: dict[str, Fingerprint] = {}
        self._pending_bands: dict[int, set[str]] = {}  # band hash -> pending documents with it

    def fingerprint(self, text: str) -> Fingerprint | None:
        signature = self.hasher.signature(text)
        if signature is None:
            return None
        return Fingerprint(signature, tuple(band_hashes(signature)))

    def find(self, fingerprint: Fingerprint) -> str | None:
        """The id of the most similar known document at or above the threshold, if any."""
        candidates = [(doc_id, from_blob(blob)) for doc_id, blob in self.store.band_candidates(fingerprint.bands)]
        pending = set().union(*(self._pending_bands.get(band, ()) for band in fingerprint.bands))
        candidates += [(doc_id, self._pending[doc_id].signature) for doc_id in pending]
        scored = [(similarity(fingerprint.signature, sig), doc_id) for doc_id, sig in candidates]
        best = max(scored, default=(0.0, None))
        return best[1] if best[0] >= self.threshold else None

    def remember(self, doc_id: str, fingerprint: Fingerprint) -> None:
        """Hold a document not yet committed, so later documents of the same batch see it."""
        self.forget([doc_id])
        self._pending[doc_id] = fingerprint
        for band in fingerprint.bands:
            self._pending_bands.setdefault(band, set()).add(doc_id)

    def forget(self, doc_ids: Sequence[str]) -> None:
        """Drop pending documents once committed (the store has them now) or given up."""
        for doc_id in doc_ids:
            fingerprint = self._pending.pop(doc_id, None)
            for band in fingerprint.bands if fingerprint else ():
                sharing = self._pending_bands[band]
                sharing.discard(doc_id)
                if not sharing:
                    del self._pending_bands[band]
