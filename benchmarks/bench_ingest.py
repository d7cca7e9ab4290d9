"""Ingest throughput: documents/s for ``ingest`` at 1 and 2 workers against spaCy alone.

Generates news-like documents from template sentences (varied actors, verbs and dates), then
measures, for each worker count:
  * ``ingest``: what ``eventwire ingest`` does: clean, triage, code with the real ``Coder`` and
    store into a fresh database with every registered table (``open_store``), then fuse
    (``fusion.fuse_store``); the fusion share is printed too;
  * spaCy alone: ``nlp.pipe`` with the model ingest loads (``eventwire.nlp.load_model``, every
    component enabled, as spaCy ships it) over the same texts, ``n_process=workers``;
  * spaCy with eventwire's rule tables: the same, with the attribute ruler and lemmatizer swapped
    for the table-driven ones ingest uses (``nlp.use_rule_tables``: same results, less work), so
    that the figures show how much of ingest's speed comes from there and what its own work costs;
and prints documents/s, events/s, the ingest/spaCy ratio and the peak RSS of the processes; also
CPU ms per document of every process involved (ingest: the parent and its coding workers; spaCy:
the parent and the workers ``nlp.pipe`` starts), a ratio other programs on a shared machine
disturb less than the wall-clock one. ``--repeat N`` alternates the two N times, keeps the best.

Run by hand (takes minutes):  .venv/bin/python benchmarks/bench_ingest.py --docs 2000
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
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


def peak_rss_mib(pid: int | str = "self") -> float:
    """Peak resident memory of one process so far (VmHWM, MiB, Linux). Unlike getrusage's
    children figure, a spawned worker does not inherit the peak of the parent it forked from."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def reset_peak_rss() -> None:
    """Start this process's peak resident memory afresh (Linux: ``5`` to ``clear_refs``), so that
    with ``workers=1`` the coding process's peak is this run's, not that of an earlier run or of
    the spaCy-alone measurement in the same process (``--repeat``)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def coding_processes(backend: object) -> list[int | str]:
    """The processes that code: the pool's workers, or this process with ``workers=1``."""
    pool = getattr(backend, "_pool", None)
    return [worker.pid for worker in pool._pool] if pool is not None else ["self"]  # type: ignore[attr-defined]


def cpu_seconds(pids: list[int | str]) -> float:
    """User + system CPU time of processes so far (Linux ``/proc/PID/stat``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    """One measurement: wall seconds, CPU seconds of every process involved, and more."""

    seconds: float
    cpu: float
    events: int = 0
    fusion_seconds: float = 0.0
    worker_rss: float = 0.0


def bench_ingest(texts: list[tuple[str, date]], workers: int) -> Run:
    """Ingest plus fusion, as ``eventwire ingest`` runs them, into a fresh store."""
    from eventwire import fusion
    from eventwire.ingest import IngestOptions, coding_backend, ingest_documents
    from eventwire.model import RawDocument
    from eventwire.store import open_store

    documents = [RawDocument(text=text, id=f"bench{i}", date=day) for i, (text, day) in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.db") as store:
        reset_peak_rss()
        with coding_backend(workers=workers) as backend:  # the coders load before the clock starts
            workers_pids = [pid for pid in coding_processes(backend) if pid != "self"]
            cpu_before = time.process_time() + cpu_seconds(workers_pids)
            started = time.perf_counter()
            summary = ingest_documents(documents, store, backend=backend, options=IngestOptions(batch_size=16))
            fusing = time.perf_counter()
            worker_rss = max(peak_rss_mib(pid) for pid in coding_processes(backend))
            fusion.fuse_store(store)  # as ``eventwire ingest`` does after storing
            finished = time.perf_counter()
            cpu = time.process_time() + cpu_seconds(workers_pids) - cpu_before
    return Run(finished - started, cpu, summary.events_added, finished - fusing, worker_rss)


def bench_spacy(texts: list[tuple[str, date]], workers: int, *, rule_tables: bool = False) -> Run:
    """``nlp.pipe`` alone, with the model ingest's coder is built on (its worker processes'
    start-up included, as ``nlp.pipe`` starts them); with ``rule_tables``, with the table-driven
    attribute ruler and lemmatizer ingest uses."""
    from eventwire.nlp import load_model, use_rule_tables

    nlp = load_model()
    if rule_tables:
        use_rule_tables(nlp)
    cpu_before = time.process_time() + children_cpu_seconds()
    started = time.perf_counter()
    for _ in nlp.pipe((text for text, _ in texts), batch_size=16, n_process=workers):
        pass
    seconds = time.perf_counter() - started
    return Run(seconds, time.process_time() + children_cpu_seconds() - cpu_before)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="Alternate ingest and spaCy N times; keep the best.")
    args = parser.parse_args(argv)
    texts = make_texts(args.docs)
    n = len(texts)
    words = sum(len(text.split()) for text, _ in texts)
    print(f"{n} documents, {words} words ({words / n:.0f} per document)")
    for workers in args.workers:
        ingests, spacys, tabled = [], [], []
        for _ in range(max(1, args.repeat)):
            ingests.append(bench_ingest(texts, workers))
            spacys.append(bench_spacy(texts, workers))
            tabled.append(bench_spacy(texts, workers, rule_tables=True))
        ingest, spacy = min(ingests, key=lambda r: r.seconds), min(spacys, key=lambda r: r.seconds)
        ingest_cpu, spacy_cpu = min(r.cpu for r in ingests), min(r.cpu for r in spacys)
        tables, tables_cpu = min(r.seconds for r in tabled), min(r.cpu for r in tabled)
        without_fusion = ingest.seconds - ingest.fusion_seconds
        print(f"workers={workers}: ingest {n / ingest.seconds:.1f} docs/s ({ingest.events / ingest.seconds:.0f} events/s, "
              f"fusion {ingest.fusion_seconds / ingest.seconds:.0%} of the time), spaCy alone {n / spacy.seconds:.1f} docs/s, "
              f"ratio {spacy.seconds / ingest.seconds:.2f} (without fusion {spacy.seconds / without_fusion:.2f}); "
              f"CPU {1000 * ingest_cpu / n:.1f} vs {1000 * spacy_cpu / n:.1f} ms/doc, ratio {spacy_cpu / ingest_cpu:.2f}; "
              f"peak RSS per coding process {max(r.worker_rss for r in ingests):.0f} MiB "
              f"(parent so far {peak_rss_mib():.0f} MiB)")  # fmt: skip
        print(f"  spaCy with eventwire's rule tables {n / tables:.1f} docs/s, CPU {1000 * tables_cpu / n:.1f} ms/doc; "
              f"ingest against it: ratio {tables / ingest.seconds:.2f}, CPU ratio {tables_cpu / ingest_cpu:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
