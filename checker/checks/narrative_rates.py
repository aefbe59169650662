"""Narrative completion / execution rates vs tables (N305), and the (final, budget) pair
the direction words compare too."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    RuleId,
    amount_interval,
    claims_of,
    consistent,
    judge,
    make_finding,
    pct_text,
    related_num,
    report,
    resolution_view,
    slip_note,
    stated_or_unverified,
    unverified,
    with_pct,
)
from checker.checks.narrative_perf import perf_key
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import Num, compare_derived, compare_restated, pct
from checker.resolve.bind import Fact, bind_value, project_fact, project_table
from checker.resolve.context import text_before

N305 = RuleId(
    "N305", "narrative-completion-rate", "文中完成率与决算数/预算数计算结果不一致", "completion_rate"
)


def final_and_budget(ctx: CheckContext, claim: Claim) -> tuple[Num | None, Num | None, list[Fact], str]:
    """(final, budget, facts, source) — from the sentence first, then from tables."""
    facts: list[Fact] = []
    final = related_num(claim, "final") or related_num(claim, "current")
    budget = related_num(claim, "budget")
    src = "text"
    key = perf_key(claim) if claim.kind == "completion_rate" else None
    if key == "rate" and (final is None or budget is None):
        table = project_table(claim, ctx.tables, text_before(ctx.document, claim))
        if table is not None:
            ef, bf = project_fact(table, "executed"), project_fact(table, "adjusted_budget")
            if ef is not None and bf is not None:
                return ef.num, bf.num, [ef, bf], "perf"
    if final is None:
        f = bind_value(resolution_view(ctx, claim), ctx.tables, period="current")
        if f is not None:
            final, facts, src = f.num, [*facts, f], "table"
    if budget is None:
        b = bind_value(resolution_view(ctx, claim), ctx.tables, period="budget")
        if b is not None:
            budget, facts, src = b.num, [*facts, b], "table"
    return final, budget, facts, src


def _printed_rate(ctx: CheckContext, claim: Claim) -> Fact | None:
    if perf_key(claim) != "rate":
        return None
    table = project_table(claim, ctx.tables, text_before(ctx.document, claim))
    return project_fact(table, "rate") if table is not None else None


@N305.register
def completion_rate(ctx: CheckContext) -> Iterator[Finding]:
    """作用：复算“完成年初预算的 C%”与绩效“执行率”：决算数（执行数）/ 预算数。

    原因：完成率是派生数；预算数为 0 时无法计算，只记为未核对，不报错。

    示例：5320.16 / 5491.58 = 96.88%，文中 96.8% → 截尾而非四舍五入（期望 96.9）。
    """
    for claim in claims_of(ctx, "completion_rate"):
        stated = stated_or_unverified(ctx, claim, N305)
        if stated is None:
            continue
        printed = _printed_rate(ctx, claim)
        if (
            printed is not None
            and compare_restated(stated, printed.num).ok
            and stated.decimals <= printed.num.decimals
        ):
            # The text restates the table's own 执行率; whether that cell is right is a
            # table check's business, not the narrative's. A text more precise than the
            # printed rate (100.1 for 100%) is judged by the amounts instead.
            consistent(ctx, claim, N305, printed.where, printed.num.text)
            continue
        final, budget, facts, _ = final_and_budget(ctx, claim)
        if final is None or budget is None:
            unverified(ctx, claim, N305, "缺少决算数或预算数，完成率无法复算")
            continue
        if budget.value == 0:
            unverified(ctx, claim, N305, "预算数为 0，完成率无法计算")
            continue
        computed = pct(amount_interval(final), amount_interval(budget))
        cmp = compare_derived(stated, computed)
        calc = f"{final.text} / {budget.text} = {pct_text(computed.point)}"
        if (
            cmp.ok
            and printed is not None
            and not compare_restated(stated, printed.num).ok
            and compare_derived(printed.num, computed).ok
        ):
            # Both the text's rate and the table's printed rate fit the amounts (they round
            # alike), yet the text restates the table differently: 78.73% for 78.63%.
            finding = make_finding(
                claim,
                N305,
                severity="error",
                expected=printed.num.text.rstrip("%％"),
                message=f"文中执行率 {with_pct(stated)} 与{printed.where}所印 {with_pct(printed.num)} 不一致，请核对。",
                computation=f"{printed.where} = {with_pct(printed.num)}（{calc}），文中为 {with_pct(stated)}",
                facts=[printed, *facts],
            )
            yield report(ctx, claim, finding, printed.where)
            continue
        yield from judge(
            ctx,
            claim,
            cmp,
            N305,
            calc=calc,
            stated_text=with_pct(stated),
            message=f"完成率应为 {cmp.expected_text}%，文中为 {stated.text}%{slip_note(cmp)}。",
            facts=facts,
        )
