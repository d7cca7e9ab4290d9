"""What the actor knowledge base adds to start-up: load time and entity-ruler build time.

Each figure comes from a fresh Python process (nothing cached by an earlier import), best of
--repeat runs; the spaCy model load is printed alongside for scale. Target (issue 3): loading
the knowledge base adds under 0.5 s to start-up.

    .venv/bin/python benchmarks/bench_kb.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

PROBE = """
import json, time
started = time.perf_counter()
from eventwire.kb import KnowledgeBase
from eventwire.nlp import build_pipeline, load_model
imported = time.perf_counter()
kb = KnowledgeBase.load()
loaded = time.perf_counter()
patterns = kb.ruler_patterns()
load_model()
model = time.perf_counter()
build_pipeline(patterns)
pipeline = time.perf_counter()
print(json.dumps({
    "kb_load": loaded - imported,
    "model_load": model - loaded,
    "ruler_extra": (pipeline - model) - (model - loaded),
    "entries": len(kb.entries),
    "patterns": len(patterns),
}))
"""


def probe() -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runs = [probe() for _ in range(args.repeat)]
    best = {key: min(run[key] for run in runs) for key in ("kb_load", "model_load", "ruler_extra")}
    print(f"knowledge base: {runs[0]['entries']} entries, {runs[0]['patterns']} ruler patterns")
    print(f"KB load {best['kb_load']:.3f} s (target < 0.5 s); spaCy model load {best['model_load']:.3f} s; "
          f"entity ruler on top of the model {max(best['ruler_extra'], 0):.3f} s  (best of {args.repeat})")


if __name__ == "__main__":
    main()
