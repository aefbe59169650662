"""The R4xx mutation kinds: each plants its slip in a seed as read, the matching rule
reports it at its place, and the unmutated Document is left alone."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from checker.bench.kinds_report import REPORT_KINDS
from checker.bench.mutate import check_variant
from checker.bench.mutation import KINDS, Base
from checker.ingest import load
from checker.pipeline import CheckOptions, check_document

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
OPTIONS = CheckOptions()


@pytest.fixture(scope="module", params=["000", "004"])
def base(request) -> Base:
    path = next(SEEDS.glob(f"{request.param}_*.txt"))
    doc = load(path)
    report = check_document(doc, OPTIONS)
    return Base(name=path.name, doc=doc, report=report, tables=report.typed_tables)


def test_kinds_are_registered():
    assert all(k in KINDS for k in REPORT_KINDS)


@pytest.mark.parametrize("kind", REPORT_KINDS)
def test_kind_is_detected_at_its_place(base, kind):
    pool = KINDS[kind].generate(base, random.Random(f"0:{base.name}:{kind}"))
    if base.name.startswith("004") and kind in ("class_rename", "entity_swap"):
        # 004's narrative names no (类)(款)(项) path; its tables carry no 编制单位 line
        assert pool == []
        return
    assert pool, f"{kind}: nothing to mutate in {base.name}"
    keys = {(f.code, f.stated, f.expected, f.location.line, f.excerpt) for f in base.report.findings}
    before = base.doc.model_dump()
    for m in pool[:2]:
        outcome = check_variant(m, base, keys, OPTIONS)
        assert outcome.detected, m.where()
        assert outcome.finding.startswith("R4"), outcome.finding
    assert base.doc.model_dump() == before  # mutations work on copies


def test_drop_table_removes_exactly_the_grid(base):
    m = KINDS["drop_table"].generate(base, random.Random(0))[0]
    variant = m.apply(base.doc)
    assert len(variant.tables()) == len(base.doc.tables()) - 1
    assert len(variant.headings()) == len(base.doc.headings())  # the title lines stay


def test_year_change_moves_the_report_year_only(base):
    for m in KINDS["year_change"].generate(base, random.Random(0)):
        assert m.original == "2024" and m.replacement in ("2023", "2025")
