"""Word's automatic numbering: labels rendered as printed, so numbered headings read as in text."""

from __future__ import annotations

import pytest
from docx import Document as Docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from checker.ingest import load
from checker.ingest.docx_numbering import chinese, format_number

NUMBERING = f"""<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="90">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="91">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1部分"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="92">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
  <w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
  <w:num w:numId="92"><w:abstractNumId w:val="92"/></w:num>
</w:numbering>"""


def _numbered(d, text: str, num_id: int | None = None, ilvl: int = 0, style: str | None = None):
    p = d.add_paragraph(text, style=style)
    if num_id is not None:
        ppr = p._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
    return p


def test_numbered_paragraphs_read_with_their_printed_numbers(tmp_path):
    d = Docx()
    numbering = d.part.numbering_part.element
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    # a heading style numbered through the style (第一部分), as report templates do
    st = d.styles["Heading 1"].element
    st.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="91"/></w:numPr>'))
    d.add_heading("部门概况", level=1)
    _numbered(d, "部门职责", 90, 0)
    _numbered(d, "主要职能", 90, 1)
    _numbered(d, "机构设置", 90, 1)
    _numbered(d, "负责社会保险经办。", 90, 2)
    _numbered(d, "收入情况", 90, 0)
    _numbered(d, "财政拨款收入", 90, 1)  # a deeper level starts again under 二、
    _numbered(d, "要点", 92, 0)  # a bullet: no number in the text
    d.add_heading("部门决算表", level=1)
    p = tmp_path / "numbered.docx"
    d.save(p)
    got = [(b.kind, b.text, b.level) for b in load(p).blocks]
    assert got == [
        ("heading", "第一部分 部门概况", 1),
        ("heading", "一、部门职责", 2),
        ("heading", "（一）主要职能", 3),
        ("heading", "（二）机构设置", 3),
        ("paragraph", "1.负责社会保险经办。", None),
        ("heading", "二、收入情况", 2),
        ("heading", "（一）财政拨款收入", 3),
        ("paragraph", "要点", None),
        ("heading", "第二部分 部门决算表", 1),
    ]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (120, "一百二十")],
)  # fmt: skip
def test_chinese_counting(n, text):
    assert chinese(n) == text


def test_other_number_formats():
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(3, "lowerLetter") == "c"
    assert format_number(7, "decimal") == "7"
