"""The report's table set (R40x): the tables the TOC promises are in the body, in order,
each once; a table without data says so; the narrative does not state figures for a
blank table.

"The standard set" is what the report's own 目录 lists, because regions publish
different sets (Shanghai's 9 budget tables, Jilin's 12, units vs departments). The
only built-in list is the national 决算 set 公开01–09, used when a 决算 numbers its
tables that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.report_common import (
    MAIN_KINDS,
    NO_DATA,
    SET_KINDS,
    ReportRule,
    block_finding,
    is_blank_grid,
    lines_after,
    lines_before,
    squash,
    toc_range,
    toc_tables,
    typed_blocks,
)
from checker.claims.model import Claim
from checker.document import Document
from checker.findings import Finding, Location
from checker.numbers import parse_number
from checker.resolve.sections import kinds_for_section
from checker.tables.classify import classify_title
from checker.tables.model import KIND_LABELS, TableKind, TypedTable

R401 = ReportRule(
    "R401", "toc-table-set", "目录与正文一致：目录列出的表正文都有，顺序相同，正文的表都在目录中"
)
R402 = ReportRule("R402", "final-table-set", "决算公开表齐全：公开01–09表各一张，按序排列")
R403 = ReportRule("R403", "blank-table-note", "空表应有说明（本表无数据或原因）")
R404 = ReportRule("R404", "blank-table-narrative", "说明中的数字与空表矛盾")

MIN_TOC_TABLES = 3


def _body_tables(ctx: CheckContext) -> list[TypedTable]:
    return [t for t in ctx.tables.tables if t.kind in SET_KINDS]


def _table_location(t: TypedTable) -> Location:
    return Location(line=t.line, page=t.page, table=t.title or KIND_LABELS[t.kind])


def _table_finding(
    rr: ReportRule, t: TypedTable, *, stated: str, expected: str, message: str, severity="warning"
) -> Finding:
    return Finding(
        code=rr.code,
        rule=rr.name,
        severity=severity,
        kind="table_set",
        stated=stated,
        expected=expected,
        excerpt=" ".join(x for x in (t.title or KIND_LABELS[t.kind], t.number) if x)[:80],
        message=message,
        location=_table_location(t),
    )


@R401.register
def toc_table_set(ctx: CheckContext) -> Iterator[Finding]:
    """作用：以报告自己的目录为准，核对正文的表：目录列出的表正文中要有（表格本身，
    不只是标题），正文的表要出现在目录中，两者顺序一致。

    原因：各地公开的表套不同（上海部门预算 9 张，吉林 12 张；部门与单位预算不同），
    最可靠的“应有清单”是报告自己的目录。表格漏印、重复或次序颠倒，读者无法按目录查阅；
    无数据的表也应保留表格并加说明（见 R403）。目录中少于 3 张表或正文与目录能对上的表
    不足六成时（读取不完整），不作判断。

    示例：目录第七项“政府性基金预算财政拨款收入支出决算表”，正文该标题下没有表格 → 警告。
    """
    doc = ctx.document
    toc = toc_tables(doc)
    if len(toc) < MIN_TOC_TABLES:
        return
    body = _body_tables(ctx)
    body_kinds = [t.kind for t in body]
    toc_kinds = [e.kind for e in toc]
    matched = sum(1 for k in set(toc_kinds) if k in body_kinds)
    if matched < MIN_TOC_TABLES or matched * 10 < len(set(toc_kinds)) * 6:
        return
    toc_index = {id(b): i for i, b in enumerate(doc.blocks)}
    for n, e in enumerate(toc):
        if e.kind not in body_kinds and not _unread_between(ctx, toc, n):
            if _printed_as_text(doc, e):
                continue
            i = toc_index[id(e.block)]
            s = e.block.text.find(e.name)
            yield block_finding(
                R401.code,
                R401.name,
                doc,
                i,
                max(0, s),
                max(0, s) + len(e.name),
                severity="warning",
                kind="table_set",
                stated=e.name,
                expected="正文中应有该表",
                message=f"目录列出“{e.name}”，正文中没有这张表（无数据的表也应保留表格并说明）。",
            )
    # A TOC whose last line is a table may go on where the reader lost it (a page turn):
    # only a table list the TOC visibly closes says which tables it leaves out.
    closed = toc[-1].block is not doc.blocks[toc_range(doc)[-1]]
    for t in body if closed else ():
        if t.kind in toc_kinds or not t.title or classify_title(t.title) is not t.kind:
            continue
        if any(squash(t.title) in squash(e.name) or squash(e.name) in squash(t.title) for e in toc):
            continue
        yield _table_finding(
            R401,
            t,
            stated=t.title,
            expected="目录中应列出该表",
            message=f"正文的“{t.title}”没有列在目录中。",
        )
    # order: the kinds both list, in the TOC's order and in the body's
    common = [k for k in dict.fromkeys(toc_kinds) if k in body_kinds]
    first_at = {k: next(t for t in body if t.kind is k) for k in common}
    body_order = sorted(common, key=lambda k: first_at[k].index)
    for pos, (want, got) in enumerate(zip(common, body_order, strict=True)):
        if want is not got:
            t = first_at[got]
            yield _table_finding(
                R401,
                t,
                stated=t.title or KIND_LABELS[t.kind],
                expected=f"第 {pos + 1} 张应为“{_toc_name(toc, want)}”",
                message=(
                    f"正文中表的顺序与目录不一致：目录第 {pos + 1} 张是“{_toc_name(toc, want)}”，"
                    f"正文此处是“{t.title or KIND_LABELS[t.kind]}”。"
                ),
            )
            break


_NUMBER = re.compile(r"(?<![\d.])\d[\d,]*\.\d+|(?<![\d.])\d{2,}")


def _printed_as_text(doc: Document, entry) -> bool:
    """Under the table's title the body has lines full of figures but no grid: the table
    is there, read as text (a space-separated export) — no verdict."""
    name = squash(entry.name)
    toc = set(toc_range(doc))
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if i in toc or b.kind == "table" or name not in squash(b.text):
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "paragraph":
            if len(_NUMBER.findall(blocks[j].text)) >= 3 and not re.search(r"[。；]", blocks[j].text):
                return True
            j += 1
    return False


def _unread_between(ctx: CheckContext, toc, n: int) -> bool:
    """A table the reader could not classify stands where the missing one should be:
    the table may be there, unread — no verdict."""
    tables = ctx.tables.tables
    before = [t.index for e in toc[:n] for t in tables if t.kind is e.kind]
    after = [t.index for e in toc[n + 1 :] for t in tables if t.kind is e.kind]
    lo = max(before, default=-1)
    hi = min((a for a in after if a > lo), default=len(tables))
    return any(t.kind is TableKind.UNKNOWN for t in tables if lo < t.index < hi)


def _toc_name(toc, kind: TableKind) -> str:
    return next(e.name for e in toc if e.kind is kind)


_FINAL_NO = re.compile(r"(\d{1,2})")


def _final_number(t: TypedTable) -> int | None:
    m = _FINAL_NO.search(t.number or "")
    if not m or "公开" not in (t.number or ""):
        return None
    n = int(m.group(1))
    return n if 1 <= n <= 9 else None


@R402.register
def final_table_set(ctx: CheckContext) -> Iterator[Finding]:
    """作用：按全国统一的部门决算公开表套（公开01–09表：收入支出决算总表 … 财政拨款
    “三公”经费支出决算表）核对：每张各一次，编号递增。仅用于标明“公开NN表”编号
    （至少 5 张）的决算报告；目录已列出的表由 R401 核对，这里只报目录也未列出的缺表。

    原因：公开01–09表是财政部统一规定的必公开表，缺一张即不完整；无数据的表也须保留
    表格并说明。各地预算表套不同，不用此清单。

    示例：决算报告有公开01–06、08、09表，没有公开07表（目录也未列） → 警告：缺政府性基金
    预算财政拨款收入支出决算表。
    """
    doc = ctx.document
    if doc.kind != "final":
        return
    numbered = [(t, n) for t in ctx.tables.tables if (n := _final_number(t)) is not None]
    if len({n for _, n in numbered}) < 5:
        return
    toc_kinds = {e.kind for e in toc_tables(doc)}
    have = {n for _, n in numbered}
    from checker.tables.classify import _FINAL_NUMBERS

    for n in range(1, 10):
        kind = _FINAL_NUMBERS[n]
        if n in have or kind in toc_kinds or any(t.kind is kind for t in ctx.tables.tables):
            continue
        prev = max((t for t, m in numbered if m < n), key=lambda t: t.index, default=numbered[0][0])
        yield _table_finding(
            R402,
            prev,
            stated=f"缺公开{n:02d}表",
            expected=f"公开{n:02d}表 {KIND_LABELS[kind]}",
            message=f"决算公开表缺公开{n:02d}表（{KIND_LABELS[kind]}）：全国统一表套的每张表都应公开，无数据的表保留表格并说明。",
        )
    seen: dict[int, TypedTable] = {}
    last = 0
    for t, n in sorted(numbered, key=lambda p: p[0].index):
        if n in seen:
            yield _table_finding(
                R402,
                t,
                stated=t.number,
                expected=f"公开{n:02d}表只出现一次",
                message=f"{t.number}出现两次（另见第 {seen[n].line or '?'} 行）。",
            )
        elif n < last:
            yield _table_finding(
                R402,
                t,
                stated=t.number,
                expected=f"在公开{last:02d}表之前",
                message=f"{t.number}排在公开{last:02d}表之后：公开表应按编号顺序排列。",
            )
        seen.setdefault(n, t)
        last = max(last, n)


# --------------------------------------------------------------------------- blank tables

BLANK_KINDS = (*MAIN_KINDS, TableKind.PROJECT, TableKind.ORG_RUNNING, TableKind.PROCUREMENT)


def blank_tables(ctx: CheckContext) -> Iterator[tuple[int, TypedTable]]:
    """(block index, typed table) of each table of the standard set with no figure but zeros."""
    doc = ctx.document
    spans = typed_blocks(doc, ctx.tables)
    for t in ctx.tables.tables:
        grids = spans.get(t.index)
        if t.kind not in BLANK_KINDS or not grids:
            continue
        if all(is_blank_grid(doc.blocks[i]) for i in grids) and not any(
            r.value(k) for r in t.rows for k in r.cells
        ):
            yield grids[-1], t


def _section_paragraphs(doc: Document, kind: TableKind) -> Iterator[str]:
    """Paragraphs under each narrative heading that is about tables of ``kind``."""
    inside = False
    for b in doc.blocks:
        if b.kind == "heading":
            inside = kind in kinds_for_section(b.text) and not re.search(r"表\s*$", b.text)
            continue
        if inside and b.kind == "paragraph":
            yield b.text


# Words that tie a paragraph to a table kind wherever it stands (a section heading may be
# worded in any way, or lost).
_KIND_WORD = {
    TableKind.GOV_FUND: "政府性基",
    TableKind.STATE_CAPITAL: "国有资本",
    TableKind.THREE_PUBLIC: "三公",
}


def explained(doc: Document, block_index: int, kind: TableKind) -> bool:
    around = [b.text for b in lines_after(doc, block_index)] + [
        b.text for b in lines_before(doc, block_index)
    ]
    if any(NO_DATA.search(t) for t in around):
        return True
    if any(NO_DATA.search(p) for p in _section_paragraphs(doc, kind)):
        return True
    word = _KIND_WORD.get(kind)
    if word is None:
        return False
    said = re.compile(rf"(?:无|没有|未发生|不涉及)\s*[^，。；]{{0,12}}{word}")
    return any(
        b.kind == "paragraph" and word in b.text and (said.search(b.text) or NO_DATA.search(b.text))
        for b in doc.blocks
    )


@R403.register
def blank_table_note(ctx: CheckContext) -> Iterator[Finding]:
    """作用：一张表除表头、栏次和空的合计外没有任何非零数字时，表下的注释、表前的说明或
    说明部分讲这张表的那一节，应说明无数据（“本表无数据”“本部门无政府性基金预算”
    “未发生……收支”“不涉及”等）。

    原因：按公开要求，无数据的表保留表格格式并在表下说明原因；没有说明的空表，读者
    无法分辨是没有这类收支还是漏填了数据。

    示例：国有资本经营预算支出表只有“合计”一行且为空，表下与说明中都没有交代 → 警告。
    """
    doc = ctx.document
    for i, t in blank_tables(ctx):
        if explained(doc, i, t.kind):
            continue
        yield _table_finding(
            R403,
            t,
            stated="空表",
            expected="表下注明“本表无数据”或原因",
            message=f"“{t.title or KIND_LABELS[t.kind]}”没有数据，但表下和说明中都没有交代（应注明本表无数据及原因）。",
        )


_NOT_THREE_PUBLIC = re.compile(r"机关运行|会议费|培训费|政府采购")
_PRIOR = re.compile(r"上年|上一年|去年|[比较]\s*20\d{2}")


def _claims_about(ctx: CheckContext, kind: TableKind) -> Iterator[Claim]:
    from checker.resolve.context import effective_section

    for c in ctx.claims:
        if c.kind != "amount" or c.period not in ("current", "budget", "final", "unknown"):
            continue
        section = effective_section(ctx.document, c)
        if kind not in kinds_for_section(section) and kind not in kinds_for_section(c.section):
            continue
        clause = _clause_of(c)
        if kind is TableKind.THREE_PUBLIC and _NOT_THREE_PUBLIC.search(clause):
            continue
        if _PRIOR.search(clause) or _PRIOR.search(c.subject):
            continue
        n = parse_number(c.value_text)
        if n is not None and n.value != 0:
            yield c


def _clause_of(c: Claim) -> str:
    s = c.sentence
    lo = max(s.rfind(p, 0, c.span.start) for p in "，,；;。")
    his = [h for h in (s.find(p, c.span.end) for p in "，,；;。") if h >= 0]
    return s[lo + 1 : min(his) if his else len(s)]


@R404.register
def blank_table_narrative(ctx: CheckContext) -> Iterator[Finding]:
    """作用：政府性基金、国有资本经营、“三公”经费表为空（无非零数字）时，说明中讲该表
    的那一节不应写出非零的本年金额。

    原因：说明写“三公”经费预算 12.5 万元，而“三公”经费表为空，两者必有一错：要么表漏填，
    要么说明套用了别的年度或单位。与上年比较的数字、机关运行经费等不在表中的内容不比较。

    示例：“2025 年‘三公’经费预算数为 37.91 万元”，而“三公”经费预算表合计为空 → 错误。
    """
    from checker.resolve.evidence import excerpt

    for _, t in blank_tables(ctx):
        if t.kind not in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL, TableKind.THREE_PUBLIC):
            continue
        for c in _claims_about(ctx, t.kind):
            yield Finding(
                code=R404.code,
                rule=R404.name,
                severity="error",
                kind="amount",
                stated=c.value_text,
                expected="0（表中无数据）",
                excerpt=excerpt(c),
                message=f"说明写 {c.value_text}{c.unit or ''}，而“{t.title or KIND_LABELS[t.kind]}”没有数据：表与说明必有一处有误。",
                computation=f"{t.title or KIND_LABELS[t.kind]}（第 {t.line or '?'} 行）无非零数字",
                location=Location(line=c.line, page=c.page, section=c.section or None, table=t.title or None),
            )


R405 = ReportRule("R405", "blank-note-on-data", "表下注明“本表无数据/空表”，而表中有数字")
_SAYS_BLANK = re.compile(r"本表(?:为)?空表|本表无数据|故本表无|本表数据为空")
_NONE_OF = re.compile(
    r"(?:无|没有)[^，。；,;]{1,40}?(?:预算|收入和支出|收入支出|收支|支出|收入|经费)(?=[，。；,;]|安排|$)"
)


@R405.register
def blank_note_on_data(ctx: CheckContext) -> Iterator[Finding]:
    """作用：表下的注释说“本表无数据”“故本表为空表”，表中却有非零数字。

    原因：注释与表格必有一处有误：要么表是别的年度或单位的，要么注释是套用的模板。
    只看紧接在表下的注释（到下一个标题或表格为止）。

    示例：“三公”经费和机关运行经费预算表列出 47.91、443.18 万元，表下注明
    “本部门 2024 年无‘三公’经费和机关运行经费预算，故本表为空表” → 警告。
    """
    doc = ctx.document
    spans = typed_blocks(doc, ctx.tables)
    for t in ctx.tables.tables:
        grids = spans.get(t.index)
        if t.kind not in BLANK_KINDS or not grids:
            continue
        if all(is_blank_grid(doc.blocks[i]) for i in grids):
            continue
        last = grids[-1]
        for k, b in enumerate(lines_after(doc, last), start=last + 1):
            if not _SAYS_BLANK.search(b.text):
                continue
            m = _NONE_OF.search(b.text) or _SAYS_BLANK.search(b.text)
            assert m is not None
            figures = [
                c.text
                for r in doc.blocks[grids[0]].rows
                for c in r
                if (n := parse_number(c.text)) and n.value
            ][:6]
            yield block_finding(
                R405.code,
                R405.name,
                doc,
                k,
                m.start(),
                m.end(),
                severity="warning",
                kind="label",
                expected=f"表中有数字：{'、'.join(figures)}",
                message=f"表下注明“{m.group(0)}”，而“{t.title or KIND_LABELS[t.kind]}”中有非零数字：注释与表格必有一处有误。",
            )
            break
