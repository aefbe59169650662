"""Amounts of a narrative: restated figures, budget / final / prior-year figures, 涉及资金."""

from __future__ import annotations

import re

from checker.claims.cues import (
    BOTH_SIDES,
    BUDGET,
    CHANGE_WORD,
    FINAL,
    FUND,
    FUND_OTHER,
    FUND_SCOPE,
    FUND_SCOPED,
    OUTCOME,
    PRIOR,
    VS_BUDGET,
    VS_BUDGET_LEAD,
)
from checker.claims.perf import is_perf, project_of
from checker.claims.scan import R_AMBIGUOUS, R_PERF_FUND, R_VS_BUDGET, Tok, squash
from checker.claims.state import AMOUNT_ROLES, ExtractorState, Para
from checker.claims.subjects import clean_subject, path_of, strip_path
from checker.claims.vocab import PERF_BUDGET, PERF_EXECUTED, measure_of

# A change is measured against something: 比/较/同比/与…相比/上年 somewhere before it.
CHANGE_CONTEXT = re.compile(r"比|较|同比|相比|上年|去年|年初")
# Words that name which figure (预算安排, 当年预算执行数), never what it is about.
GENERIC_PLAN = re.compile(r"(?:当年|本年|全年|年度)?(?:预算|决算)?(?:安排|执行数)")


class AmountsMixin(ExtractorState):
    def _amount(self, i: int, p: Para, t: Tok, cs: int, pre: str) -> None:
        s = self.sents[i]
        text = s.text
        if VS_BUDGET.search(pre) or (
            CHANGE_WORD.search(pre) and VS_BUDGET_LEAD.search(squash(text[: t.start]))
        ):
            t.reason = R_VS_BUDGET
            return
        if pre.endswith("增加减少"):
            t.reason = R_AMBIGUOUS
            return
        m = CHANGE_WORD.search(pre)
        if m and m.group(1) == "增长" and not CHANGE_CONTEXT.search(squash(text[: t.start])):
            m = None  # 支持商销稳增长 30.00 万: a name ending in 增长, not a change
        if m:
            self._change_amount(i, p, t, cs, pre, m)
            return
        if FUND.search(pre):
            t.role = "fund"
            t.subject = "涉及资金"
            self._emit("sum", i, t, subject="涉及资金", unit=t.unit)
            return
        if FUND_OTHER.search(pre):
            t.reason = R_PERF_FUND
            return
        role = "plain"
        cue = ""
        # In a budget report every figure is a budget: 预算 names no other column there,
        # unless the statement sets it against an outcome (决算 / 执行数).
        if (pm := PRIOR.search(pre)) and self._is_prior(pm):
            role, cue = "prior", pm.group()
        elif not self._against_outcome(i):
            pass
        elif (b := BUDGET.search(pre)) and not pre.endswith(("本年预算", "当年预算")):
            role, cue = "budget", b.group()
        elif f := FINAL.search(pre):
            role, cue = "final", f.group()
        t.role = role
        t.extra = {"cue": cue}
        self._note_pair(i, t)
        raw = text[cs : t.start]
        raw_subject = squash(raw)[: len(squash(raw)) - len(cue)] if cue else raw
        subject = clean_subject(strip_path(raw_subject))
        if role in ("final", "prior") and subject in ("支出", "比", "较", "与"):
            subject = ""  # `…预算为 A 万元，支出决算为 B 万元`: 支出 names nothing new
        if p.path and GENERIC_PLAN.fullmatch(subject):
            # `2024年预算安排 25.77 万元` after the item's path: the words name the column, not a row
            subject = ""
        own_path = path_of(raw_subject)
        path = own_path or (p.path if not subject else [])
        measure = ""
        if is_perf(self.sents, i) and role in ("budget", "final") and not path:
            measure = PERF_BUDGET if role == "budget" else PERF_EXECUTED
            subject = project_of(self.sents, i) or subject
        elif not subject and not path:
            # `…预算为 0.36 万元，支出决算为 0.2 万元`: the statement's subject goes on.
            prev = self._last_amount(i, t, same_sentence=True, roles=(*AMOUNT_ROLES, "change"))
            if prev is not None:
                subject, path, measure = prev.subject, list(prev.path), prev.measure
        else:
            # 一般公共预算拨款支出预算数 in a budget report: 预算数 is only the report's word.
            measure = measure_of(subject) or measure_of(
                re.sub(r"(?:本年|当年)?预算(?:数|金额)?$", "", subject)
            )
            scope = self._fund_scope(i)
            if scope and measure in FUND_SCOPED:
                # `政府性基金预算财政拨款年初结转和结余 0 万元；本年支出 0 万元`: that fund's 本年支出,
                # not the department's.
                subject, measure = scope + subject, ""
        t.subject, t.path, t.measure = subject, path, measure
        period = "current"
        if role == "budget":
            period = "budget"
        elif role in ("final", "prior"):
            period = role
        if not path and BOTH_SIDES.search(subject) and re.search(r"总计|总预算", subject):
            for side in ("收入总计", "支出总计"):
                self._emit("amount", i, t, subject=subject, measure=side, period=period, unit=t.unit)
            return
        self._emit("amount", i, t, subject=subject, measure=measure, path=path, period=period, unit=t.unit)

    def _is_prior(self, m: re.Match) -> bool:
        """上年 always; a year only when it is before the report's own year."""
        year = m.group("year")
        return not year or (self.year is not None and int(year) < self.year)

    def _fund_scope(self, i: int) -> str:
        s = self.sents[i]
        m = FUND_SCOPE.search(" ".join(s.sections[1:]) + s.block.text[:40])
        return m.group(1) + "预算" if m else ""

    def _against_outcome(self, i: int) -> bool:
        if self.doc.kind != "budget":
            return True
        text = "".join(self.sents[j].text for j in self._statement(i))
        return bool(OUTCOME.search(text))
