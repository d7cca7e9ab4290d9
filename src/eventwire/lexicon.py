"""The event lexicon: verb and event-noun patterns that decide a CAMEO code.

The lexicon is data (``data/lexicon.yaml``) checked against a JSON Schema
(``data/lexicon.schema.json``). This module loads it, lints it, and indexes it by lemma, most
specific entry first, so the coder asks one question: which entries could this token trigger?
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from eventwire.errors import LexiconError

DEFAULT_TARGETS = ("dobj", "dative")


@dataclass(frozen=True, slots=True)
class VerbEntry:
    lemma: str
    cameo: str
    example: str
    particle: str | None = None
    prep: str | None = None
    object: frozenset[str] = frozenset()
    object_is_actor: bool = False
    transitive: bool = False  # needs something done to: "returned the prisoners", not "returned home"
    xcomp: bool = False
    complement: bool = False  # an object complement: "called the move illegal"
    of: frozenset[str] = frozenset()
    purpose: frozenset[str] = frozenset()  # the verb of an infinitive of purpose: "sent experts to X to investigate"
    targets: tuple[str, ...] = DEFAULT_TARGETS
    symmetric: bool = False

    @property
    def specificity(self) -> int:
        """Constrained entries are tried before the bare lemma."""
        return (
            4 * bool(self.particle)
            + 3 * bool(self.prep)
            + 3 * bool(self.object)
            + 2 * bool(self.of)
            + 4 * bool(self.purpose)
            + 2 * self.object_is_actor
            + 1 * self.transitive
            + 1 * self.xcomp
            + 3 * self.complement
        )


@dataclass(frozen=True, slots=True)
class NounEntry:
    lemma: str
    cameo: str
    example: str
    targets: tuple[str, ...] = ()
    symmetric: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[VerbEntry, ...]]
    nouns: dict[str, NounEntry]
    light_verbs: frozenset[str]
    version: str

    def verb_entries(self, lemma: str) -> tuple[VerbEntry, ...]:
        return self.verbs.get(lemma, ())

    def noun_entry(self, lemma: str) -> NounEntry | None:
        return self.nouns.get(lemma)

    def all_entries(self) -> list[VerbEntry | NounEntry]:
        entries: list[VerbEntry | NounEntry] = [e for es in self.verbs.values() for e in es]
        return entries + list(self.nouns.values())


def _data_path(name: str) -> Path:
    return Path(str(resources.files("eventwire") / "data" / name))


def _verb(raw: dict) -> VerbEntry:
    return VerbEntry(
        lemma=raw["lemma"],
        cameo=raw["cameo"],
        example=raw["example"],
        particle=raw.get("particle"),
        prep=raw.get("prep"),
        object=frozenset(raw.get("object", ())),
        object_is_actor=raw.get("object_is_actor", False),
        transitive=raw.get("transitive", False),
        xcomp=raw.get("xcomp", False),
        complement=raw.get("complement", False),
        of=frozenset(raw.get("of", ())),
        purpose=frozenset(raw.get("purpose", ())),
        targets=tuple(raw.get("targets", DEFAULT_TARGETS)),
        symmetric=raw.get("symmetric", False),
    )


def _noun(raw: dict) -> NounEntry:
    return NounEntry(
        lemma=raw["lemma"],
        cameo=raw["cameo"],
        example=raw["example"],
        targets=tuple(raw.get("targets", ())),
        symmetric=raw.get("symmetric", False),
    )


def validate(raw: dict) -> None:
    """Check the lexicon against its JSON Schema; raise LexiconError naming the bad entry."""
    schema = json.loads(_data_path("lexicon.schema.json").read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(raw), key=str)
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path)
        raise LexiconError(f"lexicon entry at {where or '<root>'}: {errors[0].message}")


def lint(lexicon: Lexicon) -> list[str]:
    """Problems a schema cannot see: unknown CAMEO codes and duplicate patterns."""
    from eventwire import ontology

    problems = []
    seen: set[tuple] = set()
    for entry in lexicon.all_entries():
        if not ontology.is_cameo_code(entry.cameo):
            problems.append(f"{entry.lemma}: unknown CAMEO code {entry.cameo!r}")
        key = (type(entry).__name__, *[str(getattr(entry, f)) for f in entry.__slots__ if f not in {"cameo", "example"}])
        if key in seen:
            problems.append(f"{entry.lemma}: duplicate pattern {key[1:]}")
        seen.add(key)
    return problems


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load, validate and index a lexicon file (the bundled one by default)."""
    text = (path or _data_path("lexicon.yaml")).read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"lexicon is not valid YAML: {exc}") from exc
    validate(raw)
    verbs: dict[str, list[VerbEntry]] = defaultdict(list)
    for item in raw["verbs"]:
        verbs[item["lemma"]].append(_verb(item))
    nouns = {item["lemma"]: _noun(item) for item in raw["nouns"]}
    return Lexicon(
        verbs={k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in verbs.items()},
        nouns=nouns,
        light_verbs=frozenset(raw["light_verbs"]),
        version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
    )


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon()
