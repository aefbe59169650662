"""X201: the same quantity printed in two tables must be the same number.

The pairs of cells are listed in ``table_pairs``; they are searched together with the
tables' own sums (``table_findings``), so the side whose correction also mends its own
table is the one reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.checks.context import CheckContext
from checker.checks.registry import rule
from checker.checks.table_findings import table_findings
from checker.findings import Finding


@rule("X201", "cross-table-restated", "跨表一致：同一数字在两张表中应相同")
def x201(ctx: CheckContext) -> Iterable[Finding]:
    """作用：比较同一数量在不同报表中的数字：收支总表的本年收入合计/本年支出合计与
    收入表、支出表合计；收支总表各收入项目（上级补助收入、事业收入、其他收入…；决算的
    财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营三行之和）与收入表合计行各列；收支总表各支出功能分类（类）与支出表“类”行；收入表财政拨款收入
    与财政拨款收支总表本年收入合计；财政拨款收支总表一般公共预算支出与一般公共预算
    财政拨款支出表合计及“类”行；一般公共预算财政拨款支出表人员经费/公用经费合计与
    基本支出明细表人员经费合计/公用经费合计；全部收入均为一般公共预算财政拨款时，
    支出表与一般公共预算财政拨款支出表的各行；项目支出绩效目标表的年度资金总额与
    项目支出表中同名项目（名称完全相同且唯一）的金额。

    原因：同一数字两处不一致，至少有一处是错的；差一个末位单位为尾差（警告），
    更多为错误，并指出疑似的录入错误（多一位、少一位、颠倒）。合法差异不比较：经济分类
    与功能分类、含非财政资金的支出表与财政拨款表、本年收入与含结转的总计、三公表
    公务接待费与基本支出明细表 30217。

    示例：一般公共预算财政拨款支出决算表 人员经费 1,103.90，基本支出决算明细表
    “人员经费合计 1103.91”：尾差，警告。
    """
    return table_findings(ctx, "X201")
