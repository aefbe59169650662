"""What a rule sees: the document, its typed tables, its claims; and where it records
the verdict on each claim it examined (for the coverage block)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from checker.claims.model import Claim
from checker.document import Document
from checker.tables.model import Tables

Status = Literal["consistent", "finding", "unverified"]


class Verdict(BaseModel):
    claim_index: int
    status: Status
    rule: str = ""  # code of the rule that decided
    reason: str = ""  # for unverified: why (Chinese), for others: what it was compared with
    expected: str = ""
    # Derived values: the interval the inputs allow (what a consistent value must meet).
    lo: str = ""
    hi: str = ""
    # False when the report holds nothing to compare the claim with (no such table, no
    # prior-year figure anywhere): not checkable by design, so not counted as a miss.
    counterpart: bool = True


@dataclass
class CheckContext:
    document: Document
    tables: Tables
    claims: list[Claim]
    verdicts: dict[int, Verdict] = field(default_factory=dict)

    def record(
        self,
        claim: Claim,
        status: Status,
        rule: str,
        reason: str = "",
        expected: str = "",
        interval: tuple[str, str] | None = None,
        counterpart: bool = True,
    ) -> None:
        """Record a verdict; a finding outranks consistent, which outranks unverified."""
        idx = next(i for i, c in enumerate(self.claims) if c is claim)
        rank = {"finding": 2, "consistent": 1, "unverified": 0}
        old = self.verdicts.get(idx)
        if old is None or rank[status] > rank[old.status]:
            lo, hi = interval or ("", "")
            self.verdicts[idx] = Verdict(
                claim_index=idx,
                status=status,
                rule=rule,
                reason=reason,
                expected=expected,
                lo=lo,
                hi=hi,
                counterpart=counterpart,
            )
