"""XLSX workbooks → Document: one table per visible sheet.

Title rows above the grid (a lone text such as 收入支出决算总表 or 单位：万元) become
paragraphs before it; without them the sheet name is the table's title paragraph.
Numbers are printed as the sheet shows them, from the cell's number format (decimals,
thousands separators, percentages), since a report's figures are compared as printed.
Merged cells keep their value in the top-left cell, the rest empty (read-only mode
gives exactly that). ``line`` on blocks and cells is the sheet's row number.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from checker.document import Block, Cell, Document, IngestError
from checker.ingest.files import check_package, refuse_ole
from checker.ingest.structure import document_title, text_block
from checker.ingest.text import guess_kind
from checker.ingest.text_lines import despace_cjk, is_meta
from checker.numbers import quantize

MAX_CELLS = 2_000_000  # a report sheet has thousands; more is not a report


def read(path: Path) -> Document:
    wb = _open(path)
    blocks: list[Block] = []
    warnings: list[str] = []
    cells = 0
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            rows = []
            for r in ws.iter_rows():
                rows.append([(c.value, getattr(c, "number_format", "General")) for c in r])
                cells += len(r)
                if cells > MAX_CELLS:
                    raise IngestError(f"工作簿过大（超过 {MAX_CELLS} 个单元格），不像一份报告：{path}")
            blocks.extend(sheet_blocks(ws.title, rows))
    except IngestError:
        raise
    except Exception as e:  # broken sheet XML surfaces while iterating
        raise IngestError(f"XLSX 文件已损坏，读取工作表失败：{path}（{type(e).__name__}）") from e
    finally:
        wb.close()
    if not any(b.kind == "table" for b in blocks):
        warnings.append("工作簿中没有找到表格数据")
    text = "\n".join(b.text for b in blocks[:40])
    return Document(
        source=str(path),
        format="xlsx",
        kind=guess_kind(text),
        title=document_title(blocks),
        blocks=blocks,
        warnings=warnings,
    )


def _open(path: Path):
    refuse_ole(path, ".xlsx 文件：可能是加密的工作簿或旧版 .xls 格式")
    check_package(path, "XLSX")
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise IngestError(f"XLSX 文件已损坏或不是有效的 Excel 工作簿，无法读取：{path}") from e
    except Exception as e:
        raise IngestError(
            f"XLSX 文件已损坏或不是有效的 Excel 工作簿，无法读取：{path}（{type(e).__name__}）"
        ) from e


def sheet_blocks(title: str, raw_rows: list[list[tuple[object, str]]]) -> list[Block]:
    """Blocks of one sheet: title rows as paragraphs, then the grid (empty edges trimmed)."""
    rows = [[display(v, fmt) for v, fmt in r] for r in raw_rows]
    numbered = [(i + 1, r) for i, r in enumerate(rows)]
    numbered = [(n, r) for n, r in numbered if any(t for t in r)]
    out: list[Block] = []
    while len(numbered) > 1 and _title_row([t for t in numbered[0][1] if t]):
        n, r = numbered.pop(0)
        # a numbered title row (三、支出决算表) is a heading, as the text reader reads it
        out.append(text_block(" ".join(t for t in r if t), line=n, end_line=n))
    if not numbered:
        return out
    if not out:
        out.append(text_block(title))
    first = min(next(j for j, t in enumerate(r) if t) for _, r in numbered)
    last = max(max(j for j, t in enumerate(r) if t) for _, r in numbered)
    grid = [[Cell(text=t, line=n) for t in r[first : last + 1]] for n, r in numbered]
    for r in grid:
        r.extend(Cell(text="", line=r[0].line if r else None) for _ in range(last + 1 - first - len(r)))
    text = "\n".join("\t".join(c.text for c in r) for r in grid)
    out.append(Block(kind="table", rows=grid, text=text, line=numbered[0][0], end_line=numbered[-1][0]))
    return out


def _title_row(texts: list[str]) -> bool:
    """A row above the grid: one text (a title), or only lines about the table spread
    over its width (部门：… | 公开01表 | 单位：万元), as a text export prints on one line."""
    return len(texts) == 1 or all(is_meta(t) for t in texts)


def display(value: object, fmt: str | None) -> str:
    """A cell as the sheet prints it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, fmt or "General")
    return despace_cjk(str(value))  # 项    目: spaces typed to spread a header


def format_number(value: int | float | Decimal, fmt: str) -> str:
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return str(value)
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)  # quoted text, colours, padding
    if section.strip().lower() in ("", "general", "@"):
        text = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    percent = "%" in section
    if percent:
        d *= 100
    m = re.search(r"\.([0#?]+)", section)
    decimals = len(m.group(1)) if m else 0
    d = quantize(d, decimals)
    text = f"{d:,.{decimals}f}" if "," in section else f"{d:.{decimals}f}"
    return text + ("%" if percent else "")
