"""The terminal view: what a reviewer reads first."""

from __future__ import annotations

import io

from rich.console import Console

from checker.findings import Finding, Location
from checker.pipeline import Coverage, Report
from checker.report.terminal import COMPUTATION_LIMIT, render


def _render(report: Report) -> str:
    buf = io.StringIO()
    render(report, Console(file=buf, soft_wrap=True, force_terminal=False))
    return buf.getvalue()


def _finding(**kw) -> Finding:
    base = dict(
        code="N301",
        rule="narrative-amount-restated",
        severity="error",
        kind="amount",
        stated="73.11",
        expected="73.10",
        excerpt="卫生健康支出（类）支出 73.11 万元，占 1.3%",
        message="文中金额 73.11 与表中 73.10 不一致。",
        location=Location(line=425, section="（二）一般公共预算财政拨款支出决算结构情况"),
    )
    base.update(kw)
    return Finding(**base)


def test_findings_come_under_their_section_with_place_excerpt_and_arithmetic():
    out = _render(
        Report(source="r.txt", kind="final", findings=[_finding(computation="46.43 + 26.67 = 73.10")])
    )
    lines = out.splitlines()
    i = lines.index("（二）一般公共预算财政拨款支出决算结构情况")
    assert lines[i + 1].strip().startswith("错误 N301 文中金额 73.11")
    assert (
        "第425行" in lines[i + 2] and "73.11 万元" in lines[i + 3] and "46.43 + 26.67 = 73.10" in lines[i + 4]
    )
    assert "1 个错误" in out


def test_a_whole_columns_computation_is_cut_in_the_terminal():
    long = "；".join(f"第{i}行：1.00 + 2.00 = 3.00，表中为 9.00" for i in range(40))
    out = _render(Report(source="r.txt", findings=[_finding(computation=long)]))
    calc = next(ln for ln in out.splitlines() if "计算：" in ln)
    assert len(calc) < COMPUTATION_LIMIT + 60 and calc.endswith("（完整算式见 --format json 或 html）")


def test_unverified_reasons_and_llm_bookkeeping_are_summarised():
    cov = Coverage(
        claims_unverified=5,
        unverified_reasons={"表中及句中均无上年数，增减额无法复算": 4, "基数为 0": 1},
        llm_dropped_ungrounded=2,
    )
    llm = {"model": "m", "prompt_version": "claims_v1", "requests": 3, "cache_hits": 1, "claims_kept": 7}
    out = _render(Report(source="r.txt", coverage=cov, llm=llm))
    assert "无法核对的主要原因：表中及句中均无上年数，增减额无法复算（4）；基数为 0（1）" in out
    assert "请求 3 次，缓存命中 1 次，采纳表述 7 条；因数字不在原文而丢弃 2 条" in out
