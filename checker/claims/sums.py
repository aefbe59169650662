"""Stated totals of listed items (`收支总预算 X 万元，其中：本年预算 A 万元；上年结转 B 万元`)."""

from __future__ import annotations

import re

from checker.claims.cues import SUM_LEAD
from checker.claims.scan import Tok
from checker.claims.state import AMOUNT_ROLES, ExtractorState, Para


class SumsMixin(ExtractorState):
    def _sums(self, p: Para) -> None:
        """`收支总预算 X 万元，其中：本年预算 A 万元；上年结转 B 万元` → X = A + B."""
        flat = [(j, q) for j in p.sents for q in self.toks[j]]
        for n, (j, tot) in enumerate(flat):
            if tot.role not in AMOUNT_ROLES:
                continue
            s = self.sents[j]
            if not SUM_LEAD.match(s.text, tot.unit_end):
                continue
            items: list[Tok] = []
            last_sent = j
            # A total that is itself an item of a list (`…；公务用车费 10 万元，其中 …；`)
            # lists its own items only up to its ；.
            nested = self._statement(j)[0] != j
            for j2, q in flat[n + 1 :]:
                if j2 != last_sent and (self.sents[last_sent].ends_statement or nested):
                    break
                last_sent = j2
                if q.role not in AMOUNT_ROLES or q.unit != tot.unit:
                    continue
                text2 = self.sents[j2].text
                lo = q.start
                while lo > 0 and text2[lo - 1] not in "，,；;：:。、和及":
                    lo -= 1
                if any(r.start >= lo and r.start < q.start and r.is_amount for r in self.toks[j2]):
                    continue  # not the first amount of its clause
                if re.fullmatch(r"(?:合计|总计|共计)(?:为|是)?", "".join(text2[lo : q.start].split())):
                    break  # `…，合计1170.00万。`: the total said again closes the list
                items.append(q)
            if len(items) >= 2:
                for q in items:
                    q.covered = True
                self._emit(
                    "sum",
                    j,
                    tot,
                    subject=tot.subject,
                    measure=tot.measure,
                    path=list(tot.path),
                    related={"items": "+".join(q.text for q in items)},
                    unit=tot.unit,
                )
