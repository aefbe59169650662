"""The narrative rules inside the real pipeline (check_document), with hand-built claims
and tables standing in for the extractor and the table parser."""

from __future__ import annotations

from builders import claim, paragraph_doc, row, table

from checker.claims.model import Claim, Extraction
from checker.pipeline import CheckOptions, check_document
from checker.tables.model import TableKind, Tables

SEC = "五、一般公共预算财政拨款支出决算情况说明"
TEXT = "要用于以下方面：社会保障和就业支出（类）支出 5159.02 万元，占 97%；卫生健康支出（类）支出 73.11 万元，占 1.3%；"


def _claim(kind: str, value: str, after: str = "", **kw) -> Claim:
    return claim(kind, value, TEXT, section=SEC, after=after, line=427, **kw)


def _tables() -> Tables:
    rows = [
        row("合计", is_total=True, total="5,320.16"),
        row("社会保障和就业支出", "208", 1, total="5,159.02"),
        row("卫生健康支出", "210", 1, total="73.10"),
    ]
    return Tables(tables=[table(TableKind.GPB_EXPENSE, "一般公共预算财政拨款支出决算表", rows, index=4)])


def test_pipeline_reports_findings_and_verdicts(monkeypatch):
    claims = [
        _claim("amount", "5159.02", path=["社会保障和就业支出"]),
        _claim("share", "97", after="5159.02", path=["社会保障和就业支出"]),
        _claim("amount", "73.11", path=["卫生健康支出"]),
        _claim("share", "1.3", after="73.11", path=["卫生健康支出"]),
        _claim("count", "3", subject="人数"),
    ]
    from checker.claims import rules

    monkeypatch.setattr(rules, "extract", lambda doc: Extraction(claims=claims, numbers_total=5))
    doc = paragraph_doc(TEXT, line=427, source="t.txt", kind="final")
    report = check_document(doc, CheckOptions(select=["N"]), tables=_tables())
    got = {(f.code, f.kind, f.stated, f.expected, f.severity) for f in report.findings}
    assert got == {
        ("N301", "amount", "73.11", "73.10", "warning"),  # tail difference
        ("N302", "share", "1.3", "1.4", "warning"),  # 73.10 / 5320.16 = 1.374%, truncated
    }
    statuses = [c.status for c in report.claims]
    assert statuses == ["consistent", "consistent", "finding", "finding", "unverified"]
    assert report.coverage.claims_verified == 4 and report.coverage.claims_unverified == 1
    for f in report.findings:
        assert f.stated in f.excerpt and f.excerpt in TEXT and f.computation and f.cells
