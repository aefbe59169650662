"""Table kind from the title (and, failing that, from the header words).

Both sets are recognised: 决算 (公开01–09 plus 机关运行经费 / 政府采购 / 绩效自评) and 预算
(收支总表 … 项目支出表, 绩效目标表). Titles vary by region and year (收支预算总表 / 收支总表 /
部门收支总表), so the patterns test the words that tell the tables apart, most specific first.
"""

from __future__ import annotations

import re

from checker.tables.grid import squash
from checker.tables.model import TableKind

# (pattern on the title without spaces, kind) — order matters: specific before general.
_TITLE_RULES: tuple[tuple[re.Pattern[str], TableKind], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"绩效自评", TableKind.PERF_SELF_EVAL),
        (r"绩效目标", TableKind.PERF_TARGET),
        (r"三公", TableKind.THREE_PUBLIC),
        (r"机关运行经费", TableKind.ORG_RUNNING),
        (r"政府采购", TableKind.PROCUREMENT),
        (r"委托业务费", TableKind.ENTRUSTED),
        (r"政府性基金", TableKind.GOV_FUND),
        (r"国有资本经营", TableKind.STATE_CAPITAL),
        (r"基本支出", TableKind.BASIC_DETAIL),
        (r"财政拨款收(?:入)?支(?:出)?", TableKind.FISCAL_SUMMARY),
        (r"一般公共预算.*支出", TableKind.GPB_EXPENSE),
        (r"项目支出", TableKind.PROJECT),
        (r"收(?:入)?支(?:出)?(?:决算|预算)?总表", TableKind.SUMMARY),
        (r"收入(?:决算|预算)?(?:总)?表", TableKind.INCOME),
        (r"支出(?:决算|预算)?(?:总)?表", TableKind.EXPENSE),
    )
)

# 公开NN表 numbers of the national 决算 set, used when a title is missing or unreadable.
_FINAL_NUMBERS: dict[int, TableKind] = {
    1: TableKind.SUMMARY,
    2: TableKind.INCOME,
    3: TableKind.EXPENSE,
    4: TableKind.FISCAL_SUMMARY,
    5: TableKind.GPB_EXPENSE,
    6: TableKind.BASIC_DETAIL,
    7: TableKind.GOV_FUND,
    8: TableKind.STATE_CAPITAL,
    9: TableKind.THREE_PUBLIC,
}


def classify_title(title: str) -> TableKind:
    t = squash(title)
    if not t:
        return TableKind.UNKNOWN
    for pat, kind in _TITLE_RULES:
        if pat.search(t):
            return kind
    return TableKind.UNKNOWN


def classify(title: str, number: str, header_text: str) -> TableKind:
    """Kind from the title; else from the 公开NN表 number; else from the header words."""
    kind = classify_title(title)
    if kind is not TableKind.UNKNOWN:
        return kind
    m = re.search(r"(\d{1,2})", number or "")
    if m and int(m.group(1)) in _FINAL_NUMBERS:
        return _FINAL_NUMBERS[int(m.group(1))]
    h = squash(header_text)
    if "项目支出绩效自评表" in h or ("年初预算数" in h and "全年执行数" in h):
        return TableKind.PERF_SELF_EVAL
    if "年度绩效目标" in h or ("年度资金总额" in h and "绩效指标" in h):
        return TableKind.PERF_TARGET
    if "因公出国" in h and "公务用车购置" in h and ("预算" in h or "决算" in h or "合计" in h):
        return TableKind.THREE_PUBLIC
    return TableKind.UNKNOWN
