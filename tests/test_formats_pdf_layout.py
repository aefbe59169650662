"""PDF layout from positions, with hand-placed characters and ruling lines, and the
layout fixtures (a table over two pages, numbers drawn apart from their words)."""

from __future__ import annotations

from pathlib import Path

from checker.document import Cell
from checker.ingest import load
from checker.ingest.pdf import _repeated_header, _row_fragment, build_document
from checker.ingest.pdf_extract import Char, PageContent, Seg
from checker.ingest.pdf_layout import cell_text, find_grids, group_lines, join_chars

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
SIZE = 10.0


def chars(text: str, x: float, base: float, size: float = SIZE) -> list[Char]:
    """Characters laid left to right from x on a baseline (CJK full width, ASCII half)."""
    out = []
    for ch in text:
        w = size if ord(ch) > 127 else size / 2
        out.append(Char(ch, x, x + w, base - size * 0.85, base + size * 0.15, base, size))
        x += w
    return out


def grid_segs(xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset()) -> list[Seg]:
    """A ruled grid; skip_v = (column boundary, row) pairs without a vertical rule (merged)."""
    segs = [Seg(xs[0], y, xs[-1], y) for y in ys]
    for i, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (i, r) not in skip_v:
                segs.append(Seg(x, ys[r], x, ys[r + 1]))
    return segs


def test_line_order_comes_from_positions_not_drawing_order():
    words = chars("收入总计", 50, 100) + chars("万元", 50 + 40 + 40, 100)
    number = chars("5,320.16", 90, 100)  # drawn last, placed between the words
    lines = group_lines(list(reversed(words + number)))
    assert len(lines) == 1
    assert lines[0].text == "收入总计5,320.16万元"


def test_lines_split_by_baseline_and_gap_becomes_space():
    cs = chars("第一行", 50, 100) + chars("第二行", 50, 115) + chars("A", 200, 100)
    lines = group_lines(cs)
    assert [ln.text for ln in lines] == ["第一行 A", "第二行"]
    assert join_chars(chars("73.10", 0, 0)) == "73.10"


def test_cell_text_joins_wrapped_lines_without_breaking_numbers():
    assert (
        cell_text(chars("一般公共预算财政", 0, 10) + chars("拨款收入", 0, 22)) == "一般公共预算财政拨款收入"
    )
    assert cell_text(chars("1,234.", 0, 10) + chars("56", 0, 22)) == "1,234.56"
    assert cell_text(chars("Total", 0, 10) + chars("sum", 0, 22)) == "Total sum"
    # a narrow column wraps amounts and codes mid-digits
    assert cell_text(chars("9,61", 0, 10) + chars("9.41", 0, 22)) == "9,619.41"
    assert cell_text(chars("310", 0, 10) + chars("001", 0, 22)) == "310001"
    assert cell_text(chars("≥2900", 0, 10) + chars("人", 0, 22)) == "≥2900人"
    # a header spread over its cell (项    目) reads as the text reader's cells do
    assert cell_text(chars("项", 0, 10) + chars("目", 40, 10)) == "项目"


def test_ruled_grid_with_a_merged_header_keeps_text_in_the_first_cell():
    xs, ys = [40, 140, 240, 340], [100, 120, 140, 160]
    page = PageContent(1, 600, 800)
    # header row: 项目 over columns 0-1 (no rule at x=140 in row 0), 金额 in column 2
    page.segs = grid_segs(xs, ys, skip_v={(1, 0)})
    page.chars = (
        chars("项目", 90, 114)
        + chars("金额", 250, 114)
        + chars("208", 45, 134)
        + chars("社会保障", 145, 134)
        + chars("5,159.02", 245, 134)
        + chars("合计", 145, 154)
        + chars("73.10", 245, 154)
    )
    [g] = find_grids(page)
    assert g.rows == [["项目", "", "金额"], ["208", "社会保障", "5,159.02"], ["", "合计", "73.10"]]


def test_a_lone_box_is_not_a_table():
    page = PageContent(1, 600, 800)
    page.segs = grid_segs([40, 560], [40, 760])  # a page frame
    page.chars = chars("正文", 50, 100)
    assert find_grids(page) == []


def _page(n: int, body: list[Char], segs: list[Seg] | None = None) -> PageContent:
    p = PageContent(n, 600, 800)
    # running header and a — N — footer on every page
    p.chars = chars("某某局2024年度部门决算", 40, 30) + chars(f"— {n} —", 280, 780) + body
    p.segs = segs or []
    return p


def test_running_headers_and_page_numbers_are_dropped_and_paragraphs_rejoined():
    full = "一" * 50  # reaches the right margin (40 + 500)
    pages = [
        _page(1, chars(full, 40, 100) + chars("二二二。", 40, 114) + chars("三" * 10, 40, 140)),
        _page(2, chars(full, 40, 100) + chars("四四。", 40, 114)),
        _page(3, chars(full, 40, 100)),
    ]
    doc = build_document(pages)
    texts = [b.text for b in doc.blocks]
    assert texts == [full + "二二二。", "三" * 10, full + "四四。", full]
    assert [b.page for b in doc.blocks] == [1, 1, 2, 3]
    assert doc.blocks[0].line_map == [(0, 1), (50, 2)]


def test_a_paragraph_running_over_the_page_break_is_one_paragraph():
    full = "一" * 50
    pages = [
        _page(1, chars("甲" * 10, 40, 100) + chars(full, 40, 740)),
        _page(2, chars("完成预算的100%。", 40, 60) + chars("乙" * 5, 40, 90)),
        _page(3, chars("丙", 40, 60)),
    ]
    doc = build_document(pages)
    assert [b.text for b in doc.blocks] == ["甲" * 10, full + "完成预算的100%。", "乙" * 5, "丙"]


def test_a_table_continued_on_the_next_page_is_one_grid():
    xs = [40, 140, 240]
    rows1 = [700, 720, 740, 760]  # fills page 1 to its foot
    rows2 = [60, 80, 100]  # goes on at the top of page 2
    p1 = _page(
        1,
        chars("科目", 45, 714) + chars("金额", 145, 714) + chars("208", 45, 734) + chars("1.00", 145, 734)
        + chars("210", 45, 754) + chars("2.00", 145, 754) + chars("正文", 40, 100),
        grid_segs(xs, rows1),
    )  # fmt: skip
    p2 = _page(
        2,
        chars("221", 45, 74) + chars("3.00", 145, 74) + chars("合计", 45, 94) + chars("6.00", 145, 94),
        grid_segs(xs, rows2),
    )
    doc = build_document([p1, p2])
    [t] = doc.tables()
    assert [[c.text for c in r] for r in t.rows] == [
        ["科目", "金额"],
        ["208", "1.00"],
        ["210", "2.00"],
        ["221", "3.00"],
        ["合计", "6.00"],
    ]
    assert [r[0].page for r in t.rows] == [1, 1, 1, 2, 2]


def test_two_page_table_fixture_reads_as_one_table():
    doc = load(FORMATS / "table_two_pages.pdf")
    [t] = doc.tables()
    assert len(t.rows) == 62  # header, 合计, 60 items (written by the generator)
    assert [c.text for c in t.rows[0]] == ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
    assert {c.page for r in t.rows for c in r} == {1, 2}
    assert [c.text for c in t.rows[-1]][:2] == ["2080060", "测试支出项目60"]
    texts = [b.text for b in doc.blocks if b.kind != "table"]
    assert texts == ["三、支出决算表", "单位：万元", "本年支出合计9,708.30万元。"]


def test_numbers_drawn_apart_from_their_words_read_in_place():
    doc = load(FORMATS / "scattered_numbers.pdf")
    texts = [b.text for b in doc.blocks]
    assert texts[1:] == [
        "2024年度收入总计5,320.16万元，支出总计5,320.16万元。",
        "本年收入合计5,260.51万元，年初结转和结余59.66万元。",
        "其中：一般公共预算财政拨款收入5,260.51万元，占98.9%。",
    ]


def test_unruled_table_columns_come_from_word_positions():
    body = (
        chars("一般公共预算财政拨款支出情况如下：", 40, 100)
        + chars("项目", 40, 130) + chars("本年支出", 260, 130) + chars("基本支出", 400, 130)
        + chars("合计", 40, 150) + chars("5,320.16", 280, 150) + chars("1,383.39", 420, 150)
        + chars("208 社会保障和就业支出", 40, 170) + chars("5,159.02", 280, 170) + chars("1,222.25", 420, 170)
        + chars("以上数据来自决算报表。", 40, 200)
    )  # fmt: skip
    doc = build_document([PageContent(1, 600, 800, chars=body)])
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    [t] = doc.tables()
    assert [[c.text for c in r] for r in t.rows] == [
        ["项目", "本年支出", "基本支出"],
        ["合计", "5,320.16", "1,383.39"],
        ["208 社会保障和就业支出", "5,159.02", "1,222.25"],
    ]


def test_spaced_words_in_running_text_are_not_a_table():
    # two short label/value lines (a cover page, 单位 lines) are not enough for a table
    body = chars("部门：某某局", 40, 100) + chars("单位：万元", 400, 100) + chars("2024 年度", 40, 120)
    doc = build_document([PageContent(1, 600, 800, chars=body)])
    assert doc.tables() == []


# -- the text reader's vocabulary in PDF paragraphs (checker.ingest.text_lines) -------------


def _pdf(*lines: tuple[str, float]) -> list[tuple[str, str]]:
    """Lines at the left margin (x=40) on one page, each at its baseline."""
    body = [c for text, base in lines for c in chars(text, 40, base)]
    doc = build_document([PageContent(1, 600, 800, chars=body)])
    return [(b.kind, b.text) for b in doc.blocks]


FULL = "本年支出合计五千三百二十万元，其中基本支出一千三百八十三万元，项目支出三千九百三十七万元，均已完成。"


def test_pdf_full_line_then_an_unindented_heading_or_table_line_are_not_joined():
    # 50 characters of 10 pt from x=40 reach the right margin: geometry alone would join
    assert len(FULL) == 50
    assert _pdf((FULL, 100), ("二、支出决算情况说明", 114), (FULL, 128), ("公开05表", 142)) == [
        ("paragraph", FULL),
        ("heading", "二、支出决算情况说明"),
        ("paragraph", FULL),
        ("paragraph", "公开05表"),
    ]


def test_pdf_glossary_entry_wrapped_over_lines_is_one_paragraph():
    first = (
        "一、财政拨款收入：指单位从同级财政部门取得的财政预算资金，包括一般公共预算财政拨款和政府性基金预算财"
    )
    assert len(first) == 50  # a full line, so it may go on
    short = "二、上级补助收入：指从主管部门和上级单位取得的非财政补助收入。"
    out = _pdf((first, 100), ("政拨款。", 114), (short, 140))
    assert out == [("paragraph", first + "政拨款。"), ("paragraph", short)]


def test_pdf_table_of_contents_entries_are_paragraphs():
    out = _pdf(
        ("目录", 100),
        ("第一部分 部门概况", 120),
        ("一、部门职责", 140),
        ("第二部分 部门决算表", 160),
        ("第一部分 部门概况", 200),
    )
    assert out == [
        ("heading", "目录"),
        ("paragraph", "第一部分 部门概况"),
        ("paragraph", "一、部门职责"),
        ("paragraph", "第二部分 部门决算表"),
        ("heading", "第一部分 部门概况"),
    ]


def _rows(*rows: list[str]) -> list[list[Cell]]:
    return [[Cell(text=t) for t in r] for r in rows]


def test_repeated_header_rows_on_a_new_page_are_counted():
    prev = _rows(["项目", "本年收入", ""], ["", "小计", "财政拨款"], ["合计", "6.00", "6.00"])
    assert (
        _repeated_header(
            prev, _rows(["项目", "本年收入", ""], ["", "小计", "财政拨款"], ["221", "3.00", "3.00"])
        )
        == 2
    )
    assert _repeated_header(prev, _rows(["221", "3.00", "3.00"])) == 0


def test_next_form_of_a_table_of_forms_is_not_a_repeated_header():
    prev = _rows(["项目支出绩效自评表", ""], ["项目名称", "城乡居民代缴"], ["实施单位", "某某局"])
    # the next form starts on the new page: same title row, then the same label with
    # another project — its title row is data, not a header printed again
    assert _repeated_header(prev, _rows(["项目支出绩效自评表", ""], ["项目名称", "退休人员待遇"])) == 0


def test_pdf_toc_lines_with_leaders_reach_the_margin_but_stay_apart():
    def entry(name: str, page: int) -> str:
        return name + "…" * (48 - len(name)) + f"{page:02d}"  # 50 wide: a full line

    lines = [entry("第一部分 部门概况", 3), entry("一、部门职责", 3), entry("二、机构设置", 4)]
    out = _pdf(*[(t, 100 + 14 * k) for k, t in enumerate(lines)], (FULL, 160))
    # no 目录 line above them: still entries, not headings of the body
    assert out == [("paragraph", t) for t in lines] + [("paragraph", FULL)]


def test_a_row_cut_by_the_page_end_may_go_on_with_the_digits_of_a_full_cell():
    # 311 | 专项业 | 2,403.1 | 256.51 at the foot of a page; 务支出 | 0 on the next one
    last = [Cell(text=t) for t in ["311", "专项业", "2,403.1", "256.51"]]
    first = [Cell(text=t) for t in ["", "务支出", "0", ""]]
    full = {id(last[1]): True, id(last[2]): True}
    assert _row_fragment(last, first, full, {})
    # digits under a cell that did not fill its width are a row of their own
    assert not _row_fragment(last, first, {id(last[1]): True}, {})
    # a number of its own below a full cell: joined they would be no number
    last2 = [Cell(text=t) for t in ["311", "专项业", "2,403.1", "256.51"]]
    first2 = [Cell(text=t) for t in ["", "务支出", "5.00", ""]]
    assert not _row_fragment(last2, first2, {id(last2[1]): True, id(last2[2]): True}, {})


def test_a_sentence_ending_at_the_foot_of_a_page_ends_its_paragraph():
    full = "一" * 49 + "。"  # a full last line that closes its sentence
    pages = [
        _page(1, chars("甲" * 10, 40, 100) + chars(full, 40, 740)),
        _page(2, chars("机关运行经费：指行政单位的公用经费。", 40, 60)),
        _page(3, chars("丙", 40, 60)),
    ]
    doc = build_document(pages)
    assert [b.text for b in doc.blocks] == ["甲" * 10, full, "机关运行经费：指行政单位的公用经费。", "丙"]


def test_toc_with_page_numbers_set_apart_is_entries_not_a_table():
    body = chars("目录", 40, 80)
    entries = [("第一部分 部门概况", "1"), ("一、部门职责", "2"), ("二、机构设置", "3"), ("附件", "5")]
    for k, (name, page) in enumerate(entries):
        body += chars(name, 40, 100 + 20 * k) + chars(page, 530, 100 + 20 * k)
    body += chars("第一部分 部门概况", 40, 200) + chars(FULL, 40, 220)
    doc = build_document([PageContent(1, 600, 800, chars=body)])
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "目录"),
        ("paragraph", "第一部分 部门概况 1"),
        ("paragraph", "一、部门职责 2"),
        ("paragraph", "二、机构设置 3"),
        ("paragraph", "附件 5"),
        ("heading", "第一部分 部门概况"),
        ("paragraph", FULL),
    ]
