"""Grounding: an LLM claim survives only if its number is written where it says."""

from __future__ import annotations

from checker.claims.model import Sentence
from checker.llm.ground import grounded, is_whole_number, to_claim
from checker.llm.schema import LLMClaim

S = "卫生健康支出（类）支出73.11万元，占1.3%；年初预算为974.49万元，完成年初预算的111.8，决算数大于预算数。"
SENTS = {4: Sentence(text=S, section="五、一般公共预算财政拨款支出决算情况说明", line=120, page=9)}


def claim(**kw) -> LLMClaim:
    base = dict(sentence=4, kind="amount", value_text="73.11", start=11, end=16)
    base.update(kw)
    return LLMClaim(**base)


def test_offsets_used_below_are_right():
    assert S[11:16] == "73.11" and S[20:23] == "1.3" and S[30:36] == "974.49"
    assert S[46:51] == "111.8" and S[55:57] == "大于"


def test_value_at_its_span_is_kept():
    assert grounded(claim(), SENTS)


def test_value_not_in_text_is_dropped():
    assert not grounded(claim(value_text="73.10"), SENTS)


def test_value_elsewhere_than_cited_span_is_dropped():
    assert not grounded(claim(value_text="974.49", start=11, end=17), SENTS)


def test_piece_of_a_longer_number_is_dropped():
    # "73.1" does sit at 11..15, but the text says 73.11.
    assert not grounded(claim(value_text="73.1", start=11, end=15), SENTS)
    assert not is_whole_number(S, 11, 15) and is_whole_number(S, 11, 16)


def test_sentence_not_sent_is_dropped():
    assert not grounded(claim(sentence=5), SENTS)


def test_span_past_the_end_is_dropped():
    assert not grounded(claim(start=len(S), end=len(S) + 5), SENTS)


def test_related_numbers_must_be_written_in_the_sentence():
    ok = claim(kind="completion_rate", value_text="111.8", start=46, end=51, related={"budget": "974.49"})
    assert grounded(ok, SENTS)
    made_up = ok.model_copy(update={"related": {"budget": "974.49", "final": "1090.01"}})
    assert not grounded(made_up, SENTS)
    words = ok.model_copy(update={"related": {"budget": "年初预算"}})
    assert not grounded(words, SENTS)


def test_direction_word():
    assert grounded(claim(kind="direction", value_text="大于", start=55, end=57), SENTS)
    assert not grounded(claim(kind="direction", value_text="小于", start=55, end=57), SENTS)


def test_numeric_kind_needs_a_number():
    assert not grounded(claim(kind="amount", value_text="大于", start=55, end=57), SENTS)


def test_unit_and_percent_sign_read_from_the_text():
    share = to_claim(claim(kind="share", value_text="1.3", start=20, end=23, unit=""), SENTS[4])
    assert share.unit == "%" and share.percent_sign
    # 完成年初预算的111.8 without %: the checker must see the missing sign (a format finding).
    rate = to_claim(claim(kind="completion_rate", value_text="111.8", start=46, end=51, unit="%"), SENTS[4])
    assert rate.unit == "%" and not rate.percent_sign
    # The model says 元, the text says 万元: the text wins.
    amount = to_claim(claim(unit="元"), SENTS[4])
    assert amount.unit == "万元"


def test_claim_carries_place_and_extractor():
    c = to_claim(claim(kind="direction", value_text="大于", start=55, end=57), SENTS[4])
    assert c.extractor == "llm" and c.direction == "大于"
    assert c.line == 120 and c.page == 9 and c.section.startswith("五、")
    assert c.sentence[c.span.start : c.span.end] == "大于"


def test_related_numbers_may_sit_in_another_sentence_of_the_request():
    before = Sentence(text="年初预算为974.49万元，支出决算为1090.01万元。")
    after = Sentence(text="完成年初预算的111.9%。")
    sent = {0: before, 1: after}
    rate = LLMClaim(
        sentence=1,
        kind="completion_rate",
        value_text="111.9",
        start=7,
        end=12,
        related={"budget": "974.49", "final": "1090.01"},
    )
    assert after.text[7:12] == "111.9"
    assert grounded(rate, sent)
    assert not grounded(rate, {1: after})  # the budget sentence was not sent with it


def test_listed_items_each_written():
    s = Sentence(text="本年支出合计5320.16万元，其中：基本支出1383.4万元，项目支出3936.77万元。")
    total = LLMClaim(
        sentence=0, kind="sum", value_text="5320.16", start=6, end=13, related={"items": "1383.4+3936.77"}
    )
    assert s.text[6:13] == "5320.16"
    assert grounded(total, {0: s})
    assert not grounded(total.model_copy(update={"related": {"items": "1383.4+3936.70"}}), {0: s})


def held(text: str, value: str, kind: str = "amount", unit: str = "", nth: int = 0) -> str:
    """hold_reason of an LLM claim on the ``nth`` occurrence of ``value`` in ``text``."""
    from checker.claims.model import Claim, Span
    from checker.llm.ground import hold_reason

    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    c = Claim(
        kind=kind,
        value_text=value,
        unit=unit,
        sentence=text,
        span=Span(start=start, end=start + len(value)),
        extractor="llm",
    )
    return hold_reason(c)


def test_money_claim_on_money_is_not_held():
    assert held("本年支出合计5320.16万元。", "5320.16") == ""
    # a listed item without its own unit, in a sentence that writes 万元
    assert held("其中：基本支出1383.4、项目支出3936.77万元。", "1383.4") == ""
    assert held("占本年支出合计的96.2%。", "96.2", kind="share") == ""
    assert held("一级项目6个，二级项目10项。", "10", kind="count") == ""


def test_count_read_as_money_is_held():
    assert "“个”" in held("一级项目6个，涉及资金120.5万元。", "6")
    assert "“项”" in held("共开展评价12项，资金120.5万元。", "12", kind="change_amount")


def test_percent_read_as_money_and_money_read_as_percent_are_held():
    assert "%" in held("增长5.1%，支出73.11万元。", "5.1")
    assert "万元" in held("增长5.1%，支出73.11万元。", "73.11", kind="change_pct")


def test_money_without_any_money_unit_is_held():
    assert "没有写金额单位" in held("来访外宾12（不含陪同人员）。", "12", unit="万元")
    assert "没有写金额单位" in held("绩效得分为92.5。", "92.5")


def test_count_without_count_unit_is_held():
    assert "个/项" in held("支出73.11万元。", "73.11", kind="count")
    assert "个/项" in held("接待36人次。", "36", kind="count")


def test_zero_and_absence_are_held():
    assert "数值为 0" in held("涉及 0 个项目、0 万元。", "0", nth=1)
    assert "数值为 0" in held("支出决算为0.00万元。", "0.00")
    assert "不存在或未发生" in held("本年度未发生公务接待，预算安排2.5万元。", "2.5")
    assert "不存在或未发生" in held("本部门无政府性基金收支，上年为12万元。", "12")
    assert "不存在或未发生" in held("涉及 0 个项目，金额 36.1 万元。", "36.1")
    # 无 inside a word (无形资产, 无偿) states no absence; 10 万元 is not 0 万元
    assert held("购置无形资产10万元，无偿划转5万元。", "10") == ""


def test_direction_claims_are_never_held():
    assert held("本年度未发生，决算数大于预算数。", "大于", kind="direction") == ""
