"""Rule-based claim extractor: the formulaic statements of a 情况说明, deterministically.

Each number of a narrative sentence is read from the words that govern it (the clause
before it and its unit): an amount restated from a table (`卫生健康支出（类）支出 73.11
万元`), a budget or final figure (`年初预算为 A 万元，支出决算为 B 万元`), a change
(`比上年增加 A 万元，增长 B%`), a share (`占 Y%`, `占本年支出合计的 100%`), a completion
rate, a count of projects, a stated total of listed items; direction words
(`决算数大于预算数`) become claims of their own. Whatever is no table
figure (years, ordinals, head counts, scores) or template residue (`增加（减少）0 万元`)
is counted with its reason, so coverage shows what was not read.

Patterns stay strict: a statement they do not recognise yields no claim, never a
guessed one (a false claim becomes a false finding).

This module drives the reading (paragraphs, sentences, which family a number belongs
to); each family reads its claims in a module of its own: amounts, changes, shares,
rates (with direction words), sums.
"""

from __future__ import annotations

import re
from decimal import Decimal

from checker.claims.amounts import AmountsMixin
from checker.claims.changes import ChangesMixin
from checker.claims.cues import CHANGE_PCT, CLASS_LINE, RATE, RESIDUE, THRESHOLD
from checker.claims.model import Extraction, Sentence, UncoveredNumber
from checker.claims.narrative import NarrativeSentence
from checker.claims.rates import RatesMixin
from checker.claims.scan import (
    R_COUNT,
    R_TEMPLATE,
    R_THRESHOLD,
    R_UNKNOWN,
    R_ZERO_FUND,
    Tok,
    clause_start,
    plain_reason,
    squash,
)
from checker.claims.shares import SharesMixin
from checker.claims.state import Para
from checker.claims.subjects import PLACEHOLDER, path_of
from checker.claims.sums import SumsMixin
from checker.document import Document


class _Extractor(AmountsMixin, ChangesMixin, SharesMixin, RatesMixin, SumsMixin):
    """Reads the narrative paragraph by paragraph, each number by the words before it; the
    claim families are the mixins (one module each), their shared state and lookups
    :class:`checker.claims.state.ExtractorState`."""

    def run(self) -> Extraction:
        for s in self.sents:
            self.out.sentences.append(
                Sentence(
                    text=s.text,
                    section=s.section,
                    sections=list(s.sections),
                    line=s.line_at(0),
                    page=s.block.page,
                )
            )
        paras: dict[int, Para] = {}
        for i, s in enumerate(self.sents):
            paras.setdefault(s.para, Para()).sents.append(i)
        for p in paras.values():
            self._paragraph(p)
        for toks in self.toks:
            for t in toks:
                self.out.numbers_total += 1
                if t.covered:
                    continue
                s = self.sents[t.sent]
                self.out.uncovered.append(
                    UncoveredNumber(
                        text=t.text, sentence=s.text, line=s.line_at(t.start), reason=t.reason or R_UNKNOWN
                    )
                )
        return self.out

    def _paragraph(self, p: Para) -> None:
        first = self.sents[p.sents[0]]
        para_text = first.block.text
        # The heading above may hold the (类) of paragraphs that start at (款).
        outer = next((path_of(h) for h in reversed(first.sections) if path_of(h)), [])
        if CLASS_LINE.match(squash(para_text)):
            # `2.卫生健康支出(类)` printed as a line of its own: the (类) of the items below.
            self.class_line = (first.sections, path_of(para_text))
        elif not outer and self.class_line and self.class_line[0] == first.sections:
            outer = self.class_line[1]
        carried = self.path_line if self.path_line and self.path_line[0] == first.sections else None
        self.path_line = None
        if _PATH_ONLY.match(squash(para_text)) and len(path_of(para_text)) >= 2:
            self.path_line = (first.sections, path_of(para_text))
        elif carried and not path_of(para_text, outer):
            outer = carried[1]
        if PLACEHOLDER.search(para_text):
            self.out.boilerplate += 1
            for i in p.sents:
                for t in self.toks[i]:
                    t.reason = plain_reason(self.sents[i].text, t) or R_TEMPLATE
            return
        for i in p.sents:
            s = self.sents[i]
            own = path_of(s.text, outer)
            if own:
                p.path = own
            elif not p.path and outer:
                p.path = outer
            self._sentence(i, p)
        self._sums(p)

    def _sentence(self, i: int, p: Para) -> None:
        s = self.sents[i]
        text = s.text
        toks = self.toks[i]
        self._residue(s, toks)
        if self._zero_funds(s, toks):
            return
        for k, t in enumerate(toks):
            if t.reason:
                continue
            t.reason = plain_reason(text, t)
            if t.reason:
                continue
            prev_end = 0
            for q in reversed(toks[:k]):
                if (q.is_amount or q.is_pct) and q.unit_end <= t.start:
                    prev_end = q.unit_end
                    break
            cs = max(clause_start(text, t.start), prev_end)
            pre = squash(text[cs : t.start])
            if t.is_amount:
                if THRESHOLD.match(text, t.unit_end):
                    t.reason = R_THRESHOLD
                    continue
                self._amount(i, p, t, cs, pre)
            elif t.is_pct:
                self._percent(i, p, t, cs, pre)
            elif t.unit in ("个", "项"):
                self._count(i, t, cs, pre)
            elif not t.unit and "占" in pre:
                self._share(i, p, t, cs, pre, percent_sign=False)
            else:
                t.reason = R_UNKNOWN
        self._directions(i, p)

    def _residue(self, s: NarrativeSentence, toks: list[Tok]) -> None:
        for m in RESIDUE.finditer(s.text):
            self.out.boilerplate += 1
            for t in toks:
                if t.start >= m.end() and not s.text[m.end() : t.start].strip():
                    t.reason = R_TEMPLATE

    def _zero_funds(self, s: NarrativeSentence, toks: list[Tok]) -> bool:
        """`组织对 0 个政府性基金预算项目开展绩效自评，共涉及资金 0 万元，占…的 0%`."""
        if not re.search(r"(?<![\d.])0\s*个[^，,。；;]{0,20}项目", s.text):
            return False
        figures = [t for t in toks if not plain_reason(s.text, t)]
        if figures and all(Decimal(t.text.replace(",", "").replace("－", "-")) == 0 for t in figures):
            self.out.boilerplate += 1
            for t in toks:
                t.reason = plain_reason(s.text, t) or R_ZERO_FUND
            return True
        return False

    def _percent(self, i: int, p: Para, t: Tok, cs: int, pre: str) -> None:
        if m := CHANGE_PCT.search(pre):
            self._change_pct(i, t, m.group(1))
        elif RATE.search(pre):
            self._rate(i, p, t, pre)
        elif "占" in pre:
            self._share(i, p, t, cs, pre, percent_sign=True)
        else:
            t.reason = R_UNKNOWN

    def _count(self, i: int, t: Tok, cs: int, pre: str) -> None:
        text = self.sents[i].text
        after = squash(text[t.unit_end : t.unit_end + 8])
        if not (
            re.search(r"项目(?:共有|共|有)?$", pre)
            or re.match(r"(?:部门|一般公共预算)?(?:一级|二级)?项目", after)
        ):
            t.reason = R_COUNT
            return
        level = re.search(r"(一级|二级)项目", pre + "|" + after[:6])
        subject = f"{level.group(1)}项目" if level else "项目"
        t.role = "count"
        self._emit("count", i, t, subject=subject, unit="个")


# A paragraph that is only a classification path (its figures follow in the next one).
_PATH_ONLY = re.compile(r"^(?:\d{1,2}[.、．]|[(（]\d{1,2}[)）])?[^\d，,；;：:]{4,80}[（(]项[)）][。.]?$")


def extract(doc: Document) -> Extraction:
    from checker.claims.fold import fold_document, needs_fold, restore

    if needs_fold(doc):
        return restore(_Extractor(fold_document(doc)).run(), doc)
    return _Extractor(doc).run()
