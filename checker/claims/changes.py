"""Changes against the prior year: change amounts and growth rates, and the figure each is
measured on."""

from __future__ import annotations

import re

from checker.claims.cues import COMPARE_LEAD, VS_BUDGET_LEAD
from checker.claims.scan import R_AMBIGUOUS, R_VS_BUDGET, Tok, clause_start, squash
from checker.claims.state import ExtractorState, Para
from checker.claims.subjects import change_subject, clean_subject
from checker.claims.vocab import measure_of


class ChangesMixin(ExtractorState):
    def _change_amount(self, i: int, p: Para, t: Tok, cs: int, pre: str, m: re.Match) -> None:
        s = self.sents[i]
        word = m.group(1).removesuffix("了")
        direction = word
        if word == "增减":
            # The rate after it tells the way (较上年增减 42.17 万元，降低 13.1%).
            nxt = re.match(r"\s*[，,]?\s*(增长|下降|降低|增幅|降幅|上升)", s.text[t.unit_end :])
            if nxt is None:
                t.reason = R_AMBIGUOUS
                return
            direction = "减少" if nxt.group(1) in ("下降", "降低", "降幅") else "增加"
        subject = change_subject(pre[: len(pre) - len(m.group())] if m else "")
        cur = self._current_for(i, t, subject)
        t.role = "change"
        t.direction = direction
        related = {"current": cur.text} if cur is not None else {}
        if (pr := self._prior_in_statement(i)) is not None:
            related["prior"] = pr.text
        if cur is not None:
            cur.covered = True
            t.subject, t.measure, t.path = cur.subject, cur.measure, list(cur.path)
        else:
            t.subject, t.measure = subject, measure_of(subject)
        t.extra = related
        self._emit(
            "change_amount",
            i,
            t,
            subject=t.subject,
            measure=t.measure,
            path=t.path,
            period="change",
            related=related,
            direction=direction,
            unit=t.unit,
        )

    def _change_pct(self, i: int, t: Tok, word: str) -> None:
        text = self.sents[i].text
        related: dict[str, str] = {}
        ch = None
        for q in reversed(self.toks[i]):
            if q.start >= t.start:
                continue
            if q.role == "change":
                ch = q
            elif q.reason in (R_VS_BUDGET, R_AMBIGUOUS) and not re.search(
                r"[；;。]", text[q.unit_end : t.start]
            ):
                t.reason = q.reason  # the rate of a change this extractor does not model
                return
            break
        if VS_BUDGET_LEAD.search(squash(text[: t.start])):
            t.reason = R_VS_BUDGET
            return
        if ch is not None and not re.search(r"[；;。]", text[ch.unit_end : t.start]):
            related["change"] = ch.text
            related.update({k: v for k, v in ch.extra.items() if k == "current"})
            subject, measure, path = ch.subject, ch.measure, ch.path
        else:
            pre = squash(text[clause_start(text, t.start) : t.start])
            subj = change_subject(pre[: -len(word)] if pre.endswith(word) else pre)
            cur = self._current_for(i, t, subj)
            if cur is not None:
                related["current"] = cur.text
                cur.covered = True
                subject, measure, path = cur.subject, cur.measure, cur.path
            else:
                subject, measure, path = subj, measure_of(subj), []
        if (pr := self._prior_in_statement(i)) is not None:
            related["prior"] = pr.text
        self._emit(
            "change_pct",
            i,
            t,
            subject=subject,
            measure=measure,
            path=list(path),
            period="change",
            related=related,
            direction=ch.direction if ch is not None else word,
            unit="%",
        )

    def _current_for(self, i: int, t: Tok, subject: str) -> Tok | None:
        """The figure a change is measured on: the amount its subject names in the
        paragraph, else the last amount of the sentence, else of the sentence before
        when this one opens with a comparison (与上年相比，…)."""
        core = re.sub(r"(?:总计|合计|各|均)$", "", subject)
        if subject:
            # The figure the subject names exactly (收入总计, not 本年收入合计) comes first.
            want = measure_of(subject)
            for j in reversed(self._para_sents(i)):
                for q in reversed(self.toks[j]):
                    if (j == i and q.start >= t.start) or q.role not in ("plain", "final"):
                        continue
                    if squash(q.subject) == squash(subject) or (want and q.measure == want):
                        return q
        if core:
            for j in reversed(self._para_sents(i)):
                for q in reversed(self.toks[j]):
                    if (j == i and q.start >= t.start) or q.role not in ("plain", "final"):
                        continue
                    if core in squash(q.subject) or (q.measure and core in q.measure):
                        return q
        q = self._last_amount(i, t, same_sentence=True, roles=("plain", "final"))
        if q is not None:
            return q
        text = self.sents[i].text
        lead = re.match(r"([^，,。；;\d]{2,20}?)占", text)
        if lead and not core:
            # `人员经费占基本支出总额 86.5%，比上年增加 417.31 万元`: the sentence's subject.
            return self._current_for(i, t, clean_subject(lead.group(1)))
        if COMPARE_LEAD.match(text):
            # `…。与上年相比，…增加 A 万元`: the figure of the sentence before, when it has one only.
            prev = [j for j in self._para_sents(i) if j < i]
            cands = [q for q in self.toks[prev[-1]] if q.role in ("plain", "final")] if prev else []
            if len(cands) == 1:
                return cands[0]
        return None

    def _prior_in_statement(self, i: int) -> Tok | None:
        for j in self._statement(i):
            for q in self.toks[j]:
                if q.role == "prior":
                    return q
        # `…，2023 年为 14.44 万元` may follow the change in the same sentence.
        return None
