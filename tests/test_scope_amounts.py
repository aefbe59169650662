"""Scope-aware amounts: a figure of one scope's table written for another scope."""

from __future__ import annotations

from pathlib import Path

from checker.ingest.text import parse_text
from checker.pipeline import check_document

PROBE = Path(__file__).parent.parent / "fixtures" / "probes" / "scope_all_funds_for_gpb.txt"


def test_all_funds_figure_written_as_gpb_is_a_scope_error():
    report = check_document(parse_text(PROBE.read_text(encoding="utf-8")))
    [f] = [f for f in report.findings if f.kind == "scope"]
    # 一般公共预算财政拨款基本支出 is 1,103.90 in 公开05; 1,383.40 is 公开03's all-funds 基本支出
    assert (f.stated, f.expected, f.severity) == ("1,383.40", "1,103.90", "error")
    assert {c.table for c in f.cells} == {"一般公共预算财政拨款支出决算表", "支出决算表"}


def test_same_money_in_both_scopes_is_no_scope_error():
    # a department funded only by 一般公共预算: both tables print the same totals, and the
    # 05 table's own 基本支出 cell being off is a table finding, not the text's scope
    text = PROBE.read_text(encoding="utf-8").replace(
        "1,500.00\t1,103.90\t396.10", "2,000.00\t1,103.90\t616.60"
    )
    report = check_document(parse_text(text))
    assert not [f for f in report.findings if f.kind == "scope"]


def test_a_section_whose_table_is_missing_is_not_compared_with_another_table():
    text = PROBE.read_text(encoding="utf-8").replace(
        "支出决算表\n公开03表",
        "七、财政拨款“三公”经费支出决算情况说明\n2024年度“三公”经费财政拨款支出决算为14.72万元。\n\n支出决算表\n公开03表",
    )
    report = check_document(parse_text(text))
    [r] = [r for r in report.claims if r.claim.value_text == "14.72"]
    assert r.status == "unverified" and not r.counterpart and "三公" in r.reason
    assert not [f for f in report.findings if f.stated == "14.72"]


def test_a_column_total_is_not_read_from_the_first_row_of_a_table_without_a_total_row():
    from checker.resolve.bind import _name_fact
    from checker.tables.model import TableKind
    from checker.tables.parse import parse_tables

    text = (
        "一般公共预算基本支出预算表\n单位：万元\n项目\t合计\t人员经费\t公用经费\n"
        "一、工资福利支出\t3255.24\t3255.24\t\n基本工资\t3255.24\t3255.24\t\n"
        "二、商品和服务支出\t664.40\t\t664.40\n办公费\t664.40\t\t664.40\n"
        "三、对个人和家庭的补助\t227.42\t227.42\t\n退休费\t227.42\t227.42\t\n"
    )
    t = parse_tables(parse_text(text)).first(TableKind.BASIC_DETAIL)
    assert t is not None and t.total_row() is None
    # 人员经费 as a whole is 3255.24 + 227.42 = 3482.66 here, printed in no row
    _, fact = _name_fact(t, "人员经费", "current")
    assert fact is None or fact.num.text != "3255.24"


def test_a_share_over_a_base_of_another_scope_is_not_compared():
    text = (PROBE.parent / "share_mixed_scopes.txt").read_text(encoding="utf-8")
    report = check_document(parse_text(text))
    [r] = [r for r in report.claims if r.claim.kind == "share"]
    # 1,383.40 is all-funds (公开03); the only 本年支出合计 row is the 财政拨款 table's 1,500.00
    assert r.status == "unverified" and "不同口径" in r.reason
    assert not [f for f in report.findings if f.code == "N302"]
