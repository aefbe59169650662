"""A self-contained HTML page for one report: the narrative with every checked number
highlighted, each finding beside it with cells and arithmetic. All report text is
escaped (autoescape), so a report containing ``<script>`` renders inert."""

from __future__ import annotations

from html import escape

from checker.pipeline import Report
from checker.tables.model import KIND_LABELS

COLORS = {"consistent": "ok", "finding": "err", "unverified": "unv"}

CSS = """
body{font-family:sans-serif;margin:1.5em;color:#222}
.ok{background:#c8f0c8}.err{background:#f8b4b4}.warn{background:#ffe0a0}.unv{background:#ddd}
.sent{margin:.3em 0;padding:.3em;border-left:3px solid #ccc}
.finding{margin:.4em 0 .8em 1.5em;padding:.4em;border:1px solid #e88;background:#fff6f6}
.finding.warning{border-color:#e0b040;background:#fffbe8}.finding.info{border-color:#aaa;background:#f6f6f6}
table{border-collapse:collapse;margin:.5em 0}th.row{text-align:left;font-weight:normal}td,th{border:1px solid #bbb;padding:2px 6px;font-size:90%}
td.cell-used{background:#f8b4b4;font-weight:bold}
.muted{color:#777}
"""


SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def _sev_class(sev: str) -> str:
    return {"error": "err", "warning": "warn"}.get(sev, "unv")


def _finding_html(f) -> str:
    cells = "".join(
        f"<tr><td>{escape(c.table)}</td><td>{escape(c.row)}</td><td>{escape(c.column)}</td>"
        f"<td class='cell-used'>{escape(c.text)}</td><td>{escape(str(c.line or ''))}</td></tr>"
        for c in f.cells
    )
    cells_html = (
        f"<table><tr><th>表</th><th>行</th><th>列</th><th>数值</th><th>行号</th></tr>{cells}</table>"
        if cells
        else ""
    )
    return (
        f"<div class='finding {escape(f.severity)}' data-code='{escape(f.code)}'>"
        f"<b class='{_sev_class(f.severity)}'>{escape(f.code)} {SEVERITY_LABEL.get(f.severity, f.severity)}</b> "
        f"文中 <span class='{_sev_class(f.severity)}'>{escape(f.stated)}</span>，应为 <b>{escape(f.expected)}</b>："
        f"{escape(f.message)}<br><span class='muted'>算式：{escape(f.computation)}</span>"
        f"<br><span class='muted'>位置：{escape(_loc(f))}</span>{cells_html}</div>"
    )


def _loc(f) -> str:
    loc = f.location
    parts = [
        f"第 {loc.line} 行" if loc.line else "",
        loc.section or "",
        loc.table or "",
        loc.row or "",
        loc.column or "",
    ]
    return " / ".join(p for p in parts if p)


def _status_class(rec, findings_at: dict) -> str:
    if rec.status == "finding":
        sev = findings_at.get((rec.claim.line, rec.claim.value_text), "error")
        return _sev_class(sev)
    return COLORS.get(rec.status, "unv")


def render(report: Report) -> str:
    out: list[str] = []
    title = report.title or report.source
    out.append(
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>"
        f"<title>检查报告：{escape(title)}</title><style>{CSS}</style></head><body>"
    )
    out.append(
        f"<h1>{escape(title)}</h1><p class='muted'>文件：{escape(report.source)} · 版本 {escape(report.checker_version)}</p>"
    )
    if report.status not in ("ok", "unchecked"):  # unchecked: read, findings still shown
        out.append(f"<p class='err'>无法检查：{escape(report.error)}</p></body></html>")
        return "".join(out)
    for why in report.reading:
        out.append(f"<p class='err'>未完成核对：{escape(why)}</p>")
    c = report.counts()
    cov = report.coverage
    out.append(
        f"<p>错误 <b class='err'>{c['error']}</b> · 警告 <b class='warn'>{c['warning']}</b> · 提示 {c['info']} · "
        f"提取表述 {cov.claims_extracted}，一致 {cov.claims_consistent}，有问题 {cov.claims_with_findings}，"
        f"未核对 {cov.claims_unverified}</p>"
    )
    findings_at: dict[tuple, str] = {}
    by_line: dict[int | None, list] = {}
    for f in report.findings:
        findings_at.setdefault((f.location.line, f.stated), f.severity)
        by_line.setdefault(f.location.line, []).append(f)

    # Group claims by sentence so every number of one sentence is highlighted in place.
    sentences: dict[tuple, list] = {}
    for rec in report.claims:
        sentences.setdefault((rec.claim.line, rec.claim.sentence), []).append(rec)
    shown: set[int] = set()
    out.append("<h2>情况说明</h2>")
    if not report.claims:
        out.append("<p class='muted'>未从情况说明中提取到可核对的数字表述。</p>")
    for (line, sentence), recs in sorted(sentences.items(), key=lambda kv: kv[0][0] or 0):
        pieces: list[str] = []
        pos = 0
        for rec in sorted(recs, key=lambda r: r.claim.span.start):
            s, e = rec.claim.span.start, rec.claim.span.end
            if s < pos or e > len(sentence):
                continue
            pieces.append(escape(sentence[pos:s]))
            tip = rec.reason or rec.expected or rec.status
            pieces.append(
                f"<mark class='{_status_class(rec, findings_at)}' data-status='{escape(rec.status)}' "
                f"title='{escape(tip)}'>{escape(sentence[s:e])}</mark>"
            )
            pos = e
        pieces.append(escape(sentence[pos:]))
        out.append(
            f"<div class='sent'><span class='muted'>{escape(str(line or ''))}</span> {''.join(pieces)}</div>"
        )
        if line is not None and line not in shown:
            shown.add(line)
            out.extend(_finding_html(f) for f in by_line.get(line, []))
    rest = [f for f in report.findings if f.location.line not in shown]
    if rest:
        out.append("<h2>表格与其他发现</h2>")
        out.extend(_finding_html(f) for f in rest)
    if report.typed_tables is not None and report.typed_tables.tables:
        out.append("<h2>解析出的表格</h2>")
        out.extend(_typed_table_html(t, report) for t in report.typed_tables.tables)
    elif report.tables:
        out.append(
            "<h2>解析出的表格</h2><table><tr><th>#</th><th>类别</th><th>标题</th><th>行数</th><th>行号</th></tr>"
        )
        for t in report.tables:
            out.append(
                f"<tr><td>{t.index}</td><td>{escape(t.kind)}</td><td>{escape(t.title)}</td>"
                f"<td>{t.rows}</td><td>{escape(str(t.line or ''))}</td></tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def _used_cells(report: Report) -> tuple[set[tuple], set[tuple]]:
    """Cells the findings cite, keyed by (line, text) where the line is known, else (table, row, text)."""
    by_line, by_name = set(), set()
    for f in report.findings:
        for c in f.cells:
            if c.line is not None:
                by_line.add((c.line, c.text))
            by_name.add((c.table, c.row, c.text))
    return by_line, by_name


def _typed_table_html(t, report: Report) -> str:
    by_line, by_name = _used_cells(report)
    head = "".join(f"<th>{escape(c.label)}</th>" for c in t.columns)
    body = []
    for row in t.rows:
        tds = []
        for col in t.columns:
            cell = row.cells.get(col.key)
            if cell is None:
                tds.append("<td></td>")
                continue
            used = (cell.line, cell.text) in by_line or any(
                (t.title, name, cell.text) in by_name for name in (row.label, row.code or "")
            )
            cls = " class='cell-used'" if used else ""
            tds.append(f"<td{cls}>{escape(cell.text)}</td>")
        label = f"{row.code or ''} {row.label}".strip()
        side = {"income": "［收］", "expense": "［支］"}.get(row.side, "")
        indent = f" style='padding-left:{0.4 + (row.level or 1) - 1:g}em'" if row.level else ""
        body.append(f"<tr><th class='row'{indent}>{side}{escape(label)}</th>{''.join(tds)}</tr>")
    return (
        f"<h3>{escape(t.number)} {escape(t.title)} <span class='muted'>（{KIND_LABELS[t.kind]}，单位：{escape(t.unit)}，"
        f"第 {escape(str(t.line or ''))} 行）</span></h3>"
        f"<table data-table='{t.index}'><tr><th>项目</th>{head}</tr>{''.join(body)}</table>"
    )


def render_index(entries: list[tuple[str, str, Report]]) -> str:
    """Index page of a batch: (link, name, report) per document."""
    rows = []
    for link, name, r in entries:
        c = r.counts()
        rows.append(
            f"<tr><td><a href='{escape(link)}'>{escape(name)}</a></td><td>{escape(r.status)}</td>"
            f"<td class='err'>{c['error']}</td><td class='warn'>{c['warning']}</td><td>{c['info']}</td>"
            f"<td>{escape(r.error)}</td></tr>"
        )
    return (
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>批量检查结果</title>"
        f"<style>{CSS}</style></head><body><h1>批量检查结果</h1><table>"
        "<tr><th>文件</th><th>状态</th><th>错误</th><th>警告</th><th>提示</th><th>说明</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
