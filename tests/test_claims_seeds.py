"""Rule extractor on the five seed reports: coverage, exact spans and lines, speed, and
the claim each gold item is about."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from checker.claims.model import Claim, Extraction
from checker.claims.rules import extract
from checker.ingest.text import read_text_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
IDS = [s.name[:3] for s in SEEDS]


@cache
def _extraction(seed: Path) -> Extraction:
    return extract(read_text_file(seed))


def _squash(t: str) -> str:
    return re.sub(r"\s+", "", t)


def _value(t: str) -> str:
    return re.sub(r"(?<=\d),(?=\d{3})", "", _squash(t)).rstrip("%％")


@pytest.mark.parametrize("seed", SEEDS, ids=IDS)
def test_coverage_at_least_90_percent(seed: Path):
    ex = _extraction(seed)
    unknown = [u for u in ex.uncovered if u.reason == "未识别的句式"]
    assert ex.numbers_total >= 100
    covered = ex.numbers_total - len(unknown)
    assert covered / ex.numbers_total >= 0.9, [(u.text, u.sentence[:40]) for u in unknown]
    # Every number is accounted for: in a claim (value or related) or with a reason.
    in_claims = sum(1 for c in ex.claims for _ in [c.value_text])
    assert in_claims > 0 and all(u.reason for u in ex.uncovered)


@pytest.mark.parametrize("seed", SEEDS, ids=IDS)
def test_spans_sentences_and_lines_are_exact(seed: Path):
    ex = _extraction(seed)
    raw = seed.read_text(encoding="utf-8").splitlines()
    body = _squash(seed.read_text(encoding="utf-8"))
    assert ex.claims
    for c in ex.claims:
        assert c.sentence[c.span.start : c.span.end] == c.value_text, c
        assert _squash(c.sentence) in body  # verbatim up to the export's line breaks
        assert c.line is not None
        # The value sits on its source line (a value is never broken across lines in the seeds).
        assert c.value_text in raw[c.line - 1].replace(" ", "") or c.value_text in raw[c.line - 1], (
            c.value_text,
            c.line,
            raw[c.line - 1],
        )


# Which claim a gold item is about, by its kind.
CLAIM_KINDS = {
    "amount": ("amount",),
    "label": ("amount",),
    "share": ("share",),
    "format": ("share", "change_pct", "completion_rate"),
    "change_pct": ("change_pct",),
    "change_amount": ("change_amount",),
    "completion_rate": ("completion_rate",),
    "direction": ("direction",),
    "sum": ("sum", "amount"),  # 年初预算为 T 万元: an itemised total is a budget amount
    "count": ("count",),
}


def _narrative_text(seed: Path) -> str:
    return "".join(_squash(x.text) for x in _extraction(seed).sentences)


def _gold_items() -> list[tuple[str, dict]]:
    """Gold items (flag or must-not) whose quote is narrative text, not a table row."""
    out = []
    for seed in SEEDS:
        gold = yaml.safe_load(
            (ROOT / "fixtures" / "gold" / (seed.stem + ".yaml")).read_text(encoding="utf-8")
        )
        text = _narrative_text(seed)
        for group in ("must_flag", "should_flag", "must_not_flag"):
            for item in gold.get(group) or []:
                if item.get("kind", "amount") in CLAIM_KINDS and _squash(item["quote"]) in text:
                    out.append((seed.name, item))
    return out


def _claims_for(seed_name: str, item: dict) -> list[Claim]:
    ex = _extraction(ROOT / "fixtures" / "seeds" / seed_name)
    quote = _squash(item["quote"])
    kinds = CLAIM_KINDS.get(item["kind"]) if "kind" in item else None
    out = []
    for c in ex.claims:
        if kinds and c.kind not in kinds:
            continue
        if _value(c.value_text) != _value(str(item["stated"])):
            continue
        # The claim's value with the words before it lies inside the quote.
        lead = _squash(c.sentence[: c.span.end])[-12:]
        if lead in quote or _squash(c.sentence) in quote or quote in _squash(c.sentence):
            out.append(c)
    return out


GOLD = _gold_items()


def test_gold_items_in_the_narrative_are_many():
    # 8 + 7 + 7 in seed 000 … : most gold items quote the narrative.
    assert len(GOLD) >= 35


@pytest.mark.parametrize(
    "seed_name,item", GOLD, ids=[f"{s[:3]}-{i.get('id') or i['stated']}" for s, i in GOLD]
)
def test_gold_quote_gives_its_claim(seed_name: str, item: dict):
    assert _claims_for(seed_name, item), item["quote"]


def _one(seed_prefix: str, kind: str, value: str, quote: str) -> Claim:
    """The claim a quote is about; a quote the report repeats must give the same claim each time."""
    seed = next(s for s in SEEDS if s.name.startswith(seed_prefix))
    cs = _claims_for(seed.name, {"kind": kind, "stated": value, "quote": quote})
    cs = [c for c in cs if c.kind == kind]
    if kind == "direction":  # 决算数小于预算数 recurs: the one whose figures the quote shows
        cs = [c for c in cs if all(v in _squash(quote) for v in c.related.values())]
    assert cs
    for c in cs[1:]:
        assert (c.related, c.path, c.percent_sign) == (cs[0].related, cs[0].path, cs[0].percent_sign)
    return cs[0]


def test_gold_claims_carry_the_fields_the_checks_need():
    c = _one("000", "amount", "73.11", "卫生健康支出（类）支出 73.11 万元")
    assert c.path == ["卫生健康支出"]
    s = _one("000", "share", "1.3", "卫生健康支出（类）支出 73.11 万元，占 1.3%")
    assert s.path == ["卫生健康支出"] and s.related["part"] == "73.11"
    assert _one("001", "share", "96.2", "社会保障和就业支出 3655.64 万元，占 96.2；").percent_sign is False
    counts = [c for c in _extraction(SEEDS[2]).claims if c.kind == "count" and "一级项目" in c.sentence]
    assert [(c.subject, c.value_text) for c in counts] == [("一级项目", "6"), ("二级项目", "10")]
    g = _one("000", "change_pct", "3.8", "与 2023 年度相比，收入减少 208.13 万元，下降 3.8%")
    assert g.related == {"change": "208.13", "current": "5260.51"}
    d = _one(
        "000",
        "direction",
        "小于",
        "年初预算为0万元，支出决算为109.48万元，完成年初预算的100%。决算数小于预算数",
    )
    assert d.related == {"budget": "0", "final": "109.48"}
    b = _one("004", "change_pct", "5.1", "比上年增加 354.11 万元，增长 5.1%")
    assert b.related == {"change": "354.11", "current": "7216.31"} and b.measure == "基本支出"
    car = _one("004", "amount", "0", "公务用车购置及运行费 0 万元")
    assert car.measure == "公务用车购置及运行费"
    fund = _one("003", "sum", "46.98", "共涉及资金 46.98 万元，占部门项目支出预算总额的 69.60%")
    assert fund.subject == "涉及资金"
    inc = _one("002", "amount", "5905.48", "本年收入中，一般公共预算拨款收入 5905.48 万元")
    assert inc.measure == "一般公共预算拨款收入"
    total = _one("001", "amount", "1058.78", "年初预算为 1058.78 万元")
    assert total.period == "budget" and total.path == []
    items = [
        c for c in _extraction(SEEDS[1]).claims if c.kind == "amount" and c.period == "budget" and c.path
    ]
    assert [c.value_text for c in items] == ["939.54", "119.24", "0", "0", "0", "51.94", "1.65", "85.84"]
