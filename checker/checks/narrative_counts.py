"""Narrative project counts vs the rows of the project or performance tables (N308)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    INFERRED_NOTE,
    RuleId,
    claims_of,
    consistent,
    make_finding,
    no_counterpart,
    report,
    stated_num,
    unverified,
)
from checker.claims.model import Claim
from checker.findings import Finding
from checker.resolve.bind import perf_entities, target_amounts
from checker.tables.model import TableKind

N308 = RuleId("N308", "narrative-count", "文中项目个数与表中行数不一致", "count")


def _perf_count(ctx: CheckContext, claim: Claim) -> tuple[int, str] | None:
    """Projects self-evaluated / with published targets: counted from the performance tables."""
    if "绩效自评" in claim.sentence:
        evals = perf_entities(ctx.tables, TableKind.PERF_SELF_EVAL)
        return (len(evals), "绩效自评表") if evals else None
    if "绩效目标" in claim.sentence:
        targets = target_amounts(ctx.tables)
        return (len(targets), "绩效目标表") if targets else None
    return None


@N308.register
def count(ctx: CheckContext) -> Iterator[Finding]:
    """作用：核对“二级项目 10 个”等个数与项目支出表（或绩效表）中项目行数。

    原因：个数写错常意味着漏列或多列了项目；表中无项目明细时只记为未核对。

    示例：项目支出表列出 9 个二级项目，文中“二级项目 10 个” → 警告，期望 9。
    """
    for claim in claims_of(ctx, "count"):
        stated = stated_num(claim)
        subj = claim.subject + claim.measure
        if stated is None or "项目" not in subj:
            unverified(ctx, claim, N308, "只核对项目个数，此类个数无表可比")
            continue
        perf = _perf_count(ctx, claim)
        if perf is not None:
            n, what = perf
            if n == stated.value:
                consistent(ctx, claim, N308, f"{what}共 {n} 个项目")
            else:
                # Per-project tables may be split or merged by the parser: no finding on that alone.
                unverified(ctx, claim, N308, f"{what}识别出 {n} 个项目，与文中不符，需人工核对")
            continue
        level = 1 if "一级" in subj else 2 if "二级" in subj else None
        table = ctx.tables.first(TableKind.PROJECT)
        if table is None:
            no_counterpart(ctx, claim, N308, "报告中没有项目支出表，项目个数无法核对")
            continue
        rows = [r for r in table.rows if not r.is_total and r.cells]
        if any(r.level is not None for r in rows):
            if level is None:
                unverified(ctx, claim, N308, "未说明一级或二级项目，个数无法核对")
                continue
            rows = [r for r in rows if r.level == level]
        elif level == 1 or (level == 2 and "一级" in claim.sentence):
            # Without levels the table's rows mix 一级 and 二级 projects: no count to compare.
            unverified(ctx, claim, N308, "项目支出表未区分一级、二级项目，个数无法核对")
            continue
        n = len({r.label for r in rows})
        if n == 0:
            unverified(ctx, claim, N308, "项目支出表中未识别出项目行")
            continue
        if Decimal(n) == stated.value:
            consistent(ctx, claim, N308, f"{table.title} 共 {n} 个项目")
            continue
        # In a space-separated export a project name broken over two lines reads as two rows.
        finding = make_finding(
            claim,
            N308,
            severity="info" if table.sparse else "warning",
            expected=str(n),
            message=f"{table.title}列出 {n} 个项目，文中为 {stated.text} 个，请核对。"
            + (INFERRED_NOTE if table.sparse else ""),
            computation=f"{table.title} 项目行计数 = {n}，文中为 {stated.text}",
        )
        yield report(ctx, claim, finding, f"{table.title} 共 {n} 个项目")
