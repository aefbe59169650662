"""Narrative rules N3xx on hand-built claims and tables.

Figures are taken from the seed reports by hand (the sentence and the table row); the
expected values were recomputed with a calculator, not copied from the program.
"""

from __future__ import annotations

from builders import claim as make_claim
from builders import paragraph_doc, row, run_rule, table

from checker.checks import narrative_rules as nr
from checker.claims.model import Claim
from checker.tables.model import TableColumn, TableKind, TypedTable

GPB = "五、一般公共预算财政拨款支出决算情况说明"


def gpb_table() -> TypedTable:
    return table(
        TableKind.GPB_EXPENSE,
        "一般公共预算财政拨款支出决算表",
        [
            row("合计", is_total=True, total="5,320.16", basic="1,383.39"),
            row("社会保障和就业支出", "208", 1, total="5,159.02"),
            row("其他社会保障和就业支出", "20899", 2, total="520.98"),
            row("其他社会保障和就业支出", "2089999", 3, total="520.98"),
            row("卫生健康支出", "210", 1, total="73.10"),
        ],
        columns=[("total", "合计"), ("basic", "基本支出")],
        index=4,
    )


def summary_table() -> TypedTable:
    return table(
        TableKind.SUMMARY,
        "收入支出决算总表",
        [
            row("本年收入合计", is_total=True, side="income", total="5,260.51"),
            row("总计", is_total=True, side="income", total="5,320.16"),
        ],
        columns=[("total", "决算数")],
    )


def three_public_table() -> TypedTable:
    # Wide layout: one data row, columns grouped by 预算数 / 决算数 (seed 004 budget values).
    return table(
        TableKind.THREE_PUBLIC,
        "一般公共预算“三公”经费支出表",
        [row("", c1="5.40", c2="5.40", c3="0.00")],
        columns=[
            ("c1", "合计", "本年预算"),
            ("c2", "公务用车购置及运行费小计", "本年预算"),
            ("c3", "公务接待费", "本年预算"),
        ],
        index=8,
    )


def perf_table() -> TypedTable:
    return table(
        TableKind.PERF_SELF_EVAL,
        "项目支出绩效自评表",
        [row("年度资金总额", budget="357", adjusted_budget="354", executed="354")],
        columns=[("budget", "年初预算数"), ("adjusted_budget", "全年预算数"), ("executed", "全年执行数")],
        index=20,
        entity="州属统外待遇项目",
    )


def claim(kind, value, sentence, section=GPB, after: str = "", **kw) -> Claim:
    return make_claim(kind, value, sentence, section=section, after=after, line=427, **kw)


def run(rule_fn, claims, tables=None, document=None):
    """The rule on these claims; tables default to the summary and 公开05 tables above."""
    return run_rule(
        rule_fn, claims, tables if tables is not None else [summary_table(), gpb_table()], document
    )


HEALTH = "卫生健康支出（类）支出 73.11 万元，占 1.3%；住房保障支出（类）支出 88.05 万元，占 1.7%。"


def test_amount_tail_difference_is_a_warning_with_evidence():
    c = claim("amount", "73.11", HEALTH, path=["卫生健康支出（类）"])
    findings, ctx = run(nr.amount_restated, [c])
    (f,) = findings
    assert (f.kind, f.severity, f.stated, f.expected) == ("amount", "warning", "73.11", "73.10")
    assert "73.11" in f.excerpt and 10 <= len(f.excerpt) <= 80 and f.excerpt in HEALTH
    assert f.cells[0].row == "210 卫生健康支出" and f.cells[0].text == "73.10"
    assert f.location.line == 427 and f.location.section == GPB
    assert ctx.verdicts[0].status == "finding"


def test_amount_dropped_digit_is_an_error_named_as_such():
    s = "其他社会保障和就业支出（项）。年初预算为 0 万元，支出决算为 52.1 万元，完成年初预算的 100%。"
    c = claim("amount", "52.1", s, path=["其他社会保障和就业支出（项）"])
    (f,) = run(nr.amount_restated, [c])[0]
    assert (f.severity, f.expected) == ("error", "520.98")
    assert f.pattern and "漏写一位" in f.pattern  # 520.98 ≈ 10 × 52.1


def test_amount_consistent_and_unbound_get_verdicts():
    ok = claim(
        "amount", "5159.02", "社会保障和就业支出（类）支出 5159.02 万元", path=["社会保障和就业（类）"]
    )
    unknown = claim("amount", "12.00", "教育支出（类）支出 12.00 万元", path=["教育支出（类）"])
    findings, ctx = run(nr.amount_restated, [ok, unknown])
    assert findings == []
    assert ctx.verdicts[0].status == "consistent"
    assert ctx.verdicts[1].status == "unverified" and "教育支出" in ctx.verdicts[1].reason


def test_label_slip_income_total_vs_this_year_income():
    s = "2024 年度收入总计为 5260.51 万元、支出总计为 5320.16 万元。"
    c = claim("amount", "5260.51", s, section="一、收入支出决算总体情况说明", measure="收入总计")
    (f,) = run(nr.amount_restated, [c])[0]
    assert (f.kind, f.severity, f.stated, f.expected) == ("label", "warning", "5260.51", "5320.16")
    assert "本年收入合计" in f.message


def test_three_public_item_in_a_wide_grouped_table():
    s = "3. 公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元，公车保有量为 2 辆。"
    c = claim("amount", "0", s, section="（四）“三公”经费预算情况", subject="公务用车购置及运行费")
    (f,) = run(nr.amount_restated, [c], [three_public_table()])[0]
    assert (f.severity, f.stated, f.expected) == ("error", "0", "5.40")


def test_perf_full_year_budget_written_as_the_initial_budget():
    s = "州属统外待遇项目：项目全年预算数为 357 万元，执行数为 354 万元，完成预算的 100%。"
    c = claim("amount", "357", s, section="十、预算绩效情况说明", measure="全年预算数")
    (f,) = run(nr.amount_restated, [c], [perf_table()])[0]
    assert (f.kind, f.severity, f.expected) == ("amount", "error", "354")
    assert "年初预算数" in f.message


def test_share_truncated_is_a_warning_and_rounded_share_is_consistent():
    bad = claim("share", "1.3", HEALTH, path=["卫生健康支出（类）"])
    s97 = "社会保障和就业支出（类）支出 5159.02 万元，占 97%；"
    good = claim("share", "97", s97, path=["社会保障和就业支出（类）"])
    findings, ctx = run(nr.share, [bad, good])
    (f,) = findings
    assert (f.kind, f.severity, f.expected) == ("share", "warning", "1.4")  # 73.10/5320.16 = 1.374%
    assert "5320.16" in f.computation.replace(",", "")
    assert ctx.verdicts[1].status == "consistent"  # 5159.02/5320.16 = 96.97%


def test_share_without_percent_sign_is_a_format_info():
    s = "社会保障和就业支出 3655.64 万元，占 96.2；"
    c = claim("share", "96.2", s, percent_sign=False, path=["社会保障和就业支出"])
    (f,) = run(nr.percent_format, [c])[0]
    assert (f.kind, f.severity, f.stated, f.expected) == ("format", "info", "96.2", "96.2%")


def test_growth_with_stated_change():
    s = "公务接待费预算为 0.36 万元，支出决算为 0.2 万元，完成预算的 55.6%；较 2023 年度增加 0.09 万元，增长 8.2%，"
    c = claim("change_pct", "8.2", s, related={"change": "0.09", "current": "0.2"})
    dec = "与 2023 年度相比，收入减少 208.13 万元，下降 3.8%，"
    d = claim("change_pct", "3.8", dec, related={"change": "208.13", "current": "5260.51"})
    odd = "较2023年度增减42.17万元，降低13.1%"
    o = claim("change_pct", "13.1", odd, related={"change": "42.17", "current": "279.49"})
    findings, ctx = run(nr.change_pct, [c, d, o])
    (f,) = findings
    assert (f.severity, f.expected) == ("error", "81.8")  # 0.09/(0.20−0.09) = 81.8%
    assert "0.09" in f.computation and "81.8" in f.computation
    assert ctx.verdicts[1].status == "consistent"  # 208.13/5468.64 = 3.81%
    assert ctx.verdicts[2].status == "consistent"  # 42.17/321.66 = 13.11%


def test_growth_truncated_in_a_budget_report():
    s = "基本支出 7216.31 万元，占总支出的 75%，比上年增加 354.11 万元，增长 5.1%，"
    c = claim("change_pct", "5.1", s, related={"change": "354.11", "current": "7216.31"})
    (f,) = run(nr.change_pct, [c])[0]
    assert (f.severity, f.expected) == ("warning", "5.2")  # 354.11/6862.20 = 5.16%


def test_completion_rate_cases():
    s1 = "年初预算为 5491.58 万元，支出决算为 5320.16 万元，完成年初预算的 96.8%。"
    c1 = claim("completion_rate", "96.8", s1, related={"budget": "5491.58", "final": "5320.16"})
    s2 = "年初预算为 1.91 万元，支出决算为 1.07 万元，完成年初预算的 56%。"
    c2 = claim("completion_rate", "56", s2, related={"budget": "1.91", "final": "1.07"})
    s3 = "年初预算为0万元，支出决算为109.48万元，完成年初预算的100%。"
    c3 = claim("completion_rate", "100", s3, related={"budget": "0", "final": "109.48"})
    findings, ctx = run(nr.completion_rate, [c1, c2, c3])
    (f,) = findings
    assert (f.kind, f.severity, f.expected) == ("completion_rate", "warning", "96.9")  # 96.88%
    assert ctx.verdicts[1].status == "consistent"
    assert ctx.verdicts[2].status == "unverified" and "预算数为 0" in ctx.verdicts[2].reason


def test_direction_word_against_a_zero_budget():
    s = "年初预算为0万元，支出决算为109.48万元，完成年初预算的100%。决算数小于预算数的主要原因是"
    c = claim("direction", "小于", s, direction="小于", related={"budget": "0", "final": "109.48"})
    s2 = "年初预算为 4.53 万元，支出决算为 4.53 万元，完成年初预算的 100%。决算数等于预算数不存在差异。"
    c2 = claim("direction", "等于", s2, direction="等于", related={"budget": "4.53", "final": "4.53"})
    findings, ctx = run(nr.direction, [c, c2])
    (f,) = findings
    assert (f.kind, f.severity, f.stated, f.expected) == ("direction", "error", "小于", "大于")
    assert ctx.verdicts[1].status == "consistent"


def test_sum_of_items_listed_in_the_text():
    s = "年初预算为 1058.78 万元，其中：A 500.00 万元，B 698.21 万元。"
    c = claim("sum", "1058.78", s, related={"items": "500.00+698.21"})
    ok = claim("sum", "1198.21", s.replace("1058.78", "1198.21"), related={"items": "500.00、698.21"})
    findings, ctx = run(nr.sum_of_items, [c, ok])
    (f,) = findings
    assert (f.kind, f.severity, f.expected) == ("sum", "error", "1198.21")
    assert ctx.verdicts[1].status == "consistent"


def test_count_of_projects():
    proj = table(
        TableKind.PROJECT,
        "项目支出表",
        [row("合计", is_total=True, total="30")] + [row(f"项目{i}", total="10") for i in range(3)],
        index=9,
    )
    c = claim("count", "4", "本部门共有二级项目 4 个。", subject="二级项目")
    (f,) = run(nr.count, [c], [proj])[0]
    assert (f.kind, f.expected) == ("count", "3")


def _budget_list(total: str) -> list[Claim]:
    head = f"2024 年度一般公共预算财政拨款支出年初预算为 {total} 万元，支出决算为 3799.01 万元"
    out = [claim("amount", total, head, period="budget")]
    # The eight itemised 年初预算 of seed 001 (names shortened, figures as printed).
    for i, v in enumerate(["939.54", "119.24", "0", "0", "0", "51.94", "1.65", "85.84"]):
        s = f"{i + 1}. 某类（类）某款（款）项目{i}（项）。年初预算为 {v} 万元，支出决算为 1.00 万元"
        out.append(
            claim("amount", v, s, period="budget", path=["某类（类）", "某款（款）", f"项目{i}（项）"])
        )
    return out


def test_itemised_budget_total_vs_its_items():
    claims = _budget_list("1058.78")
    (f,) = run(nr.itemised_total, claims)[0]
    # 939.54 + 119.24 + 51.94 + 1.65 + 85.84 = 1198.21
    assert (f.kind, f.severity, f.stated, f.expected) == ("sum", "error", "1058.78", "1198.21")
    findings, ctx = run(nr.itemised_total, _budget_list("1198.22"))
    assert findings == []  # within 8 × 0.005 of the items' sum
    assert ctx.verdicts[0].status == "consistent"


def test_share_of_a_named_base_total_expense():
    t = table(
        TableKind.EXPENSE,
        "支出总表",
        [row("合计", is_total=True, total="9,619.41", basic="7,216.31")],
        columns=[("total", "合计"), ("basic", "基本支出")],
        index=2,
    )
    s = "2024 年预算总支出为 9619.41 万元，其中：基本支出 7216.31 万元，占总支出的 75%，"
    good = claim("share", "75", s, section="三、支出预算情况", measure="基本支出", base="总支出")
    bad = claim(
        "share", "70", s.replace("75%", "70%"), section="三、支出预算情况", measure="基本支出", base="总支出"
    )
    findings, ctx = run(nr.share, [good, bad], [t])
    assert ctx.verdicts[0].status == "consistent"  # 7216.31 / 9619.41 = 75.02%
    (f,) = findings
    assert (f.severity, f.expected) == ("error", "75")


def test_three_public_total_in_a_budget_table_grouped_by_year():
    t = table(
        TableKind.THREE_PUBLIC,
        "一般公共预算“三公”经费支出表",
        [row("", a="5.40", b="6.00")],
        columns=[("a", "合计", "2025年预算数"), ("b", "合计", "2024年预算数")],
        index=8,
    )
    s = "2025 年“三公”经费预算 6 万元，比上年减少 0.6 万元。"
    c = claim("amount", "6", s, section="“三公”经费预算情况", measure="三公经费")
    (f,) = run(nr.amount_restated, [c], [t])[0]
    assert f.expected == "5.40"


def test_equal_is_wrong_when_printed_figures_differ():
    s = "年初预算为 4.54 万元，支出决算为 4.53 万元，完成年初预算的 99.8%。决算数等于预算数。"
    c = claim("direction", "等于", s, direction="等于", related={"budget": "4.54", "final": "4.53"})
    (f,) = run(nr.direction, [c])[0]
    assert f.expected == "小于"


def _self_eval(i: int, budget: str, executed: str) -> TypedTable:
    return table(
        TableKind.PERF_SELF_EVAL,
        "项目支出绩效自评表",
        [row("年度资金总额", adjusted_budget=budget, executed=executed)],
        columns=[("adjusted_budget", "全年预算数"), ("executed", "全年执行数")],
        index=30 + i,
        entity=f"项目{i}",
    )


def test_funds_of_self_evaluated_projects_vs_their_execution():
    # Seed 003: four projects, 全年预算数 5 / 4 / 9 / 31.56, 执行数 2.92 / 2.58 / 7.08 / 33.41.
    tables = [
        _self_eval(i, b, e)
        for i, (b, e) in enumerate([("5", "2.92"), ("4", "2.58"), ("9", "7.08"), ("31.56", "33.41")])
    ]
    s = "对 2024 年度 4 项部门项目支出开展了绩效自评，共涉及资金 46.98 万元，占部门项目支出预算总额的 69.60%。"
    c = claim("amount", "46.98", s, section="十、预算绩效管理情况")
    findings, ctx = run(nr.sum_of_items, [c], tables)
    (f,) = findings
    assert (f.kind, f.stated, f.expected) == ("sum", "46.98", "45.99")  # 2.92+2.58+7.08+33.41
    ok = claim("amount", "49.56", s.replace("46.98", "49.56"), section="十、预算绩效管理情况")
    findings, ctx = run(nr.sum_of_items, [ok], tables)  # = Σ 全年预算数: also a fair reading
    assert findings == [] and ctx.verdicts[0].status == "consistent"


def test_this_year_income_means_the_current_column_not_the_total_with_carryover():
    t = table(
        TableKind.SUMMARY,
        "收支预算总表",
        [
            row(
                "一般公共预算拨款收入",
                side="income",
                total="5,905.48",
                current="5,320.79",
                carryover="584.69",
            )
        ],
        columns=[("total", "合计"), ("current", "本年预算"), ("carryover", "上年结转")],
    )
    s = "本年收入中，一般公共预算拨款收入 5905.48 万元，占 100%。"
    c = claim("amount", "5905.48", s, section="一、收支预算总体情况", subject="一般公共预算拨款收入")
    (f,) = run(nr.amount_restated, [c], [t])[0]
    assert (f.stated, f.expected) == ("5905.48", "5320.79")


def _yanji_self_evals() -> list[TypedTable]:
    # Seed 000's three 项目支出绩效自评表 (年度资金总和 rows, as printed).
    spec = [
        ("2024 年城乡居民特殊群体代缴", "50.07", "50.07", "50.07", "100%"),
        ("2024 年退休人员州属统外待遇项目", "357", "354", "354", "99.2%"),
        ("2024年退休人员市属企业机关统外待遇项目", "3817", "3446.8", "3446.8", "90.3%"),
    ]
    cols = [
        TableColumn(key="budget", label="年初预算数"),
        TableColumn(key="adjusted_budget", label="全年预算数"),
        TableColumn(key="executed", label="全年执行数"),
        TableColumn(key="rate", label="执行率"),
    ]
    return [
        table(
            TableKind.PERF_SELF_EVAL,
            "项目支出绩效自评表",
            [
                row("当年财政拨款", budget=b, adjusted_budget=a, executed=e, rate=r),
                row("年度资金总和", budget=b, adjusted_budget=a, executed=e, rate=r),
            ],
            columns=cols,
            index=40 + i,
            entity=name,
        )
        for i, (name, b, a, e, r) in enumerate(spec)
    ]


def test_perf_project_chosen_by_renamed_project_and_the_sentences_other_figures():
    sec = "十、预算绩效情况说明"
    # Names differ from the tables' (州属统外取暖费 vs 退休人员州属统外待遇项目); the
    # sentence's 99.2% picks the right table, not the value under check.
    s1 = "3、延吉市州属企业职工养老保险统外代发项目。根据年初设定的绩效目标，该项目得分 81 分，项目全年预算数为 357 万元，执行率为 99.2%，"
    a1 = claim("amount", "357", s1, section=sec, measure="全年预算数")
    s2 = "企业机关统外项目自评情况：根据年初设定的绩效目标，项目全年预算数为 3817 万元，执行数为 3446.8 万元，完成预算的 90.3%。"
    a2 = claim("amount", "3817", s2, section=sec, measure="全年预算数")
    findings, _ = run(nr.amount_restated, [a1, a2], _yanji_self_evals())
    assert [(f.stated, f.expected) for f in findings] == [("357", "354"), ("3817", "3446.8")]
    assert "年初预算数" in findings[0].message and "年初预算数" in findings[1].message


def test_perf_rate_restating_the_tables_rate_is_consistent():
    s = "3、延吉市州属企业职工养老保险统外代发项目。该项目得分 81 分，项目全年预算数为 357 万元，执行率为 99.2%，"
    c = claim("completion_rate", "99.2", s, section="十、预算绩效情况说明", measure="执行率")
    findings, ctx = run(nr.completion_rate, [c], _yanji_self_evals())
    assert findings == [] and ctx.verdicts[0].status == "consistent"


def test_three_public_with_keyed_halves_of_a_final_accounts_table():
    cols = [
        TableColumn(key=f"{half}.{item}", label=label, group=group)
        for half, group in (("budget", "预算数"), ("final", "决算数"))
        for item, label in (("total", "合计"), ("reception", "公务接待费"))
    ]
    t = table(
        TableKind.THREE_PUBLIC,
        "财政拨款“三公”经费支出决算表",
        [
            row(
                "",
                **{
                    "budget.total": "0.36",
                    "budget.reception": "0.36",
                    "final.total": "0.20",
                    "final.reception": "0.20",
                },
            )
        ],
        columns=cols,
        index=8,
    )
    sec = "七、财政拨款“三公”经费支出决算情况说明"
    s = "公务接待费预算为 0.36 万元，支出决算为 0.3 万元，完成预算的 55.6%；"
    budget = claim("amount", "0.36", s, section=sec, subject="公务接待费", period="budget")
    final = claim("amount", "0.3", s, section=sec, subject="公务接待费")
    findings, ctx = run(nr.amount_restated, [budget, final], [t])
    assert ctx.verdicts[0].status == "consistent"
    (f,) = findings
    assert (f.stated, f.expected) == ("0.3", "0.20")


def _targets(amounts: list[str]) -> list[TypedTable]:
    return [
        table(
            TableKind.PERF_TARGET,
            "项目支出绩效目标表",
            [row(f"项目{i}", total=a) for i, a in enumerate(amounts)],
            columns=[("total", "金额")],
            index=50,
        )
    ]


def test_amount_of_projects_with_published_targets():
    amounts = ["100", "100", "100", "100", "100", "100", "100", "50", "50"]  # Σ = 800
    s = "2024年将9个项目支出的绩效目标和指标向社会公开，涉及金额800万元。"
    sec = "十一、预算绩效情况说明"
    findings, ctx = run(nr.sum_of_items, [claim("sum", "800", s, section=sec)], _targets(amounts))
    assert findings == [] and ctx.verdicts[0].status == "consistent"
    bad = s.replace("800", "810")
    (f,) = run(nr.sum_of_items, [claim("sum", "810", bad, section=sec)], _targets(amounts))[0]
    assert (f.stated, f.expected) == ("810", "800.00")
    # Eight rows read for nine projects: the table was not read whole, so no finding.
    findings, ctx = run(nr.sum_of_items, [claim("sum", "810", bad, section=sec)], _targets(amounts[:-1]))
    assert findings == [] and ctx.verdicts[0].status == "unverified"


def test_count_of_self_evaluated_projects():
    tables = [_self_eval(i, "1", "1") for i in range(4)]
    s = "对 2024 年度 4 项部门项目支出开展了绩效自评，共涉及资金 4 万元。"
    c = claim("count", "4", s, section="十、预算绩效管理情况", subject="项目")
    findings, ctx = run(nr.count, [c], tables)
    assert findings == [] and ctx.verdicts[0].status == "consistent"
    c5 = claim("count", "5", s.replace("4 项", "5 项"), section="十、预算绩效管理情况", subject="项目")
    findings, ctx = run(nr.count, [c5], tables)
    assert findings == [] and ctx.verdicts[0].status == "unverified" and "4" in ctx.verdicts[0].reason


def test_text_matching_another_table_is_not_blamed_for_a_table_error():
    # Seed 000: 公开05表's 基本支出 column repeats 本年支出小计 (5,320.16, a table error);
    # 公开03表 prints 基本支出 1,383.40, which the text restates as 1383.4.
    gpb = gpb_table()
    gpb.rows[0] = row("合计", is_total=True, total="5,320.16", basic="5,320.16")
    expense = table(
        TableKind.EXPENSE,
        "支出决算表",
        [row("合计", is_total=True, total="5,320.16", basic="1,383.40")],
        columns=[("total", "本年支出合计"), ("basic", "基本支出")],
        index=2,
    )
    s = "2024 年度一般公共预算财政拨款基本支出 1383.4 万元，其中："
    c = claim(
        "amount", "1383.4", s, section="六、一般公共预算财政拨款基本支出决算情况说明", measure="基本支出"
    )
    findings, ctx = run(nr.amount_restated, [c], [gpb, expense])
    assert findings == [] and ctx.verdicts[0].status == "consistent"
    assert "支出决算表" in ctx.verdicts[0].reason
    wrong = claim("amount", "1383.9", s.replace("1383.4", "1383.9"), section=c.section, measure="基本支出")
    (f,) = run(nr.amount_restated, [wrong], [gpb, expense])[0]
    assert (f.severity, f.expected) == ("error", "1383.40")  # within 1% of the other table: a slip against it


def test_growth_written_with_a_minus_sign():
    s = "支出 5260.51 万元，比上年变动 -208.13 万元，增长 -3.8%。"
    c = claim("change_pct", "-3.8", s, related={"change": "-208.13", "current": "5260.51"})
    findings, ctx = run(nr.change_pct, [c])
    assert findings == [] and ctx.verdicts[0].status == "consistent"  # 208.13 / 5468.64 = 3.81%


def test_share_part_from_the_amount_written_before_it_when_the_subject_is_unknown():
    s = "主要用于以下方面：某某新设支出 266.05 万元，占 5%；"
    c = claim("share", "5", s, subject="某某新设支出", after="占")
    findings, ctx = run(nr.share, [c])
    assert findings == [] and ctx.verdicts[0].status == "consistent"  # 266.05 / 5320.16 = 5.0%
    bad = claim("share", "50", s.replace("5%", "50%"), subject="某某新设支出", after="占")
    (f,) = run(nr.share, [bad])[0]
    assert f.expected == "5"


def test_budget_amounts_outside_performance_sections_never_bind_to_perf_tables():
    s = "其他社会保障和就业支出（项）。年初预算为 357 万元，支出决算为 354 万元，完成年初预算的 99.2%。"
    c = claim("amount", "357", s, path=["其他社会保障和就业支出（项）"], period="budget")
    findings, ctx = run(nr.amount_restated, [c], [gpb_table(), *_yanji_self_evals()])
    assert findings == [] and ctx.verdicts[0].status == "unverified"


def test_a_blank_cell_is_zero():
    t = table(
        TableKind.INCOME,
        "收入决算表",
        [row("合计", is_total=True, total="5,260.51", upper_grant="")],
        columns=[("total", "本年收入合计"), ("upper_grant", "上级补助收入")],
        index=1,
    )
    sec = "二、收入决算情况说明"
    ok = claim(
        "amount", "0", "上级补助收入 0 万元，比上年增加（减少）0 万元", section=sec, measure="上级补助收入"
    )
    bad = claim("amount", "12.5", "上级补助收入 12.5 万元。", section=sec, measure="上级补助收入")
    findings, ctx = run(nr.amount_restated, [ok, bad], [t])
    assert ctx.verdicts[0].status == "consistent"
    (f,) = findings
    assert f.expected == "0.00" and f.cells[0].text == "（空白）"


def test_gold_must_not_flag_derivations_stay_consistent():
    """Derived values the gold marks as correct (each recomputed by hand in the comment)."""
    cases = [
        # 2304.93 / (2355.7 − 2304.93) = 4539.99%, within the rounding of 2355.7
        ("项目支出 2355.7万元，比上年增加 2304.93 万元，增长 4539.99%，", "4539.99", "2304.93", "2355.7"),
        # 2023.55 / (3799.01 − 2023.55) = 113.97% → 114
        ("一般公共预算财政拨款支出增加 2023.55 万元，增长 114%。", "114", "2023.55", "3799.01"),
        # 97685.35 / (8836.68 + 97685.35) = 91.70%
        ("比上年减少 97685.35 万元，降幅 91.7%", "91.7", "97685.35", "8836.68"),
        # 97953.07 / (2403.10 + 97953.07) = 97.61%
        ("比上年减少 97953.07 万元，降幅 97.6%", "97.6", "97953.07", "2403.10"),
        # 168.85 / (0.03 + 168.85) = 99.98%
        ("其他收入 0.03 万元，比上年减少 168.85万元，下降 99.98%", "99.98", "168.85", "0.03"),
    ]
    claims = [
        claim("change_pct", v, s, after=ch, related={"change": ch, "current": cur}) for s, v, ch, cur in cases
    ]
    findings, ctx = run(nr.change_pct, claims)
    assert findings == []
    assert all(ctx.verdicts[i].status == "consistent" for i in range(len(cases)))
    # 2.92 / 5 = 58.40% and 2.92 may be 2.925: 58.49% stands.
    s = "项目全年预算数为 5 万元，执行数为 2.92 万元，完成年度预算的 58.49%。"
    c = claim("completion_rate", "58.49", s, related={"budget": "5", "final": "2.92"})
    findings, ctx = run(nr.completion_rate, [c])
    assert findings == [] and ctx.verdicts[0].status == "consistent"


def test_completion_rate_2080109_truncated():
    s = "年初预算为 974.49 万元，支出决算 1090.01 万元，完成年初预算的 111.8%。"
    c = claim("completion_rate", "111.8", s, related={"budget": "974.49", "final": "1090.01"})
    (f,) = run(nr.completion_rate, [c])[0]
    assert (f.severity, f.expected) == ("warning", "111.9")  # 1090.01 / 974.49 = 111.85%
    assert f.pattern == "截尾而非四舍五入"


def test_share_inside_the_basic_expenditure_section_is_of_basic_expenditure():
    detail = table(
        TableKind.BASIC_DETAIL,
        "一般公共预算基本支出表",
        [
            row("人员经费合计", is_total=True, total="3,482.66"),
            row("公用经费合计", is_total=True, total="670.53"),
        ],
        index=5,
    )
    gpb = gpb_table()
    gpb.rows[0] = row("合计", is_total=True, total="5,905.48", basic="4,153.19")
    sec = "六、一般公共预算基本支出情况"
    s = "基本支出 4153.19 万元，其中：人员经费 3482.66 万元，占 83.9%；"
    c = claim("share", "83.9", s, section=sec, measure="人员经费")
    findings, ctx = run(nr.share, [c], [detail, gpb])
    # 3482.66 / 4153.19 = 83.86% (not of 公用经费合计, nor of the 5905.48 grand total)
    assert findings == [] and ctx.verdicts[0].status == "consistent", ctx.verdicts
    named = claim(
        "share", "86.5", "人员经费占基本支出总额 86.5%", section=sec, measure="人员经费", base="基本支出总额"
    )
    findings, ctx = run(nr.share, [named], [detail, gpb])
    (f,) = findings  # the named base 基本支出总额 binds to 4153.19: 3482.66 / 4153.19 = 83.86%
    assert f.expected == "83.9" and "4153.19" in f.computation.replace(",", "")


def test_share_following_a_mistyped_amount_is_not_reported_twice():
    # Text 52.1 for table 520.98 (N301 reports it); 52.1 / 5320.16 = 0.98% → 1.0% stands.
    s = "其他社会保障和就业支出（项）支出 52.1 万元，占 1.0%；"
    c = claim("share", "1.0", s, path=["其他社会保障和就业支出（项）"], after="占")
    findings, ctx = run(nr.share, [c])
    assert findings == [] and "按文中金额" in ctx.verdicts[0].reason


def test_count_of_second_level_projects_needs_levels_when_both_are_mentioned():
    rows = [row("合计", is_total=True, total="30")]
    rows += [row(f"一级{i}", level=1, total="10") for i in range(2)]
    rows += [row(f"二级{i}", level=2, total="5") for i in range(3)]
    proj = table(TableKind.PROJECT, "项目支出预算表", rows, columns=[], index=9)
    s = "一级项目 2 个，二级项目 4 个。"
    c = claim("count", "4", s, subject="二级项目")
    (f,) = run(nr.count, [c], [proj])[0]
    assert f.expected == "3"
    flat = proj.model_copy(update={"rows": [r.model_copy(update={"level": None}) for r in rows]})
    findings, ctx = run(nr.count, [claim("count", "4", s, subject="二级项目")], [flat])
    assert findings == [] and ctx.verdicts[0].status == "unverified"


def test_direction_excerpt_reaches_back_to_the_figures_of_the_previous_sentence():
    para = (
        "6. 社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）。"
        "年初预算为0万元，支出决算为109.48万元，完成年初预算的100%。决算数小于预算数的主要原因是年初预算为预计估计数。"
    )
    sentence = "决算数小于预算数的主要原因是年初预算为预计估计数。"
    c = claim("direction", "小于", sentence, direction="小于", related={"budget": "0", "final": "109.48"})
    (f,) = run(nr.direction, [c], [], paragraph_doc(para, line=427))[0]
    assert f.excerpt in para and len(f.excerpt) <= 80
    assert "109.48万元，完成年初预算的100%。决算数小于" in f.excerpt


def test_change_amount_and_rate_pointing_different_ways_is_a_direction_error():
    from checker.checks.narrative_rules import change_pct

    flipped = "基本支出 1383.4 万元，比上年减少 84.82 万元，增长 5.8%，主要是预算减少"
    c = make_claim(
        "change_pct", "5.8", flipped, related={"change": "84.82", "current": "1383.4"}, direction="减少"
    )
    findings, _ = run_rule(change_pct, [c], [])
    assert [(f.code, f.kind, f.stated, f.expected) for f in findings] == [
        ("N306", "direction", "增长", "下降")
    ]
    same_way = flipped.replace("增长 5.8%", "下降 5.8%")
    c = make_claim(
        "change_pct", "5.8", same_way, related={"change": "84.82", "current": "1383.4"}, direction="减少"
    )
    findings, ctx = run_rule(change_pct, [c], [])
    # 84.82 / (1383.4 + 84.82) = 5.78% → 5.8: consistent, and the words agree
    assert findings == [] and ctx.verdicts[0].status == "consistent"


def test_an_amount_written_in_yuan_is_compared_in_the_tables_unit():
    t = table(
        TableKind.THREE_PUBLIC,
        "财政拨款“三公”经费支出决算表",
        [row("合计", is_total=True, total="0.73")],
        columns=(("total", "公务接待费"),),
    )
    ok = make_claim(
        "amount", "7,300", "公务接待费支出 7,300 元。", unit="元", subject="公务接待费", measure="公务接待费"
    )
    findings, ctx = run_rule(nr.amount_restated, [ok], [t])
    # 0.73 万元 = 7,300 元
    assert findings == [] and ctx.verdicts[0].status == "consistent"
    wrong = make_claim(
        "amount", "7,900", "公务接待费支出 7,900 元。", unit="元", subject="公务接待费", measure="公务接待费"
    )
    findings, _ = run_rule(nr.amount_restated, [wrong], [t])
    assert [(f.stated, f.expected) for f in findings] == [("7,900", "7300")]


def test_perf_rate_restated_differently_from_the_tables_printed_rate():
    sec = "十二、关于 2024 年度绩效评价情况说明"
    t = table(
        TableKind.PERF_SELF_EVAL,
        "项目支出绩效自评表",
        [row("年度资金总额", budget="9", adjusted_budget="9", executed="7.08", rate="78.63%")],
        columns=[
            ("budget", "年初预算数"),
            ("adjusted_budget", "全年预算数"),
            ("executed", "全年执行数"),
            ("rate", "执行率"),
        ],
        entity="社保政策宣传及社会保障卡宣传推广工作经费",
    )
    s = "社保政策宣传及社会保障卡宣传推广工作经费项目绩效自评：项目全年预算数为 9 万元，实际支出 7.08 万元，完成年度预算的 78.73%。"
    c = claim(
        "completion_rate", "78.73", s, section=sec, measure="执行率", related={"budget": "9", "final": "7.08"}
    )
    findings, _ = run(nr.completion_rate, [c], [t])
    # 7.08 / 9 lies in [78.57%, 78.77%]: the amounts allow 78.73 as well as 78.63, but the
    # text restates the table's printed 78.63% as 78.73%
    assert [(f.code, f.stated, f.expected) for f in findings] == [("N305", "78.73", "78.63")]
    same = claim(
        "completion_rate",
        "78.63",
        s.replace("78.73", "78.63"),
        section=sec,
        measure="执行率",
        related={"budget": "9", "final": "7.08"},
    )
    findings, _ = run(nr.completion_rate, [same], [t])
    assert findings == []


def test_text_far_from_every_table_is_compared_with_the_sections_table():
    # Section 五 speaks of 公开05表 (fiscal only); 公开03表 (all funds) differs legitimately.
    gpb = table(
        TableKind.GPB_EXPENSE,
        "一般公共预算财政拨款支出决算表",
        [row("社会保险业务管理事务", code="2080107", total="422.09")],
        index=4,
    )
    expense = table(
        TableKind.EXPENSE,
        "支出决算表",
        [row("社会保险业务管理事务", code="2080107", total="450.58")],
        index=2,
    )
    s = "(1) 人力资源和社会保障管理事务（款）社会保险业务管理事务（项）。年初预算为 480 万元，支出决算为 442.09 万元。"
    c = claim(
        "amount",
        "442.09",
        s,
        section="五、一般公共预算财政拨款支出决算情况说明",
        path=["人力资源和社会保障管理事务", "社会保险业务管理事务"],
        period="final",
    )
    (f,) = run(nr.amount_restated, [c], [gpb, expense])[0]
    # 450.58 is closer but 1.9% away: the section's table is the source
    assert (f.stated, f.expected) == ("442.09", "422.09")


def test_a_small_figure_printed_elsewhere_in_the_row_is_no_shifted_header():
    t = table(
        TableKind.INCOME,
        "收入决算表",
        [row("合计", is_total=True, total="5,260.51", upper_grant="", other="1.00")],
        columns=[("total", "本年收入合计"), ("upper_grant", "上级补助收入"), ("other", "其他收入")],
        index=1,
    )
    c = claim("amount", "1", "上级补助收入 1 万元。", section="二、收入决算情况说明", measure="上级补助收入")
    findings, ctx = run(nr.amount_restated, [c], [t])
    # the 1.00 under 其他收入 is a coincidence: 上级补助收入 is blank, so 1 万元 contradicts it
    assert ctx.verdicts[0].status == "finding" and [(f.stated, f.expected) for f in findings] == [
        ("1", "0.00")
    ]


def test_a_table_whose_columns_the_parser_inferred_softens_only_unexplained_mismatches():
    t = table(
        TableKind.GPB_EXPENSE,
        "一般公共预算财政拨款支出决算表",
        [row("其他社会保障和就业支出", code="2089999", total="520.98")],
        index=4,
        sparse=True,
    )
    sec = "五、一般公共预算财政拨款支出决算情况说明"
    path = ["其他社会保障和就业支出", "其他社会保障和就业支出", "其他社会保障和就业支出"]
    slip = claim("amount", "52.1", "支出决算为 52.1 万元，完成年初预算的 100%。", section=sec, path=path)
    (f,) = run(nr.amount_restated, [slip], [t])[0]
    assert f.severity == "error"  # 52.1 for 520.98 is a named slip whatever the layout
    odd = claim("amount", "14.57", "支出决算为 14.57 万元，完成年初预算的 100%。", section=sec, path=path)
    (f,) = run(nr.amount_restated, [odd], [t])[0]
    # no slip explains 14.57 vs 520.98: in a space-separated table the value may sit elsewhere
    assert f.severity == "info" and "推断" in f.message
    t.sparse = False
    (f,) = run(nr.amount_restated, [odd], [t])[0]
    assert f.severity == "error"


def test_a_table_in_yuan_is_restated_in_the_texts_wan_yuan_with_readable_digits():
    t = table(
        TableKind.THREE_PUBLIC,
        "财政拨款“三公”经费支出决算表",
        [row("合计", is_total=True, total="100,000.00")],
        columns=(("total", "公务接待费"),),
        unit="元",
    )
    c = claim(
        "amount", "12", "公务接待费支出 12 万元。", unit="万元", subject="公务接待费", measure="公务接待费"
    )
    (f,) = run(nr.amount_restated, [c], [t])[0]
    assert (f.stated, f.expected) == ("12", "10.00")  # 100,000.00 元 = 10.00 万元
