"""The eval scorer's matching rules (same as fixtures/score_gold.py)."""

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from checker.cli import app
from checker.eval.gold import GoldFile, hits, score_document

ROOT = Path(__file__).resolve().parents[1]

ITEM = {
    "id": "x",
    "quote": "卫生健康支出（类）支出 73.11 万元，占 1.3%",
    "stated": "73.11",
    "expected": "73.10",
}


def f(stated, expected="", excerpt="", severity="error"):
    return {"stated": stated, "expected": expected, "excerpt": excerpt, "severity": severity, "message": "m"}


def test_same_stated_and_overlapping_excerpt_is_a_hit():
    assert hits(ITEM, f("73.11", "73.1", "健康支出（类）支出 73.11 万元"))


def test_whitespace_is_ignored_in_excerpts():
    assert hits(ITEM, f("73.11", excerpt="卫生 健康 支出（类）支出73.11万元"))


def test_short_overlap_is_not_a_hit():
    # Only "73.11 万元" (8 characters without spaces) in common.
    assert not hits(ITEM, f("73.11", excerpt="合计 73.11 万元"))


def test_pair_match_in_either_order_and_number_normalisation():
    item = {"quote": "合计 5,320.16 5,320.16 1,103.90", "stated": "5,320.16", "expected": "1,383.39"}
    assert hits(item, f("1383.39", "5320.16", "合计 5,320.16 5,320.16 1,103.90 279.49"))
    assert not hits(item, f("1383.39", "5320.16", "合计 5,320.16 5,320.16 1,103.90 279.49"), pair_ok=False)
    assert hits(
        {"quote": "占 96.2；这是一段足够长的原文", "stated": "96.2"},
        f("96.2%", excerpt="占 96.2；这是一段足够长的原文"),
    )


def test_different_value_is_not_a_hit():
    assert not hits(ITEM, f("1.3", "1.4", ITEM["quote"]))


def test_score_counts_violations_unlabeled_and_precision():
    gold = GoldFile(
        path="g.yaml",
        document="d.txt",
        must_flag=[ITEM],
        should_flag=[
            {
                "id": "s",
                "quote": "完成年初预算的 111.8%，决算数大于预算数",
                "stated": "111.8",
                "expected": "111.9",
            }
        ],
        must_not_flag=[{"quote": "社会保障和就业支出（类）支出 5159.02 万元，占 97%", "stated": "97"}],
    )
    findings = [
        f("73.11", "73.10", ITEM["quote"], "warning"),
        f("97", "96.97", "社会保障和就业支出（类）支出 5159.02 万元，占 97%", "error"),
        f("97", "96.97", "社会保障和就业支出（类）支出 5159.02 万元，占 97%", "info"),
        f("12.5", "12.6", "某个与标注无关的句子里的数字 12.5 万元", "error"),
        f("3", "4", "另一个与标注无关的句子里的 3 个项目", "info"),
    ]
    s = score_document(gold, findings)
    assert s.tier("must") == (1, 1)
    assert s.tier("should") == (0, 1)
    assert len(s.violations) == 1
    assert len(s.unlabeled) == 1 and s.unlabeled[0]["stated"] == "12.5"  # info findings are never unlabeled
    assert s.true_positives == 1 and s.false_positives == 1


def _numbers(line: str) -> list[str]:
    return re.findall(r"\d+(?:/\d+)?", line.split("time")[0])


def test_eval_prints_the_same_counts_as_the_shared_scorer():
    checker_bin = str(Path(sys.executable).parent / "checker")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fixtures/score_gold.py"),
            "--gold",
            str(ROOT / "fixtures/gold"),
            "--docs",
            str(ROOT / "fixtures/seeds"),
            "--",
            checker_bin,
            "check",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scorer_last = proc.stdout.strip().splitlines()[-1]
    result = CliRunner().invoke(app, ["eval", str(ROOT / "fixtures/gold"), str(ROOT / "fixtures/seeds")])
    assert result.exit_code == 0, result.output
    ours = result.output.strip().splitlines()[-1]
    # must a/b, should a/b, violations, unlabeled — in that order in both lines.
    assert _numbers(scorer_last)[:4] == _numbers(ours)[:4], (scorer_last, ours)
