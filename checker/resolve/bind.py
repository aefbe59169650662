"""Bind a claim to the table cell holding the same quantity.

Order of attempts, in the section's tables first (see :mod:`sections`):

1. a (类)(款)(项) path → classification row (:func:`names.find_path_row`);
2. the measure / subject as a row label (本年收入合计, 人员经费合计, 公务接待费 …),
   with 收入总计 / 支出总计 bound to the 总计 row of that side;
3. the measure as a column of the total row (基本支出, 项目支出, 人员经费 …);
4. the measure as a column of a wide table whose columns are grouped by period
   (三公 tables: 预算数 / 决算数 × 公务接待费 …);
5. per-project tables (绩效自评表) by project name.

A binding is refused (None) when two different values fit equally well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checker.claims.model import Claim
from checker.numbers import Num, parse_number
from checker.resolve.names import bare, find_path_row, name_score, norm
from checker.resolve.sections import kinds_for_section, search_order, section_total
from checker.tables.model import TableColumn, TableKind, TableRow, Tables, TypedTable

# Column preference per period. 决算 tables hold the final figure in ``total``; budget
# reports in ``total``/``current``; 三公 and performance tables in ``executed``.
PERIOD_COLUMNS: dict[str, tuple[str, ...]] = {
    "current": ("total", "executed", "current"),
    "final": ("executed", "total", "current"),
    "unknown": ("total", "executed", "current"),
    "budget": ("budget", "adjusted_budget"),
    "prior": ("prior",),
}
PERIOD_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "current": ("决算", "执行", "本年"),
    "final": ("决算", "执行"),
    "unknown": ("决算", "执行", "本年"),
    "budget": ("预算",),
    "prior": ("上年",),
}

# Measures that name a column of the total row.
MEASURE_COLUMNS: dict[str, str] = {
    "基本": "basic",
    "项目": "project",
    "人员": "personnel",
    "公用": "public",
    "财政拨款": "fiscal",
    "一般公共预算财政拨款": "gpb",
    "政府性基金预算财政拨款": "gov_fund",
    "事业收入": "business",
    "其他收入": "other",
    "上级补助收入": "upper_grant",
    "全年预算数": "adjusted_budget",
    "年初预算数": "budget",
    "执行数": "executed",
    "全年执行数": "executed",
    "执行率": "rate",
}


@dataclass(frozen=True)
class Fact:
    """A table value a claim was bound to, with what a reviewer needs to find it."""

    num: Num
    table: TypedTable
    row: TableRow
    column: TableColumn | None
    column_key: str

    @property
    def column_label(self) -> str:
        return self.column.label if self.column else self.column_key

    @property
    def line(self) -> int | None:
        cell = self.row.cells.get(self.column_key)
        return (cell.line if cell else None) or self.row.line

    @property
    def where(self) -> str:
        side = {"income": "收入方", "expense": "支出方"}.get(self.row.side, "")
        side = f"（{side}）" if side else ""
        return f"{self.table.title}{side}“{self.row.label}”行“{self.column_label}”列"


# An empty cell in a row that exists stands for zero (公开表 leave zero amounts blank).
_BLANK = {"", "-", "—", "--", "——", "－"}
ZERO = Num(value=Decimal(0), text="0.00", decimals=2)


def _fact(table: TypedTable, row: TableRow, key: str) -> Fact | None:
    n = row.value(key)
    if n is None:
        cell = row.cells.get(key)
        if cell is None or cell.text.strip() not in _BLANK:
            return None
        n = ZERO
    return Fact(num=n, table=table, row=row, column=table.column(key), column_key=key)


def value_at(table: TypedTable, row: TableRow, period: str) -> Fact | None:
    for key in PERIOD_COLUMNS.get(period, PERIOD_COLUMNS["current"]):
        f = _fact(table, row, key)
        if f is not None:
            return f
    if period in ("current", "final", "unknown"):
        # Single-value tables: a row with exactly one numeric cell.
        nums = [k for k, c in row.cells.items() if c.num is not None]
        if len(nums) == 1:
            return _fact(table, row, nums[0])
    return None


_THREE_PUBLIC_WORDS = (
    "三公",
    "公务接待",
    "因公出国",
    "公务用车",
    "机关运行",
)  # 机关运行经费: some 三公 tables print it


def _table_period(period: str, tables: Tables) -> str:
    """The column a period is read from: a budget report's tables print nothing but the
    budget, so its 预算 figures are their current columns."""
    return "current" if period == "budget" and tables.report_kind == "budget" else period


def section_table_missing(section: str, tables: Tables, subject: str = "") -> TableKind | None:
    """The table kind a section speaks of when the report prints none of its kinds (a
    三公 section without a 三公 table): its figures have nothing to be compared with —
    unless the figure's own name belongs to a table the report has (公务接待费 → 三公)."""
    kinds = kinds_for_section(section)
    if not kinds or not tables.tables or any(tables.of_kind(k) for k in kinds):
        return None
    own = kinds_for_section(subject) + (
        (TableKind.THREE_PUBLIC,) if any(w in subject for w in _THREE_PUBLIC_WORDS) else ()
    )
    if any(tables.of_kind(k) for k in own):
        return None
    return kinds[0]


def _tables_in_order(tables: Tables, section: str) -> list[TypedTable]:
    order = search_order(section)
    return [t for k in order for t in tables.of_kind(k)]


def _unique(facts: list[Fact]) -> Fact | None:
    """The fact when all candidates agree on the value; None when they disagree."""
    if not facts:
        return None
    first = facts[0]
    if all(f.num.value == first.num.value for f in facts[1:]):
        return first
    return None


def _side_of(name: str) -> str:
    n = norm(name)
    if "收入" in n:
        return "income"
    if "支出" in n or "支" in n:
        return "expense"
    return ""


def _grand_total_rows(table: TypedTable, name: str) -> list[TableRow]:
    """收入总计 / 支出总计 → the 总计 row of that side of a summary table."""
    n = norm(name)
    if "总计" not in n:
        return []
    side = _side_of(n)
    out = []
    for r in table.rows:
        lab = norm(r.label)
        if lab in ("总计", n) or (lab.endswith("总计") and _side_of(lab) in ("", side)):
            if not side or not r.side or r.side == side:
                out.append(r)
    return out


def _row_by_label(table: TypedTable, name: str) -> list[TableRow]:
    out = _grand_total_rows(table, name)
    if out:
        return out
    n, n_core = norm(name), _core(name)
    side = _side_of(name) if table.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY) else ""
    for r in table.rows:
        if side and r.side and r.side != side:
            continue
        if norm(r.label) == n or _core(r.label) == n_core:
            out.append(r)
    return out


def _core(label: str) -> str:
    """人员经费合计 / 人员经费 → 人员: a total row is named by what it totals."""
    b = bare(label)
    return norm(b.removesuffix("合计")) if b.endswith("合计") and len(b) > 2 else norm(b)


def _column_of_total(table: TypedTable, name: str) -> str | None:
    n = norm(name)
    for word, key in sorted(MEASURE_COLUMNS.items(), key=lambda kv: -len(kv[0])):
        if n == norm(word) or n == word or (n.startswith(word) and len(n) <= len(word) + 2):
            if table.column(key) is not None:
                return key
    return None


def _grouped_columns(table: TypedTable, name: str, period: str) -> list[TableColumn]:
    """Columns named ``name`` under the header group of ``period`` (三公 tables)."""
    # “三公”经费 as a whole is the 合计 column of its group.
    target = "合计" if "三公" in name else name
    named = []
    for c in table.columns:
        # Grouped headers join into e.g. 公务用车购置及运行费小计: the 小计 is the item itself.
        label = c.label.removesuffix("小计").removesuffix("合计") or c.label
        if (target == "合计" and norm(c.label) == "合计") or (
            target != "合计" and name_score(target, label) == 3
        ):
            named.append(c)
    words = PERIOD_GROUP_WORDS.get(period, ())
    # An ungrouped column holds the report's own (current / final) figure: it can never
    # stand for a prior-year or budget figure the sentence speaks of.
    current_like = period in ("current", "final", "unknown")
    out = [
        c for c in named if (current_like and not c.group) or (c.group and any(w in c.group for w in words))
    ]
    if out or period not in ("current", "unknown"):
        return out
    # Budget reports group by year (2025年预算数 / 2024年预算数): the latest year is current.
    years = {c.key: int(m.group()) for c in named if c.group and (m := re.search(r"(19|20)\d\d", c.group))}
    if years and len(set(years.values())) > 1:
        latest = max(years.values())
        return [c for c in named if years.get(c.key) == latest]
    return []


# 三公 items → the parser's column suffixes (``budget.reception``, ``final.vehicle`` …).
_THREE_PUBLIC_ITEMS: tuple[tuple[str, str], ...] = (
    ("机关运行", "org_running"),
    ("公务用车购置及运行", "vehicle"),
    ("公务用车运行", "vehicle_running"),
    ("公务用车购置", "vehicle_purchase"),
    ("因公出国", "outbound"),
    ("公务接待", "reception"),
    ("三公", "total"),
)


def _three_public_fact(table: TypedTable, name: str, period: str) -> Fact | None:
    n = "".join(name.split())
    item = next((key for word, key in _THREE_PUBLIC_ITEMS if word in n), None)
    if item is None:
        return None
    has_final = any(c.key.startswith("final.") for c in table.columns)
    if period == "budget":
        prefixes = ["budget"]
    elif period == "prior":
        prefixes = ["prior"]
    else:
        # A 决算 table has both halves (current = 决算数); a budget table only budget.*.
        prefixes = ["final"] if has_final else ["budget", "current"]
    row = table.total_row() or next((r for r in table.rows if r.cells), None)
    if row is None:
        return None
    for p in prefixes:
        f = _fact(table, row, f"{p}.{item}")
        if f is not None:
            return f
    return None


_BASE_PREFIXES = (
    "一般公共预算财政拨款",
    "一般公共预算",
    "财政拨款",
    "本年度",
    "本年",
    "全年",
    "部门",
    "单位",
)
_BASE_SUFFIXES = ("的", "总额", "总计", "合计", "总数", "总")


def _base_core(name: str) -> str:
    """总支出 / 支出总额 / 一般公共预算项目支出总额 → 支出 / 支出 / 项目支出."""
    t = "".join(name.split())
    changed = True
    while changed:
        changed = False
        for p in (*_BASE_PREFIXES, "总"):
            if t.startswith(p) and len(t) > len(p):
                t, changed = t[len(p) :], True
        for sfx in _BASE_SUFFIXES:
            if t.endswith(sfx) and len(t) > len(sfx):
                t, changed = t[: -len(sfx)], True
    return t


def bind_value(
    claim: Claim, tables: Tables, *, name: str | None = None, period: str | None = None
) -> Fact | None:
    """The table value the claim's subject stands for (or ``name``'s, for bases)."""
    period = _table_period(period or claim.period, tables)
    path = [] if name is not None else list(claim.path)
    names = [name] if name is not None else [x for x in (claim.measure, claim.subject) if x]
    ordered = _tables_in_order(tables, claim.section)
    section_kinds = kinds_for_section(claim.section)
    if section_table_missing(claim.section, tables, f"{claim.subject}{claim.measure}{name or ''}"):
        return None  # the section's own table is not in the report: no other table stands in

    if path:
        for kinds in (section_kinds, tuple(TableKind)):
            found = []
            for t in ordered:
                if t.kind not in kinds:
                    continue
                row = find_path_row(t, path)
                if row is not None:
                    f = value_at(t, row, period)
                    if f is not None:
                        found.append(f)
            if found:
                # Prefer the first table in section order; the same row in another table
                # may legitimately differ (支出决算表 vs 财政拨款表).
                return found[0]
        return None

    for group in (names, [v for nm in names for v in name_variants(nm, tables.report_kind)]):
        for nm in group:
            for t in ordered:
                f = _title_total(t, nm, period)
                if f is not None:
                    return f
        for nm in group:
            for t in ordered:
                matched, fact = _name_fact(t, nm, period)
                if matched:
                    return fact
    return None


# 上海市普陀区人民政府万里街道办事处（部门）收入预算: the report's own entity before the measure.
_ENTITY = re.compile(
    r"^.{2,40}?(?:局|委员会|委|办事处|办公室|政府|中心|厅|院|所|处|队|站|馆|会|部)"
    r"(?:[（(](?:部门|单位|本级|本部|汇总)[)）])?(?:本级|本部|机关)?"
    r"(?=(?:部门)?(?:收入|支出|财政|一般公共|政府性|国有资本|三公|“三公”|机关运行|本年|年度|预算|决算))"
)
# In a budget report every table figure is a budget figure (收入预算 = the table's 收入);
# in final accounts every one is actual (支出决算 = 支出): the word says nothing more there.
# The other word does (项目支出预算 in a 决算 report is the budget, not the table's actual).
_PLAN_TAIL = {
    "budget": re.compile(r"(?:预算数|预算安排|预算)$"),
    "final": re.compile(r"(?:决算数|决算|执行数)$"),
}


def name_variants(nm: str, report_kind: str = "unknown") -> list[str]:
    """Other ways a report names the same table quantity, tried only when the name as
    written matches nothing: without the report's own entity in front, without a
    trailing 预算/决算 (收入预算 → 收入, the table's 收入总计), 拨款支出 as 支出
    (一般公共预算拨款支出 → 一般公共预算支出)."""
    t = "".join(nm.split())
    out: list[str] = []

    def add(x: str) -> None:
        if x and x != t and x not in out:
            out.append(x)

    t1 = _ENTITY.sub("", t)
    add(t1)
    tail = _PLAN_TAIL.get(report_kind)
    t2 = tail.sub("", t1) if tail else t1
    add(t2)
    t3 = t2.replace("拨款支出", "支出").replace("拨款收入", "收入") if not t2.startswith("财政拨款") else t2
    add(t3)
    for x in (t2, t3):
        if x in ("收入", "支出", "收入总额", "支出总额", "总收入", "总支出"):
            add(("收入" if "收入" in x else "支出") + "总计")
    return out


_TITLE_TAIL = re.compile(r"(?:决算|预算)?(?:明细|情况)?表$")


def _title_total(t: TypedTable, nm: str, period: str) -> Fact | None:
    """A measure that names a whole table (一般公共预算财政拨款支出 → 一般公共预算财政拨款
    支出决算表) stands for that table's grand total."""
    core = norm(_TITLE_TAIL.sub("", norm(t.title)))
    if not core or norm(nm) != core:
        return None
    total = grand_total(t, "expense" if "支出" in core else "")
    return value_at(t, total, period) if total is not None else None


def _name_fact(t: TypedTable, nm: str, period: str) -> tuple[bool, Fact | None]:
    """(whether ``nm`` names something in ``t``, its value if unambiguous)."""
    if t.kind in (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET):
        return False, None
    facts = [f for r in _row_by_label(t, nm) if (f := value_at(t, r, period)) is not None]
    if facts:
        return True, _unique(facts)
    key = _column_of_total(t, nm) if period in ("current", "final", "unknown") else None
    if key is not None:
        total = t.total_row("expense") or t.total_row()
        if total is not None and (f := _fact(t, total, key)) is not None:
            return True, f
    tp = _three_public_fact(t, nm, period) if t.kind is TableKind.THREE_PUBLIC else None
    if tp is not None:
        return True, tp
    cols = _grouped_columns(t, nm, period)
    if cols:
        # the total row; a one-row table (三公) is its own total; a many-row table without
        # one has no row that stands for the column as a whole
        row = t.total_row() or (t.rows[0] if len(t.rows) == 1 else None)
        facts = [f for c in cols if row is not None and (f := _fact(t, row, c.key)) is not None]
        if facts:
            return True, _unique(facts)
    return False, None


def bind_all(claim: Claim, tables: Tables, *, period: str | None = None) -> list[Fact]:
    """Every table's value for the claim's subject (one per table), section tables first.

    A narrative restates one table; when tables disagree among themselves (a table
    error), the text matching any of them is not the text's fault."""
    period = _table_period(period or claim.period, tables)
    out: list[Fact] = []
    if section_table_missing(claim.section, tables, f"{claim.subject}{claim.measure}"):
        return out
    ordered = _tables_in_order(tables, claim.section)
    if claim.path:
        for t in ordered:
            row = find_path_row(t, list(claim.path))
            if row is not None and (f := value_at(t, row, period)) is not None:
                out.append(f)
        return out
    names = [x for x in (claim.measure, claim.subject) if x]
    for group in (names, [v for nm in names for v in name_variants(nm, tables.report_kind)]):
        for t in ordered:
            for nm in group:
                matched, f = _name_fact(t, nm, period)
                if matched:
                    if f is not None:
                        out.append(f)
                    break
        if out:
            break
    return out


def refine_current(fact: Fact, claim: Claim) -> Fact:
    """Budget tables print 本年预算 and 上年结转 beside their total: a sentence speaking of
    本年收入 / 本年预算 means the 本年 column, not the total including 结转."""
    if fact.column_key != "total" or "current" not in fact.row.cells:
        return fact
    before = "".join(claim.sentence[: max(0, claim.span.start)].split())
    if any(w in before for w in ("本年收入", "本年预算", "当年预算")):
        return _fact(fact.table, fact.row, "current") or fact
    return fact


def perf_entities(tables: Tables, kind: TableKind) -> list[TypedTable]:
    """Per-project performance tables, one per distinct project name."""
    seen: set[str] = set()
    out = []
    for t in tables.of_kind(kind):
        ent = norm(t.entity)
        if ent and ent not in seen:
            seen.add(ent)
            out.append(t)
    return out


_NUM_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d(?=\s*年)")
_ENTITY_NOISE = re.compile(r"^(?:(?:19|20)\d\d\s*年度?)|项目$")


def _bigrams(t: str) -> set[str]:
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _other_numbers(claim: Claim) -> set[Decimal]:
    """Numbers of the sentence other than the claim's own value (and years)."""
    s = claim.sentence
    text = s[: claim.span.start] + " " + s[claim.span.end :]
    text = _YEAR.sub(" ", text)
    out = set()
    for m in _NUM_IN_TEXT.finditer(text):
        after = text[m.end() : m.end() + 2].strip()
        v = Decimal(m.group())
        # 0 and 100(%) are in nearly every table, and scores / counts (92 分, 3 个) are not
        # table figures: none of them tells one project's table from another's.
        if v in (0, 100) or after[:1] in ("分", "个", "项", "人", "次"):
            continue
        out.add(v)
    return out


def _table_numbers(t: TypedTable) -> set[Decimal]:
    out = set()
    for r in t.rows:
        for c in r.cells.values():
            n = parse_number(c.text.rstrip("%％"))
            if n is not None:
                out.add(n.value)
    return out


def project_table(claim: Claim, tables: Tables, context: str = "") -> TypedTable | None:
    """The 绩效自评表 of the project a sentence speaks of.

    Narratives rename projects (`州属统外取暖费` for the table's `退休人员州属统外待遇项目`),
    so the choice weighs shared character pairs of the names (in the sentence and the
    paragraph text before it) and, twice as much, the sentence's *other* figures found in
    the table (执行数, 执行率 …; never the value under check). None unless one table wins.
    """
    evals = tables.of_kind(TableKind.PERF_SELF_EVAL)
    if not evals:
        return None
    text = norm(claim.subject) + "|" + norm(context[-80:]) + "|" + norm(claim.sentence)
    grams = _bigrams(text)
    others = _other_numbers(claim)
    scored = []
    for t in evals:
        ent = _ENTITY_NOISE.sub("", norm(t.entity))
        name = len(_bigrams(ent) & grams) if ent else 0
        figures = len(others & _table_numbers(t)) if others else 0
        scored.append((name + 2 * figures, t))
    scored.sort(key=lambda x: -x[0])
    best = scored[0][0]
    if best < 2 or (len(scored) > 1 and scored[1][0] == best):
        return None
    return scored[0][1]


def project_fact(table: TypedTable, key: str) -> Fact | None:
    """A 绩效自评表's 年度资金总额 (总和) figure in column ``key``."""
    rows = [r for r in table.rows if r.value(key) is not None]
    pref = [r for r in rows if "总额" in r.label or "总和" in r.label or r.is_total] or rows
    return _fact(table, pref[0], key) if pref else None


def target_amounts(tables: Tables) -> list[Fact]:
    """One amount per project of the 项目支出绩效目标表: per-project tables (entity set) or
    one row per project. Empty when the tables give no clear per-project amount."""
    out: list[Fact] = []
    for t in tables.of_kind(TableKind.PERF_TARGET):
        rows = [r for r in t.rows if not r.is_total and r.value("total") is not None]
        if t.entity:
            pref = [r for r in rows if any(w in r.label for w in ("资金", "总额", "合计", "金额"))] or rows
            if pref:
                f = _fact(t, pref[0], "total")
                if f is not None:
                    out.append(f)
        else:
            out.extend(f for r in rows if (f := _fact(t, r, "total")) is not None)
    return out


def _total_rank(row: TableRow) -> int:
    """0 总计, 1 合计, 2 本年收入/支出合计; 3 a component's total (人员经费合计) — no base."""
    lab = norm(row.label)
    if "总计" in lab:
        return 0
    if lab in ("合计", "小计"):
        return 1
    if lab.startswith("本年") and lab.endswith("合计"):
        return 2
    return 3


def grand_total(table: TypedTable, side: str = "", exclude: TableRow | None = None) -> TableRow | None:
    """The table's overall total on ``side`` (总计 before 合计); None when it has only
    the totals of its parts (人员经费合计 / 公用经费合计)."""
    totals = [
        r
        for r in table.rows
        if r.is_total
        and r is not exclude
        and (not side or not r.side or r.side == side)
        and _total_rank(r) < 3
    ]
    return min(totals, key=_total_rank) if totals else None


def bind_base(claim: Claim, tables: Tables, part: Fact | None = None) -> Fact | None:
    """The base of a share: the total the sentence names, else the total of the table the
    part was found in (same column), else the section's total."""
    if claim.base:
        f = bind_value(claim, tables, name=claim.base, period=claim.period)
        if f is not None:
            return f
        core = _base_core(claim.base)
        if core not in ("支出", "收入"):
            return bind_value(claim, tables, name=core, period=claim.period) if core != claim.base else None
        side = "income" if core == "收入" else "expense"
        for t in _tables_in_order(tables, claim.section):
            total = grand_total(t, side)
            if total is not None and (f := value_at(t, total, claim.period)) is not None:
                return f
        return None
    own = part.row if part is not None else None
    if part is not None and not part.row.is_total:
        total = grand_total(part.table, part.row.side, exclude=own)
        if total is not None and (f := _fact(part.table, total, part.column_key)) is not None:
            return f
    hint = section_total(claim.section)
    if hint:
        # 基本支出 / 项目支出 sections: shares are of that total (人员经费 占 83.9%).
        f = bind_value(claim, tables, name=hint, period=claim.period)
        if f is not None and (part is None or f.row is not part.row or f.column_key != part.column_key):
            return f
    for t in _tables_in_order(tables, claim.section):
        if t.kind not in kinds_for_section(claim.section):
            continue
        total = grand_total(t, (own.side if own is not None else "") or "expense", exclude=own)
        if total is not None and (f := value_at(t, total, claim.period)) is not None:
            return f
    return None


def find_other_label(fact: Fact, stated: Num) -> TableRow | None:
    """Another total-like row of the same table printing exactly the stated value
    (收入总计 written where the text means 本年收入合计): a label slip, not a wrong number."""
    for r in fact.table.rows:
        if r is fact.row:
            continue
        n = r.value(fact.column_key)
        if (
            n is not None
            and n.value == stated.value
            and (r.is_total or "合计" in r.label or "总计" in r.label)
        ):
            return r
    return None
