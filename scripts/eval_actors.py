"""Score actor resolution on tests/data/actor_cases.yaml: overall accuracy and by category.

    .venv/bin/python scripts/eval_actors.py [--failures]

Each case is "category | date | sentence with [mentions] | expected; expected". The mention's
syntactic head is passed to DocumentActors.actor_for, as the event coder does.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "actor_cases.yaml"
BRACKET = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True)
class Case:
    category: str
    on: date
    text: str
    mentions: tuple[tuple[int, int], ...]
    expected: tuple[str, ...]
    line: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    mention: str
    expected: str
    got: str
    ok: bool


def load_cases(path: Path = CASES) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return [parse_case(line) for line in raw]


def parse_case(line: str) -> Case:
    category, when, sentence, expected = (part.strip() for part in line.split(" | "))
    spans, text, offset = [], "", 0
    for match in BRACKET.finditer(sentence):
        text += sentence[offset : match.start()]
        spans.append((len(text), len(text) + len(match.group(1))))
        text += match.group(1)
        offset = match.end()
    text += sentence[offset:]
    wanted = tuple(e.strip() for e in expected.split(";"))
    if len(wanted) != len(spans):
        raise ValueError(f"case has {len(spans)} mentions but {len(wanted)} expectations: {line}")
    return Case(category, date.fromisoformat(when), text, tuple(spans), wanted, line)


def describe(actor: Any) -> str:
    if actor is None:
        return "none"
    return actor.id or f"{actor.country or '-'} {actor.sector}"


def matches(actor: Any, expected: str) -> bool:
    if expected == "none":
        return actor is None
    if actor is None:
        return False
    if " " in expected:
        country, sector = expected.split()
        return actor.id is None and actor.country == (None if country == "-" else country) and actor.sector == sector
    return bool(actor.id == expected)


def build_nlp(kb: Any) -> Any:
    """The coder's own pipeline (entity ruler, name guard, paragraphs), not a look-alike."""
    from eventwire.nlp import build_pipeline

    return build_pipeline(kb.ruler_patterns())


def evaluate(cases: list[Case], kb: Any, nlp: Any) -> list[Outcome]:
    from eventwire.actors import DocumentActors

    outcomes = []
    docs = nlp.pipe(c.text for c in cases)
    for case, doc in zip(cases, docs):
        actors = DocumentActors(kb, doc, case.on)
        for (start, end), expected in zip(case.mentions, case.expected):
            span = doc.char_span(start, end, alignment_mode="expand")
            actor = actors.actor_for(span.root)
            outcomes.append(Outcome(case, case.text[start:end], expected, describe(actor), matches(actor, expected)))
    return outcomes


def accuracy_by_category(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        table[o.case.category][0] += o.ok
        table[o.case.category][1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(table.items())}


def main() -> None:
    from eventwire.kb import KnowledgeBase

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list the failed cases")
    args = parser.parse_args()
    kb = KnowledgeBase.load()
    outcomes = evaluate(load_cases(), kb, build_nlp(kb))
    right = sum(o.ok for o in outcomes)
    print(f"overall  {right}/{len(outcomes)}  {right / len(outcomes):.3f}")
    for category, (ok, total) in accuracy_by_category(outcomes).items():
        print(f"{category:9} {ok}/{total}  {ok / total:.3f}")
    if args.failures:
        for o in outcomes:
            if not o.ok:
                print(f"FAIL {o.case.on} {o.mention!r}: expected {o.expected}, got {o.got}  <- {o.case.text}")


if __name__ == "__main__":
    main()
