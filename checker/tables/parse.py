"""Entry point of the tables stage (placeholder until the parser lands)."""

from __future__ import annotations

from checker.document import Document
from checker.tables.model import Tables


def parse_tables(doc: Document) -> Tables:
    return Tables()
