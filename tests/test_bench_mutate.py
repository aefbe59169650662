"""The mutator: each mutation changes exactly one value, at the recorded place."""

import random

from checker.bench.mutate import Mutation, _locate, mutate_amount, mutate_percent
from checker.numbers import parse_number


def test_amount_kinds_change_exactly_the_value():
    rng = random.Random(1)
    assert mutate_amount("73.11", "shift_x10", rng) == "731.1"
    assert mutate_amount("73.11", "shift_div10", rng) == "7.311"
    assert mutate_amount("357", "shift_x10", rng) == "3570"
    for kind in ("digit_change", "digit_drop", "digit_dup", "transpose"):
        for _ in range(20):
            out = mutate_amount("5,320.16", kind, rng)
            assert out is not None and out != "5,320.16"
            assert parse_number(out) is not None
            assert parse_number(out).value != parse_number("5,320.16").value
    dup = mutate_amount("1783", "digit_dup", rng)
    assert dup is not None and len(dup) == 5 and sorted(dup) != sorted("1783") and set(dup) == set("1783")
    assert len(mutate_amount("1783", "digit_drop", rng)) == 3


def test_transpose_swaps_two_adjacent_digits():
    out = mutate_amount("12", "transpose", random.Random(0))
    assert out == "21"
    assert mutate_amount("11", "transpose", random.Random(0)) is None  # nothing to swap


def test_percent_kinds():
    assert mutate_percent("96.8", "pct_plus_0.1") == "96.9"
    assert mutate_percent("97", "pct_plus_0.1") == "97.1"
    assert mutate_percent("97", "pct_minus_1") == "96"
    assert mutate_percent("1.3", "pct_x10") == "13.0"
    assert mutate_percent("0", "pct_minus_1") is None


def test_apply_changes_only_the_target_span():
    text = "第一行 73.11 万元\n卫生健康支出 73.11 万元，占 1.3%\n末行"
    line = text.split("\n")[1]
    pos = _locate(line, "73.11", "卫生健康支出")
    assert pos == line.index("73.11")
    m = Mutation("d", "shift_x10", 2, pos, pos + 5, "73.11", "731.1", "amount")
    out = m.apply(text)
    assert out.split("\n")[0] == "第一行 73.11 万元"
    assert out.split("\n")[1] == "卫生健康支出 731.1 万元，占 1.3%"
    assert out.split("\n")[2] == "末行"


def test_locate_ignores_matches_inside_longer_numbers_and_uses_context():
    line = "合计 13.57 万元，其中 3.5 万元"
    assert _locate(line, "3.5", "") == line.index(" 3.5 ") + 1
    line2 = "预算 10 万元，决算 10 万元"
    assert _locate(line2, "10", "决算") == line2.rindex("10")
    assert _locate(line2, "10", "") is None  # ambiguous without context


def test_a_change_within_rounding_is_not_a_mutation():
    from checker.bench.mutate import is_real_error

    assert not is_real_error("9619.41", "9619.4")  # the same quantity at one decimal
    assert not is_real_error("17.67", "17.667")  # more precise, not different
    assert is_real_error("73.10", "73.19")
    assert is_real_error("大于", "小于")
    # 5.27 / 4.78 lies in [110.03%, 110.47%]: 110.15 may be right, 111.25 cannot be
    assert not is_real_error("110.25", "110.15", "110.03", "110.47")
    assert is_real_error("110.25", "111.25", "110.03", "110.47")


def test_table_cell_mutations_move_beyond_sum_tolerances():
    import random
    from decimal import Decimal

    from checker.bench.mutate import _cell_mutation
    from checker.numbers import parse_number

    rng = random.Random(7)
    for _ in range(30):
        s = _cell_mutation("237.57", "table_sum", rng)
        assert s is not None and abs(parse_number(s).value - Decimal("237.57")) >= 1
        r = _cell_mutation("51.13", "restated_cell", rng)
        assert r is not None and abs(parse_number(r).value - Decimal("51.13")) >= Decimal("0.10")
