"""Sparse placement on small hand-built grids (space-separated exports drop empty cells)."""

from __future__ import annotations

from checker.document import Block, Cell, Document
from checker.tables.model import TableKind, TypedTable
from checker.tables.parse import parse_tables
from checker.tables.placement import Placer, SparseRow, identities_for
from checker.tables.sparse import choose_keys, scan_keys

GPB = ["total", "basic", "personnel", "public", "project"]


def _place(rows: list[SparseRow], keys: list[str]) -> list[dict[str, str]]:
    Placer(rows, len(keys), keys).run()
    return [{keys[c]: v for c, v in zip(r.placement, r.values, strict=False)} for r in rows]


def test_identities_apply_only_to_present_columns():
    ids = identities_for(GPB)
    # total = basic + project (+ absent keys ignored); basic = personnel + public.
    assert (0, [1, 4]) in ids and (1, [2, 3]) in ids
    assert identities_for(["total", "basic"]) == []


def test_row_identity_picks_the_columns():
    # 100 = 60 + 40 (合计 = 基本 + 项目) and 60 = 60 + 0 (基本 = 人员 + 公用).
    got = _place([SparseRow(values=["100", "60", "60", "40"])], GPB)
    assert got == [{"total": "100", "basic": "60", "personnel": "60", "project": "40"}]


def test_ties_go_to_the_leftmost_columns():
    got = _place([SparseRow(values=["5", "5", "5"])], GPB)
    assert got == [{"total": "5", "basic": "5", "personnel": "5"}]


def test_parent_sum_decides_a_row_that_breaks_its_own_identity():
    # A parent (code 20805), two children, and a child with a typo (17783 for 1783):
    # only total=1783 / project=17783 keeps the parent's columns consistent.
    rows = [
        SparseRow(values=["1914.03", "131.03", "131.03", "1783"], level=2),
        SparseRow(values=["128.06", "128.06", "128.06"], parent=0, level=3),
        SparseRow(values=["2.98", "2.98", "2.98"], parent=0, level=3),
        SparseRow(values=["1783", "17783"], parent=0, level=3),
    ]
    got = _place(rows, GPB)
    assert got[0] == {"total": "1914.03", "basic": "131.03", "personnel": "131.03", "project": "1783"}
    assert got[3] == {"total": "1783", "project": "17783"}


def test_children_follow_the_total_row_hint():
    keys = ["total", "fiscal", "upper_grant", "business", "other"]
    total = SparseRow(values=["10.05", "10.01", "0.04"], is_total=True, hints={0: _d("10.05"), 4: _d("0.04")})
    top = SparseRow(values=["10.05", "10.01", "0.04"], level=1)
    child = SparseRow(values=["10.05", "10.01", "0.04"], parent=1, level=2)
    got = _place([total, top, child], keys)
    assert [g.get("other") for g in got] == ["0.04", "0.04", "0.04"]
    assert all("upper_grant" not in g for g in got)


def test_rounding_tolerance_in_identities():
    # 3799.01 + 0.03 = 3799.04 vs 3799.05: consistent within the rounding of 2-decimal figures.
    keys = ["total", "fiscal", "other"]
    got = _place([SparseRow(values=["3799.05", "3799.01", "0.03"])], keys)
    assert got[0] == {"total": "3799.05", "fiscal": "3799.01", "other": "0.03"}


def test_scan_and_choose_keys():
    text = "项目本年收入合计财政拨款收入上级补助收入事业收入经营收入附属单位上缴收入其他收入科目代码科目名称"
    scanned = scan_keys(text)
    assert scanned == ["total", "fiscal", "upper_grant", "business", "operating", "affiliated", "other"]
    assert choose_keys(TableKind.INCOME, scanned, 7) == scanned
    # Grouped headers broken into fragments: the standard order is used.
    gpb = scan_keys("项目本年支出科目代码科目名称合计基本支出项目支出小计人员经费公用经费")
    assert choose_keys(TableKind.GPB_EXPENSE, gpb, 5) == GPB
    assert choose_keys(TableKind.GPB_EXPENSE, gpb, 3) == ["total", "basic", "project"]


def _d(text: str):
    from decimal import Decimal

    return Decimal(text)


def _grid(lines: list[str], start: int = 1) -> list[list[Cell]]:
    return [[Cell(text=t, line=start + i) for t in ln.split()] for i, ln in enumerate(lines)]


def _doc(title: str, lines: list[str]) -> Document:
    blocks = [
        Block(kind="paragraph", text=title, line=1),
        Block(kind="paragraph", text="单位：万元", line=2),
        Block(kind="table", rows=_grid(lines, 3), sparse=True, line=3),
    ]
    return Document(source="t.txt", kind="final", blocks=blocks)


def _sparse(title: str, lines: list[str]) -> TypedTable:
    """The first typed table of a titled sparse (space-separated) grid."""
    return parse_tables(_doc(title, lines)).tables[0]


def test_sparse_table_end_to_end():
    t = _sparse(
        "一般公共预算财政拨款支出决算表",
        [
            "项目 本年支出",
            "科目代码 科目名称 合计",
            "基本支出 项目支出",
            "小计 人员经费 公用经费",
            "栏次 1 2 3 4 5",
            "合计 30 20 15 5 10",
            "201 一般公共服务支出 30 20 15 5 10",
            "20101 人大事务 20 20 15 5",
            "20102 政协事务 10 10",
        ],
    )
    assert t.kind is TableKind.GPB_EXPENSE
    assert [c.key for c in t.columns] == GPB
    r = t.by_code("20102")
    assert r is not None
    # 10 10: 合计 + 项目支出 (the parent's 项目支出 10 = 0 + 10; its 基本支出 20 = 20 + 0).
    assert r.cells["total"].text == "10" and r.cells["project"].text == "10"
    assert r.cells["basic"].text == ""
    assert t.by_code("20101").cells["public"].text == "5"
    assert t.notes and "推断" in t.notes[0]


def test_sparse_summary_split_by_row_numbers():
    t = _sparse(
        "收入支出决算总表",
        [
            "收入 支出",
            "项目 行次 决算数 项目 行次 决算数",
            "栏次 1 栏次 2",
            "一、财政拨款收入 1 100 一、一般公共服务支出 5 60",
            "二、其他收入 2 二、外交支出 6",
            "3 三、教育支出 7 40",
            "本年收入合计 4 100 本年支出合计 8 100",
        ],
    )
    assert t.kind is TableKind.SUMMARY
    assert t.find("一、财政拨款收入", side="income").cells["total"].text == "100"
    assert t.find("二、其他收入", side="income").cells["total"].text == ""
    assert t.find("三、教育支出", side="expense").cells["total"].text == "40"
    assert t.find("本年支出合计", side="expense").cells["total"].text == "100"
    assert [r.label for r in t.rows if r.side == "income"] == [
        "一、财政拨款收入",
        "二、其他收入",
        "本年收入合计",
    ]


def test_sparse_budget_summary_without_row_numbers():
    t = _sparse(
        "收支预算总表",
        [
            "收入 支出",
            "项目 2024年预算数 本年预算 上年结转 项目 2024年预算数 本年预算 上年结转",
            "一、财政拨款收入 120 100 20 一、社会保障和就业支出 90 70 20",
            "一般公共预算拨款收入 120 100 20 二、卫生健康支出 30 30",
            "事业收入",
            "本年收入合计 120 100 20 本年支出合计 120 100 20",
            "结转下年支出",
        ],
    )
    assert t.kind is TableKind.SUMMARY
    assert [c.key for c in t.columns] == ["total", "current", "carryover"]
    health = t.find("二、卫生健康支出", side="expense")
    # 30 30: total = current + carryover holds with 本年预算 30, 上年结转 blank.
    assert health.cells["total"].text == "30" and health.cells["current"].text == "30"
    assert health.cells["carryover"].text == ""
    assert t.find("事业收入", side="income") is not None
    assert t.find("结转下年支出", side="expense") is not None
    assert t.rows[t.find("一般公共预算拨款收入", side="income").parent].label == "一、财政拨款收入"


THREE_HEAD = [
    "预算数 决算数",
    "合计 因公出国（境）费 公务用车购置及运行维护费 公务接待费 合计 因公出国（境）费 公务用车购置及运行维护费 公务接待费",
    "小计 公务用车购置费 公务用车运行维护费 小计 公务用车购置费 公务用车运行维护费",
    "1 2 3 4 5 6 7 8 9 10 11 12",
]


def test_sparse_three_public_row_uses_both_halves_and_the_06_table():
    detail = Block(
        kind="table",
        sparse=True,
        line=20,
        rows=_grid(["科目 代码 科目名称 决算数", "302 商品和服务支出 0.20", "30217 公务接待费 0.20"], 20),
    )
    doc = Document(
        source="t.txt",
        kind="final",
        blocks=[
            Block(kind="paragraph", text="一般公共预算财政拨款基本支出决算明细表", line=19),
            detail,
            Block(kind="paragraph", text="财政拨款“三公”经费支出决算表", line=30),
            Block(kind="table", sparse=True, line=31, rows=_grid([*THREE_HEAD, "0.36 0.36 0.20 0.20"], 31)),
        ],
    )
    t = parse_tables(doc).tables[1]
    assert t.kind is TableKind.THREE_PUBLIC
    row = t.total_row()
    # Sums allow 出国 or 接待 equally; the 06 table's 30217 公务接待费 0.20 and the two halves
    # filling the same items decide.
    assert row.cells["final.reception"].text == "0.20"
    assert row.cells["budget.reception"].text == "0.36"
    assert row.cells["budget.outbound"].text == ""


def test_sparse_three_public_full_row():
    row = _sparse("财政拨款“三公”经费支出决算表", [*THREE_HEAD, "6 1 3 1 2 2 5 1 2.5 1 1.5 1.5"]).total_row()
    assert row.cells["budget.vehicle"].text == "3" and row.cells["final.vehicle_running"].text == "1.5"


def test_sparse_names_only_table_places_values_by_the_inferred_hierarchy():
    # A budget table without codes: 行政运行 / 社会保险经办机构 are 项 under 人力资源… .
    t = _sparse(
        "一般公共预算支出预算表",
        [
            "功能分类科目名称 总计 基本支出 项目支出",
            "合计 100 60 40",
            "一、社会保障和就业支出 100 60 40",
            "人力资源和社会保障管理事务 100 60 40",
            "行政运行 60 60",
            "社会保险经办机构 40 40",
        ],
    )
    assert [c.key for c in t.columns] == ["total", "basic", "project"]
    office = t.find("社会保险经办机构")
    assert office.level == 3 and t.rows[office.parent].label == "人力资源和社会保障管理事务"
    # 40 40 alone reads as 合计 + 基本支出 (leftmost); under its parent it is 项目支出.
    assert office.cells["project"].text == "40" and office.cells["basic"].text == ""
    assert t.find("行政运行").cells["basic"].text == "60"
