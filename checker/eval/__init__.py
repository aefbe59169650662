"""Measurement against gold sets: ``checker eval GOLD_DIR DOCS_DIR``."""

from __future__ import annotations

import time
from pathlib import Path

from checker.eval.gold import EvalResult, load_gold, score_document
from checker.pipeline import CheckOptions, check_file


def evaluate(gold_dir: str | Path, docs_dir: str | Path, options: CheckOptions | None = None) -> EvalResult:
    """Check every document a gold file names and score the findings against it."""
    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    result = EvalResult()
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        gold = load_gold(gold_path)
        t0 = time.perf_counter()
        report = check_file(docs_dir / gold.document, options)
        seconds = time.perf_counter() - t0
        findings = [f.model_dump(mode="json") for f in report.findings]
        if report.status in ("ok", "unchecked"):  # unchecked: read, its findings stand
            score = score_document(gold, findings)
        else:  # nothing was checked: every item counts as missed
            score = score_document(gold, [])
            score.error = report.error
        score.seconds = round(seconds, 4)
        result.documents.append(score)
    return result


__all__ = ["EvalResult", "evaluate"]
