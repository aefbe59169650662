"""Narrative direction words vs the figures (N306): 大于/小于, 增加/减少, and a change
amount and its rate pointing different ways."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import (
    DECREASE_WORDS,
    INCREASE_WORDS,
    RuleId,
    amount_interval,
    claims_of,
    consistent,
    make_finding,
    related_num,
    report,
    resolution_view,
    unverified,
)
from checker.checks.narrative_rates import final_and_budget
from checker.claims.model import Claim
from checker.findings import Finding
from checker.numbers import Interval
from checker.resolve.bind import Fact, bind_value
from checker.resolve.context import text_after, text_before

N306 = RuleId("N306", "narrative-direction", "文中方向词（大于/小于、增加/减少）与数值不符", "direction")

# The shared direction vocabulary (whole words only), plus the 增幅/降幅 a rate may take.
_UP_WORDS = (*INCREASE_WORDS[:4], "增幅")
_DOWN_WORDS = (*DECREASE_WORDS[:4], "降幅")
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


def direction_clash(ctx: CheckContext, claim: Claim) -> Finding | None:
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
    for claim in claims_of(ctx, "direction"):
        word = (claim.direction or claim.value_text).strip()
        cmp_sign = next((s for w, s in _COMPARE_WORDS.items() if w in word), None)
        if cmp_sign is not None and not any(w in word for w in ("增", "减", "降")):
            final, budget, facts, _ = final_and_budget(ctx, claim)
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
            f = bind_value(resolution_view(ctx, claim), ctx.tables, period="current")
            current, facts = (f.num, [f]) if f else (None, [])
        if prior is None:
            p = bind_value(resolution_view(ctx, claim), ctx.tables, period="prior")
            prior, facts = (p.num, [*facts, p]) if p else (None, facts)
        if current is None or prior is None:
            unverified(ctx, claim, N306, "缺少本年数或上年数，增减方向无法判断")
            continue
        diff = amount_interval(current) - amount_interval(prior)
        calc = f"{current.text} − {prior.text} = {diff.point:f}"
        yield from _direction_verdict(ctx, claim, word, ch_sign, _sign(diff), _CHANGE_FOR, calc, facts)
    yield from _reason_clashes(ctx)


# `…减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。`: the reason given for a
# change names a change of the same money the other way.
_REASON = re.compile(
    r"^\s*主要原因(?:是|为)?[：:]?\s*([^。；;]{0,60}?(?:经费|支出|资金|预算|费用))(增加|减少|增长|下降)"
)


def _reason_clashes(ctx: CheckContext) -> Iterator[Finding]:
    seen: set[str] = set()
    for claim in [*claims_of(ctx, "change_pct"), *claims_of(ctx, "change_amount")]:
        up = _up(claim.direction or "")
        if up is None or claim.sentence in seen:
            continue
        after = text_after(ctx.document, claim)
        m = _REASON.match(after)
        if m is None:
            continue
        reason_clause = re.split(r"[。；;]", after, maxsplit=1)[0]
        said = m.group(2)
        if _up(said) in (None, up) or _OPPOSITE[said] in reason_clause:
            continue  # the reason agrees, or names both ways (人员经费减少，项目经费增加)
        seen.add(claim.sentence)
        finding = make_finding(
            claim,
            N306,
            severity="warning",
            kind="direction",
            expected=_OPPOSITE[said],
            message=f"文中写“{claim.direction}”，所述原因却是“{m.group(1)}{said}”，方向相反，请核对原因或增减方向。",
            computation=f"增减方向：{claim.direction}（{claim.value_text}）；原因：{m.group(1)}{said}",
            stated=said,
        )
        finding.excerpt = claim.sentence[max(0, claim.span.start - 16) :] + reason_clause[:40]
        yield report(ctx, claim, finding, "原因与增减方向相反")


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
