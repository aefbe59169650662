"""Narrative claims vs tables (N3xx): amounts, shares, growth, completion rates,
direction words, sums, counts and percent formatting.

The rules live in one module per family (``narrative_amounts``, ``narrative_changes``,
``narrative_rates``, ``narrative_direction``, ``narrative_sums``, ``narrative_counts``,
``narrative_format``; shared helpers in ``narrative_common`` and ``narrative_perf``).
This module gathers the rule functions under one name for callers and tests.

Every claim a rule looks at gets a verdict (consistent / finding / unverified with a
specific reason), so the coverage block tells what was and was not checked.
"""

from __future__ import annotations

from checker.checks.narrative_amounts import amount_restated, share
from checker.checks.narrative_changes import change_amount, change_pct
from checker.checks.narrative_counts import count
from checker.checks.narrative_direction import direction
from checker.checks.narrative_format import percent_format
from checker.checks.narrative_rates import completion_rate
from checker.checks.narrative_sums import itemised_total, sum_of_items

__all__ = [
    "amount_restated",
    "change_amount",
    "change_pct",
    "completion_rate",
    "count",
    "direction",
    "itemised_total",
    "percent_format",
    "share",
    "sum_of_items",
]
