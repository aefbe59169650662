"""Narrative amounts vs tables: restated amounts (N301) and shares of a total (N302)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    INFERRED_NOTE,
    UNIT_SCALE,
    RuleId,
    amount_interval,
    claims_of,
    consistent,
    in_claim_unit,
    judge,
    make_finding,
    no_counterpart,
    pct_text,
    placed_by_inference,
    related_num,
    report,
    resolution_view,
    show,
    slip_note,
    stated_or_unverified,
    unverified,
    with_pct,
)
from checker.checks.narrative_perf import PERF_LABELS, is_perf_fund, perf_key
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import Num, Outcome, compare_derived, compare_restated, parse_number, pct
from checker.resolve.bind import (
    Fact,
    bind_all,
    bind_base,
    bind_value,
    find_other_label,
    grand_total,
    project_fact,
    project_table,
    refine_current,
    section_table_missing,
    value_at,
)
from checker.resolve.context import project_section, text_before
from checker.resolve.sections import kinds_for_section
from checker.tables.model import KIND_LABELS, TableKind, Tables, TypedTable

N301 = RuleId("N301", "narrative-amount-restated", "文中金额与表中同一数值不一致", "amount")
N302 = RuleId("N302", "narrative-share", "文中占比与表中数值计算结果不一致", "share")


@N301.register
def amount_restated(ctx: CheckContext) -> Iterator[Finding]:
    """作用：把文中重述的金额（如“卫生健康支出（类）支出 73.11 万元”）与表中同一数值比较。

    原因：同一数字出现两次必须一致；差一个末位单位为尾差（警告），更大的差异为错误，
    漏写一位、十倍等笔误会点名；若文中数值恰为表中另一合计行（如把本年收入合计写成
    收入总计），按“口径/标签”提示。

    示例：文中 73.11，表“210 卫生健康支出”为 73.10 → 尾差警告，期望 73.10。
    """
    for claim in claims_of(ctx, "amount"):
        stated = stated_or_unverified(ctx, claim, N301)
        if stated is None:
            continue
        if is_perf_fund(claim):
            continue  # 涉及资金: a sum over projects, checked by N307
        perf = _perf_amount(ctx, claim, stated)
        if perf is not None:
            yield from perf
            continue
        if proj := project_section(ctx.document, claim):
            no_counterpart(
                ctx, claim, N301, f"“{proj}”中的金额只属于该项目，报告中没有该项目的明细表，无从核对"
            )
            continue
        fact = bind_value(resolution_view(ctx, claim), ctx.tables)
        if fact is None:
            missing = missing_table(claim, ctx.tables, resolution_view(ctx, claim).section)
            if claim.period == "prior" and not missing:
                missing = "报告中没有此项的上年数，无从核对"
            if missing:
                no_counterpart(ctx, claim, N301, missing)
            else:
                unverified(ctx, claim, N301, _unbound_reason(claim))
            continue
        fact = in_claim_unit(refine_current(fact, claim), claim)
        if stated.value != 0 and _shifted_header(fact, stated):
            # The bound column is empty in every row while the same row prints the stated
            # figure under another column: a header the export shifted, not a contradiction.
            unverified(
                ctx,
                claim,
                N301,
                f"{fact.table.title}“{fact.column_label}”列全空而同行另一列印有该数（疑为表头错位），无法核对",
            )
            continue
        if not compare_restated(stated, fact.num).ok and _outside_section(ctx, claim, fact):
            # Found only in a table the section does not speak of (its own lacks the item):
            # a different table's figure may differ legitimately — not the text's error.
            unverified(
                ctx,
                claim,
                N301,
                f"本节所说的表中没有此项；{fact.where}为 {fact.num.text}，口径可能不同，未作比较",
            )
            continue
        if not compare_restated(stated, fact.num).ok:
            agree = next(
                (
                    f
                    for f in bind_all(resolution_view(ctx, claim), ctx.tables)
                    if compare_restated(stated, in_claim_unit(refine_current(f, claim), claim).num).ok
                ),
                None,
            )
            if agree is not None:
                scope = named_scope(claim)
                if (
                    scope
                    and table_scope(fact.table.kind) == scope
                    and table_scope(agree.table.kind) not in ("", scope)
                    and _scopes_differ(fact.table, agree.table)
                ):
                    # 一般公共预算财政拨款基本支出 written with the all-funds 支出决算表's figure
                    yield _scope_slip(ctx, claim, stated, fact, agree, scope)
                    continue
                # The text restates another table; the tables' disagreement is a table finding.
                consistent(ctx, claim, N301, agree.where, agree.num.text)
                continue
            # Several tables, none agreeing: the table the section speaks of (the first
            # bound) is the source, unless another table prints nearly the stated figure
            # (within 1%: a slip against that table, while the section's cell is off for
            # its own reasons, e.g. a column repeated by mistake).
            alts = [
                in_claim_unit(refine_current(f, claim), claim)
                for f in bind_all(resolution_view(ctx, claim), ctx.tables)
            ]
            near = min(alts, key=lambda f: abs(f.num.value - stated.value), default=fact)
            if abs(near.num.value - stated.value) <= abs(stated.value) / 100:
                fact = near
        yield from _restated(ctx, claim, stated, fact)


# The money a table covers: all funds, 财政拨款 (all three budgets), 一般公共预算财政拨款.
_SCOPE_OF_KIND = {
    TableKind.SUMMARY: "全部资金",
    TableKind.INCOME: "全部资金",
    TableKind.EXPENSE: "全部资金",
    TableKind.FISCAL_SUMMARY: "财政拨款",
    TableKind.GPB_EXPENSE: "一般公共预算财政拨款",
    TableKind.BASIC_DETAIL: "一般公共预算财政拨款",
}


def table_scope(kind: TableKind) -> str:
    return _SCOPE_OF_KIND.get(kind, "")


def _mixed_scopes(part: Fact, base: Fact) -> bool:
    a, b = table_scope(part.table.kind), table_scope(base.table.kind)
    return bool(a and b and a != b) and _scopes_differ(part.table, base.table)


def _scopes_differ(a: TypedTable, b: TypedTable) -> bool:
    """Do the two tables cover different money in this report? A department funded only
    by 一般公共预算 prints the same totals in both: there is no other scope to confuse."""
    totals = []
    for t in (a, b):
        row = grand_total(t, "expense") or grand_total(t)
        f = value_at(t, row, "current") if row is not None else None
        if f is None:
            return False
        totals.append(f.num.value * UNIT_SCALE.get(t.unit, 1))
    return totals[0] != totals[1]


def named_scope(claim: Claim) -> str:
    """The money the sentence says it speaks of, '' when it names none."""
    words = "".join(f"{claim.subject}{claim.measure}{claim.sentence[: claim.span.start][-40:]}".split())
    if "一般公共预算" in words:
        return "一般公共预算财政拨款"
    if "财政拨款" in words:
        return "财政拨款"
    return ""


def _scope_slip(ctx: CheckContext, claim: Claim, stated: Num, fact: Fact, agree: Fact, scope: str) -> Finding:
    other = table_scope(agree.table.kind) or "其他"
    finding = make_finding(
        claim,
        N301,
        kind="scope",
        severity="error",
        expected=_like_stated(fact.num, stated),
        message=(
            f"文中{scope}口径的“{claim.measure or claim.subject or '该项'}”写作 {stated.text}，这是"
            f"《{agree.table.title}》（{other}口径）的数；《{fact.table.title}》中{scope}口径为 "
            f"{fact.num.text}，请核对口径或数值。"
        ),
        computation=f"{fact.where} = {fact.num.text}；{agree.where} = {agree.num.text}",
        facts=[fact, agree],
    )
    return report(ctx, claim, finding, f"口径错误：{agree.where}")


def _outside_section(ctx: CheckContext, claim: Claim, fact: Fact) -> bool:
    """Was the figure bound in a table other than the ones its section speaks of, while
    the report has one of those?"""
    kinds = kinds_for_section(resolution_view(ctx, claim).section)
    if not kinds or fact.table.kind == kinds[0]:
        return False
    # the section's own table is missing and a table of another scope stands in, or the
    # figure was found only outside the section's tables
    own, used = table_scope(kinds[0]), table_scope(fact.table.kind)
    if not ctx.tables.of_kind(kinds[0]) and own and used and own != used:
        return True
    return fact.table.kind not in kinds and any(ctx.tables.of_kind(k) for k in kinds)


def _shifted_header(fact: Fact, stated: Num) -> bool:
    """No row prints a figure in the fact's column, and its own row prints the stated
    figure under another column."""
    if sum(ch.isdigit() for ch in stated.text) < 3:
        return False  # 1 or 0.5 printed elsewhere in the row is a coincidence, not a shifted header
    blank = all((c := r.cells.get(fact.column_key)) is None or c.num is None for r in fact.table.rows)
    return blank and any(
        c.num is not None and c.num.value == stated.value
        for k, c in fact.row.cells.items()
        if k != fact.column_key
    )


def _restated(ctx: CheckContext, claim: Claim, stated: Num, fact: Fact) -> Iterator[Finding]:
    cmp = compare_restated(stated, fact.num)
    expected = _like_stated(fact.num, stated)
    shown = _as_read(fact, stated)
    other = None if cmp.ok else find_other_label(fact, stated)
    if other is not None:
        slip = make_finding(
            claim,
            N301,
            kind="label",
            severity="warning",
            expected=expected,
            message=(
                f"文中“{claim.measure or claim.subject or '该项'}”{stated.text} 实为{fact.table.title}"
                f"“{other.label}”的数值，该表“{fact.row.label}”为 {shown}，请更正名称或数值。"
            ),
            computation=f"{fact.where} = {shown}；“{other.label}” = {stated.text}",
            facts=[fact],
        )
        yield report(ctx, claim, slip, fact.where)
        return
    unsure = (
        placed_by_inference(fact) and not cmp.ok and cmp.pattern is None and cmp.outcome is Outcome.MISMATCH
    )
    yield from judge(
        ctx,
        claim,
        cmp,
        N301,
        calc=f"{fact.where} = {shown}",
        stated_text=stated.text,
        reason=fact.where,
        expected=expected,
        message=f"文中金额 {stated.text} 与{fact.where}的 {shown} 不一致{slip_note(cmp)}，请核对。"
        + (INFERRED_NOTE if unsure else ""),
        facts=[fact],
        severity="info" if unsure else None,
    )


def _perf_amount(ctx: CheckContext, claim: Claim, stated: Num) -> list[Finding] | None:
    """Amounts of a 绩效自评表 (全年预算数 / 执行数 of the named project); None = not one."""
    key = perf_key(claim)
    if key is None or key == "rate":
        return None
    table = project_table(claim, ctx.tables, text_before(ctx.document, claim))
    if table is None:
        return None
    fact = project_fact(table, key)
    if fact is None:
        return None
    cmp = compare_restated(stated, fact.num)
    note = "" if cmp.ok else _other_perf_measure(table, key, stated)
    return judge(
        ctx,
        claim,
        cmp,
        N301,
        calc=f"{fact.where} = {fact.num.text}",
        stated_text=stated.text,
        reason=fact.where,
        expected=_like_stated(fact.num, stated),
        message=(
            f"文中{PERF_LABELS[key]} {stated.text} 与“{table.entity}”绩效自评表的"
            f"{PERF_LABELS[key]} {fact.num.text} 不一致{note}，请核对。"
        ),
        facts=[fact],
    )


def _other_perf_measure(table: TypedTable, key: str, stated: Num) -> str:
    """A note when the stated amount is the table's other measure (执行数 written as 预算数)."""
    for other_key, label in PERF_LABELS.items():
        if other_key in (key, "rate"):
            continue
        other = project_fact(table, other_key)
        if other is not None and other.num.value == stated.value:
            return f"；{stated.text} 是该表的{label}"
    return ""


def _as_read(fact: Fact, stated: Num) -> str:
    """The table value for a message: as printed, or — read in the text's unit — as the text
    would print it with the printed cell beside it (350.35（表中 3,503,499 元）)."""
    cell = fact.row.cells.get(fact.column_key)
    printed = cell.text.strip() if cell is not None else ""
    if printed and printed != fact.num.text:
        return f"{_like_stated(fact.num, stated)}（表中 {printed} {fact.table.unit}）"
    return fact.num.text


def _like_stated(actual: Num, stated: Num) -> str:
    """The table value as the text would print it: no thousands separators when the text has
    none; a cell in 元 read in 万元 (350.3499) to the text's own precision (350.35)."""
    text = actual.text
    if actual.decimals > max(2, stated.decimals):
        text = show(actual.value, max(2, stated.decimals))
    return text if "," in stated.text else text.replace(",", "")


# Topics of narrative amounts and the table kinds that could print them. A report with
# none of them has nothing to compare the figure with; 用款计划 is never in the table set.
_TOPIC_TABLES: tuple[tuple[str, tuple[TableKind, ...], str], ...] = (
    ("政府采购", (TableKind.PROCUREMENT,), "政府采购表"),
    ("用款计划", (), "分季度用款计划表"),
    ("绩效", (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET), "绩效目标/自评表"),
    ("委托业务", (TableKind.ENTRUSTED,), "委托业务费表"),
)


def missing_table(claim: Claim, tables: Tables, section: str = "") -> str:
    """Why the report cannot hold the claim's figure ('' when it may)."""
    what = "".join((claim.measure or claim.subject or "").split())
    kind = section_table_missing(section or claim.section, tables, f"{claim.subject}{claim.measure}")
    if kind is not None:
        return f"报告中没有本节所说的{KIND_LABELS[kind]}，“{what or claim.value_text}”无从核对"
    for word, kinds, label in _TOPIC_TABLES:
        if word in what and not any(tables.of_kind(k) for k in kinds):
            return f"报告中没有{label}，“{what}”无从核对"
    return ""


def _unbound_reason(claim: Claim) -> str:
    what = "/".join(claim.path) or claim.measure or claim.subject
    if not what:
        return "未能确定金额所指的项目"
    if claim.period == "budget":
        return f"表中没有“{what}”的预算数列，无法核对"
    if claim.period == "prior":
        return f"表中没有“{what}”的上年数，无法核对"
    return f"表中找不到“{what}”对应的唯一数值"


@N302.register
def share(ctx: CheckContext) -> Iterator[Finding]:
    """作用：按区间算术复算“占 X%”：部分 / 基数，基数为句中点名的合计，否则为本节表格的合计。

    原因：占比是派生数，只有在两端数值的舍入区间内都算不出所写的百分比时才报错；
    只在截尾时成立的写法给出警告。

    示例：73.10 / 5320.16 = 1.374%，文中“占 1.3%” → 截尾而非四舍五入（期望 1.4）。
    """
    for claim in claims_of(ctx, "share"):
        stated = stated_or_unverified(ctx, claim, N302)
        if stated is None:
            continue
        part = bind_value(resolution_view(ctx, claim), ctx.tables)
        part = refine_current(part, claim) if part is not None else None
        part_num = part.num if part else (related_num(claim, "part") or _amount_before(claim))
        base = bind_base(resolution_view(ctx, claim), ctx.tables, part)
        base_num = base.num if base else related_num(claim, "base")
        if part_num is None or base_num is None:
            what = "部分数" if part_num is None else "基数（合计）"
            unverified(ctx, claim, N302, f"未能确定占比的{what}")
            continue
        if base_num.value == 0:
            unverified(ctx, claim, N302, "基数为 0，占比无法计算")
            continue
        computed = pct(amount_interval(part_num), amount_interval(base_num))
        cmp = compare_derived(stated, computed)
        facts = [f for f in (part, base) if f is not None]
        calc = f"{part_num.text} / {base_num.text} = {pct_text(computed.point)}"
        own = _amount_before(claim) if part is not None and not cmp.ok else None
        if own is not None and own.value != part_num.value:
            # The share follows the amount the text wrote; that amount's own disagreement
            # with the table is N301's finding, not a second one here.
            alt = pct(amount_interval(own), amount_interval(base_num))
            if compare_derived(stated, alt).ok:
                consistent(ctx, claim, N302, f"{own.text} / {base_num.text}（按文中金额）")
                continue
        other = None if cmp.ok else _agreeing_base(ctx, claim, stated, part, part_num)
        if other is not None:
            # The sentence names its base, and another table's row of that name gives the
            # stated share (本年支出合计 of the summary table, not of the fiscal table).
            consistent(ctx, claim, N302, f"{part_num.text} / {other.num.text}（{other.where}）")
            continue
        if not cmp.ok and part is not None and base is not None and _mixed_scopes(part, base):
            # a share is taken within one scope: all-funds part over a 财政拨款 base is no share
            unverified(
                ctx, claim, N302, f"部分数（{part.where}）与基数（{base.where}）取自不同口径的表，未作比较"
            )
            continue
        yield from judge(
            ctx,
            claim,
            cmp,
            N302,
            calc=calc,
            stated_text=with_pct(stated),
            message=f"占比应为 {cmp.expected_text}%，文中为 {stated.text}{slip_note(cmp)}。",
            facts=facts,
        )


def _agreeing_base(
    ctx: CheckContext, claim: Claim, stated: Num, part: Fact | None, part_num: Num
) -> Fact | None:
    """A named base (占本年支出合计的 …) printed by several tables: the one that gives the
    stated share, if any. Only rows carrying the base's own name are tried."""
    if not claim.base:
        return None
    view = resolution_view(ctx, claim).model_copy(
        update={"measure": claim.base, "subject": claim.base, "path": []}
    )
    for f in bind_all(view, ctx.tables):
        for cand in (f, refine_current(f, claim)):
            if part is not None and cand.table is part.table and cand.row is part.row:
                continue
            if (
                cand.num.value != 0
                and compare_derived(stated, pct(amount_interval(part_num), amount_interval(cand.num))).ok
            ):
                return cand
    return None


_AMOUNT_BEFORE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*万?元[^，,；;。\d]{0,3}[，,]?\s*(?:占[^\d，,；;。]{0,16})?$"
)


def _amount_before(claim: Claim) -> Num | None:
    """The amount just before “占 Y%” in the same clause (`… 73.11 万元，占 1.3%`)."""
    m = _AMOUNT_BEFORE.search(claim.sentence[: max(0, claim.span.start)])
    return parse_number(m.group(1)) if m else None
