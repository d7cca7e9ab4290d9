"""The query benchmark still runs against the current store schema (a smoke run, no timing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_query_benchmark_runs_on_a_small_store(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_query.py"), "--events", "2000", "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "slowest query" in result.stdout
    assert "[fused_events]" in result.stdout
