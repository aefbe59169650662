"""The JSON report (contract: fixtures/gold/README.md)."""

from __future__ import annotations

import json

from checker.pipeline import Report


def to_dict(report: Report) -> dict:
    return report.model_dump(mode="json")


def render(report: Report, *, include_claims: bool = True) -> str:
    data = to_dict(report)
    if not include_claims:
        data.pop("claims", None)
    return json.dumps(data, ensure_ascii=False, indent=2)
