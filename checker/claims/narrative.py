"""The narrative part of a report (情况说明) and its sentences, each with its section path.

The part starts at the body heading `第X部分 …情况说明` (the table of contents repeats
it as a plain line; only headings count) and ends at the next `第X部分` heading, at
`名词解释` / `附件`, or at the first glossary line (`一、财政拨款收入：指…`) when a report
prints no part headings in its body. Sentences end at 。！？ and at ； when the next
clause starts a statement of its own (`…完成预算的 55.6%；较 2023 年度增加…` stays one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from checker.document import Block, Document

PART = re.compile(r"^第[一二三四五六七八九十]+部分")
# 情况说明 parts; budget reports title their sections `一、2024 年收支预算总体情况`.
NARRATIVE = re.compile(r"情况说明|说明情况|编制说明|(?:收支|收入|支出).{0,12}情况$")
END_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分\s*)?(?:名词解释|附件|附表)")
GLOSSARY = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十]+[)）、.．]\s*)?[^，。；：:\d]{2,24}[：:]\s*指")
# A clause after ； that continues the statement before it (its change, its reason).
CONTINUES = re.compile(r"^\s*(?:较|比上年|比\s*20|与上年|与\s*20|同比|增长|下降|降低|增加|减少|主要)")
STOPS = "。！？!?"


@dataclass
class NarrativeSentence:
    text: str  # verbatim
    block: Block
    offset: int  # where the sentence starts in ``block.text``
    sections: list[str] = field(default_factory=list)  # heading path, outer to inner
    para: int = 0  # paragraph index within the narrative
    ends_statement: bool = True  # False when the sentence was cut at ；

    @property
    def section(self) -> str:
        return self.sections[-1] if self.sections else ""

    def line_at(self, pos: int) -> int | None:
        return self.block.line_at(self.offset + pos)


def heading_rank(text: str) -> int:
    """Depth of a heading from its numbering: 第X部分 0, 一、 1, （一） 2, 1. 3, (1) 4."""
    t = text.strip().lstrip("#").strip()
    if PART.match(t):
        return 0
    if re.match(r"[一二三四五六七八九十]+[、.．]", t):
        return 1
    if re.match(r"[(（][一二三四五六七八九十]+[)）]", t):
        return 2
    if re.match(r"\d{1,2}\s*[.、．](?!\d)", t):
        return 3
    if re.match(r"[(（]\d{1,2}[)）]", t):
        return 4
    return 5


def _start_index(blocks: list[Block]) -> int | None:
    """Index of the heading (or heading-like line) that opens the narrative part, None
    when there is none.

    Candidates are the `第X部分 …情况说明` lines and the `一、…情况说明` headings; the one
    followed by the most paragraphs with figures wins (a table of contents — with or
    without its 目录 title — is followed by nothing but more headings), ties going to the
    earliest, i.e. the part heading before its first section."""
    best, best_score = None, 0
    for i, b in enumerate(blocks):
        t = b.text.strip()
        if b.kind not in ("heading", "paragraph") or len(t) > 48 or not NARRATIVE.search(t):
            continue
        if END_HEADING.match(t) or not (PART.match(t) or b.kind == "heading" or looks_like_heading(t)):
            continue
        score = sum(1 for p, _ in _walk(blocks, i) if _FIGURE.search(p.text))
        if score > best_score:
            best, best_score = i, score
    return best


_FIGURE = re.compile(r"\d\s*(?:万元|元|%|％)")


def looks_like_heading(text: str) -> bool:
    """A numbered short line without figures (`二、收入决算情况说明`) read as a paragraph."""
    t = text.strip()
    return (
        len(t) <= 40
        and heading_rank(t) <= 4
        and not re.search(r"[，,；;]|万元|%|％", t)
        and not GLOSSARY.match(t)
    )


def _start_indexes(blocks: list[Block]) -> list[int]:
    """Every heading that opens a narrative span with figures. Budget reports print their
    narrative in several places (编制说明 before the tables, 其他相关情况说明 and
    项目经费情况说明 after them): each is a span of its own."""
    out = []
    for i, b in enumerate(blocks):
        t = b.text.strip()
        if b.kind not in ("heading", "paragraph") or len(t) > 48 or not NARRATIVE.search(t):
            continue
        if END_HEADING.match(t) or not (
            PART.match(t) or b.kind == "heading" or looks_like_heading(t) or _title_like(t)
        ):
            continue
        if any(_FIGURE.search(p.text) for p, _ in _walk(blocks, i)):
            out.append(i)
    return out


def _title_like(text: str) -> bool:
    """An unnumbered section title of a text export (`2025年部门预算编制说明`, `其他相关
    情况说明`): short, no sentence punctuation, no figure, ending in 说明 or 情况."""
    return (
        len(text) <= 30
        and not re.search(r"[，,。；;：:]|万元|%|％", text)
        and bool(re.search(r"(?:说明|情况)$", text))
    )


def narrative_blocks(doc: Document) -> Iterator[tuple[Block, list[str]]]:
    """Paragraphs of the narrative with the heading path above each (outer→inner), in
    document order: the union of the spans that open at each narrative heading.

    The part heading itself is the outermost element of the path when there is one; a
    paragraph in several spans takes its path from the outermost one."""
    blocks = doc.blocks
    starts = _start_indexes(blocks)
    if not starts:
        return
    best = _start_index(blocks)
    if best is not None and best not in starts:
        starts.append(best)
    found: dict[int, tuple[int, Block, list[str]]] = {}
    for start in sorted(starts):
        for b, path in _walk(blocks, start):
            found.setdefault(id(b), (start, b, path))  # the outermost span gives the full path
    order = {id(b): k for k, b in enumerate(blocks)}
    for _, b, path in sorted(found.values(), key=lambda v: order[id(v[1])]):
        yield b, path


def _walk(blocks: list[Block], start: int) -> Iterator[tuple[Block, list[str]]]:
    stack: list[tuple[int, str]] = []
    for b in blocks[start:]:
        text = b.text.strip()
        if b.kind == "heading" or b is blocks[start] or (b.kind == "paragraph" and looks_like_heading(text)):
            if b is not blocks[start] and (PART.match(text) or END_HEADING.match(text)):
                return
            rank = heading_rank(text)
            if rank == 5 and _title_like(text):
                # an unnumbered section title (其他相关情况说明, X专项经费情况说明) stands
                # above the numbered sections under it, like a part heading
                rank = 0
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, text))
            continue
        if b.kind != "paragraph" or not text:
            continue
        if GLOSSARY.match(text) or END_HEADING.match(text):
            return
        yield b, [h for _, h in stack]


def split_sentences(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, ends_statement) of each sentence in ``text``; whitespace trimmed."""
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        cut = False
        ends = True
        if ch in STOPS:
            cut = True
        elif ch in "；;" and not CONTINUES.match(text[i + 1 :]):
            cut, ends = True, False
        if cut:
            end = i + 1
            # Closing quotes/brackets belong to the sentence they close.
            while end < n and text[end] in "”’」）)":
                end += 1
            yield from _trimmed(text, start, end, ends)
            start = end
            i = end
            continue
        i += 1
    if start < n:
        yield from _trimmed(text, start, n, True)


def _trimmed(text: str, start: int, end: int, ends: bool) -> Iterator[tuple[int, int, bool]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end, ends


def narrative_sentences(doc: Document) -> list[NarrativeSentence]:
    out: list[NarrativeSentence] = []
    for para, (b, sections) in enumerate(narrative_blocks(doc)):
        for s, e, ends in split_sentences(b.text):
            out.append(
                NarrativeSentence(
                    text=b.text[s:e], block=b, offset=s, sections=sections, para=para, ends_statement=ends
                )
            )
    return out
