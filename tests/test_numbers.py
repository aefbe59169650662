from decimal import Decimal as D

from checker.numbers import Interval, Outcome, compare_derived, compare_restated, parse_number, pct


def n(s: str):
    v = parse_number(s)
    assert v is not None, s
    return v


def test_parse_forms():
    assert n("5,320.16").value == D("5320.16")
    assert n("5,320.16").decimals == 2
    assert n("96.2%").percent and n("96.2%").value == D("96.2")
    assert n("１２．３").value == D("12.3")
    assert n("-3.5").value == D("-3.5")
    assert parse_number("") is None
    assert parse_number("—") is None
    assert parse_number("abc") is None
    assert parse_number("1,23") is None


def test_restated_tail_and_slips():
    assert compare_restated(n("73.11"), n("73.10")).outcome is Outcome.TAIL
    assert compare_restated(n("1383.4"), n("1,383.40")).outcome is Outcome.CONSISTENT
    r = compare_restated(n("52.1"), n("520.98"))
    assert r.outcome is Outcome.MISMATCH and "10" in (r.pattern or "")
    r = compare_restated(n("17783"), n("1783"))
    assert r.outcome is Outcome.MISMATCH and r.pattern == "重复一位数字"


def test_derived_share_rounding():
    # 2.92 / 5 = 58.4%: with 2.92 meaning [2.915, 2.925] and 5 a 2-decimal amount, 58.49 is reachable
    comp = pct(n("2.92").interval(), n("5").interval())
    assert compare_derived(n("58.49"), comp).ok


def test_derived_truncation_is_named():
    comp = pct(n("5320.16").interval(), n("5491.58").interval())
    r = compare_derived(n("96.8"), comp)
    assert r.outcome is Outcome.TRUNCATED and r.expected_text == "96.9"


def test_derived_growth_error():
    change, current = n("0.09").interval(), n("0.2").interval()
    growth = pct(change, current - change)
    r = compare_derived(n("8.2"), growth)
    assert r.outcome is Outcome.MISMATCH and r.expected_text == "81.8"


def test_interval_sum_within_rounding():
    total = n("5260.51").interval() + n("59.66").interval()
    assert compare_derived(n("5320.16"), total).ok
    assert Interval.around(D("73.10"), 2).contains(D("73.095"))


def test_a_printed_zero_is_never_a_tail_difference():
    from checker.numbers import Outcome, compare_restated, parse_number

    # at the coarser precision (0 decimals) 0 and 1.2 are one unit apart, but 0 万元 means
    # nothing was spent: no rounding explains it
    assert compare_restated(parse_number("0"), parse_number("1.2")).outcome is Outcome.MISMATCH
    assert compare_restated(parse_number("1.2"), parse_number("0")).outcome is Outcome.MISMATCH
    assert compare_restated(parse_number("73.11"), parse_number("73.10")).outcome is Outcome.TAIL
