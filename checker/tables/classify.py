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
        # 财政拨款支出预算表 (fiscal funds only): the same role as the 一般公共预算 table.
        (r"财政拨款支出(?:决算|预算)?表", TableKind.GPB_EXPENSE),
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


def classify(title: str, number: str, header_text: str, labels: str = "") -> TableKind:
    """Kind from the title; else from the 公开NN表 number; else from the header words and
    row names. A layout that only one kind has (三公 columns, 收入|支出 side by side, the
    06 code/name/amount blocks, 绩效 tables) overrides a title that says otherwise: exports
    sometimes carry the previous table's title over (one title per sheet)."""
    by_layout = classify_layout(header_text, labels)
    kind = classify_title(title)
    if kind is not TableKind.UNKNOWN:
        if by_layout is not None and by_layout is not kind and not _compatible(kind, by_layout):
            return by_layout
        return kind
    m = re.search(r"(\d{1,2})", number or "")
    if m and int(m.group(1)) in _FINAL_NUMBERS:
        return _FINAL_NUMBERS[int(m.group(1))]
    if by_layout is not None:
        return by_layout
    return classify_header(header_text, labels)


# Side-by-side layouts shared by two kinds; the title tells which.
_SAME_LAYOUT = {
    frozenset({TableKind.SUMMARY, TableKind.FISCAL_SUMMARY}),
    frozenset({TableKind.BASIC_DETAIL, TableKind.ORG_RUNNING}),
}


def _compatible(a: TableKind, b: TableKind) -> bool:
    return frozenset({a, b}) in _SAME_LAYOUT


def classify_layout(header_text: str, labels: str = "") -> TableKind | None:
    """Kinds recognisable from their layout alone (None when the layout is shared)."""
    h = squash(header_text)
    if "项目支出绩效自评表" in h or ("年初预算数" in h and "全年执行数" in h):
        return TableKind.PERF_SELF_EVAL
    if "年度绩效目标" in h or ("年度资金总额" in h and "绩效指标" in h):
        return TableKind.PERF_TARGET
    if "因公出国" in h and "公务用车购置" in h and ("预算" in h or "决算" in h or "合计" in h):
        if "团组" not in h and "人次" not in h:
            return TableKind.THREE_PUBLIC
    if h.count("科目代码") + h.count("科目编码") >= 2:
        return TableKind.BASIC_DETAIL
    if h.startswith("收入") and "支出" in h[:40] and "项目" in h:
        lab = squash(labels)
        fiscal_only = not any(w in lab for w in ("上级补助收入", "事业收入", "其他收入", "单位资金"))
        return TableKind.FISCAL_SUMMARY if fiscal_only else TableKind.SUMMARY
    return None


def classify_header(header_text: str, labels: str = "") -> TableKind:
    """Weaker evidence: column and row words typical of one kind."""
    h = squash(header_text)
    lab = squash(labels)
    if "因公出国" in lab and "公务接待" in lab and "公务用车" in lab and "团组" not in lab:
        return TableKind.THREE_PUBLIC
    if "一级项目" in h and "二级项目" in h:
        return TableKind.PROJECT
    if "委托事项" in h or "委托业务" in h:
        return TableKind.ENTRUSTED
    if "机关运行经费" in h:
        return TableKind.ORG_RUNNING
    if "政府采购" in h or "政府采购" in lab[:20]:
        return TableKind.PROCUREMENT
    if "上级补助收入" in h and ("事业收入" in h or "财政拨款收入" in h):
        return TableKind.INCOME
    if "基本支出" in h and "项目支出" in h and any(w in h for w in ("上缴上级", "对附属单位", "经营支出")):
        return TableKind.EXPENSE
    if "人员经费" in h and "公用经费" in h:
        return TableKind.GPB_EXPENSE if "项目支出" in h else TableKind.BASIC_DETAIL
    return TableKind.UNKNOWN
