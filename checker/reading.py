"""Was the report actually read and checked? The reasons a run must not pass as clean.

A QA tool that says "no problems" about a report it could not read is worse than none.
After a check, ``assess`` looks at what was read and what was verified and names every
reason the result cannot be trusted as a full check; the pipeline then gives the report
the status ``unchecked`` (exit code 2), never 0.
"""

from __future__ import annotations

import re
from itertools import pairwise

from checker.document import Document

# Below this share of checkable narrative statements verified, the report is "not checked".
MIN_VERIFIED_SHARE = 0.2
# Interleaved lines double characters (部部门门、、): normal Chinese text has very few
# identical neighbours among its CJK characters.
DOUBLED_SHARE = 0.05
TOC_FOUND_SHARE = 0.5

_CJK = re.compile(r"[\u3400-\u9fff（）、，。：；]")


def doubled_share(text: str) -> float:
    """Share of CJK characters equal to the one before them."""
    cjk = [ch for ch in text if _CJK.match(ch)]
    if len(cjk) < 2:
        return 0.0
    return sum(a == b for a, b in pairwise(cjk)) / (len(cjk) - 1)


UNMAPPED_SHARE = 0.05


def unmapped_share(text: str) -> float:
    """Share of characters a PDF font gave no Unicode for (private use area, U+FFFD)."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    return sum(1 for ch in chars if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF) / len(chars)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def toc_entries(doc: Document) -> tuple[list[str], int]:
    """The table of contents' entries (numbers, leaders and page numbers removed; a line
    holding several entries split at its leaders) and the index of the first block after it."""
    from checker.checks.report_common import LEADER_RUN, toc_entry_text, toc_range

    span = toc_range(doc)
    out = []
    for i in span:
        for piece in LEADER_RUN.split(doc.blocks[i].text):
            entry = _key(toc_entry_text(piece))
            if entry:
                out.append(entry)
    return out, (span.stop if len(span) else 0)


def toc_found_share(doc: Document) -> tuple[int, int]:
    """How many of the TOC's entries the body prints (found, listed)."""
    entries, start = toc_entries(doc)
    if not entries:
        return 0, 0
    body = _key("".join(b.text for b in doc.blocks[start:]))
    found = sum(1 for e in entries if e[:12] in body)
    return found, len(entries)


def assess(
    doc: Document, narrative_numbers: int, checkable: int, verified: int, *, narrative_run: bool = True
) -> list[str]:
    """Every reason this report's check is not a full check (empty: it is)."""
    reasons: list[str] = []
    text = "".join(b.text for b in doc.blocks if b.kind != "table")
    if len(text) >= 200 and doubled_share(text) > DOUBLED_SHARE:
        reasons.append(
            f"文字层疑似错乱：{doubled_share(text):.0%} 的汉字与前一个字相同（两行文字交错），读出的句子不可信"
        )
    odd = unmapped_share(text)
    if len(text) >= 200 and odd > UNMAPPED_SHARE:
        reasons.append(
            f"文字层缺少字符映射：{odd:.0%} 的字符是私用区或替换字符（字体未附 ToUnicode），读出的文字是乱码"
        )
    found, listed = toc_found_share(doc)
    if listed >= 4 and found < TOC_FOUND_SHARE * listed:
        reasons.append(f"目录列出的 {listed} 个标题中只有 {found} 个能在正文中找到，正文可能未被正确读取")
    if narrative_numbers == 0:
        reasons.append(
            "未能读取情况说明：没有找到含数字的说明文字（可能是扫描件、文字层错乱或不是预算/决算报告）"
        )
    elif checkable == 0 and verified == 0 and narrative_numbers > 0 and narrative_run:
        reasons.append(
            "情况说明中没有可核对的金额或比例（数字全是年份、序号、占位符或无表可对），没有任何表述得到核对"
        )
    elif checkable >= 5 and verified < MIN_VERIFIED_SHARE * checkable:
        reasons.append(
            f"情况说明中可核对的 {checkable} 项表述只核对了 {verified} 项（{verified / checkable:.0%}），"
            "大部分数字未得到验证"
        )
    return reasons
