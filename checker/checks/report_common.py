"""Shared helpers of the whole-report rules (R4xx): the table of contents, the report's
year and entity, the lines around a table, and findings placed on a block of text.

These rules read the Document (headings, paragraphs, table blocks) and the typed tables,
never a format's own structure, so they behave the same on every input format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from checker.checks.registry import RuleFn, rule
from checker.document import Block, Document
from checker.findings import Finding, Location, Severity
from checker.numbers import parse_number
from checker.tables.model import TableKind, Tables

# The tables every report of either kind publishes (公开01–09 and their budget twins);
# performance and other per-project tables are counted separately by each region.
MAIN_KINDS: tuple[TableKind, ...] = (
    TableKind.SUMMARY,
    TableKind.INCOME,
    TableKind.EXPENSE,
    TableKind.FISCAL_SUMMARY,
    TableKind.GPB_EXPENSE,
    TableKind.BASIC_DETAIL,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.THREE_PUBLIC,
)
SET_KINDS: tuple[TableKind, ...] = (
    *MAIN_KINDS,
    TableKind.PROJECT,
    TableKind.ORG_RUNNING,
    TableKind.PROCUREMENT,
    TableKind.ENTRUSTED,
)

TOC_TITLE = re.compile(r"^目\s*录$")
LEADER = re.compile(r"[.…·。．\s]{3,}\s*\d*\s*$|\s+\d{1,3}\s*$")
ENTRY_NUMBER = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十\d]+[)）])\s*"
)
YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
# A year that names the report: 2024 年度部门决算, 2025年区级单位预算, 2024年部门预算 …
REPORT_YEAR = re.compile(
    r"(?<!\d)(20\d{2})\s*年度?\s*(?:区级|市级|省级|县级|州级|旗级)?\s*(?:部门|单位|预算单位)?\s*(?:决算|预算)(?!\s*执行)"
)
NO_DATA = re.compile(
    r"无数据|空表|未发生|没有发生|不涉及|没有(?:[^，。；]{0,16})(?:收入|支出|收支|预算|经费|拨款|安排)"
    r"|无(?:此类|此项|该项|相关|[^，。；]{0,16}(?:收入|支出|收支|预算|经费|拨款|安排|资金))|均为\s*0|为\s*0\s*万?元|为零"
)


def squash(text: str) -> str:
    return "".join((text or "").split())


LEADER_RUN = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|。{4,})[\s\d]*")


def toc_range(doc: Document) -> range:
    """Block indices of the table-of-contents entries (empty when there is no 目录).

    Text readers keep the entries as paragraphs under the 目录 heading; a typeset page may
    give them as headings, told from the body by their dot leaders."""
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind != "table" and TOC_TITLE.match(squash(b.text)):
            j = i + 1
            while j < len(blocks) and _toc_line(blocks[j], b.page):
                j += 1
            return range(i + 1, j)
    return range(0)


def _toc_line(b: Block, page: int | None) -> bool:
    if b.kind == "table":
        return False
    if LEADER_RUN.search(b.text):
        return True
    if page is not None:  # a paged format: the entries are the short lines of the 目录 page
        return b.page == page and len(b.text) <= 60
    return b.kind == "paragraph"


def toc_entry_text(text: str) -> str:
    """A TOC line without its number, dot leader and page number."""
    t = LEADER.sub("", text.strip())
    t = ENTRY_NUMBER.sub("", t)
    return t.strip()


@dataclass(frozen=True)
class TocTable:
    block: Block
    name: str  # entry text without number and leader
    kind: TableKind


def toc_tables(doc: Document) -> list[TocTable]:
    """TOC entries that name a table of the standard set (…表), in TOC order. A line
    holding several entries (typeset pages run them together) is split at the leaders."""
    from checker.tables.classify import classify_title

    out = []
    for i in toc_range(doc):
        b = doc.blocks[i]
        for piece in LEADER_RUN.split(b.text):
            name = toc_entry_text(piece)
            if not squash(name).endswith("表") and "表(" not in name and "表（" not in name:
                continue
            kind = classify_title(name)
            if kind in SET_KINDS:
                out.append(TocTable(block=b, name=name, kind=kind))
    return out


def table_blocks(doc: Document) -> list[tuple[int, Block]]:
    """(index in doc.blocks, block) of every table grid, in order; the n-th is TypedTable n."""
    return [(i, b) for i, b in enumerate(doc.blocks) if b.kind == "table"]


def lines_before(doc: Document, block_index: int, limit: int = 6) -> list[Block]:
    """The heading/paragraph lines right above a table (title, 公开NN表, 编制单位, 单位)."""
    out: list[Block] = []
    j = block_index - 1
    while j >= 0 and len(out) < limit and doc.blocks[j].kind != "table":
        out.append(doc.blocks[j])
        j -= 1
    out.reverse()
    return out


def lines_after(doc: Document, block_index: int, limit: int = 4) -> list[Block]:
    """The paragraphs right under a table (its 注 / 说明), up to the next heading or table."""
    out: list[Block] = []
    j = block_index + 1
    while j < len(doc.blocks) and len(out) < limit and doc.blocks[j].kind == "paragraph":
        out.append(doc.blocks[j])
        j += 1
    return out


def section_of(doc: Document, block_index: int) -> str | None:
    for j in range(block_index, -1, -1):
        if doc.blocks[j].kind == "heading":
            return doc.blocks[j].text
    return None


# --------------------------------------------------------------------------- identity


def _year_votes(doc: Document) -> Counter[int]:
    votes: Counter[int] = Counter()
    for b in doc.blocks:
        if b.kind == "table":
            continue
        for m in REPORT_YEAR.finditer(b.text):
            before = b.text[max(0, m.start() - 3) : m.start()]
            if re.search(r"[比较与《]|上年", before):
                continue
            votes[int(m.group(1))] += 1
    return votes


def report_year(doc: Document) -> int | None:
    """The report's year: the cover title's year, else the year that names the report
    most often (2024 年度部门决算 …) when one year clearly does; None when unsure."""
    years = {int(y) for y in YEAR.findall(doc.title)}
    if len(years) == 1:
        return years.pop()
    votes = _year_votes(doc).most_common(2)
    if not votes or votes[0][1] < 2 or (len(votes) > 1 and votes[1][1] * 2 > votes[0][1]):
        return None
    return votes[0][0]


ENTITY_LINE = re.compile(
    r"^(?:编制部门|编制单位|预算主管部门|预算单位|部门名称|单位名称|部门|单位)\s*[:：]\s*(?P<name>.+?)"
    r"(?:\s*(?:单位|金额单位)\s*[:：].*)?$"
)
UNIT_WORDS = re.compile(r"^(?:人民币)?(?:万元|元|千元|亿元|万|万\s*元)$")


def entity_in(text: str) -> tuple[str, int, int] | None:
    """The entity named on a 编制单位 / 部门 line: (name as printed, start, end)."""
    m = ENTITY_LINE.match(text.strip())
    if not m:
        return None
    name = m.group("name").strip()
    if not name or UNIT_WORDS.match(squash(name)) or re.search(r"\d", name):
        return None
    start = text.find(name)
    return name, start, start + len(name)


def entity_key(name: str) -> str:
    """A name compared across lines: spaces, bracket styles and 汇总/本级 marks left out."""
    s = squash(name).replace("(", "（").replace(")", "）")
    s = re.sub(r"（?(?:汇总|本级|部门本级|单位本级|合并)）?$", "", s)
    return s


# --------------------------------------------------------------------------- findings


def excerpt_at(text: str, start: int, end: int, before: int = 24, after: int = 24) -> str:
    """Verbatim text around [start, end): 10–80 characters, the span included."""
    lo, hi = max(0, start - before), min(len(text), end + after)
    while hi - lo < 10 and (lo > 0 or hi < len(text)):
        lo, hi = max(0, lo - 1), min(len(text), hi + 1)
    if hi - lo > 80:
        lo = max(lo, min(start, end - 80))
        hi = min(hi, lo + 80)
    return text[lo:hi].strip()


def block_finding(
    code: str,
    name: str,
    doc: Document,
    block_index: int,
    start: int,
    end: int,
    *,
    severity: Severity,
    kind: str,
    expected: str,
    message: str,
    stated: str | None = None,
    table: str | None = None,
    computation: str = "",
) -> Finding:
    b = doc.blocks[block_index]
    return Finding(
        code=code,
        rule=name,
        severity=severity,
        kind=kind,
        stated=stated if stated is not None else b.text[start:end],
        expected=expected,
        excerpt=excerpt_at(b.text, start, end),
        message=message,
        computation=computation,
        location=Location(
            line=b.line_at(start) if b.kind != "table" else b.line,
            page=b.page,
            section=section_of(doc, block_index),
            table=table,
        ),
    )


@dataclass(frozen=True)
class ReportRule:
    """A whole-report rule's code, name and summary, written once."""

    code: str
    name: str
    summary: str

    def register(self, fn: RuleFn) -> RuleFn:
        return rule(self.code, self.name, self.summary)(fn)


# --------------------------------------------------------------------------- tables


def is_blank_grid(block: Block) -> bool:
    """A table grid with no figure but zeros: header words, 栏次 numbers and an empty
    合计 only."""
    for r in block.rows:
        texts = [squash(c.text) for c in r]
        if any("栏次" in t for t in texts):
            continue
        nums = [parse_number(t) for t in texts if t]
        nums = [n for n in nums if n is not None]
        if not nums:
            continue
        # a 栏次 row written without its label: 1 2 3 … consecutive small integers
        values = [n.value for n in nums]
        if len(values) >= 2 and all(v == i + 1 for i, v in enumerate(values)):
            continue
        if any(v != 0 for v in values):
            return False
    return True


def typed_blocks(doc: Document, tables: Tables) -> dict[int, list[int]]:
    """Typed table index → the indices of the grid blocks it was built from (a table
    continued over pages is one typed table of several blocks)."""
    grids = table_blocks(doc)
    starts = {}
    for t in tables.tables:
        at = next((k for k, (_, b) in enumerate(grids) if b.line == t.line and b.page == t.page), None)
        if at is not None:
            starts[t.index] = at
    order = sorted(starts.items(), key=lambda kv: kv[1])
    out: dict[int, list[int]] = {}
    for n, (idx, at) in enumerate(order):
        end = order[n + 1][1] if n + 1 < len(order) else len(grids)
        out[idx] = [grids[k][0] for k in range(at, end)]
    return out


def text_blocks(doc: Document, skip_toc: bool = True) -> Iterator[tuple[int, Block]]:
    toc = toc_range(doc) if skip_toc else range(0)
    for i, b in enumerate(doc.blocks):
        if b.kind != "table" and i not in toc:
            yield i, b
