"""Resolution: section → table kinds, names → rows (typo-tolerant), measures → cells."""

from __future__ import annotations

import re
from decimal import Decimal

from builders import claim as make_claim
from builders import row, table

from checker.claims.model import Claim
from checker.numbers import parse_number
from checker.resolve.bind import bind_base, bind_value, find_other_label
from checker.resolve.names import find_path_row, level_mark, name_score, norm
from checker.resolve.sections import kinds_for_section
from checker.tables.model import TableKind, Tables, TypedTable


def gpb_table() -> TypedTable:
    # Figures from a real 公开05表 (seed 000), typed by hand.
    return table(
        TableKind.GPB_EXPENSE,
        "一般公共预算财政拨款支出决算表",
        [
            row("合计", is_total=True, total="5,320.16", basic="1,383.39", project="3,936.77"),
            row("社会保障和就业支出", "208", 1, total="5,159.02"),
            row("行政事业单位养老支出", "20805", 2, total="1.00"),
            row("社会保障和就业支出", "20899", 2, total="109.48"),
            row("其他社会保障和就业支出", "2089999", 3, total="109.48"),
            row("卫生健康支出", "210", 1, total="73.10"),
            row("行政事业单位医疗", "21011", 2, total="73.10"),
            row("行政单位医疗", "2101101", 3, total="46.43"),
            row("事业单位医疗", "2101102", 3, total="4.53"),
        ],
        columns=[("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")],
        index=4,
    )


def summary_table() -> TypedTable:
    return table(
        TableKind.SUMMARY,
        "收入支出决算总表",
        [
            row("本年收入合计", is_total=True, side="income", total="5,260.51"),
            row("年初结转和结余", side="income", total="59.66"),
            row("总计", is_total=True, side="income", total="5,320.16"),
            row("本年支出合计", is_total=True, side="expense", total="5,320.16"),
            row("总计", is_total=True, side="expense", total="5,320.16"),
        ],
        columns=[("total", "决算数")],
    )


def claim(kind="amount", value="73.11", section="", **kw) -> Claim:
    sentence = kw.pop("sentence", f"某项支出 {value} 万元")
    return make_claim(kind, value, sentence, section=section, **kw)


def test_sections_map_to_table_kinds():
    assert kinds_for_section("五、一般公共预算财政拨款支出决算情况说明")[0] is TableKind.GPB_EXPENSE
    assert kinds_for_section("一、收入支出决算总体情况说明")[0] is TableKind.SUMMARY
    assert kinds_for_section("二、收入决算情况说明")[0] is TableKind.INCOME
    assert kinds_for_section("三、支出决算情况说明")[0] is TableKind.EXPENSE
    assert kinds_for_section("四、财政拨款收入支出决算总体情况说明")[0] is TableKind.FISCAL_SUMMARY
    assert kinds_for_section("七、财政拨款“三公”经费支出决算情况说明")[0] is TableKind.THREE_PUBLIC
    assert kinds_for_section("六、一般公共预算财政拨款基本支出决算情况说明")[0] is TableKind.BASIC_DETAIL
    assert kinds_for_section("一般公共预算支出情况")[0] is TableKind.GPB_EXPENSE
    assert kinds_for_section("收支预算总体情况")[0] is TableKind.SUMMARY
    assert TableKind.PERF_SELF_EVAL in kinds_for_section("十、预算绩效情况说明")
    assert kinds_for_section("名词解释") == ()


def test_names_tolerate_level_marks_suffix_and_a_stray_character():
    assert level_mark("卫生健康支出（类）") == 1
    assert level_mark("行政单位医疗(项)") == 3
    assert norm("社会保障和就业（类）") == norm("社会保障和就业支出")
    assert name_score("卫生健康支出年（类）", "卫生健康支出") >= 2
    assert name_score("卫生健康", "住房保障支出") == 0


def test_path_resolves_along_the_code_hierarchy():
    t = gpb_table()
    r = find_path_row(t, ["卫生健康支出年(类)", "行政事业单位医疗(款)", "行政单位医疗(项)"])
    assert r is not None and r.code == "2101101"
    # (类) must not bind to the 款 row of the same name (20899 社会保障和就业支出).
    r = find_path_row(t, ["社会保障和就业（类）"])
    assert r is not None and r.code == "208"


def test_bind_value_by_path_and_by_measure():
    tables = Tables(tables=[summary_table(), gpb_table()])
    c = claim(path=["卫生健康支出（类）"], section="五、一般公共预算财政拨款支出决算情况说明")
    f = bind_value(c, tables)
    assert f is not None and f.num.text == "73.10" and f.table.kind is TableKind.GPB_EXPENSE
    c = claim(value="1383.39", measure="基本支出", section="五、一般公共预算财政拨款支出决算情况说明")
    f = bind_value(c, tables)
    assert f is not None and f.num.text == "1,383.39"
    c = claim(value="5260.51", measure="收入总计", section="一、收入支出决算总体情况说明")
    f = bind_value(c, tables)
    assert f is not None and f.num.text == "5,320.16" and f.row.side == "income"
    other = find_other_label(f, parse_number("5260.51"))
    assert other is not None and other.label == "本年收入合计"


def test_unknown_subject_is_not_bound():
    tables = Tables(tables=[gpb_table()])
    assert bind_value(claim(path=["教育支出（类）"]), tables) is None


def test_share_base_defaults_to_section_total_and_follows_named_base():
    tables = Tables(tables=[summary_table(), gpb_table()])
    c = claim(
        kind="share",
        value="1.3",
        path=["卫生健康支出（类）"],
        section="五、一般公共预算财政拨款支出决算情况说明",
    )
    b = bind_base(c, tables)
    assert b is not None and b.num.text == "5,320.16" and b.row.is_total
    c = claim(
        kind="share",
        value="60",
        measure="基本支出",
        base="项目支出",
        section="五、一般公共预算财政拨款支出决算情况",
    )
    b = bind_base(c, tables)
    assert b is not None and b.num.text == "3,936.77"


def test_path_without_level_marks_uses_its_length():
    t = gpb_table()
    t.rows.append(row("卫生健康支出", "21099", 2, total="0.50"))  # a 款 named like its 类
    assert find_path_row(t, ["卫生健康支出"]).code == "210"
    assert find_path_row(t, ["卫生健康支出", "卫生健康支出"]).code == "21099"


def test_same_name_at_two_levels_with_the_same_figures_is_not_ambiguous():
    t = gpb_table()
    t.rows.append(row("其他社会保障和就业支出", "2089999", 3, total="109.48"))
    t.rows[3] = row("其他社会保障和就业支出", "20899", 2, total="109.48")
    r = find_path_row(t, ["其他社会保障和就业支出（项）"])
    assert r is not None and r.cells["total"].text == "109.48"


def test_ordinals_are_not_part_of_a_name():
    assert norm("一、一般公共预算财政拨款收入") == norm("一般公共预算财政拨款收入")
    assert norm("（二）项目支出") == norm("项目支出")
    assert norm("3.住房保障支出") == norm("住房保障支出")
    assert norm("2080109社会保险经办机构") == "社会保险经办机构"


def test_share_of_a_summary_item_is_taken_of_its_sides_grand_total():
    t = summary_table()
    tables = Tables(tables=[t])
    c = claim(kind="share", value="1.1", measure="年初结转和结余", section="一、收入支出决算总体情况说明")
    part = bind_value(c, tables)
    assert part is not None and part.num.text == "59.66"
    b = bind_base(c, tables, part)
    assert b is not None and b.row.label == "总计" and b.row.side == "income"  # 59.66 / 5320.16


def test_effective_section_climbs_to_the_heading_that_names_a_table():
    from checker.document import Block, Document
    from checker.resolve.context import effective_section

    doc = Document(
        source="t",
        blocks=[
            Block(kind="heading", text="七、财政拨款“三公”经费支出决算情况说明", line=10),
            Block(kind="heading", text="1.因公出国（境）费", line=12),
            Block(kind="heading", text="八、其他重要事项的情况说明", line=20),
            Block(kind="heading", text="（一）国有资产占有使用情况", line=21),
        ],
    )
    c = claim(value="0", sentence="因公出国（境）费 0 万元", section="1.因公出国（境）费", line=13)
    assert effective_section(doc, c) == "七、财政拨款“三公”经费支出决算情况说明"
    c = claim(value="3", sentence="车辆 3 辆", section="（一）国有资产占有使用情况", line=22)
    assert effective_section(doc, c) == "（一）国有资产占有使用情况"  # never crosses 八、


def test_project_choice_ignores_scores_counts_and_round_rates():
    from checker.resolve.bind import _other_numbers

    c = make_claim(
        "amount",
        "50.07",
        "根据年初设定的绩效目标，该项目得分 92 分，项目全年预算数为 50.07 万元，执行率为 100%，执行数 49.5 万元",
    )
    # 92 is a score and 100 a rate every table prints: neither identifies a project's table
    assert _other_numbers(c) == {Decimal("49.5")}


def test_a_measure_naming_a_whole_table_is_its_grand_total():
    t = table(
        TableKind.GPB_EXPENSE,
        "一般公共预算财政拨款支出决算表",
        [row("合计", is_total=True, total="3799.01"), row("社会保障和就业支出", code="208", total="3655.64")],
    )
    c = make_claim(
        "amount",
        "3799.01",
        "2024 年度一般公共预算财政拨款支出 3799.01 万元，占本年支出合计的 99.8%。",
        measure="一般公共预算财政拨款支出",
        section="五、一般公共预算财政拨款支出决算情况说明",
    )
    f = bind_value(c, Tables(tables=[t]))
    assert f is not None and f.row.label == "合计" and f.num.text == "3799.01"


def test_excerpts_never_cut_a_number_in_two():
    from checker.resolve.evidence import excerpt

    s = "2024 年度一般公共预算财政拨款支出年初预算为1058.78 万元，支出决算为 3799.01 万元，完成年初预算的 358.8%。"
    c = make_claim("sum", "1058.78", s)
    whole = set(re.findall(r"\d[\d.,]*", s))
    for after in range(20, 40):  # windows ending anywhere in and around 3799.01
        text = excerpt(c, before=8, after=after)
        assert set(re.findall(r"\d[\d.,]*", text)) <= whole, text


def test_a_classification_sub_heading_names_no_table():
    # 1.社会保障和就业支出（类） under 五、一般公共预算财政拨款支出决算情况说明: the sentence
    # speaks of the section's table (公开05表), not of every table holding 支出
    assert kinds_for_section("1. 社会保障和就业支出（类）") == ()
    assert kinds_for_section("2.卫生健康支出(类)") == ()
    assert kinds_for_section("三、支出决算情况说明") != ()
