"""Narrative part, sentences, sections and template residue."""

from __future__ import annotations

from checker.claims.narrative import heading_rank, narrative_sentences, split_sentences
from checker.claims.rules import extract
from checker.ingest.text import parse_text

REPORT = """2024 年度部门决算

目录

第一部分 部门概况

第三部分 2024 年度部门决算情况说明

第四部分 名词解释

第一部分 部门概况

一、部门职责

本部门内设 10 个科室，编制 25 人。

第三部分 2024 年度部门决算情况说明

一、收入决算情况说明

本年收入合计 5260.51 万元，其中：财政拨款收入 5260.51 万元。

五、一般公共预算财政拨款支出决算情况说明

（一）一般公共预算财政拨款支出决算结构情况

卫生健康支出（类）支出 73.11 万元，占 1.3%。

（二）一般公共预算财政拨款支出决算具体情况

年初预算为 22 万元，支出决算为 9.2 万元，完成年初预算的 41.8%。决算数小于预算数的主要原因是项目未执行。

第四部分 名词解释

一、财政拨款收入：指单位从同级财政部门取得的财政预算资金，如 100 万元。
"""


def test_part_from_body_heading_not_table_of_contents_and_ends_at_glossary():
    sents = narrative_sentences(parse_text(REPORT))
    texts = [s.text for s in sents]
    assert texts[0] == "本年收入合计 5260.51 万元，其中：财政拨款收入 5260.51 万元。"
    assert not any("科室" in t or "指单位" in t for t in texts)
    assert texts[-1] == "决算数小于预算数的主要原因是项目未执行。"


def test_section_path_outer_to_inner_and_lines():
    sents = narrative_sentences(parse_text(REPORT))
    s = next(s for s in sents if "73.11" in s.text)
    assert s.sections == [
        "第三部分 2024 年度部门决算情况说明",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（一）一般公共预算财政拨款支出决算结构情况",
    ]
    assert s.section == "（一）一般公共预算财政拨款支出决算结构情况"
    lines = REPORT.splitlines()
    assert "73.11" in lines[s.line_at(0) - 1]
    # A sibling heading replaces its sibling, it does not nest under it.
    t = next(s for s in sents if "41.8" in s.text)
    assert t.sections[1:] == [
        "五、一般公共预算财政拨款支出决算情况说明",
        "（二）一般公共预算财政拨款支出决算具体情况",
    ]


def test_heading_ranks():
    assert [
        heading_rank(h)
        for h in (
            "第三部分 情况说明",
            "一、收入",
            "（一）结构",
            "(二) 结构",
            "1. 社会保障",
            "(1) 养老",
            "项目绩效",
        )
    ] == [0, 1, 2, 2, 3, 4, 5]


def test_part_without_part_headings_starts_at_first_narrative_heading_and_stops_at_glossary_lines():
    text = (
        "2024 年度单位决算\n\n一、收入支出决算总表\n\n收入\t金额\n合计\t5.00\n\n"
        "一、收入支出决算总体情况说明\n\n2024 年度收、支总计均为 3806.47 万元。\n\n"
        "一、财政拨款收入：指单位从同级财政单位取得的财政预算资金，例如 5 万元。\n"
    )
    sents = narrative_sentences(parse_text(text))
    assert [s.text for s in sents] == ["2024 年度收、支总计均为 3806.47 万元。"]
    assert sents[0].section == "一、收入支出决算总体情况说明"


def test_sentences_split_on_semicolons_unless_the_clause_continues():
    text = "社保支出 5 万元，占 97%；卫生支出 1 万元，占 1.3%。完成预算的 55.6%；较 2023 年度增加 0.09 万元，增长 8.2%！"
    parts = [text[s:e] for s, e, _ in split_sentences(text)]
    assert parts == [
        "社保支出 5 万元，占 97%；",
        "卫生支出 1 万元，占 1.3%。",
        "完成预算的 55.6%；较 2023 年度增加 0.09 万元，增长 8.2%！",
    ]
    assert [ends for _, _, ends in split_sentences(text)] == [False, True, True]


def test_template_residue_is_boilerplate_not_claims():
    doc = parse_text(
        "2024 年度部门决算\n\n第三部分 2024 年度部门决算情况说明\n\n二、收入决算情况说明\n\n"
        "上级补助收入 0 万元，比上年增加（减少）0 万元，增长（下降）0%，主要是未发生；"
        "其他收入 0 万元，比上年增加（减少）0 万元，增长（下降）%，主要是未发生。\n\n"
        "1. XX（类）XX（款）XX（项）。政府性基金财政拨款支出为 0 万元，完成年初预算的 0%。\n\n"
        "组织对 2024 年度 0 个政府性基金预算项目开展绩效自评，共涉及资金 0 万元，占政府性基金预算项目支出总额的 0%。\n"
    )
    ex = extract(doc)
    # Only the two plain amounts restating (empty) table cells remain claims.
    assert [(c.kind, c.value_text, c.measure) for c in ex.claims] == [
        ("amount", "0", "上级补助收入"),
        ("amount", "0", "其他收入"),
    ]
    # 增加（减少） ×2, 增长（下降） ×2 (one without a number), the XX paragraph, the 0-project sentence.
    assert ex.boilerplate == 6
    reasons = [u.reason for u in ex.uncovered]
    assert reasons.count("模板占位") == 3 + 2  # three residue numbers, two in the XX paragraph
    assert "序号" in reasons and "年份/日期" in reasons
    assert reasons.count("不存在的资金（0 个项目、0 万元）") == 3
    assert ex.numbers_total == len(ex.uncovered) + 2


def test_numbers_that_are_no_figures_get_specific_reasons():
    doc = parse_text(
        "2024 年度部门决算\n\n第三部分 2024 年度部门决算情况说明\n\n十、其他重要事项情况说明\n\n"
        "截至 2024 年 12 月 31 日，共有车辆 2 辆，单价 100 万元以上设备 6 台。项目自评得分 98 分。"
        "全年接待国内来访团组 3 个、来宾 12 人次。参照吉财绩〔2022〕711 号文件。\n"
    )
    ex = extract(doc)
    assert ex.claims == []
    got = {u.text: u.reason for u in ex.uncovered}
    assert got == {
        "2024": "年份/日期",
        "12": "人数/人次/辆/台套/平方米等非金额指标",
        "31": "年份/日期",
        "2": "人数/人次/辆/台套/平方米等非金额指标",
        "100": "金额标准（如单价 100 万元以上）",
        "6": "人数/人次/辆/台套/平方米等非金额指标",
        "98": "绩效得分",
        "3": "非项目个数（机构、团组等）",
        "2022": "文件编号",
        "711": "文件编号",
    }
    assert ex.numbers_total == 11  # 12 appears twice (月, 人次)


def test_headings_read_as_plain_lines_still_give_the_part_and_sections():
    # A reader that recognised no headings: every line is a paragraph.
    from checker.document import Block, Document

    lines = [
        "第三部分 2024 年度部门决算情况说明",  # table of contents
        "第四部分 名词解释",
        "第三部分 2024 年度部门决算情况说明",
        "二、收入决算情况说明",
        "本年收入合计 670.84 万元，其中：财政拨款收入 662.34 万元，占 98.73%。",
        "第四部分 名词解释",
        "财政拨款收入：指本级财政当年拨付的资金，如 5 万元。",
    ]
    doc = Document(
        source="x", blocks=[Block(kind="paragraph", text=t, line=i + 1) for i, t in enumerate(lines)]
    )
    sents = narrative_sentences(doc)
    assert [(s.text[:6], s.section, s.line_at(0)) for s in sents] == [
        ("本年收入合计", "二、收入决算情况说明", 5)
    ]
