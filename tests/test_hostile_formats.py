"""Hostile structured files (issue 16, case 3): spans and inflation are bounded."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.document import IngestError
from checker.ingest import load
from checker.ingest.grid_limits import MAX_COLS, MAX_DOC_CELLS
from checker.ingest.html import parse_html

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "fixtures" / "formats" / "000_154bb92dcb265f1b.docx"
grid_limits = sys.modules["checker.ingest.grid_limits"]


def _cells(doc) -> list[int]:
    return [len(r) for b in doc.blocks if b.kind == "table" for r in b.rows]


def test_a_4kb_page_of_huge_spans_stays_within_the_grid_bounds():
    cell = '<td colspan="9999" rowspan="9999">1</td>'
    page = "<p>一、部门概况</p><table>" + ("<tr>" + cell * 10 + "</tr>") * 9 + "</table>"
    assert len(page) < 4096
    doc = parse_html(page)
    widths = _cells(doc)
    assert widths and max(widths) == MAX_COLS  # 10 × 9999 columns asked for, 400 built
    assert sum(widths) <= MAX_DOC_CELLS
    assert any("过宽或过长" in w for w in doc.warnings)


def test_many_span_tables_are_refused_past_the_document_bound(monkeypatch):
    monkeypatch.setattr(grid_limits, "MAX_DOC_CELLS", 5_000)
    monkeypatch.setattr(grid_limits, "MAX_TABLE_CELLS", 4_000)
    table = "<table>" + ('<tr><td colspan="100">1</td></tr>' * 30) + "</table>"
    parse_html("<p>x</p>" + table)  # 3,000 cells: within both bounds
    with pytest.raises(IngestError, match="表格过大"):
        parse_html("<p>x</p>" + table * 2)


def test_rowspan_does_not_grow_rows_beyond_the_bound(monkeypatch):
    monkeypatch.setattr(grid_limits, "MAX_TABLE_CELLS", 2_000)
    rows = '<tr><td rowspan="200" colspan="200">a</td></tr>' + "<tr><td>b</td></tr>" * 100
    doc = parse_html(f"<table>{rows}</table>")
    assert sum(_cells(doc)) <= 2_000 and any("过宽或过长" in w for w in doc.warnings)


def _docx(tmp_path: Path, edit, name: str = "x.docx") -> Path:
    out = tmp_path / name
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out


def test_docx_huge_grid_span_is_clamped(tmp_path):
    def edit(xml: str) -> str:
        assert "<w:tcPr>" in xml and "<w:tr>" in xml
        xml = xml.replace('<w:gridSpan w:val="3"/>', "")  # one gridSpan per cell, ours
        xml = xml.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="100000000"/>')
        return xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="99999999"/></w:trPr>')

    doc = load(_docx(tmp_path, edit))
    widths = _cells(doc)
    assert widths and max(widths) <= MAX_COLS and sum(widths) <= MAX_DOC_CELLS


def test_docx_that_inflates_past_the_bound_is_refused_before_reading(tmp_path, monkeypatch):
    files = sys.modules["checker.ingest.files"]
    monkeypatch.setattr(files, "MAX_XML_PART_BYTES", 2_000_000)  # keep the test small: 2 MB stands for 64
    p = _docx(tmp_path, lambda xml: xml.replace("<w:body>", "<w:body>" + "<w:p/>" * 400_000, 1))
    assert p.stat().st_size < 100_000  # 2.4 MB of XML in a small file
    r = CliRunner().invoke(app, ["check", str(p)])
    assert r.exit_code == 2 and "word/document.xml 解压后过大" in r.output
    monkeypatch.setattr(files, "MAX_XML_PART_BYTES", 64 * 2**20)
    monkeypatch.setattr(files, "MAX_PACKAGE_BYTES", 2_000_000)
    with pytest.raises(IngestError, match="疑似压缩炸弹"):
        load(p)


def test_docx_part_with_a_bomb_ratio_is_refused(tmp_path, monkeypatch):
    files = sys.modules["checker.ingest.files"]
    monkeypatch.setattr(files, "RATIO_FLOOR", 1_000_000)
    p = _docx(tmp_path, lambda xml: xml.replace("<w:body>", "<w:body>" + "<w:p/>" * 400_000, 1))
    with pytest.raises(IngestError, match="压缩比异常"):
        load(p)
