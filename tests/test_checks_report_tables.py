"""R401–R404: the table set the report's own TOC promises, the national 决算 set, blank
tables and what the narrative says about them. Small Documents typed by hand."""

from __future__ import annotations

from builders import claim, context, row, table

from checker.checks.report_tables import (
    blank_note_on_data,
    blank_table_narrative,
    blank_table_note,
    final_table_set,
    toc_table_set,
)
from checker.document import Block, Cell, Document
from checker.tables.model import TableKind

TOC = [
    "一、收入支出决算总表",
    "二、收入决算表",
    "三、支出决算表",
    "四、财政拨款收入支出决算总表",
    "第三部分 情况说明",
]
KINDS = [TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENSE, TableKind.FISCAL_SUMMARY]
TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表"]


def grid(*rows: list[str], line: int = 0) -> Block:
    return Block(kind="table", rows=[[Cell(text=c, line=line) for c in r] for r in rows], line=line)


def doc_with(toc: list[str], body: list[Block], kind: str = "final") -> Document:
    blocks = [Block(kind="heading", text="目录", line=1, level=1)]
    blocks += [Block(kind="paragraph", text=t, line=2 + n) for n, t in enumerate(toc)]
    return Document(source="t.txt", kind=kind, blocks=blocks + body)


def body_of(order: list[int]) -> tuple[list[Block], list]:
    """A title heading and a one-row grid per table, in the given order of TITLES."""
    blocks, tables = [], []
    for n, k in enumerate(order):
        line = 100 + 10 * n
        blocks += [Block(kind="heading", text=TITLES[k], line=line), grid(["合计", "5.00"], line=line + 2)]
        tables.append(
            table(KINDS[k], TITLES[k], [row("合计", is_total=True, total="5.00")], index=n, line=line + 2)
        )
    return blocks, tables


def test_toc_and_body_agree_no_finding():
    blocks, tables = body_of([0, 1, 2, 3])
    assert list(toc_table_set(context([], tables, doc_with(TOC, blocks)))) == []


def test_table_listed_in_toc_missing_from_body():
    blocks, tables = body_of([0, 1, 3])  # 支出决算表 has no grid
    out = list(toc_table_set(context([], tables, doc_with(TOC, blocks))))
    assert [(f.code, f.stated) for f in out] == [("R401", "支出决算表")]
    assert out[0].location.line == 4  # the TOC entry


def test_body_order_differs_from_toc():
    blocks, tables = body_of([0, 2, 1, 3])
    out = list(toc_table_set(context([], tables, doc_with(TOC, blocks))))
    assert len(out) == 1 and "顺序" in out[0].message and out[0].stated == "支出决算表"


def test_body_table_absent_from_a_closed_toc():
    blocks, tables = body_of([0, 1, 2, 3])
    blocks += [Block(kind="heading", text="政府采购支出情况表", line=200), grid(["合计", "1.00"], line=202)]
    tables.append(table(TableKind.PROCUREMENT, "政府采购支出情况表", [], index=4, line=202))
    out = list(toc_table_set(context([], tables, doc_with(TOC, blocks))))
    assert [(f.code, f.stated) for f in out] == [("R401", "政府采购支出情况表")]
    # a TOC that ends on a table entry may go on past a page turn: no verdict
    out = list(toc_table_set(context([], tables, doc_with(TOC[:-1], blocks))))
    assert out == []


def test_table_read_as_text_is_not_missing():
    blocks, tables = body_of([0, 1, 3])
    # the 支出决算表 printed without a grid: its title, then lines of figures
    blocks += [
        Block(kind="paragraph", text="支出决算表", line=300),
        Block(kind="paragraph", text="合计 5,320.16 1,383.39 3,936.77", line=301),
    ]
    assert list(toc_table_set(context([], tables, doc_with(TOC, blocks)))) == []


def test_short_toc_is_not_judged():
    blocks, tables = body_of([0])
    assert list(toc_table_set(context([], tables, doc_with(TOC[:2], blocks)))) == []


def _final_tables(numbers: list[int]):
    kinds = {
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
    return [
        table(kinds[n], f"表{n}", [], index=i, number=f"公开{n:02d}表", line=10 * i)
        for i, n in enumerate(numbers)
    ]


def test_national_final_set_missing_duplicate_and_order():
    doc = Document(source="t.txt", kind="final")
    out = list(final_table_set(context([], _final_tables([1, 2, 3, 4, 5, 6, 8, 9]), doc)))
    assert [f.stated for f in out] == ["缺公开07表"]
    out = list(final_table_set(context([], _final_tables([1, 2, 3, 4, 5, 6, 7, 9, 8]), doc)))
    assert [f.stated for f in out] == ["公开08表"] and "之后" in out[0].message
    out = list(final_table_set(context([], _final_tables([1, 2, 3, 4, 5, 5, 6, 7, 8, 9]), doc)))
    assert [f.stated for f in out] == ["公开05表"] and "两次" in out[0].message
    # budget reports and unnumbered sets: no built-in list
    budget = Document(source="t.txt", kind="budget")
    assert list(final_table_set(context([], _final_tables([1, 2, 3, 4, 5, 6, 8, 9]), budget))) == []
    assert list(final_table_set(context([], _final_tables([1, 2, 3, 9]), doc))) == []


def _blank_fund(after: list[str], narrative: list[Block] = ()) -> tuple[Document, list]:
    blocks = [
        Block(kind="heading", text="七、政府性基金预算财政拨款收入支出决算表", line=10),
        grid(["项目", "本年支出"], ["栏次", "1"], ["合计", ""], line=12),
        *[Block(kind="paragraph", text=t, line=15 + n) for n, t in enumerate(after)],
        *narrative,
    ]
    t = table(
        TableKind.GOV_FUND,
        "政府性基金预算财政拨款收入支出决算表",
        [row("合计", is_total=True, total="")],
        line=12,
    )
    return Document(source="t.txt", kind="final", blocks=blocks), [t]


def test_blank_table_without_note_is_reported():
    doc, tables = _blank_fund(["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"])
    out = list(blank_table_note(context([], tables, doc)))
    assert [(f.code, f.stated) for f in out] == [("R403", "空表")]


def test_blank_table_with_note_or_narrative_reason_is_not():
    doc, tables = _blank_fund(["说明：本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"])
    assert list(blank_table_note(context([], tables, doc))) == []
    narrative = [
        Block(kind="heading", text="七、政府性基金预算财政拨款收入支出决算情况说明", line=40),
        Block(
            kind="paragraph",
            text="2024 年度，本部门没有发生政府性基金预算财政拨款收入支出相关情况。",
            line=42,
        ),
    ]
    doc, tables = _blank_fund([], narrative)
    assert list(blank_table_note(context([], tables, doc))) == []


def test_table_with_figures_is_not_blank():
    doc, tables = _blank_fund([])
    doc.blocks[1].rows[2][1] = Cell(text="12.50", line=12)
    assert list(blank_table_note(context([], tables, doc))) == []


def _blank_three_public() -> tuple[Document, list]:
    blocks = [
        Block(kind="heading", text="九、财政拨款“三公”经费支出决算表", line=10),
        grid(["合计", "因公出国（境）费", "公务接待费"], ["1", "2", "3"], ["", "", ""], line=12),
        Block(
            kind="paragraph",
            text="注：本表反映“三公”经费支出情况，本部门无“三公”经费支出，故本表无数据。",
            line=15,
        ),
        Block(kind="heading", text="九、财政拨款“三公”经费支出决算情况说明", line=40),
    ]
    t = table(TableKind.THREE_PUBLIC, "财政拨款“三公”经费支出决算表", [], line=12)
    return Document(source="t.txt", kind="final", blocks=blocks), [t]


def test_narrative_figure_for_a_blank_table_is_an_error():
    doc, tables = _blank_three_public()
    section = "九、财政拨款“三公”经费支出决算情况说明"
    c = claim(
        "amount",
        "12.50",
        "2024 年度“三公”经费财政拨款支出决算为 12.50 万元。",
        section=section,
        unit="万元",
        line=42,
    )
    out = list(blank_table_narrative(context([c], tables, doc)))
    assert [(f.code, f.severity, f.stated) for f in out] == [("R404", "error", "12.50")]


def test_zero_prior_and_other_items_are_not_compared():
    doc, tables = _blank_three_public()
    section = "九、财政拨款“三公”经费支出决算情况说明"
    zero = claim(
        "amount", "0", "“三公”经费财政拨款支出决算为 0 万元。", section=section, unit="万元", line=42
    )
    prior = claim("amount", "3.20", "比上年减少 3.20 万元。", section=section, unit="万元", line=43)
    running = claim("amount", "56.10", "机关运行经费支出 56.10 万元。", section=section, unit="万元", line=44)
    assert list(blank_table_narrative(context([zero, prior, running], tables, doc))) == []


def test_note_calling_a_table_with_figures_empty():
    blocks = [
        Block(kind="heading", text="部门“三公”经费和机关运行经费预算表", line=10),
        grid(["合计", "因公出国(境)费", "公务接待费"], ["47.91", "0", "1.35"], line=12),
        Block(
            kind="paragraph", text="注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。", line=15
        ),
    ]
    t = table(TableKind.THREE_PUBLIC, "部门“三公”经费和机关运行经费预算表", [], line=12)
    out = list(blank_note_on_data(context([], [t], Document(source="t.txt", blocks=blocks))))
    assert [(f.code, f.stated, f.location.line) for f in out] == [
        ("R405", "无“三公”经费和机关运行经费预算", 15)
    ]
    # the same note under an empty grid is right
    blocks[1] = grid(["合计", "因公出国(境)费", "公务接待费"], ["", "", ""], line=12)
    assert list(blank_note_on_data(context([], [t], Document(source="t.txt", blocks=blocks)))) == []
