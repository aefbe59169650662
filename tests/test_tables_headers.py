"""Headers, classification, code-less hierarchy, page-break joins and odd grids, on
hand-built grids."""

from __future__ import annotations

import pytest

from checker.document import Block, Cell, Document
from checker.tables.classify import classify, classify_title
from checker.tables.columns import make_columns, path_key
from checker.tables.headers import header_paths, split_header
from checker.tables.hierarchy import infer_hierarchy
from checker.tables.model import TableCell, TableRow, TypedTable
from checker.tables.model import TableKind as K
from checker.tables.parse import parse_tables


def _rows(lines: list[str], start: int = 1) -> list[list[Cell]]:
    return [[Cell(text=t, line=start + i) for t in ln.split("\t")] for i, ln in enumerate(lines)]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("收入支出决算总表", K.SUMMARY),
        ("收支预算总表", K.SUMMARY),
        ("部门收支总表", K.SUMMARY),
        ("收入决算表", K.INCOME),
        ("收入总表", K.INCOME),
        ("支出预算总表", K.EXPENSE),
        ("财政拨款收入支出决算总表", K.FISCAL_SUMMARY),
        ("财政拨款收支总表", K.FISCAL_SUMMARY),
        ("一般公共预算财政拨款支出决算表", K.GPB_EXPENSE),
        ("一般公共预算支出表", K.GPB_EXPENSE),
        ("一般公共预算财政拨款基本支出决算明细表", K.BASIC_DETAIL),
        ("一般公共预算基本支出预算表", K.BASIC_DETAIL),
        ("政府性基金预算财政拨款收入支出决算表", K.GOV_FUND),
        ("国有资本经营预算财政拨款支出决算表", K.STATE_CAPITAL),
        ("财政拨款“三公”经费支出决算表", K.THREE_PUBLIC),
        ("一般公共预算 “三公” 经费支出表", K.THREE_PUBLIC),
        ("项目支出表", K.PROJECT),
        ("部门预算项目支出绩效自评表", K.PERF_SELF_EVAL),
        ("项目支出绩效目标表(项目一)", K.PERF_TARGET),
        ("机关运行经费支出情况表", K.ORG_RUNNING),
        ("政府采购支出情况表", K.PROCUREMENT),
        ("财政拨款委托业务费支出预算表", K.ENTRUSTED),
        ("人员编制情况表", K.UNKNOWN),
        ("财政拨款支出预算表", K.GPB_EXPENSE),
        ("部门整体支出绩效目标表", K.PERF_TARGET),
        ("政府采购预算表", K.PROCUREMENT),
        ("政府购买服务预算表", K.UNKNOWN),
        ("国有资产占有使用情况表", K.UNKNOWN),
        ("2024年度部门决算报表", K.UNKNOWN),
    ],
)
def test_classify_titles(title: str, kind: K):
    assert classify_title(title) is kind


def test_classify_falls_back_to_number_and_header():
    assert classify("", "公开05表", "") is K.GPB_EXPENSE
    assert classify("", "", "预算数决算数合计因公出国(境)费公务用车购置及运行费公务接待费") is K.THREE_PUBLIC
    # A 三公 statistics grid (团组数, 人次) is not the 三公 amounts table.
    assert classify("", "", "项目统计数因公出国(境)团组数(个)国内公务接待批次(个)") is K.UNKNOWN


def test_grouped_header_paths_and_keys():
    rows = _rows(
        [
            "项目\t\t本年支出\t\t\t\t",
            "功能分类科目编码\t科目名称\t小计\t基本支出\t\t\t项目支出",
            "\t\t\t小计\t人员经费\t公用经费\t",
            "栏次\t\t1\t2\t3\t4\t5",
            "合计\t\t10.00\t6.00\t4.00\t2.00\t4.00",
        ]
    )
    start, numbers = split_header(rows)
    assert (start, numbers) == (4, 3)
    paths = header_paths(rows[:3], 7)
    assert paths[2] == ["本年支出", "小计"]
    assert paths[3] == ["本年支出", "基本支出", "小计"]
    assert paths[4] == ["本年支出", "基本支出", "人员经费"]
    assert paths[6] == ["本年支出", "项目支出"]
    assert [path_key(p) for p in paths[2:]] == ["total", "basic", "personnel", "public", "project"]


def test_header_words_broken_over_two_rows_are_joined():
    paths = header_paths(_rows(["项目\t本年收入合\t财政拨款收", "科目名称\t计\t入"]), 3)
    assert paths[1] == ["本年收入合计"] and paths[2] == ["财政拨款收入"]


def test_keys_are_unique_and_years_tell_prior():
    cols = make_columns([["2025年预算数"], ["2024年预算数"], ["本年预算", "合计"], ["上年结转", "合计"]])
    assert [c.key for c in cols] == ["total", "prior", "current", "carryover"]
    dup = make_columns([["本年预算", "一般公共预算"], ["上年结转", "一般公共预算"]])
    assert [c.key for c in dup] == ["gpb", "carryover.gpb"]


def _row(label: str, *vals: str, total: bool = False) -> TableRow:
    keys = ["total", "basic", "project"]
    return TableRow(
        label=label, is_total=total, cells={k: TableCell(text=v) for k, v in zip(keys, vals, strict=False)}
    )


def test_codeless_hierarchy_from_sums():
    rows = [
        _row("一、教育支出", "30.00", "20.00", "10.00"),
        _row("普通教育", "25.00", "20.00", "5.00"),
        _row("小学教育", "15.00", "15.00", ""),
        _row("初中教育", "10.00", "5.00", "5.00"),
        _row("其他教育支出", "5.00", "", "5.00"),
        _row("其他教育支出", "5.00", "", "5.00"),
        _row("二、卫生健康支出", "7.00", "7.00", ""),
        _row("行政事业单位医疗", "7.00", "7.00", ""),
        _row("行政单位医疗", "7.00", "7.00", ""),
        _row("合计", "37.00", "27.00", "10.00", total=True),
    ]
    assert infer_hierarchy(rows, ["total", "basic", "project"])
    assert [r.level for r in rows] == [1, 2, 3, 3, 2, 3, 1, 2, 3, None]
    assert rows[3].parent == 1 and rows[1].parent == 0 and rows[5].parent == 4 and rows[8].parent == 7


def test_codeless_hierarchy_refuses_when_sums_do_not_fit():
    rows = [_row("一、教育支出", "30.00"), _row("普通教育", "20.00"), _row("小学教育", "7.00")]
    assert not infer_hierarchy(rows, ["total"])
    assert rows[1].level is None and rows[2].parent is None


def _doc(*blocks: Block) -> Document:
    return Document(source="t.txt", kind="final", blocks=list(blocks))


def _titled(title: str, lines: list[str]) -> TypedTable:
    """The first typed table of a document: a title line, then the grid (tab-separated)."""
    doc = _doc(Block(kind="paragraph", text=title, line=1), Block(kind="table", line=2, rows=_rows(lines, 2)))
    return parse_tables(doc).tables[0]


HEAD = ["科目编码\t科目名称\t合计\t基本支出\t项目支出", "栏次\t\t1\t2\t3"]


def test_table_continued_after_a_page_break_is_joined():
    first = Block(
        kind="table",
        line=3,
        rows=_rows([*HEAD, "合计\t\t3.00\t2.00\t1.00", "201\t一般公共服务支出\t2.00\t2.00\t"], 3),
    )
    page = Block(kind="paragraph", text="— 7 —", line=8)
    # The next page repeats the header rows, then goes on with data.
    second = Block(kind="table", line=9, rows=_rows([*HEAD, "205\t教育支出\t1.00\t\t1.00"], 9))
    doc = _doc(
        Block(kind="paragraph", text="支出决算表", line=1),
        Block(kind="paragraph", text="单位：元", line=2),
        first,
        page,
        second,
    )
    tables = parse_tables(doc).tables
    assert len(tables) == 1
    t = tables[0]
    assert t.kind is K.EXPENSE and t.unit == "元"
    assert [r.code for r in t.rows if r.code] == ["201", "205"]
    assert t.by_code("205").cells["project"].text == "1.00"
    assert any("跨页" in n for n in t.notes)


def test_a_new_title_starts_a_new_table():
    a = Block(kind="table", line=2, rows=_rows([*HEAD, "合计\t\t3.00\t2.00\t1.00"], 2))
    b = Block(kind="table", line=7, rows=_rows([*HEAD, "合计\t\t1.00\t1.00\t"], 7))
    doc = _doc(
        Block(kind="paragraph", text="支出决算表", line=1),
        a,
        Block(kind="paragraph", text="一般公共预算财政拨款支出决算表", line=6),
        b,
    )
    assert [t.kind for t in parse_tables(doc).tables] == [K.EXPENSE, K.GPB_EXPENSE]


def test_unknown_and_odd_grids_are_kept():
    doc = _doc(
        Block(kind="paragraph", text="人员编制情况表", line=1),
        Block(kind="table", line=2, rows=_rows(["类别\t人数", "在职人员\t12", "退休人员\t3"], 2)),
        Block(kind="paragraph", text="收入支出决算总表", line=5),
        Block(kind="table", line=6, rows=[[Cell(text="收入")], [], [Cell(text="")]]),
    )
    tables = parse_tables(doc).tables
    assert [t.kind for t in tables] == [K.UNKNOWN, K.SUMMARY]
    unknown = tables[0]
    assert unknown.title == "人员编制情况表"
    assert unknown.find("在职人员").cells["人数"].text == "12"


def test_layout_overrides_a_carried_over_title():
    # One title per sheet: a 三公 grid under the previous sheet's title is still 三公.
    head = "预算数决算数合计因公出国(境)费公务用车购置及运行费公务接待费"
    assert classify("国有资本经营预算财政拨款支出决算表", "", head) is K.THREE_PUBLIC
    # 公开01 vs 公开04 share a layout: the title decides.
    side = "收入支出项目行次金额项目行次合计"
    assert classify("财政拨款收入支出决算总表", "", side) is K.FISCAL_SUMMARY
    assert classify("", "", side, "一、一般公共预算财政拨款收入|四、上级补助收入") is K.SUMMARY
    assert classify("", "", side, "一、一般公共预算财政拨款|二、政府性基金预算财政拨款") is K.FISCAL_SUMMARY


def test_classify_from_header_words_without_title():
    assert classify("", "", "项目本年收入合计财政拨款收入上级补助收入事业收入") is K.INCOME
    assert classify("", "", "科目编码科目名称合计基本支出项目支出上缴上级支出") is K.EXPENSE
    assert classify("", "", "功能分类科目名称总计基本支出项目支出合计人员经费公用经费") is K.GPB_EXPENSE
    assert classify("", "", "类型项目名称一级项目二级项目合计") is K.PROJECT
    assert (
        classify("", "", "项目2024年预算数", "合计|1、因公出国(境)费用|2、公务接待费|3、公务用车费")
        is K.THREE_PUBLIC
    )


def test_workbook_sheets_are_never_joined():
    a = Block(kind="table", line=2, rows=_rows([*HEAD, "合计\t\t3.00\t2.00\t1.00"], 2))
    b = Block(kind="table", line=2, rows=_rows([*HEAD, "205\t教育支出\t1.00\t\t1.00"], 2))
    doc = Document(source="t.xlsx", format="xlsx", kind="final", blocks=[a, b])
    assert len(parse_tables(doc).tables) == 2
    doc_txt = Document(source="t.txt", format="txt", kind="final", blocks=[a, b])
    assert len(parse_tables(doc_txt).tables) == 1


def test_title_number_and_unit_inside_the_grid():
    rows = _rows(
        [
            "一般公共预算财政拨款支出决算表\t\t\t\t",
            "公开05表\t\t\t\t单位：元",
            *HEAD,
            "合计\t\t3.00\t2.00\t1.00",
        ]
    )
    t = parse_tables(_doc(Block(kind="table", line=1, rows=rows))).tables[0]
    assert (t.kind, t.title, t.number, t.unit) == (
        K.GPB_EXPENSE,
        "一般公共预算财政拨款支出决算表",
        "公开05表",
        "元",
    )
    assert [c.key for c in t.columns] == ["total", "basic", "project"]
    assert t.total_row().cells["project"].text == "1.00"


def test_prefixed_title_line():
    t = _titled("附表3：支出决算表", [*HEAD, "合计\t\t3.00\t2.00\t1.00"])
    assert t.kind is K.EXPENSE and t.title == "支出决算表"


def test_codes_printed_in_class_section_item_columns():
    t = _titled(
        "支出决算表",
        [
            "类\t款\t项\t科目名称\t合计\t基本支出\t项目支出",
            "208\t\t\t社会保障和就业支出\t5.00\t5.00\t",
            "208\t01\t\t人力资源和社会保障管理事务\t5.00\t5.00\t",
            "208\t01\t09\t社会保险经办机构\t5.00\t5.00\t",
        ],
    )
    assert [c.key for c in t.columns] == ["total", "basic", "project"]
    r = t.by_code("2080109")
    assert r is not None and r.label == "社会保险经办机构" and r.level == 3
    assert t.rows[r.parent].code == "20801"


def test_basic_detail_blocks_under_a_group_row():
    t = _titled(
        "一般公共预算财政拨款基本支出决算表",
        [
            "人员经费\t\t\t公用经费\t\t",
            "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数",
            "301\t工资福利支出\t8.00\t302\t商品和服务支出\t2.00",
            "30101\t基本工资\t8.00\t30201\t办公费\t2.00",
        ],
    )
    assert t.kind is K.BASIC_DETAIL
    assert t.by_code("30201").cells["total"].text == "2.00"
    assert t.rows[t.by_code("30201").parent].code == "302"


def test_merged_cells_repeated_by_the_reader():
    t = _titled(
        "支出决算表",
        [
            "项目\t项目\t本年支出\t本年支出\t本年支出",
            "科目编码\t科目名称\t合计\t基本支出\t项目支出",
            "合计\t合计\t3.00\t2.00\t1.00",
            "201\t一般公共服务支出\t3.00\t2.00\t1.00",
        ],
    )
    assert [c.key for c in t.columns] == ["total", "basic", "project"]
    assert t.total_row().label == "合计"
    assert t.by_code("201").cells["basic"].text == "2.00"


def test_budget_and_final_columns_in_one_table():
    cols = make_columns([["年初预算数"], ["调整预算数"], ["决算数"], ["完成率(%)"]])
    assert [c.key for c in cols] == ["budget", "adjusted_budget", "total", "rate"]


def test_budget_and_final_halves_keep_final_keys_plain():
    cols = make_columns(
        [
            ["年初预算数", "小计"],
            ["年初预算数", "基本支出"],
            ["年初预算数", "项目支出"],
            ["决算数", "小计"],
            ["决算数", "基本支出"],
            ["决算数", "项目支出"],
        ]
    )
    assert [c.key for c in cols] == ["budget", "budget.basic", "budget.project", "total", "basic", "project"]
    # Budget tables grouping by 本年预算 / 上年结转 are not split into halves.
    plain = make_columns([["本年预算", "合计"], ["本年预算", "一般公共预算"], ["上年结转", "合计"]])
    assert [c.key for c in plain] == ["current", "gpb", "carryover"]
