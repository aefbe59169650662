"""Every failure mode of the format readers: one clear Chinese line, exit 2, batch goes on."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.batch import discover, run_batch
from checker.cli import app
from checker.document import IngestError
from checker.ingest import load

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
runner = CliRunner()


def _one_line_error(path: Path) -> str:
    r = runner.invoke(app, ["check", str(path)])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1, r.output
    assert lines[0].startswith("checker: ")
    return lines[0]


@pytest.mark.parametrize(
    "name, words",
    [
        ("scanned.pdf", "该 PDF 没有文字层（可能是扫描件），无法检查；请先做 OCR"),
        ("encrypted.pdf", "PDF 已加密"),
        ("truncated.pdf", "PDF 文件已损坏或不完整"),
        ("corrupt.docx", "DOCX 文件已损坏"),
        ("corrupt.xlsx", "XLSX 文件已损坏"),
    ],
)
def test_bad_fixture_is_exit_2_with_one_chinese_line(name, words):
    line = _one_line_error(FORMATS / name)
    assert words in line


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("fake.pdf", b"<html>not a pdf</html>", "不是有效的 PDF"),
        ("empty.pdf", b"", "不是有效的 PDF"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "加密的 Word 文档或旧版 .doc"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "加密的工作簿或旧版 .xls"),
        ("text.docx", "一、部门职责\n".encode(), "DOCX 文件已损坏"),
        ("empty.html", b"   \n", "文件为空"),
    ],
)
def test_wrong_content_behind_a_suffix_is_a_clear_error(tmp_path, name, data, words):
    p = tmp_path / name
    p.write_bytes(data)
    assert words in _one_line_error(p)


def test_pdf_with_a_page_cut_midway_is_an_ingest_error(tmp_path):
    data = (FORMATS / "000_154bb92dcb265f1b.pdf").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) - 2000])  # the cross-reference table at the end is gone
    try:
        doc = load(p)  # pdfium may repair a lost xref; then the pages read as before
    except IngestError as e:
        assert "PDF" in str(e)
    else:
        assert doc.tables()


def test_json_format_still_reports_the_error(tmp_path):
    r = runner.invoke(app, ["check", str(FORMATS / "scanned.pdf"), "--format", "json"])
    assert r.exit_code == 2
    assert "没有文字层" in r.output


def test_batch_records_each_bad_file_and_goes_on(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name in ("scanned.pdf", "encrypted.pdf", "truncated.pdf", "corrupt.docx", "corrupt.xlsx"):
        shutil.copy(FORMATS / name, d / name)
    shutil.copy(FORMATS / "000_154bb92dcb265f1b.docx", d / "good.docx")
    res = run_batch(discover([d]), tmp_path / "r.sqlite", jobs=1)
    con = sqlite3.connect(tmp_path / "r.sqlite")
    try:
        docs = {Path(p).name: (s, e) for p, s, e in con.execute("SELECT path, status, error FROM documents")}
    finally:
        con.close()
    assert res.checked == 6
    assert docs["good.docx"][0] == "ok"
    for name in ("scanned.pdf", "encrypted.pdf", "truncated.pdf", "corrupt.docx", "corrupt.xlsx"):
        status, err = docs[name]
        assert status == "error" and err and "内部错误" not in err, (name, err)


def test_a_scanned_page_inside_a_text_pdf_is_a_warning_not_an_error(tmp_path):
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(FORMATS / "table_two_pages.pdf"))
    out.import_pages(pdfium.PdfDocument(FORMATS / "scanned.pdf"))
    p = tmp_path / "mixed.pdf"
    out.save(p)
    doc = load(p)
    assert len(doc.tables()) == 1
    assert doc.warnings == ["第 3 页没有文字层（可能是扫描页），这些页的内容未检查"]
