"""The report text around a claim, for resolution that needs more than its sentence
(a project named in the sentence before: `州属统外取暖费自评情况：…。项目全年预算数为 357 万元`)."""

from __future__ import annotations

from checker.claims.model import Claim
from checker.document import Document


def text_before(doc: Document | None, claim: Claim, limit: int = 120) -> str:
    """Up to ``limit`` characters of the paragraph before the claim's sentence ('' if unknown)."""
    if doc is None or not claim.sentence:
        return ""
    head = claim.sentence[: min(len(claim.sentence), 12)]
    for b in doc.blocks:
        if b.kind != "paragraph":
            continue
        if claim.line is not None and b.line is not None:
            if not (b.line <= claim.line <= (b.end_line or b.line)):
                continue
        pos = b.text.find(head)
        if pos >= 0:
            return b.text[max(0, pos - limit) : pos]
    return ""
