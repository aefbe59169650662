"""Never a silent pass: a report that was not read, or only partly checked, gets the
status 'unchecked' and exit code 2 with the reason — never 0."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.document import Block, Document
from checker.ingest import load
from checker.ingest.text import parse_text
from checker.pipeline import check_document, check_file
from checker.reading import assess, doubled_share

CORPUS = sorted((Path(__file__).parent.parent / "fixtures" / "corpus").glob("*.pdf"))
SEEDS = sorted((Path(__file__).parent.parent / "fixtures" / "seeds").glob("*.txt"))


def _latin_pdf(path: Path, lines: list[str]) -> Path:
    """A born-digital PDF with a text layer (pdfium's standard Helvetica)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for k, s in enumerate(lines):
        obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(12))
        buf = ctypes.create_string_buffer((s + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 760 - 20 * k)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(str(path))
    return path


def test_a_pdf_without_a_narrative_is_unchecked_exit_2(tmp_path):
    pdf = _latin_pdf(
        tmp_path / "r.pdf", ["Annual report 2024", "Total income 5,320.16 and expense 5,320.16."]
    )
    report = check_file(pdf)
    assert report.status == "unchecked" and report.exit_code == 2
    assert any("未能读取情况说明" in r for r in report.reading)
    res = CliRunner().invoke(app, ["check", str(pdf)])
    assert res.exit_code == 2 and "未完成核对" in res.output


def test_interleaved_lines_are_recognised_as_garbled():
    # two lines' characters alternating, as a broken reader produced them
    garbled = "上海预算市主普管部门陀：上区海市2普0陀2区5人年民政区府万级里街部道办门事处预算" * 4
    doubled = "二一、、部部门门机主构要设职置能" * 10
    normal = "2024年度收入总计5,320.16万元，支出总计5,320.16万元。本年收入合计5,260.51万元。" * 4
    assert doubled_share(doubled) > 0.15 and doubled_share(normal) < 0.05  # 3 of 15 pairs; none
    doc = Document(
        source="x", blocks=[Block(kind="paragraph", text=doubled), Block(kind="paragraph", text=garbled)]
    )
    reasons = assess(doc, narrative_numbers=3, checkable=0, verified=0)
    assert any("文字层疑似错乱" in r for r in reasons)


def test_toc_headings_missing_from_the_body_make_it_unchecked():
    toc = [
        "一、部门主要职能",
        "二、部门机构设置",
        "三、名词解释",
        "四、部门预算编制说明",
        "五、其他相关情况说明",
    ]
    blocks = [Block(kind="heading", text="目录")] + [Block(kind="paragraph", text=t) for t in toc]
    blocks.append(Block(kind="heading", text="上海市某某局（部门）主要职能"))
    blocks.append(Block(kind="paragraph", text="本报告正文无法辨认。"))
    reasons = assess(Document(source="x", blocks=blocks), narrative_numbers=10, checkable=0, verified=0)
    assert any("目录列出的 5 个标题中只有 0 个" in r for r in reasons)


def test_almost_nothing_verified_is_unchecked():
    reasons = assess(Document(source="x"), narrative_numbers=40, checkable=30, verified=3)
    assert any("只核对了 3 项" in r for r in reasons)
    assert assess(Document(source="x"), narrative_numbers=40, checkable=30, verified=25) == []


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seeds_are_fully_checked(path):
    report = check_document(parse_text(path.read_text(encoding="utf-8"), source=str(path)))
    assert report.status == "ok" and report.coverage.verified_pct >= 50


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_pdf_is_read_and_its_tables_recognised(path):
    doc = load(path)
    report = check_document(doc)
    cov = report.coverage
    templated = any("XX" in b.text for b in doc.blocks[:6])  # a template: placeholders, no figures
    if not templated:
        assert cov.narrative_numbers >= 40 and cov.accounted_pct >= 90
        assert cov.verified_pct >= 70, report.reading
        assert report.status == "ok"
    else:  # nothing in it could be verified: never passed as checked
        assert report.status == "unchecked" and report.exit_code == 2
    # every table the body prints is recognised by kind (a unit list is no report table),
    # and every table the report's own 目录 lists is among them
    from checker.checks.report_common import toc_tables

    kinds = [t.kind.value for t in report.typed_tables.tables]
    assert sum(k != "unknown" for k in kinds) >= 9
    listed = [e.kind.value for e in toc_tables(doc) if e.kind is not None]
    assert len(listed) >= 9 and set(listed) <= set(kinds)
    # the narrative's sections are found: its figures sit under more than one heading
    assert templated or len({c.claim.section for c in report.claims}) >= 5


def test_exit_zero_hides_findings_only_never_an_unchecked_report(tmp_path):
    seed = str(SEEDS[0])
    assert CliRunner().invoke(app, ["check", seed]).exit_code == 1
    assert CliRunner().invoke(app, ["check", "--exit-zero", seed]).exit_code == 0
    pdf = _latin_pdf(tmp_path / "r.pdf", ["Annual report 2024", "Total 5,320.16."])
    assert CliRunner().invoke(app, ["check", "--exit-zero", str(pdf)]).exit_code == 2


def test_text_without_unicode_mapping_is_garbled():
    # a font without ToUnicode: glyph codes land in the private use area
    junk = "".join(chr(0xE000 + (i * 7) % 500) for i in range(300))
    doc = Document(source="x", blocks=[Block(kind="paragraph", text="2024年度收入总计" + junk)])
    reasons = assess(doc, narrative_numbers=1, checkable=0, verified=0)
    assert any("缺少字符映射" in r for r in reasons)
    clean = Document(source="x", blocks=[Block(kind="paragraph", text="2024年度收入总计5,320.16万元。" * 20)])
    assert not any("缺少字符映射" in r for r in assess(clean, narrative_numbers=40, checkable=10, verified=9))


def test_batch_counts_unchecked_reports_apart(tmp_path):
    from checker.batch.discover import discover
    from checker.batch.run import run_batch

    d = tmp_path / "in"
    d.mkdir()
    _latin_pdf(d / "no-narrative.pdf", ["Annual report 2024", "Total 5,320.16."])
    (d / "seed.txt").write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    res = run_batch(discover([d]), tmp_path / "r.sqlite", jobs=1)
    assert (res.checked, res.failed, res.unchecked) == (2, 1, 1)


def test_export_summary_says_how_much_each_report_had_verified(tmp_path):
    from openpyxl import load_workbook

    from checker.batch.discover import discover
    from checker.batch.run import run_batch
    from checker.report.export import export

    d = tmp_path / "in"
    d.mkdir()
    (d / "seed.txt").write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    run_batch(discover([d]), tmp_path / "r.sqlite", jobs=1)
    export(tmp_path / "r.sqlite", "xlsx", tmp_path / "f.xlsx")
    sheet = load_workbook(tmp_path / "f.xlsx")["汇总"]
    head = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(head, sheet[2], strict=True)}
    report = check_document(parse_text(SEEDS[0].read_text(encoding="utf-8"), source=str(SEEDS[0])))
    assert (row["可核对表述"], row["已核对"]) == (report.coverage.checkable, report.coverage.claims_verified)
