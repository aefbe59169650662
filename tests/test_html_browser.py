"""Headless Chromium loads the HTML reports and shows what a reviewer should see."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.claims.model import Claim, Span
from checker.findings import CellRef, Finding, Location
from checker.pipeline import ClaimRecord, Report, check_file
from checker.report.html import render

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SEED_000 = next((Path(__file__).parent.parent / "fixtures" / "seeds").glob("000_*.txt"))


def dump_dom(page: str, tmp_path: Path) -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail("需要 chromium（.ci/run 会安装 /usr/bin/chromium）")
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    profile = tmp_path / "profile"
    out = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            f.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def _report(message: str) -> Report:
    s = "卫生健康支出（类）支出73.11万元。"
    c = Claim(
        kind="amount", value_text="73.11", unit="万元", sentence=s, span=Span(start=11, end=16), line=40
    )
    f = Finding(
        code="N301",
        rule="amount",
        severity="error",
        kind="amount",
        stated="73.11",
        expected="73.10",
        excerpt=s,
        message=message,
        computation="表中 73.10，文中 73.11",
        location=Location(line=40),
        cells=[CellRef(table="支出决算表", row="210", column="合计", text="73.10")],
    )
    return Report(
        source="x.txt", title="测试报告", findings=[f], claims=[ClaimRecord(claim=c, status="finding")]
    )


def test_script_in_report_renders_inert(tmp_path):
    dom = dump_dom(
        render(
            _report("<script>document.title='pwned'</script><img src=x onerror=\"document.title='img'\">")
        ),
        tmp_path,
    )
    assert "<title>检查报告：测试报告</title>" in dom
    assert "pwned</title>" not in dom and "img</title>" not in dom
    assert "&lt;script&gt;" in dom


def test_red_highlight_beside_the_cell(tmp_path):
    dom = dump_dom(render(_report("文中金额与表格不一致")), tmp_path)
    assert '<mark class="err" data-status="finding"' in dom
    mark_at = dom.index(">73.11</mark>")
    cell_at = dom.index('class="cell-used">73.10<')
    assert mark_at < cell_at  # the finding with its cell follows the highlighted sentence


def test_seed_000_page_structure(tmp_path):
    report = check_file(SEED_000)
    assert report.status == "ok"
    dom = dump_dom(render(report), tmp_path)
    assert "<h1>" in dom and "情况说明" in dom
    assert dom.count("<mark ") <= len(report.claims)  # overlapping spans are shown once
    # 73.11 against the table's 73.10: one unit in the last digit is a tail difference,
    # which the rounding rules grade a warning (amber), not an error (red).
    m = re.search(r'<mark class="(\w+)" data-status="(\w+)"[^>]*>73\.11</mark>', dom)
    assert m is not None and m.groups() == ("warn", "finding")
    assert dom.find('class="cell-used">73.10<', m.end()) > 0  # the finding beside it shows the cell
