"""Terminal view: findings grouped by section, each with excerpt, cells and arithmetic."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from checker.findings import Finding
from checker.pipeline import Report

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def _where(f: Finding) -> str:
    loc = f.location
    parts = []
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.line:
        parts.append(f"第{loc.line}行")
    if loc.table:
        cell = "/".join(x for x in (loc.row, loc.column) if x)
        parts.append(f"《{loc.table}》{cell}")
    return " ".join(parts)


def _group(f: Finding) -> str:
    if f.location.section:
        return f.location.section
    if f.location.table:
        return f"表：{f.location.table}"
    return "其他"


def render(report: Report, console: Console, *, min_severity: str = "info") -> None:
    order = {"error": 0, "warning": 1, "info": 2}
    if report.status not in ("ok", "unchecked"):
        console.print(f"[bold red]无法检查[/] {escape(report.source)}：{escape(report.error)}")
        return
    _unchecked(report, console)
    shown = [f for f in report.findings if order[f.severity] <= order[min_severity]]
    console.print(
        Text(f"{report.source}", style="bold"), Text(f"（{_kind_label(report.kind)}）", style="dim")
    )
    # Keep document order of sections: sort by first line of each group.
    first_line: dict[str, int] = {}
    for f in shown:
        first_line.setdefault(_group(f), f.location.line or 0)
    shown.sort(key=lambda f: (first_line[_group(f)], f.location.line or 0, order[f.severity]))
    for group, items in groupby(shown, key=_group):
        console.print()
        console.print(Text(group, style="bold underline"))
        for f in items:
            head = Text()
            head.append(f"  {LABEL[f.severity]} ", style=STYLE[f.severity])
            head.append(f"{f.code} ", style="dim")
            head.append(f.message)
            console.print(head)
            where = _where(f)
            if where:
                console.print(Text(f"      位置：{where}", style="dim"))
            if f.excerpt:
                console.print(Text("      原文：", style="dim") + _highlight(f.excerpt, f.stated))
            if f.computation:
                console.print(Text(f"      计算：{_short(f.computation)}", style="green"))
            for c in f.cells[:6]:
                ln = f"（第{c.line}行）" if c.line else ""
                console.print(
                    Text(f"      表格：《{c.table}》{c.row} / {c.column} = {c.text}{ln}", style="dim")
                )
    c = report.counts()
    cov = report.coverage
    console.print()
    console.print(
        f"[bold]{c['error']}[/] 个错误，[bold]{c['warning']}[/] 个警告，{c['info']} 条提示；"
        f"文字中的数字 {cov.narrative_numbers} 个（{cov.accounted_pct:g}% 已核对或注明原因），提取表述 {cov.claims_extracted} 条，"
        f"已核对 {cov.claims_verified} 条，无法核对 {cov.claims_unverified} 条；"
        f"识别表格 {len(report.tables)} 张。"
    )
    console.print(
        Text(
            f"实际核对：可核对的 {cov.checkable} 项表述中核对了 {cov.claims_verified} 项（{cov.verified_pct:g}%）"
            + (f"；另有 {cov.no_counterpart} 项报告中无可对照的数" if cov.no_counterpart else "")
            + "。",
            style="bold",
        )
    )
    _unchecked(report, console)
    if report.llm:
        llm = report.llm
        console.print(
            Text(
                f"LLM（{llm.get('model', '')}，提示词 {llm.get('prompt_version', '')}）："
                f"请求 {llm.get('requests', 0)} 次，缓存命中 {llm.get('cache_hits', 0)} 次，"
                f"采纳表述 {llm.get('claims_kept', 0)} 条；因数字不在原文而丢弃 "
                f"{cov.llm_dropped_ungrounded} 条；与规则读法不同 {cov.llm_disagreements} 条，"
                f"未能读取 {llm.get('sentences_failed', 0)} 句；请求次数含重试，"
                f"词元 {llm.get('prompt_tokens', 0)}+{llm.get('completion_tokens', 0)}。",
                style="dim",
            )
        )
    reasons = sorted(cov.unverified_reasons.items(), key=lambda kv: -kv[1])[:3]
    if reasons:
        console.print(
            Text("无法核对的主要原因：" + "；".join(f"{r}（{n}）" for r, n in reasons), style="dim")
        )


def _unchecked(report: Report, console: Console) -> None:
    """A report not (fully) checked says so first and last: no one may take it for clean."""
    if report.status != "unchecked":
        return
    console.print(Text("未完成核对——此结果不代表报告没有问题：", style="bold red"))
    for r in report.reading:
        console.print(Text(f"  · {r}", style="red"))


COMPUTATION_LIMIT = 320


def _short(text: str) -> str:
    """Long computations (a whole column's rows) are cut in the terminal; JSON/HTML keep all."""
    if len(text) <= COMPUTATION_LIMIT:
        return text
    cut = text.rfind("；", 0, COMPUTATION_LIMIT)
    return text[: cut if cut > 0 else COMPUTATION_LIMIT] + "；……（完整算式见 --format json 或 html）"


def _highlight(excerpt: str, stated: str) -> Text:
    t = Text(excerpt)
    if stated:
        i = excerpt.find(stated)
        if i >= 0:
            t.stylize("bold reverse", i, i + len(stated))
    return t


def _kind_label(kind: str) -> str:
    return {"final": "部门决算", "budget": "部门预算"}.get(kind, "类型未识别")
