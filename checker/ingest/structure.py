"""Headings, paragraphs and the table of contents in the DOCX, HTML and PDF readers,
decided with the text reader's line vocabulary (:mod:`checker.ingest.text_lines`), so a
report reads the same whatever format it comes in.

What the markup says wins (a Heading style, ``<h2>``, a larger font); otherwise a short
numbered line is a heading and a numbered sentence (``一、财政拨款收入：指…``) a
paragraph. The entries after a 目录 line are paragraphs under one 目录 heading, never
headings of the body, since section tracking in the narrative would follow them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from checker.document import Block
from checker.ingest.text import guess_title
from checker.ingest.text_lines import (
    TOC_RE,
    TocEntries,
    heading_level,
    is_meta,
    is_numbered_heading,
    is_title,
    may_continue,
    strip_md,
)

# a TOC line printed with a leader to its page number: 一、部门职责 ………… 3
LEADER_RE = re.compile(r"[.．·•…⋯_]{4,}\s*\d{1,3}\s*$")


def text_block(text: str, level: int | None = None, **where) -> Block:
    """A heading or a paragraph; ``level`` is the heading depth the markup declares."""
    if level is not None:
        return Block(kind="heading", text=text, level=level, **where)
    if is_numbered_heading(text) and not LEADER_RE.search(text):  # a TOC line is no heading
        return Block(kind="heading", text=text, level=heading_level(text), **where)
    return Block(kind="paragraph", text=text, **where)


def join_broken(a: str, b: str) -> str:
    """Two pieces of text a line break separated: a Latin word or number wrapped at a
    space gets the space back; CJK text needs none."""
    if a and b and _word_char(a[-1]) and _word_char(b[0]):
        return a + " " + b
    return a + b


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def rejoin(pieces: list[str]) -> list[str]:
    """Pieces of one paragraph split by manual line breaks (``<br>``, Word's Shift+Enter):
    re-joined where the text reader would re-join lines (a sentence broken mid-way), kept
    apart where a line stands alone (a cover's label lines, a heading, a list item)."""
    out: list[str] = []
    single = False  # out[-1] is one piece: it may be a line that stands alone
    for s in pieces:
        if out and not (single and stands_alone(out[-1])) and may_continue(out[-1], s):
            out[-1] = join_broken(out[-1], s)
            single = False
        else:
            out.append(s)
            single = True
    return out


def stands_alone(s: str) -> bool:
    """A line the text reader never joins with the next: a numbered heading, a table
    title, a line about a table (公开 02 表, 单位：万元); in a typeset page also a TOC
    line with its leader, which runs to the right margin like a full line of text."""
    return is_numbered_heading(s) or is_title(s) or is_meta(s) or bool(LEADER_RE.search(s))


def is_toc_title(text: str) -> bool:
    return bool(TOC_RE.match(strip_md(text.strip())))


def mark_toc(blocks: list[Block], declared: Callable[[Block], bool] = lambda b: False) -> None:
    """In place: each 目录 block becomes a level-1 heading, its entries paragraphs.

    The entries end where the text reader ends them (a repeated entry, a sentence, the
    entry after 名词解释), at a table, or at a heading the markup declares (``declared``):
    a Heading style is the body's, whatever its text."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        i += 1
        if b.kind == "table" or not is_toc_title(b.text):
            continue
        b.kind, b.text, b.level = "heading", "目录", 1
        entries = TocEntries()
        while i < len(blocks) and blocks[i].kind != "table" and not declared(blocks[i]):
            if not entries.accept(blocks[i].text):
                break
            blocks[i].kind, blocks[i].level = "paragraph", None
            i += 1


def document_title(blocks: list[Block]) -> str:
    """The cover's title, found as the text reader finds it in its first lines."""
    lines: list[str] = []
    for b in blocks[:12]:
        if b.kind == "table":
            break
        lines.append(b.text)
    return guess_title(lines)
