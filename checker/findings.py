"""Findings: what the checker reports, each with the evidence to confirm it in seconds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Location(BaseModel):
    line: int | None = None
    page: int | None = None
    section: str | None = None  # narrative section heading, when the finding is in the text
    table: str | None = None  # table title as printed (e.g. 一般公共预算财政拨款支出决算表)
    row: str | None = None  # row label / code as printed
    column: str | None = None  # column label as printed


class CellRef(BaseModel):
    """A table cell used as evidence."""

    table: str
    row: str
    column: str
    text: str  # value as printed
    line: int | None = None
    page: int | None = None


class Finding(BaseModel):
    code: str  # rule code, e.g. T101
    rule: str  # rule name, kebab-case
    severity: Severity
    kind: str  # amount | share | change_pct | change_amount | completion_rate | direction | sum | count
    # | table_sum | cross_table | label | format | unverified …
    stated: str  # the value as the report writes it, verbatim
    expected: str  # the value the tables (or the recomputation) give
    excerpt: str  # report text around the stated value, verbatim
    message: str  # one sentence a reviewer can act on (Chinese)
    computation: str = ""  # the arithmetic a person can redo with a calculator
    location: Location = Field(default_factory=Location)
    cells: list[CellRef] = Field(default_factory=list)
    pattern: str | None = None  # named slip (×10, 漏写一位数字 …)

    def sort_key(self) -> tuple:
        return (self.location.line or 0, SEVERITY_ORDER[self.severity], self.code)
