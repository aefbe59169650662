"""Terminal view of parsed tables (``checker tables``).

One block per table: index, title, number, kind, unit, source line (and project name for
per-project tables), then the rows — code, name indented by level, side for summary tables
— with one column per canonical key (its printed header above the key). Columns blank in
every row are left out and counted, so wide budget tables stay readable.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checker.tables.model import KIND_LABELS, Tables, TypedTable

_SIDE = {"income": "收", "expense": "支"}


def _shown_columns(t: TypedTable) -> tuple[list[int], int]:
    keep = [
        i for i, c in enumerate(t.columns) if any(r.cells.get(c.key) and r.cells[c.key].text for r in t.rows)
    ]
    if not keep:  # an empty table still shows its header
        keep = list(range(len(t.columns)))
    return keep, len(t.columns) - len(keep)


def render_table(t: TypedTable, console: Console) -> None:
    title = escape(f"[{t.index}] {t.title or '（无标题）'}")
    if t.number:
        title += f" {t.number}"
    title += f"  类别：{KIND_LABELS[t.kind]}（{t.kind.value}）  单位：{t.unit}"
    if t.line is not None:
        title += f"  第{t.line}行"
    if t.entity:
        title += f"  项目：{t.entity}"
    keep, hidden = _shown_columns(t)
    grid = Table(title=title, title_justify="left", show_lines=False, pad_edge=False)
    grid.add_column("编码", no_wrap=True)
    grid.add_column("项目", overflow="fold")
    for i in keep:
        c = t.columns[i]
        head = f"{c.group}›{c.label}" if c.group and not c.label.startswith(c.group) else c.label
        if len(set(c.side_labels.values())) > 1:  # summary tables: each half's own header
            head = " | ".join(c.side_labels[s] for s in ("income", "expense") if s in c.side_labels)
        grid.add_column(escape(f"{head}\n[{c.key}]"), justify="right", overflow="fold")
    for r in t.rows:
        indent = "  " * max((r.level or 1) - 1, 0)
        label = indent + escape(r.label)
        if r.side:
            label = escape(f"[{_SIDE.get(r.side, r.side)}] ") + label
        if r.is_total:
            label = f"[bold]{label}[/]"
        cells = [escape(r.cells[t.columns[i].key].text) if t.columns[i].key in r.cells else "" for i in keep]
        grid.add_row(r.code or "", label, *cells)
    console.print(grid)
    if hidden:
        console.print(f"  [dim]另有 {hidden} 列全为空，未显示（--format json 可查看全部）[/]")
    if not t.rows:
        console.print("  [dim]表中无数据行[/]")
    for n in t.notes:
        console.print(f"  [dim]注：{escape(n)}[/]")
    for d in t.doubts:
        console.print(f"  [yellow]存疑（该表勾稽结果仅作提示）：{escape(d)}[/]")


def render(parsed: Tables, console: Console) -> None:
    if not parsed.tables:
        console.print("未找到表格。")
        return
    for t in parsed.tables:
        render_table(t, console)
        console.print()
    unknown = sum(1 for t in parsed.tables if t.kind.value == "unknown")
    console.print(
        f"共 {len(parsed.tables)} 张表"
        + (f"，其中 {unknown} 张未能归类（按通用表格读取）" if unknown else "")
    )
