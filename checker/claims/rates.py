"""Completion / execution rates and direction words (大于/小于预算): both read the latest
budget and final figures of the paragraph."""

from __future__ import annotations

from checker.claims.cues import DIRECTION
from checker.claims.model import Claim, Span
from checker.claims.perf import is_perf, project_of
from checker.claims.scan import Tok
from checker.claims.state import ExtractorState, Para
from checker.claims.vocab import PERF_RATE


class RatesMixin(ExtractorState):
    def _rate(self, i: int, p: Para, t: Tok, pre: str = "") -> None:
        budget = final = None
        # 完成年初预算的 / 完成调整预算的: the budget figure of that name when several are written.
        want = next((w for w in ("年初", "调整", "全年") if w in pre), "")
        for j in reversed(self._para_sents(i)):
            stop = False
            for q in reversed(self.toks[j]):
                if j == i and q.start >= t.start:
                    continue
                if q.role == "rate":
                    stop = True
                    break
                if q.role == "budget" and (
                    budget is None
                    or (want and want not in budget.extra.get("cue", "") and want in q.extra.get("cue", ""))
                ):
                    budget = q
                elif q.role == "final" and final is None:
                    final = q
            if stop or (
                budget is not None and final is not None and (not want or want in budget.extra.get("cue", ""))
            ):
                break
        related: dict[str, str] = {}
        if budget is not None:
            related["budget"] = budget.text
            budget.covered = True
        if final is not None:
            related["final"] = final.text
            final.covered = True
        src = final or budget
        subject, measure, path = (src.subject, src.measure, src.path) if src is not None else ("", "", p.path)
        if is_perf(self.sents, i) and not path:
            subject, measure = project_of(self.sents, i) or subject, PERF_RATE
        t.role = "rate"
        period = "final" if self.doc.kind != "budget" else "current"
        self._emit(
            "completion_rate",
            i,
            t,
            subject=subject,
            measure=measure,
            path=list(path),
            period=period,
            related=related,
            unit="%",
        )
        self.last_rate = (self.sents[i].para, budget, final, self.sents[i].section)

    def _note_pair(self, i: int, t: Tok) -> None:
        """Remember the latest budget/final figures: the 大于/小于 sentence after them compares them."""
        s = self.sents[i]
        lr = self.last_rate
        if t.role == "budget":
            self.last_rate = (s.para, t, None, s.section)
        elif t.role == "final":
            if lr is not None and lr[0] == s.para and lr[3] == s.section and lr[2] is None:
                self.last_rate = (s.para, lr[1], t, s.section)
            else:
                self.last_rate = (s.para, None, t, s.section)

    def _directions(self, i: int, p: Para) -> None:
        s = self.sents[i]
        for m in DIRECTION.finditer(s.text):
            rel: dict[str, str] = {}
            subject = measure = ""
            path: list[str] = []
            lr = self.last_rate
            if lr is not None and lr[3] == s.section and s.para - lr[0] <= 1:
                _, budget, final, _ = lr
                if budget is not None:
                    rel["budget"] = budget.text
                if final is not None:
                    rel["final"] = final.text
                src = final or budget
                if src is not None:
                    subject, measure, path = src.subject, src.measure, list(src.path)
            word = {"高于": "大于", "超过": "大于", "低于": "小于"}.get(m.group(1), m.group(1))
            self._emit_word(i, m.start(1), m.end(1), subject, measure, path, rel, word)

    def _emit_word(self, i, start, end, subject, measure, path, related, word) -> None:
        s = self.sents[i]
        self.out.claims.append(
            Claim(
                kind="direction",
                subject=subject,
                measure=measure,
                path=path,
                period="final" if "budget" in related else "change",
                value_text=s.text[start:end],
                sentence=s.text,
                span=Span(start=start, end=end),
                section=s.section,
                line=s.line_at(start),
                page=s.block.page,
                related=related,
                direction=word,
            )
        )
