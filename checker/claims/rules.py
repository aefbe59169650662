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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from checker.claims.cues import (
    BOTH_SIDES,
    BUDGET,
    CHANGE_PCT,
    CHANGE_WORD,
    CLASS_LINE,
    COMPARE_LEAD,
    DIRECTION,
    FINAL,
    FUND,
    FUND_OTHER,
    FUND_SCOPE,
    FUND_SCOPED,
    OUTCOME,
    PARTS_LEAD,
    PERF_TEXT,
    PRIOR,
    RATE,
    RESIDUE,
    SUM_LEAD,
    THRESHOLD,
    VS_BUDGET,
    VS_BUDGET_LEAD,
)
from checker.claims.model import Claim, Extraction, Sentence, Span, UncoveredNumber
from checker.claims.narrative import NarrativeSentence, narrative_sentences
from checker.claims.scan import (
    R_AMBIGUOUS,
    R_COUNT,
    R_PERF_FUND,
    R_TEMPLATE,
    R_THRESHOLD,
    R_UNKNOWN,
    R_VS_BUDGET,
    R_ZERO_FUND,
    Tok,
    clause_start,
    plain_reason,
    squash,
    tokens,
)
from checker.claims.subjects import (
    PLACEHOLDER,
    change_subject,
    clean_subject,
    path_of,
    project_name,
    share_base,
    strip_path,
)
from checker.claims.vocab import PERF_BUDGET, PERF_EXECUTED, PERF_RATE, measure_of
from checker.document import Document

AMOUNT_ROLES = ("plain", "budget", "final")


@dataclass
class _Para:
    sents: list[int] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # (类)(款)(项) path of the paragraph's statement


class _Extractor:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sents: list[NarrativeSentence] = narrative_sentences(doc)
        self.toks: list[list[Tok]] = [tokens(s.text, i) for i, s in enumerate(self.sents)]
        self.out = Extraction()
        self.class_line: tuple[list[str], list[str]] | None = None
        # `2. …（类）…（款）…（项）。` ending its line with the figures in the next paragraph
        self.path_line: tuple[list[str], list[str]] | None = None
        self.year = report_year(doc, self.sents)
        self.last_rate: tuple[int, Tok | None, Tok | None, str] | None = (
            None  # (para, budget, final, section)
        )

    # ------------------------------------------------------------------ driver
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
        paras: dict[int, _Para] = {}
        for i, s in enumerate(self.sents):
            paras.setdefault(s.para, _Para()).sents.append(i)
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

    def _paragraph(self, p: _Para) -> None:
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

    # ------------------------------------------------------------------ sentences
    def _sentence(self, i: int, p: _Para) -> None:
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

    # ------------------------------------------------------------------ amounts
    def _perf(self, i: int) -> bool:
        s = self.sents[i]
        return any("绩效" in h for h in s.sections) or bool(PERF_TEXT.search(s.block.text))

    def _project(self, i: int) -> str:
        s = self.sents[i]
        # The project may be named in the paragraph before (`“…”项目绩效自评情况：…得分为 99 分。`).
        prev = next((q.block.text for q in reversed(self.sents[:i]) if q.para == s.para - 1), "")
        prev = prev if any(prev == q.block.text and q.sections == s.sections for q in self.sents[:i]) else ""
        ctx = " ".join(s.sections[-1:]) + "。" + prev + "。" + s.block.text[: s.offset]
        return project_name(ctx, s.block.text)

    def _amount(self, i: int, p: _Para, t: Tok, cs: int, pre: str) -> None:
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
        own_path = path_of(raw_subject)
        path = own_path or (p.path if not subject else [])
        measure = ""
        if self._perf(i) and role in ("budget", "final") and not path:
            measure = PERF_BUDGET if role == "budget" else PERF_EXECUTED
            subject = self._project(i) or subject
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

    def _prior_in_statement(self, i: int) -> Tok | None:
        for j in self._statement(i):
            for q in self.toks[j]:
                if q.role == "prior":
                    return q
        # `…，2023 年为 14.44 万元` may follow the change in the same sentence.
        return None

    def _fund_scope(self, i: int) -> str:
        s = self.sents[i]
        m = FUND_SCOPE.search(" ".join(s.sections[1:]) + s.block.text[:40])
        return m.group(1) + "预算" if m else ""

    def _against_outcome(self, i: int) -> bool:
        if self.doc.kind != "budget":
            return True
        text = "".join(self.sents[j].text for j in self._statement(i))
        return bool(OUTCOME.search(text))

    def _last_amount(self, i: int, before: Tok, *, same_sentence: bool, roles=AMOUNT_ROLES) -> Tok | None:
        idxs = [i] if same_sentence else self._para_sents(i)
        for j in reversed(idxs):
            for q in reversed(self.toks[j]):
                if j == i and q.start >= before.start:
                    continue
                if q.role in roles:
                    return q
        return None

    def _para_sents(self, i: int) -> list[int]:
        para = self.sents[i].para
        return [j for j in range(0, i + 1) if self.sents[j].para == para]

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

    def _change_amount(self, i: int, p: _Para, t: Tok, cs: int, pre: str, m: re.Match) -> None:
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

    # ------------------------------------------------------------------ percentages
    def _percent(self, i: int, p: _Para, t: Tok, cs: int, pre: str) -> None:
        if m := CHANGE_PCT.search(pre):
            self._change_pct(i, t, m.group(1))
        elif RATE.search(pre):
            self._rate(i, p, t, pre)
        elif "占" in pre:
            self._share(i, p, t, cs, pre, percent_sign=True)
        else:
            t.reason = R_UNKNOWN

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

    def _rate(self, i: int, p: _Para, t: Tok, pre: str = "") -> None:
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
        if self._perf(i) and not path:
            subject, measure = self._project(i) or subject, PERF_RATE
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

    def _share(self, i: int, p: _Para, t: Tok, cs: int, pre: str, *, percent_sign: bool) -> None:
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

    def _statement(self, i: int) -> list[int]:
        """The sentences of the statement ``i`` belongs to (cut at ； but not ended)."""
        out = [i]
        j = i - 1
        while j >= 0 and self.sents[j].para == self.sents[i].para and not self.sents[j].ends_statement:
            out.insert(0, j)
            j -= 1
        return out

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

    # ------------------------------------------------------------------ counts, directions, sums
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

    def _directions(self, i: int, p: _Para) -> None:
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

    def _sums(self, p: _Para) -> None:
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

    # ------------------------------------------------------------------ output
    def _emit(self, kind: str, i: int, t: Tok, **kw) -> None:
        s = self.sents[i]
        t.covered = True
        for v in kw.get("related", {}).values():
            for q in self.toks[i]:
                if q.text == v:
                    q.covered = True
        self.out.claims.append(
            Claim(
                kind=kind,  # type: ignore[arg-type]
                value_text=t.text,
                sentence=s.text,
                span=Span(start=t.start, end=t.end),
                section=s.section,
                line=s.line_at(t.start),
                page=s.block.page,
                **kw,
            )
        )


def report_year(doc: Document, sents: list[NarrativeSentence]) -> int | None:
    """The year a report is about: from its title or the narrative part's heading."""
    for text in (doc.title, *(s.sections[0] for s in sents[:1] if s.sections)):
        years = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", text or "")]
        if years:
            return max(years)
    return None


# A paragraph that is only a classification path (its figures follow in the next one).
_PATH_ONLY = re.compile(r"^(?:\d{1,2}[.、．]|[(（]\d{1,2}[)）])?[^\d，,；;：:]{4,80}[（(]项[)）][。.]?$")


def extract(doc: Document) -> Extraction:
    from checker.claims.fold import fold_document, needs_fold, restore

    if needs_fold(doc):
        return restore(_Extractor(fold_document(doc)).run(), doc)
    return _Extractor(doc).run()
