"""Mutation benchmark: inject one known inconsistency into a report as read, see whether
the checker reports it at the right place.

Any format :func:`checker.ingest.load` reads (.txt .md .pdf .docx .xlsx .html) is mutated
the same way: on the Document, not on the file (see :mod:`checker.bench.mutation` for
what a mutation is and how to register a new kind; the built-in kinds are in
:mod:`checker.bench.kinds`). Only values the unmutated report states consistently are
mutated, so each variant carries exactly one known error. Runs are reproducible from the
seed: each (seed, document, kind) has its own random stream.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from checker.bench import kinds as _builtin  # noqa: F401  (registers the built-in kinds)
from checker.bench import kinds_report as _report  # noqa: F401  (the R4xx kinds)
from checker.bench.kinds import AMOUNT_KINDS, FLIPS, PERCENT_KINDS, TABLE_KINDS
from checker.bench.mutation import KINDS, Base, Mutation, MutationKind, register
from checker.bench.values import is_real_error, mutate_amount, mutate_cell, mutate_percent
from checker.document import CheckerError, Document
from checker.findings import Finding
from checker.ingest import load
from checker.pipeline import CheckOptions, Report, check_document, extract_claims

OTHER_KINDS = ("direction_flip", *TABLE_KINDS)
ALL_KINDS = AMOUNT_KINDS + PERCENT_KINDS + OTHER_KINDS  # the built-in kinds, in table order

__all__ = [
    "ALL_KINDS",
    "FLIPS",
    "KINDS",
    "Base",
    "BenchResult",
    "Mutation",
    "MutationKind",
    "Outcome",
    "is_real_error",
    "mutate_amount",
    "mutate_cell",
    "mutate_percent",
    "register",
    "run",
]


@dataclass
class Outcome:
    mutation: Mutation
    detected: bool
    new_elsewhere: int  # new serious findings away from the mutated place
    finding: str = ""  # the finding that caught it
    elsewhere: list[str] = field(default_factory=list)  # the new findings away from it


@dataclass
class DocTiming:
    name: str
    format: str
    mutations: int
    seconds: float  # read, check, and check every variant
    status: str = "ok"  # the unmutated report's status (unchecked: little to mutate)
    claims_consistent: int = 0  # narrative claims verified consistent: what can be mutated


@dataclass
class BenchResult:
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)
    baseline_findings: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    kinds: tuple[str, ...] = ()  # the kinds run, in table order
    documents: list[DocTiming] = field(default_factory=list)
    elapsed: float = 0.0  # wall time of the run, seconds

    def per_kind(self) -> dict[str, tuple[int, int, int]]:
        """kind -> (detected, total, new findings elsewhere); every kind run is listed."""
        acc: dict[str, list[int]] = {k: [0, 0, 0] for k in self.kinds}
        for o in self.outcomes:
            a = acc.setdefault(o.mutation.kind, [0, 0, 0])
            a[0] += o.detected
            a[1] += 1
            a[2] += o.new_elsewhere
        return {k: (v[0], v[1], v[2]) for k, v in acc.items()}


def _key(f: Finding) -> tuple:
    return (f.code, f.stated, f.expected, f.location.line, f.excerpt)


def _uses(f: Finding, value: str) -> bool:
    plain = value.replace(",", "")
    text = f"{f.computation} {f.excerpt} {f.stated}".replace(",", "")
    return re.search(rf"(?<![\d.]){re.escape(plain)}(?![\d])", text) is not None


# ---------------------------------------------------------------- running


def expand(paths: list[Path]) -> list[Path]:
    """The files to benchmark: files as given, directories searched for every format
    :func:`checker.ingest.load` reads (sorted, so runs are reproducible)."""
    from checker.batch.discover import SUFFIXES

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append(p)
    return out


def run(
    paths: list[Path],
    *,
    seed: int = 0,
    per_kind: int = 15,
    kinds: tuple[str, ...] | None = None,
    options: CheckOptions | None = None,
    jobs: int = 1,
) -> BenchResult:
    """Generate up to ``per_kind`` mutations of each kind per document and check each variant.

    ``jobs`` > 1 benchmarks that many documents at once (one process each); the result is
    the same as with one job."""
    options = options or CheckOptions()
    selected = tuple(kinds) if kinds else tuple(KINDS)
    unknown = [k for k in selected if k not in KINDS]
    if unknown:
        raise CheckerError(f"未知的变异类别：{', '.join(unknown)}（可选：{', '.join(KINDS)}）")
    files = expand(paths)
    names = [f.name for f in files]
    # Two files of one name in different directories are told apart by their path.
    labels = [str(f) if names.count(f.name) > 1 else f.name for f in files]
    t0 = time.perf_counter()
    args = [(f, label, seed, per_kind, selected, options) for f, label in zip(files, labels, strict=True)]
    if jobs > 1 and len(files) > 1:
        # fork: workers inherit kinds registered at run time by the caller
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=ctx) as pool:
            parts = list(pool.map(_bench_path, *zip(*args, strict=True)))
    else:
        parts = [_bench_path(*a) for a in args]
    result = BenchResult(seed=seed, kinds=selected)
    for part in parts:
        result.outcomes.extend(part.outcomes)
        result.baseline_findings.update(part.baseline_findings)
        result.skipped.extend(part.skipped)
        result.documents.extend(part.documents)
    result.elapsed = time.perf_counter() - t0
    return result


def _bench_path(
    path: Path, label: str, seed: int, per_kind: int, kinds: tuple[str, ...], options: CheckOptions
) -> BenchResult:
    result = BenchResult(seed=seed, kinds=kinds)
    t0 = time.perf_counter()
    try:
        doc = load(path)
    except CheckerError as e:
        result.skipped.append(f"{path}: {e}")
        return result
    report = bench_document(doc, label, result, seed=seed, per_kind=per_kind, options=options)
    # Structural edits may be closures: the outcome keeps what the mutation did, not how.
    for o in result.outcomes:
        o.mutation = replace(o.mutation, edit=None)
    n = len(result.outcomes)
    secs = round(time.perf_counter() - t0, 3)
    result.documents.append(
        DocTiming(label, doc.format, n, secs, report.status, report.coverage.claims_consistent)
    )
    return result


def bench_document(
    doc: Document, name: str, result: BenchResult, *, seed: int, per_kind: int, options: CheckOptions
) -> Report:
    """Mutate one Document ``per_kind`` times per kind of ``result.kinds``; add the outcomes.
    Returns the unmutated report."""
    extraction = extract_claims(doc, options)
    report = check_document(doc, options, extraction=extraction)
    if report.typed_tables is None:  # pragma: no cover - check_document always sets it
        raise CheckerError("内部错误：未得到表格解析结果")
    base = Base(name=name, doc=doc, report=report, tables=report.typed_tables, extraction=extraction)
    result.baseline_findings[name] = len(report.findings)
    base_keys = {_key(f) for f in report.findings}
    for kind in result.kinds:
        rng = random.Random(f"{seed}:{name}:{kind}")
        pool = KINDS[kind].generate(base, rng)
        rng.shuffle(pool)
        for m in pool[:per_kind]:
            result.outcomes.append(check_variant(m, base, base_keys, options))
    return report


def check_variant(m: Mutation, base: Base, base_keys: set[tuple], options: CheckOptions) -> Outcome:
    variant = m.apply(base.doc)
    report = check_document(
        variant,
        options,
        tables=base.tables if m.tables_unchanged else None,
        extraction=base.extraction if m.claims_unchanged else None,
    )
    new = [
        f for f in report.findings if _key(f) not in base_keys and f.severity in ("error", "warning", "info")
    ]
    kind = KINDS[m.kind]
    caught = kind.detected(m, new)
    detected = kind.verdict(m, new, report) if kind.verdict is not None else bool(caught)
    # A finding elsewhere that works with the mutated figure (a sum of items, a growth rate
    # computed from the changed amount) reports the injected error, not a false one.
    elsewhere = [
        f
        for f in new
        if f not in caught and f.severity != "info" and not (m.replacement and _uses(f, m.replacement))
    ]
    return Outcome(
        mutation=m,
        detected=detected,
        new_elsewhere=len(elsewhere),
        finding=f"{caught[0].code} {caught[0].stated}->{caught[0].expected}" if caught else "",
        elsewhere=[f"{f.code} {f.stated}->{f.expected} @{f.location.line} {f.message}" for f in elsewhere],
    )


# ---------------------------------------------------------------- output


def render_table(result: BenchResult) -> str:
    rows = ["| kind | detected | total | rate | new findings elsewhere |", "|---|---:|---:|---:|---:|"]
    det = tot = other = 0
    for kind, (d, t, e) in result.per_kind().items():
        rate = f"{d / t:.1%}" if t else "n/a"
        rows.append(f"| {kind} | {d} | {t} | {rate} | {e} |")
        det, tot, other = det + d, tot + t, other + e
    rate = f"{det / tot:.1%}" if tot else "n/a"
    rows.append(f"| **all** | {det} | {tot} | {rate} | {other} |")
    rows.append(f"\nseed {result.seed}; baseline findings per document: {result.baseline_findings}")
    if result.documents:
        secs = ", ".join(f"{d.name} {d.seconds:.1f}s/{d.mutations}" for d in result.documents)
        rows.append(f"time: {result.elapsed:.1f}s wall; per document (seconds/mutations): {secs}")
        for d in result.documents:
            if d.status != "ok":
                rows.append(
                    f"not fully checked ({d.status}): {d.name}, {d.claims_consistent} consistent claims"
                )
    for s in result.skipped:
        rows.append(f"skipped: {s}")
    return "\n".join(rows)


def render_details(result: BenchResult) -> str:
    """Every missed mutation and every new finding away from the mutated place: what a
    developer reads to fix the checker (not the benchmark)."""
    out: list[str] = []
    for o in result.outcomes:
        where = o.mutation.where()
        if not o.detected:
            out.append(f"漏检 {where}")
        for e in o.elsewhere:
            out.append(f"别处新发现 {where}: {e}")
    return "\n".join(out)


def render_json(result: BenchResult) -> str:
    per_kind = {
        k: {"detected": d, "total": t, "rate": round(d / t, 4) if t else None, "new_elsewhere": e}
        for k, (d, t, e) in result.per_kind().items()
    }
    det = sum(v["detected"] for v in per_kind.values())
    tot = sum(v["total"] for v in per_kind.values())
    data = {
        "seed": result.seed,
        "kinds": per_kind,
        "all": {
            "detected": det,
            "total": tot,
            "rate": round(det / tot, 4) if tot else None,
            "new_elsewhere": sum(v["new_elsewhere"] for v in per_kind.values()),
        },
        "baseline_findings": result.baseline_findings,
        "skipped": result.skipped,
        "elapsed_s": round(result.elapsed, 3),
        "documents": [asdict(d) for d in result.documents],
        "mutations": [
            {
                "document": o.mutation.document,
                "kind": o.mutation.kind,
                "line": o.mutation.line,
                "page": o.mutation.page,
                "original": o.mutation.original,
                "replacement": o.mutation.replacement,
                "target": o.mutation.target,
                "detected": o.detected,
                "finding": o.finding,
                "elsewhere": o.elsewhere,
            }
            for o in result.outcomes
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
