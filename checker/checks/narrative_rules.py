"""Narrative claims vs tables (N3xx): amounts, shares, growth, completion rates,
direction words, sums, counts, labels and percent formatting.

Every claim a rule looks at gets a verdict (consistent / finding / unverified with a
specific reason), so the coverage block tells what was and was not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    INFERRED_NOTE,
    RuleId,
    amount_interval,
    consistent,
    in_claim_unit,
    is_decrease,
    judge,
    make_finding,
    placed_by_inference,
    related_items,
    related_num,
    report,
    slip_note,
    stated_num,
    stated_or_unverified,
    unverified,
)
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import (
    Comparison,
    Interval,
    Num,
    Outcome,
    compare_derived,
    compare_restated,
    interval_sum,
    parse_number,
    pct,
)
from checker.resolve.bind import (
    Fact,
    bind_all,
    bind_base,
    bind_value,
    find_other_label,
    perf_entities,
    project_fact,
    project_table,
    refine_current,
    target_amounts,
)
from checker.resolve.context import effective_section, text_before
from checker.resolve.names import norm
from checker.resolve.sections import kinds_for_section
from checker.tables.model import TableKind, TypedTable

N301 = RuleId("N301", "narrative-amount-restated", "文中金额与表中同一数值不一致", "amount")
N302 = RuleId("N302", "narrative-share", "文中占比与表中数值计算结果不一致", "share")
N303 = RuleId("N303", "narrative-change-pct", "文中增减百分比与增减额/上年数计算结果不一致", "change_pct")
N304 = RuleId("N304", "narrative-change-amount", "文中增减额与本年数、上年数之差不一致", "change_amount")
N305 = RuleId(
    "N305", "narrative-completion-rate", "文中完成率与决算数/预算数计算结果不一致", "completion_rate"
)
N306 = RuleId("N306", "narrative-direction", "文中方向词（大于/小于、增加/减少）与数值不符", "direction")
N307 = RuleId("N307", "narrative-sum", "文中合计数与所列各项之和不一致", "sum")
N308 = RuleId("N308", "narrative-count", "文中项目个数与表中行数不一致", "count")
N309 = RuleId("N309", "narrative-itemised-total", "文中预算总额与其后逐项列出的预算数之和不一致", "sum")
N310 = RuleId("N310", "narrative-percent-format", "百分比漏写 % 号", "format")

# Measures of a 绩效自评表 (年度资金总额 line) → column key.
PERF_MEASURES: tuple[tuple[str, str], ...] = (
    ("全年预算", "adjusted_budget"),
    ("年初预算", "budget"),
    ("执行数", "executed"),
    ("执行率", "rate"),
)
PERF_LABELS = {
    "adjusted_budget": "全年预算数",
    "budget": "年初预算数",
    "executed": "全年执行数",
    "rate": "执行率",
}


def _in_perf_context(claim: Claim) -> bool:
    """Performance sentences: under a 绩效 heading, or saying 绩效 / 自评 themselves."""
    return TableKind.PERF_SELF_EVAL in kinds_for_section(claim.section) or any(
        w in claim.sentence for w in ("绩效", "自评")
    )


def _perf_key(claim: Claim) -> str | None:
    if not _in_perf_context(claim):
        return None
    text = norm(claim.measure) + norm(claim.subject)
    if not text:
        before = claim.sentence[max(0, claim.span.start - 12) : claim.span.start]
        text = norm(before)
    for word, key in PERF_MEASURES:
        if word in text:
            return key
    return None


def _claims(ctx: CheckContext, kind: str) -> Iterator[Claim]:
    return (c for c in ctx.claims if c.kind == kind)


def _view(ctx: CheckContext, claim: Claim) -> Claim:
    """The claim as resolution should see it: its section replaced by the nearest heading
    that names a table. Verdicts and findings stay on the original claim."""
    section = effective_section(ctx.document, claim)
    return claim if section == claim.section else claim.model_copy(update={"section": section})


# --------------------------------------------------------------------------- amounts


@N301.register
def amount_restated(ctx: CheckContext) -> Iterator[Finding]:
    """作用：把文中重述的金额（如“卫生健康支出（类）支出 73.11 万元”）与表中同一数值比较。

    原因：同一数字出现两次必须一致；差一个末位单位为尾差（警告），更大的差异为错误，
    漏写一位、十倍等笔误会点名；若文中数值恰为表中另一合计行（如把本年收入合计写成
    收入总计），按“口径/标签”提示。

    示例：文中 73.11，表“210 卫生健康支出”为 73.10 → 尾差警告，期望 73.10。
    """
    for claim in _claims(ctx, "amount"):
        stated = stated_or_unverified(ctx, claim, N301)
        if stated is None:
            continue
        if _is_perf_fund(claim):
            continue  # 涉及资金: a sum over projects, checked by N307
        perf = _perf_amount(ctx, claim, stated)
        if perf is not None:
            yield from perf
            continue
        fact = bind_value(_view(ctx, claim), ctx.tables)
        if fact is None:
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
        if not compare_restated(stated, fact.num).ok:
            agree = next(
                (
                    f
                    for f in bind_all(_view(ctx, claim), ctx.tables)
                    if compare_restated(stated, in_claim_unit(refine_current(f, claim), claim).num).ok
                ),
                None,
            )
            if agree is not None:
                # The text restates another table; the tables' disagreement is a table finding.
                consistent(ctx, claim, N301, agree.where, agree.num.text)
                continue
            # Several tables, none agreeing: the table the section speaks of (the first
            # bound) is the source, unless another table prints nearly the stated figure
            # (within 1%: a slip against that table, while the section's cell is off for
            # its own reasons, e.g. a column repeated by mistake).
            alts = [
                in_claim_unit(refine_current(f, claim), claim)
                for f in bind_all(_view(ctx, claim), ctx.tables)
            ]
            near = min(alts, key=lambda f: abs(f.num.value - stated.value), default=fact)
            if abs(near.num.value - stated.value) <= abs(stated.value) / 100:
                fact = near
        yield from _restated(ctx, claim, stated, fact)


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
                f"“{other.label}”的数值，该表“{fact.row.label}”为 {fact.num.text}，请更正名称或数值。"
            ),
            computation=f"{fact.where} = {fact.num.text}；“{other.label}” = {stated.text}",
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
        calc=f"{fact.where} = {fact.num.text}",
        stated_text=stated.text,
        reason=fact.where,
        expected=expected,
        message=f"文中金额 {stated.text} 与{fact.where}的 {fact.num.text} 不一致{slip_note(cmp)}，请核对。"
        + (INFERRED_NOTE if unsure else ""),
        facts=[fact],
        severity="info" if unsure else None,
    )


def _perf_amount(ctx: CheckContext, claim: Claim, stated: Num) -> list[Finding] | None:
    """Amounts of a 绩效自评表 (全年预算数 / 执行数 of the named project); None = not one."""
    key = _perf_key(claim)
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


def _like_stated(actual: Num, stated: Num) -> str:
    """The table value as the text would print it: no thousands separators when the text has none."""
    return actual.text if "," in stated.text else actual.text.replace(",", "")


def _unbound_reason(claim: Claim) -> str:
    what = "/".join(claim.path) or claim.measure or claim.subject
    if not what:
        return "未能确定金额所指的项目"
    if claim.period == "budget":
        return f"表中没有“{what}”的预算数列，无法核对"
    if claim.period == "prior":
        return f"表中没有“{what}”的上年数，无法核对"
    return f"表中找不到“{what}”对应的唯一数值"


# --------------------------------------------------------------------------- shares


@N302.register
def share(ctx: CheckContext) -> Iterator[Finding]:
    """作用：按区间算术复算“占 X%”：部分 / 基数，基数为句中点名的合计，否则为本节表格的合计。

    原因：占比是派生数，只有在两端数值的舍入区间内都算不出所写的百分比时才报错；
    只在截尾时成立的写法给出警告。

    示例：73.10 / 5320.16 = 1.374%，文中“占 1.3%” → 截尾而非四舍五入（期望 1.4）。
    """
    for claim in _claims(ctx, "share"):
        stated = stated_or_unverified(ctx, claim, N302)
        if stated is None:
            continue
        part = bind_value(_view(ctx, claim), ctx.tables)
        part = refine_current(part, claim) if part is not None else None
        part_num = part.num if part else (related_num(claim, "part") or _amount_before(claim))
        base = bind_base(_view(ctx, claim), ctx.tables, part)
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
        calc = f"{part_num.text} / {base_num.text} = {_pct_text(computed.point)}"
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
        yield from judge(
            ctx,
            claim,
            cmp,
            N302,
            calc=calc,
            stated_text=_with_pct(stated),
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
    view = _view(ctx, claim).model_copy(update={"measure": claim.base, "subject": claim.base, "path": []})
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


def _pct_text(v: Decimal) -> str:
    return f"{v.quantize(Decimal('0.01')):f}%"


def _with_pct(n: Num) -> str:
    return n.text if n.text.endswith(("%", "％")) else f"{n.text}%"


# --------------------------------------------------------------------------- growth


def _current_and_change(ctx: CheckContext, claim: Claim) -> tuple[Num | None, Num | None, list[Fact]]:
    facts: list[Fact] = []
    current = related_num(claim, "current")
    if current is None:
        f = bind_value(_view(ctx, claim), ctx.tables, period="current")
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
    for claim in _claims(ctx, "change_pct"):
        stated = stated_or_unverified(ctx, claim, N303)
        if stated is None:
            continue
        clash = _direction_clash(ctx, claim)
        if clash is not None:
            yield clash
            continue
        current, change, facts = _current_and_change(ctx, claim)
        prior = related_num(claim, "prior")
        if prior is None:
            pf = bind_value(_view(ctx, claim), ctx.tables, period="prior")
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
        if prior_i.point <= 0 or prior_i.lo <= 0:
            unverified(ctx, claim, N303, "上年数为 0 或负数，增幅无法计算")
            continue
        computed = pct(ch_i, prior_i)
        cmp = compare_derived(stated, computed)
        calc = f"{change_text} / {prior_text} = {_pct_text(computed.point)}"
        yield from judge(
            ctx,
            claim,
            cmp,
            N303,
            calc=calc,
            stated_text=_with_pct(stated),
            message=f"按增减额与本年数推算，增减幅度应为 {cmp.expected_text}%，文中为 {stated.text}%{slip_note(cmp)}。",
            facts=facts,
        )


_UP_WORDS = ("增长", "增加", "上升", "提高", "增幅")
_DOWN_WORDS = ("下降", "减少", "降低", "下滑", "降幅")
_OPPOSITE = {
    "增长": "下降",
    "下降": "增长",
    "增加": "减少",
    "减少": "增加",
    "上升": "下降",
    "降低": "增长",
    "提高": "下降",
    "下滑": "增长",
    "增幅": "降幅",
    "降幅": "增幅",
}
_PCT_WORD = re.compile(r"(增长|下降|增幅|降幅|降低|上升|提高|下滑|增加|减少)(?:了|为|率为|幅度为|幅度)?\s*$")


def _up(word: str) -> bool | None:
    if any(w in word for w in _UP_WORDS) and not any(w in word for w in _DOWN_WORDS):
        return True
    if any(w in word for w in _DOWN_WORDS) and not any(w in word for w in _UP_WORDS):
        return False
    return None  # 增减, 增加（减少）: no direction


def _direction_clash(ctx: CheckContext, claim: Claim) -> Finding | None:
    """增减额 and 增减幅度 of one statement pointing different ways (减少 84.82 万元，增长 5.8%)."""
    m = _PCT_WORD.search(claim.sentence[: max(0, claim.span.start)])
    if m is None or "change" not in claim.related:
        return None
    own, other = _up(m.group(1)), _up(claim.direction)
    if own is None or other is None or own == other:
        return None
    word = m.group(1)
    finding = make_finding(
        claim,
        N306,
        severity="error",
        stated=word,
        expected=_OPPOSITE.get(word, ""),
        message=f"同一处增减额写“{claim.direction}”，增减幅度却写“{word}”，方向前后矛盾，请更正其一。",
        computation=f"增减额 {claim.related['change']}（{claim.direction}）；幅度 {claim.value_text}%（{word}）",
    )
    return report(ctx, claim, finding, "增减方向前后矛盾")


@N304.register
def change_amount(ctx: CheckContext) -> Iterator[Finding]:
    """作用：有上年数（表中“上年数”列或句中写明）时，复算“比上年增加/减少 A 万元”。

    原因：增减额是两数之差，按两位小数的舍入区间比较；差额对不上通常是抄错了某一年的数。

    示例：本年 1090.01、上年 1000.00，文中“增加 80.01 万元” → 错误，期望 90.01。
    """
    for claim in _claims(ctx, "change_amount"):
        stated = stated_or_unverified(ctx, claim, N304)
        if stated is None:
            continue
        facts: list[Fact] = []
        current = related_num(claim, "current")
        prior = related_num(claim, "prior")
        if current is None or prior is None:
            cf = bind_value(_view(ctx, claim), ctx.tables, period="current")
            pf = bind_value(_view(ctx, claim), ctx.tables, period="prior")
            if current is None and cf is not None:
                current, facts = cf.num, [*facts, cf]
            if prior is None and pf is not None:
                prior, facts = pf.num, [*facts, pf]
        if current is None or prior is None:
            unverified(ctx, claim, N304, "表中及句中均无上年数，增减额无法复算")
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


# --------------------------------------------------------------------------- completion


def _final_and_budget(ctx: CheckContext, claim: Claim) -> tuple[Num | None, Num | None, list[Fact], str]:
    """(final, budget, facts, source) — from the sentence first, then from tables."""
    facts: list[Fact] = []
    final = related_num(claim, "final") or related_num(claim, "current")
    budget = related_num(claim, "budget")
    src = "text"
    key = _perf_key(claim) if claim.kind == "completion_rate" else None
    if key == "rate" and (final is None or budget is None):
        table = project_table(claim, ctx.tables, text_before(ctx.document, claim))
        if table is not None:
            ef, bf = project_fact(table, "executed"), project_fact(table, "adjusted_budget")
            if ef is not None and bf is not None:
                return ef.num, bf.num, [ef, bf], "perf"
    if final is None:
        f = bind_value(_view(ctx, claim), ctx.tables, period="current")
        if f is not None:
            final, facts, src = f.num, [*facts, f], "table"
    if budget is None:
        b = bind_value(_view(ctx, claim), ctx.tables, period="budget")
        if b is not None:
            budget, facts, src = b.num, [*facts, b], "table"
    return final, budget, facts, src


def _printed_rate(ctx: CheckContext, claim: Claim) -> Fact | None:
    if _perf_key(claim) != "rate":
        return None
    table = project_table(claim, ctx.tables, text_before(ctx.document, claim))
    return project_fact(table, "rate") if table is not None else None


@N305.register
def completion_rate(ctx: CheckContext) -> Iterator[Finding]:
    """作用：复算“完成年初预算的 C%”与绩效“执行率”：决算数（执行数）/ 预算数。

    原因：完成率是派生数；预算数为 0 时无法计算，只记为未核对，不报错。

    示例：5320.16 / 5491.58 = 96.88%，文中 96.8% → 截尾而非四舍五入（期望 96.9）。
    """
    for claim in _claims(ctx, "completion_rate"):
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
        final, budget, facts, _ = _final_and_budget(ctx, claim)
        if final is None or budget is None:
            unverified(ctx, claim, N305, "缺少决算数或预算数，完成率无法复算")
            continue
        if budget.value == 0:
            unverified(ctx, claim, N305, "预算数为 0，完成率无法计算")
            continue
        computed = pct(amount_interval(final), amount_interval(budget))
        cmp = compare_derived(stated, computed)
        calc = f"{final.text} / {budget.text} = {_pct_text(computed.point)}"
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
                message=f"文中执行率 {_with_pct(stated)} 与{printed.where}所印 {_with_pct(printed.num)} 不一致，请核对。",
                computation=f"{printed.where} = {_with_pct(printed.num)}（{calc}），文中为 {_with_pct(stated)}",
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
            stated_text=_with_pct(stated),
            message=f"完成率应为 {cmp.expected_text}%，文中为 {stated.text}%{slip_note(cmp)}。",
            facts=facts,
        )


# --------------------------------------------------------------------------- direction

_COMPARE_WORDS = {"大于": 1, "高于": 1, "超过": 1, "小于": -1, "低于": -1, "等于": 0, "持平": 0, "相等": 0}
_CHANGE_WORDS = {"增加": 1, "增长": 1, "上升": 1, "提高": 1, "减少": -1, "下降": -1, "降低": -1, "持平": 0}
_WORD_FOR = {1: "大于", -1: "小于", 0: "等于"}
_CHANGE_FOR = {1: "增加", -1: "减少", 0: "持平"}


@N306.register
def direction(ctx: CheckContext) -> Iterator[Finding]:
    """作用：核对“决算数大于/小于/等于预算数”与“增加/减少”是否与数值的实际大小关系一致。

    原因：方向词写反会让读者误解资金执行情况；预算数为 0 时完成率无法计算，
    但大小关系仍可判断。

    示例：年初预算 0 万元、支出决算 109.48 万元，文中“决算数小于预算数” → 错误，应为“大于”。
    """
    for claim in _claims(ctx, "direction"):
        word = (claim.direction or claim.value_text).strip()
        cmp_sign = next((s for w, s in _COMPARE_WORDS.items() if w in word), None)
        if cmp_sign is not None and not any(w in word for w in ("增", "减", "降")):
            final, budget, facts, _ = _final_and_budget(ctx, claim)
            if final is None or budget is None:
                unverified(ctx, claim, N306, "缺少决算数或预算数，大小关系无法判断")
                continue
            diff = amount_interval(final) - amount_interval(budget)
            actual = _sign(diff)
            calc = f"{final.text} − {budget.text} = {diff.point:f}"
            yield from _direction_verdict(ctx, claim, word, cmp_sign, actual, _WORD_FOR, calc, facts)
            continue
        ch_sign = next((s for w, s in _CHANGE_WORDS.items() if w in word), None)
        if ch_sign is None:
            unverified(ctx, claim, N306, f"无法识别的方向词“{word}”")
            continue
        current, prior = related_num(claim, "current"), related_num(claim, "prior")
        facts: list[Fact] = []
        if current is None:
            f = bind_value(_view(ctx, claim), ctx.tables, period="current")
            current, facts = (f.num, [f]) if f else (None, [])
        if prior is None:
            p = bind_value(_view(ctx, claim), ctx.tables, period="prior")
            prior, facts = (p.num, [*facts, p]) if p else (None, facts)
        if current is None or prior is None:
            unverified(ctx, claim, N306, "缺少本年数或上年数，增减方向无法判断")
            continue
        diff = amount_interval(current) - amount_interval(prior)
        calc = f"{current.text} − {prior.text} = {diff.point:f}"
        yield from _direction_verdict(ctx, claim, word, ch_sign, _sign(diff), _CHANGE_FOR, calc, facts)


def _sign(diff: Interval) -> int:
    """+1 / −1 / 0 of the printed figures' difference: a reader compares what is printed."""
    return (diff.point > 0) - (diff.point < 0)


def _direction_verdict(
    ctx: CheckContext,
    claim: Claim,
    word: str,
    said: int,
    actual: int,
    words: dict[int, str],
    calc: str,
    facts: list[Fact],
) -> Iterator[Finding]:
    if actual == said:
        consistent(ctx, claim, N306, calc)
        return
    expected = words[actual]
    finding = make_finding(
        claim,
        N306,
        severity="error",
        expected=expected,
        message=f"按数值应为“{expected}”，文中写“{word}”，请更正表述。",
        computation=calc,
        facts=facts,
        stated=word if word in claim.sentence else claim.value_text,
        prefix=_evidence_prefix(ctx, claim),
    )
    yield report(ctx, claim, finding, calc)


def _evidence_prefix(ctx: CheckContext, claim: Claim) -> str:
    """The paragraph text before the sentence when the figures compared sit there."""
    if all(v in claim.sentence for v in claim.related.values()):
        return ""
    return text_before(ctx.document, claim, limit=60)


# --------------------------------------------------------------------------- sums and counts


@N307.register
def sum_of_items(ctx: CheckContext) -> Iterator[Finding]:
    """作用：核对文中合计（如“年初预算为 1058.78 万元”）与其后逐项列出的金额之和。

    原因：合计与分项是同一句话里的两组数，对不上说明有一项漏算或抄错；
    n 个两位小数相加的舍入误差在区间算术内被容忍。

    示例：各项年初预算相加为 1198.21，文中合计 1058.78 → 错误，期望 1198.21。
    """
    for claim in _perf_fund_claims(ctx):
        yield from _perf_fund_sum(ctx, claim)
    for claim in _claims(ctx, "sum"):
        stated = stated_num(claim)
        items = related_items(claim)
        if _is_perf_fund(claim):
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


def _is_perf_fund(claim: Claim) -> bool:
    before = "".join(claim.sentence[: max(0, claim.span.start)].split())[-8:]
    return not claim.related.get("items") and ("涉及资金" in before or "涉及金额" in before)


def _perf_fund_claims(ctx: CheckContext) -> list[Claim]:
    return [c for c in ctx.claims if c.kind in ("sum", "amount") and _is_perf_fund(c)]


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
        unverified(ctx, claim, N307, "报告中没有逐项目的绩效自评表，涉及资金无法核对")
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
    for claim in _claims(ctx, "count"):
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
            unverified(ctx, claim, N308, "报告中没有项目支出表，项目个数无法核对")
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


# --------------------------------------------------------------------------- format


@N310.register
def percent_format(ctx: CheckContext) -> Iterator[Finding]:
    """作用：提示占比、增幅、完成率写成“占 96.2；”而漏了 % 号。

    原因：不带 % 的数值读者会误作金额；属格式问题（提示级）。

    示例：“社会保障和就业支出 3655.64 万元，占 96.2；” → 提示，应为 96.2%。
    """
    for claim in ctx.claims:
        if claim.kind not in ("share", "change_pct", "completion_rate") or claim.percent_sign:
            continue
        if claim.value_text.endswith(("%", "％")):
            continue
        yield make_finding(
            claim,
            N310,
            severity="info",
            expected=f"{claim.value_text}%",
            message=f"百分比 {claim.value_text} 漏写 % 号，应写作 {claim.value_text}%。",
            computation="",
        )
