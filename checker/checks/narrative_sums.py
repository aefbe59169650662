"""Narrative totals vs their items: stated sums (N307, incl. 涉及资金 of performance
projects) and a budget total followed by itemised budgets (N309)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    RuleId,
    amount_interval,
    claims_of,
    consistent,
    judge,
    no_counterpart,
    related_items,
    stated_num,
    unverified,
)
from checker.checks.narrative_perf import is_perf_fund
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import Comparison, Num, compare_derived, interval_sum
from checker.resolve.bind import Fact, perf_entities, project_fact, target_amounts
from checker.tables.model import TableKind

N307 = RuleId("N307", "narrative-sum", "文中合计数与所列各项之和不一致", "sum")
N309 = RuleId("N309", "narrative-itemised-total", "文中预算总额与其后逐项列出的预算数之和不一致", "sum")


@N307.register
def sum_of_items(ctx: CheckContext) -> Iterator[Finding]:
    """作用：核对文中合计（如“年初预算为 1058.78 万元”）与其后逐项列出的金额之和。

    原因：合计与分项是同一句话里的两组数，对不上说明有一项漏算或抄错；
    n 个两位小数相加的舍入误差在区间算术内被容忍。

    示例：各项年初预算相加为 1198.21，文中合计 1058.78 → 错误，期望 1198.21。
    """
    for claim in _perf_fund_claims(ctx):
        yield from _perf_fund_sum(ctx, claim)
    for claim in claims_of(ctx, "sum"):
        stated = stated_num(claim)
        items = related_items(claim)
        if is_perf_fund(claim):
            continue
        if stated is None or len(items) < 2:
            unverified(ctx, claim, N307, "未能确定合计所含的各分项")
            continue
        cmp, calc = _sum_check(stated, items)
        yield from judge(
            ctx,
            claim,
            cmp,
            N307,
            calc=calc,
            stated_text=stated.text,
            severity="error",
            message=f"所列各项之和为 {cmp.expected_text}，文中合计为 {stated.text}，请核对合计或分项。",
        )


def _sum_check(stated: Num, items: list[Num]) -> tuple[Comparison, str]:
    """A stated total vs the sum of its printed items, and the arithmetic shown.

    The total is read at least to the cent (items are), and a truncated total is no
    excuse: a sum is added up, not rounded by the writer."""
    total = interval_sum([amount_interval(n) for n in items])
    cmp = compare_derived(
        Num(stated.value, stated.text, max(stated.decimals, 2)), total, allow_truncation=False
    )
    return cmp, " + ".join(n.text for n in items) + f" = {total.point:f}"


def _itemised_groups(claims: list[Claim]) -> Iterator[tuple[Claim, list[tuple[Claim, Num]]]]:
    """A budget total without a (类)(款)(项) path, followed in its section by budget
    amounts each naming a path: ``年初预算为 T 万元。其中：1. …（项）。年初预算为 a …``."""
    budget = [c for c in claims if c.kind in ("amount", "sum") and c.period == "budget"]
    for i, total in enumerate(budget):
        if total.path:
            continue
        items: list[tuple[Claim, Num]] = []
        for c in budget[i + 1 :]:
            if c.section != total.section or not c.path:
                break
            n = stated_num(c)
            if n is not None:
                items.append((c, n))
        depths = {len(c.path) for c, _ in items}
        if len(items) >= 2 and len(depths) == 1:
            yield total, items


@N309.register
def itemised_total(ctx: CheckContext) -> Iterator[Finding]:
    """作用：核对“年初预算为 T 万元。其中：1.……年初预算为 a 万元；2.……”中 T 与各项之和。

    原因：总额与逐项列出的预算数应当相加一致；n 个两位小数相加允许 n × 0.005 的舍入误差。

    示例：八项年初预算 939.54 + 119.24 + 0 + 0 + 0 + 51.94 + 1.65 + 85.84 = 1198.21，
    文中总额 1058.78 → 错误，期望 1198.21。
    """
    for total, items in _itemised_groups(ctx.claims):
        stated = stated_num(total)
        if stated is None:
            continue
        cmp, calc = _sum_check(stated, [n for _, n in items])
        yield from judge(
            ctx,
            total,
            cmp,
            N309,
            calc=calc,
            stated_text=stated.text,
            severity="error",
            message=(
                f"其后逐项列出的 {len(items)} 项预算数之和为 {cmp.expected_text}，"
                f"文中总额为 {stated.text}，请核对总额或分项。"
            ),
        )


def _perf_fund_claims(ctx: CheckContext) -> list[Claim]:
    return [c for c in ctx.claims if c.kind in ("sum", "amount") and is_perf_fund(c)]


def _perf_fund_sum(ctx: CheckContext, claim: Claim) -> Iterator[Finding]:
    """涉及资金 X 万元 of the self-evaluated projects: Σ 执行数 of their 绩效自评表."""
    stated = stated_num(claim)
    evals = perf_entities(ctx.tables, TableKind.PERF_SELF_EVAL)
    if stated is not None and ("绩效目标" in claim.sentence or not evals):
        targets = target_amounts(ctx.tables)
        if targets:
            yield from _target_sum(ctx, claim, stated, targets)
            return
    if stated is None or len(evals) < 2:
        no_counterpart(ctx, claim, N307, "报告中没有逐项目的绩效自评表，涉及资金无法核对")
        return
    sums: dict[str, list[Fact]] = {}
    for key in ("executed", "adjusted_budget", "budget"):
        facts = [f for t in evals if (f := project_fact(t, key)) is not None]
        if len(facts) == len(evals):
            sums[key] = facts
    if "executed" not in sums:
        unverified(ctx, claim, N307, "绩效自评表中缺少执行数，涉及资金无法核对")
        return
    # 涉及资金 may mean the projects' budgets as well as their execution: any fits.
    if any(_sum_check(stated, [f.num for f in fs])[0].ok for fs in sums.values()):
        consistent(ctx, claim, N307, "与绩效自评表各项目金额之和一致")
        return
    facts = sums["executed"]
    cmp, calc = _sum_check(stated, [f.num for f in facts])
    yield from judge(
        ctx,
        claim,
        cmp,
        N307,
        calc=calc,
        stated_text=stated.text,
        severity="error",
        message=(
            f"{len(facts)} 个项目绩效自评表的执行数之和为 {cmp.expected_text}，"
            f"文中涉及资金为 {stated.text}，与预算数之和也不符，请核对。"
        ),
        facts=facts,
    )


_N_PROJECTS = re.compile(r"(\d+)\s*(?:个|项)(?:部门)?项目|项目(?:共有|共|有)\s*(\d+)\s*(?:个|项)")


def _target_sum(ctx: CheckContext, claim: Claim, stated: Num, targets: list[Fact]) -> Iterator[Finding]:
    """涉及金额 X 万元 of the projects with published 绩效目标: Σ their amounts."""
    cmp, calc = _sum_check(stated, [f.num for f in targets])
    # Report only when the sentence's own project count confirms the table was read whole.
    m = _N_PROJECTS.search(claim.sentence)
    said = int(m.group(1) or m.group(2)) if m else None
    if not cmp.ok and said != len(targets):
        unverified(
            ctx,
            claim,
            N307,
            f"绩效目标表项目金额之和为 {cmp.expected_text}，但项目个数无法与文中对应",
        )
        return
    yield from judge(
        ctx,
        claim,
        cmp,
        N307,
        calc=calc,
        stated_text=stated.text,
        severity="error",
        message=f"绩效目标表所列 {len(targets)} 个项目金额之和为 {cmp.expected_text}，文中涉及金额为 {stated.text}，请核对。",
        facts=targets,
    )
