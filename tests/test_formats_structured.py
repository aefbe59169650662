"""DOCX merged cells, XLSX number formats and merges, HTML spans — on small hand-made files."""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document as Docx
from openpyxl import Workbook

from checker.ingest import load
from checker.ingest.html import parse_html
from checker.ingest.xlsx import format_number


def _texts(block) -> list[list[str]]:
    return [[c.text for c in r] for r in block.rows]


def test_docx_merged_cells_expand_to_one_cell_per_column(tmp_path):
    d = Docx()
    d.add_heading("三、支出决算表", level=2)
    d.add_paragraph("单位：万元")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"  # vertical merge (vMerge)
    t.cell(0, 1).merge(t.cell(0, 3)).text = "本年支出"  # horizontal merge (gridSpan)
    for j, text in enumerate(["小计", "基本支出", "项目支出"], start=1):
        t.cell(1, j).text = text
    for j, text in enumerate(["合计", "5,320.16", "1,383.39", "3,936.77"]):
        t.cell(2, j).text = text
    d.add_paragraph("一般公共预算财政拨款支出5320.16万元。")
    p = tmp_path / "r.docx"
    d.save(p)
    doc = load(p)
    assert [(b.kind, b.text) for b in doc.blocks if b.kind != "table"] == [
        ("heading", "三、支出决算表"),
        ("paragraph", "单位：万元"),
        ("paragraph", "一般公共预算财政拨款支出5320.16万元。"),
    ]
    assert doc.blocks[0].level == 2
    [tb] = doc.tables()
    assert _texts(tb) == [
        ["项目", "本年支出", "", ""],
        ["", "小计", "基本支出", "项目支出"],
        ["合计", "5,320.16", "1,383.39", "3,936.77"],
    ]
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "table", "paragraph"]


@pytest.mark.parametrize(
    "value, fmt, shown",
    [
        (1234.5, "#,##0.00", "1,234.50"),
        (73.1, "0.00", "73.10"),
        (2.675, "0.00", "2.68"),  # half up on the decimal as written, not the binary float
        (0.118, "0.0%", "11.8%"),
        (5, "General", "5"),
        (52.1, "General", "52.1"),
        (-3.5, "#,##0.00;[Red]-#,##0.00", "-3.50"),
        (1783, '#,##0"元"', "1,783"),
        (Decimal("0.005"), "0.00", "0.01"),
    ],
)
def test_xlsx_numbers_print_as_the_sheet_shows(value, fmt, shown):
    assert format_number(value, fmt) == shown


def test_xlsx_sheet_title_rows_merges_and_formats(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "公开03表"
    ws.append(["支出决算表"])
    ws.append(["单位：万元"])
    ws.append(["项目", None, "本年支出合计", "基本支出"])
    ws.merge_cells("A3:B3")
    ws.append(["208", "社会保障和就业支出", 5159.02, 1222.25])
    ws["C4"].number_format = ws["D4"].number_format = "#,##0.00"
    ws.append(["合计", None, 5320.1, 1383.4])
    ws["C5"].number_format = ws["D5"].number_format = "0.00"
    hidden = wb.create_sheet("草稿")
    hidden.append(["不应读取", 1])
    hidden.sheet_state = "hidden"
    p = tmp_path / "r.xlsx"
    wb.save(p)
    doc = load(p)
    assert [(b.kind, b.text) for b in doc.blocks if b.kind != "table"] == [
        ("paragraph", "支出决算表"),
        ("paragraph", "单位：万元"),
    ]
    [t] = doc.tables()
    assert _texts(t) == [
        ["项目", "", "本年支出合计", "基本支出"],
        ["208", "社会保障和就业支出", "5,159.02", "1,222.25"],
        ["合计", "", "5320.10", "1383.40"],
    ]
    assert [r[0].line for r in t.rows] == [3, 4, 5]  # sheet row numbers
    assert doc.kind == "final"


def test_xlsx_sheet_without_title_rows_takes_the_sheet_name():
    from checker.ingest.xlsx import sheet_blocks

    blocks = sheet_blocks(
        "收入决算表", [[("项目", "General"), ("金额", "General")], [("合计", "General"), (1, "0.00")]]
    )
    assert (blocks[0].kind, blocks[0].text) == ("paragraph", "收入决算表")
    assert _texts(blocks[1]) == [["项目", "金额"], ["合计", "1.00"]]


def test_xlsx_numbered_title_row_is_a_heading_as_in_text():
    from checker.ingest.xlsx import sheet_blocks

    rows = [
        [("三、支出决算表", "General")],
        [("单位：万元", "General")],
        [("项目", "General"), ("金额", "General")],
    ]
    blocks = sheet_blocks("表3", [*rows, [("合计", "General"), (1, "0.00")]])
    assert [(b.kind, b.text, b.level) for b in blocks[:2]] == [
        ("heading", "三、支出决算表", 2),
        ("paragraph", "单位：万元", None),
    ]


def test_html_colspan_rowspan_headings_and_skipped_script():
    doc = parse_html(
        """<html><head><title>x</title><style>p{}</style></head><body>
        <h2>一、收入支出决算总体情况说明</h2>
        <p>2024年度收入总计<b>5,320.16</b>万元，
           支出总计5,320.16万元。</p><script>var a = "<p>不要</p>";</script>
        <table>
          <tr><th rowspan="2">项目</th><th colspan="2">本年支出</th></tr>
          <tr><th>基本支出</th><th>项目支出</th></tr>
          <tr><td>合计</td><td>1,383.39</td><td>3,936.77</td></tr>
        </table>
        <div>单位：万元<br>第二行</div></body></html>"""
    )
    assert [(b.kind, b.text, b.level) for b in doc.blocks if b.kind != "table"] == [
        ("heading", "一、收入支出决算总体情况说明", 2),
        ("paragraph", "2024年度收入总计5,320.16万元， 支出总计5,320.16万元。", None),
        ("paragraph", "单位：万元", None),
        ("paragraph", "第二行", None),
    ]
    [t] = doc.tables()
    assert _texts(t) == [
        ["项目", "本年支出", ""],
        ["", "基本支出", "项目支出"],
        ["合计", "1,383.39", "3,936.77"],
    ]


def test_html_in_gb18030_with_declared_charset(tmp_path):
    p = tmp_path / "r.html"
    p.write_bytes('<meta charset="gbk"><p>部门决算 73.10 万元</p>'.encode("gb18030"))
    doc = load(p)
    assert [b.text for b in doc.blocks] == ["部门决算 73.10 万元"]


def test_spaces_spreading_a_header_cell_are_dropped_as_in_text_cells():
    doc = parse_html(
        "<table><tr><td>项  目</td><td>金 额</td></tr><tr><td>合计 A</td><td>1 234</td></tr></table>"
    )
    # only spaces between CJK characters go; others are words or separate numbers
    assert _texts(doc.tables()[0]) == [["项目", "金额"], ["合计 A", "1 234"]]


def test_xlsx_rows_of_meta_lines_above_the_grid_are_paragraphs():
    from checker.ingest.xlsx import sheet_blocks

    g = "General"
    rows = [
        [("收入支出决算总表", g)],
        [(None, g), (None, g), ("公开01表", g)],
        [("部门：某某局", g), (None, g), ("单位：万元", g)],
        [("项目", g), ("行次", g), ("金额", g)],
        [("本年收入合计", g), ("1", g), (5320.16, "0.00")],
    ]
    blocks = sheet_blocks("Sheet1", rows)
    assert [(b.kind, b.text) for b in blocks[:3]] == [
        ("paragraph", "收入支出决算总表"),
        ("paragraph", "公开01表"),
        ("paragraph", "部门：某某局 单位：万元"),
    ]
    assert _texts(blocks[3]) == [["项目", "行次", "金额"], ["本年收入合计", "1", "5320.16"]]
