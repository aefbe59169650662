"""The first-cut rule extractor: completion rates, direction words, growth rates."""

from checker.claims.rules import extract
from checker.ingest.text import parse_text
from checker.pipeline import check_document

HEAD = "第一部分 概况\n\n第三部分 2024 年度部门决算情况说明\n\n一、支出决算情况说明\n\n"


def claims_of(body: str, kinds=("completion_rate", "direction", "change_pct")):
    # The first cut's families only; amounts, shares and changes have tests of their own.
    return [c for c in extract(parse_text(HEAD + body)).claims if c.kind in kinds]


def test_completion_rate_and_its_direction_word():
    cs = claims_of(
        "年初预算为 974.49 万元，支出决算 1090.01 万元，完成年初预算的 111.8%。决算数大于预算数的主要原因是维修费增加。\n"
    )
    kinds = [(c.kind, c.value_text) for c in cs]
    assert kinds == [("completion_rate", "111.8"), ("direction", "大于")]
    assert cs[0].related == {"budget": "974.49", "final": "1090.01"}
    for c in cs:
        assert c.sentence[c.span.start : c.span.end] == c.value_text
        assert c.section == "一、支出决算情况说明"


def test_direction_word_binds_to_its_own_statement_only():
    cs = claims_of(
        "1.年初预算为 22 万元，支出决算为 9.2 万元，完成年初预算的 41.8%。"
        "2.年初预算为 4.53 万元，支出决算为 4.53 万元，完成年初预算的 100%。决算数等于预算数。\n"
    )
    dirs = [c for c in cs if c.kind == "direction"]
    assert len(dirs) == 1 and dirs[0].related == {"budget": "4.53", "final": "4.53"}


def test_growth_with_change_after_current_amount_and_share_clause():
    cs = claims_of(
        "其中：基本支出 7216.31 万元，占总支出的 75%，比上年增加 354.11 万元，增长 5.1%，主要原因为缴费基数调整。\n"
    )
    assert [(c.kind, c.value_text, c.related, c.direction) for c in cs] == [
        ("change_pct", "5.1", {"current": "7216.31", "change": "354.11"}, "增加")
    ]


def test_text_outside_the_narrative_part_and_placeholders_give_no_claims():
    doc = parse_text(
        "第一部分 概况\n\n预算为 1 万元，支出决算为 1 万元，完成预算的 100%。\n\n"
        "第三部分 情况说明\n\n收入 0 万元，比上年增加（减少）0 万元，增长（下降）0%。\n\n"
        "第四部分 名词解释\n\n年初预算为 5 万元，支出决算为 4 万元，完成年初预算的 80%。\n"
    )
    # Only the plain amount 收入 0 万元 is a claim; the residue after it is not.
    assert [(c.kind, c.value_text, c.span.start) for c in extract(doc).claims] == [("amount", "0", 3)]


def test_end_to_end_findings_from_the_sentence_figures():
    doc = parse_text(
        HEAD
        + "“三公”经费支出预算为 0.36 万元，支出决算为 0.2 万元，完成预算的 55.6%；较 2023 年度增加 0.09 万元，增长 8.2%。\n\n"
        + "年初预算为0万元，支出决算为109.48万元，完成年初预算的100%。决算数小于预算数的主要原因在于调整了类款项。\n\n"
        + "年初预算为 1.91 万元，支出决算为 1.07 万元，完成年初预算的 56%。\n"
    )
    report = check_document(doc)
    got = {(f.kind, f.stated, f.expected, f.severity) for f in report.findings}
    # 0.09 / (0.20 − 0.09) = 81.8%; 109.48 > 0 so 小于 is wrong; 1.07 / 1.91 = 56.02% is fine;
    # 0.2 / 0.36 = 55.56% is fine; a 100% rate on a zero budget cannot be recomputed.
    assert ("change_pct", "8.2", "81.8", "error") in got
    assert ("direction", "小于", "大于", "error") in got
    assert not any(f.stated in ("56", "55.6", "100") and f.severity != "info" for f in report.findings)
