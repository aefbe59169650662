"""Typed tables: table grids classified and parsed into canonical rows and columns.

Table kinds are shared between 决算 (final accounts) and 预算 (budget) reports where the
tables play the same role; ``Document.kind`` tells which set a report belongs to.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from checker.numbers import Num, parse_number


class TableKind(str, Enum):
    SUMMARY = "summary"  # 公开01 收入支出决算总表 / 收支(预算)总表
    INCOME = "income"  # 公开02 收入决算表 / 收入(预算)总表
    EXPENSE = "expense"  # 公开03 支出决算表 / 支出(预算)总表
    FISCAL_SUMMARY = "fiscal_summary"  # 公开04 财政拨款收入支出决算总表 / 财政拨款收支(预算)总表
    GPB_EXPENSE = "gpb_expense"  # 公开05 一般公共预算财政拨款支出决算表 / 一般公共预算(拨款)支出(预算)表
    BASIC_DETAIL = (
        "basic_detail"  # 公开06 一般公共预算财政拨款基本支出决算明细表 / 一般公共预算基本支出(预算)表
    )
    GOV_FUND = "gov_fund"  # 公开07 政府性基金预算财政拨款收入支出决算表 / 政府性基金预算支出表
    STATE_CAPITAL = "state_capital"  # 公开08 国有资本经营预算财政拨款支出决算表 / 国有资本经营预算支出表
    THREE_PUBLIC = "three_public"  # 公开09 财政拨款"三公"经费支出决算表 / 一般公共预算"三公"经费支出表
    PROJECT = "project"  # 项目支出(预算)表
    PERF_SELF_EVAL = "perf_self_eval"  # 项目支出绩效自评表 (one per project)
    PERF_TARGET = "perf_target"  # 项目支出绩效目标表
    ORG_RUNNING = "org_running"  # 机关运行经费支出(情况)表
    PROCUREMENT = "procurement"  # 政府采购支出(情况)表
    ENTRUSTED = "entrusted"  # 财政拨款委托业务费支出预算表
    UNKNOWN = "unknown"  # kept as a generic grid, reported as unclassified


# What a reviewer calls each kind (terminal and HTML views).
KIND_LABELS: dict[TableKind, str] = {
    TableKind.SUMMARY: "收支总表",
    TableKind.INCOME: "收入表",
    TableKind.EXPENSE: "支出表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支总表",
    TableKind.GPB_EXPENSE: "一般公共预算财政拨款支出表",
    TableKind.BASIC_DETAIL: "基本支出明细表",
    TableKind.GOV_FUND: "政府性基金表",
    TableKind.STATE_CAPITAL: "国有资本经营表",
    TableKind.THREE_PUBLIC: "“三公”经费表",
    TableKind.PROJECT: "项目支出表",
    TableKind.PERF_SELF_EVAL: "绩效自评表",
    TableKind.PERF_TARGET: "绩效目标表",
    TableKind.ORG_RUNNING: "机关运行经费表",
    TableKind.PROCUREMENT: "政府采购表",
    TableKind.ENTRUSTED: "委托业务费表",
    TableKind.UNKNOWN: "未识别（按原样保留）",
}

# Canonical column keys (the vocabulary checks and resolution rely on). A column whose
# header matches none of these keeps a key derived from its normalised header text.
COLUMN_KEYS: dict[str, str] = {
    "total": "合计/小计/本年收入合计/本年支出合计/总计/金额/决算数/预算数 (the row's total)",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "project": "项目支出",
    "fiscal": "财政拨款(收入)",
    "upper_grant": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入 / 事业单位经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "to_upper": "上缴上级支出",
    "operating_exp": "经营支出 / 事业单位经营支出",
    "to_affiliated": "对附属单位补助支出",
    "gpb": "一般公共预算财政拨款 / 一般公共预算(收入/拨款)",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "current": "本年预算 / 当年预算 (budget reports)",
    "carryover": "上年结转 (budget reports)",
    "carry_in": "年初结转和结余",
    "income": "本年收入",
    "carry_out": "年末结转和结余",
    "prior": "上年数 / 上年预算数",
    "budget": "预算数 (三公 table half, performance tables: 年初预算数)",
    "adjusted_budget": "全年预算数",
    "executed": "全年执行数 / 执行数",
    "rate": "执行率",
    "weight": "分值 (绩效自评表)",
    "score": "得分 (绩效自评表)",
    # 三公 tables: ``<half>.<item>`` — half budget (预算数) / final (决算数) / prior (上年);
    # item total / outbound / vehicle / vehicle_purchase / vehicle_running / reception; budget
    # tables splitting an item into 当年预算 / 上年结转 add ``.current`` / ``.carryover``.
    "budget.total": "“三公”经费预算数合计 (likewise final.total, prior.total)",
    "budget.outbound": "因公出国(境)费",
    "budget.vehicle": "公务用车购置及运行(维护)费 (小计)",
    "budget.vehicle_purchase": "公务用车购置费",
    "budget.vehicle_running": "公务用车运行(维护)费",
    "budget.reception": "公务接待费",
    "budget.org_running": "机关运行经费 (printed beside the 三公 items in Shanghai tables)",
}
# A key met twice in one table is prefixed with its header group's key (``carryover.gpb``
# = 上年结转 › 一般公共预算), else numbered (``total_2``); unnamed columns keep their header
# text. Space-separated tables without readable headers number them ``col1``, ``col2`` ….


class TableCell(BaseModel):
    text: str  # as printed
    line: int | None = None
    page: int | None = None

    @property
    def num(self) -> Num | None:
        return parse_number(self.text)


class TableColumn(BaseModel):
    key: str  # canonical key (see COLUMN_KEYS) or derived from the header
    label: str  # header as printed (joined across header rows, whitespace removed)
    group: str = ""  # parent header where headers are grouped (e.g. 预算数/决算数 in 三公)
    # Side-by-side summary tables: both halves use the same keys (each half's row total is
    # ``total``); the header each half prints for this key ("income"/"expense" → label).
    side_labels: dict[str, str] = Field(default_factory=dict)

    def label_for(self, side: str = "") -> str:
        return self.side_labels.get(side, self.label) if side else self.label


class TableRow(BaseModel):
    label: str  # row name as printed (whitespace inside CJK removed)
    code: str | None = None  # classification code: 功能分类 3/5/7 digits, 经济分类 3/5 digits
    level: int | None = None  # 1 类 / 2 款 / 3 项 (经济分类: 1 类 / 2 款); None for totals etc.
    parent: int | None = None  # index of the parent row in TypedTable.rows
    is_total: bool = False  # 合计 / 总计 / 本年收入合计 … rows
    unit_no: str | None = None  # a department's / unit's own number (310, 310001), not a 科目 code
    side: str = ""  # "income" | "expense" for the two halves of summary tables
    cells: dict[str, TableCell] = Field(default_factory=dict)  # column key -> cell
    line: int | None = None
    page: int | None = None

    def value(self, key: str) -> Num | None:
        c = self.cells.get(key)
        return c.num if c else None


class TypedTable(BaseModel):
    index: int  # position among the document's tables (0-based)
    kind: TableKind
    title: str  # as printed, e.g. 一般公共预算财政拨款支出决算表
    number: str = ""  # e.g. 公开05表, when printed
    unit: str = "万元"  # 万元 | 元
    entity: str = ""  # for per-project tables (绩效自评表): the project name
    columns: list[TableColumn] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    line: int | None = None
    page: int | None = None
    notes: list[str] = Field(default_factory=list)  # parser notes (e.g. values placed by inference)
    # The source lost its column structure (space-separated export): which column a value
    # sits in was read from header words and sums, not from the layout.
    sparse: bool = False
    # Why the parser is unsure which column (or which half, which parent row) a value
    # belongs to: a header no known word names, halves not told apart, a code printed
    # incompletely. Empty when the table was read with confidence; table findings on a
    # table with doubts are notes (info), never errors.
    doubts: list[str] = Field(default_factory=list)

    @property
    def confident(self) -> bool:
        return not self.doubts

    def column(self, key: str) -> TableColumn | None:
        return next((c for c in self.columns if c.key == key), None)

    def by_code(self, code: str) -> TableRow | None:
        return next((r for r in self.rows if r.code == code), None)

    def total_row(self, side: str = "") -> TableRow | None:
        return next((r for r in self.rows if r.is_total and (not side or r.side == side)), None)

    def find(self, label: str, side: str = "") -> TableRow | None:
        """First row whose label equals ``label`` (after removing whitespace)."""
        want = "".join(label.split())
        return next((r for r in self.rows if r.label == want and (not side or r.side == side)), None)


class Tables(BaseModel):
    """All typed tables of one document."""

    tables: list[TypedTable] = Field(default_factory=list)
    report_kind: str = "unknown"  # the Document's kind: final | budget | unknown

    def of_kind(self, kind: TableKind) -> list[TypedTable]:
        return [t for t in self.tables if t.kind == kind]

    def first(self, kind: TableKind) -> TypedTable | None:
        return next((t for t in self.tables if t.kind == kind), None)
