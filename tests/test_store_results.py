"""SQLite result store: documents, flattened findings, replace on re-save."""

from __future__ import annotations

from checker.findings import Finding, Location
from checker.pipeline import Report
from checker.store import ResultStore, content_hash


def _finding() -> Finding:
    return Finding(
        code="T101",
        rule="table-sum",
        severity="warning",
        kind="table_sum",
        stated="17783",
        expected="1783",
        excerpt="17783",
        message="合计不等于各项之和",
        location=Location(line=12, table="支出表", row="201", column="合计"),
    )


def test_save_and_read_back(tmp_path):
    db = tmp_path / "r.sqlite"
    with ResultStore(db) as s:
        r = Report(source="a.txt", title="某局2022年度部门预算", findings=[_finding()])
        s.save("a.txt", content_hash(b"abc"), r, 0.5)
        s.save("a.txt", content_hash(b"abc"), r, 0.5)  # same file, same version: replaced, not doubled
    with ResultStore(db) as s:
        docs = s.documents()
        assert len(docs) == 1 and docs[0]["year"] == "2022" and docs[0]["n_warning"] == 1
        fs = list(s.findings())
        assert len(fs) == 1 and fs[0]["loc_row"] == "201" and fs[0]["document"] == "a.txt"
        assert content_hash(b"abc") in s.done_hashes(r.checker_version)
        assert not s.done_hashes("other-version")
