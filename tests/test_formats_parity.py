"""PDF, DOCX, HTML and XLSX versions of the seeds read (and check) like the text seeds.

The fixtures in fixtures/formats/ are generated from the seeds by
tools/make_format_fixtures.py (DOCX with real tables, PDF rendered from it by
LibreOffice, XLSX with one sheet per table, HTML). Block-level parity: same
paragraphs modulo whitespace, same table cells. Finding parity: the same
(code, kind, stated, expected) multiset as the text version — locations may differ.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from checker.document import Document
from checker.ingest import load
from checker.pipeline import check_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"
FORMATS = ROOT / "fixtures" / "formats"
STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


@cache
def _doc(path: Path) -> Document:
    return load(path)


def _ref(stem: str) -> Document:
    return _doc(SEEDS / f"{stem}.txt")


def _fmt(stem: str, ext: str) -> Document:
    return _doc(FORMATS / f"{stem}.{ext}")


def _text_blocks(d: Document) -> list[tuple[str, str]]:
    return [(b.kind, _norm(b.text)) for b in d.blocks if b.kind != "table"]


def _cells(rows) -> list[str]:
    return [_norm(c.text) for r in rows for c in r if c.text.strip()]


def _grid(rows) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [[_norm(c.text) for c in r] + [""] * (width - len(r)) for r in rows]


def test_all_seeds_have_fixtures():
    assert len(STEMS) == 5
    for stem in STEMS:
        for ext in ("pdf", "docx", "html"):
            assert (FORMATS / f"{stem}.{ext}").is_file(), f"{stem}.{ext}"


@pytest.mark.parametrize("ext", ["docx", "html"])
@pytest.mark.parametrize("stem", STEMS)
def test_structured_formats_give_the_same_blocks_and_grids(stem, ext):
    ref, doc = _ref(stem), _fmt(stem, ext)
    assert _text_blocks(doc) == _text_blocks(ref)
    assert len(doc.tables()) == len(ref.tables())
    for a, b in zip(ref.tables(), doc.tables(), strict=True):
        # merged header cells come back expanded: same grid, empty cells included
        assert _grid(b.rows) == _grid(a.rows)
    assert doc.format == ext and doc.kind == ref.kind


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_gives_the_same_text_and_table_cells(stem):
    ref, doc = _ref(stem), _fmt(stem, "pdf")
    # Paragraph boundaries of the seeds' broken lines cannot all survive a typeset page
    # (001 breaks lines mid-sentence), so the narrative is compared as one text.
    assert "".join(t for _, t in _text_blocks(doc)) == "".join(t for _, t in _text_blocks(ref))
    assert _cells([r for t in doc.tables() for r in t.rows]) == _cells(
        [r for t in ref.tables() for r in t.rows]
    )
    # Two tables with the same columns meeting at a page break (nothing between) read
    # as one: at most one such join per seed here.
    assert len(ref.tables()) - 1 <= len(doc.tables()) <= len(ref.tables())


@pytest.mark.parametrize("stem", ["000_154bb92dcb265f1b", "003_30a2a9c70f135684", "004_65d5e90dde18cf07"])
def test_pdf_paragraphs_and_headings_match_where_the_seed_has_whole_paragraphs(stem):
    ref, doc = _ref(stem), _fmt(stem, "pdf")
    assert [t for _, t in _text_blocks(doc)] == [t for _, t in _text_blocks(ref)]
    assert [_cells(t.rows) for t in doc.tables()] == [_cells(t.rows) for t in ref.tables()]


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_blocks_and_cells_carry_pages_in_order(stem):
    doc = _fmt(stem, "pdf")
    pages = [b.page for b in doc.blocks]
    assert all(isinstance(p, int) and p >= 1 for p in pages)
    assert pages == sorted(pages)
    for t in doc.tables():
        cell_pages = [c.page for r in t.rows for c in r]
        assert all(isinstance(p, int) and p >= t.page for p in cell_pages)
    # (running headers and "— N —" footers being gone is covered by the text equality)


def _xlsx_ref_cells(rows) -> list[str]:
    # Leading rows with one text only are the sheet's title rows: read as paragraphs.
    rows = list(rows)
    while len(rows) > 1 and sum(1 for c in rows[0] if c.text.strip()) == 1:
        rows.pop(0)
    return _cells(rows)


@pytest.mark.parametrize("stem", [s for s in STEMS if not s.startswith("001")])
def test_xlsx_sheets_give_the_same_tables(stem):
    ref, doc = _ref(stem), _fmt(stem, "xlsx")
    assert len(doc.tables()) == len(ref.tables())
    for a, b in zip(ref.tables(), doc.tables(), strict=True):
        assert _cells(b.rows) == _xlsx_ref_cells(a.rows)


def _key(findings, table_only: bool = False) -> Counter:
    return Counter(
        (f.code, f.kind, f.stated, f.expected) for f in findings if not table_only or f.code.startswith("T")
    )


@pytest.mark.parametrize("ext", ["pdf", "docx", "html"])
def test_findings_equal_the_text_version(ext):
    total = 0
    for stem in STEMS:
        ref = check_file(SEEDS / f"{stem}.txt")
        rep = check_file(FORMATS / f"{stem}.{ext}")
        assert rep.status == "ok", rep.error
        assert _key(rep.findings) == _key(ref.findings), stem
        total += len(ref.findings)
    assert total > 0  # the comparison is not vacuous


def test_xlsx_table_findings_equal_the_text_version():
    for stem in STEMS:
        if not (FORMATS / f"{stem}.xlsx").exists():
            continue
        ref = check_file(SEEDS / f"{stem}.txt")
        rep = check_file(FORMATS / f"{stem}.xlsx")
        assert rep.status == "ok", rep.error
        assert _key(rep.findings, table_only=True) == _key(ref.findings, table_only=True), stem
