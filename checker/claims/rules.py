"""Rule-based claim extractor — first cut.

Covers the formulaic statements whose check needs only the sentence's own figures:
completion rates (年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 C%), the
direction word that follows them (决算数大于/小于/等于预算数), and growth rates with a
stated change right after the current amount (X 万元，比上年增加 A 万元，增长 B%).
Patterns are strict on purpose: a statement they do not recognise yields no claim,
never a guessed one. Other families (amounts, shares, sums, counts) come next.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.claims.model import Claim, Extraction, Sentence, Span
from checker.document import Block, Document

NUM = r"(\d[\d,]*(?:\.\d+)?)"
SP = r"\s*"
COMPLETION = re.compile(
    rf"预算(?:数)?为{SP}{NUM}{SP}万元{SP}[，,]{SP}(?:支出)?决算(?:数)?为?{SP}{NUM}{SP}万元{SP}[，,]{SP}"
    rf"完成(?:年初)?预算的{SP}{NUM}{SP}%"
)
DIRECTION = re.compile(r"决算数?(大于|小于|等于)预算")
CHANGE = re.compile(
    rf"{NUM}{SP}万元{SP}[，,]{SP}"
    # an optional share or completion clause between the amount and its change
    rf"(?:(?:占[^，,。；;%\d]{{0,15}}|完成(?:年初)?预算的){SP}\d[\d.]*{SP}%{SP}[；;，,]{SP})?"
    rf"(?:比上年|较{SP}\d{{4}}{SP}年度?|与上年相比[，,]?)[^，,。；;\d]{{0,12}}?"
    rf"(增加|减少){SP}{NUM}{SP}万元{SP}[，,]{SP}(增长|下降|降低|降幅|增幅){SP}{NUM}{SP}%"
)
NARRATIVE_START = re.compile(r"情况说明")
NARRATIVE_END = re.compile(r"名词解释")  # the glossary part is not narrative


def narrative_blocks(doc: Document) -> Iterator[tuple[Block, list[str]]]:
    """Paragraphs of the 情况说明 part (after its body heading, before 名词解释), with
    the heading path above each."""
    inside = False
    path: list[str] = []
    for b in doc.blocks:
        if b.kind == "heading":
            # 第X部分 headings open and close parts; the table of contents repeats them,
            # so a part ends at the next part heading rather than at the first 名词解释.
            if b.text.startswith("第") and "部分" in b.text[:5]:
                inside = bool(NARRATIVE_START.search(b.text)) and not NARRATIVE_END.search(b.text)
                path = [b.text]
                continue
            if inside:
                path = [*path[:1], b.text]
            continue
        if inside and b.kind == "paragraph" and not b.text.lstrip().startswith("- "):
            yield b, path


def _claim(b: Block, path: list[str], kind: str, m: re.Match, group: int, **kw) -> Claim:
    start, end = m.span(group)
    return Claim(
        kind=kind,  # type: ignore[arg-type]
        value_text=m.group(group),
        sentence=b.text,
        span=Span(start=start, end=end),
        section=path[-1] if path else "",
        line=b.line_at(start),
        page=b.page,
        unit="%" if kind in ("completion_rate", "change_pct") else "",
        **kw,
    )


def extract(doc: Document) -> Extraction:
    out = Extraction()
    for b, path in narrative_blocks(doc):
        text = b.text
        out.sentences.append(Sentence(text=text, section=path[-1] if path else "", sections=path, line=b.line))
        out.numbers_total += len(re.findall(r"\d+(?:\.\d+)?", text))
        for m in COMPLETION.finditer(text):
            related = {"budget": m.group(1), "final": m.group(2)}
            out.claims.append(_claim(b, path, "completion_rate", m, 3, related=related, period="final"))
            # The direction word of the same statement: before the next completion statement.
            nxt = COMPLETION.search(text, m.end())
            d = DIRECTION.search(text, m.end(), nxt.start() if nxt else len(text))
            if d:
                out.claims.append(_claim(b, path, "direction", d, 1, related=related, direction=d.group(1)))
        for m in CHANGE.finditer(text):
            related = {"current": m.group(1), "change": m.group(3)}
            word = m.group(2)
            out.claims.append(_claim(b, path, "change_pct", m, 5, related=related, direction=word, period="change"))
    return out
