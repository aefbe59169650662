"""The rule registry: each check is a small function with a stable code and its own doc.

A rule module declares itself with :func:`rule`; the registry is derived from the
modules, the way ruff derives its rule table. ``checker rules`` lists the registry;
``--select``/``--ignore`` pick rules by code or code prefix.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checker.findings import Finding

RuleFn = Callable[["CheckContext"], Iterable[Finding]]  # noqa: F821 - see checks.context


@dataclass(frozen=True)
class Rule:
    code: str  # e.g. T101 (T table arithmetic, X cross-table, N narrative)
    name: str  # kebab-case
    summary: str  # one line, Chinese
    doc: str  # 作用 / 原因 / 示例
    fn: RuleFn


_RULES: dict[str, Rule] = {}


def rule(code: str, name: str, summary: str) -> Callable[[RuleFn], RuleFn]:
    """Register a check. The function's docstring is its documentation."""

    def deco(fn: RuleFn) -> RuleFn:
        if code in _RULES and _RULES[code].fn is not fn:
            raise ValueError(f"duplicate rule code {code}")
        _RULES[code] = Rule(
            code=code, name=name, summary=summary, doc=inspect.cleandoc(fn.__doc__ or ""), fn=fn
        )
        return fn

    return deco


def all_rules() -> list[Rule]:
    # Importing the rule modules registers them.
    from checker.checks import load_rule_modules

    load_rule_modules()
    return sorted(_RULES.values(), key=lambda r: r.code)


def selected_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    sel = [s.strip().upper() for s in select if s.strip()]
    ign = [s.strip().upper() for s in ignore if s.strip()]
    out = []
    for r in all_rules():
        if sel and not any(r.code.startswith(s) for s in sel):
            continue
        if any(r.code.startswith(s) for s in ign):
            continue
        out.append(r)
    return out
