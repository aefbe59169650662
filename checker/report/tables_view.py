"""Terminal view of parsed tables (``checker tables``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from checker.tables.model import Tables


def render(parsed: Tables, console: Console) -> None:
    for t in parsed.tables:
        title = f"[{t.index}] {t.title} {t.number} （{t.kind.value}，单位：{t.unit}，第{t.line}行）"
        if t.entity:
            title += f" 项目：{t.entity}"
        grid = Table(title=title, title_justify="left", show_lines=False)
        grid.add_column("编码")
        grid.add_column("项目")
        for c in t.columns:
            grid.add_column(f"{c.label}\n[{c.key}]", justify="right")
        for r in t.rows:
            indent = "  " * ((r.level or 1) - 1)
            label = f"{indent}{r.label}" + (f" ({r.side})" if r.side else "")
            grid.add_row(
                r.code or "", label, *[r.cells[c.key].text if c.key in r.cells else "" for c in t.columns]
            )
        console.print(grid)
        for n in t.notes:
            console.print(f"  [dim]注：{n}[/]")
