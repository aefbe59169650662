"""Table arithmetic rules (T101–T107) on hand-built typed tables.

Every figure is copied by hand from the seed reports' tables (fixtures/seeds); expected
values were recomputed with a calculator from those figures.
"""

from __future__ import annotations

from builders import basic_detail, gpb_expense, row, table, tables_context

from checker.checks import table_rules as tr
from checker.checks.context import CheckContext
from checker.tables.model import TableColumn, TableKind, TableRow, TypedTable


def run_all(ctx: CheckContext):
    out = []
    for fn in (tr.t101, tr.t102, tr.t103, tr.t104, tr.t105, tr.t106, tr.t107):
        out.extend(fn(ctx))
    return out


GPB_COLS = [
    ("total", "小计", "本年支出"),
    ("basic", "小计", "基本支出"),
    ("personnel", "人员经费", "基本支出"),
    ("public", "公用经费", "基本支出"),
    ("project", "项目支出"),
]


def expense_table(rows: list[TableRow], **kw: object) -> TypedTable:
    """A 支出决算表 with 本年支出 / 基本支出 / 项目支出 columns."""
    return table(TableKind.EXPENSE, "支出决算表", rows, columns=GPB_COLS[:2] + GPB_COLS[4:], index=2, **kw)


def liaoyuan_t05() -> TypedTable:
    """Seed 001, 公开05表 (space-separated layout, placed by column)."""
    return gpb_expense(
        [
            row(
                "合计",
                is_total=True,
                total="3799.01",
                basic="1443.32",
                personnel="1168.21",
                public="275.11",
                project="2355.7",
            ),
            row(
                "社会保障和就业支出",
                "208",
                1,
                total="3655.64",
                basic="1299.94",
                personnel="1024.83",
                public="275.11",
                project="2355.7",
            ),
            row(
                "人力资源和社会保障管理事务",
                "20801",
                2,
                total="1220.62",
                basic="1168.91",
                personnel="893.8",
                public="275.11",
                project="51.71",
            ),
            row(
                "社会保险经办机构",
                "2080109",
                3,
                total="1220.62",
                basic="1168.91",
                personnel="893.8",
                public="275.11",
                project="51.71",
            ),
            row(
                "行政事业单位养老支出",
                "20805",
                2,
                total="1914.03",
                basic="131.03",
                personnel="131.03",
                project="1783",
            ),
            row(
                "机关事业单位基本养老保险缴费支出",
                "2080505",
                3,
                total="128.06",
                basic="128.06",
                personnel="128.06",
            ),
            row("机关事业单位职业年金缴费支出", "2080506", 3, total="2.98", basic="2.98", personnel="2.98"),
            row("其他行政事业单位养老支出", "2080599", 3, line=640, total="1783", project="17783"),
            row("其他社会保障和就业支出", "20899", 2, total="520.98", project="520.98"),
            row("其他社会保障和就业支出", "2089999", 3, total="520.98", project="520.98"),
            row("卫生健康支出", "210", 1, total="52.04", basic="52.04", personnel="52.04"),
            row("行政事业单位医疗", "21011", 2, total="52.04", basic="52.04", personnel="52.04"),
            row("行政单位医疗", "2101101", 3, total="51.13", basic="51.13", personnel="51.13"),
            row("其他行政事业单位医疗支出", "2101199", 3, total="0.9", basic="0.9", personnel="0.9"),
            row("住房保障支出", "221", 1, total="91.34", basic="91.34", personnel="91.34"),
            row("住房改革支出", "22102", 2, total="91.34", basic="91.34", personnel="91.34"),
            row("住房公积金", "2210201", 3, total="91.34", basic="91.34", personnel="91.34"),
        ],
        columns=GPB_COLS,
    )


def yanji_t05() -> TypedTable:
    """Seed 000, 公开05表: the 基本支出/小计 column repeats 本年支出/小计 in every row."""
    return gpb_expense(
        [
            row(
                "合计",
                is_total=True,
                line=240,
                total="5,320.16",
                basic="5,320.16",
                personnel="1,103.90",
                public="279.49",
                project="3,936.77",
            ),
            row(
                "社会保障和就业支出",
                "208",
                1,
                total="5,159.02",
                basic="5,159.02",
                personnel="942.76",
                public="279.49",
                project="3,936.77",
            ),
            row(
                "人力资源和社会保障管理事务",
                "20801",
                2,
                total="1,099.21",
                basic="1,099.21",
                personnel="810.52",
                public="279.49",
                project="9.20",
            ),
            row(
                "社会保险经办机构",
                "2080109",
                3,
                total="1,090.01",
                basic="1,090.01",
                personnel="810.52",
                public="279.49",
            ),
            row(
                "其他人力资源和社会保障管理事务支出", "2080199", 3, total="9.20", basic="9.20", project="9.20"
            ),
            row("行政事业单位养老支出", "20805", 2, total="132.24", basic="132.24", personnel="132.24"),
            row(
                "机关事业单位基本养老保险缴费支出",
                "2080505",
                3,
                total="110.86",
                basic="110.86",
                personnel="110.86",
            ),
            row(
                "机关事业单位职业年金缴费支出", "2080506", 3, total="21.38", basic="21.38", personnel="21.38"
            ),
            row("企业改革补助", "20806", 2, total="3,818.09", basic="3,818.09", project="3,818.09"),
            row("企业关闭破产补助", "2080601", 3, total="3,818.09", basic="3,818.09", project="3,818.09"),
            row("其他社会保障和就业支出", "20899", 2, total="109.48", basic="109.48", project="109.48"),
            row("其他社会保障和就业支出", "2089999", 3, total="109.48", basic="109.48", project="109.48"),
            row("卫生健康支出", "210", 1, total="73.10", basic="73.10", personnel="73.10"),
            row("行政事业单位医疗", "21011", 2, total="73.10", basic="73.10", personnel="73.10"),
            row("行政单位医疗", "2101101", 3, total="46.43", basic="46.43", personnel="46.43"),
            row("事业单位医疗", "2101102", 3, total="4.53", basic="4.53", personnel="4.53"),
            row("公务员医疗补助", "2101103", 3, total="21.07", basic="21.07", personnel="21.07"),
            row("其他行政事业单位医疗支出", "2101199", 3, total="1.07", basic="1.07", personnel="1.07"),
            row("住房保障支出", "221", 1, total="88.05", basic="88.05", personnel="88.05"),
            row("住房改革支出", "22102", 2, total="88.05", basic="88.05", personnel="88.05"),
            row("住房公积金", "2210201", 3, total="88.05", basic="88.05", personnel="88.05"),
        ],
        columns=GPB_COLS,
    )


def test_duplicated_digit_blamed_on_the_one_cell():
    findings = run_all(tables_context(liaoyuan_t05()))
    assert len(findings) == 1, [f.message for f in findings]
    f = findings[0]
    assert (f.stated, f.expected, f.severity, f.kind) == ("17783", "1783", "error", "table_sum")
    assert f.pattern == "重复一位数字"
    assert f.excerpt == "2080599 其他行政事业单位养老支出 1783 17783"
    assert f.location.row == "2080599 其他行政事业单位养老支出"
    assert f.location.column == "项目支出"
    assert f.location.line == 640
    # both the row identity and the 20805 column identity point at it
    assert "1914.03" in f.computation or "1783 − 0" in f.computation
    assert {c.text for c in f.cells} >= {"17783", "1783"}


def test_whole_column_repeat_reported_once_at_the_total_row():
    findings = run_all(tables_context(yanji_t05()))
    assert len(findings) == 1, [f.message for f in findings]
    f = findings[0]
    assert (f.stated, f.expected, f.severity) == ("5,320.16", "1,383.39", "error")
    assert f.excerpt == "合计 5,320.16 5,320.16 1,103.90 279.49 3,936.77"
    assert "相同" in f.message and "基本支出/小计" in f.message
    assert f.location.line == 240
    # every wrong row is listed in the arithmetic: 合计, 208, 20801, 2080199, 20806, 2080601, 20899, 2089999
    for code in ("208 ", "20801 ", "2080199 ", "20806 ", "2080601 ", "20899 ", "2089999 "):
        assert code in f.computation
    assert (
        "1,103.90 + 279.49 = 1,383.39" in f.computation or "5,320.16 − 3,936.77 = 1,383.39" in f.computation
    )


def test_rounding_consistent_rows_are_not_flagged():
    income = table(
        TableKind.INCOME,
        "收入决算表",
        [row("合计", is_total=True, total="3799.05", fiscal="3799.01", other="0.03")],
        columns=[
            ("total", "本年收入合计"),
            ("fiscal", "财政拨款收入"),
            ("upper_grant", "上级补助收入"),
            ("other", "其他收入"),
        ],
        index=1,
    )
    budget = table(
        TableKind.GPB_EXPENSE,
        "一般公共预算支出预算表",
        [
            row(
                "社会保险经办机构",
                total="1066.60",
                basic="212.08",
                personnel="170.88",
                public="41.19",
                project="854.52",
            )
        ],
        columns=[
            ("total", "总计"),
            ("basic", "合计", "基本支出"),
            ("personnel", "人员经费"),
            ("public", "公用经费"),
            ("project", "项目支出"),
        ],
        index=4,
    )
    gpb = gpb_expense(
        [row("社会保险业务管理事务", "2080107", 3, total="442.09", basic="428.51", project="13.57")],
        columns=GPB_COLS[:2] + GPB_COLS[4:],
        index=5,
    )
    assert run_all(tables_context(income, budget, gpb)) == []


def test_lone_row_identity_reports_the_total_with_the_sum():
    t = expense_table(
        [row("社会保险经办机构", "2080109", 3, total="1,090.01", basic="1,000.01", project="9.20")]
    )
    findings = run_all(tables_context(t))
    assert len(findings) == 1
    f = findings[0]
    assert f.code == "T102" and f.severity == "error"
    # 1,000.01 + 9.20 = 1,009.21; the total is the cell a reviewer recomputes
    assert (f.stated, f.expected) == ("1,090.01", "1,009.21")
    assert "1,000.01 + 9.20 = 1,009.21" in f.computation


def test_one_cent_beyond_rounding_is_a_tail_warning():
    t = expense_table([row("合计", is_total=True, total="100.00", basic="60.00", project="40.02")])
    (f,) = run_all(tables_context(t))
    assert f.severity == "warning" and f.pattern == "尾差"
    assert f.expected == "100.02"


def yanji_t01(total_in="5320.16") -> TypedTable:
    cols = [("line_no", "行次"), ("total", "决算数")]
    inc = [
        row("一、一般公共预算财政拨款收入", side="income", line_no="1", total="5,260.51"),
        row("二、政府性基金预算财政拨款收入", side="income", line_no="2"),
        row("本年收入合计", is_total=True, side="income", line_no="10", total="5,260.51"),
        row("使用非财政拨款结余", side="income", line_no="11"),
        row("年初结转和结余", side="income", line_no="12", total="59.66"),
        row("总计", is_total=True, side="income", line_no="13", total=total_in),
    ]
    exp = [
        row("八、社会保障和就业支出", side="expense", line_no="17", total="5,159.02"),
        row("九、卫生健康支出", side="expense", line_no="18", total="73.10"),
        row("十九、住房保障支出", side="expense", line_no="20", total="88.05"),
        row("本年支出合计", is_total=True, side="expense", line_no="23", total="5,320.16"),
        row("结余分配", side="expense", line_no="24"),
        row("年末结转和结余", side="expense", line_no="25"),
        row("总计", is_total=True, side="expense", line_no="26", total="5,320.16"),
    ]
    return table(TableKind.SUMMARY, "收入支出决算总表", inc + exp, columns=cols, index=0)


def test_summary_table_balances_within_rounding():
    # 5,260.51 + 59.66 = 5,320.17 vs 总计 5320.16; 5,159.02 + 73.10 + 88.05 = 5,320.17 vs 5,320.16
    assert run_all(tables_context(yanji_t01())) == []


def test_summary_total_wrong_is_blamed_on_the_total():
    findings = run_all(tables_context(yanji_t01(total_in="5330.16")))
    assert len(findings) == 1, [f.message for f in findings]
    f = findings[0]
    # breaks both 总计 = 本年收入合计 + 结转 and 收入总计 = 支出总计
    assert f.code == "T105" and f.stated == "5330.16"
    assert f.excerpt == "总计 13 5330.16"


def test_economic_class_totals_warn_only():
    t = basic_detail(
        [
            row("工资福利支出", "301", 1, total="1,095.00"),
            row("商品和服务支出", "302", 1, total="269.42"),
            row("对个人和家庭的补助", "303", 1, total="8.91"),
            row("资本性支出", "310", 1, total="10.07"),
            row("人员经费合计", is_total=True, total="1103.91"),
            row("公用经费合计", is_total=True, total="269.42"),
        ]
    )
    findings = list(tr.t106(tables_context(t)))
    assert len(findings) == 1
    f = findings[0]
    # 302 269.42 + 310 10.07 = 279.49 (人员经费 1,095.00 + 8.91 = 1,103.91 holds)
    assert (f.stated, f.expected, f.severity) == ("269.42", "279.49", "warning")


def test_three_public_halves():
    cols = []
    for g, p in (("预算数", "b"), ("决算数", "f")):
        cols += [
            TableColumn(key=f"{p}1", label="合计", group=g),
            TableColumn(key=f"{p}2", label="因公出国（境）费用", group=g),
            TableColumn(key=f"{p}3", label="小计", group=g),
            TableColumn(key=f"{p}4", label="公务用车购置费", group=g),
            TableColumn(key=f"{p}5", label="公务用车运行维护费", group=g),
            TableColumn(key=f"{p}6", label="公务接待费", group=g),
        ]
    ok = row("", b1="0.36", b6="0.36", f1="0.20", f6="0.20")
    bad = row("", b1="5.40", b3="5.40", b4="2.00", b5="3.00", f1="0.20", f6="0.20")
    t = table(TableKind.THREE_PUBLIC, "财政拨款“三公”经费支出决算表", [ok], columns=cols, index=8)
    assert list(tr.t107(tables_context(t))) == []
    t2 = t.model_copy(update={"rows": [bad]})
    (f,) = tr.t107(tables_context(t2))
    # 2.00 + 3.00 = 5.00, but both 合计 and 小计 say 5.40: 小计 breaks two identities? No —
    # 合计 5.40 = 0 + 5.40 + 0 holds, so the one wrong cell is a part of 小计.
    assert f.stated in ("2.00", "3.00", "5.40")
    assert f.code == "T107"


def test_table_read_out_of_place_gives_one_note_not_a_flood():
    # Every row's values shifted one column to the left (as a misread sparse layout would):
    # nothing adds up, and no single cell explains it.
    src = liaoyuan_t05()
    keys = [c.key for c in src.columns]
    shifted = []
    for r in src.rows:
        vals = [r.cells[k].text for k in keys if k in r.cells]
        shifted.append(row(r.label, r.code, r.level, r.is_total, **dict(zip(keys, vals[1:], strict=False))))
    t = src.model_copy(update={"rows": shifted})
    findings = run_all(tables_context(t))
    assert len(findings) == 1
    assert findings[0].severity == "info" and "人工核对" in findings[0].message


def test_rows_with_more_values_than_headers_skip_row_identities():
    # seed 004 收入总表: 19 values under 18 headers; the last value has no header, so the
    # 上年结转结余 figures sit one column off and 合计 = 当年预算 + 上年结转 cannot be trusted
    t = table(
        TableKind.INCOME,
        "收入总表",
        [
            row(
                "合计",
                is_total=True,
                total="9,619.41",
                current="9,143.32",
                carryover="0",
                **{"carryover.gpb": "476.09", "col": "0"},
            )
        ],
        columns=[
            ("total", "合计"),
            ("current", "小计", "当年预算"),
            ("carryover", "小计", "上年结转结余"),
            ("carryover.gpb", "一般公共预算结转", "上年结转结余"),
            ("col", ""),
        ],
        index=1,
    )
    assert run_all(tables_context(t)) == []
    t.columns[-1] = TableColumn(key="col", label="用事业基金弥补收支差额")
    (f,) = run_all(tables_context(t))
    assert f.code == "T102"


def yanji_t04(carry: str = "59.66") -> TypedTable:
    cols = [
        ("line_no", "行次"),
        ("total", "合计"),
        ("gpb", "一般公共预算财政拨款"),
        ("gov_fund", "政府性基金预算财政拨款"),
    ]
    inc = [
        row("一、一般公共预算财政拨款", side="income", line_no="1", total="5,260.51"),
        row("二、政府性基金预算财政拨款", side="income", line_no="2"),
        row("本年收入合计", is_total=True, side="income", line_no="9", total="5,260.51"),
        row("年初财政拨款结转和结余", side="income", line_no="10"),
        row("一般公共预算财政拨款", side="income", line_no="11", total=carry),
        row("政府性基金预算财政拨款", side="income", line_no="12"),
        row("总计", is_total=True, side="income", line_no="14", total="5,320.16"),
    ]
    exp = [
        row("八、社会保障和就业支出", side="expense", line_no="19", total="5,159.02", gpb="5,159.02"),
        row("九、卫生健康支出", side="expense", line_no="20", total="73.10", gpb="73.10"),
        row("十九、住房保障支出", side="expense", line_no="22", total="88.05", gpb="88.05"),
        row("本年支出合计", is_total=True, side="expense", line_no="23", total="5,320.16", gpb="5,320.16"),
        row("年末财政拨款结转和结余", side="expense", line_no="24"),
        row("总计", is_total=True, side="expense", line_no="28", total="5,320.16", gpb="5,320.16"),
    ]
    return table(TableKind.FISCAL_SUMMARY, "财政拨款收入支出决算总表", inc + exp, columns=cols, index=3)


def test_fiscal_summary_carry_in_from_its_sub_lines():
    # 年初财政拨款结转和结余 is blank, its sub-line 一般公共预算财政拨款 holds 59.66:
    # 5,260.51 + 59.66 = 5,320.17 vs 总计 5,320.16, within rounding
    assert run_all(tables_context(yanji_t04())) == []


def test_fiscal_summary_wrong_carry_line_is_the_one_blamed():
    # 5,260.51 + 69.66 = 5,330.17 ≠ 5,320.16; the 总计 also equals the expense side, so the
    # carry-over line is the only cell whose correction (5,320.16 − 5,260.51 = 59.65) fixes it
    (f,) = run_all(tables_context(yanji_t04(carry="69.66")))
    assert f.code == "T105" and (f.stated, f.expected) == ("69.66", "59.65")
    assert f.excerpt == "一般公共预算财政拨款 11 69.66"


def test_hierarchy_from_parser_parents_without_codes():
    # seed 002 budget layout: no codes, the parser's parent indices carry the hierarchy
    rows = [
        row("一、社会保障和就业支出", level=1, total="5401.46"),
        row("人力资源和社会保障管理事务", level=2, total="3968.62"),
        row("行政运行", level=3, total="2902.02"),
        row("社会保险经办机构", level=3, total="1066.60"),
        row("行政事业单位养老支出", level=2, total="535.07"),
        row("行政单位离退休", level=3, total="208.41"),
        row("事业单位离退休", level=3, total="3.96"),
        row("机关事业单位基本养老保险缴费支出", level=3, total="322.70"),
        row("企业改革补助", level=2, total="897.77"),
        row("其他企业改革发展补助", level=3, total="879.77"),
        row("合计", is_total=True, total="5401.46"),
    ]
    for i, p in {1: 0, 2: 1, 3: 1, 4: 0, 5: 4, 6: 4, 7: 4, 8: 0, 9: 8}.items():
        rows[i].parent = p
    t = table(TableKind.EXPENSE, "支出预算总表", rows, columns=[("total", "总计")], index=2)
    (f,) = run_all(tables_context(t))
    # 企业改革补助 897.77 vs its only child 879.77: the child breaks only that identity, the
    # parent also 一、社会保障和就业支出 = 3968.62 + 535.07 + 897.77 = 5401.46 (holds)
    assert (f.stated, f.expected, f.code) == ("879.77", "897.77", "T101")
    assert f.pattern == "相邻数字颠倒"


def test_carry_sub_lines_named_by_fund_are_not_counted_twice():
    cols = [("total", "预算数")]
    rows = [
        row("一、一般公共预算拨款收入", side="income", total="900.00"),
        row("本年收入合计", is_total=True, side="income", total="900.00"),
        row("二、上年结转", side="income", total="100.00"),
        row("一般公共预算拨款结转", side="income", total="80.00"),
        row("政府性基金预算拨款结转", side="income", total="20.00"),
        row("收入总计", is_total=True, side="income", total="1000.00"),
    ]
    t = table(TableKind.SUMMARY, "收支预算总表", rows, columns=cols, index=0)
    # 900.00 + 100.00 = 1000.00 (the two 结转 lines by fund detail the 上年结转 line)
    assert run_all(tables_context(t)) == []


def test_unexplained_failure_in_a_guessed_table_is_only_a_note():
    # seed 001 支出决算表 as the sparse layout was placed: 520.98 of 20899 put under 基本支出
    # where the column sums want it under 项目支出; no single cell explains the two failures
    t = table(
        TableKind.EXPENSE,
        "支出决算表",
        [
            row("社会保障和就业支出", "208", 1, total="3662.2", basic="1306.51", project="2355.7"),
            row("人力资源和社会保障管理事务", "20801", 2, total="1227.19", basic="1175.47", project="51.71"),
            row("行政事业单位养老支出", "20805", 2, total="1914.03", basic="131.03", project="1783"),
            row("其他社会保障和就业支出", "20899", 2, total="520.98", basic="520.98"),
        ],
        columns=[
            ("total", "合计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
        ],
        index=2,
    )
    assert {f.severity for f in run_all(tables_context(t))} == {"error"}
    t.notes.append("原文为空格分隔的表格（空单元格未保留），4 行的数值按行列合计关系推断所在列")
    findings = run_all(tables_context(t))
    assert findings and {f.severity for f in findings} == {"info"}


def test_single_identity_blame_in_a_guessed_table_is_a_note():
    t = expense_table(
        [row("社会保险经办机构", "2080109", 3, total="1,090.01", basic="1,000.01", project="9.20")],
        notes=["表中无科目编码，层级按名称序号与金额合计关系推断"],
    )
    (f,) = run_all(tables_context(t))
    assert f.severity == "info" and f.stated == "1,090.01"


def test_performance_funding_block_adds_up():
    cols = [
        ("budget", "年初预算数"),
        ("adjusted_budget", "全年预算数"),
        ("executed", "全年执行数"),
        ("weight", "分值"),
        ("rate", "执行率"),
    ]
    rows = [
        row(
            "年度资金总额",
            is_total=True,
            budget="31.56",
            adjusted_budget="31.56",
            executed="33.41",
            weight="10",
            rate="100%",
        ),
        row("其中:当年财政拨款", budget="31.56", adjusted_budget="31.56", executed="33.41", weight="--"),
        row("上年结转资金", weight="--"),
        row("其他资金", weight="--"),
    ]
    t = table(TableKind.PERF_SELF_EVAL, "项目支出绩效自评表", rows, columns=cols, index=12)
    assert list(tr.t102(tables_context(t))) == []
    rows[1].cells["executed"].text = "38.41"
    (f,) = tr.t102(tables_context(t))
    # 33.41 vs 38.41 + 0 + 0: both printed once, the sum row is the one reported
    assert (f.stated, f.expected) == ("33.41", "38.41")


def test_breakdown_left_blank_is_not_a_contradiction():
    # seed 003, project 4: 全年执行数 33.41 in 年度资金总额, its 其中 lines left blank
    cols = [("budget", "年初预算数"), ("executed", "全年执行数")]
    rows = [
        row("年度资金总额", is_total=True, budget="31.56", executed="33.41"),
        row("其中:当年财政拨款", budget="14.56"),
        row("上年结转资金"),
        row("其他资金", budget="17.00"),
    ]
    t = table(TableKind.PERF_SELF_EVAL, "项目支出绩效自评表", rows, columns=cols, index=15)
    assert run_all(tables_context(t)) == []


def test_procurement_total_is_goods_works_services():
    rows = [
        row("(一)政府采购支出合计", is_total=True, total="9.33"),
        row("1.政府采购货物支出", total="9.33"),
        row("2.政府采购工程支出"),
        row("3.政府采购服务支出", total="1.20"),
        row("(二)政府采购授予中小企业合同金额", total="5.00"),
    ]
    t = table(TableKind.PROCUREMENT, "政府采购支出情况表", rows, columns=[("total", "金额")], index=11)
    (f,) = tr.t104(tables_context(t))
    # 9.33 + 0 + 1.20 = 10.53; 中小企业合同金额 is not part of the sum
    assert (f.stated, f.expected) == ("9.33", "10.53") and f.excerpt == "(一)政府采购支出合计 9.33"


def test_one_of_several_equal_lines_wrong_is_reported_at_the_total():
    t = yanji_t01()
    t.rows[7].cells["total"].text = "63.10"  # 九、卫生健康支出 73.10 → 63.10
    (f,) = run_all(tables_context(t))
    # 5,159.02 + 63.10 + 88.05 = 5,310.17: any of the three lines could be the wrong one,
    # so the finding sits at 本年支出合计 and names the identity instead of guessing a line
    assert (f.stated, f.expected, f.code) == ("5,320.16", "5,310.17", "T105")
    assert f.location.row == "本年支出合计" and "不符" in f.message


def test_budget_summary_heads_sum_their_lines():
    # seed 002 财政拨款收支预算总表 (budget): 一、本年收入 = the 拨款 lines under it, per column
    cols = [
        ("total", "2024年预算数"),
        ("current", "本年预算"),
        ("carryover", "上年结转"),
    ]
    rows = [
        row("一、本年收入", side="income", total="5905.48", current="5320.79", carryover="584.69"),
        row("一般公共预算拨款", side="income", total="5905.48", current="5320.79", carryover="584.65"),
        row("政府性基金预算拨款", side="income"),
        row("收入总计", is_total=True, side="income", total="5905.48", current="5320.79", carryover="584.69"),
    ]
    t = table(TableKind.FISCAL_SUMMARY, "财政拨款收支预算总表", rows, columns=cols, index=3)
    (f,) = run_all(tables_context(t))
    # 5320.79 + 584.65 = 5905.44 ≠ 5905.48 on the row, and 一、本年收入 上年结转 584.69 ≠ 584.65:
    # the one cell breaking both is the sub-line's 上年结转
    assert (f.stated, f.expected) == ("584.65", "584.69")
    assert f.location.row == "一般公共预算拨款"


def test_partial_lists_headed_qizhong_are_not_summed():
    cols = [("total", "金额")]
    rows = [
        row("八、其他收入", side="income", total="8.50"),
        row("其中：利息收入", side="income", total="1.00"),
        row("本年收入合计", is_total=True, side="income", total="8.50"),
    ]
    t = table(TableKind.SUMMARY, "收入支出决算总表", rows, columns=cols, index=0)
    assert run_all(tables_context(t)) == []


def test_budget_half_printed_beside_the_final_half():
    cols = [
        ("budget.total", "合计", "预算数"),
        ("budget.basic", "基本支出", "预算数"),
        ("budget.project", "项目支出", "预算数"),
        ("total", "合计", "决算数"),
        ("basic", "基本支出", "决算数"),
        ("project", "项目支出", "决算数"),
    ]
    t = gpb_expense(
        [
            row(
                "合计",
                is_total=True,
                **{"budget.total": "100.00", "budget.basic": "60.00", "budget.project": "30.00"},
                total="95.00",
                basic="60.00",
                project="35.00",
            ),
        ],
        columns=cols,
    )
    (f,) = run_all(tables_context(t))
    # 预算数 half: 60.00 + 30.00 = 90.00 ≠ 100.00; the 决算数 half adds up
    assert (f.stated, f.expected, f.code) == ("100.00", "90.00", "T102")
    assert f.location.column == "预算数/合计"


def test_three_public_long_layout_one_row_per_item():
    cols = [("total", "2024年预算数"), ("prior", "2023年预算数")]
    rows = [
        row("合计", is_total=True, total="14.72", prior="19.82"),
        row("1.因公出国（境）费", total="0.00", prior="0.00"),
        row("2.公务用车购置及运行费", total="5.40", prior="10.50"),
        row("其中：（1）公务用车购置费", total="0.00", prior="5.00"),
        row("（2）公务用车运行费", total="5.40", prior="5.50"),
        row("3.公务接待费", total="9.32", prior="9.32"),
    ]
    t = table(TableKind.THREE_PUBLIC, "一般公共预算“三公”经费支出表", rows, columns=cols, index=6)
    assert run_all(tables_context(t)) == []
    rows[4].cells["prior"].text = "5.05"  # 5.00 + 5.05 = 10.05 ≠ 10.50
    (f,) = run_all(tables_context(t))
    assert f.code == "T107" and f.stated in ("10.50", "5.05")


def test_government_fund_carry_over_balance():
    cols = [
        ("carry_in", "年初结转和结余"),
        ("income", "本年收入"),
        ("total", "小计", "本年支出"),
        ("basic", "基本支出", "本年支出"),
        ("project", "项目支出", "本年支出"),
        ("carry_out", "年末结转和结余"),
    ]

    def fund_table(carry_out: str) -> TypedTable:
        return table(
            TableKind.GOV_FUND,
            "政府性基金预算财政拨款收入支出决算表",
            [
                row(
                    "合计",
                    is_total=True,
                    carry_in="10.00",
                    income="50.00",
                    total="45.00",
                    project="45.00",
                    carry_out=carry_out,
                )
            ],
            columns=cols,
            index=6,
        )

    # 10.00 + 50.00 − 45.00 = 15.00
    assert run_all(tables_context(fund_table("15.00"))) == []
    (f,) = run_all(tables_context(fund_table("5.00")))
    assert (f.stated, f.expected, f.code) == ("5.00", "15.00", "T102")
    assert "10.00 + 50.00 − 45.00 = 15.00" in f.computation


def test_total_is_personnel_public_project_without_a_basic_column():
    cols = [
        ("total", "合计"),
        ("personnel", "人员经费"),
        ("public", "公用经费"),
        ("project", "项目支出"),
    ]
    t = gpb_expense(
        [
            row(
                "合计",
                is_total=True,
                total="5,320.16",
                personnel="1,103.90",
                public="279.49",
                project="3,963.77",
            )
        ],
        columns=cols,
    )
    (f,) = run_all(tables_context(t))
    # 1,103.90 + 279.49 + 3,963.77 = 5,347.16 ≠ 5,320.16. Any of the four cells could be
    # wrong; only 项目支出 is a typing slip of its implied value (5,320.16 − 1,103.90 −
    # 279.49 = 3,936.77: 36 and 63 swapped), so it is the one reported
    assert (f.stated, f.expected, f.pattern) == ("3,963.77", "3,936.77", "相邻数字颠倒")
    t.rows[0].cells["project"].text = "3,950.00"  # no slip explains any single cell
    (f,) = run_all(tables_context(t))
    assert (f.stated, f.expected) == ("5,320.16", "5,333.39")


def test_three_public_by_parser_keys_with_item_funds():
    # seed 004 budget layout: each item has 小计 / 当年预算 / 上年结转; the parser's keys say
    # which is which (headers alone repeat 小计 under every item)
    keys = {
        "budget.total": ("“三公”经费合计", "“三公”经费合计", "14.72"),
        "budget.outbound": ("小计", "因公出国(境)费", "0.00"),
        "budget.vehicle": ("小计", "公务用车购置及运行费", "5.40"),
        "budget.vehicle_purchase": ("公务用车购置费小计", "公务用车购置及运行费", "0.00"),
        "budget.vehicle_running": ("公务用车运行费小计", "公务用车购置及运行费", "5.40"),
        "budget.vehicle_running.current": ("公务用车运行费当年预算", "公务用车购置及运行费", "5.40"),
        "budget.vehicle_running.carryover": ("公务用车运行费上年结转", "公务用车购置及运行费", "0.00"),
        "budget.reception": ("小计", "公务接待费", "9.32"),
        "budget.reception.current": ("当年预算", "公务接待费", "9.23"),
        "budget.reception.carryover": ("上年结转", "公务接待费", "0.00"),
    }
    cols = [TableColumn(key=k, label=lab, group=g) for k, (lab, g, _) in keys.items()]
    t = table(
        TableKind.THREE_PUBLIC,
        "一般公共预算“三公”经费支出表",
        [row("合计", **{k: v for k, (_, _, v) in keys.items()})],
        columns=cols,
        index=6,
    )
    (f,) = run_all(tables_context(t))
    # 公务接待费 小计 9.32 vs 当年预算 9.23 + 上年结转 0.00; the 三公 total 14.72 = 0 + 5.40 + 9.32
    # confirms 9.32, so the 当年预算 cell is the slip
    assert (f.stated, f.expected, f.code) == ("9.23", "9.32", "T107")
    assert f.pattern == "相邻数字颠倒"


def test_single_sum_blames_the_line_a_slip_explains():
    # 06 table, 301 工资福利支出 = Σ 301xx; one line typed ten times too large. With one
    # identity any line (or the total) could be wrong; 1329.1 is 132.91 with the point moved
    t = basic_detail(
        [
            row("工资福利支出", "301", 1, total="1,095.00"),
            row("基本工资", "30101", 2, total="349.62"),
            row("津贴补贴", "30102", 2, total="264.10"),
            row("奖金", "30103", 2, total="1329.1"),
            row("绩效工资", "30107", 2, total="348.37"),
        ]
    )
    (f,) = run_all(tables_context(t))
    # 1,095.00 − 349.62 − 264.10 − 348.37 = 132.91
    assert (f.stated, f.expected, f.code) == ("1329.1", "132.91", "T101")
    assert f.pattern and "十分之一" in f.pattern


def test_long_rows_are_cut_around_the_cell_in_question():
    from checker.checks.evidence import row_excerpt

    keys = [f"c{i}" for i in range(19)]
    t = table(
        TableKind.INCOME,
        "收入总表",
        [row("长春市社会保险事业管理局", "310001", **{k: f"{i},619.41" for i, k in enumerate(keys)})],
        columns=[TableColumn(key=k, label=k) for k in keys],
        index=1,
    )
    r = t.rows[0]
    full = row_excerpt(t, r)
    assert len(full) > 80
    cut = row_excerpt(t, r, focus="c12")
    assert len(cut) <= 80 and cut.startswith("310001 长春市社会保险事业管理局 ") and "12,619.41" in cut
    assert cut.replace(" ", "") in full.replace(" ", "") or all(p in full for p in cut.split(" "))


def test_a_parent_with_a_single_child_must_print_the_same_digits():
    # 20899 has one 项 below it: both print one amount, rounded once, so 35.06 over 35.05 is
    # a real (tail) difference even though 35.05 ± 0.005 touches 35.06 ± 0.005.
    t = expense_table(
        [
            row("合计", is_total=True, total="35.06", project="35.06"),
            row("社会保障和就业支出", "208", 1, total="35.06", project="35.06"),
            row("其他社会保障和就业支出", "20899", 2, total="35.06", project="35.06"),
            row("其他社会保障和就业支出", "2089999", 3, total="35.05", project="35.06"),
        ]
    )
    findings = run_all(tables_context(t))
    assert [(f.code, f.severity, f.stated, f.expected, f.location.row) for f in findings] == [
        ("T101", "warning", "35.05", "35.06", "2089999 其他社会保障和就业支出")
    ]


def test_a_project_type_line_is_the_sum_of_its_first_level_projects():
    # seed 004's 项目支出表: 311 专项业务支出 over its 一级 projects (二级 rows below each)
    def projects(type_total: str) -> TypedTable:
        return table(
            TableKind.PROJECT,
            "项目支出表",
            [
                row("合计", is_total=True, total="2,403.10"),
                row("专项业务支出", total=type_total),
                row("信息系统运行与维护", level=1, total="198.84"),
                row("社会保险软件购置与升级", level=2, total="198.84"),
                row("提前下达中央企业退休人员社会化管理补助资金", level=1, total="2,204.26"),
            ],
        )

    assert run_all(tables_context(projects("2,403.10"))) == []  # 198.84 + 2,204.26 = 2,403.10
    findings = run_all(tables_context(projects("2,402.10")))
    assert [(f.code, f.stated, f.expected) for f in findings] == [("T101", "2,402.10", "2,403.10")]
