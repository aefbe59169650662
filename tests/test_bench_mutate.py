"""The mutator: each mutation changes exactly one value, at the recorded place."""

import random

from checker.bench.mutate import Mutation, mutate_amount, mutate_percent
from checker.document import Block, Cell, Document
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


def _doc() -> Document:
    para = "卫生健康支出 73.11 万元，占 1.3%。\n第二行 73.11"
    return Document(
        source="d",
        blocks=[
            Block(kind="paragraph", text="第一段 73.11 万元", line=1),
            Block(kind="paragraph", text=para, line=2, line_map=[(0, 2), (para.index("第二行"), 3)]),
            Block(kind="table", rows=[[Cell(text="合计", line=4), Cell(text="5,320.16", line=4)]], line=4),
        ],
    )


def test_apply_changes_only_the_target_span_on_a_copy():
    doc = _doc()
    before = doc.model_dump()
    para = doc.blocks[1].text
    pos = para.index("73.11")
    m = Mutation(
        "d", "digit_drop", block=1, start=pos, end=pos + 5, original="73.11", replacement="7.11", target=""
    )
    out = m.apply(doc)
    assert out.blocks[1].text == "卫生健康支出 7.11 万元，占 1.3%。\n第二行 73.11"
    # the second source line now starts one character earlier
    assert out.blocks[1].line_map == [(0, 2), (para.index("第二行") - 1, 3)]
    assert out.blocks[1].line_at(out.blocks[1].text.index("第二行")) == 3
    assert out.blocks[0].text == "第一段 73.11 万元"
    assert doc.model_dump() == before  # the original Document is untouched


def test_apply_changes_one_table_cell_on_a_copy():
    doc = _doc()
    m = Mutation(
        "d",
        "table_sum",
        block=2,
        cell=(0, 1),
        start=0,
        end=8,
        original="5,320.16",
        replacement="5,920.16",
        target="",
    )
    out = m.apply(doc)
    assert [c.text for c in out.blocks[2].rows[0]] == ["合计", "5,920.16"]
    assert [c.text for c in doc.blocks[2].rows[0]] == ["合计", "5,320.16"]
    assert out.blocks[2].rows[0][1].line == 4


def test_apply_refuses_a_span_that_does_not_hold_the_original():
    import pytest

    m = Mutation("d", "digit_drop", block=0, start=0, end=5, original="73.11", replacement="7.11", target="")
    with pytest.raises(ValueError):
        m.apply(_doc())


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

    from checker.bench.mutate import mutate_cell
    from checker.numbers import parse_number

    rng = random.Random(7)
    for _ in range(30):
        s = mutate_cell("237.57", "table_sum", rng)
        assert s is not None and abs(parse_number(s).value - Decimal("237.57")) >= 1
        r = mutate_cell("51.13", "restated_cell", rng)
        assert r is not None and abs(parse_number(r).value - Decimal("51.13")) >= Decimal("0.10")
