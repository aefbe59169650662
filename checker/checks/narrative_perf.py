"""Performance (绩效) sentences: which 绩效自评表 measure a claim names, and the 涉及资金
of self-evaluated projects."""

from __future__ import annotations

from checker.claims.model import Claim
from checker.resolve.names import norm
from checker.resolve.sections import kinds_for_section
from checker.tables.model import TableKind

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


def in_perf_context(claim: Claim) -> bool:
    """Performance sentences: under a 绩效 heading, or saying 绩效 / 自评 themselves."""
    return TableKind.PERF_SELF_EVAL in kinds_for_section(claim.section) or any(
        w in claim.sentence for w in ("绩效", "自评")
    )


def perf_key(claim: Claim) -> str | None:
    if not in_perf_context(claim):
        return None
    text = norm(claim.measure) + norm(claim.subject)
    if not text:
        before = claim.sentence[max(0, claim.span.start - 12) : claim.span.start]
        text = norm(before)
    for word, key in PERF_MEASURES:
        if word in text:
            return key
    return None


def is_perf_fund(claim: Claim) -> bool:
    before = "".join(claim.sentence[: max(0, claim.span.start)].split())[-8:]
    return not claim.related.get("items") and ("涉及资金" in before or "涉及金额" in before)
