"""Grounding: an LLM claim is kept only if the text says what the claim says it says.

Checked for each claim: the sentence index exists; ``sentence[start:end] == value_text``;
a numeric value is a whole number of the text (not ``73.1`` inside ``73.11``); every
number in ``related`` (or each term of ``a+b+c``, a listed sum) is written in the cited
sentence or in another sentence sent in the same request, its read-only context included
(same section) — a statement may name its budget in one sentence and its completion rate
in the next, a total may list its items in the clauses after it, and the model saw them
all. Units and the % sign are read from the text after the value, not taken from the model.

A grounded claim may still be a misreading that would make a false error: ``hold_reason``
says why a claim may not be compared at all (a count read as money, a unit the text does
not write, a sentence stating zero or absence). Such a claim is reported as unverified
with that reason, never as a finding.
"""

from __future__ import annotations

import re

from checker.claims.model import Claim, Sentence, Span
from checker.llm.prompt import numbers_in
from checker.llm.schema import LLMClaim
from checker.numbers import parse_number

DIRECTION_WORDS = (
    "大于",
    "小于",
    "等于",
    "高于",
    "低于",
    "超过",
    "增加",
    "减少",
    "持平",
    "相同",
    "增长",
    "下降",
    "一致",
)
UNIT_AFTER = re.compile(r"\s*(万元|亿元|元|%|％|个)")
NUMERIC_KINDS = {"amount", "share", "change_amount", "change_pct", "completion_rate", "sum", "count"}
PCT_KINDS = {"share", "change_pct", "completion_rate"}


def is_whole_number(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is one number as written, not a piece of a longer one."""
    return any(s == start and e == end for _, s, e in numbers_in(text))


def related_written(value: str, written: set[str]) -> bool:
    terms = [t.strip() for t in value.split("+")]
    return all(t and parse_number(t) is not None and t in written for t in terms)


def grounded(c: LLMClaim, sentences: dict[int, Sentence], context: dict[int, Sentence] | None = None) -> bool:
    """``sentences``: the sentences sent in the request to be read, by the index the model
    saw; ``context``: those sent before them as read-only context (a claim may not cite
    one, but its related numbers may be written there)."""
    s = sentences.get(c.sentence)
    if s is None:
        return False
    text = s.text
    if c.end > len(text) or text[c.start : c.end] != c.value_text:
        return False
    if c.kind in NUMERIC_KINDS:
        if parse_number(c.value_text) is None or not is_whole_number(text, c.start, c.end):
            return False
    elif c.kind == "direction":
        if not any(w in c.value_text for w in DIRECTION_WORDS):
            return False
    shown = [*sentences.values(), *(context or {}).values()]
    written = {t for o in shown for t, _, _ in numbers_in(o.text)}
    return all(related_written(v, written) for v in c.related.values())


MONEY_KINDS = {"amount", "change_amount", "sum"}
MONEY_UNITS = {"万元", "亿元", "元"}
COUNT_UNITS = {"个", "项"}
# What may follow a number: money, %, counts, and the other measures a narrative writes.
WRITTEN_UNIT = re.compile(
    r"\s*(万元|亿元|元|%|％|个|项|人次|人|辆|台|套|家|次|名|处|所|平方米|天|年|月|日|倍|分|届|批)"
)
# A sentence saying the money or projects do not exist / did not happen: a 0 there is no
# table figure, and the rules set such numbers aside (不存在的资金).
ABSENCE = re.compile(
    r"未发生|未开支|未安排|未使用|不存在|没有|无(?![形偿法论需须线息纸缝菌害])"
    r"|(?<![\d.])0(?:\.0+)?\s*(?:个|项|万元|元)"
)


def written_unit(text: str, end: int) -> str:
    m = WRITTEN_UNIT.match(text, end)
    return m.group(1).replace("％", "%") if m else ""


def hold_reason(c: Claim) -> str:
    """Why an LLM claim may not be compared with the tables ("" when it may).

    Only numeric claims are held; the reason is Chinese (it is shown as the claim's
    unverified reason)."""
    if c.kind not in NUMERIC_KINDS:
        return ""
    text = c.sentence
    num = parse_number(c.value_text)
    if num is None:
        return "模型给出的数值无法解析"
    unit = written_unit(text, c.span.end)
    if num.value == 0:
        return "数值为 0：不存在或未发生的资金/项目，不作为报表数核对"
    if c.kind in MONEY_KINDS:
        if unit == "%":
            return "模型读作金额，但原文数字后是 %"
        if unit and unit not in MONEY_UNITS:
            return f"模型读作金额，但原文数字后是“{unit}”（个数或其他指标）"
        if not unit and "元" not in text:
            return "模型读作金额，但句中没有写金额单位（万元/元）"
        if not unit and c.unit and c.unit not in MONEY_UNITS:
            return f"模型读作金额，却给出单位“{c.unit}”"
    elif c.kind in PCT_KINDS:
        if unit and unit != "%":
            return f"模型读作百分比，但原文数字后是“{unit}”"
    elif c.kind == "count":
        if unit not in COUNT_UNITS:
            return "模型读作个数，但原文数字后不是“个/项”"
    if c.kind in MONEY_KINDS | {"count"} and ABSENCE.search(text):
        return "句子说明不存在或未发生（如 0 个项目、0 万元、无、未发生），不作为报表数核对"
    return ""


def to_claim(c: LLMClaim, s: Sentence, line: int | None = None) -> Claim:
    """The checker's Claim for a grounded LLM claim (unit and % sign read from the text).

    ``line``: the source line of the value when known (a sentence may span lines)."""
    text = s.text
    m = UNIT_AFTER.match(text, c.end)
    written_unit = m.group(1).replace("％", "%") if m else ""
    unit = written_unit or c.unit
    percent_sign = written_unit == "%" if c.kind in PCT_KINDS else True
    if c.kind in PCT_KINDS and not written_unit:
        unit = "%"
    direction = c.direction
    if c.kind == "direction" and not direction:
        direction = c.value_text
    return Claim(
        kind=c.kind,
        subject=c.subject,
        measure=c.measure,
        path=list(c.path),
        base=c.base,
        period=c.period,
        value_text=c.value_text,
        unit=unit,
        percent_sign=percent_sign,
        sentence=text,
        span=Span(start=c.start, end=c.end),
        section=s.section,
        line=line if line is not None else s.line,
        page=s.page,
        related={k: v.strip() for k, v in c.related.items()},
        direction=direction,
        extractor="llm",
    )
