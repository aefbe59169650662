"""Narrative percent formatting (N310): a share or rate written without its % sign."""

from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.narrative_common import RuleId, make_finding
from checker.findings import Finding

N310 = RuleId("N310", "narrative-percent-format", "百分比漏写 % 号", "format")


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
