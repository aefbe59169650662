"""A self-contained HTML page for one report: the narrative with every checked number
highlighted, each finding beside it with cells and arithmetic, and for PDF input a crop of
the printed page with the stated number and the cited cells boxed. All report text is
escaped (autoescape), so a report containing ``<script>`` renders inert."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from html import escape

from pypdfium2 import PdfiumError

from checker.pipeline import ClaimRecord, Report
from checker.report.pdf_pages import Crop, PdfPages
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
figure.crop{margin:.5em 0;display:inline-block;max-width:100%}figure.crop img{max-width:100%;border:1px solid #bbb}
figure.crop figcaption{font-size:85%;color:#555}.box-red{color:#d00;font-weight:bold}.box-blue{color:#0046dc;font-weight:bold}.box-grey{color:#777;font-weight:bold}
"""

MAX_CROPS = 200  # images per page: a report with hundreds of findings stays openable
NOT_FOUND = "未能在页面上定位该数字"
SENTENCE_LINE_GAP = 2  # a wrapped sentence's claims sit on neighbouring source lines


SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def _sev_class(sev: str) -> str:
    return {"error": "err", "warning": "warn"}.get(sev, "unv")


def _finding_html(f, pages: _Pages | None = None, n: int | None = None) -> str:
    cells = "".join(
        f"<tr><td>{escape(c.table)}</td><td>{escape(c.row)}</td><td>{escape(c.column)}</td>"
        f"<td class='cell-used'>{escape(c.text)}</td><td>{escape(str(c.line or ''))}</td></tr>"
        for c in f.cells
    )
    anchor = f" id='finding-{n}'" if n is not None else ""
    cells_html = (
        f"<table><tr><th>表</th><th>行</th><th>列</th><th>数值</th><th>行号</th></tr>{cells}</table>"
        if cells
        else ""
    )
    return (
        f"<div class='finding {escape(f.severity)}'{anchor} data-code='{escape(f.code)}'>"
        f"<b class='{_sev_class(f.severity)}'>{escape(f.code)} {SEVERITY_LABEL.get(f.severity, f.severity)}</b> "
        f"文中 <span class='{_sev_class(f.severity)}'>{escape(f.stated)}</span>，应为 <b>{escape(f.expected)}</b>："
        f"{escape(f.message)}<br><span class='muted'>算式：{escape(f.computation)}</span>"
        f"<br><span class='muted'>位置：{escape(_loc(f))}</span>{cells_html}"
        f"{pages.figures(f) if pages is not None else ''}</div>"
    )


@dataclass
class _Pages:
    """The source PDF, open while one page is written; crops counted against MAX_CROPS."""

    pdf: PdfPages
    cap: int = MAX_CROPS
    left: int = MAX_CROPS
    capped: int = 0  # findings shown without their page because the cap was reached
    notes: list[str] = field(default_factory=list)

    def figures(self, f) -> str:
        if self.left <= 0:
            self.capped += 1
            return ""
        try:
            crops = self.pdf.crops_for(f, max_pages=min(3, self.left))
        except (PdfiumError, OSError, ValueError) as e:  # one odd page must not lose the report
            return f"<p class='muted'>页面截图失败：{escape(str(e))}</p>"
        self.left -= len(crops)
        parts = [] if crops and crops[0].located else [f"<p class='muted unlocated'>{NOT_FOUND}</p>"]
        parts.extend(_figure(c) for c in crops)
        return "".join(parts)


def _figure(c: Crop) -> str:
    data = base64.b64encode(c.png).decode("ascii")
    boxes = json.dumps([list(b) for b in c.boxes])
    kinds = {b[0] for b in c.boxes}
    where = f"（第 {c.header_page} 页）" if c.header_page not in (None, c.page) else ""
    legend = (
        "整页缩略图"
        if not c.located
        else " · ".join(
            label
            for kind, label in (
                ("stated", "<span class='box-red'>红框</span>：文中数字"),
                ("cell", "<span class='box-blue'>蓝框</span>：比对的表格单元格"),
                ("header", f"<span class='box-grey'>灰框</span>：所在列的表头{where}"),
            )
            if kind in kinds
        )
    )
    return (
        f"<figure class='crop' data-page='{c.page}' data-located='{str(c.located).lower()}'>"
        f"<img src='data:image/png;base64,{data}' width='{c.width}' height='{c.height}' "
        f"alt='第 {c.page} 页' data-boxes='{escape(boxes)}'>"
        f"<figcaption>第 {c.page} 页 · {legend}</figcaption></figure>"
    )


def _open_pages(report: Report) -> tuple[_Pages | None, str]:
    """The PDF behind the report, or why its pages cannot be shown. Never for other formats."""
    if report.format != "pdf":
        return None, ""
    pdf = PdfPages.open(report.source)
    if pdf is None:
        return None, f"未能打开源文件 {report.source}，不显示页面截图。"
    return _Pages(pdf), ""


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


def render(report: Report, *, pages: bool = True, max_crops: int = MAX_CROPS) -> str:
    """The page; ``pages=False`` leaves out the PDF crops (faster, smaller)."""
    readable = report.status in ("ok", "unchecked")
    shown_pages, note = _open_pages(report) if pages and readable else (None, "")
    if shown_pages is not None:
        shown_pages.left = shown_pages.cap = max_crops
    try:
        return _render(report, shown_pages, note)
    finally:
        if shown_pages is not None:
            shown_pages.pdf.close()


def _render(report: Report, pages: _Pages | None, note: str) -> str:
    out: list[str] = []
    title = report.title or report.source
    out.append(
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>"
        f"<title>检查报告：{escape(title)}</title><style>{CSS}</style></head><body>"
    )
    out.append(
        f"<h1>{escape(title)}</h1><p class='muted'>文件：{escape(report.source)} · 版本 {escape(report.checker_version)}</p>"
    )
    if report.status not in ("ok", "unchecked"):
        out.append(f"<p class='err'>无法检查：{escape(report.error)}</p></body></html>")
        return "".join(out)
    unchecked = _unchecked_html(report)
    out.append(unchecked)
    c = report.counts()
    cov = report.coverage
    out.append(
        f"<p>错误 <b class='err'>{c['error']}</b> · 警告 <b class='warn'>{c['warning']}</b> · 提示 {c['info']} · "
        f"提取表述 {cov.claims_extracted}，一致 {cov.claims_consistent}，有问题 {cov.claims_with_findings}，"
        f"未核对 {cov.claims_unverified}</p>"
    )
    out.append(
        f"<p class='verified'><b>实际核对：可核对的 {cov.checkable} 项表述中核对了 {cov.claims_verified} 项"
        f"（{cov.verified_pct:g}%）</b>"
        + (f"；另有 {cov.no_counterpart} 项报告中无可对照的数" if cov.no_counterpart else "")
        + "。</p>"
    )
    if note:
        out.append(f"<p class='muted page-note'>{escape(note)}</p>")
    cap_at = len(out)  # the note on capped crops goes here once the findings are written
    number = {id(f): i for i, f in enumerate(report.findings, 1)}  # #finding-N links to one finding
    findings_at: dict[tuple, str] = {}
    for f in report.findings:
        findings_at.setdefault((f.location.line, f.stated), f.severity)

    groups = _sentence_groups(report.claims)
    placed = _place_findings(report.findings, groups)
    out.append("<h2>情况说明</h2>")
    if not report.claims:
        out.append("<p class='muted'>未从情况说明中提取到可核对的数字表述。</p>")
    for gi, group in enumerate(groups):
        sentence = group.sentence
        pieces: list[str] = []
        pos = 0
        for rec in sorted(group.recs, key=lambda r: (r.claim.span.start, -r.claim.span.end)):
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
        line = group.lines[0] if group.lines else None
        out.append(
            f"<div class='sent'><span class='muted'>{escape(str(line or ''))}</span> {''.join(pieces)}</div>"
        )
        out.extend(_finding_html(f, pages, number[id(f)]) for f in placed.get(gi, []))
    shown = {id(f) for fs in placed.values() for f in fs}
    rest = [f for f in report.findings if id(f) not in shown]
    if rest:
        out.append("<h2>表格与其他发现</h2>")
        out.extend(_finding_html(f, pages, number[id(f)]) for f in rest)
    if pages is not None and pages.capped:
        out.insert(
            cap_at,
            f"<p class='muted page-note'>页面截图已达上限 {pages.cap} 张，"
            f"其余 {pages.capped} 条发现不附截图。</p>",
        )
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
    out.append(unchecked)  # first and last: no one may take a partial check for a clean one
    out.append("</body></html>")
    return "\n".join(out)


def _unchecked_html(report: Report) -> str:
    if report.status != "unchecked":
        return ""
    reasons = "".join(f"<li>{escape(r)}</li>" for r in report.reading)
    return f"<div class='unchecked err'><b>未完成核对——此结果不代表报告没有问题：</b><ul>{reasons}</ul></div>"


@dataclass
class _SentenceGroup:
    sentence: str
    recs: list[ClaimRecord] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    spans: dict[tuple[int, int], int | None] = field(default_factory=dict)


def _place_findings(findings: list, groups: list[_SentenceGroup]) -> dict[int, list]:
    """Group index → the findings shown under that sentence: of the sentences on the
    finding's line, the one its excerpt is (two sentences often share a PDF line)."""
    placed: dict[int, list] = {}
    for f in findings:
        on_line = [
            i for i, g in enumerate(groups) if f.location.line is not None and f.location.line in g.lines
        ]
        if not on_line:
            continue
        own = [i for i in on_line if _is_about(f, groups[i].sentence)]
        placed.setdefault((own or on_line)[0], []).append(f)
    return placed


def _is_about(f, sentence: str) -> bool:
    """The finding's excerpt is this sentence (or a window of it), whitespace aside."""
    excerpt, squeezed = "".join(f.excerpt.split()), "".join(sentence.split())
    return "".join(f.stated.split()) in squeezed and (excerpt in squeezed or squeezed in excerpt)


def _sentence_groups(claims: list[ClaimRecord]) -> list[_SentenceGroup]:
    """Each printed sentence once, with all its claims. A sentence wrapped over two lines
    gives claims on both lines (one occurrence); the same words printed again elsewhere
    (the same value at the same offset on another line, or lines apart) are another."""
    groups: list[_SentenceGroup] = []
    last: dict[str, _SentenceGroup] = {}
    for rec in sorted(claims, key=lambda r: (r.claim.line or 0, r.claim.span.start)):
        c = rec.claim
        span = (c.span.start, c.span.end)
        g = last.get(c.sentence)
        near = g is not None and (
            c.line is None or not g.lines or abs(c.line - g.lines[-1]) <= SENTENCE_LINE_GAP
        )
        if g is None or not near or (span in g.spans and g.spans[span] != c.line):
            g = _SentenceGroup(c.sentence)
            groups.append(g)
            last[c.sentence] = g
        g.recs.append(rec)
        g.spans.setdefault(span, c.line)
        if c.line is not None and c.line not in g.lines:
            g.lines.append(c.line)
    return groups


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
