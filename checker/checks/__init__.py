"""Checks: rules that compare claims with tables and tables with each other.

Each rule lives in a module of this package and registers itself with
:func:`checker.checks.registry.rule`. Adding a check = adding one module (listed in
``RULE_MODULES``) and its test file.
"""

from __future__ import annotations

import importlib

RULE_MODULES: tuple[str, ...] = (
    # table arithmetic and cross-table identities (T1xx, X2xx)
    "checker.checks.table_rules",
    "checker.checks.table_perf",
    "checker.checks.table_cross",
    # narrative claims vs tables (N3xx)
    "checker.checks.narrative_amounts",  # N301, N302
    "checker.checks.narrative_changes",  # N303, N304
    "checker.checks.narrative_rates",  # N305
    "checker.checks.narrative_direction",  # N306
    "checker.checks.narrative_sums",  # N307, N309
    "checker.checks.narrative_counts",  # N308
    "checker.checks.narrative_format",  # N310
    # the report as a whole (R4xx): table set, identity, classification names
    "checker.checks.report_tables",  # R401–R405
    "checker.checks.report_identity",  # R411–R414
    "checker.checks.report_names",  # R421
)


def load_rule_modules() -> None:
    for name in RULE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as e:  # a rule module not written yet
            if e.name != name:
                raise
