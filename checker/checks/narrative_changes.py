"""Narrative changes vs tables: growth rates (N303) and change amounts (N304)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    RuleId,
    amount_interval,
    claims_of,
    is_decrease,
    judge,
    make_finding,
    no_counterpart,
    pct_text,
    related_num,
    report,
    resolution_view,
    slip_note,
    stated_or_unverified,
    unverified,
    with_pct,
)
from checker.checks.narrative_direction import direction_clash
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import Interval, Num, compare_derived, pct
from checker.resolve.bind import Fact, bind_value

N303 = RuleId("N303", "narrative-change-pct", "文中增减百分比与增减额/上年数计算结果不一致", "change_pct")
N304 = RuleId("N304", "narrative-change-amount", "文中增减额与本年数、上年数之差不一致", "change_amount")


def _current_and_change(ctx: CheckContext, claim: Claim) -> tuple[Num | None, Num | None, list[Fact]]:
    facts: list[Fact] = []
    current = related_num(claim, "current")
    if current is None:
        f = bind_value(resolution_view(ctx, claim), ctx.tables, period="current")
        if f is not None:
            current, facts = f.num, [f]
    change = related_num(claim, "change")
    return current, change, facts


@N303.register
def change_pct(ctx: CheckContext) -> Iterator[Finding]:
    """作用：复算“增长/下降 B%”：上年数 = 本年数 ∓ 增减额，增幅 = 增减额 / 上年数。

    原因：增幅常被误写（漏位、错用基数）；只有区间算术也得不到所写数值时才报告。

    示例：0.09 / (0.20 − 0.09) = 81.8%，文中为 8.2% → 错误，期望 81.8。
    """
    for claim in claims_of(ctx, "change_pct"):
        stated = stated_or_unverified(ctx, claim, N303)
        if stated is None:
            continue
        clash = direction_clash(ctx, claim)
        if clash is not None:
            yield clash
            continue
        current, change, facts = _current_and_change(ctx, claim)
        prior = related_num(claim, "prior")
        if prior is None:
            pf = bind_value(resolution_view(ctx, claim), ctx.tables, period="prior")
            if pf is not None:
                prior, facts = pf.num, [*facts, pf]
        dec = is_decrease(claim)
        if stated.value < 0:  # 增长 -3.8%: a decrease written with a sign
            dec = True
            stated = Num(-stated.value, stated.text, stated.decimals, stated.percent)
        if change is not None and change.value < 0:
            dec = True
            change = Num(-change.value, change.text, change.decimals)
        if current is None or (change is None and prior is None):
            unverified(ctx, claim, N303, "缺少本年数或增减额/上年数，增幅无法复算")
            continue
        cur_i = amount_interval(current)
        if change is not None:
            ch_i = amount_interval(change)
            prior_i = cur_i + ch_i if dec else cur_i - ch_i
            sign = "+" if dec else "−"
            prior_text = f"({current.text} {sign} {change.text})"
            change_text = change.text
        else:
            assert prior is not None
            prior_i = amount_interval(prior)
            ch_i = cur_i - prior_i
            if ch_i.point < 0:
                ch_i = Interval(-ch_i.hi, -ch_i.lo, -ch_i.point)
            prior_text = prior.text
            change_text = f"|{current.text} − {prior.text}|"
        if prior_i.point == 0 and stated.value != 0:
            # Growth from nothing has no percentage: 100% (or any figure) is not a rate. A
            # wording matter (the amounts may all be right), so a note, like % left out.
            yield report(
                ctx,
                claim,
                make_finding(
                    claim,
                    N303,
                    severity="info",
                    kind="change_pct_zero_base",
                    expected="无（上年为 0）",
                    message=f"上年数为 0，增幅无法计算（不是 {stated.text}%），应只写增加额或注明“上年无此项”。",
                    computation=f"上年 {prior_text} = 0，增幅 = {change_text} / 0 无意义",
                    facts=facts,
                    stated=with_pct(stated),
                ),
                "上年数为 0",
            )
            continue
        if prior_i.point <= 0 or prior_i.lo <= 0:
            unverified(ctx, claim, N303, "上年数为 0 或负数，增幅无法计算")
            continue
        computed = pct(ch_i, prior_i)
        cmp = compare_derived(stated, computed)
        calc = f"{change_text} / {prior_text} = {pct_text(computed.point)}"
        yield from judge(
            ctx,
            claim,
            cmp,
            N303,
            calc=calc,
            stated_text=with_pct(stated),
            message=f"按增减额与本年数推算，增减幅度应为 {cmp.expected_text}%，文中为 {stated.text}%{slip_note(cmp)}。",
            facts=facts,
        )


@N304.register
def change_amount(ctx: CheckContext) -> Iterator[Finding]:
    """作用：有上年数（表中“上年数”列或句中写明）时，复算“比上年增加/减少 A 万元”。

    原因：增减额是两数之差，按两位小数的舍入区间比较；差额对不上通常是抄错了某一年的数。

    示例：本年 1090.01、上年 1000.00，文中“增加 80.01 万元” → 错误，期望 90.01。
    """
    for claim in claims_of(ctx, "change_amount"):
        stated = stated_or_unverified(ctx, claim, N304)
        if stated is None:
            continue
        facts: list[Fact] = []
        current = related_num(claim, "current")
        prior = related_num(claim, "prior")
        if current is None or prior is None:
            cf = bind_value(resolution_view(ctx, claim), ctx.tables, period="current")
            pf = bind_value(resolution_view(ctx, claim), ctx.tables, period="prior")
            if current is None and cf is not None:
                current, facts = cf.num, [*facts, cf]
            if prior is None and pf is not None:
                prior, facts = pf.num, [*facts, pf]
        if current is None or prior is None:
            no_counterpart(ctx, claim, N304, "表中及句中均无上年数，增减额无法复算")
            continue
        diff = amount_interval(current) - amount_interval(prior)
        mag = Interval(-diff.hi, -diff.lo, -diff.point) if diff.point < 0 else diff
        cmp = compare_derived(
            Num(abs(stated.value), stated.text, max(stated.decimals, 2)), mag, allow_truncation=False
        )
        calc = f"{current.text} − {prior.text} = {diff.point:f}"
        word = "减少" if is_decrease(claim) else "增加"
        yield from judge(
            ctx,
            claim,
            cmp,
            N304,
            calc=calc,
            stated_text=stated.text,
            severity="error",
            message=f"本年数与上年数之差为 {cmp.expected_text}，文中写{word} {stated.text}，请核对。",
            facts=facts,
        )
