"""The narrative rules live one family per module; the registry still sees all ten."""

from checker.checks import RULE_MODULES
from checker.checks import narrative_rules as nr
from checker.checks.registry import all_rules


def _narrative_rules():
    return [r for r in all_rules() if r.code.startswith("N3")]


def test_all_narrative_rules_registered_in_code_order():
    assert [r.code for r in _narrative_rules()] == [f"N3{n:02d}" for n in range(1, 11)]


def test_each_rule_comes_from_a_listed_module():
    # A rule in a module missing from RULE_MODULES would never run.
    for r in _narrative_rules():
        assert r.fn.__module__ in RULE_MODULES, r.code
        assert r.fn.__module__ != "checker.checks.narrative_rules", r.code


def test_narrative_rules_reexports_the_registered_functions():
    by_name = {r.fn.__name__: r.fn for r in _narrative_rules()}
    for name in nr.__all__:
        assert getattr(nr, name) is by_name[name]
    assert sorted(nr.__all__) == sorted(by_name)
