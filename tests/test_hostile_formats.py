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


# ----------------------------------------------------------------- encodings (case 10)

SEED = ROOT / "fixtures" / "seeds" / "000_154bb92dcb265f1b.txt"
BIG5_TEXT = (
    "一、部門預算說明\n本部門2024年度支出合計100.00萬元，比上年增加10.00萬元。\n二、財政撥款收入支出決算表\n"
)


def _findings(path: Path) -> list[tuple[str, str, str]]:
    from checker.pipeline import check_file

    report = check_file(path)
    assert report.status == "ok", report.error
    return [(f.code, f.stated, f.expected) for f in report.findings]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-32", "utf-8-sig", "gb18030"])
def test_bom_and_gb18030_texts_read_as_the_utf8_original(tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8")
    data = b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    p = tmp_path / "r.txt"
    p.write_bytes(data)
    assert load(p).blocks == load(SEED).blocks
    assert _findings(p) == _findings(SEED)


def test_big5_is_told_from_gb18030_by_what_reads_as_chinese(tmp_path):
    data = BIG5_TEXT.encode("big5")
    assert data.decode("gb18030")  # GB18030 would accept these bytes too — as mojibake
    p = tmp_path / "big5.txt"
    p.write_bytes(data)
    text = "\n".join(b.text for b in load(p).blocks)
    assert "部門預算說明" in text and "萬元" in text


def test_gb18030_is_not_mistaken_for_big5(tmp_path):
    p = tmp_path / "gb.txt"
    p.write_bytes(
        "一、部门预算说明\n本部门2024年度支出合计100.00万元，比上年增加10.00万元。\n".encode("gb18030")
    )
    assert "部门预算说明" in load(p).blocks[0].text


def test_text_that_decodes_to_garbage_is_refused_with_a_clear_line(tmp_path):
    mojibake = BIG5_TEXT.encode("big5").decode("gb18030") * 5  # Big5 read as GB, saved as UTF-8
    p = tmp_path / "garbled.txt"
    p.write_text(mojibake, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(p)])
    assert r.exit_code == 2 and "乱码" in r.output and len(r.output.strip().splitlines()) == 1


def test_html_declaring_utf16_but_written_in_utf8_reads_as_utf8(tmp_path):
    page = '<html><head><meta charset="utf-16"></head><body><p>一、部门预算说明</p><p>支出合计100.00万元。</p></body></html>'
    p = tmp_path / "decl.html"
    p.write_bytes(page.encode("utf-8"))
    assert [b.text for b in load(p).blocks][:2] == ["一、部门预算说明", "支出合计100.00万元。"]
    for enc, data in (("bom", page.encode("utf-16")), ("no bom", page.encode("utf-16-le"))):
        q = tmp_path / f"{enc}.html"
        q.write_bytes(data)
        assert [b.text for b in load(q).blocks][:2] == ["一、部门预算说明", "支出合计100.00万元。"], enc


def test_a_file_that_is_not_a_report_is_unchecked_exit_2(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("Meeting notes\nbring the slides\n会议记录：下午讨论。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(p), "-f", "json"])
    assert r.exit_code == 2
    data = json_of(r.output)
    assert data["status"] == "unchecked" and "不像部门预算/决算报告" in data["reading"][0]


def json_of(output: str) -> dict:
    import json

    return json.loads(output[output.index("{") :])


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_office_file_needing_an_unknown_zip_version_is_damaged_input(tmp_path, suffix):
    data = bytearray((ROOT / "fixtures" / "formats" / f"000_154bb92dcb265f1b{suffix}").read_bytes())
    k = data.index(b"PK\x01\x02")  # first central directory entry: "version needed" at +6
    data[k + 6 : k + 8] = (245).to_bytes(2, "little")  # zipfile: NotImplementedError
    p = tmp_path / f"v{suffix}"
    p.write_bytes(bytes(data))
    r = CliRunner().invoke(app, ["check", str(p)])
    assert r.exit_code == 2 and "已损坏" in r.output and "内部错误" not in r.output
