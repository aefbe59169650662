"""The report's identity (R41x): one year and one entity throughout, no template left in.

R411 a year in a heading, a table title, the 截至 date or a 与上年相比 comparison that does
not fit the report's year; R412 a table's 编制单位 naming another entity; R413 a template
placeholder (XX局, ××, 【单位名称】); R414 a template alternative left unresolved
(增加（减少）, 下降（增长）) or an empty 主要原因是。
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.report_common import (
    YEAR,
    ReportRule,
    block_finding,
    entity_in,
    entity_key,
    lines_before,
    report_year,
    table_blocks,
    text_blocks,
    toc_range,
)
from checker.document import Block, Document
from checker.findings import Finding, Severity

R411 = ReportRule("R411", "report-year", "报告年度一致：标题、表名、截至日期、比上年的年份应与报告年度相符")
R412 = ReportRule("R412", "report-entity", "编制单位一致：各表编制单位应为报告主体")
R413 = ReportRule("R413", "template-placeholder", "模板占位符未替换（XX局、××、【单位名称】）")
R414 = ReportRule("R414", "template-alternative", "模板选项未取舍（增加（减少）、下降（增长））或原因留空")


# --------------------------------------------------------------------------- R411


def _inside_book_title(text: str, pos: int) -> bool:
    """Within 《…》: a policy or document title, whose year is its own."""
    return text.count("《", 0, pos) > text.count("》", 0, pos)


def _title_blocks(doc: Document) -> Iterator[int]:
    """Headings of the body, TOC entries, and the lines that title a table."""
    seen: set[int] = set()
    for i in toc_range(doc):
        seen.add(i)
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading":
            seen.add(i)
    for i, _ in table_blocks(doc):
        for j in range(max(0, i - 6), i):
            b = doc.blocks[j]
            if (
                b.kind != "table"
                and re.search(r"表\s*(?:[（(][^）)]{1,20}[)）])?\s*$", b.text)
                and len(b.text) <= 60
            ):
                seen.add(j)
    return iter(sorted(seen))


def _prior_context(text: str, start: int, end: int) -> bool:
    """比2024年预算执行数 / 2023年当年预算执行数 / 与上年: a mention of the prior year."""
    before = text[max(0, start - 4) : start]
    after = text[end : end + 10]
    return bool(re.search(r"[比较与同]|上年", before) or re.search(r"执行|决算数|结转", after))


@R411.register
def report_year_rule(ctx: CheckContext) -> Iterator[Finding]:
    """作用：确定报告年度（封面标题中的年份，或“XXXX 年度部门决算/预算”出现最多的年份），
    检查标题、目录、表名中的年份，“截至 X 年 12 月 31 日”（决算为报告年度，预算为上一年度），
    “比/较/与 X 年相比”（应为上一年度），以及决算说明中以“X 年度”开头、讲本年收支的句子。

    原因：套用上年报告改写时，年份漏改是常见错误；读者据此会误解数据所属年度。叙述中
    合法提及的其他年份（政策文件《…》、成立年份、预算报告中的上年执行数）不检查。

    示例：2024 年度部门决算中，表名“2023 年度收入支出决算总表”或“截至 2023 年 12 月 31 日，
    本部门共有车辆 2 辆” → 年份与报告年度 2024 不符。
    """
    doc = ctx.document
    year = report_year(doc)
    if year is None:
        return
    budget = doc.kind == "budget"
    yield from _cutoff_findings(doc, year)
    toc = toc_range(doc)
    titles = set(_title_blocks(doc))
    for i, b in enumerate(doc.blocks):
        if b.kind == "table":
            continue
        text = b.text
        for m in YEAR.finditer(text):
            y = int(m.group(1))
            if y == year or _inside_book_title(text, m.start()):
                continue
            s, e = m.start(1), m.end(1)
            where = None
            if i in titles:
                if budget and y == year - 1 and _prior_context(text, m.start(), m.end()):
                    continue
                where = "目录" if i in toc else ("标题" if b.kind == "heading" else "表名")
            elif re.search(r"(?:[比较与])\s*$", text[max(0, s - 2) : s]) and not budget:
                if y == year - 1:
                    continue
                where = "与上年比较"
            elif (
                not budget
                and _sentence_start(text, s)
                and re.match(
                    r"度?\s*[，,]?\s*(?:本部门|本单位)?\s*(?:收入|支出|收支|一般公共预算|财政拨款|“三公”|\"三公\"|三公|政府性基金|国有资本)",
                    text[m.end() :],
                )
            ):
                where = "本年数据"
            if where is None:
                continue
            expected = year - 1 if where == "与上年比较" else year
            yield block_finding(
                R411.code,
                R411.name,
                doc,
                i,
                s,
                e,
                severity="warning",
                kind="year",
                expected=str(expected),
                message=f"{where}中的年份 {y} 与报告年度 {year} 不符，应为 {expected}。",
                computation=f"报告年度 {year}（{'预算' if budget else '决算'}）",
            )


CUTOFF = re.compile(r"截[至止]\s*(20\d{2})\s*年\s*12\s*月\s*31\s*日")


def _cutoff_findings(doc: Document, year: int) -> Iterator[Finding]:
    """截至 X 年 12 月 31 日: the report year's end in a 决算, the prior year's in a budget."""
    want = year - 1 if doc.kind == "budget" else year
    for i, b in text_blocks(doc):
        for m in CUTOFF.finditer(b.text):
            if int(m.group(1)) == want:
                continue
            yield block_finding(
                R411.code,
                R411.name,
                doc,
                i,
                m.start(1),
                m.end(1),
                severity="warning",
                kind="year",
                expected=str(want),
                message=f"截至日期的年份 {m.group(1)} 与报告年度 {year} 不符，应为 {want}。",
                computation=f"报告年度 {year}（{'预算' if doc.kind == 'budget' else '决算'}）",
            )


def _sentence_start(text: str, pos: int) -> bool:
    head = text[:pos]
    cut = max(head.rfind(p) for p in "。；;！？")
    lead = head[cut + 1 :]
    return bool(re.fullmatch(r"\s*(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十\d]+[)）])?\s*", lead))


# --------------------------------------------------------------------------- R412


@R412.register
def report_entity(ctx: CheckContext) -> Iterator[Finding]:
    """作用：收集各表表头的“编制单位/部门/单位：……”行，以多数一致的名称为报告主体，
    指出名称不同的那一行。

    原因：复制其他单位的表格或改名不彻底，会让公开的表格署错单位。“（汇总）”“本级”、
    括号全半角、空格不同不算不一致；占位符（XX局）由 R413 报告。至少三行且多数一致才判断。

    示例：八张表署“辽源市社会保险事业管理局”，政府性基金表署“辽源市社会保险事业管理科” → 警告。
    """
    doc = ctx.document
    lines: list[tuple[int, str, int, int]] = []
    for i, _ in table_blocks(doc):
        for b in lines_before(doc, i):
            got = entity_in(b.text)
            if got:
                j = doc.blocks.index(b)
                if not any(j == k for k, *_ in lines):
                    lines.append((j, *got))
    for i, b in enumerate(doc.blocks[:12]):
        if b.kind != "table" and (got := entity_in(b.text)) and not any(i == k for k, *_ in lines):
            lines.append((i, *got))
    keys = [entity_key(name) for _, name, _, _ in lines if not _has_placeholder(name)]
    if len(keys) < 3:
        return
    (top, count), *_ = Counter(keys).most_common(1)
    if count * 2 <= len(keys):
        return
    for i, name, s, e in lines:
        key = entity_key(name)
        if key == top or _has_placeholder(name) or key in top or top in key:
            continue
        yield block_finding(
            R412.code,
            R412.name,
            doc,
            i,
            s,
            e,
            severity="warning",
            kind="entity",
            expected=top,
            message=f"编制单位“{name}”与报告其余各表的“{top}”不一致。",
            computation=f"{count} 处编制单位为“{top}”",
        )


# --------------------------------------------------------------------------- R413

PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XＸ]{2,}|x{3,}|×{2,}|＊{2,}|\*{3,}|○{2,}|□{2,})(?![A-Za-z])"
    r"|【[^】]{0,12}(?:名称|单位|部门|填写|金额|数字|年度|时间|原因)[^】]{0,6}】"
    r"|[（(](?:不涉及的不列|如持平作持平表述|据实填写|根据实际情况填写)[)）]"
)
FIGURE = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(?:万元|亿元|元|%|％|个|人次|人|辆|台|次)")


def _has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.search(text))


def _clause(text: str, pos: int) -> str:
    lo = max(text.rfind(p, 0, pos) for p in "。；;！？")
    his = [h for h in (text.find(p, pos) for p in "。；;！？") if h >= 0]
    return text[lo + 1 : min(his) if his else len(text)]


def _all_zero(text: str) -> bool | None:
    """Every figure (amount, %, count) in ``text`` is zero; None when it has none."""
    values = []
    for m in FIGURE.finditer(text):
        try:
            values.append(float(m.group(1).replace(",", "")))
        except ValueError:
            continue
    if not values:
        return None
    return all(v == 0 for v in values)


def filler_severity(block: Block, pos: int) -> Severity:
    """A template left in a statement whose every figure is zero tells the reader nothing
    wrong (nothing happened): a note. Anywhere else it is a warning."""
    if block.kind != "paragraph":
        return "warning"
    zero = _all_zero(_clause(block.text, pos))
    if zero is None:
        zero = _all_zero(block.text)
    return "info" if zero else "warning"


@R413.register
def template_placeholder(ctx: CheckContext) -> Iterator[Finding]:
    """作用：找出模板中的占位符：XX局、XXX 万元、××、【单位名称】，以及模板的填写提示
    （（不涉及的不列）、（如持平作持平表述））。

    原因：占位符说明该处内容未填写，公开前必须替换。标题、表名、编制单位中的占位符为警告；
    说明中的占位符所在语句的数字全部为 0（如“用车 XX 辆”而总数为 0 辆）时，不影响读者得到的
    信息，降为提示。全文 30 处以上时文件是未填写的模板：报告一条警告，逐处列为提示（R414
    同样降为提示）。

    示例：“上海市 XX 局 2024 年度部门决算” → 警告：占位符“XX”未替换为单位名称。
    """
    doc = ctx.document
    found = list(_placeholders(doc))
    if len(found) >= UNFILLED_TEMPLATE:
        # An unfilled template, not a report: one warning says so, the places are notes.
        i, m = found[0]
        shown = "、".join(dict.fromkeys(p.group(0) for _, p in found[:40]))
        yield block_finding(
            R413.code,
            R413.name,
            doc,
            i,
            m.start(),
            m.end(),
            severity="warning",
            kind="template",
            expected="实际内容",
            message=f"全文有 {len(found)} 处模板占位符未替换（{shown[:60]}）：这是未填写的模板，逐处列为提示。",
        )
        found = found[1:]
    for i, m in found:
        b = doc.blocks[i]
        severity = "info" if len(found) >= UNFILLED_TEMPLATE else filler_severity(b, m.start())
        yield block_finding(
            R413.code,
            R413.name,
            doc,
            i,
            m.start(),
            m.end(),
            severity=severity,
            kind="template",
            expected="实际内容",
            message=f"模板占位符“{m.group(0)}”未替换为实际内容。",
        )


# A document with this many unfilled statements is a template (the national 决算
# template has over a hundred): its placeholders are reported once, then as notes.
UNFILLED_TEMPLATE = 30


def _placeholders(doc: Document) -> Iterator[tuple[int, re.Match[str]]]:
    """(block index, match) of each placeholder; one per statement (XX（类）XX（款）XX（项）
    is one unfilled path)."""
    for i, b in text_blocks(doc, skip_toc=False):
        seen: set[str] = set()
        for m in PLACEHOLDER.finditer(b.text):
            clause = _clause(b.text, m.start())
            if clause in seen:
                continue
            seen.add(clause)
            yield i, m


def is_unfilled_template(doc: Document) -> bool:
    return sum(1 for _ in _placeholders(doc)) >= UNFILLED_TEMPLATE


# --------------------------------------------------------------------------- R414

_PAIRS = ("增加", "减少", "增长", "下降", "上升", "降低", "大于", "小于", "高于", "低于", "持平")
ALTERNATIVE = re.compile(
    rf"(?:{'|'.join(_PAIRS)})\s*(?:[（(]\s*(?:{'|'.join(_PAIRS)})\s*[)）]|[/／]\s*(?:{'|'.join(_PAIRS)}))"
)
EMPTY_REASON = re.compile(r"(?:主要原因(?:是|为)?|原因(?:是|为)|主要用于)\s*[：:]?\s*(?=[。；;])")
VALUE_AFTER = re.compile(r"\s*(?:[XＸ]{2,}|([-−]?\d[\d,]*(?:\.\d+)?))")


@R414.register
def template_alternative(ctx: CheckContext) -> Iterator[Finding]:
    """作用：找出模板中“二选一”的写法未取舍：增加（减少）、增长（下降）、大于（小于）、
    增加/减少；以及原因或用途留空：“主要原因是。”“主要用于：。”

    原因：未取舍的写法让读者无法判断变动方向；留空的原因说明该处未填写。其后的数值为 0
    （“增加（减少）0 万元”）时方向无关紧要，降为提示。

    示例：“比上年增加（减少）12.50 万元” → 警告：应按实际写“增加”或“减少”。
    """
    doc = ctx.document
    template = is_unfilled_template(doc)
    for i, b in text_blocks(doc, skip_toc=False):
        for m in ALTERNATIVE.finditer(b.text):
            v = VALUE_AFTER.match(b.text, m.end())
            if v is not None and v.group(1) is not None:
                severity: Severity = (
                    "info" if float(v.group(1).replace(",", "").replace("−", "-")) == 0 else "warning"
                )
            else:  # no figure after it (增长（下降）%): judged by the statement around it
                severity = filler_severity(b, m.start())
            yield block_finding(
                R414.code,
                R414.name,
                doc,
                i,
                m.start(),
                m.end(),
                severity="info" if template else severity,
                kind="template",
                expected="按实际情况取其一",
                message=f"模板选项“{m.group(0)}”未按实际情况取舍。",
            )
        for m in EMPTY_REASON.finditer(b.text):
            yield block_finding(
                R414.code,
                R414.name,
                doc,
                i,
                m.start(),
                m.end() + 1,
                severity="info" if template else "warning",
                kind="template",
                stated=m.group(0) + b.text[m.end() : m.end() + 1],
                expected="写明原因或用途",
                message=f"“{m.group(0).strip()}”之后没有内容：原因或用途未填写。",
            )
