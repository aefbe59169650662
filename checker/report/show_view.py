"""``checker show``: the document as the checker read it.

Headings, paragraphs (with page and line, the narrative marked) and tables (with the
kind the parser gave them and their size), then how much of the report was verified —
so a user can tell a reading failure from a clean report at a glance.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from checker.claims.narrative import narrative_blocks
from checker.document import Block, Document
from checker.pipeline import Report
from checker.tables.model import KIND_LABELS, Tables

WIDTH = 100  # characters of a paragraph shown before it is cut (--full shows all)


def _where(b: Block) -> str:
    parts = []
    if b.page:
        parts.append(f"第{b.page}页")
    if b.line:
        parts.append(
            f"第{b.line}行" if not b.end_line or b.end_line == b.line else f"第{b.line}–{b.end_line}行"
        )
    return " ".join(parts)


def render(doc: Document, tables: Tables, report: Report, console: Console, *, full: bool = False) -> None:
    narrative = {id(b) for b, _ in narrative_blocks(doc)}
    typed = {t.line: t for t in tables.tables if t.line is not None}
    console.print(
        Text(f"{doc.source}", style="bold"), Text(f"（{doc.format}，{_kind(doc.kind)}）", style="dim")
    )
    console.print(Text(f"标题：{doc.title or '（未识别）'}", style="dim"))
    for b in doc.blocks:
        where = Text(f"{_where(b):<16}", style="dim")
        if b.kind == "heading":
            console.print(where + Text(f"{'#' * (b.level or 1)} {b.text}", style="bold cyan"))
        elif b.kind == "paragraph":
            mark = Text("说明 ", style="green") if id(b) in narrative else Text("     ", style="dim")
            text = b.text if full or len(b.text) <= WIDTH else b.text[:WIDTH] + "……"
            console.print(where + mark + Text(text))
        else:
            t = typed.get(b.line)
            kind = f"{KIND_LABELS[t.kind]}《{t.title}》" if t is not None else "未解析的表格"
            ncols = max((len(r) for r in b.rows), default=0)
            console.print(where + Text(f"[表格] {kind}  {len(b.rows)} 行 × {ncols} 列", style="magenta"))
            if full:
                for r in b.rows:
                    console.print(Text("    " + " | ".join(c.text for c in r), style="dim"))
    cov = report.coverage
    console.print()
    console.print(
        f"共 {len(doc.blocks)} 块：标题 {sum(b.kind == 'heading' for b in doc.blocks)}，"
        f"段落 {sum(b.kind == 'paragraph' for b in doc.blocks)}（其中情况说明 {len(narrative)}），"
        f"表格 {len(doc.tables())}（识别类别 {sum(t.kind.value != 'unknown' for t in tables.tables)}）。"
    )
    console.print(
        f"情况说明中的数字 {cov.narrative_numbers} 个；可核对的表述 {cov.checkable} 项，"
        f"已核对 {cov.claims_verified} 项（{cov.verified_pct:g}%）。"
    )
    if report.status == "unchecked":
        console.print(Text("未完成核对：", style="bold red"))
        for r in report.reading:
            console.print(Text(f"  · {r}", style="red"))
    for w in doc.warnings:
        console.print(Text(f"警告：{w}", style="yellow"))


def _kind(kind: str) -> str:
    return {"final": "部门决算", "budget": "部门预算"}.get(kind, "类型未识别")
