"""Real published PDFs (fixtures/corpus) read as a person reads them.

General properties of reading only — nothing here names a department, a figure or a
page: the narrative is found, headings and sentences come out whole (no two printed
lines interleaved), and the characters a generator draws twice count once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.ingest import load
from checker.ingest.pdf_extract import Char, drop_overdrawn

CORPUS = sorted((Path(__file__).parent.parent / "fixtures" / "corpus").glob("*.pdf"))


def _c(text: str, x: float, base: float = 100.0, size: float = 12.0) -> Char:
    return Char(text, x, x + size, base - size, base, base, size)


def test_text_drawn_twice_for_bold_counts_once():
    # fake bold: the same glyphs printed again a fraction of a point to the right
    first = [_c(t, 50 + 12 * i) for i, t in enumerate("支出合计")]
    again = [_c(t, 50.3 + 12 * i, base=100.2) for i, t in enumerate("支出合计")]
    out = drop_overdrawn(first + again)
    assert "".join(c.text for c in out) == "支出合计"


def test_repeated_characters_side_by_side_are_kept():
    chars = [_c("1", 50), _c("1", 57), _c("1", 64)]  # "111": a digit's width apart
    assert len(drop_overdrawn([*chars])) == 3


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_real_pdf_reads_in_order(path):
    doc = load(path)
    text = [b for b in doc.blocks if b.kind != "table"]
    assert doc.title and len(doc.title) <= 60
    # a heading is one printed line, not two lines' characters interleaved
    assert all(len(b.text) <= 80 for b in text if b.kind == "heading" and "…" not in b.text)
    # the narrative's sentences come out whole: most paragraphs end a sentence or a clause
    paras = [b.text for b in text if b.kind == "paragraph" and len(b.text) > 30]
    assert paras
    ended = sum(p.rstrip()[-1] in "。：；）)%" for p in paras)
    assert ended >= 0.6 * len(paras)
    # every page with text is cited by some block
    assert {b.page for b in doc.blocks} >= {1, 2}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_real_pdf_paragraphs_agree_with_pdfium_reading_order(path):
    # pdfium's own text page reads these born-digital pages in order; every paragraph
    # and heading we rebuilt from positions must be found in it (spaces and line
    # breaks aside), so no two printed lines were mixed into one.
    import re

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = {i + 1: re.sub(r"\s+", "", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))}
    finally:
        pdf.close()
    doc = load(path)
    blocks = [b for b in doc.blocks if b.kind != "table" and len(b.text) >= 8]
    missing = [
        b.text
        for b in blocks
        if re.sub(r"\s+", "", b.text)[:40] not in pages[b.page]
        and re.sub(r"\s+", "", b.text)[:40] not in pages.get(b.page, "") + pages.get(b.page + 1, "")
    ]
    assert len(missing) <= 0.02 * len(blocks), missing[:5]


def test_a_page_turned_a_quarter_reads_as_displayed(tmp_path):
    # a wide table page: portrait in page space, /Rotate 90, text drawn turned so that
    # it reads left to right on screen (pdfium renders it so)
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for k, s in enumerate(["FIRST 123.45", "SECOND 678.90"]):
        obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(14))
        buf = ctypes.create_string_buffer((s + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 0, 1, -1, 0, 100 + 30 * k, 100)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    page.set_rotation(90)
    pdf.save(str(tmp_path / "turned.pdf"))
    texts = [b.text.replace(" ", "") for b in load(tmp_path / "turned.pdf").blocks]
    assert texts == ["FIRST123.45", "SECOND678.90"]
