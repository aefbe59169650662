"""Evidence for narrative findings: verbatim excerpts, locations, cell references."""

from __future__ import annotations

from checker.claims.model import Claim
from checker.findings import CellRef, Location
from checker.resolve.bind import Fact

EXCERPT_MIN, EXCERPT_MAX = 10, 80


def excerpt(claim: Claim, before: int = 32, after: int = 16, prefix: str = "") -> str:
    """Sentence text around the stated value, verbatim, 10–80 characters, value included.

    ``prefix`` is the report text right before the sentence (same paragraph), used when
    the evidence sits in the previous sentence (决算数小于预算数 after the two figures)."""
    s = prefix + claim.sentence
    start, end = claim.span.start + len(prefix), claim.span.end + len(prefix)
    if not (0 <= start <= end <= len(s)):
        # Span does not fit the sentence: fall back to where the value text occurs.
        pos = s.find(claim.value_text, len(prefix))
        start, end = (pos, pos + len(claim.value_text)) if pos >= 0 else (0, min(len(s), EXCERPT_MAX))
    lo = max(0, start - before)
    hi = min(len(s), end + after)
    # Widen short excerpts, then cut long ones on the side away from the value.
    while hi - lo < EXCERPT_MIN and (lo > 0 or hi < len(s)):
        lo, hi = max(0, lo - 1), min(len(s), hi + 1)
    if hi - lo > EXCERPT_MAX:
        lo = max(lo, end - EXCERPT_MAX)
        hi = min(hi, lo + EXCERPT_MAX)
    # Never cut a number in two at either end (…支出决算为 3799.0|1 万元).
    while 0 < lo < len(s) and _numeric(s[lo]) and _numeric(s[lo - 1]):
        lo -= 1
    while 0 < hi < len(s) and _numeric(s[hi]) and _numeric(s[hi - 1]):
        hi += 1
    return s[lo:hi].strip() or s[:EXCERPT_MAX]


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,"


def location(claim: Claim) -> Location:
    return Location(line=claim.line, page=claim.page, section=claim.section or None)


def cell_ref(fact: Fact) -> CellRef:
    return CellRef(
        table=fact.table.title,
        row=(f"{fact.row.code} " if fact.row.code else "") + fact.row.label,
        column=fact.column_label,
        text=_printed(fact),
        line=fact.line,
        page=fact.row.page,
    )


def _printed(fact: Fact) -> str:
    """The cell as printed; a blank cell (read as zero) says so."""
    cell = fact.row.cells.get(fact.column_key)
    if cell is not None:
        # as printed, even when the value was read in another unit (3,503,499 元 as 350.3499 万元)
        return cell.text.strip() or "（空白）"
    return fact.num.text
