"""Classification names (R421): an item the narrative names by its (类)(款)(项) path must
carry the names the tables give the rows of that path; a pre-2019 name is outdated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.checks.context import CheckContext
from checker.checks.report_common import ReportRule, block_finding, text_blocks
from checker.findings import Finding
from checker.resolve.names import bare, name_score, norm
from checker.tables.model import TableKind, TableRow

R421 = ReportRule("R421", "classification-name", "科目名称：说明中的（类）（款）（项）名称应与表中该科目一致")

# Renamed 功能分类 items (general domain knowledge, 《政府收支分类科目》): the old name, the
# current one and the year the current one took effect. Used only when the tables of
# the report carry the current name.
RENAMED: dict[str, tuple[str, int]] = {
    "医疗卫生与计划生育支出": ("卫生健康支出", 2019),
    "医疗卫生与计划生育管理事务": ("卫生健康管理事务", 2019),
    "文化体育与传媒支出": ("文化旅游体育与传媒支出", 2019),
    "国土海洋气象等支出": ("自然资源海洋气象等支出", 2019),
    "医疗卫生支出": ("卫生健康支出", 2019),
}

_ITEM = re.compile(r"([^\s，。；：:、,;（）()“”\"'‘’\d.．]{2,30}?)\s*[（(]\s*([类款项])\s*[)）]")
_LEVEL = {"类": 1, "款": 2, "项": 3}
_EXPENSE_KINDS = (TableKind.GPB_EXPENSE, TableKind.EXPENSE, TableKind.GOV_FUND, TableKind.STATE_CAPITAL)


@dataclass(frozen=True)
class Item:
    name: str
    level: int
    start: int
    end: int  # of the name in the block text
    mark_end: int = 0  # of the name with its （类）/（款）/（项） mark


def chains(text: str) -> Iterator[list[Item]]:
    """Runs of NAME（类）NAME（款）NAME（项） written one after the other."""
    run: list[Item] = []
    last_end = -1
    for m in _ITEM.finditer(text):
        item = Item(m.group(1), _LEVEL[m.group(2)], m.start(1), m.end(1), m.end())
        if run and (m.start() != last_end or item.level <= run[-1].level):
            yield run
            run = []
        run.append(item)
        last_end = m.end()
    if run:
        yield run


def _rows(ctx: CheckContext) -> dict[str, TableRow]:
    """功能分类 rows by code (3/5/7 digits), first table of the expense kinds first."""
    out: dict[str, TableRow] = {}
    for kind in _EXPENSE_KINDS:
        for t in ctx.tables.of_kind(kind):
            for r in t.rows:
                if r.code and r.code.isdigit() and len(r.code) in (3, 5, 7) and r.code[0] == "2":
                    out.setdefault(r.code, r)
    return out


def _level(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}[len(code)]


def _placeholder(name: str) -> bool:
    return bool(re.search(r"[XxＸ×]{2,}", name))


@R421.register
def classification_name(ctx: CheckContext) -> Iterator[Finding]:
    """作用：说明中按“××（类）××（款）××（项）”点名的科目，以最内层名称在支出表中找到
    科目行，再核对外层名称是否为该行的上级科目（类/款）名称；使用 2019 年前旧科目名称
    （如“医疗卫生与计划生育支出”，现为“卫生健康支出”）也指出。

    原因：科目名称写错或沿用旧名，读者无法在表中找到对应的行。简称（“社会保障和就业（类）”
    指“社会保障和就业支出”）、多一字少一字的笔误不算不一致；表中找不到最内层名称时不判断。

    示例：“卫生健康支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”，
    表中 2080505 属于“社会保障和就业支出” → 警告：（类）应为“社会保障和就业支出”。
    """
    doc = ctx.document
    rows = _rows(ctx)
    if not rows:
        return
    by_level: dict[int, list[tuple[str, TableRow]]] = {1: [], 2: [], 3: []}
    for code, r in rows.items():
        by_level[_level(code)].append((code, r))
    current = {norm(r.label) for _, r in by_level[1]} | {norm(r.label) for _, r in by_level[2]}
    for i, b in text_blocks(doc):
        if b.kind != "paragraph":
            continue
        for run in chains(b.text):
            if any(_placeholder(it.name) for it in run):
                continue
            done = False
            for it in run:
                old = RENAMED.get(bare(it.name))
                if old and norm(old[0]) in current:
                    yield block_finding(
                        R421.code,
                        R421.name,
                        doc,
                        i,
                        it.start,
                        it.end,
                        severity="warning",
                        kind="label",
                        expected=old[0],
                        message=f"“{it.name}”是 {old[1]} 年前的科目名称，现为“{old[0]}”（表中亦为此名）。",
                    )
                    done = True
            if done or len(run) < 2:
                continue
            yield from _path_findings(doc, i, run, by_level, rows)


def _path_findings(doc, i: int, run: list[Item], by_level, rows: dict[str, TableRow]) -> Iterator[Finding]:
    inner = run[-1]
    cands = [(c, r) for c, r in by_level[inner.level] if name_score(inner.name, r.label)]
    if not cands:
        return
    best: tuple[int, list[tuple[Item, TableRow]], TableRow] | None = None
    for code, row in cands:
        wrong = []
        for it in run[:-1]:
            anc = rows.get(code[: {1: 3, 2: 5}[it.level]])
            if anc is None:
                wrong = None
                break
            if not name_score(it.name, anc.label):
                wrong.append((it, anc))
        if wrong is None:
            continue
        if best is None or len(wrong) < best[0]:
            best = (len(wrong), wrong, row)
    if best is None or not best[1]:
        return
    # Several rows fit the innermost name equally: report only when no reading fits.
    if len(cands) > 1:
        for code, _ in cands:
            ancestors = [rows.get(code[: {1: 3, 2: 5}[it.level]]) for it in run[:-1]]
            if all(
                a is not None and name_score(it.name, a.label)
                for it, a in zip(run[:-1], ancestors, strict=True)
            ):
                return
    inner_row = best[2]
    # One finding per path: from its first wrong name to its end, as printed, and the
    # same path as the tables name it.
    first = best[1][0][0]
    names = {id(it): anc for it, anc in best[1]}
    tail = run[run.index(first) :]
    marks = {1: "类", 2: "款", 3: "项"}
    expected = "".join(
        f"{(names[id(it)].label if id(it) in names else _row_at(rows, inner_row.code, it.level))}（{marks[it.level]}）"
        for it in tail
    )
    wrong = "、".join(f"（{marks[it.level]}）应为 {anc.code} {anc.label}" for it, anc in best[1])
    yield block_finding(
        R421.code,
        R421.name,
        doc,
        i,
        first.start,
        tail[-1].mark_end,
        severity="warning",
        kind="label",
        expected=expected,
        message=f"科目路径与表中不符：“{inner.name}”即表中 {inner_row.code} {inner_row.label}，{wrong}。",
    )


def _row_at(rows: dict[str, TableRow], code: str, level: int) -> str:
    row = rows.get(code[: {1: 3, 2: 5, 3: 7}[level]])
    return row.label if row is not None else ""
