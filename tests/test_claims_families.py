"""Rule extractor: one test per phrasing family, on short sentences in the seeds' style.

Each expected value is read off the sentence by hand (subject, value as printed, the
related figures); spans are checked to locate the value inside the verbatim sentence.
"""

from __future__ import annotations

from checker.claims.model import Claim
from checker.claims.rules import extract
from checker.ingest.text import parse_text

FINAL = "2024 年度部门决算\n\n第三部分 2024 年度部门决算情况说明\n\n"
BUDGET = "2024 年部门预算\n\n第三部分 2024 年部门预算情况说明\n\n"


def claims(body: str, head: str = FINAL, section: str = "一、收入支出决算总体情况说明") -> list[Claim]:
    out = extract(parse_text(head + section + "\n\n" + body + "\n")).claims
    for c in out:
        assert c.sentence[c.span.start : c.span.end] == c.value_text, c
        assert c.sentence in body, c.sentence
    return out


def one(cs: list[Claim], kind: str, value: str) -> Claim:
    found = [c for c in cs if c.kind == kind and c.value_text == value]
    assert len(found) == 1, [(c.kind, c.value_text) for c in cs]
    return found[0]


def test_amount_with_class_path_and_its_share():
    cs = claims("卫生健康支出（类）支出 73.11 万元，占 1.3%；住房保障支出(类)支出 88.05 万元，占 1.7%。")
    a = one(cs, "amount", "73.11")
    assert a.path == ["卫生健康支出"] and a.unit == "万元" and a.period == "current"
    s = one(cs, "share", "1.3")
    assert s.path == ["卫生健康支出"] and s.base == "" and s.related == {"part": "73.11"}
    assert s.percent_sign and s.sentence == "卫生健康支出（类）支出 73.11 万元，占 1.3%；"
    assert one(cs, "share", "1.7").path == ["住房保障支出"]


def test_share_without_percent_sign():
    cs = claims(
        "主要用于以下方面：社会保障和就业支出 3655.64 万元，占 96.2；卫生健康支出 52.04 万元，占 1.4%。"
    )
    s = one(cs, "share", "96.2")
    assert s.percent_sign is False and s.unit == "%" and s.related == {"part": "3655.64"}
    assert s.subject == "社会保障和就业支出"
    assert one(cs, "share", "1.4").percent_sign is True


def test_share_bases_named_in_the_sentence():
    cs = claims(
        "2024 年度一般公共预算财政拨款支出 5320.16 万元，占本年支出合计的 100%。"
        "其中，一级项目 3 个，共涉及资金 3850.87 万元，占一般公共预算项目支出总额的 97.8%。"
        "卫生健康支出 195.87 万元，占总支出 2%。人员经费占基本支出总额 86.5%。"
    )
    assert one(cs, "share", "100").base == "本年支出合计"
    s = one(cs, "share", "97.8")
    assert s.base == "一般公共预算项目支出总额" and s.related["part"] == "3850.87"
    assert one(cs, "share", "2").base == "总支出"
    p = one(cs, "share", "86.5")
    assert (p.subject, p.measure, p.base) == ("人员经费", "人员经费", "基本支出总额")


def test_share_base_from_the_statement_total_or_lead():
    cs = claims(
        "2024 年支出预算 5905.48 万元，其中：基本支出 4153.19 万元，占 70.3%；项目支出 1752.29 万元，占 29.7%。"
        "基本支出中，人员经费 3482.66 万元，占 83.9%；公用经费 670.53 万元，占 16.1%。",
        head=BUDGET,
        section="三、2024 年支出预算情况",
    )
    for v in ("70.3", "29.7"):
        s = one(cs, "share", v)
        assert s.base == "支出总计" and s.related["base"] == "5905.48"
    for v, part in (("83.9", "3482.66"), ("16.1", "670.53")):
        s = one(cs, "share", v)
        assert s.base == "基本支出" and s.related == {"base": "4153.19", "part": part}


def test_enumeration_of_classes_each_item_its_own_claims():
    cs = claims(
        "2024 年度一般公共预算财政拨款支出 5320.16 万元，主要用于以下方面：一般公共服务支出 0 万元，占 0%；"
        "社会保障和就业支出（类）支出 5159.02 万元，占 97%；卫生健康支出（类）支出 73.11 万元，占 1.3%。"
    )
    assert [c.value_text for c in cs if c.kind == "amount"] == ["5320.16", "0", "5159.02", "73.11"]
    assert [c.value_text for c in cs if c.kind == "share"] == ["0", "97", "1.3"]
    assert one(cs, "amount", "5159.02").path == ["社会保障和就业支出"]
    assert one(cs, "amount", "0").subject == "一般公共服务支出"


def test_growth_with_stated_change_after_the_amount():
    cs = claims("其中：基本支出 1383.4 万元，比上年减少 84.82 万元，下降 5.8%，主要是预算减少。")
    ch = one(cs, "change_amount", "84.82")
    assert ch.related == {"current": "1383.4"} and ch.direction == "减少" and ch.measure == "基本支出"
    g = one(cs, "change_pct", "5.8")
    assert g.related == {"change": "84.82", "current": "1383.4"} and g.measure == "基本支出"
    assert g.period == "change" and g.unit == "%"


def test_growth_after_a_comparison_lead_finds_its_subject_in_the_sentence_before():
    cs = claims(
        "2024 年度收入总计为 5260.51 万元、支出总计为 5320.16 万元。"
        "与 2023 年度相比，收入减少 208.13 万元，下降 3.8%，支出减少 176.76 万元，下降 3.2%。"
    )
    assert one(cs, "amount", "5260.51").measure == "收入总计"
    assert one(cs, "amount", "5320.16").measure == "支出总计"
    assert one(cs, "change_pct", "3.8").related == {"change": "208.13", "current": "5260.51"}
    assert one(cs, "change_pct", "3.2").related == {"change": "176.76", "current": "5320.16"}


def test_growth_variants_jiang_fu_and_zeng_jian():
    cs = claims(
        "社会保障和就业支出 8836.68 万元，比上年减少 97685.35 万元，降幅 91.7%。"
        "2024年度机关运行经费支出279.49万元，较2023年度增减42.17万元，降低13.1%，主要是维修费。",
        head=BUDGET,
    )
    assert one(cs, "change_pct", "91.7").related == {"change": "97685.35", "current": "8836.68"}
    ch = one(cs, "change_amount", "42.17")
    assert ch.direction == "减少" and ch.measure == "机关运行经费"
    assert one(cs, "change_pct", "13.1").related == {"change": "42.17", "current": "279.49"}


def test_change_against_a_later_subject_sentence():
    cs = claims(
        "人员经费 6241.59 万元。主要包括工资福利支出 5946.64 万元，对个人和家庭补助支出 294.95 万元。"
        "人员经费占基本支出总额 86.5%，比上年增加 417.31 万元，增长 7.2%。",
        head=BUDGET,
    )
    # The change is of 人员经费 (the sentence's subject), not of the last amount written.
    assert one(cs, "change_pct", "7.2").related == {"change": "417.31", "current": "6241.59"}


def test_change_without_a_clear_figure_has_no_current():
    cs = claims(
        "3. 公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元，公车保有量为 2 辆。比上年减少 0.6 万元，降幅 10%。",
        head=BUDGET,
    )
    assert one(cs, "change_pct", "10").related == {"change": "0.6"}


def test_completion_rate_with_class_path_from_the_sentence_before():
    cs = claims(
        "1. 社会保障和就业支出(类)人力资源和社会保障管理事务（款）社会保险经办机构（项）。"
        "年初预算为 974.49 万元，支出决算 1090.01 万元，完成年初预算的 111.8%。"
        "决算数大于预算数的主要原因是维修费增加。",
        section="（三）一般公共预算财政拨款支出决算具体情况",
    )
    path = ["社会保障和就业支出", "人力资源和社会保障管理事务", "社会保险经办机构"]
    b, f = one(cs, "amount", "974.49"), one(cs, "amount", "1090.01")
    assert (b.period, b.path, f.period, f.path) == ("budget", path, "final", path)
    r = one(cs, "completion_rate", "111.8")
    assert r.related == {"budget": "974.49", "final": "1090.01"} and r.path == path
    d = one(cs, "direction", "大于")
    assert d.direction == "大于" and d.related == {"budget": "974.49", "final": "1090.01"}
    assert d.sentence.startswith("决算数大于")


def test_completion_rate_of_the_whole_and_direction_in_the_next_paragraph():
    body = (
        "2024 年度一般公共预算财政拨款支出年初预算为1058.78 万元，支出决算为 3799.01 万元，完成年初预算的358.8%。\n\n"
        "决算数大于预算数的主要原因是追加预算。"
    )
    cs = claims(body)
    assert one(cs, "amount", "1058.78").path == [] and one(cs, "amount", "1058.78").period == "budget"
    assert one(cs, "completion_rate", "358.8").related == {"budget": "1058.78", "final": "3799.01"}
    assert one(cs, "direction", "大于").related == {"budget": "1058.78", "final": "3799.01"}


def test_path_typos_and_outer_class_from_heading():
    cs = claims(
        "8. 卫生健康支出年(类)行政事业单位医疗(款)行政单位医疗(项)。年初预算为40.48万元，支出决算为46.43万元，完成年初预算的114.7%。"
    )
    assert one(cs, "amount", "46.43").path == ["卫生健康支出", "行政事业单位医疗", "行政单位医疗"]
    # seed 003 style: the (类) is a heading, the paragraph starts at (款).
    cs = claims(
        "(1) 行政事业单位医疗（款）行政单位医疗（项）。年初预算为 11.11 万元，支出决算为 10.47 万元，完成年初预算的 94.24%。",
        section="2.卫生健康支出(类)",
    )
    assert one(cs, "amount", "10.47").path == ["卫生健康支出", "行政事业单位医疗", "行政单位医疗"]


def test_totals_and_their_items_give_a_sum_claim():
    cs = claims(
        "本年收入合计 670.84 万元，其中：财政拨款收入 662.34 万元，占 98.73%；其他收入 8.50 万元，占 1.27%。"
    )
    assert one(cs, "amount", "670.84").measure == "本年收入合计"
    s = one(cs, "sum", "670.84")
    assert s.related == {"items": "662.34+8.50"} and s.measure == "本年收入合计"
    assert one(cs, "amount", "662.34").measure == "财政拨款收入"


def test_budget_total_and_procurement_sums():
    cs = claims(
        "2024 年收支总预算 5905.48 万元，其中：本年预算 5320.79 万元；上年结转 584.69 万元。"
        "2024年政府采购预算总额406.10万元，其中：政府采购货物预算0万元、政府采购工程预算0万元、政府采购服务预算406.10万元。",
        head=BUDGET,
        section="一、2024 年收支预算总体情况",
    )
    totals = [c for c in cs if c.kind == "amount" and c.value_text == "5905.48"]
    assert sorted(c.measure for c in totals) == ["支出总计", "收入总计"]
    assert [c.related for c in cs if c.kind == "sum"] == [
        {"items": "5320.79+584.69"},
        {"items": "0+0+406.10"},
    ]
    assert one(cs, "amount", "5320.79").period == "current"


def test_basic_expense_with_personnel_and_public_funds():
    cs = claims(
        "2024 年度一般公共预算财政拨款基本支出 615.36 万元，其中：人员经费 573.08 万元，主要包括：基本工资、奖金；"
        "公用经费 42.27 万元，主要包括：办公费、印刷费。",
        section="六、一般公共预算财政拨款基本支出决算情况说明",
    )
    assert one(cs, "amount", "615.36").measure == "基本支出"
    assert one(cs, "amount", "573.08").measure == "人员经费"
    assert one(cs, "amount", "42.27").measure == "公用经费"
    assert one(cs, "sum", "615.36").related == {"items": "573.08+42.27"}


def test_counts_of_projects_and_funds_involved():
    cs = claims(
        "2024年部门项目支出1752.29万元，其中：一级项目6个，二级项目10个；使用本年拨款1540.11万元，财政拨款结转212.18万元。",
        head=BUDGET,
    )
    assert [(c.subject, c.value_text, c.unit) for c in cs if c.kind == "count"] == [
        ("一级项目", "6", "个"),
        ("二级项目", "10", "个"),
    ]
    assert one(cs, "sum", "1752.29").related == {"items": "1540.11+212.18"}
    cs = claims("2024年将9个项目支出的绩效目标和指标向社会公开，涉及金额800万元。", head=BUDGET)
    assert one(cs, "count", "9").subject == "项目"
    fund = one(cs, "sum", "800")
    assert fund.related == {} and fund.subject == "涉及资金"


def test_performance_sentences_take_the_project_name():
    body = (
        "按照如下格式说明：2024 城乡困难群体代缴项目项目绩效自评情况：根据年初设定的绩效目标，项目绩效自评得分为 93.12 分。"
        "项目全年预算数为 50.07 万元，执行数为 50.07 万元，完成预算的 100%。\n\n"
        "1、企业机关统外项目自述。根据年初设定的绩效目标，该项目得分 83.26 分，项目全年预算数为 3817 万元，执行率为 90.3%。\n\n"
        # the paragraph's own lead names the project, not the paragraph before it
        "2、特殊群体代缴。根据年初设定的绩效目标，该项目得分 92 分，项目全年预算数为 60.07 万元，执行率为 98%。"
    )
    cs = claims(body, section="十、关于 2024 年度绩效评价情况说明")
    b = [c for c in cs if c.kind == "amount" and c.measure == "全年预算数"]
    assert [(c.subject, c.value_text) for c in b] == [
        ("2024 城乡困难群体代缴", "50.07"),
        ("企业机关统外", "3817"),
        ("特殊群体代缴", "60.07"),
    ]
    e = [c for c in cs if c.measure == "执行数"]
    assert [(c.subject, c.value_text) for c in e] == [("2024 城乡困难群体代缴", "50.07")]
    r = one(cs, "completion_rate", "90.3")
    assert r.measure == "执行率" and r.subject == "企业机关统外" and r.related == {"budget": "3817"}
    assert one(cs, "completion_rate", "100").related == {"budget": "50.07", "final": "50.07"}


def test_three_public_statement():
    cs = claims(
        "2024 年度“三公”经费财政拨款支出预算为 0.36 万元，支出决算为 0.2 万元，完成预算的 55.6%；"
        "较 2023 年度增加 0.09 万元，增长 8.2%，主要原因检查较多。\n\n"
        "公务接待费预算为 0.36 万元，支出决算为 0.2 万元，完成预算的 55.6%；较 2023 年度增加 0.09 万元，增长 8.2%。",
        section="（一）“三公”经费财政拨款支出决算总体情况说明",
    )
    whole = [c for c in cs if c.measure == "三公经费"]
    assert [(c.kind, c.value_text, c.period) for c in whole] == [
        ("amount", "0.36", "budget"),
        ("amount", "0.2", "final"),
        ("completion_rate", "55.6", "final"),
        ("change_amount", "0.09", "change"),
        ("change_pct", "8.2", "change"),
    ]
    assert whole[-1].related == {"change": "0.09", "current": "0.2"}
    # The change clause after ； continues its statement: one sentence, from 2024 to the reason.
    assert whole[-1].sentence.endswith("增长 8.2%，主要原因检查较多。")
    assert {c.measure for c in cs} == {"三公经费", "公务接待费"}


def test_three_public_items_of_a_budget_report():
    cs = claims("3. 公务用车购置及运行费 0 万元，公务用车运行维护费 5.4 万元。", head=BUDGET)
    assert one(cs, "amount", "0").measure == "公务用车购置及运行费"
    assert one(cs, "amount", "5.4").measure == "公务用车运行维护费"


def test_budget_report_statements():
    cs = claims(
        "本年收入中，一般公共预算拨款收入 5905.48 万元，占 100%。"
        "2024年部门本级1家参公管理事业单位的机关运行经费财政拨款预算577.22万元，比2023年预算减少157.22万元，下降21.4%。",
        head=BUDGET,
        section="二、2024 年收入预算情况",
    )
    a = one(cs, "amount", "5905.48")
    assert (a.measure, a.period) == ("一般公共预算拨款收入", "current")
    assert one(cs, "share", "100").base == "本年收入"
    m = one(cs, "amount", "577.22")
    assert (m.measure, m.period) == ("机关运行经费", "current")
    assert one(cs, "change_pct", "21.4").related == {"change": "157.22", "current": "577.22"}


def test_flat_against_last_year_is_no_claim_and_fund_totals_keep_their_fund():
    cs = claims(
        "2024年度政府性基金预算财政拨款年初结转和结余 0万元；本年收入 0 万元，与上年持平，主要是均无此项收入；"
        "本年支出 0 万元，与上年持平。",
        section="七、政府性基金预算财政拨款收入支出决算情况说明",
    )
    # 持平 against last year has no figure to check in a 决算 report: no direction claim.
    assert [c.kind for c in cs] == ["amount"] * 3
    assert [(c.subject, c.measure) for c in cs] == [
        ("政府性基金预算财政拨款年初结转和结余", ""),
        ("政府性基金预算本年收入", ""),
        ("政府性基金预算本年支出", ""),
    ]


def test_changes_against_the_budget_are_not_year_on_year_changes():
    cs = claims(
        "年初预算数为 100 万元，调整预算数为 120 万元，支出决算数为 110 万元，完成年初预算的 110%。"
        "与年初预算相比，决算数增加 10 万元，增长 10%。比预算增加 10 万元。"
    )
    r = one(cs, "completion_rate", "110")
    assert r.related == {"budget": "100", "final": "110"}
    assert not [c for c in cs if c.kind in ("change_amount", "change_pct")]
    cs = claims("其他收入 0.03 万元，增长-3.8%，主要是利息减少。")
    assert one(cs, "change_pct", "-3.8").related == {"current": "0.03"}


def test_percentage_points_and_classification_codes_are_no_claims():
    ex = extract(
        parse_text(
            FINAL + "一、支出决算情况说明\n\n"
            "占比较上年下降 2.1 个百分点。2080505 机关事业单位基本养老保险缴费支出为 45.34 万元。\n"
        )
    )
    assert {u.text: u.reason for u in ex.uncovered} == {"2.1": "百分点变化（未核对）", "2080505": "科目编码"}
    assert [(c.kind, c.value_text) for c in ex.claims] == [("amount", "45.34")]


def test_change_binds_to_the_figure_its_subject_names_exactly():
    cs = claims(
        "2024年度收入总计12,345.67万元，其中：本年收入合计12,000.00万元，年初结转和结余345.67万元。"
        "与上年相比，收入总计增加1,234.56万元，增长11.1%。"
    )
    # 收入总计 is 12,345.67, not 本年收入合计 (which also contains 收入).
    assert one(cs, "change_pct", "11.1").related == {"change": "1,234.56", "current": "12,345.67"}
    assert one(cs, "sum", "12,345.67").related == {"items": "12,000.00+345.67"}


def test_final_cue_keeps_the_subject_and_rates_of_items_take_their_own_figures():
    cs = claims(
        "2024年度一般公共预算财政拨款支出年初预算为100万元，支出决算为98.5万元，完成年初预算的98.5%。"
        "其中：基本支出决算为80万元，完成年初预算的100%；项目支出决算为18.5万元，完成年初预算的92.5%。"
    )
    b = one(cs, "completion_rate", "100")
    assert (b.measure, b.related) == ("基本支出", {"final": "80"})  # never the total's budget 100
    assert one(cs, "completion_rate", "92.5").related == {"final": "18.5"}


def test_nested_list_items_stop_at_their_semicolon():
    cs = claims(
        "其中：因公出国（境）费支出决算为0万元；公务用车购置及运行维护费支出决算为10万元，"
        "其中公务用车购置费0万元，公务用车运行维护费10万元；公务接待费支出决算为2.34万元。",
        section="九、财政拨款“三公”经费支出决算情况说明",
    )
    assert [c.related for c in cs if c.kind == "sum"] == [{"items": "0+10"}]


def test_direction_compares_the_figures_just_before_it_even_without_a_rate():
    cs = claims(
        "1.年初预算为 22 万元，支出决算为 9.2 万元，完成年初预算的 41.8%。\n\n"
        "2.年初预算为 4.53 万元，支出决算为 5.1 万元。决算数大于预算数的主要原因是补缴。"
    )
    assert one(cs, "direction", "大于").related == {"budget": "4.53", "final": "5.1"}


def test_prior_year_figures_are_prior_claims_and_feed_the_change():
    cs = claims(
        "2024 年度“三公”经费财政拨款支出 12.34 万元，2023 年度为 14.44 万元，减少 2.1 万元，下降 14.5%。"
        "公务接待费支出 2.34 万元，比上年的 2.5 万元减少 0.16 万元。",
        section="九、财政拨款“三公”经费支出决算情况说明",
    )
    p = one(cs, "amount", "14.44")
    assert (p.period, p.measure) == ("prior", "三公经费")
    assert one(cs, "change_pct", "14.5").related == {"change": "2.1", "current": "12.34", "prior": "14.44"}
    assert one(cs, "amount", "2.5").period == "prior"
    assert one(cs, "change_amount", "0.16").related == {"current": "2.34", "prior": "2.5"}
    # The report's own year is no prior year.
    assert one(cs, "amount", "12.34").period == "current"


def test_mainly_lists_open_shares_but_state_no_sum():
    cs = claims(
        "公用经费 974.72 万元，主要包括商品服务支出 969.72 万元，所占比重为 99.5%。",
        head=BUDGET,
        section="六、2024 年一般公共预算基本支出情况",
    )
    # 主要包括 may list the big items only: no stated total of them.
    assert not [c for c in cs if c.kind == "sum"]
    s = one(cs, "share", "99.5")
    assert (s.subject, s.base, s.related) == (
        "商品服务支出",
        "公用经费",
        {"base": "974.72", "part": "969.72"},
    )


def test_a_path_ending_its_own_line_carries_to_the_figures_below():
    body = (
        "2024 年度一般公共预算财政拨款支出年初预算为 5491.58 万元。其中：\n\n"
        "2. 社会保障和就业支出(类)人力资源和社会保障管理事务（款）其他人力资源和社会保障管理事务支出（项）。\n\n"
        "年初预算为 22 万元，支出决算为 9.2 万元，完成年初预算的 41.8%。"
    )
    cs = claims(body, section="（三）一般公共预算财政拨款支出决算具体情况")
    b = one(cs, "amount", "22")
    assert b.path == [
        "社会保障和就业支出",
        "人力资源和社会保障管理事务",
        "其他人力资源和社会保障管理事务支出",
    ]
