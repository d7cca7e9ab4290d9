"""Throughput of `eventwire code` against spaCy alone, on the same texts, in one run.

    .venv/bin/python benchmarks/bench_code.py [--repeat N] [--jsonl FILE]

Prints documents/s and words/s for (a) the plain English model's ``nlp.pipe`` and (b) the whole
coder (our pipeline components + actors + quotes + events), and the ratio of their times.
Target (issue 2): the coder adds no more than 25% on top of spaCy's own time.
Texts: by default the 1,050 news sentences of ../shared/data/dev/PLV_train.tsv grouped ten to a
document (real, varied news text: names are not repeated, so per-name caches get no free ride);
without ../shared, the bundled sample corpus (samples/corpus/articles.jsonl) repeated.
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


PLV = REPO.parent / "shared" / "data" / "dev" / "PLV_train.tsv"


def load_plv(path: Path, per_doc: int = 10) -> list[RawDocument]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        sentences = [row["sentence"] for row in csv.DictReader(handle, delimiter="\t")]
    return [
        RawDocument(text="\n\n".join(sentences[i:i + per_doc]), id=f"plv-{i}", date=date(2020, 1, 1))
        for i in range(0, len(sentences), per_doc)
    ]


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
    parser.add_argument("--repeat", type=int, default=10, help="Repeats of the sample corpus (without PLV).")
    parser.add_argument("--jsonl", type=Path, default=None, help="Code this JSONL corpus instead.")
    args = parser.parse_args()

    if args.jsonl is None and PLV.exists():
        raws = load_plv(PLV)
    else:
        raws = load_texts(args.jsonl or REPO / "samples" / "corpus" / "articles.jsonl", args.repeat)
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
