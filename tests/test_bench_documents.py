"""`checker bench mutate` on the Document as read: any format, one edit per variant, the
original untouched, and a registry other modules can add kinds to."""

from __future__ import annotations

import json
import random
from functools import partial
from pathlib import Path

from typer.testing import CliRunner

from checker.bench.mutate import KINDS, Base, Mutation, MutationKind, register, run
from checker.cli import app
from checker.document import Document
from checker.findings import Finding
from checker.ingest import load
from checker.pipeline import Report, check_document

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "fixtures" / "formats"
SEED_TXT = next((ROOT / "fixtures" / "seeds").glob("002_*.txt"))


def _base(path: Path) -> Base:
    doc = load(path)
    report = check_document(doc)
    assert report.typed_tables is not None
    return Base(name=path.name, doc=doc, report=report, tables=report.typed_tables)


def _assert_detects(path: Path) -> None:
    kinds = ("digit_change", "direction_flip", "table_sum")
    result = run([path], seed=3, per_kind=2, kinds=kinds)
    per_kind = result.per_kind()
    assert list(per_kind) == list(kinds)
    for kind, (detected, total, elsewhere) in per_kind.items():
        # the fixtures hold consistent amounts, direction words and sums: each kind applies
        assert total == 2, kind
        assert detected == total, (kind, [o.mutation.where() for o in result.outcomes if not o.detected])
        assert elsewhere == 0, kind


def test_a_pdf_report_is_mutated_and_its_mutations_detected():
    _assert_detects(next(FORMATS.glob("001_*.pdf")))


def test_a_docx_report_is_mutated_and_its_mutations_detected():
    _assert_detects(next(FORMATS.glob("001_*.docx")))


def test_a_table_cell_mutation_changes_that_cell_of_a_copy_only():
    base = _base(next(FORMATS.glob("001_*.pdf")))
    before = base.doc.model_dump()
    [m, *_] = KINDS["table_sum"].generate(base, random.Random(0))
    assert m.cell is not None
    variant = m.apply(base.doc)
    row, col = m.cell
    assert variant.blocks[m.block].rows[row][col].text == m.replacement
    assert base.doc.blocks[m.block].rows[row][col].text == m.original
    assert base.doc.model_dump() == before
    # the checked variant's parsed table holds the new figure on that line
    report = check_document(variant)
    assert report.typed_tables is not None
    printed = {(c.text, c.line) for t in report.typed_tables.tables for r in t.rows for c in r.cells.values()}
    assert (m.replacement, m.line) in printed
    assert (m.original, m.line) not in printed


def test_a_narrative_mutation_changes_the_claim_the_checker_reads():
    base = _base(SEED_TXT)
    before = base.doc.model_dump()
    pool = KINDS["shift_x10"].generate(base, random.Random(0))
    assert pool
    m = pool[0]
    assert m.cell is None and m.tables_unchanged  # a narrative sentence: tables parse the same
    variant = m.apply(base.doc)
    text = variant.blocks[m.block].text
    assert text[m.start : m.start + len(m.replacement)] == m.replacement
    assert base.doc.blocks[m.block].text[m.start : m.end] == m.original
    assert base.doc.model_dump() == before
    values = {(r.claim.value_text, r.claim.line) for r in check_document(variant).claims}
    assert (m.replacement, m.line) in values


def _drop_table(doc: Document, index: int) -> None:
    del doc.blocks[index]


def _drop_tables(base: Base, rng: random.Random) -> list[Mutation]:
    """A structural kind as another module would write it: remove one whole table."""
    return [
        Mutation(
            base.name,
            "test_drop_table",
            block=i,
            original="",
            replacement="",
            target=b.text[:10],
            line=b.line,
            edit=partial(_drop_table, index=i),
        )
        for i, b in enumerate(base.doc.blocks)
        if b.kind == "table"
    ]


def _no_finding(m: Mutation, new: list[Finding]) -> list[Finding]:
    return []


def _caught_by_status(m: Mutation, new: list[Finding], report: Report) -> bool:
    """A structural kind's verdict need not be a finding: here, any report counts as caught."""
    return report.status in ("ok", "unchecked")


def test_the_registry_accepts_an_extra_kind(monkeypatch):
    monkeypatch.setitem(KINDS, "test_drop_table", KINDS.get("test_drop_table"))  # restored after the test
    register(MutationKind("test_drop_table", _drop_tables, detected=_no_finding, verdict=_caught_by_status))
    result = run([SEED_TXT], seed=0, per_kind=2, kinds=("test_drop_table",))
    assert len(result.outcomes) == 2
    assert all(o.mutation.kind == "test_drop_table" and o.mutation.edit is None for o in result.outcomes)
    # the original file's Document is untouched: a fresh run gives the same baseline
    assert (
        result.baseline_findings == run([SEED_TXT], kinds=("test_drop_table",), per_kind=0).baseline_findings
    )
    assert list(result.per_kind()) == ["test_drop_table"]
    assert result.per_kind()["test_drop_table"][:2] == (2, 2)  # the kind's own verdict is used


def test_runs_are_reproducible_and_parallel_runs_agree():
    kinds = ("digit_drop", "restated_cell")
    a = run([SEED_TXT, FORMATS / "table_two_pages.pdf"], seed=5, per_kind=2, kinds=kinds)
    b = run([SEED_TXT, FORMATS / "table_two_pages.pdf"], seed=5, per_kind=2, kinds=kinds, jobs=2)
    assert [o.mutation for o in a.outcomes] == [o.mutation for o in b.outcomes]
    assert a.per_kind() == b.per_kind()
    # the kinds draw from their own streams: running one alone picks the same mutations
    c = run([SEED_TXT], seed=5, per_kind=2, kinds=("restated_cell",))
    assert [o.mutation for o in c.outcomes] == [
        o.mutation for o in a.outcomes if o.mutation.kind == "restated_cell"
    ]


def test_cli_takes_directories_kinds_and_json(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    (d / SEED_TXT.name).write_text(SEED_TXT.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "notes.csv").write_text("not a report", encoding="utf-8")
    r = CliRunner().invoke(
        app,
        ["bench", "mutate", str(d), "--kinds", "pct_x10,digit_dup", "--per-kind", "1", "--format", "json"],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert list(data["kinds"]) == ["pct_x10", "digit_dup"]
    assert data["all"]["total"] == len(data["mutations"]) == 2
    assert list(data["baseline_findings"]) == [SEED_TXT.name]  # the .csv is not a report format
    bad = CliRunner().invoke(app, ["bench", "mutate", str(d), "--kinds", "nope"])
    assert bad.exit_code == 2 and "未知的变异类别" in bad.output and "Traceback" not in bad.output


def test_shared_parses_are_what_the_variant_would_parse_again():
    """Variants reuse the unmutated Tables (narrative edits) or claims (table edits): that
    is only sound if parsing the variant afresh gives the same, and checking leaves them be."""
    from checker.bench.mutate import _key, check_variant
    from checker.pipeline import CheckOptions, extract_claims
    from checker.tables.parse import parse_tables

    base = _base(next(FORMATS.glob("001_*.pdf")))
    base.extraction = extract_claims(base.doc, CheckOptions())
    claims_before = base.extraction.model_dump()
    tables_before = base.tables.model_dump()
    cells = KINDS["restated_cell"].generate(base, random.Random(1))[:2]
    amounts = [m for m in KINDS["digit_dup"].generate(base, random.Random(1)) if m.tables_unchanged][:2]
    assert len(cells) == 2 and len(amounts) == 2
    for m in cells:
        assert m.claims_unchanged and not m.tables_unchanged
        assert extract_claims(m.apply(base.doc), CheckOptions()).model_dump() == claims_before
    for m in amounts:
        assert parse_tables(m.apply(base.doc)).model_dump() == tables_before
    base_keys = {_key(f) for f in base.report.findings}
    outcomes = [check_variant(m, base, base_keys, CheckOptions()) for m in (cells[0], amounts[0])]
    assert [o.detected for o in outcomes] == [True, True]
    assert base.extraction.model_dump() == claims_before and base.tables.model_dump() == tables_before
