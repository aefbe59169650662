"""Performance (绩效) statements: whether a sentence speaks of 绩效, and which project it names."""

from __future__ import annotations

from checker.claims.cues import PERF_TEXT
from checker.claims.narrative import NarrativeSentence
from checker.claims.subjects import project_name


def is_perf(sents: list[NarrativeSentence], i: int) -> bool:
    """Under a 绩效 heading, or in a paragraph that speaks of 绩效 itself."""
    s = sents[i]
    return any("绩效" in h for h in s.sections) or bool(PERF_TEXT.search(s.block.text))


def project_of(sents: list[NarrativeSentence], i: int) -> str:
    s = sents[i]
    # The project may be named in the paragraph before (`“…”项目绩效自评情况：…得分为 99 分。`).
    prev = next((q.block.text for q in reversed(sents[:i]) if q.para == s.para - 1), "")
    prev = prev if any(prev == q.block.text and q.sections == s.sections for q in sents[:i]) else ""
    ctx = " ".join(s.sections[-1:]) + "。" + prev + "。" + s.block.text[: s.offset]
    return project_name(ctx, s.block.text)
