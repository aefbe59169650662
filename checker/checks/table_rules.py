"""Table arithmetic rules T101–T107: sums inside one table.

T101–T105 and T107 share one analysis per table (``table_findings``): a wrong cell
usually breaks a row identity and a column identity at once, and is reported once, under
the rule whose identities it breaks most. T106 (national definition of 人员经费 and
公用经费) stands alone because regions define them differently: a mismatch is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from checker.checks.context import CheckContext
from checker.checks.evidence import (
    cell_location,
    cell_ref,
    column_label,
    format_amount,
    printed,
    row_excerpt,
    row_name,
    uses_thousands,
)
from checker.checks.registry import rule
from checker.checks.table_build import amount_keys
from checker.checks.table_findings import table_findings
from checker.findings import Finding
from checker.numbers import Interval, interval_sum
from checker.tables.model import TableKind, TypedTable


@rule("T101", "table-code-hierarchy", "科目层级：上级科目 = 下级科目之和（各金额列）")
def t101(ctx: CheckContext) -> Iterable[Finding]:
    """作用：按功能分类（类 3 位 / 款 5 位 / 项 7 位）和经济分类（3 位 / 5 位）编码，
    或解析器推断的缩进层级，核对每个上级科目行的各金额列等于其下级科目之和。

    原因：上级科目是下级的汇总，数字录入或复制错误（如多打一位）会使汇总不平；
    允许四舍五入误差（每个打印值代表 ±0.005 的区间），空白单元格按 0 计；以元为单位、
    印到整元的表，差 1 元为尾差（警告）。编码印刷不全的行（如“301 2”）按印出的类归入
    上级，不单独成级，涉及它的不平只作提示。

    示例：“20805 行政事业单位养老支出 项目支出 1783”，而下级“2080599 … 17783”，
    1783 ≠ 17783：报告 2080599 的项目支出应为 1783（重复一位数字）。
    """
    return table_findings(ctx, "T101")


@rule("T102", "table-row-total", "行内合计：合计 = 基本支出 + 项目支出；本年收入合计 = 各收入来源之和")
def t102(ctx: CheckContext) -> Iterable[Finding]:
    """作用：核对每一行的合计列等于其组成列之和：支出表 合计 = 基本支出 + 项目支出
    (+ 上缴上级支出 + 经营支出 + 对附属单位补助支出)；收入表 本年收入合计 = 各收入来源；
    预算表 合计 = 本年预算 + 上年结转；政府性基金/国有资本经营表 年末结转和结余 =
    年初结转和结余 + 本年收入 − 本年支出；绩效自评/目标表 年度资金总额 = 当年财政拨款 +
    上年结转资金 + 其他资金（各资金来源整体留空时不核对）。

    原因：行内各列是同一笔钱按性质的拆分，拆分之和必须等于合计。

    示例：“2080599 其他行政事业单位养老支出 1783 17783”：合计 1783 = 基本支出 0 +
    项目支出 17783 不成立，项目支出应为 1783。
    """
    return table_findings(ctx, "T102")


@rule("T103", "table-basic-split", "基本支出 = 人员经费 + 公用经费")
def t103(ctx: CheckContext) -> Iterable[Finding]:
    """作用：在一般公共预算财政拨款支出表（及预算的基本支出表）中，核对每一行
    基本支出 = 人员经费 + 公用经费。

    原因：基本支出只由人员经费和公用经费构成；整列误填（如基本支出列照抄本年支出列）
    会在每一行出现，这时只报一次，说明整列重复。

    示例：“合计 5,320.16 5,320.16 1,103.90 279.49 3,936.77”：基本支出应为
    1,103.90 + 279.49 = 1,383.39，表中为 5,320.16。
    """
    return table_findings(ctx, "T103")


@rule("T104", "table-column-total", "列合计：合计行 = 各类（一级科目）之和")
def t104(ctx: CheckContext) -> Iterable[Finding]:
    """作用：核对按功能分类列示的表中，合计行的每一金额列等于各“类”（一级科目）行之和。

    原因：合计行是各类的汇总；某类漏计或合计行抄错都会使其不平。

    示例：合计 3799.01，而 208 社会保障和就业支出 3655.64 + 210 卫生健康支出 52.04 +
    221 住房保障支出 91.34 = 3799.02：在四舍五入允许范围内，不报告。
    """
    return table_findings(ctx, "T104")


@rule("T105", "table-summary-balance", "收支总表平衡：总计 = 本年合计 + 结转结余；收入总计 = 支出总计")
def t105(ctx: CheckContext) -> Iterable[Finding]:
    """作用：核对收支总表、财政拨款收支总表：收入方 总计 = 本年收入合计 + 使用非财政
    拨款结余 + 年初结转和结余；支出方 总计 = 本年支出合计 + 结余分配 + 年末结转和结余；
    收入总计 = 支出总计；本年收入合计 = 各收入项目之和；本年支出合计 = 各支出功能分类
    （类）之和（预算收支总表不列本年合计行时，总计 = 所列一、二、三……各项之和）；
    财政拨款收支总表支出方各行 合计 = 一般公共预算 + 政府性基金 + 国有资本经营。收入、支出
    两方各按本方的列核对；两方未能区分或列的含义未能从表头识别时，只作提示（info）。

    原因：总表必须收支平衡，且本年合计必须等于所列各项之和。

    示例：“总计 13 5320.16”= 本年收入合计 5,260.51 + 年初结转和结余 59.66 = 5,320.17，
    在四舍五入允许范围内，不报告。
    """
    return table_findings(ctx, "T105")


@rule("T107", "table-three-public", "三公经费：合计 = 出国 + 公务用车 + 公务接待；公务用车 = 购置 + 运行")
def t107(ctx: CheckContext) -> Iterable[Finding]:
    """作用：核对“三公”经费表预算数、决算数两半各自：合计 = 因公出国（境）费 +
    公务用车购置及运行维护费 + 公务接待费；公务用车购置及运行维护费 = 购置费 + 运行维护费。

    原因：三公经费合计与其组成是公开重点，组成之和必须等于合计。

    示例：预算数 合计 1.2、公务接待费 1.2、其余空白：1.2 = 0 + 0 + 1.2，一致。
    """
    return table_findings(ctx, "T107")


# --- T106 -------------------------------------------------------------------------------

# The common national definition; regions differ, hence warnings.
_PERSONNEL = ("301", "303")
_PUBLIC = ("302", "307", "310", "399")


@rule(
    "T106",
    "table-economic-totals",
    "基本支出明细表：人员经费合计 = 301 + 303，公用经费合计 = 302 + 307 + 310 + 399",
)
def t106(ctx: CheckContext) -> Iterable[Finding]:
    """作用：在一般公共预算财政拨款基本支出决算明细表中，核对“人员经费合计”等于
    工资福利支出（301）与对个人和家庭的补助（303）之和，“公用经费合计”等于商品和服务
    支出（302）、债务利息及费用支出（307）、资本性支出（310）与其他支出（399）之和。
    （301 = Σ 301xx 等由 T101 核对。）

    原因：这是全国通行的口径，但各地口径略有不同，所以不符时只作警告，请人工确认。

    示例：人员经费合计 1103.91 = 301 工资福利支出 1,095.00 + 303 对个人和家庭的补助 8.91
    = 1,103.91，一致。
    """
    out: list[Finding] = []
    for t in ctx.tables.of_kind(TableKind.BASIC_DETAIL):
        for word, classes in (("人员经费", _PERSONNEL), ("公用经费", _PUBLIC)):
            f = _economic_total(t, word, classes)
            if f is not None:
                out.append(f)
    return out


def _economic_total(table: TypedTable, word: str, classes: tuple[str, ...]) -> Finding | None:
    row = next(
        (r for r in table.rows if "".join(r.label.split()) in (f"{word}合计", word) and not r.code), None
    )
    if row is None:
        return None
    key = next((k for k in amount_keys(table) if row.value(k) is not None), None)
    if key is None:
        return None
    parts = [r for c in classes if (r := table.by_code(c)) is not None]
    if not parts:
        return None
    stated = row.value(key)
    assert stated is not None
    nums = [r.value(key) for r in parts]
    total: Interval = interval_sum(
        [n.interval() if n is not None else Interval.exact(Decimal(0)) for n in nums]
    )
    if stated.interval().meets(total):
        return None
    expected = format_amount(total.point, like=stated.text, thousands=uses_thousands(table))
    terms = " + ".join(f"{r.code} {printed(r.cells.get(key))}" for r in parts)
    return Finding(
        code="T106",
        rule="table-economic-totals",
        # a table read with doubts (columns not named by their headers): a note only
        severity="warning" if table.confident else "info",
        kind="table_sum",
        stated=stated.text,
        expected=expected,
        excerpt=row_excerpt(table, row, focus=key),
        message=f"{table.title}“{row_name(row)}”为 {stated.text}，按通行口径（{' + '.join(classes)}）应为 "
        f"{expected}；各地口径可能不同，请核实。",
        computation=f"{terms} = {expected}，表中为 {stated.text}（{column_label(table, key)}）",
        location=cell_location(table, row, key),
        cells=[cell_ref(table, row, key)] + [cell_ref(table, r, key) for r in parts],
    )
