"""What one source line of a text export is: the line-level vocabulary the text
reader is built from (page markers, headings, list items, table titles, unit lines).

Kept separate from the reader so each test can pin one decision.
"""

from __future__ import annotations

import re

PAGE_MARKER = re.compile(
    r"^\s*(?:[—\-–－]+\s*\d+\s*[—\-–－]+|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?)\s*$"
)
HEADING_RE = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)
PART_RE = re.compile(r"^第([一二三四五六七八九十]+)部分")
LIST_ITEM_RE = re.compile(r"^(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])")
BULLET_RE = re.compile(r"^[-*•·]\s+")
MD_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*)$")
TOC_RE = re.compile(r"^目\s*录$")
# Table titles end with 表, possibly followed by a bracketed qualifier: 项目支出绩效目标表(项目一)
TITLE_RE = re.compile(r"表\s*(?:[（(][^）)]{1,20}[)）])?$")
TABLE_NO_RE = re.compile(r"^公开\s*\d*\s*表?$|^\d+\s*表$|公开\s*\d+\s*表")
META_RE = re.compile(r"^(?:单位|部门|编制单位|预算单位)\s*[：:]")
NOTE_RE = re.compile(r"^(?:注|说明|备注)\s*\d*\s*[：:.．]")
TERMINAL = "。！？!?"
SENTENCE_PUNCT = "，。；：、,;:"

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}（）“”、])[ \u3000]+(?=[{_CJK}（）“”、])")
NUMBER_TOKEN_RE = re.compile(r"^[-−－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def strip_md(s: str) -> str:
    """Markdown emphasis around a line (``**第三部分 …**``) is layout, not text."""
    return s.replace("**", "").replace("__", "").strip()


def despace_cjk(s: str) -> str:
    """Remove spaces a PDF export put between CJK characters (``社会保 障`` → ``社会保障``)."""
    return _CJK_SPACE_RE.sub("", s).strip()


def is_page_marker(s: str) -> bool:
    return bool(PAGE_MARKER.match(s))


def is_numbered_heading(s: str) -> bool:
    """A short numbered line (第X部分 / 一、 / （一）) that is a heading, not a paragraph
    opening with a number (``一、财政拨款收入：指…`` is a glossary entry)."""
    if not HEADING_RE.match(s) or len(s) > 48:
        return False
    body = s.rstrip("。.")
    if any(p in body for p in "。！？"):
        return False
    m = re.search(r"[：:]", body)
    return not (m and len(body) - m.end() >= 2)


def is_title(s: str) -> bool:
    """A table title line: short, no sentence punctuation, ends with 表."""
    return (
        len(s) <= 48
        and bool(TITLE_RE.search(s))
        and not any(p in s for p in "。；，")
        and not is_numbered_heading(s)
    )


def is_meta(s: str) -> bool:
    """Lines around a table that describe it: 公开 02 表, 单位：万元, 部门：…"""
    # 公开08表 inside a longer line is a sentence mentioning a table, not the table's number line
    return (bool(META_RE.match(s)) and len(s) <= 60) or (bool(TABLE_NO_RE.search(s)) and len(s) <= 20)


def is_list_item(s: str) -> bool:
    return bool(LIST_ITEM_RE.match(s) or BULLET_RE.match(s))


def is_number(tok: str) -> bool:
    return bool(NUMBER_TOKEN_RE.match(tok))


def ends_sentence(s: str) -> bool:
    s = s.rstrip("”’」』\"'")
    return bool(s) and s[-1] in TERMINAL


# -- shared by the text reader and the format readers (DOCX, HTML, PDF) ------------------


def heading_level(s: str) -> int:
    """Depth of a numbered heading: 第X部分 1, （一） 3, 一、 2."""
    if PART_RE.match(s):
        return 1
    if s[0] in "（(":
        return 3
    return 2


def is_label(text: str) -> bool:
    """A short line without sentence punctuation (cover, caption): not a broken sentence."""
    return len(text) < 20 and not any(p in text for p in SENTENCE_PUNCT)


def opens_block(s: str) -> bool:
    """A line that starts a block of its own, never the rest of a broken sentence."""
    return (
        not s
        or is_numbered_heading(s)
        or is_list_item(s)
        or is_title(s)
        or is_meta(s)
        or bool(NOTE_RE.match(s) or TOC_RE.match(s))
    )


def may_continue(text: str, nxt: str) -> bool:
    """May line ``nxt`` be the rest of paragraph ``text``, broken mid-sentence?"""
    return not ends_sentence(text) and not is_label(text) and not opens_block(nxt)


# 一、部门职责……3 / 一、部门职责 3: the leader and page number after a TOC entry
TOC_PAGE_RE = re.compile(r"(?:\s*[.．·…⋯_\-—]{2,}\s*|\s+)\d{1,3}\s*$")


def toc_entry_text(s: str) -> str:
    """A TOC entry without its leader and page number, as the body's heading reads."""
    return TOC_PAGE_RE.sub("", s).strip()


class TocEntries:
    """The lines after a 目录 line, one at a time: still an entry of the table of contents?

    Entries are short and unpunctuated; the body begins at the first repeated entry (its
    first heading), a sentence, or after the 名词解释 entry (the last part of a report)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.glossary = False

    def accept(self, s: str) -> bool:
        s = toc_entry_text(s)
        key = re.sub(r"\s+", "", s)
        long_text = len(s) > 40 or any(p in s for p in "。，；")
        if self.glossary or key in self.seen or long_text:
            return False
        self.seen.add(key)
        self.glossary = "名词解释" in s
        return True
