"""Wall time per report over repeats (median and spread) and throughput."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from checker.pipeline import CheckOptions, check_file


@dataclass
class PerfRow:
    path: str
    size: int
    times: list[float]
    status: str
    stages: dict[str, list[float]] = field(default_factory=dict)  # ingest, tables, claims, checks

    def stage_median(self, name: str) -> float | None:
        xs = self.stages.get(name)
        return statistics.median(xs) if xs else None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def spread(self) -> float:
        return max(self.times) - min(self.times)


def run(
    paths: list[Path], *, repeat: int = 5, warmup: int = 1, options: CheckOptions | None = None
) -> list[PerfRow]:
    rows = []
    for p in paths:
        for _ in range(warmup):
            check_file(p, options)
        times = []
        stages: dict[str, list[float]] = {}
        status = "ok"
        for _ in range(repeat):
            t0 = time.perf_counter()
            report = check_file(p, options)
            times.append(time.perf_counter() - t0)
            status = report.status
            for name, secs in report.timings.items():
                stages.setdefault(name, []).append(secs)
        rows.append(PerfRow(str(p), p.stat().st_size if p.exists() else 0, times, status, stages))
    return rows


STAGES = ("ingest", "tables", "claims", "checks")


def render(rows: list[PerfRow]) -> str:
    head = "| file | size (KB) | median (ms) | min–max (ms) | " + " | ".join(f"{s} (ms)" for s in STAGES)
    out = [head + " | status |", "|---|---:|---:|---:|" + "---:|" * len(STAGES) + "---|"]
    for r in rows:
        stage_cells = " | ".join(
            f"{m * 1000:.1f}" if (m := r.stage_median(s)) is not None else "–" for s in STAGES
        )
        out.append(
            f"| {Path(r.path).name} | {r.size / 1024:.0f} | {r.median * 1000:.1f} | "
            f"{min(r.times) * 1000:.1f}–{max(r.times) * 1000:.1f} | {stage_cells} | {r.status} |"
        )
    if rows:
        total_median = sum(r.median for r in rows)
        out.append(
            f"\nthroughput (medians): {len(rows) / total_median:.1f} reports/s, "
            f"{sum(r.size for r in rows) / 1024 / 1024 / total_median:.2f} MB/s"
        )
    return "\n".join(out)
