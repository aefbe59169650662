"""The extractor's state and the lookups every claim family uses: the statement and
paragraph of a sentence, the last amount before a figure, and emitting a claim.

The extractor (:mod:`checker.claims.rules`) combines one mixin per claim family over this
state; a family calls another's methods through ``self``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.claims.model import Claim, Extraction, Span
from checker.claims.narrative import NarrativeSentence, narrative_sentences
from checker.claims.scan import Tok, tokens
from checker.document import Document

AMOUNT_ROLES = ("plain", "budget", "final")


@dataclass
class Para:
    sents: list[int] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # (类)(款)(项) path of the paragraph's statement


class ExtractorState:
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

    def _statement(self, i: int) -> list[int]:
        """The sentences of the statement ``i`` belongs to (cut at ； but not ended)."""
        out = [i]
        j = i - 1
        while j >= 0 and self.sents[j].para == self.sents[i].para and not self.sents[j].ends_statement:
            out.insert(0, j)
            j -= 1
        return out

    def _para_sents(self, i: int) -> list[int]:
        para = self.sents[i].para
        return [j for j in range(0, i + 1) if self.sents[j].para == para]

    def _last_amount(self, i: int, before: Tok, *, same_sentence: bool, roles=AMOUNT_ROLES) -> Tok | None:
        idxs = [i] if same_sentence else self._para_sents(i)
        for j in reversed(idxs):
            for q in reversed(self.toks[j]):
                if j == i and q.start >= before.start:
                    continue
                if q.role in roles:
                    return q
        return None

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
