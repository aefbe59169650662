"""What a mutation is and where kinds of mutation are registered.

A :class:`Mutation` is one edit of a report *as read* — a :class:`~checker.document.Document`,
whatever the file format — that injects one known inconsistency: a span of a paragraph's
(or heading's) text, or a table cell's text, replaced; or, for structural kinds, any edit
a function makes to a copy of the Document. :meth:`Mutation.apply` never touches the
Document it is given.

A :class:`MutationKind` says how to find places to mutate in a checked, unmutated report
(``generate``) and which new findings count as catching the mutation (``detected``).
Kinds live in a registry; the built-in ones are in :mod:`checker.bench.kinds`. To add one::

    from checker.bench.mutation import Base, Mutation, MutationKind, register

    def drop_tables(base: Base, rng: random.Random) -> list[Mutation]:
        return [
            Mutation(base.name, "drop_table", block=i, original="", replacement="",
                     target=b.text[:20], line=b.line, page=b.page,
                     edit=functools.partial(delete_block, index=i))
            for i, b in enumerate(base.doc.blocks) if b.kind == "table"
        ]

    register(MutationKind("drop_table", drop_tables, detected=my_rule))

``generate`` gets the unmutated :class:`Base` (Document, its Report and parsed Tables,
plus helpers that find a claim's or a table cell's place in the Document) and a
``random.Random`` seeded from the run's seed, the document and the kind — so each kind's
choices are reproducible and independent of which other kinds run. It returns every
candidate; the runner draws up to ``per_kind`` of them. Only mutate what the checker
verified as consistent, and make sure the change is a real contradiction (see
:func:`checker.bench.values.is_real_error`), so each variant holds exactly one known error.

``detected(mutation, new_findings)`` returns the new findings (those the unmutated report
does not have) that report the mutation at its place; the default, :func:`at_place`, takes
those on the mutated line (``Mutation.line``). Every other new error/warning that does not
cite the changed value counts as a "new finding elsewhere" (a false alarm the mutation
caused). A kind whose catch is not (only) a finding — a deleted narrative is caught by the
report's status — also gives ``verdict(mutation, new_findings, report) -> bool``, which
then decides whether the variant was caught (``report`` is the variant's whole Report).

A span edit of a heading or paragraph needs no ``edit`` function: ``Mutation(name, kind,
block=i, start=s, end=e, original=text[s:e], replacement=...)`` (a year in a heading; an
insertion is ``start == end`` with ``original=""``). ``cell=(row, column)`` makes the span
one of that table block's cells instead.

Set ``Mutation.tables_unchanged`` when the edit cannot change how tables parse (the
built-in narrative kinds use :meth:`Base.tables_unaffected`); the variant is then checked
with the unmutated Tables instead of parsing them again. Likewise ``claims_unchanged``
when only table grids change (claims are read from the narrative blocks alone): the
unmutated claims are reused.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from checker.claims.model import Claim, Extraction
from checker.document import Cell, Document
from checker.findings import Finding
from checker.pipeline import Report
from checker.tables.context import LOOKBACK
from checker.tables.model import TableCell, Tables, TypedTable


@dataclass(frozen=True)
class Mutation:
    document: str  # file name
    kind: str
    block: int  # index in Document.blocks
    original: str
    replacement: str
    target: str  # what was mutated (claim kind, or table/row/column)
    start: int = 0  # span of ``original`` in the block's text, or in the cell's text
    end: int = 0
    cell: tuple[int, int] | None = None  # (row, column) in the table block's grid
    line: int | None = None  # where a reviewer would look (source line, page)
    page: int | None = None
    tables_unchanged: bool = False  # the variant's tables are the unmutated ones
    claims_unchanged: bool = False  # the variant's narrative is the unmutated one (a table edit)
    # Structural kinds: an edit made to a deep copy of the Document instead of a replacement.
    edit: Callable[[Document], None] | None = field(default=None, compare=False)

    def apply(self, doc: Document) -> Document:
        """The mutated Document; ``doc`` itself is left as it was."""
        if self.edit is not None:
            out = doc.model_copy(deep=True)
            self.edit(out)
            return out
        blocks = list(doc.blocks)  # untouched blocks are shared: the checker only reads them
        b = blocks[self.block].model_copy(deep=True)
        if self.cell is None:
            b.text = _replace(b.text, self.start, self.end, self.original, self.replacement)
            # Source lines after the change start that many characters later.
            delta = len(self.replacement) - len(self.original)
            b.line_map = [(s + delta if s > self.start else s, ln) for s, ln in b.line_map]
        else:
            r, c = self.cell
            cell = b.rows[r][c]
            b.rows[r][c] = cell.model_copy(
                update={"text": _replace(cell.text, self.start, self.end, self.original, self.replacement)}
            )
        blocks[self.block] = b
        return doc.model_copy(update={"blocks": blocks})

    def where(self) -> str:
        place = f"p{self.page}:{self.line}" if self.page else str(self.line)
        return f"{self.document}:{place} [{self.kind}] {self.original} → {self.replacement} ({self.target})"


def _replace(text: str, start: int, end: int, original: str, replacement: str) -> str:
    if text[start:end] != original:
        raise ValueError(f"mutation target moved: {text[start:end]!r} != {original!r}")
    return text[:start] + replacement + text[end:]


# ---------------------------------------------------------------- detection


def finding_lines(f: Finding) -> set[int]:
    lines = {c.line for c in f.cells if c.line}
    if f.location.line:
        lines.add(f.location.line)
    return lines


def at_place(m: Mutation, new: list[Finding]) -> list[Finding]:
    """New findings on the mutated line (or stating the new value on the line next to it)."""
    return [
        f
        for f in new
        if m.line in finding_lines(f)
        or (m.replacement and m.replacement in f.stated and abs((f.location.line or 0) - (m.line or 0)) <= 1)
    ]


# ---------------------------------------------------------------- the unmutated report


@dataclass
class Base:
    """An unmutated report: what generators look at to choose places to mutate."""

    name: str
    doc: Document
    report: Report
    tables: Tables
    extraction: Extraction | None = None  # the unmutated claims, for table-only variants
    _cells: dict[tuple, list[tuple[int, int, int]]] | None = None
    _context: set[int] | None = None

    def locate_claim(self, claim: Claim) -> tuple[int, int] | None:
        """(block index, offset in its text) of the claim's value, or None if not unique.

        A claim's sentence is a verbatim slice of one block's text; its line tells apart
        two blocks that print the same sentence."""
        found: list[tuple[int, int]] = []
        for i, b in enumerate(self.doc.blocks):
            if b.kind == "table" or claim.sentence not in b.text:
                continue
            for m in re.finditer(re.escape(claim.sentence), b.text):
                pos = m.start() + claim.span.start
                if b.text[pos : pos + len(claim.value_text)] != claim.value_text:
                    continue
                if claim.line is not None and b.line_at(pos) != claim.line:
                    continue
                found.append((i, pos))
        return found[0] if len(found) == 1 else None

    def locate_cell(self, cell: TableCell) -> tuple[int, int, int] | None:
        """(block, row, column) of a parsed table cell in the Document's grids, matched by
        text, line and page; None when that does not single out one grid cell (a row
        printing the same figure twice: which one the parser took is not known here)."""
        if self._cells is None:
            self._cells = defaultdict(list)
            for i, b in enumerate(self.doc.blocks):
                for r, row in enumerate(b.rows):
                    for c, gc in enumerate(row):
                        self._cells[_cell_key(gc)].append((i, r, c))
        places = self._cells.get((cell.text.strip(), cell.line, cell.page), [])
        return places[0] if len(places) == 1 else None

    def tables_unaffected(self, block: int, new_text: str) -> bool:
        """Can replacing block ``block``'s text with ``new_text`` change how tables parse?
        Table parsing reads the few blocks before each table (title, number, unit) and,
        between two tables, whether anything longer than page furniture (12 characters)
        stands there."""
        if self._context is None:
            self._context = set()
            blocks = self.doc.blocks
            for i, b in enumerate(blocks):
                if b.kind != "table":
                    continue
                j = i - 1
                while j >= 0 and blocks[j].kind != "table" and i - j <= LOOKBACK:
                    self._context.add(j)
                    j -= 1
        if block in self._context or self.doc.blocks[block].kind == "table":
            return False
        old = self.doc.blocks[block].text
        return min(len(old.strip()), len(new_text.strip())) > 12

    def unflagged_tables(self) -> list[TypedTable]:
        flagged = {f.location.table for f in self.report.findings if f.location.table}
        return [t for t in self.tables.tables if t.title not in flagged]


def _cell_key(c: Cell) -> tuple:
    return (c.text.strip(), c.line, c.page)


# ---------------------------------------------------------------- the registry


Generate = Callable[[Base, random.Random], list[Mutation]]
Detected = Callable[[Mutation, list[Finding]], list[Finding]]  # the new findings at the place
Verdict = Callable[[Mutation, list[Finding], Report], bool]  # caught or not, from the whole report


@dataclass(frozen=True)
class MutationKind:
    name: str
    generate: Generate
    detected: Detected = at_place
    verdict: Verdict | None = None  # when set, decides "caught" (``detected`` still marks the place)


KINDS: dict[str, MutationKind] = {}  # in registration order: the order of the tables


def register(kind: MutationKind) -> MutationKind:
    """Add (or replace) a kind of mutation; returns it."""
    KINDS[kind.name] = kind
    return kind
