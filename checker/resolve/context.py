"""The report text around a claim, for resolution that needs more than its sentence
(a project named in the sentence before: `州属统外取暖费自评情况：…。项目全年预算数为 357 万元`)."""

from __future__ import annotations

import bisect
import re

from checker.claims.model import Claim
from checker.document import Document


def text_before(doc: Document | None, claim: Claim, limit: int = 120) -> str:
    """Up to ``limit`` characters of the paragraph before the claim's sentence ('' if unknown)."""
    if doc is None or not claim.sentence:
        return ""
    head = claim.sentence[: min(len(claim.sentence), 12)]
    for b in doc.blocks:
        if b.kind != "paragraph":
            continue
        if claim.line is not None and b.line is not None:
            if not (b.line <= claim.line <= (b.end_line or b.line)):
                continue
        pos = b.text.find(head)
        if pos >= 0:
            return b.text[max(0, pos - limit) : pos]
    return ""


def text_after(doc: Document | None, claim: Claim, limit: int = 120) -> str:
    """Up to ``limit`` characters of the paragraph after the claim's sentence ('' if unknown)."""
    if doc is None or not claim.sentence:
        return ""
    for b in doc.blocks:
        if b.kind != "paragraph":
            continue
        if (
            claim.line is not None
            and b.line is not None
            and not (b.line <= claim.line <= (b.end_line or b.line))
        ):
            continue
        pos = b.text.find(claim.sentence)
        if pos >= 0:
            end = pos + len(claim.sentence)
            return b.text[end : end + limit]
    return ""


def _is_top_heading(text: str) -> bool:
    t = text.strip().lstrip("#").strip()
    return bool(t) and ((t[0] in "一二三四五六七八九十" and "、" in t[:4]) or t.startswith("第"))


_HEADINGS: dict[int, tuple[Document, list[tuple[int, str]]]] = {}


def _headings(doc: Document) -> list[tuple[int, str]]:
    hit = _HEADINGS.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    hs = [(b.line, b.text) for b in doc.blocks if b.kind == "heading" and b.line is not None]
    if len(_HEADINGS) > 64:
        _HEADINGS.clear()
    _HEADINGS[id(doc)] = (doc, hs)
    return hs


def effective_section(doc: Document | None, claim: Claim) -> str:
    """The nearest heading (the claim's own, then outer ones) that names a table.

    Sub-headings such as `1.因公出国（境）费` or `（一）财政拨款收入` name no table; the
    heading above them (`七、财政拨款“三公”经费支出决算情况说明`) does. Never crosses a
    top-level heading (一、 / 第X部分)."""
    from checker.resolve.sections import kinds_for_section

    if kinds_for_section(claim.section) or doc is None or claim.line is None:
        return claim.section
    hs = _headings(doc)
    end = bisect.bisect_right(hs, (claim.line, "\uffff"))
    for _, text in reversed(hs[:end]):
        if kinds_for_section(text):
            return text
        if _is_top_heading(text):
            break
    return claim.section


_PROJECT_PART = re.compile(r"[、.．）)](?:年度预算安排|项目概[况述]|立项依据|实施主体|实施方案|实施周期)$")
_PROJECT_TITLE = re.compile(r"(?:项目|专项|资金)?[^，。；：]{0,40}经费情况说明$")


def project_section(doc: Document | None, claim: Claim) -> str:
    """The project a claim's section describes (`生命健康专项（政策资金）经费情况说明`,
    `项目经费情况说明`), '' when its section is not a project's own. Its figures (年度预算,
    用款计划, 资金构成) belong to that project, never to the department's totals."""
    if doc is None or claim.line is None:
        return ""
    hs = _headings(doc)
    end = bisect.bisect_right(hs, (claim.line, "\uffff"))
    project_part = False  # under 年度预算安排 / 项目概述 …: a project's own write-up
    for _, text in reversed(hs[:end]):
        t = "".join(text.split())
        if t and (t[0] in "一二三四五六七八九十（(" or t[0].isdigit()):
            project_part = project_part or bool(_PROJECT_PART.search(t))
            continue  # a numbered sub-section: look further up
        if _PROJECT_TITLE.fullmatch(t) and "部门" not in t:
            return t
        return t or "项目" if project_part and "编制说明" not in t else ""
    return ""
