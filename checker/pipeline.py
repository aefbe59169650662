"""The library entry points the CLI mirrors: ``check_file`` and ``check_document``."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from checker import __version__
from checker.checks.context import CheckContext
from checker.checks.registry import selected_rules
from checker.claims.model import Claim, Extraction
from checker.claims.scan import R_UNKNOWN
from checker.document import Document
from checker.findings import Finding
from checker.reading import assess
from checker.tables.model import Tables

ExtractorName = Literal["rules", "llm", "hybrid"]


class CheckOptions(BaseModel):
    extractor: ExtractorName = "rules"
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    model: str | None = None  # LLM model name (CHECKER_MODEL)
    use_cache: bool = True
    cache_path: str | None = None
    llm_concurrency: int = 4


class Coverage(BaseModel):
    narrative_numbers: int = 0  # numbers written in the narrative
    claims_extracted: int = 0
    claims_verified: int = 0  # consistent + with a finding
    claims_consistent: int = 0
    claims_with_findings: int = 0
    claims_unverified: int = 0
    numbers_uncovered: int = 0  # numbers no claim accounts for (each with a reason)
    boilerplate: int = 0
    llm_dropped_ungrounded: int = 0
    # LLM path: numbers in sentences the model failed on that no rule read (not accounted),
    # and model claims that read a rule-read number differently (the rule reading is kept)
    numbers_not_checked: int = 0
    llm_disagreements: int = 0
    unverified_reasons: dict[str, int] = Field(default_factory=dict)
    uncovered_reasons: dict[str, int] = Field(default_factory=dict)
    # Narrative numbers either in a claim (verified, or unverified with its reason) or
    # set aside with a specific reason (年份, 序号, 人数 …) — i.e. all but 未识别的句式.
    numbers_accounted: int = 0
    accounted_pct: float = 0.0
    # Statements that could be recomputed (claims, and numbers in sentences no rule
    # read) and the share of them that was: consistent or a finding.
    checkable: int = 0
    verified_pct: float = 0.0
    no_counterpart: int = 0  # claims the report prints nothing to compare with (not checkable)


class ClaimRecord(BaseModel):
    claim: Claim
    status: str  # consistent | finding | unverified
    counterpart: bool = True  # False: the report prints nothing to compare it with
    rule: str = ""
    reason: str = ""
    expected: str = ""
    lo: str = ""  # derived values: the interval of true values the inputs allow
    hi: str = ""


class TableSummary(BaseModel):
    index: int
    kind: str
    title: str
    number: str = ""
    rows: int
    line: int | None = None
    page: int | None = None


class Report(BaseModel):
    source: str
    format: str = "txt"
    kind: str = "unknown"
    title: str = ""
    checker_version: str = __version__
    extractor: str = "rules"
    # ok: read and checked | error: the input could not be read | unchecked: read, but the
    # narrative was not found, the text looks garbled, or too little of it could be
    # verified (``reading`` says why) | internal: the checker itself failed
    status: str = "ok"
    error: str = ""
    reading: list[str] = Field(default_factory=list)  # why the report counts as not (fully) checked
    findings: list[Finding] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    claims: list[ClaimRecord] = Field(default_factory=list)
    tables: list[TableSummary] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    llm: dict[str, int | str] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    # The typed tables themselves, for the HTML page (cells highlighted); not part of the JSON contract.
    typed_tables: Tables | None = Field(default=None, exclude=True)

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in ("error", "warning", "info")}

    @property
    def exit_code(self) -> int:
        """0 clean, 1 error-level findings, 2 could not read / could not check, 3 internal error.
        A report that was not (fully) checked is never 0 or 1: a script must not mistake it
        for a clean or a merely flawed report."""
        return exit_code_for(self.status, any(f.severity == "error" for f in self.findings))


EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNCHECKED, EXIT_INTERNAL = 0, 1, 2, 3


def exit_code_for(status: str, has_errors: bool) -> int:
    if status == "internal":
        return EXIT_INTERNAL
    if status != "ok":
        return EXIT_UNCHECKED
    return EXIT_FINDINGS if has_errors else EXIT_CLEAN


def extract_claims(doc: Document, options: CheckOptions) -> Extraction:
    from checker.claims import rules

    if options.extractor == "rules":
        return rules.extract(doc)
    from checker.document import CheckerError

    try:  # the LLM path is optional and imported only when asked for
        from checker.claims import llm
    except ImportError:
        message = "LLM 提取器尚未安装或不可用"
        if options.extractor == "hybrid":
            result = rules.extract(doc)
            result.warnings.append(f"{message}，仅使用规则提取结果")
            return result
        raise CheckerError(f"{message}（可改用 --extractor rules）") from None
    return llm.extract(doc, options)


def check_document(
    doc: Document,
    options: CheckOptions | None = None,
    *,
    tables: Tables | None = None,
    extraction: Extraction | None = None,  # claims already read from this narrative (bench mutate)
) -> Report:
    from checker.tables.parse import parse_tables

    options = options or CheckOptions()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if tables is None:
        tables = parse_tables(doc)
    timings["tables"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    if extraction is None:
        extraction = extract_claims(doc, options)
    timings["claims"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    held = held_claims(extraction) if options.extractor != "rules" else {}
    checked = [c for i, c in enumerate(extraction.claims) if i not in held]
    ctx = CheckContext(document=doc, tables=tables, claims=checked)
    findings: list[Finding] = []
    rules_run = selected_rules(options.select, options.ignore)
    for r in rules_run:
        findings.extend(r.fn(ctx))
    findings = dedupe(findings)
    findings.sort(key=Finding.sort_key)
    timings["checks"] = time.perf_counter() - t2

    records: list[ClaimRecord] = []
    at = 0  # index of the claim in ``checked`` (the checks' verdicts are keyed by it)
    for i, claim in enumerate(extraction.claims):
        if i in held:
            records.append(ClaimRecord(claim=claim, status="unverified", reason=held[i]))
            continue
        v = ctx.verdicts.get(at)
        at += 1
        if v is None:
            records.append(ClaimRecord(claim=claim, status="unverified", reason="没有规则能核对此类表述"))
        else:
            records.append(
                ClaimRecord(
                    claim=claim,
                    status=v.status,
                    rule=v.rule,
                    counterpart=v.counterpart,
                    reason=v.reason,
                    expected=v.expected,
                    lo=v.lo,
                    hi=v.hi,
                )
            )
    cov = Coverage(
        narrative_numbers=extraction.numbers_total,
        claims_extracted=len(records),
        claims_consistent=sum(r.status == "consistent" for r in records),
        claims_with_findings=sum(r.status == "finding" for r in records),
        claims_unverified=sum(r.status == "unverified" for r in records),
        numbers_uncovered=len(extraction.uncovered),
        boilerplate=extraction.boilerplate,
        llm_dropped_ungrounded=extraction.dropped_ungrounded,
        numbers_not_checked=int(extraction.llm.get("numbers_not_checked", 0) or 0),
        llm_disagreements=int(extraction.llm.get("claims_disagreeing_rules", 0) or 0),
        unverified_reasons=dict(Counter(r.reason for r in records if r.status == "unverified")),
        uncovered_reasons=dict(Counter(u.reason for u in extraction.uncovered)),
    )
    cov.claims_verified = cov.claims_consistent + cov.claims_with_findings
    unknown = sum(1 for u in extraction.uncovered if u.reason == R_UNKNOWN)
    cov.numbers_accounted = cov.narrative_numbers - unknown - cov.numbers_not_checked
    cov.accounted_pct = (
        round(100 * cov.numbers_accounted / cov.narrative_numbers, 1) if cov.narrative_numbers else 0.0
    )
    cov.no_counterpart = sum(1 for r in records if r.status == "unverified" and not r.counterpart)
    cov.checkable = cov.claims_extracted - cov.no_counterpart + unknown
    cov.verified_pct = round(100 * cov.claims_verified / cov.checkable, 1) if cov.checkable else 0.0
    # With the narrative rules deselected (--select T) the narrative is left alone by choice.
    narrative_run = any(r.code.startswith("N") for r in rules_run)
    reading = assess(
        doc,
        cov.narrative_numbers,
        cov.checkable if narrative_run else 0,
        cov.claims_verified,
        narrative_run=narrative_run,
    )
    # --extractor llm whose model gave nothing usable: read, but not checked as asked
    unchecked = str(extraction.llm.get("unchecked", "") or "")
    if unchecked:
        reading.append(unchecked)
    report = Report(
        source=doc.source,
        format=doc.format,
        kind=doc.kind,
        title=doc.title,
        status="unchecked" if reading else "ok",
        reading=reading,
        # one line for the batch store and summaries, which show ``error`` for any non-ok status
        error="未完成核对：" + "；".join(reading) if reading else "",
        extractor=options.extractor,
        findings=findings,
        coverage=cov,
        claims=records,
        tables=[
            TableSummary(
                index=t.index,
                kind=t.kind.value,
                title=t.title,
                number=t.number,
                rows=len(t.rows),
                line=t.line,
                page=t.page,
            )
            for t in tables.tables
        ],
        warnings=[*doc.warnings, *extraction.warnings],
        llm=extraction.llm,
        timings={k: round(v, 4) for k, v in timings.items()},
        typed_tables=tables,
    )
    reason = not_a_report(doc, tables)
    if reason:
        report.status = "unchecked"
        report.reading.insert(0, reason)
        report.error = "未完成核对：" + "；".join(report.reading)
    return report


_NUMBER = re.compile(r"[0-9０-９]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def not_a_report(doc: Document, tables: Tables) -> str | None:
    """Why the file cannot be a budget/final-accounts report, or None. Deliberately narrow:
    no table was recognised and no sentence of Chinese text states a number, so there is
    nothing to check (an exit code of 0 would read as "checked, clean")."""
    if tables.tables:
        return None
    for b in doc.blocks:
        if b.kind != "table" and _NUMBER.search(b.text) and len(_HAN.findall(b.text)) >= 4:
            return None
    return "不像部门预算/决算报告：没有识别出报表，也没有含数字的说明文字，无法检查"


def held_claims(extraction: Extraction) -> dict[int, str]:
    """LLM claims that must not be compared (a count read as money, a zero, a unit the text
    does not write …), by index, with the reason they stay unverified."""
    from checker.llm.ground import hold_reason

    held = {}
    for i, c in enumerate(extraction.claims):
        if c.extractor == "llm" and (why := hold_reason(c)):
            held[i] = why
    return held


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Two rules may reach the same conclusion about the same printed value: keep one."""
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (
            f.kind,
            f.stated,
            f.expected,
            f.location.line,
            # two sentences of one paragraph stating the same wrong value are two places
            # to fix; formats whose paragraph is one "line" (DOCX, HTML) tell them apart here
            f.excerpt,
            f.location.table,
            f.location.row,
            f.location.column,
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def check_file(path: str | Path, options: CheckOptions | None = None) -> Report:
    """Read and check one report. Never raises: bad input is status=error, a failure of the
    checker itself status=internal (traceback in a log file named in ``error``)."""
    from checker.document import CheckerError
    from checker.ingest import load

    t0 = time.perf_counter()
    try:
        doc = load(path)
        t_ingest = time.perf_counter() - t0
        report = check_document(doc, options)
    except CheckerError as e:
        return Report(source=str(path), status="error", error=str(e))
    except MemoryError:
        return Report(source=str(path), status="error", error="内存超限：该文件需要的内存超过上限，未检查")
    except RecursionError:
        return Report(source=str(path), status="error", error="文件结构嵌套过深，无法检查")
    except Exception as e:  # a bug of ours: one line + a log, never a traceback (exit code 3)
        from checker.internal import internal_message

        return Report(source=str(path), status="internal", error=internal_message(e, f"check_file({path})"))
    report.timings = {"ingest": round(t_ingest, 4), **report.timings}
    return report
