"""Narrative changes vs tables: growth rates (N303) and change amounts (N304)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    RuleId,
    amount_interval,
    claims_of,
    in_claim_unit,
    is_decrease,
    judge,
    make_finding,
    no_counterpart,
    pct_text,
    related_num,
    report,
    resolution_view,
    show,
    slip_note,
    stated_num,
    stated_or_unverified,
    unverified,
    with_pct,
)
from checker.checks.narrative_direction import direction_clash
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import Num, compare_derived, pct
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
            went_down = ch_i.hi < 0
            if dec is not None and (went_down or ch_i.lo > 0) and went_down != dec:
                # 本年 25.77 against 上年 60.13 written as 增加: the way is wrong whatever the rate
                yield _wrong_way(ctx, claim, current, prior, dec, facts)
                continue
            ch_i = abs(ch_i)
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
        if not cmp.ok and change is None and prior is not None:
            explained = _explained_by_table_current(ctx, claim, stated, current, prior)
            if explained is not None:
                yield explained
                continue
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


def _wrong_way(
    ctx: CheckContext, claim: Claim, current: Num, prior: Num, dec: bool, facts: list[Fact]
) -> Finding:
    said = claim.direction or ("减少" if dec else "增加")
    right = "增加" if dec else "减少"
    return report(
        ctx,
        claim,
        make_finding(
            claim,
            N303,
            severity="error",
            kind="direction",
            expected=right,
            message=f"文中写“{said}”，但本年数 {current.text} {'大于' if dec else '小于'}上年数 {prior.text}，应为“{right}”。",
            computation=f"{current.text} − {prior.text} {'>' if dec else '<'} 0",
            facts=facts,
            stated=said,
        ),
        "增减方向与数值相反",
    )


def _explained_by_table_current(
    ctx: CheckContext, claim: Claim, stated: Num, current: Num, prior: Num
) -> Finding | None:
    """The rate agrees with the table's current figure, and the sentence restates that
    figure wrongly: one slip (the amount, reported where it is), not a second one."""
    tf = bind_value(resolution_view(ctx, claim), ctx.tables, period="current")
    if tf is None:
        return None
    # the rate's own unit is %: express the cell in the unit the sentence writes the amount in
    unit = "元" if re.search(re.escape(current.text) + r"\s*元", claim.sentence) else "万元"
    table_cur = in_claim_unit(tf, claim.model_copy(update={"unit": unit})).num
    table_cur = Num(table_cur.value, show(table_cur.value, current.decimals), current.decimals)
    if table_cur.value == current.value:
        return None
    ch_i = abs(amount_interval(table_cur) - amount_interval(prior))
    if not compare_derived(stated, pct(ch_i, amount_interval(prior))).ok:
        return None
    return report(
        ctx,
        claim,
        make_finding(
            claim,
            N303,
            severity="info",
            expected=with_pct(stated),
            message=(
                f"增减幅度 {stated.text}% 与表中本年数 {table_cur.text} 相符；文中本年数 {current.text} "
                "与表不符（见该金额的发现），改正金额即可。"
            ),
            computation=f"|{table_cur.text} − {prior.text}| / {prior.text} ≈ {stated.text}%",
            facts=[tf],
            stated=with_pct(stated),
        ),
        "增幅按表中本年数计算一致",
    )


_VS_YEAR = re.compile(r"(?:比|较|与)\s*((?:19|20)\d\d|上)\s*年")


def _same_figure_two_changes(ctx: CheckContext) -> Iterator[Finding]:
    """`财政拨款收入 37,151.47 万元，比 2024 年…增加 24,558.18 万元` and, in the same section,
    `财政拨款支出预算 37,151.47 万元，比 2024 年预算增加 24,491.71 万元`: one figure set
    against the same year cannot have grown by two amounts (a balanced 收/支 pair)."""
    seen: dict[tuple[str, str, str], tuple[Claim, Num]] = {}
    for claim in claims_of(ctx, "change_amount"):
        current, stated = related_num(claim, "current"), stated_num(claim)
        m = _VS_YEAR.search(claim.sentence)
        if current is None or stated is None or m is None or stated.value == 0:
            continue
        if sum(ch.isdigit() for ch in current.text) < 5:
            continue  # small round figures repeat by chance
        key = (claim.section, str(current.value), m.group(1))
        first = seen.setdefault(key, (claim, stated))
        other_claim, other = first
        if other_claim is claim or other.value == stated.value or claim.direction != other_claim.direction:
            continue
        yield report(
            ctx,
            other_claim,
            make_finding(
                other_claim,
                N304,
                severity="warning",
                expected=stated.text,
                message=(
                    f"同一数额 {current.text} 与{m.group(1)}年相比，一处写{other_claim.direction} {other.text}，"
                    f"另一处写{claim.direction} {stated.text}，两者应一致（若比较基数不同请写明）。"
                ),
                computation=f"“{_short(other_claim.sentence)}” vs “{_short(claim.sentence)}”",
                stated=other.text,
            ),
            "同一数额两处增减额不同",
        )


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


@N304.register
def change_amount(ctx: CheckContext) -> Iterator[Finding]:
    """作用：有上年数（表中“上年数”列或句中写明）时，复算“比上年增加/减少 A 万元”。

    原因：增减额是两数之差，按两位小数的舍入区间比较；差额对不上通常是抄错了某一年的数。

    示例：本年 1090.01、上年 1000.00，文中“增加 80.01 万元” → 错误，期望 90.01。
    """
    yield from _same_figure_two_changes(ctx)
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
        mag = abs(diff)
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
