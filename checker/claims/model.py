"""The claim model: one numeric statement of the narrative, as extracted.

Both extractors (rules, LLM) emit this same model. A claim says what the text asserts;
resolution (binding to table facts) and comparison happen later, in ``checks``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ClaimKind = Literal[
    "amount",  # X 万元 (a quantity restated from a table)
    "share",  # 占 Y%
    "change_amount",  # 比上年增加/减少 A 万元
    "change_pct",  # 增长/下降 B%
    "completion_rate",  # 完成年初预算的 C%
    "direction",  # 决算数大于/小于/等于预算数; 增加/减少 vs sign
    "sum",  # a stated total of itemised amounts
    "count",  # N 个项目
]

Period = Literal["current", "prior", "budget", "final", "change", "unknown"]


class Span(BaseModel):
    """Character offsets of the value inside ``Claim.sentence`` (end exclusive)."""

    start: int
    end: int


class Claim(BaseModel):
    kind: ClaimKind
    # What the claim is about, as written (e.g. 卫生健康支出（类）, 基本支出, 公务接待费).
    subject: str = ""
    # Structured subject hints the resolver can use directly (any may be empty):
    #   measure: canonical quantity name (e.g. 支出合计, 收入合计, 基本支出, 人员经费, 三公经费合计…)
    #   codes: classification path as written ((类)/(款)/(项) names), outer to inner.
    measure: str = ""
    path: list[str] = Field(default_factory=list)
    base: str = ""  # for shares: the total the sentence names (占 X 的 Y%), empty = section total
    period: Period = "current"
    value_text: str  # the value exactly as printed (e.g. "73.11", "96.2", "小于", "6")
    unit: str = ""  # 万元 | 元 | % | 个 | "" ; '%' absent from value_text when written as 占 96.2
    percent_sign: bool = True  # for share/change_pct/completion_rate: was a % sign written?
    sentence: str  # the sentence the claim sits in, verbatim
    span: Span  # where value_text sits in the sentence
    section: str = ""  # narrative section heading text (e.g. 五、一般公共预算财政拨款支出决算情况说明)
    line: int | None = None  # source line of the value
    page: int | None = None
    # Other numbers in the same statement that this claim relates to, e.g. for a
    # completion rate: {"budget": "974.49", "final": "1090.01"}; for a growth rate with a
    # stated change: {"change": "0.09", "current": "0.20"}; for direction: {"budget": …}.
    related: dict[str, str] = Field(default_factory=dict)
    # For a direction claim: which way the text says (大于/小于/等于/增加/减少 …).
    direction: str = ""
    extractor: str = "rules"  # rules | llm


class Sentence(BaseModel):
    """A narrative sentence with its place in the report."""

    text: str
    section: str = ""  # innermost narrative heading above it
    sections: list[str] = Field(default_factory=list)  # heading path, outer to inner
    line: int | None = None
    page: int | None = None


class UncoveredNumber(BaseModel):
    """A number in the narrative that no claim accounts for, and why."""

    text: str
    sentence: str
    line: int | None = None
    reason: str  # Chinese, specific (e.g. 年份/日期, 人数/车辆数等非金额, 未识别的句式)


class Extraction(BaseModel):
    """What an extractor returns for one document."""

    claims: list[Claim] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    numbers_total: int = 0  # numbers written in the narrative
    uncovered: list[UncoveredNumber] = Field(default_factory=list)
    boilerplate: int = 0  # template residue recognised (增加（减少）0 万元 …)
    # LLM path bookkeeping (zero for rules): claims dropped because a number was not
    # found verbatim at the cited span, calls, cache hits, tokens.
    dropped_ungrounded: int = 0
    llm: dict[str, int | str] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
