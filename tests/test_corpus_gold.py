"""The corpus gold (fixtures/gold/corpus): real published PDFs read by a reviewer, every
narrative figure recomputed by hand. The checker must find every must item, most should
items, and flag nothing the reviewer found consistent."""

from __future__ import annotations

from pathlib import Path

from checker.eval import evaluate

ROOT = Path(__file__).parent.parent / "fixtures"


def test_corpus_gold_must_found_and_no_must_not_violated():
    t = evaluate(ROOT / "gold" / "corpus", ROOT / "corpus").totals()
    assert t["must_total"] >= 1 and t["must_found"] == t["must_total"]
    assert t["should_found"] >= 0.8 * t["should_total"]
    assert t["violations"] == 0
    assert t["unlabeled"] == 0  # every serious finding on the corpus adjudicated in its gold
