"""T108: the 执行率 printed in a performance self-evaluation table vs 全年执行数 / 全年预算数."""

from __future__ import annotations

from collections.abc import Iterable

from checker.checks.context import CheckContext
from checker.checks.evidence import cell_location, cell_ref, row_excerpt, row_name
from checker.checks.registry import rule
from checker.findings import Finding
from checker.numbers import Interval, Num, Outcome, compare_derived, pct, quantize
from checker.tables.model import TableKind, TableRow, TypedTable


@rule("T108", "table-perf-rate", "绩效自评表：执行率 = 全年执行数 / 全年预算数")
def t108(ctx: CheckContext) -> Iterable[Finding]:
    """作用：在项目支出绩效自评表中，按 全年执行数 ÷ 全年预算数 重算每一行（年度资金总额、
    当年财政拨款 …）的执行率，考虑打印数字的四舍五入区间后与表中执行率比较。

    原因：执行率是派生数字，常被直接填成 100% 或按年初预算数计算；全年预算数为 0 时无法
    重算，不报告。若表中执行率恰好等于 执行数 ÷ 年初预算数，则只作警告并说明口径。

    示例：“年度资金总额 31.56 31.56 33.41 10 100% 9”：33.41 ÷ 31.56 = 105.86%，
    表中为 100%。
    """
    out: list[Finding] = []
    for t in ctx.tables.of_kind(TableKind.PERF_SELF_EVAL):
        seen: dict[tuple[str, str], Finding] = {}
        for row in t.rows:
            f = _check_row(t, row)
            if f is None:
                continue
            first = seen.get((f.stated, f.expected))
            if first is not None:  # 其中：当年财政拨款 repeats 年度资金总额: one finding
                first.computation += f"；“{row_name(row)}”行同样：{f.computation}"
                first.cells += f.cells
                continue
            seen[(f.stated, f.expected)] = f
            out.append(f)
    return out


def _rate(row: TableRow) -> Num | None:
    n = row.value("rate")
    if n is None:
        return None
    return Num(value=n.value, text=n.text, decimals=n.decimals, percent=True)


def _check_row(table: TypedTable, row: TableRow) -> Finding | None:
    rate, executed, budget = _rate(row), row.value("executed"), row.value("adjusted_budget")
    if rate is None or executed is None or budget is None or budget.value <= 0:
        return None  # no budget: the rate cannot be recomputed
    computed = pct(executed.interval(), budget.interval())
    cmp = compare_derived(rate, computed)
    if cmp.ok:
        return None
    shown = f"{quantize(computed.point, max(rate.decimals, 2)):f}%"
    severity, note = "error", ""
    if cmp.outcome is Outcome.TRUNCATED:
        severity, note = "warning", "（截尾而非四舍五入）"
    else:
        initial = row.value("budget")
        if initial is not None and initial.value > 0:
            alt: Interval = pct(executed.interval(), initial.interval())
            if compare_derived(rate, alt).ok:
                severity = "warning"
                note = f"（与 执行数 ÷ 年初预算数 {initial.text} 一致，疑按年初预算数计算）"
    if not table.confident:
        severity = "info"  # columns not all named by their headers: a note only
    project = f"（{table.entity}）" if table.entity else ""
    return Finding(
        code="T108",
        rule="table-perf-rate",
        severity=severity,
        kind="table_sum",
        stated=rate.text,
        expected=shown,
        excerpt=row_excerpt(table, row, focus="rate"),
        message=f"{table.title}{project}“{row_name(row)}”执行率为 {rate.text}，按全年执行数 ÷ 全年预算数应为 "
        f"{shown}{note}。",
        computation=f"{executed.text} ÷ {budget.text} × 100% = {shown}，表中为 {rate.text}",
        location=cell_location(table, row, "rate"),
        cells=[cell_ref(table, row, k) for k in ("executed", "adjusted_budget", "rate")]
        + ([cell_ref(table, row, "budget")] if "budget" in row.cells else []),
        pattern="截尾而非四舍五入" if cmp.outcome is Outcome.TRUNCATED else None,
    )
