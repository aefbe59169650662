"""Scoring findings against gold annotations.

The matching rules are those of the shared scorer (``fixtures/score_gold.py``), so that
``checker eval`` and the scorer print the same counts:

* a must/should item is found when a finding names the same value (same ``stated``, or
  the same {stated, expected} pair, numbers compared without thousands separators and
  trailing %) and points at the same place (its excerpt and the item's quote or one of
  its alt_quotes overlap by ≥ 12 characters, or one contains the other, whitespace
  removed);
* a must_not item is violated by an error/warning finding matching it on ``stated``;
* other error/warning findings are *unlabeled*.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from checker.document import CheckerError

_WS = re.compile(r"\s+")


def squash(text: str | None) -> str:
    return _WS.sub("", text or "")


def value_key(text: object) -> str:
    s = squash(str(text if text is not None else ""))
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    return s.rstrip("%％")


def overlaps(a: str, b: str) -> bool:
    a, b = squash(a), squash(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(12, len(a), len(b))


def same_value(item: dict, finding: dict, pair_ok: bool = True) -> bool:
    fs, fe = value_key(finding.get("stated")), value_key(finding.get("expected"))
    gs, ge = value_key(item.get("stated")), value_key(item.get("expected"))
    if fs and fs == gs:
        return True
    return pair_ok and bool(fs and fe and ge) and {fs, fe} == {gs, ge}


def hits(item: dict, finding: dict, pair_ok: bool = True) -> bool:
    if not same_value(item, finding, pair_ok):
        return False
    quotes = [item.get("quote", ""), *(item.get("alt_quotes") or [])]
    return any(overlaps(q, finding.get("excerpt", "")) for q in quotes)


def serious(finding: dict) -> bool:
    return str(finding.get("severity", "")).lower() in ("error", "warning")


class GoldFile(BaseModel):
    path: str
    document: str
    kind: str = ""
    must_flag: list[dict] = Field(default_factory=list)
    should_flag: list[dict] = Field(default_factory=list)
    must_not_flag: list[dict] = Field(default_factory=list)


def load_gold(path: Path) -> GoldFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise CheckerError(f"无法读取标注文件 {path}：{e}") from e
    if not isinstance(data, dict) or "document" not in data:
        raise CheckerError(f"标注文件格式不对（缺少 document 字段）：{path}")
    return GoldFile(
        path=str(path),
        document=str(data["document"]),
        kind=str(data.get("kind") or ""),
        must_flag=list(data.get("must_flag") or []),
        should_flag=list(data.get("should_flag") or []),
        must_not_flag=list(data.get("must_not_flag") or []),
    )


class ItemResult(BaseModel):
    tier: str  # must | should
    id: str
    stated: str
    expected: str = ""
    found: bool


class DocScore(BaseModel):
    document: str
    findings: int = 0
    items: list[ItemResult] = Field(default_factory=list)
    violations: list[str] = Field(default_factory=list)  # must_not quotes violated
    unlabeled: list[dict] = Field(default_factory=list)  # serious findings matching no item
    true_positives: int = 0  # serious findings matching a must/should item
    false_positives: int = 0  # serious findings violating a must_not item
    error: str = ""
    seconds: float = 0.0

    def tier(self, tier: str) -> tuple[int, int]:
        xs = [i for i in self.items if i.tier == tier]
        return sum(i.found for i in xs), len(xs)


def score_document(gold: GoldFile, findings: list[dict]) -> DocScore:
    score = DocScore(document=gold.document, findings=len(findings))
    labeled: set[int] = set()
    for tier, items in (("must", gold.must_flag), ("should", gold.should_flag)):
        for item in items:
            found = [i for i, f in enumerate(findings) if hits(item, f)]
            labeled.update(found)
            score.items.append(
                ItemResult(
                    tier=tier,
                    id=str(item.get("id", "")),
                    stated=str(item.get("stated", "")),
                    expected=str(item.get("expected", "")),
                    found=bool(found),
                )
            )
    tp = {i for i in labeled if serious(findings[i])}
    fp: set[int] = set()
    for item in gold.must_not_flag:
        matching = [i for i, f in enumerate(findings) if hits(item, f, pair_ok=False)]
        labeled.update(matching)
        bad = [i for i in matching if serious(findings[i])]
        fp.update(bad)
        if bad:
            score.violations.append(str(item.get("quote", "")))
    score.true_positives = len(tp)
    score.false_positives = len(fp - tp)
    score.unlabeled = [f for i, f in enumerate(findings) if i not in labeled and serious(f)]
    return score


class EvalResult(BaseModel):
    documents: list[DocScore] = Field(default_factory=list)

    def totals(self) -> dict[str, float | int]:
        must = [d.tier("must") for d in self.documents]
        should = [d.tier("should") for d in self.documents]
        tp = sum(d.true_positives for d in self.documents)
        fp = sum(d.false_positives for d in self.documents)
        out: dict[str, float | int] = {
            "must_found": sum(a for a, _ in must),
            "must_total": sum(b for _, b in must),
            "should_found": sum(a for a, _ in should),
            "should_total": sum(b for _, b in should),
            "violations": sum(len(d.violations) for d in self.documents),
            "unlabeled": sum(len(d.unlabeled) for d in self.documents),
            "true_positives": tp,
            "false_positives": fp,
            "seconds": round(sum(d.seconds for d in self.documents), 3),
        }
        found = out["must_found"] + out["should_found"]
        total = out["must_total"] + out["should_total"]
        out["recall"] = round(found / total, 4) if total else 1.0
        out["precision_labeled"] = round(tp / (tp + fp), 4) if tp + fp else 1.0
        return out
