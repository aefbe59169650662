"""PDF, DOCX, HTML and XLSX versions of the seeds read (and check) like the text seeds.

The fixtures in fixtures/formats/ are generated from the seeds by
tools/make_format_fixtures.py (DOCX with real tables, PDF rendered from it by
LibreOffice, XLSX with one sheet per table, HTML). Block-level parity: same
paragraphs and headings modulo whitespace (the table of contents as paragraphs under
one 目录 heading, glossary entries as paragraphs), same table cells. Finding parity:
the same (code, kind, stated, expected) multiset as the text version — locations may
differ.

Seed 001's tables are space-separated in the text (sparse blocks: a row's values have
no column placement). The generator lays such a table out in real columns from the
typed table the parser built for it, as a real DOCX/PDF of the report shows it (the
per-project 绩效 tables, mostly text, stay as they are, left-aligned). For those tables
parity is about the typed tables (kind, columns, rows with their values), not about the
grid, which differs from the text's fragments by construction; findings are compared
for every seed.
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
from checker.tables.model import TableKind
from checker.tables.parse import parse_tables

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


def _levels(d: Document) -> list[int | None]:
    # the generator writes Heading 1–4 (deeper Markdown levels as 4); the PDF shows each
    # level in its own font size
    return [min(b.level, 4) if b.level else None for b in d.blocks if b.kind == "heading"]


def _cells(rows) -> list[str]:
    return [_norm(c.text) for r in rows for c in r if c.text.strip()]


@cache
def _laid_out(stem: str) -> frozenset[int]:
    """Positions (among the text's tables) of the sparse blocks the generator laid out
    from their typed table: blocks giving one table, not a per-project one."""
    ref = _ref(stem)
    typed = parse_tables(ref).tables
    out = set()
    for i, b in enumerate(ref.tables()):
        mine = [t for t in typed if b.line <= (t.line or 0) <= (b.end_line or b.line)]
        if b.sparse and len(mine) == 1:
            if mine[0].kind not in (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET):
                out.add(i)
    return frozenset(out)


def _as_is(stem: str, tables: list) -> list:
    """The tables written as the text reader has them (all but the laid-out ones)."""
    return [t for i, t in enumerate(tables) if i not in _laid_out(stem)]


def _values(r) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, c.text) for k, c in r.cells.items() if c.text.strip()))


def _typed(d: Document, titles: bool = True) -> list[tuple]:
    """The parser's reading of every table: kind (with number, title, unit, entity
    unless ``titles`` is off), columns, and rows with their non-empty values."""
    return [
        (
            (t.kind, t.number, t.title, t.unit, t.entity) if titles else (t.kind,),
            [(c.key, c.label, c.group) for c in t.columns],
            [(r.code, r.label, r.side, r.level, r.parent, r.is_total, _values(r)) for r in t.rows],
        )
        for t in parse_tables(d).tables
    ]


def _grid(rows) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [[_norm(c.text) for c in r] + [""] * (width - len(r)) for r in rows]


def test_all_seeds_have_fixtures():
    assert len(STEMS) == 5
    for stem in STEMS:
        for ext in ("pdf", "docx", "html", "xlsx"):
            assert (FORMATS / f"{stem}.{ext}").is_file(), f"{stem}.{ext}"


@pytest.mark.parametrize("ext", ["docx", "html"])
@pytest.mark.parametrize("stem", STEMS)
def test_structured_formats_give_the_same_blocks_and_grids(stem, ext):
    ref, doc = _ref(stem), _fmt(stem, ext)
    assert _text_blocks(doc) == _text_blocks(ref)
    assert _levels(doc) == _levels(ref)
    assert len(doc.tables()) == len(ref.tables())
    for a, b in zip(_as_is(stem, ref.tables()), _as_is(stem, doc.tables()), strict=True):
        # merged header cells come back expanded: same grid, empty cells included (for a
        # sparse per-project block, its rows left-aligned and padded)
        assert _grid(b.rows) == _grid(a.rows)
    assert doc.format == ext and doc.kind == ref.kind and doc.title == ref.title


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_gives_the_same_text_and_table_cells(stem):
    ref, doc = _ref(stem), _fmt(stem, "pdf")
    assert _norm(doc.title) == _norm(ref.title)  # the report year comes from it
    assert "".join(t for _, t in _text_blocks(doc)) == "".join(t for _, t in _text_blocks(ref))
    assert _cells([r for t in _as_is(stem, doc.tables()) for r in t.rows]) == _cells(
        [r for t in _as_is(stem, ref.tables()) for r in t.rows]
    )
    # Two tables with the same columns meeting at a page break (nothing between) read
    # as one: at most one such join per seed here.
    assert len(ref.tables()) - 1 <= len(doc.tables()) <= len(ref.tables())


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_paragraphs_and_headings_match(stem):
    # The PDF's lines are broken by the typesetter, wherever a line is full: they are
    # re-joined into the text reader's paragraphs, and headings, TOC entries, table
    # titles and meta lines stay apart as the text reader keeps them.
    ref, doc = _ref(stem), _fmt(stem, "pdf")
    assert _text_blocks(doc) == _text_blocks(ref)
    assert _levels(doc) == _levels(ref)
    assert [_cells(t.rows) for t in _as_is(stem, doc.tables())] == [
        _cells(t.rows) for t in _as_is(stem, ref.tables())
    ]


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


@pytest.mark.parametrize("stem", STEMS)
def test_xlsx_sheets_give_the_same_tables(stem):
    # (seed 001: the one-word header fragments of a sparse table are title-like rows,
    # so they are read as paragraphs on both sides of the comparison)
    ref, doc = _ref(stem), _fmt(stem, "xlsx")
    assert len(doc.tables()) == len(ref.tables())
    for a, b in zip(_as_is(stem, ref.tables()), _as_is(stem, doc.tables()), strict=True):
        assert _cells(b.rows) == _xlsx_ref_cells(a.rows)


SPARSE = [s for s in STEMS if _laid_out(s)]


def test_a_seed_has_laid_out_tables():
    # seed 001's space-separated tables: the comparison below is not vacuous
    assert SPARSE and len(_laid_out(SPARSE[0])) >= 5


@pytest.mark.parametrize("ext", ["docx", "html", "pdf", "xlsx"])
@pytest.mark.parametrize("stem", SPARSE)
def test_laid_out_tables_parse_like_the_text(stem, ext):
    # The parser reads the grid the generator laid out as it read the space-separated
    # text: same kinds, columns, rows, codes, hierarchy and values in the same columns.
    # A sheet has no 公开NN表 / 单位 lines above its grid (its title row is the nearest
    # heading), so for XLSX only kinds, columns and rows are compared.
    titles = ext != "xlsx"
    assert _typed(_fmt(stem, ext), titles) == _typed(_ref(stem), titles)


def _key(findings, table_only: bool = False) -> Counter:
    # table-level: arithmetic inside a table (T…) and across tables (X…)
    return Counter(
        (f.code, f.kind, f.stated, f.expected)
        for f in findings
        if not table_only or f.code.startswith(("T", "X"))
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
    total = 0
    for stem in STEMS:
        ref = check_file(SEEDS / f"{stem}.txt")
        rep = check_file(FORMATS / f"{stem}.xlsx")
        # a workbook holds the tables only: checked, but never passed as a full check
        assert rep.status == "unchecked" and "情况说明" in rep.error, rep.error
        assert rep.exit_code == 2
        assert _key(rep.findings, table_only=True) == _key(ref.findings, table_only=True), stem
        total += sum(_key(ref.findings, table_only=True).values())
    assert total > 0  # the comparison is not vacuous
