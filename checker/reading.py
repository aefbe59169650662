"""Was the report actually read and checked? The reasons a run must not pass as clean.

A QA tool that says "no problems" about a report it could not read is worse than none.
After a check, ``assess`` looks at what was read and what was verified and names every
reason the result cannot be trusted as a full check; the pipeline then gives the report
the status ``unchecked`` (exit code 2), never 0.
"""

from __future__ import annotations

import re
from itertools import pairwise

from checker.document import Block, Document
from checker.ingest.text_lines import toc_entry_text

# Below this share of checkable narrative statements verified, the report is "not checked".
MIN_VERIFIED_SHARE = 0.2
# Interleaved lines double characters (部部门门、、): normal Chinese text has very few
# identical neighbours among its CJK characters.
DOUBLED_SHARE = 0.05
TOC_FOUND_SHARE = 0.5

_CJK = re.compile(r"[\u3400-\u9fff（）、，。：；]")
_ENUM = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[.．、])\s*"
)


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


def toc_entries(blocks: list[Block]) -> tuple[list[str], int]:
    """The table of contents' entries (enumerators, leaders and page numbers removed) and
    the index of the first block after it."""
    for i, b in enumerate(blocks):
        if b.kind == "heading" and _key(b.text) == "目录":
            out: list[str] = []
            j = i + 1
            while (
                j < len(blocks)
                and blocks[j].kind == "paragraph"
                and len(blocks[j].text) <= 60
                and not re.search(r"[。，；]", blocks[j].text)  # the body's first sentence
            ):
                entry = _ENUM.sub("", toc_entry_text(blocks[j].text).strip())
                entry = re.sub(r"[.．·…⋯_\s]+\d*$", "", entry)
                if entry:
                    out.append(_key(entry))
                j += 1
            if out:
                return out, j
            # the entries may have been read as headings (a TOC set in a larger font)
            while j < len(blocks) and blocks[j].kind == "heading" and len(blocks[j].text) <= 90:
                entry = _ENUM.sub("", re.sub(r"[.．·…⋯_]{2,}.*$", "", blocks[j].text).strip())
                if entry:
                    out.append(_key(entry))
                j += 1
            return out, j
    return [], 0


def toc_found_share(doc: Document) -> tuple[int, int]:
    """How many of the TOC's entries the body prints (found, listed)."""
    entries, start = toc_entries(doc.blocks)
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
