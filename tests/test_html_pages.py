"""Findings on the printed page: crops of the source PDF with the stated number (red) and
the compared cells (blue) boxed, and each narrative sentence shown once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.claims.model import Claim, Span
from checker.findings import CellRef, Finding, Location
from checker.pipeline import ClaimRecord, Report, check_file
from checker.report import html as html_mod
from checker.report.html import NOT_FOUND, render
from checker.report.pdf_pages import PdfPages, _bounded

PDF_000 = next((Path(__file__).parent.parent / "fixtures" / "formats").glob("000_*.pdf"))


@pytest.fixture(scope="module")
def report_000() -> Report:
    r = check_file(PDF_000)
    assert r.status == "ok" and r.format == "pdf"
    return r


@pytest.fixture(scope="module")
def page_000(report_000) -> str:
    return render(report_000)


def _finding(stated: str, excerpt: str, page: int, cells: list[CellRef] | None = None) -> Finding:
    return Finding(
        code="N301",
        rule="amount",
        severity="error",
        kind="amount",
        stated=stated,
        expected="0",
        excerpt=excerpt,
        message="测试",
        location=Location(line=1, page=page),
        cells=cells or [],
    )


def _text_in(pdf: PdfPages, page: int, box) -> str:
    """What pdfium prints inside a box, whitespace dropped."""
    tp = pdf._page_text(page).textpage
    return "".join(tp.get_text_bounded(box.left, box.bottom, box.right, box.top).split())


def _y_of(pdf: PdfPages, page: int, words: str) -> float:
    pt = pdf._page_text(page)
    k = pt.text.index(words)
    b = pt.box(k, len(words))
    return (b[1] + b[3]) / 2


def test_stated_and_cell_boxes_land_on_their_text(report_000):
    # seed 000 states 卫生健康支出 73.11 万元 on page 18; the 支出决算表 prints 73.10 for
    # row 210 on page 10 (both read off the rendered pages by hand)
    f = next(f for f in report_000.findings if f.stated == "73.11" and f.kind == "amount")
    with PdfPages(PDF_000) as pdf:
        s = pdf.locate_stated(f)
        assert s is not None and s.page == 18 and _text_in(pdf, 18, s) == "73.11"
        c = pdf.locate_cell(f.cells[0])
        assert c is not None and c.page == 10 and _text_in(pdf, 10, c) == "73.10"
        # level with its row label, not another 73.10 of the page
        assert abs((c.bottom + c.top) / 2 - _y_of(pdf, 10, "卫生健康支出")) < 3


def test_stated_number_found_inside_its_excerpt_not_first_on_page():
    # page 18 prints 5320.16 four times; the excerpt picks the third (主要用于以下方面)
    f = _finding("5320.16", "2024年度一般公共预算财政拨款支出5320.16万元，主要用于以下方面：", 18)
    with PdfPages(PDF_000) as pdf:
        pt = pdf._page_text(18)
        assert len(pt.occurrences("5320.16", numeric=True)) == 4
        s = pdf.locate_stated(f)
        assert s is not None and _text_in(pdf, 18, s) == "5320.16"
        assert abs((s.bottom + s.top) / 2 - _y_of(pdf, 18, "主要用于以下方面")) < 3
        assert abs((s.bottom + s.top) / 2 - _y_of(pdf, 18, "支出总计为")) > 10


def test_table_cells_run_together_in_the_text_layer_are_told_apart():
    # page 7's text layer reads the 合计 row as "5,320\r\n.16\r\n1,3\r\n83.40": without the
    # page geometry 1,383.40 would seem glued to the 6 before it
    cell = CellRef(table="支出决算表", row="合计", column="基本支出", text="1,383.40", page=7)
    with PdfPages(PDF_000) as pdf:
        assert "5,320.161,383.40" in pdf._page_text(7).text
        b = pdf.locate_cell(cell)
        assert b is not None and _text_in(pdf, 7, b) == "1,383.40"


def test_whole_numbers_only():
    assert not _bounded("共1357万元", 2, 5)  # 357 inside 1357
    assert not _bounded("为357.5万元", 1, 4)  # 357 of 357.5
    assert _bounded("为357万元", 1, 4)
    assert _bounded("为357，其中", 1, 4)
    assert not _bounded("1,357", 2, 5)  # the 357 of 1,357
    # glued=False at index 2: the digit before sits in another cell
    assert _bounded("61,383", 1, 6, [False, False, False, True, True, True])


def test_every_finding_has_a_crop_of_its_page(report_000, page_000):
    blocks = re.findall(r"<div class='finding .*?</div>", page_000, flags=re.S)
    assert len(blocks) == len(report_000.findings) > 0
    first_pages = []
    for block in blocks:
        figs = re.findall(r"<figure class='crop' data-page='(\d+)' data-located='(\w+)'>", block)
        assert figs and figs[0][1] == "true", block[:300]
        assert f"第 {figs[0][0]} 页" in block
        assert "data:image/png;base64," in block and "红框" in block
        first_pages.append(int(figs[0][0]))
    # the stated value's page comes first, and it is the page the finding names
    assert sorted(first_pages) == sorted(f.location.page for f in report_000.findings)
    assert NOT_FOUND not in page_000
    # each finding can be linked to (page.html#finding-3)
    ids = re.findall(r"<div class='finding \w+' id='finding-(\d+)'", page_000)
    assert sorted(map(int, ids)) == list(range(1, len(report_000.findings) + 1))


def test_unlocated_number_gives_the_whole_page_and_a_note():
    f = _finding("98765.43", "支出98765.43万元", 18)
    page = render(Report(source=str(PDF_000), format="pdf", findings=[f]))
    assert NOT_FOUND in page
    m = re.search(r"<figure class='crop' data-page='18' data-located='false'>", page)
    assert m is not None and "整页缩略图" in page


def test_crops_only_for_pdf_input(monkeypatch):
    def fail(*a, **k):
        raise AssertionError("PDF opened for a non-PDF report")

    monkeypatch.setattr(html_mod.PdfPages, "open", fail)
    f = _finding("73.11", "支出73.11万元", 18)
    page = render(Report(source=str(PDF_000.with_suffix(".docx")), format="docx", findings=[f]))
    assert "<figure" not in page and "data:image" not in page


def test_missing_source_pdf_gives_a_note_not_a_crash(tmp_path):
    f = _finding("73.11", "支出73.11万元", 18)
    page = render(Report(source=str(tmp_path / "gone.pdf"), format="pdf", findings=[f]))
    assert "未能打开源文件" in page and "<figure" not in page
    assert "N301" in page  # the finding itself is still there


def test_crops_are_capped_with_a_note(report_000):
    page = render(report_000, max_crops=3)
    assert page.count("<figure class='crop'") == 3
    m = re.search(r"页面截图已达上限 3 张，其余 (\d+) 条发现不附截图", page)
    assert m is not None and int(m.group(1)) > 0


def test_pages_off_renders_no_images(report_000):
    assert "<figure" not in render(report_000, pages=False)


def _claim(value: str, sentence: str, line: int) -> ClaimRecord:
    start = sentence.index(value)
    c = Claim(
        kind="amount",
        value_text=value,
        unit="万元",
        sentence=sentence,
        span=Span(start=start, end=start + len(value)),
        line=line,
    )
    return ClaimRecord(claim=c, status="consistent")


def test_sentence_wrapped_over_two_lines_is_shown_once_with_all_numbers():
    s = "收入减少208.13万元，支出减少176.76万元。"
    page = render(Report(source="x.txt", claims=[_claim("176.76", s, 41), _claim("208.13", s, 40)]))
    sents = re.findall(r"<div class='sent'>.*?</div>", page)
    assert len(sents) == 1
    assert ">208.13</mark>" in sents[0] and ">176.76</mark>" in sents[0]


def test_same_sentence_printed_again_is_shown_again():
    s = "收入减少208.13万元，支出减少176.76万元。"
    claims = [_claim("208.13", s, 40), _claim("176.76", s, 41), _claim("208.13", s, 42)]
    claims.append(_claim("176.76", s, 60))
    page = render(Report(source="x.txt", claims=claims))
    assert len(re.findall(r"<div class='sent'>", page)) == 3  # at 40–41, at 42, at 60


def test_seed_pdf_wrapped_sentence_once(page_000):
    # seed 000 wraps "社会保障和就业支出（类）支出 5159.02 万 / 元，占 97%；" over two lines
    sents = [s for s in re.findall(r"<div class='sent'>.*?</div>", page_000) if "5159.02" in s]
    assert len(sents) == 1
    assert ">5159.02</mark>" in sents[0] and ">97</mark>" in sents[0]


def test_cell_found_by_row_and_column_among_equal_values():
    # seed 000, page 9, 一般公共预算财政拨款支出决算表 row 合计 prints
    # 5,320.16 (本年支出 小计) 5,320.16 (基本支出 小计) 1,103.90 279.49 3,936.77; the page
    # also prints 5,320.16 twice on the 本年支出合计 line of the table above it
    cell = CellRef(table="支出决算表", row="合计", column="本年支出基本支出小计", text="5,320.16", page=9)
    with PdfPages(PDF_000) as pdf:
        b = pdf.locate_cell(cell)
        assert b is not None and _text_in(pdf, 9, b) == "5,320.16"
        pt = pdf._page_text(9)
        same_row = [
            x for k in pt.occurrences("5,320.16", numeric=True) if abs((x := pt.box(k, 8))[1] - b.bottom) < 2
        ]
        assert len(same_row) == 2 and b.left == max(x[0] for x in same_row)  # the second, not the first
        # the row label 合计 on its own, not the tail of 本年支出合计
        assert abs((b.bottom + b.top) / 2 - _y_of(pdf, 9, "1,103.90")) < 3
        first = pdf.locate_cell(cell.model_copy(update={"column": "本年支出小计"}))
        assert first is not None and first.left == min(x[0] for x in same_row)


def test_outsized_page_is_rendered_small(tmp_path):
    # 14400 pt (200 inches) a side, PDF's largest page: at the crop scale 21600 px square
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(14400, 14400)
    path = tmp_path / "huge.pdf"
    doc.save(str(path))
    doc.close()
    f = _finding("12.5", "支出12.5万元", 1)
    with PdfPages(path) as pdf:
        assert pdf.locate_stated(f) is None  # no text layer at all
        crops = pdf.crops_for(f)
        assert len(crops) == 1 and not crops[0].located
        assert max(crops[0].width, crops[0].height) <= 3000
        assert max(pdf._render(1).size) <= 3000


def test_finding_shown_under_its_own_sentence_when_two_share_a_line():
    # a PDF line often ends one sentence and starts the next: line 41 holds both
    a = "社会保障和就业支出支出5159.02万元，占97%；"
    b = "卫生健康支出支出73.11万元，占1.3%；"
    claims = [_claim("5159.02", a, 40), _claim("97", a, 41), _claim("73.11", b, 41)]
    f = _finding("73.11", b, 18)
    f.location = Location(line=41)
    page = render(Report(source="x.txt", claims=claims, findings=[f]))
    sent_a = page.index(">5159.02</mark>")
    sent_b = page.index(">73.11</mark>")
    finding = page.index("data-code='N301'")
    assert sent_a < sent_b < finding  # under b, not under a (the first sentence on line 41)


def test_seed_pdf_finding_under_its_sentence(page_000):
    mark = page_000.index(">73.11</mark>")
    nxt = page_000.find("<div class='sent'>", mark)
    block = page_000[mark:nxt]
    assert "文中 <span class='warn'>73.11</span>" in block  # the N301 finding sits right here


def test_cell_crop_shows_its_column_header_from_the_page_before():
    # the 支出决算表 runs from page 9 onto page 10 without repeating its header; row 210's
    # 73.10 sits under 本年支出 / 小计, printed on page 9
    cell = CellRef(table="支出决算表", row="210 卫生健康支出", column="本年支出小计", text="73.10", page=10)
    with PdfPages(PDF_000) as pdf:
        b = pdf.locate_cell(cell)
        assert b is not None and b.header is not None
        page, rect = b.header
        assert page == 9
        tp = pdf._page_text(9).textpage
        assert "".join(tp.get_text_bounded(*rect).split()) == "小计"
        assert abs((rect[0] + rect[2]) / 2 - (b.left + b.right) / 2) < 30  # over the value
        crop = pdf.crop(10, [b])
        assert crop.header_page == 9 and {k for k, *_ in crop.boxes} == {"cell", "header"}


def test_legend_names_the_header_page(page_000):
    assert "灰框</span>：所在列的表头（第 9 页）" in page_000


def test_unchecked_report_says_so_first_and_last_and_still_shows_its_findings():
    f = _finding("73.11", "卫生健康支出（类）支出73.11万元，占1.3%；", 18)
    r = Report(
        source=str(PDF_000),
        format="pdf",
        status="unchecked",
        reading=["可核对的表述中仅核对了 10%<b>"],
        findings=[f],
    )
    page = render(r)
    assert page.count("未完成核对——此结果不代表报告没有问题") == 2
    assert "仅核对了 10%&lt;b&gt;" in page and "无法检查" not in page
    assert "data-code='N301'" in page and "<figure class='crop' data-page='18'" in page
