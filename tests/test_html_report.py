"""HTML report: highlighting by claim status, findings with cells, everything escaped."""

from __future__ import annotations

from pathlib import Path

from checker.claims.model import Claim, Span
from checker.findings import CellRef, Finding, Location
from checker.pipeline import ClaimRecord, Report
from checker.report.html import render, render_index

SENT = "卫生健康支出（类）支出73.11万元，占1.3%。"


def _report(extra_text: str = "") -> Report:
    s = SENT + extra_text
    amount = Claim(
        kind="amount", value_text="73.11", unit="万元", sentence=s, span=Span(start=11, end=16), line=40
    )
    share = Claim(kind="share", value_text="1.3", unit="%", sentence=s, span=Span(start=20, end=23), line=40)
    f = Finding(
        code="N301",
        rule="amount-restated",
        severity="error",
        kind="amount",
        stated="73.11",
        expected="73.10",
        excerpt=s,
        message="文中金额与表格不一致" + extra_text,
        computation="表中 73.10，文中 73.11",
        location=Location(line=40, section="五、说明"),
        cells=[
            CellRef(table="一般公共预算财政拨款支出决算表", row="210", column="合计", text="73.10", line=300)
        ],
    )
    return Report(
        source="x.txt",
        title="某部门2023年度部门决算",
        findings=[f],
        claims=[ClaimRecord(claim=amount, status="finding"), ClaimRecord(claim=share, status="consistent")],
    )


def test_spans_are_highlighted_by_status():
    # the spans above were counted by hand on SENT: 73.11 at 11..16, 1.3 at 20..23
    assert SENT[11:16] == "73.11" and SENT[20:23] == "1.3"
    page = render(_report())
    assert "<mark class='err' data-status='finding'" in page and ">73.11</mark>" in page
    assert "<mark class='ok' data-status='consistent'" in page and ">1.3</mark>" in page
    assert "class='cell-used'>73.10<" in page
    assert "表中 73.10，文中 73.11" in page
    assert "N301 错误</b>" in page  # severity in the reviewer's language


def test_script_in_report_text_is_escaped():
    page = render(_report("<script>document.title='pwned'</script>"))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_error_report_and_index():
    r = Report(source="<b>bad</b>.txt", status="error", error="无法读取 <x>")
    page = render(r)
    assert "无法检查" in page and "<b>bad" not in page and "&lt;x&gt;" in page
    idx = render_index([("p.html", "a<b>.txt", _report())])
    assert "href='p.html'" in idx and "a&lt;b&gt;.txt" in idx


def test_typed_tables_rendered_with_cited_cell_highlighted():
    from checker.tables.model import TableCell, TableColumn, TableKind, TableRow, Tables, TypedTable

    kind = next(iter(TableKind))
    t = TypedTable(
        index=0,
        kind=kind,
        title="一般公共预算财政拨款支出决算表",
        columns=[TableColumn(key="total", label="合计")],
        rows=[
            TableRow(
                label="卫生健康支出", code="210", cells={"total": TableCell(text="73.10", line=300)}, line=300
            ),
            TableRow(
                label="教育支出", code="205", cells={"total": TableCell(text="<b>9</b>", line=301)}, line=301
            ),
        ],
    )
    r = _report()
    r.typed_tables = Tables(tables=[t])
    page = render(r)
    assert "<td class='cell-used'>73.10</td>" in page  # cited by the finding (line 300)
    assert "<td>&lt;b&gt;9&lt;/b&gt;</td>" in page  # not cited, and escaped
    assert "typed_tables" not in r.model_dump_json()  # JSON contract unchanged


def test_report_without_narrative_says_so():
    page = render(Report(source="t.txt"))
    assert "未从情况说明中提取到可核对的数字表述" in page and "<mark" not in page


def test_the_page_says_how_much_was_actually_verified():
    from checker.pipeline import check_file
    from checker.report.html import render

    seed = sorted((Path(__file__).parent.parent / "fixtures" / "seeds").glob("000_*.txt"))[0]
    report = check_file(seed)
    page = render(report)
    cov = report.coverage
    assert f"可核对的 {cov.checkable} 项表述中核对了 {cov.claims_verified} 项" in page
