"""`checker bench perf`: where speed is measured (unit tests assert behaviour, not time)."""

from __future__ import annotations

from pathlib import Path

from checker.bench.perf import render, run

SEED = next((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("000_*.txt"))


def test_perf_reports_every_stage_per_repeat():
    [row] = run([SEED], repeat=2, warmup=0)
    assert row.status == "ok" and len(row.times) == 2
    assert set(row.stages) >= {"ingest", "tables", "claims", "checks"}
    assert all(len(v) == 2 for v in row.stages.values())
    # the stages happen inside the timed call: together they cannot exceed it
    assert sum(row.stage_median(s) or 0 for s in ("ingest", "tables", "claims", "checks")) <= row.median * 1.5
    text = render([row])
    assert "tables (ms)" in text and SEED.name in text
