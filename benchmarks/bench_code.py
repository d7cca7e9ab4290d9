"""Throughput of `eventwire code` against spaCy alone, on the same texts, in one run.

    .venv/bin/python benchmarks/bench_code.py [--repeat N] [--jsonl FILE]

Prints documents/s and words/s for (a) the plain English model's ``nlp.pipe`` and (b) the whole
coder (our pipeline components + actors + quotes + events), and the ratio of their times.
Target (issue 2): the coder adds no more than 25% on top of spaCy's own time.
Texts: the bundled sample corpus (samples/corpus/articles.jsonl), repeated; ids are varied so
nothing is cached between repeats.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from eventwire.clean import clean
from eventwire.model import RawDocument
from eventwire.nlp import load_model
from eventwire.pipeline import Coder

REPO = Path(__file__).resolve().parents[1]


def load_texts(path: Path, repeat: int) -> list[RawDocument]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        RawDocument(text=row["text"], id=f"{row['id']}-{n}", date=date.fromisoformat(row["date"]))
        for n in range(repeat)
        for row in rows
    ]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jsonl", type=Path, default=REPO / "samples" / "corpus" / "articles.jsonl")
    args = parser.parse_args()

    raws = load_texts(args.jsonl, args.repeat)
    articles = [clean(r) for r in raws]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    nlp = load_model()
    coder = Coder.load()
    list(nlp.pipe(texts[:5]))  # warm both up: first calls allocate
    list(coder.pipe(articles[:5]))

    spacy_s = timed(lambda: list(nlp.pipe(texts, batch_size=16)))
    events = 0

    def run_coder() -> None:
        nonlocal events
        events = sum(len(r.events) for r in coder.pipe(articles, batch_size=16))

    coder_s = timed(run_coder)
    n = len(texts)
    print(f"documents: {n}, words: {words}, events: {events}")
    print(f"spaCy alone : {n / spacy_s:8.1f} docs/s {words / spacy_s:10.0f} words/s ({spacy_s:.2f} s)")
    print(f"eventwire   : {n / coder_s:8.1f} docs/s {words / coder_s:10.0f} words/s ({coder_s:.2f} s)")
    print(f"overhead    : coder time / spaCy time = {coder_s / spacy_s:.3f} (target <= 1.25)")


if __name__ == "__main__":
    main()
