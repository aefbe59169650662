"""Shares (占 Y%): the part and the base a share is taken of."""

from __future__ import annotations

import re

from checker.claims.cues import PARTS_LEAD
from checker.claims.scan import Tok, squash
from checker.claims.state import ExtractorState, Para
from checker.claims.subjects import clean_subject, share_base, strip_path
from checker.claims.vocab import measure_of


class SharesMixin(ExtractorState):
    def _share(self, i: int, p: Para, t: Tok, cs: int, pre: str, *, percent_sign: bool) -> None:
        before_zhan, _, between = pre.rpartition("占")
        base = share_base(between)
        base_figure = None
        if not base:
            base, base_figure = self._statement_base(i, t)
        subject = clean_subject(strip_path(before_zhan.removesuffix("所")))
        part = None
        if not subject:
            part = self._last_amount(i, t, same_sentence=True, roles=("plain", "final", "fund"))
        else:
            for q in reversed(self.toks[i]):
                if q.start < t.start and q.role in ("plain", "final") and squash(q.subject).endswith(subject):
                    part = q
                    break
        related: dict[str, str] = {}
        path: list[str] = []
        measure = measure_of(subject) if subject else ""
        if base_figure is not None and base_figure is not part:
            related["base"] = base_figure.text
            base_figure.covered = True
        if part is not None:
            related["part"] = part.text
            part.covered = True
            subject, measure, path = part.subject, part.measure, list(part.path)
            if part.role == "fund":
                subject = measure = ""
        t.role = "share"
        self._emit(
            "share",
            i,
            t,
            subject=subject,
            measure=measure,
            path=path,
            base=base,
            related=related,
            unit="%",
            percent_sign=percent_sign,
        )

    def _statement_base(self, i: int, t: Tok) -> tuple[str, Tok | None]:
        """The total a share without a named base is taken of: `本年收入中，…占 100%`, or the
        total the statement opened with (`支出预算 5905.48 万元，其中：基本支出 …，占 70.3%`)."""
        stmt = self._statement(i)
        head = self.sents[stmt[0]].text
        lead = re.match(r"([^，,。；;：:]{2,30}?)中\s*[，,]", head)
        if lead:
            name = clean_subject(lead.group(1))
            figure = None
            for j in reversed(self._para_sents(i)):
                for q in reversed(self.toks[j]):
                    if q.role in ("plain", "final") and squash(q.subject) == squash(name):
                        figure = q
                        break
                if figure is not None:
                    break
            return name, figure
        for j in reversed(stmt):
            for q in reversed(self.toks[j]):
                if (j == i and q.start >= t.start) or q.role not in ("plain", "final"):
                    continue
                if PARTS_LEAD.match(self.sents[j].text, q.unit_end):
                    return q.measure or q.subject, q
        return "", None
