"""Header paths → canonical column keys (see ``COLUMN_KEYS`` in ``model.py``)."""

from __future__ import annotations

import re

from checker.tables.model import TableColumn

# Header word → key, tested on the deepest meaningful header first. Longest words first so
# 本年收入合计 wins over 合计 and 事业单位经营收入 over 经营收入.
WORDS: tuple[tuple[str, str], ...] = (
    ("本年收入合计", "total"),
    ("本年支出合计", "total"),
    ("一般公共预算财政拨款", "gpb"),
    ("一般公共预算拨款收入", "gpb"),
    ("一般公共预算拨款", "gpb"),
    ("一般公共预算收入", "gpb"),
    ("一般公共预算", "gpb"),
    ("政府性基金预算财政拨款", "gov_fund"),
    ("政府性基金预算拨款收入", "gov_fund"),
    ("政府性基金预算收入", "gov_fund"),
    ("政府性基金预算", "gov_fund"),
    ("国有资本经营预算财政拨款", "state_capital"),
    ("国有资本经营预算拨款收入", "state_capital"),
    ("国有资本经营预算收入", "state_capital"),
    ("国有资本经营预算", "state_capital"),
    ("事业单位经营收入", "operating"),
    ("事业单位经营支出", "operating_exp"),
    ("附属单位上缴收入", "affiliated"),
    ("对附属单位补助支出", "to_affiliated"),
    ("上缴上级支出", "to_upper"),
    ("上级补助收入", "upper_grant"),
    ("财政拨款收入", "fiscal"),
    ("年初结转和结余", "carry_in"),
    ("年末结转和结余", "carry_out"),
    ("上年预算数", "prior"),
    ("上年数", "prior"),
    ("年初预算数", "budget"),
    ("年初预算", "budget"),
    ("全年预算数", "adjusted_budget"),
    ("调整后预算数", "adjusted_budget"),
    ("调整预算数", "adjusted_budget"),
    ("预算执行率", "rate"),
    ("完成率", "rate"),
    ("全年执行数", "executed"),
    ("执行数", "executed"),
    ("执行率", "rate"),
    ("基本支出", "basic"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("项目支出", "project"),
    ("经营收入", "operating"),
    ("经营支出", "operating_exp"),
    ("事业收入", "business"),
    ("其他收入", "other"),
    ("本年预算", "current"),
    ("当年预算", "current"),
    ("上年结转", "carryover"),
    ("本年收入", "income"),
    ("财政拨款", "fiscal"),
    ("决算数", "total"),
    ("预算数", "total"),
    ("金额", "total"),
    ("总计", "total"),
    ("合计", "total"),
    ("小计", "total"),
)
_SUBTOTAL = {"合计", "小计"}
_YEAR = re.compile(r"((?:19|20)\d\d)年")


def word_key(word: str) -> str | None:
    """The canonical key a single header word names, or None."""
    w = _YEAR.sub("", word)
    for text, key in WORDS:
        if w == text:
            return key
    for text, key in WORDS:
        if text in w and key not in ("total",):
            return key
    for text, key in WORDS:
        if w.endswith(text):
            return key
    return None


def path_key(path: list[str]) -> str | None:
    """Key of a column from its header path: the deepest word that names something; a
    合计/小计 under a group stands for that group (基本支出 › 小计 → basic)."""
    if not path:
        return None
    leaf = path[-1]
    if leaf in _SUBTOTAL and len(path) > 1:
        for parent in reversed(path[:-1]):
            if parent.startswith("本年") and parent.endswith("支出"):
                return "total"  # 本年政府性基金预算支出 › 合计
            k = word_key(parent)
            if k is not None:
                # 本年支出 › 小计 / 本年预算 › 合计: the row total of the group.
                return k
        return "total"
    for w in reversed(path):
        k = word_key(w)
        if k is not None:
            return k
    return None


def period_of(word: str) -> str | None:
    """The period a group header names: final (决算/执行), budget (年初预算/预算数),
    adjusted_budget (调整预算/全年预算), prior (上年); None for other groups."""
    w = _YEAR.sub("", word)
    if "决算" in w or "执行" in w:
        return "final"
    if "调整" in w or "全年预算" in w:
        return "adjusted_budget"
    if "上年" in w and "结转" not in w:
        return "prior"
    if "预算" in w and "本年预算" not in w and "当年预算" not in w:
        return "budget"
    return None


def derived_key(path: list[str]) -> str:
    return "/".join(path) or "col"


# A header over every amount column names the table's (or the half's) scope, not a
# column: 财政拨款支出 › 合计 is the row total, not a 财政拨款 column beside it.
_SCOPE_KEYS = {None, "total", "fiscal", "gpb", "gov_fund", "state_capital", "income"}


def strip_scope(paths: list[list[str]]) -> list[list[str]]:
    """Paths without the leading header words every column shares, when those words name
    a scope (一般公共预算支出, 本年支出, 预算数) rather than a part (基本支出)."""
    out = [p[:] for p in paths]
    while (
        len(out) > 0
        and all(len(p) > 1 for p in out)
        and len({p[0] for p in out}) == 1
        and word_key(out[0][0]) in _SCOPE_KEYS
    ):
        out = [p[1:] for p in out]
    return out


def make_columns(paths: list[list[str]]) -> list[TableColumn]:
    """Columns with unique keys: a key met twice is prefixed with its group's key
    (``carryover.gpb``), else numbered. Labels and groups stay as printed; keys are read
    from the headers below a shared scope header."""
    out: list[TableColumn] = []
    used: set[str] = set()
    years = sorted({int(m.group(1)) for p in paths for w in p for m in [_YEAR.search(w)] if m})
    printed, paths = paths, strip_scope(paths)
    periods = {p[0]: period_of(p[0]) for p in paths if len(p) > 1}
    # 预算 and 决算 halves side by side (年初预算 › 基本支出 … 决算数 › 基本支出): the 决算
    # half keeps the plain keys, the other halves are prefixed (budget.basic).
    split_halves = "final" in periods.values() and len({v for v in periods.values() if v}) > 1
    for path, shown in zip(paths, printed, strict=True):
        key = path_key(path) or derived_key(path)
        half = periods.get(path[0]) if split_halves and len(path) > 1 else None
        if half and half != "final" and key != half:
            key = f"{half}.{key}"
        # Budget tables printing two years: the earlier year's figure is the prior one.
        if len(years) > 1 and key == "total":
            m = next((_YEAR.search(w) for w in path if _YEAR.search(w)), None)
            if m and int(m.group(1)) < years[-1]:
                key = "prior"
        group = shown[0] if len(shown) > 1 else ""
        if key in used and len(path) > 1:
            gk = word_key(path[0]) or derived_key(path[:1])
            key = f"{gk}.{key}"
        base, n = key, 2
        while key in used:
            key, n = f"{base}_{n}", n + 1
        used.add(key)
        out.append(TableColumn(key=key, label="".join(shown), group=group))
    return out
