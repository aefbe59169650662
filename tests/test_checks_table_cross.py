"""Performance-table rates (T108) and cross-table identities (X201) on hand-built tables.

Figures copied by hand from the seed reports; expected values recomputed by hand.
"""

from __future__ import annotations

from builders import basic_detail, gpb_expense, row, table, tables_context

from checker.checks import table_cross as tc
from checker.checks import table_perf as tp
from checker.checks import table_rules as tr
from checker.tables.model import TableKind, TableRow, TypedTable

PERF_COLS = [
    ("budget", "年初预算数"),
    ("adjusted_budget", "全年预算数"),
    ("executed", "全年执行数"),
    ("score_weight", "分值"),
    ("rate", "执行率"),
    ("score", "得分"),
]


def perf(*rows: TableRow) -> TypedTable:
    return table(
        TableKind.PERF_SELF_EVAL,
        "项目支出绩效自评表",
        list(rows),
        columns=PERF_COLS,
        index=12,
        entity="企业职工基本养老一次性生活补助",
    )


def test_rate_printed_100_where_numbers_give_105_86():
    t = perf(
        row(
            "年度资金总额",
            budget="31.56",
            adjusted_budget="31.56",
            executed="33.41",
            score_weight="10",
            rate="100%",
            score="9",
        )
    )
    (f,) = tp.t108(tables_context(t))
    # 33.41 / 31.56 = 1.058618… → 105.86%
    assert (f.stated, f.expected, f.severity) == ("100%", "105.86%", "error")
    assert f.excerpt == "年度资金总额 31.56 31.56 33.41 10 100% 9"
    assert "33.41 ÷ 31.56" in f.computation


def test_rates_within_rounding_are_consistent():
    t = perf(
        # 2.92 / 5 = 58.4%, but 2.925 / 5 = 58.5%: 58.49% is possible
        row("年度资金总额", budget="5", adjusted_budget="5", executed="2.92", rate="58.49%"),
        # 2.58 / 4 = 64.5%; 2.575 / 4.005 = 64.29%: 64.39% is possible
        row("年度资金总额", budget="4", adjusted_budget="4", executed="2.58", rate="64.39%"),
        # zero budget: not checkable
        row("上年结转资金", budget="0", adjusted_budget="0", executed="3", rate="100%"),
    )
    assert list(tp.t108(tables_context(t))) == []


def test_rate_against_initial_budget_is_a_warning():
    # seed 000: 年初预算数 357, 全年预算数 354, 执行数 354, 执行率 99.2% = 354 / 357
    t = perf(row("当年财政拨款", budget="357", adjusted_budget="354", executed="354", rate="99.2%"))
    (f,) = tp.t108(tables_context(t))
    assert f.severity == "warning" and f.expected == "100.00%"
    assert "年初预算数" in f.message


def gpb05(personnel: str) -> TypedTable:
    return gpb_expense(
        [
            row(
                "合计",
                is_total=True,
                total="5,320.16",
                basic="1,383.39",
                personnel=personnel,
                public="279.49",
                project="3,936.77",
            ),
            row(
                "社会保障和就业支出",
                "208",
                1,
                total="5,320.16",
                basic="1,383.39",
                personnel=personnel,
                public="279.49",
                project="3,936.77",
            ),
        ],
        columns=[
            ("total", "小计"),
            ("basic", "基本支出"),
            ("personnel", "人员经费"),
            ("public", "公用经费"),
            ("project", "项目支出"),
        ],
    )


def basic06(personnel: str) -> TypedTable:
    return basic_detail(
        [
            row("工资福利支出", "301", 1, total="1,095.00"),
            row("对个人和家庭的补助", "303", 1, total="8.91"),
            row("商品和服务支出", "302", 1, total="279.49"),
            row("人员经费合计", is_total=True, line=285, total=personnel),
            row("公用经费合计", is_total=True, line=285, total="279.49"),
        ]
    )


def test_personnel_tail_difference_between_05_and_06():
    (f,) = tc.x201(tables_context(gpb05("1,103.90"), basic06("1103.91")))
    assert (f.stated, f.expected, f.severity, f.kind) == ("1103.91", "1,103.90", "warning", "cross_table")
    assert f.excerpt == "人员经费合计 1103.91"
    assert f.location.line == 285
    assert "尾差" in f.message


def test_same_numbers_are_silent_and_bigger_differences_are_errors():
    assert list(tc.x201(tables_context(gpb05("1,103.90"), basic06("1,103.90")))) == []
    (f,) = tc.x201(tables_context(gpb05("1,103.90"), basic06("1,130.90")))
    assert f.severity == "error" and f.pattern == "相邻数字颠倒"


def summary01(total_income: str = "670.84") -> TypedTable:
    return table(
        TableKind.SUMMARY,
        "收入支出决算总表",
        [
            row("一、一般公共预算财政拨款收入", side="income", line_no="1", total="662.34"),
            row("八、其他收入", side="income", line_no="8", total="8.5"),
            row("本年收入合计", is_total=True, side="income", line_no="27", total="670.84"),
            row("总计", is_total=True, side="income", line_no="31", total=total_income),
            row("八、社会保障和就业支出", side="expense", line_no="39", total="576.42"),
            row("九、卫生健康支出", side="expense", line_no="40", total="52.15"),
            row("十九、住房保障支出", side="expense", line_no="50", total="42.27"),
            row("本年支出合计", is_total=True, side="expense", line_no="58", total="670.84"),
        ],
        columns=[("line_no", "行次"), ("total", "金额")],
        index=0,
    )


def expense03(social: str = "576.42") -> TypedTable:
    return table(
        TableKind.EXPENSE,
        "支出决算表",
        [
            row("合计", is_total=True, total="670.84", basic="623.86", project="46.98"),
            row("社会保障和就业支出", "208", 1, total=social, basic="529.44", project="46.98"),
            row("卫生健康支出", "210", 1, total="52.15", basic="52.15"),
            row("住房保障支出", "221", 1, total="42.27", basic="42.27"),
        ],
        columns=[
            ("total", "本年支出合计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
        ],
        index=2,
    )


def test_summary_class_lines_vs_expense_table():
    assert list(tc.x201(tables_context(summary01(), expense03()))) == []
    findings = list(tc.x201(tables_context(summary01(), expense03(social="567.42"))))
    # 03's 208 row is also wrong inside its own table (529.44 + 46.98 = 576.42), so T102
    # reports it there and X201 stays silent about it
    assert findings == []


def test_class_line_differs_only_across_tables():
    t03 = expense03()
    t03.rows[1].cells["total"].text = "576.24"
    t03.rows[1].cells["basic"].text = "529.26"
    t03.rows[0].cells["total"].text = "670.66"
    t03.rows[0].cells["basic"].text = "623.68"
    findings = list(tc.x201(tables_context(summary01(), t03)))
    stated = sorted((f.stated, f.expected) for f in findings)
    # 01 本年支出合计 670.84 vs 03 合计 670.66; 01 社会保障和就业支出 576.42 vs 03 576.24
    assert stated == [("576.24", "576.42"), ("670.66", "670.84")]
    assert all(f.severity == "error" for f in findings)
    assert any(f.pattern == "相邻数字颠倒" for f in findings)


def test_basic_expense_03_vs_05_only_when_all_money_is_fiscal():
    # seed 003: income 670.84 includes 8.5 其他收入, so 03 基本支出 623.86 vs 05 615.36 is legitimate
    t04 = table(
        TableKind.FISCAL_SUMMARY,
        "财政拨款收入支出决算总表",
        [row("总计", is_total=True, side="income", total="662.34")],
        columns=[
            ("total", "合计"),
            ("gpb", "一般公共预算财政拨款"),
        ],
        index=3,
    )
    t05 = gpb_expense(
        [row("合计", is_total=True, total="662.34", basic="615.36", project="46.98")],
        columns=[
            ("total", "小计"),
            ("basic", "基本支出"),
            ("project", "项目支出"),
        ],
    )
    assert list(tc.x201(tables_context(summary01(), expense03(), t04, t05))) == []


def test_repeated_rate_in_the_sub_row_is_reported_once():
    t = perf(
        row("年度资金总额", budget="3817", adjusted_budget="3446.8", executed="3446.8", rate="90.3%"),
        row("当年财政拨款", budget="3817", adjusted_budget="3446.8", executed="3446.8", rate="90.3%"),
    )
    (f,) = tp.t108(tables_context(t))
    # 3446.8 / 3446.8 = 100%; 3446.8 / 3817 = 90.30% (the 年初预算数 basis)
    assert f.severity == "warning" and f.expected == "100.00%"
    assert "当年财政拨款" in f.computation


def test_budget_basic_table_columns_vs_gpb_table():
    # seed 002 budget: 一般公共预算支出预算表 合计 人员经费 3482.66 / 公用经费 670.53 and the
    # 基本支出预算表 合计 row with 人员经费 / 公用经费 columns
    t05 = gpb05("3482.66")
    t06 = table(
        TableKind.BASIC_DETAIL,
        "一般公共预算基本支出预算表",
        [row("合计", is_total=True, total="4153.19", personnel="3482.66", public="670.35")],
        columns=[
            ("total", "合计"),
            ("personnel", "人员经费"),
            ("public", "公用经费"),
        ],
        index=5,
    )
    (f,) = tc.x201(tables_context(t05, t06))
    # 05 公用经费 279.49 (from gpb05) vs 06 670.35: a plain mismatch, reported on the 06 cell
    assert (f.stated, f.expected, f.severity) == ("670.35", "279.49", "error")


def test_project_target_table_vs_project_table_by_exact_name():
    projects = table(
        TableKind.PROJECT,
        "项目支出表",
        [
            row("社会保险基金补助", level=1, total="36.43"),
            row("农村社会养老保险支付资金", level=2, total="33.99"),
            row("企业补充养老保险", level=2, total="2.44"),
        ],
        columns=[("total", "合计")],
        index=9,
    )
    projects.rows[1].parent = projects.rows[2].parent = 0

    def target(entity: str, amount: str, index: int, fiscal: str = "") -> TypedTable:
        return table(
            TableKind.PERF_TARGET,
            "项目支出绩效目标表",
            [row("年度资金总额", total=amount), row("其中:财政拨款", total=fiscal or amount)],
            columns=[("total", "年度资金总额")],
            index=index,
            entity=entity,
        )

    ok = target("企业补充养老保险", "2.44", 10)
    # only 年度资金总额 mistyped: its own breakdown (33.99) and the project table agree
    bad = target("农村社会养老保险支付资金", "38.99", 11, fiscal="33.99")
    other = target("社保局自主聘用人员经费", "507.00", 12)  # no row of that name: not compared
    ctx = tables_context(projects, ok, bad, other)
    (f,) = [*tc.x201(ctx), *tr.t102(ctx)]
    assert (f.stated, f.expected, f.severity) == ("38.99", "33.99", "error")
    assert f.excerpt == "年度资金总额 38.99"


def test_wrong_summary_line_found_by_its_restatement_in_the_expense_table():
    # 01 九、卫生健康支出 printed 25.15 instead of 52.15: the 01 expense lines no longer add
    # up (576.42 + 25.15 + 42.27 = 643.84 ≠ 670.84) and 03's 210 row says 52.15; the one cell
    # that mends both is the 01 line, not 03's row (which its own table confirms)
    t01 = summary01()
    t01.rows[5].cells["total"].text = "25.15"
    ctx = tables_context(t01, expense03())
    findings = [*tr.t105(ctx), *tc.x201(ctx)]
    assert len(findings) == 1
    f = findings[0]
    assert (f.stated, f.expected) == ("25.15", "52.15")
    assert f.location.table == "收入支出决算总表" and f.location.row == "九、卫生健康支出"
    assert f.pattern == "相邻数字颠倒"


def test_tables_in_different_units_are_not_compared_digit_by_digit():
    t06 = basic06("11039100.00")
    t06.unit = "元"
    assert list(tc.x201(tables_context(gpb05("1,103.90"), t06))) == []


def income02(other: str = "8.5", fiscal: str = "662.34") -> TypedTable:
    return table(
        TableKind.INCOME,
        "收入决算表",
        [row("合计", is_total=True, total="670.84", fiscal=fiscal, other=other)],
        columns=[
            ("total", "本年收入合计"),
            ("fiscal", "财政拨款收入"),
            ("other", "其他收入"),
        ],
        index=1,
    )


def test_summary_income_lines_vs_income_table_columns():
    # seed 003: 01 一、一般公共预算财政拨款收入 662.34 and 八、其他收入 8.5 restate the 02 合计 row
    assert list(tc.x201(tables_context(summary01(), income02()))) == []
    t02 = income02(other="5.8", fiscal="665.04")  # both typed wrong, each sum still 670.84
    findings = sorted((f.stated, f.expected) for f in tc.x201(tables_context(summary01(), t02)))
    # 其他收入 5.8 vs 8.5 (swapped); 财政拨款收入 665.04 vs 662.34 + 0 + 0 (the 01 fund lines)
    assert findings == [("5.8", "8.5"), ("665.04", "662.34")]
