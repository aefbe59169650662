"""Shared helpers of the narrative rules (N3xx): reading claim numbers, building findings."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from checker.checks.context import CheckContext
from checker.checks.registry import RuleFn, rule
from checker.claims.model import Claim
from checker.findings import CellRef, Finding, Severity
from checker.numbers import Comparison, Interval, Num, Outcome, parse_number, quantize
from checker.resolve.bind import Fact
from checker.resolve.context import effective_section
from checker.resolve.evidence import cell_ref, excerpt, location

DECREASE_WORDS = ("下降", "减少", "降低", "下滑", "减", "降")
INCREASE_WORDS = ("增长", "增加", "上升", "提高", "增")


def stated_num(claim: Claim) -> Num | None:
    n = parse_number(claim.value_text.rstrip("%％"))
    if n is None:
        return None
    is_pct = claim.kind in ("share", "change_pct", "completion_rate") or claim.unit == "%"
    return Num(value=n.value, text=claim.value_text, decimals=n.decimals, percent=is_pct)


def related_num(claim: Claim, key: str) -> Num | None:
    t = claim.related.get(key)
    return parse_number(t) if t else None


def related_items(claim: Claim) -> list[Num]:
    """Itemised values listed in the text: related['items'] ('1.2+3.4', '1.2、3.4') or item* keys."""
    out: list[Num] = []
    raw = claim.related.get("items", "")
    # an ASCII comma separates items unless it groups thousands (18,976.76 is one item)
    for part in re.split(r"[+＋，、;；\s]+|,(?!\d{3}(?!\d))", raw):
        if (n := parse_number(part)) is not None:
            out.append(n)
    for k in sorted(claim.related):
        if k.startswith("item") and k != "items" and (n := parse_number(claim.related[k])) is not None:
            out.append(n)
    return out


def is_decrease(claim: Claim) -> bool | None:
    """Does the text say the quantity went down? From the claim, else the words before the value."""
    for d in (claim.direction, claim.subject):
        if any(w in d for w in DECREASE_WORDS[:4]):
            return True
        if any(w in d for w in INCREASE_WORDS[:4]):
            return False
    before = claim.sentence[: max(0, claim.span.start)]
    last_dec = max((before.rfind(w) for w in DECREASE_WORDS), default=-1)
    last_inc = max((before.rfind(w) for w in INCREASE_WORDS), default=-1)
    if last_dec < 0 and last_inc < 0:
        return None
    return last_dec > last_inc


def amount_interval(n: Num) -> Interval:
    return n.interval(amount=True)


def show(v: Decimal, decimals: int = 2) -> str:
    from checker.numbers import fmt

    return fmt(v, decimals)


@dataclass(frozen=True)
class RuleId:
    """A narrative rule's code, name and summary, written once: registration, verdicts and
    findings all read them from here."""

    code: str
    name: str
    summary: str
    kind: str  # the kind of the findings it reports (N301's label slips say "label" themselves)

    def register(self, fn: RuleFn) -> RuleFn:
        return rule(self.code, self.name, self.summary)(fn)


def make_finding(
    claim: Claim,
    rid: RuleId,
    *,
    severity: Severity,
    expected: str,
    message: str,
    computation: str,
    kind: str | None = None,
    facts: list[Fact] | None = None,
    pattern: str | None = None,
    stated: str | None = None,
    prefix: str = "",
) -> Finding:
    """A finding of rule ``rid`` on the claim; ``kind`` defaults to the rule's."""
    cells: list[CellRef] = [cell_ref(f) for f in (facts or [])]
    return Finding(
        code=rid.code,
        rule=rid.name,
        severity=severity,
        kind=kind or rid.kind,
        stated=stated if stated is not None else claim.value_text,
        expected=expected,
        excerpt=excerpt(claim, before=48, prefix=prefix) if prefix else excerpt(claim),
        message=message,
        computation=computation,
        location=location(claim),
        cells=cells,
        pattern=pattern,
    )


def severity_of(cmp: Comparison) -> Severity:
    return "error" if cmp.outcome is Outcome.MISMATCH else "warning"


def slip_note(cmp: Comparison) -> str:
    if cmp.outcome is Outcome.TRUNCATED:
        return "（截尾而非四舍五入）"
    if cmp.outcome is Outcome.TAIL:
        return "（尾差）"
    return f"（{cmp.pattern}）" if cmp.pattern else ""


# --------------------------------------------------------------------------- verdicts


def unverified(ctx: CheckContext, claim: Claim, rid: RuleId, reason: str) -> None:
    ctx.record(claim, "unverified", rid.code, reason=reason)


def no_counterpart(ctx: CheckContext, claim: Claim, rid: RuleId, reason: str) -> None:
    """Unverified because the report prints nothing to compare with (reason says what)."""
    ctx.record(claim, "unverified", rid.code, reason=reason, counterpart=False)


def consistent(
    ctx: CheckContext,
    claim: Claim,
    rid: RuleId,
    reason: str,
    expected: str = "",
    computed: Interval | None = None,
) -> None:
    interval = (f"{computed.lo:f}", f"{computed.hi:f}") if computed is not None else None
    ctx.record(claim, "consistent", rid.code, reason=reason, expected=expected, interval=interval)


def stated_or_unverified(ctx: CheckContext, claim: Claim, rid: RuleId) -> Num | None:
    """The claim's value; when it cannot be read the claim is recorded as unverified."""
    stated = stated_num(claim)
    if stated is None:
        unverified(ctx, claim, rid, "文中数值无法解析")
    return stated


def report(ctx: CheckContext, claim: Claim, finding: Finding, reason: str) -> Finding:
    """Record the claim as a finding (with the finding's rule and expected value); pass it on."""
    ctx.record(claim, "finding", finding.code, reason=reason, expected=finding.expected)
    return finding


def judge(
    ctx: CheckContext,
    claim: Claim,
    cmp: Comparison,
    rid: RuleId,
    *,
    calc: str,
    stated_text: str,
    message: str,
    facts: list[Fact] | None = None,
    severity: Severity | None = None,
    reason: str | None = None,
    expected: str | None = None,
) -> list[Finding]:
    """Record the verdict of one comparison; its finding when it failed (else no finding).

    ``calc`` is the arithmetic (also the verdict's reason unless ``reason`` is given).
    ``expected`` overrides the comparison's expected text and is then recorded on a
    consistent verdict too (a restated figure has one).
    Severity defaults to the comparison's (tail/truncation → warning, else error).
    """
    why = calc if reason is None else reason
    if cmp.ok:
        consistent(ctx, claim, rid, why, expected or "", cmp.computed)
        return []
    finding = make_finding(
        claim,
        rid,
        severity=severity_of(cmp) if severity is None else severity,
        expected=cmp.expected_text if expected is None else expected,
        message=message,
        computation=f"{calc}，文中为 {stated_text}",
        facts=facts,
        pattern=cmp.pattern,
    )
    return [report(ctx, claim, finding, why)]


UNIT_SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def in_claim_unit(fact: Fact, claim: Claim) -> Fact:
    """The table value expressed in the unit the sentence writes (a narrative in 元 against
    tables in 万元: 7,310 元 is 0.731 万元, not 7,310 万元). Evidence keeps the printed cell."""
    src, dst = UNIT_SCALE.get(fact.table.unit), UNIT_SCALE.get(claim.unit)
    if src is None or dst is None or src == dst:
        return fact
    factor = src / dst
    shift = factor.adjusted()  # a power of ten: 万元→元 is 4, 元→万元 is −4
    decimals = max(0, fact.num.decimals - shift)
    value = fact.num.value * factor
    # 100,000.00 元 reads as 10.00 万元, not 10.000000; 1,234,567.89 元 keeps its digits
    shown = show(value, 2) if decimals > 2 and value == quantize(value, 2) else show(value, decimals)
    num = Num(value=value, text=shown, decimals=decimals, percent=fact.num.percent)
    return dataclasses.replace(fact, num=num)


INFERRED_NOTE = "（该表为空格分隔的原文，数值所在列由解析推断，请人工核对）"


def placed_by_inference(fact: Fact) -> bool:
    """The fact's table lost its columns in the export and the parser placed the values:
    a disagreement with no typing-slip pattern may be a misplacement."""
    return fact.table.sparse or any("推断所在列" in n for n in fact.table.notes)


# --------------------------------------------------------------------------- claims


def claims_of(ctx: CheckContext, kind: str) -> Iterator[Claim]:
    return (c for c in ctx.claims if c.kind == kind)


def resolution_view(ctx: CheckContext, claim: Claim) -> Claim:
    """The claim as resolution should see it: its section replaced by the nearest heading
    that names a table. Verdicts and findings stay on the original claim."""
    section = effective_section(ctx.document, claim)
    return claim if section == claim.section else claim.model_copy(update={"section": section})


def pct_text(v: Decimal) -> str:
    return f"{quantize(v, 2):f}%"


def with_pct(n: Num) -> str:
    return n.text if n.text.endswith(("%", "％")) else f"{n.text}%"
