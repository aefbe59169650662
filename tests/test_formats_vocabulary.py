"""DOCX and HTML readers decide headings, paragraphs and the table of contents with the
text reader's vocabulary (checker.ingest.text_lines): hand-made inputs. (The PDF reader's
use of it: tests/test_formats_pdf_layout.py.)"""

from __future__ import annotations

from docx import Document as Docx

from checker.document import Block, Cell
from checker.ingest import load
from checker.ingest.html import parse_html
from checker.ingest.structure import mark_toc, text_block
from checker.ingest.text import parse_text

GLOSSARY = "一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。"


def _kinds(blocks) -> list[tuple[str, str, int | None]]:
    return [(b.kind, b.text, b.level) for b in blocks if b.kind != "table"]


# -- shared structure --------------------------------------------------------------------


def test_numbered_line_is_a_heading_and_a_numbered_sentence_a_paragraph():
    assert _kinds([text_block("第三部分 情况说明")]) == [("heading", "第三部分 情况说明", 1)]
    assert _kinds([text_block("（一）收入情况")]) == [("heading", "（一）收入情况", 3)]
    assert _kinds([text_block(GLOSSARY)]) == [("paragraph", GLOSSARY, None)]
    # what the markup declares wins, numbered or not
    assert _kinds([text_block("部门预算表", level=2)]) == [("heading", "部门预算表", 2)]


def test_toc_entries_become_paragraphs_until_the_body_repeats_the_first():
    blocks = [
        text_block("目  录"),
        text_block("第一部分 部门概况"),
        text_block("一、部门职责"),
        text_block("第二部分 部门决算表"),
        text_block("第一部分 部门概况"),  # the body starts: the first entry again
        text_block("一、部门职责"),
    ]
    mark_toc(blocks)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "目录"),
        ("paragraph", "第一部分 部门概况"),
        ("paragraph", "一、部门职责"),
        ("paragraph", "第二部分 部门决算表"),
        ("heading", "第一部分 部门概况"),
        ("heading", "一、部门职责"),
    ]
    assert blocks[0].level == 1


def test_toc_ends_at_a_declared_heading_and_at_a_table():
    declared = text_block("第一部分 部门概况", level=1)
    blocks = [text_block("目录"), declared, text_block("一、部门职责")]
    mark_toc(blocks, declared=lambda b: b is declared)
    # an empty TOC (a Word field never updated): the styled body heading is not an entry
    assert [b.kind for b in blocks] == ["heading", "heading", "heading"]
    blocks = [text_block("目录"), Block(kind="table", rows=[[Cell(text="1")]]), text_block("一、部门职责")]
    mark_toc(blocks)
    assert [b.kind for b in blocks] == ["heading", "table", "heading"]


# -- HTML and DOCX -----------------------------------------------------------------------


def test_html_toc_glossary_and_numbered_headings():
    doc = parse_html(
        "<h1>目录</h1><p>第一部分 部门概况</p><p>一、部门职责</p><p>第四部分 名词解释</p>"
        "<h1>第一部分 部门概况</h1><p>一、部门职责</p><p>负责社会保险经办。</p>"
        f"<h2>第四部分 名词解释</h2><p>{GLOSSARY}</p>"
    )
    assert _kinds(doc.blocks) == [
        ("heading", "目录", 1),
        ("paragraph", "第一部分 部门概况", None),
        ("paragraph", "一、部门职责", None),
        ("paragraph", "第四部分 名词解释", None),
        ("heading", "第一部分 部门概况", 1),
        ("heading", "一、部门职责", 2),
        ("paragraph", "负责社会保险经办。", None),
        ("heading", "第四部分 名词解释", 2),
        ("paragraph", GLOSSARY, None),
    ]


def test_docx_toc_entries_are_paragraphs_and_styled_headings_end_them(tmp_path):
    d = Docx()
    d.add_paragraph("目 录")
    d.add_paragraph("一、部门职责")
    d.add_paragraph("二、机构设置")
    d.add_heading("第一部分 部门概况", level=1)  # styled: the body, though never listed
    d.add_paragraph("一、部门职责")
    d.add_paragraph(GLOSSARY)
    p = tmp_path / "toc.docx"
    d.save(p)
    assert _kinds(load(p).blocks) == [
        ("heading", "目录", 1),
        ("paragraph", "一、部门职责", None),
        ("paragraph", "二、机构设置", None),
        ("heading", "第一部分 部门概况", 1),
        ("heading", "一、部门职责", 2),
        ("paragraph", GLOSSARY, None),
    ]


def test_docx_word_toc_entries_with_tab_and_page_number(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    d = Docx()
    d.add_heading("目录", level=1)
    for name in ("toc 1", "toc 2"):
        d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("第一部分 部门概况\t3", style="toc 1")
    d.add_paragraph("一、部门职责\t3", style="toc 2")
    d.add_paragraph("二、机构设置\t4", style="toc 2")
    d.add_heading("第一部分 部门概况", level=1)
    p = tmp_path / "wordtoc.docx"
    d.save(p)
    doc = load(p)
    # two tab-separated lines would otherwise read as a table typed with tabs
    assert doc.tables() == []
    assert _kinds(doc.blocks) == [
        ("heading", "目录", 1),
        ("paragraph", "第一部分 部门概况", None),
        ("paragraph", "一、部门职责", None),
        ("paragraph", "二、机构设置", None),
        ("heading", "第一部分 部门概况", 1),
    ]


def test_toc_entries_with_leaders_and_page_numbers_end_at_the_body():
    # (text_lines.TocEntries, shared with the text reader) the body's first heading is
    # the first entry without its page number
    blocks = [
        text_block("目录"),
        text_block("第一部分 部门概况……………………3"),
        text_block("一、部门职责 ........ 3"),
        text_block("第二部分 2024 年度部门决算表 5"),
        text_block("第一部分 部门概况"),
        text_block("一、部门职责"),
    ]
    mark_toc(blocks)
    assert [b.kind for b in blocks] == [
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
        "heading",
        "heading",
    ]
    doc = parse_text("目录\n第一部分 部门概况 3\n一、部门职责 3\n第一部分 部门概况\n一、部门职责\n")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph", "heading", "heading"]


def test_html_line_breaks_inside_a_sentence_are_rejoined_labels_and_headings_kept():
    doc = parse_html(
        "<p>海东市社会保险服务局<br>2024年度部门决算</p>"
        "<p>本部门2024年度收入总计5,320.16万元，较上年<br>增加354.11万元。<br>一、收入决算情况</p>"
        "<div>单位：万元<br>注：本表反映部门收入。</div>"
    )
    assert _kinds(doc.blocks) == [
        ("paragraph", "海东市社会保险服务局", None),
        ("paragraph", "2024年度部门决算", None),
        ("paragraph", "本部门2024年度收入总计5,320.16万元，较上年增加354.11万元。", None),
        ("heading", "一、收入决算情况", 2),
        ("paragraph", "单位：万元", None),
        ("paragraph", "注：本表反映部门收入。", None),
    ]


def test_docx_manual_line_breaks_follow_the_same_rule(tmp_path):
    d = Docx()
    p = d.add_paragraph()
    for k, text in enumerate(["支出总计5,320.16万元，其中基本支出", "1,383.39万元。", "（一）基本支出"]):
        if k:
            p.add_run().add_break()
        p.add_run(text)
    path = tmp_path / "br.docx"
    d.save(path)
    assert _kinds(load(path).blocks) == [
        ("paragraph", "支出总计5,320.16万元，其中基本支出1,383.39万元。", None),
        ("heading", "（一）基本支出", 3),
    ]


def test_html_ordered_list_items_carry_the_numbers_a_browser_shows():
    doc = parse_html(
        "<ol><li>社会保障和就业支出（类）5159.02万元。</li><li><p>卫生健康支出（类）73.11万元。</p></li>"
        "<li><ol type='a' start='3'><li>其中甲</li></ol></li><li></li></ol><ul><li>要点</li></ul>"
    )
    assert [b.text for b in doc.blocks] == [
        "1.社会保障和就业支出（类）5159.02万元。",
        "2.卫生健康支出（类）73.11万元。",
        "c.其中甲",
        "要点",
    ]
