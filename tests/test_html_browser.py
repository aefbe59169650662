"""Headless Chromium loads the HTML reports and shows what a reviewer should see."""

from __future__ import annotations

import html
import json
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
PDF_000 = next((Path(__file__).parent.parent / "fixtures" / "formats").glob("000_*.pdf"))


def dump_dom(page: str, tmp_path: Path, *extra: str) -> str:
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
            *extra,
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


# Run in the loaded page: every crop decoded, and the crop of the finding on 73.11 laid out
# at a visible size inside the window once scrolled to (the page itself has no script).
PROBE = """<script>
addEventListener('load', () => {
  const imgs = [...document.querySelectorAll('figure.crop img')];
  const fig = [...document.querySelectorAll('div.finding')]
    .find(d => d.textContent.includes('文中 73.11')).querySelector('figure.crop');
  fig.querySelector('img').scrollIntoView({block: 'center'});
  const r = fig.querySelector('img').getBoundingClientRect();
  const style = getComputedStyle(fig.querySelector('img'));
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({
    images: imgs.length,
    decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    page: fig.dataset.page,
    w: r.width, h: r.height, top: r.top, left: r.left, innerH: innerHeight, innerW: innerWidth,
    visible: style.visibility === 'visible' && style.display !== 'none',
  });
  document.body.appendChild(out);
});
</script>"""


def _pdf_report() -> Report:
    """Two findings on the seed PDF (pages read off the rendered PDF by hand): 73.11 stated
    on page 18 against the table's 73.10 on page 10, and a number the page does not have."""
    found = _report("文中金额与表格不一致").findings[0]
    found.excerpt = "卫生健康支出（类）支出73.11万元，占1.3%；"
    found.location = Location(line=339, page=18)
    found.cells = [
        CellRef(table="支出决算表", row="210 卫生健康支出", column="本年支出小计", text="73.10", page=10)
    ]
    missing = found.model_copy(update={"stated": "98765.43", "excerpt": "支出98765.43万元"})
    return Report(source=str(PDF_000), format="pdf", title="测试报告", findings=[found, missing])


def test_pdf_findings_show_their_page_crops(tmp_path):
    page = render(_pdf_report()).replace("</body>", PROBE + "</body>")
    dom = dump_dom(page, tmp_path, "--window-size=1280,900", "--virtual-time-budget=5000")
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom)
    assert m is not None, dom[-500:]
    probe = json.loads(html.unescape(m.group(1)))
    # 73.11: page 18 boxed + page 10 with the cell; the missing number: page 18 whole + the
    # cell on page 10 (it is still found)
    assert probe["images"] == 4
    assert probe["decoded"] == 4  # every data: PNG decodes
    assert probe["page"] == "18"
    assert probe["visible"] and probe["w"] > 300 and probe["h"] > 40
    assert 0 <= probe["top"] and probe["top"] + probe["h"] <= probe["innerH"]  # inside the window
    assert 0 <= probe["left"] and probe["left"] + probe["w"] <= probe["innerW"]
    assert "未能在页面上定位该数字" in dom
