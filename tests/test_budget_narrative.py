"""Budget reports (部门预算) as published: the narrative in several places, amounts
named with the report's own entity and 预算 in front of table quantities, 三公 tables
with 购置费/运行费 under a grouped header and 机关运行经费 beside them."""

from __future__ import annotations

from checker.checks.narrative_common import related_items
from checker.claims.model import Claim, Span
from checker.claims.narrative import narrative_sentences
from checker.ingest.text import parse_text
from checker.pipeline import check_document
from checker.resolve.bind import name_variants

BUDGET = """上海市某区2025年区级部门预算

2025年部门预算编制说明
2025年，某区某某办事处收入预算18,976.76万元，其中：财政拨款收入18,976.76万元；事业收入0.00万元；其他收入0.00万元。
支出预算18,976.76万元。

2025年部门财务收支预算总表
编制部门：某区某某办事处\t单位：元
本年收入\t\t本年支出\t
项目\t预算数\t项目\t预算数
一、财政拨款收入\t189,767,551\t一、一般公共服务支出\t189,767,551
二、事业收入\t\t\t
收入总计\t189,767,551\t支出总计\t189,767,551

2025年部门“三公”经费和机关运行经费预算表
编制部门：某区某某办事处\t单位：万元
“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数
合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t
\t\t\t小计\t购置费\t运行费\t
37.91\t0\t1.35\t36.56\t15\t21.56\t464.64

其他相关情况说明
一、2025年“三公”经费预算情况说明
2025年“三公”经费预算数为37.91万元。其中：公务用车购置费15万元；公务用车运行费21.56万元。
二、机关运行经费预算
2025年某区某某办事处财政拨款的机关运行经费预算为464.46万元。
"""


def test_narrative_before_and_after_the_tables_is_read():
    texts = [s.text for s in narrative_sentences(parse_text(BUDGET))]
    assert any("收入预算18,976.76万元" in t for t in texts)  # 编制说明, before the tables
    assert any("机关运行经费预算为464.46万元" in t for t in texts)  # after them


def test_budget_amounts_bind_to_tables_and_a_wrong_one_is_found():
    report = check_document(parse_text(BUDGET))
    by_value = {r.claim.value_text: r for r in report.claims}
    # 收入预算 (the entity's name in front) = 收入总计 189,767,551 元 = 18,976.76 万元
    assert by_value["18,976.76"].status == "consistent"
    # 购置费 / 运行费 under the grouped 公务用车购置及运行费 header
    assert by_value["15"].status == "consistent"
    assert by_value["21.56"].status == "consistent"
    # 464.46 written for the table's 464.64 (two digits swapped)
    wrong = [f for f in report.findings if f.stated == "464.46"]
    assert wrong and wrong[0].expected == "464.64" and wrong[0].severity == "error"


def test_thousands_separator_is_not_an_item_separator():
    claim = Claim(
        kind="sum", value_text="18,976.76", sentence="", span=Span(start=0, end=0),
        related={"items": "18,976.76+0.00+0.00"},
    )  # fmt: skip
    assert [str(n.value) for n in related_items(claim)] == ["18976.76", "0.00", "0.00"]
    claim = Claim(
        kind="sum", value_text="3", sentence="", span=Span(start=0, end=0), related={"items": "1,2"}
    )
    assert [str(n.value) for n in related_items(claim)] == ["1", "2"]


def test_name_variants():
    v = name_variants("上海市普陀区人民政府万里街道办事处收入预算", "budget")
    assert "收入总计" in v
    assert "一般公共预算支出" in name_variants("一般公共预算拨款支出预算", "budget")
    # in final accounts 预算 names the budget, a different figure from the table's actual
    assert "项目支出" not in name_variants("项目支出预算", "final")


ITEMS = """上海市某区2024年区级部门预算

2024年部门预算编制说明
财政拨款支出主要内容如下：
1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。 2023年当年预算执行数为60.13万元， 2024年预算安排25.77万元，比2023年预算执行数减少57.14%。
2. “教育支出-其他教育支出-其他教育支出”科目25.00万元。2023年当年预算执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%。
3. “住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元。2023年当年预算执行数为348.5万元，2024年预算安排350.35万元，比2023年预算执行数增加5.53%。

2024年部门一般公共预算支出功能分类预算表
编制部门：某区某某办事处\t单位：元
功能分类科目编码\t功能分类科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t257,700\t0\t257,700
20105\t统计信息事务\t257,700\t0\t257,700
2010507\t专项普查活动\t257,700\t0\t257,700
205\t教育支出\t250,000\t0\t250,000
20599\t其他教育支出\t250,000\t0\t250,000
2059999\t其他教育支出\t250,000\t0\t250,000
221\t住房保障支出\t3,503,499\t3,503,499\t0
22102\t住房改革支出\t3,503,499\t3,503,499\t0
2210201\t住房公积金\t3,503,499\t3,503,499\t0
合计\t\t4,011,199\t3,503,499\t507,700
"""


def test_per_item_budget_sentences_prior_current_and_growth():
    report = check_document(parse_text(ITEMS))
    recs = [r for r in report.claims if "60.13" in r.claim.sentence]
    by = {r.claim.value_text: r for r in recs}
    # the prior-year execution is not in any table: not checkable, said so
    assert by["60.13"].claim.period == "prior" and not by["60.13"].counterpart
    # 预算安排 names the column; the row is the item's path
    assert by["25.77"].claim.path[-1] == "专项普查活动" and by["25.77"].status == "consistent"
    # (25.77 − 60.13) / 60.13 = −57.14%
    assert by["57.14"].status == "consistent"
    # 348.5 → 350.35 is +0.53%, not 5.53% (hand: 1.85 / 348.5 = 0.531%)
    wrong = [f for f in report.findings if f.stated.rstrip("%") == "5.53"]
    assert wrong and wrong[0].expected.startswith("0.53")


def test_growth_from_a_zero_base_is_its_own_kind():
    report = check_document(parse_text(ITEMS))
    [f] = [f for f in report.findings if f.kind == "change_pct_zero_base"]
    assert f.stated.startswith("100.00") and "上年为 0" in f.expected


def test_dash_path_binds_to_the_item_row():
    report = check_document(parse_text(ITEMS))
    [r] = [
        r
        for r in report.claims
        if r.claim.value_text == "25.00"
        and "科目" in r.claim.sentence
        and r.claim.period == "current"
        and "当年" not in r.claim.sentence[: r.claim.span.start]
    ]
    assert r.claim.path == ["教育支出", "其他教育支出", "其他教育支出"] and r.status == "consistent"


def test_no_counterpart_is_not_counted_as_checkable():
    report = check_document(parse_text(ITEMS))
    cov = report.coverage
    assert cov.no_counterpart >= 3  # the three 2023 executions
    assert cov.checkable == cov.claims_extracted - cov.no_counterpart + cov.uncovered_reasons.get(
        "未识别的句式", 0
    )


REASONS = """上海市某区2024年区级部门预算

2024年部门预算编制说明
1. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”110.60万元。2023年当年预算执行数为114.00万元，2024年预算安排110.60万元，比2023年预算执行数减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。
2. “一般公共服务支出（类）统战事务（款）一般行政管理事务（项）”11.91万元。2023年当年预算执行数为9.00万元，2024年预算安排11.91万元，比2023年预算执行数增加32.33%。主要原因是：统战事务经费增加。
3. “教育支出（类）其他教育支出（款）其他教育支出（项）”25.00万元。2023年当年预算执行数为30.00万元，2024年预算安排25.00万元，比2023年预算执行数减少16.67%。主要原因是：培训经费减少，宣传经费增加。
"""


def test_a_reason_pointing_the_other_way_is_a_direction_finding():
    report = check_document(parse_text(REASONS))
    found = [f for f in report.findings if f.code == "N306"]
    # only item 1: item 2's reason agrees, item 3's names both ways
    assert [(f.stated, f.expected) for f in found] == [("增加", "减少")]
    assert "经费增加" in found[0].excerpt and "2.98%" in found[0].excerpt


def test_a_rate_that_fits_the_table_is_not_a_second_error():
    text = ITEMS.replace(
        "2023年当年预算执行数为348.5万元，2024年预算安排350.35万元，比2023年预算执行数增加5.53%。",
        "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。",
    )
    report = check_document(parse_text(text))
    amount = [f for f in report.findings if f.stated == "352.67"]
    assert amount and amount[0].expected == "350.35" and amount[0].severity == "error"
    # the cell as printed in its 元 table, and the message gives both readings
    assert amount[0].cells[0].text == "3,503,499" and "350.35（表中 3,503,499 元）" in amount[0].message
    # (350.35 − 348.52) / 348.52 = 0.525% → 0.53: the rate fits the table's figure
    [rate] = [f for f in report.findings if f.code == "N303" and f.stated.startswith("0.53")]
    assert rate.severity == "info" and "350.35" in rate.message


def test_one_figure_against_one_year_cannot_grow_by_two_amounts():
    text = (
        "上海市某区2025年区级部门预算\n\n2025年部门预算编制说明\n"
        "2025年，某某委员会收入预算37,151.47万元，其中：财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元。\n"
        "支出预算37,151.47万元，其中：财政拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元。"
        "一般公共预算拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元。\n"
    )
    found = [f for f in check_document(parse_text(text)).findings if f.code == "N304"]
    assert [(f.stated, f.expected, f.severity) for f in found] == [("24,558.18", "24,491.71", "warning")]


def test_a_rate_written_the_wrong_way_is_a_direction_error():
    text = ITEMS.replace("比2023年预算执行数减少57.14%", "比2023年预算执行数增加57.14%")
    found = [f for f in check_document(parse_text(text)).findings if f.kind == "direction"]
    # 25.77 this year against 60.13 executed last year is a decrease
    assert [(f.stated, f.expected, f.severity) for f in found] == [("增加", "减少", "error")]


def test_org_running_figure_found_in_the_three_public_table_beside_a_basic_table():
    # the section names 机关运行经费, whose home here is the 三公 table's last column, not
    # the 基本支出 table the report also prints
    basic = (
        "\n2025年部门一般公共预算基本支出部门预算经济分类预算表\n编制部门：某区某某办事处\t单位：元\n"
        "经济分类科目编码\t经济分类科目名称\t合计\t人员经费\t公用经费\n"
        "301\t工资福利支出\t1,000,000\t1,000,000\t0\n302\t商品和服务支出\t4,646,400\t0\t4,646,400\n"
        "合计\t\t5,646,400\t1,000,000\t4,646,400\n"
    )
    text = BUDGET.replace("\n其他相关情况说明", basic + "\n其他相关情况说明")
    report = check_document(parse_text(text))
    wrong = [f for f in report.findings if f.stated == "464.46"]
    assert wrong and wrong[0].expected == "464.64"


def test_a_date_written_with_dots_is_a_date():
    text = BUDGET.replace("二、机关运行经费预算", "二、实施周期\n2025.1.1-2025.12.31\n\n三、机关运行经费预算")
    report = check_document(parse_text(text))
    assert report.coverage.uncovered_reasons.get("未识别的句式", 0) == 0
    assert report.coverage.uncovered_reasons.get("年份/日期", 0) >= 2


def test_building_figures_and_plot_codes_are_not_unread_money():
    text = BUDGET.replace(
        "二、机关运行经费预算",
        "二、项目概况\n本工程建筑高度为29.8米，地上主楼7层，抗震设防烈度为7度，位于W-07、X101街坊。\n\n三、机关运行经费预算",
    )
    cov = check_document(parse_text(text)).coverage
    assert cov.uncovered_reasons.get("未识别的句式", 0) == 0
    assert cov.uncovered_reasons.get("科目编码", 0) == 1  # W-07 (X101 is never read as a number)
