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

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from checker.bench import kinds as _builtin  # noqa: F401  (registers the built-in kinds)
from checker.bench.kinds import AMOUNT_KINDS, FLIPS, PERCENT_KINDS, TABLE_KINDS
from checker.bench.mutation import KINDS, Base, Mutation, MutationKind, register
from checker.bench.values import is_real_error, mutate_amount, mutate_cell, mutate_percent
from checker.document import CheckerError
from checker.findings import Finding
from checker.ingest import load
from checker.pipeline import CheckOptions, check_document

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
class BenchResult:
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)
    baseline_findings: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    kinds: tuple[str, ...] = ()  # the kinds run, in table order

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


def run(
    paths: list[Path],
    *,
    seed: int = 0,
    per_kind: int = 15,
    kinds: tuple[str, ...] | None = None,
    options: CheckOptions | None = None,
) -> BenchResult:
    """Generate up to ``per_kind`` mutations of each kind per document and check each variant."""
    options = options or CheckOptions()
    selected = tuple(kinds) if kinds is not None else tuple(KINDS)
    unknown = [k for k in selected if k not in KINDS]
    if unknown:
        raise CheckerError(f"未知的变异类别：{', '.join(unknown)}（可选：{', '.join(KINDS)}）")
    result = BenchResult(seed=seed, kinds=selected)
    for path in paths:
        try:
            doc = load(path)
        except CheckerError as e:
            result.skipped.append(f"{path}: {e}")
            continue
        bench_document(doc, Path(path).name, result, seed=seed, per_kind=per_kind, options=options)
    return result


def bench_document(
    doc, name: str, result: BenchResult, *, seed: int, per_kind: int, options: CheckOptions
) -> None:
    """Mutate one Document ``per_kind`` times per kind of ``result.kinds``; add the outcomes."""
    report = check_document(doc, options)
    if report.typed_tables is None:  # pragma: no cover - check_document always sets it
        raise CheckerError("内部错误：未得到表格解析结果")
    base = Base(name=name, doc=doc, report=report, tables=report.typed_tables)
    result.baseline_findings[name] = len(report.findings)
    base_keys = {_key(f) for f in report.findings}
    for kind in result.kinds:
        rng = random.Random(f"{seed}:{name}:{kind}")
        pool = KINDS[kind].generate(base, rng)
        rng.shuffle(pool)
        for m in pool[:per_kind]:
            result.outcomes.append(check_variant(m, base, base_keys, options))


def check_variant(m: Mutation, base: Base, base_keys: set[tuple], options: CheckOptions) -> Outcome:
    variant = m.apply(base.doc)
    report = check_document(variant, options, tables=base.tables if m.tables_unchanged else None)
    new = [
        f for f in report.findings if _key(f) not in base_keys and f.severity in ("error", "warning", "info")
    ]
    caught = KINDS[m.kind].detected(m, new)
    # A finding elsewhere that works with the mutated figure (a sum of items, a growth rate
    # computed from the changed amount) reports the injected error, not a false one.
    elsewhere = [
        f
        for f in new
        if f not in caught and f.severity != "info" and not (m.replacement and _uses(f, m.replacement))
    ]
    return Outcome(
        mutation=m,
        detected=bool(caught),
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
