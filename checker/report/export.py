"""Export stored findings: one row per finding, as CSV, XLSX (summary sheet + findings) or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from checker.store.db import ResultStore

# (row key, Chinese header, XLSX column width)
COLUMNS = [
    ("document", "文件", 40),
    ("section", "章节", 30),
    ("excerpt", "原文摘录", 60),
    ("stated", "文中数值", 12),
    ("expected", "应为", 12),
    ("severity", "级别", 8),
    ("kind", "类型", 14),
    ("code", "规则", 8),
    ("message", "说明", 50),
    ("computation", "算式", 40),
    ("location", "位置", 40),
    ("checker_version", "检查器版本", 14),
    ("content_hash", "内容哈希", 20),
]
# A cell starting with one of these is a formula to Excel/LibreOffice (=1+1, @SUM(…), a tab
# or CR before one); report text is data, so such a cell is prefixed with ' as OWASP advises.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: object) -> object:
    """Report text as inert spreadsheet data."""
    if isinstance(value, str) and value.startswith(FORMULA_LEAD):
        return "'" + value
    return value


SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def rows(store: ResultStore) -> list[dict]:
    out = []
    for f in store.findings():
        loc = " / ".join(
            str(x)
            for x in (
                f"第{f['line']}行" if f["line"] else "",
                f["loc_table"],
                f["loc_row"],
                f["loc_column"],
            )
            if x
        )
        out.append({**{k: f.get(k) or "" for k, _, _ in COLUMNS}, "location": loc})
    return out


def to_csv(store: ResultStore) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([h for _, h, _ in COLUMNS])
    for r in rows(store):
        w.writerow([neutral(r[k]) for k, _, _ in COLUMNS])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 CSV with Chinese correctly


def to_json(store: ResultStore) -> str:
    return json.dumps({"documents": store.documents(), "findings": rows(store)}, ensure_ascii=False, indent=2)


def to_xlsx(store: ResultStore, path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    summary.append(
        [
            "文件",
            "标题",
            "状态",
            "错误",
            "警告",
            "提示",
            "可核对表述",
            "已核对",
            "说明",
            "检查器版本",
            "内容哈希",
            "与此文件内容相同",
        ]
    )
    for d in store.documents():
        cov = json.loads(d.get("coverage") or "{}")
        summary.append(
            [
                neutral(x)
                for x in (
                    d["path"],
                    d["title"],
                    d["status"],
                    d["n_error"],
                    d["n_warning"],
                    d["n_info"],
                    cov.get("checkable", ""),
                    cov.get("claims_verified", ""),
                    d["error"],
                    d["checker_version"],
                    d["content_hash"],
                    d.get("same_as") or "",
                )
            ]
        )
    for col, width in zip("ABCDEFGHIJ", (50, 40, 8, 8, 8, 8, 50, 14, 20, 50), strict=True):
        summary.column_dimensions[col].width = width
    sheet = wb.create_sheet("发现")
    sheet.append([h for _, h, _ in COLUMNS])
    for r in rows(store):
        sheet.append(
            [neutral(SEVERITY_ZH.get(r[k], r[k]) if k == "severity" else r[k]) for k, _, _ in COLUMNS]
        )
    for ws in (summary, sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    for i, (_, _, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    for ws in (summary, sheet):  # text stays text: never stored as a formula
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    wb.save(str(path))


def export(
    db: str | Path, fmt: str, output: str | Path | None = None, *, readonly: bool = False
) -> str | None:
    """Export the findings of a results database; returns the text when no output file (csv/json)."""
    with ResultStore(db, readonly=readonly) as store:
        if fmt == "xlsx":
            if output is None:
                raise ValueError("xlsx 导出需要 -o 指定输出文件")
            to_xlsx(store, output)
            return None
        text = to_csv(store) if fmt == "csv" else to_json(store)
    if output is not None:
        Path(output).write_text(text, encoding="utf-8")
        return None
    return text
