"""Rule-based claim extractor (placeholder until the extractor lands)."""

from __future__ import annotations

from checker.claims.model import Extraction
from checker.document import Document


def extract(doc: Document) -> Extraction:
    return Extraction()
