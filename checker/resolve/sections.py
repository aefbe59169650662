"""Section heading → the table kinds a paragraph under it speaks about (most likely first)."""

from __future__ import annotations

import re

from checker.tables.model import TableKind as K

# Checked in order: the first keyword set found in the heading decides. More specific
# headings come first (一般公共预算财政拨款支出 before 财政拨款收入支出 before 支出).
_RULES: list[tuple[tuple[str, ...], tuple[K, ...]]] = [
    (("三公",), (K.THREE_PUBLIC,)),
    (("绩效",), (K.PERF_SELF_EVAL, K.PERF_TARGET, K.PROJECT)),
    # some regions print 机关运行经费 as a column of the 三公 table
    (("机关运行",), (K.ORG_RUNNING, K.THREE_PUBLIC, K.BASIC_DETAIL)),
    (("政府采购",), (K.PROCUREMENT,)),
    (("政府性基金",), (K.GOV_FUND,)),
    (("国有资本",), (K.STATE_CAPITAL,)),
    (("基本支出",), (K.BASIC_DETAIL, K.GPB_EXPENSE)),
    (("项目支出",), (K.PROJECT, K.PERF_TARGET, K.PERF_SELF_EVAL, K.GPB_EXPENSE)),
    (("一般公共预算",), (K.GPB_EXPENSE, K.BASIC_DETAIL, K.FISCAL_SUMMARY)),
    (("财政拨款收入支出", "财政拨款收支"), (K.FISCAL_SUMMARY, K.GPB_EXPENSE)),
    (("财政拨款支出",), (K.GPB_EXPENSE, K.FISCAL_SUMMARY)),
    (("收入支出", "收支", "总体情况"), (K.SUMMARY, K.INCOME, K.EXPENSE)),
    (("收入",), (K.INCOME, K.SUMMARY)),
    (("支出",), (K.EXPENSE, K.GPB_EXPENSE, K.SUMMARY)),
]

# When the heading names nothing we know, look through the main tables in this order.
DEFAULT_ORDER: tuple[K, ...] = (
    K.GPB_EXPENSE,
    K.EXPENSE,
    K.SUMMARY,
    K.FISCAL_SUMMARY,
    K.INCOME,
    K.BASIC_DETAIL,
    K.THREE_PUBLIC,
    K.PROJECT,
    K.GOV_FUND,
    K.STATE_CAPITAL,
    K.ORG_RUNNING,
    K.PROCUREMENT,
    K.PERF_SELF_EVAL,
    K.PERF_TARGET,
)


_CLASS_MARK = re.compile(r"[（(](?:类|款|项)[)）]")


def kinds_for_section(section: str) -> tuple[K, ...]:
    """Table kinds for a section heading; empty when the heading names no table."""
    h = "".join((section or "").split()).replace('"', "").replace("“", "").replace("”", "")
    if _CLASS_MARK.search(h):
        # 1.社会保障和就业支出（类）: a classification item under the section, not a table
        return ()
    for keys, kinds in _RULES:
        if any(k in h for k in keys):
            return kinds
    return ()


def search_order(section: str) -> tuple[K, ...]:
    """The section's kinds first, then every other main table kind."""
    first = kinds_for_section(section)
    return first + tuple(k for k in DEFAULT_ORDER if k not in first)


def section_total(section: str) -> str:
    """The measure a section's shares are taken of, when it is not the table's 合计."""
    h = "".join((section or "").split())
    if "基本支出" in h and "三公" not in h:
        return "基本支出"
    if "项目支出" in h and "绩效" not in h:
        return "项目支出"
    return ""
