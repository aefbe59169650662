"""Mutation kinds for the whole-report rules (R4xx): the slips a reviewer checks before
publication, planted in a report as read.

- ``drop_table``: a table of the set the report declares (its 目录, or 公开01–09 of a
  numbered 决算) loses its grid; the title lines stay (R401 / R402).
- ``blank_table``: the figures of a fund or 三公 table the narrative speaks of are erased,
  no note added (R403 / R404).
- ``blank_note``: a table with figures gets the note “注：本表无数据。” (R405).
- ``year_change``: the report year in a heading, TOC entry or table title becomes the
  next (or, in a 决算, the previous) year (R411).
- ``entity_swap``: one table's 编制单位 names another entity (its last character
  changed) (R412).
- ``placeholder``: two characters of a heading become the template placeholder XX (R413).
- ``template_alternative``: a change word the checker verified (增加, 下降 …) becomes the
  template's unresolved alternative 增加（减少） (R414).
- ``class_rename``: the (类) of a (类)(款)(项) path in the narrative is renamed to another
  类 of the report's tables, or to its pre-2019 name (R421).

Each is a pure function of the unmutated report (:class:`~checker.bench.mutation.Base`)
returning candidate mutations; registering them makes ``checker bench mutate`` run them.
"""

from __future__ import annotations

import random
import re
from functools import partial

from checker.bench.mutation import Base, Mutation, MutationKind, register
from checker.checks.report_common import (
    SET_KINDS,
    YEAR,
    entity_in,
    entity_key,
    is_blank_grid,
    lines_after,
    lines_before,
    report_year,
    toc_range,
    toc_tables,
    typed_blocks,
)
from checker.checks.report_names import RENAMED, chains
from checker.checks.report_tables import BLANK_KINDS
from checker.document import Block, Cell, Document
from checker.findings import Finding
from checker.numbers import parse_number
from checker.resolve.names import name_score, norm
from checker.tables.model import TableKind

REPORT_KINDS = (
    "drop_table",
    "blank_table",
    "blank_note",
    "year_change",
    "entity_swap",
    "placeholder",
    "template_alternative",
    "class_rename",
)
_CHANGE = {"增加": "增加（减少）", "减少": "减少（增加）", "增长": "增长（下降）", "下降": "下降（增长）"}


def _by_codes(*codes: str):
    def detected(m: Mutation, new: list[Finding]) -> list[Finding]:
        return [f for f in new if f.code in codes]

    return detected


def _on_line(code: str):
    """New findings of ``code`` at the mutated line."""

    def detected(m: Mutation, new: list[Finding]) -> list[Finding]:
        return [f for f in new if f.code == code and f.location.line == m.line]

    return detected


# --------------------------------------------------------------------------- drop_table


def _delete_blocks(doc: Document, indices: tuple[int, ...]) -> None:
    doc.blocks = [b for i, b in enumerate(doc.blocks) if i not in indices]


def drop_tables(base: Base, rng: random.Random) -> list[Mutation]:
    """Each table of the declared set that the body prints once loses its grid(s)."""
    declared = {e.kind for e in toc_tables(base.doc)}
    numbered_final = (
        base.doc.kind == "final" and sum("公开" in (t.number or "") for t in base.tables.tables) >= 5
    )
    if len(declared) < 3 and not numbered_final:
        return []
    spans = typed_blocks(base.doc, base.tables)
    out = []
    for t in base.tables.tables:
        if t.kind not in SET_KINDS or t.index not in spans:
            continue
        if sum(1 for u in base.tables.tables if u.kind is t.kind) != 1:
            continue
        if declared and t.kind not in declared and not numbered_final:
            continue
        # the whole table: continuation pages the reader could not title go with it
        grids = list(spans[t.index])
        for u in base.tables.tables[base.tables.tables.index(t) + 1 :]:
            if u.kind is not TableKind.UNKNOWN or u.title or u.index not in spans:
                break
            grids += spans[u.index]
        blocks = tuple(grids)
        out.append(_table_mutation(base, "drop_table", t, blocks, partial(_delete_blocks, indices=blocks)))
    return out


def _table_mutation(base: Base, kind: str, t, blocks: tuple[int, ...], edit) -> Mutation:
    """A mutation of a whole table's grid blocks (deleted, or its figures erased)."""
    first = base.doc.blocks[blocks[0]]
    return Mutation(
        document=base.name,
        kind=kind,
        block=blocks[0],
        original=t.title or t.kind.value,
        replacement="",
        target=t.kind.value,
        line=first.line,
        page=first.page,
        edit=edit,
    )


# --------------------------------------------------------------------------- year_change


def _title_lines(doc: Document) -> list[int]:
    """Headings, TOC entries and the lines that title a table."""
    out = set(toc_range(doc))
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            out.add(i)
        if b.kind == "table":
            for j in range(max(0, i - 6), i):
                if blocks[j].kind != "table" and re.search(r"表\s*$", blocks[j].text):
                    out.add(j)
    return sorted(out)


def year_changes(base: Base, rng: random.Random) -> list[Mutation]:
    year = report_year(base.doc)
    if year is None:
        return []
    budget = base.doc.kind == "budget"
    out = []
    for i in _title_lines(base.doc):
        b = base.doc.blocks[i]
        for m in YEAR.finditer(b.text):
            if int(m.group(1)) != year:
                continue
            new = year + 1 if budget or rng.random() < 0.5 else year - 1
            s = m.start(1)
            text = b.text[:s] + str(new) + b.text[m.end(1) :]
            out.append(
                Mutation(
                    document=base.name,
                    kind="year_change",
                    block=i,
                    start=s,
                    end=m.end(1),
                    original=str(year),
                    replacement=str(new),
                    target=b.text[:30],
                    line=b.line_at(s),
                    page=b.page,
                    tables_unchanged=base.tables_unaffected(i, text),
                )
            )
    return out


# --------------------------------------------------------------------------- placeholder

_CJK2 = re.compile(r"[\u4e00-\u9fff]{2}")


def placeholders(base: Base, rng: random.Random) -> list[Mutation]:
    """Two characters of a body heading (after its number) become XX."""
    toc = set(toc_range(base.doc))
    out = []
    for i, b in enumerate(base.doc.blocks):
        if b.kind != "heading" or i in toc or len(b.text) < 4:
            continue
        found = list(_CJK2.finditer(b.text))
        if not found:
            continue
        m = rng.choice(found)
        text = b.text[: m.start()] + "XX" + b.text[m.end() :]
        if not base.tables_unaffected(i, text):
            continue  # a table's title: the table itself would read differently
        out.append(
            Mutation(
                document=base.name,
                kind="placeholder",
                block=i,
                start=m.start(),
                end=m.end(),
                original=m.group(0),
                replacement="XX",
                target=b.text[:30],
                line=b.line_at(m.start()),
                page=b.page,
                tables_unchanged=True,
            )
        )
    return out


# --------------------------------------------------------------------------- template_alternative


def template_alternatives(base: Base, rng: random.Random) -> list[Mutation]:
    """A change word before a verified, non-zero change becomes 增加（减少） etc."""
    out = []
    seen: set[tuple[int, int]] = set()
    for rec in base.report.claims:
        c = rec.claim
        if rec.status != "consistent" or c.kind not in ("change_amount", "change_pct"):
            continue
        if re.fullmatch(r"[0.]+%?", c.value_text):
            continue
        place = base.locate_claim(c)
        if place is None:
            continue
        block, pos = place
        b = base.doc.blocks[block]
        m = re.search(r"(增加|减少|增长|下降)\s*$", b.text[max(0, pos - 6) : pos])
        if not m:
            continue
        s = max(0, pos - 6) + m.start(1)
        if (block, s) in seen:
            continue
        seen.add((block, s))
        word = m.group(1)
        text = b.text[:s] + _CHANGE[word] + b.text[s + len(word) :]
        out.append(
            Mutation(
                document=base.name,
                kind="template_alternative",
                block=block,
                start=s,
                end=s + len(word),
                original=word,
                replacement=_CHANGE[word],
                target=c.subject or c.kind,
                line=b.line_at(s),
                page=b.page,
                tables_unchanged=base.tables_unaffected(block, text),
            )
        )
    return out


# --------------------------------------------------------------------------- class_rename


def class_renames(base: Base, rng: random.Random) -> list[Mutation]:
    """The (类) of a path the tables confirm becomes another 类 of the tables (or the
    pre-2019 name of its own)."""
    coded: dict[int, list[str]] = {3: [], 5: [], 7: []}
    for kind in (TableKind.GPB_EXPENSE, TableKind.EXPENSE):
        for t in base.tables.of_kind(kind):
            for r in t.rows:
                if r.code and r.code.isdigit() and len(r.code) in coded:
                    coded[len(r.code)].append(r.label)
    level1 = list(dict.fromkeys(coded[3]))
    old_of = {norm(new): old for old, (new, _) in RENAMED.items()}
    flagged = {(f.location.line, f.stated) for f in base.report.findings if f.code == "R421"}
    toc = set(toc_range(base.doc))
    out = []
    for i, b in enumerate(base.doc.blocks):
        if b.kind != "paragraph" or i in toc:
            continue
        for run in chains(b.text):
            if len(run) < 2 or run[0].level != 1 or (b.line_at(run[0].start), run[0].name) in flagged:
                continue
            own = run[0].name
            inner = run[-1]
            # only paths the tables confirm: their innermost item is a row of the tables
            if not any(name_score(own, lab) for lab in level1) or not any(
                name_score(inner.name, lab) for lab in coded[{1: 3, 2: 5, 3: 7}[inner.level]]
            ):
                continue
            others = [lab for lab in level1 if not name_score(own, lab)]
            old = old_of.get(norm(own))
            if old is None and not others:
                continue
            new = old if old is not None else rng.choice(others)
            text = b.text[: run[0].start] + new + b.text[run[0].end :]
            out.append(
                Mutation(
                    document=base.name,
                    kind="class_rename",
                    block=i,
                    start=run[0].start,
                    end=run[0].end,
                    original=own,
                    replacement=new,
                    target=run[-1].name,
                    line=b.line_at(run[0].start),
                    page=b.page,
                    tables_unchanged=base.tables_unaffected(i, text),
                )
            )
    return out


# --------------------------------------------------------------------------- blank_table / blank_note

_FUND_KINDS = (TableKind.GOV_FUND, TableKind.STATE_CAPITAL, TableKind.THREE_PUBLIC)


def _erase_figures(doc: Document, indices: tuple[int, ...]) -> None:
    for i in indices:
        b = doc.blocks[i]
        b.rows = [
            [Cell(text="", line=c.line, page=c.page) if parse_number(c.text) is not None else c for c in r]
            for r in b.rows
        ]


def blank_tables(base: Base, rng: random.Random) -> list[Mutation]:
    """A fund or 三公 table with figures loses them (header words stay)."""
    spans = typed_blocks(base.doc, base.tables)
    out = []
    for t in base.tables.tables:
        grids = spans.get(t.index)
        if t.kind not in _FUND_KINDS or not grids or all(is_blank_grid(base.doc.blocks[i]) for i in grids):
            continue
        blocks = tuple(grids)
        out.append(_table_mutation(base, "blank_table", t, blocks, partial(_erase_figures, indices=blocks)))
    return out


def _about_table():
    """R403/R404 findings, or any new finding that cites the erased table."""

    def detected(m: Mutation, new: list[Finding]) -> list[Finding]:
        return [
            f
            for f in new
            if f.code in ("R403", "R404")
            or f.location.table == m.original
            or any(c.table == m.original for c in f.cells)
        ]

    return detected


def _insert_after(doc: Document, index: int, block: Block) -> None:
    doc.blocks.insert(index + 1, block)


def blank_notes(base: Base, rng: random.Random) -> list[Mutation]:
    """A table of the standard set with figures gets the note 本表无数据."""
    spans = typed_blocks(base.doc, base.tables)
    out = []
    for t in base.tables.tables:
        grids = spans.get(t.index)
        if t.kind not in BLANK_KINDS or not grids or all(is_blank_grid(base.doc.blocks[i]) for i in grids):
            continue
        last = base.doc.blocks[grids[-1]]
        if any(re.search(r"无数据|空表", b.text) for b in lines_after(base.doc, grids[-1])):
            continue
        line = (last.end_line or last.line or 0) + 1
        note = Block(kind="paragraph", text="注：本表无数据。", line=line, end_line=line, page=last.page)
        out.append(
            Mutation(
                document=base.name,
                kind="blank_note",
                block=grids[-1],
                original="",
                replacement=note.text,
                target=t.kind.value,
                line=line,
                page=last.page,
                edit=partial(_insert_after, index=grids[-1], block=note),
            )
        )
    return out


# --------------------------------------------------------------------------- entity_swap


def entity_swaps(base: Base, rng: random.Random) -> list[Mutation]:
    """One 编制单位 line above a table names another entity: its last character changes."""
    lines: dict[int, tuple[str, int, int]] = {}
    for i, b in enumerate(base.doc.blocks):
        if b.kind != "table":
            continue
        for j in range(max(0, i - 6), i):
            got = entity_in(base.doc.blocks[j].text) if base.doc.blocks[j].kind != "table" else None
            if got and base.doc.blocks[j] in lines_before(base.doc, i):
                lines[j] = got
    keys = [entity_key(name) for name, _, _ in lines.values()]
    if len(keys) < 3:
        return []
    out = []
    for j, (name, s, _) in lines.items():
        if keys.count(entity_key(name)) * 2 <= len(keys) or keys.count(entity_key(name)) < 3:
            continue
        key_end = s + len(name.rstrip("）)（(汇总本级 "))
        pos = key_end - 1
        old = base.doc.blocks[j].text[pos]
        new = "处" if old != "处" else "科"
        b = base.doc.blocks[j]
        text = b.text[:pos] + new + b.text[pos + 1 :]
        out.append(
            Mutation(
                document=base.name,
                kind="entity_swap",
                block=j,
                start=pos,
                end=pos + 1,
                original=old,
                replacement=new,
                target=name,
                line=b.line_at(pos),
                page=b.page,
                tables_unchanged=base.tables_unaffected(j, text),
            )
        )
    return out


register(MutationKind("drop_table", drop_tables, detected=_by_codes("R401", "R402")))
register(MutationKind("blank_table", blank_tables, detected=_about_table()))
register(MutationKind("blank_note", blank_notes, detected=_by_codes("R405")))
register(MutationKind("year_change", year_changes, detected=_on_line("R411")))
register(MutationKind("entity_swap", entity_swaps, detected=_on_line("R412")))
register(MutationKind("placeholder", placeholders, detected=_on_line("R413")))
register(MutationKind("template_alternative", template_alternatives, detected=_on_line("R414")))
register(MutationKind("class_rename", class_renames, detected=_on_line("R421")))
