"""Grounding: an LLM claim is kept only if the text says what the claim says it says.

Checked for each claim: the sentence index exists; ``sentence[start:end] == value_text``;
a numeric value is a whole number of the text (not ``73.1`` inside ``73.11``); every
number in ``related`` (or each term of ``a+b+c``, a listed sum) is written in the cited
sentence or in another sentence sent in the same request (same section) — a statement may
name its budget in one sentence and its completion rate in the next, a total may list its
items in the clauses after it, and the model saw them all. Units and the % sign are read from the text after the value, not taken from the model.
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


def grounded(c: LLMClaim, sentences: dict[int, Sentence]) -> bool:
    """``sentences``: the sentences sent in the request, by the index the model saw."""
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
    written = {t for o in sentences.values() for t, _, _ in numbers_in(o.text)}
    return all(related_written(v, written) for v in c.related.values())


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
