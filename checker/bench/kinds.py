"""The built-in mutation kinds: the mistakes a report's authors make.

Narrative (values the checker verified as consistent): an amount with a digit changed,
dropped, doubled or swapped, or moved by ×10 / ÷10; a percentage moved by ±0.1, ±1 or
×10; a direction word flipped (大于 ↔ 小于, 增加 ↔ 减少, 增长 ↔ 下降). Tables (tables with
no finding): a cell that is the sum of the rows under it (``table_sum``), or a figure
printed again elsewhere (``restated_cell``), changed beyond any rounding tolerance.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from functools import partial

from checker.bench.mutation import Base, Mutation, MutationKind, register
from checker.bench.values import is_real_error, mutate_amount, mutate_cell, mutate_percent
from checker.pipeline import ClaimRecord

AMOUNT_KINDS = ("digit_change", "shift_x10", "shift_div10", "digit_drop", "digit_dup", "transpose")
PERCENT_KINDS = ("pct_plus_0.1", "pct_minus_0.1", "pct_plus_1", "pct_minus_1", "pct_x10")
TABLE_KINDS = ("table_sum", "restated_cell")

FLIPS = {"大于": "小于", "小于": "大于", "增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}
_AMOUNT_CLAIMS = ("amount", "change_amount", "sum")
_PERCENT_CLAIMS = ("share", "change_pct", "completion_rate")
_CHANGE_WORD = re.compile(r"(增加|减少|增长|下降)\s*$")


def _consistent(base: Base) -> list[tuple[ClaimRecord, int, int]]:
    """Consistent claims with the block and offset of their value."""
    out = []
    for rec in base.report.claims:
        if rec.status != "consistent":
            continue
        place = base.locate_claim(rec.claim)
        if place is not None:
            out.append((rec, *place))
    return out


def _span_mutation(
    base: Base,
    kind: str,
    block: int,
    start: int,
    original: str,
    rep: str,
    target: str,
    line: int | None = None,
) -> Mutation:
    """A replaced span of a block's text; ``line`` is where findings cite it (default: its own line)."""
    b = base.doc.blocks[block]
    end = start + len(original)
    new_text = b.text[:start] + rep + b.text[end:]
    return Mutation(
        document=base.name,
        kind=kind,
        block=block,
        start=start,
        end=end,
        original=original,
        replacement=rep,
        target=target,
        line=line if line is not None else b.line_at(start),
        page=b.page,
        tables_unchanged=base.tables_unaffected(block, new_text),
    )


def value_mutations(kind: str, base: Base, rng: random.Random) -> list[Mutation]:
    """An amount or percentage the checker found consistent, printed differently."""
    claim_kinds = _PERCENT_CLAIMS if kind in PERCENT_KINDS else _AMOUNT_CLAIMS
    out = []
    for rec, block, pos in _consistent(base):
        c = rec.claim
        if c.kind not in claim_kinds:
            continue
        if kind in PERCENT_KINDS:
            rep = mutate_percent(c.value_text, kind)
        else:
            rep = mutate_amount(c.value_text, kind, rng)
        if rep and is_real_error(c.value_text, rep, rec.lo, rec.hi, rec.expected):
            out.append(_span_mutation(base, kind, block, pos, c.value_text, rep, c.kind))
    return out


def direction_flips(base: Base, rng: random.Random) -> list[Mutation]:
    """A comparison word (大于/小于) or a change's direction word (增加/减少, 增长/下降)
    right before its value, flipped."""
    out: dict[tuple[int, int], Mutation] = {}
    for rec, block, pos in _consistent(base):
        c = rec.claim
        if c.kind == "direction" and c.value_text in FLIPS:
            m = _span_mutation(base, "direction_flip", block, pos, c.value_text, FLIPS[c.value_text], c.kind)
            out.setdefault((block, pos), m)
        if c.kind in ("change_amount", "change_pct"):
            text = base.doc.blocks[block].text
            w = _CHANGE_WORD.search(text[max(0, pos - 8) : pos])
            if w:
                start = max(0, pos - 8) + w.start(1)
                # Findings cite the value's line; a word wrapped onto the line before is still its.
                word, flip = w.group(1), FLIPS[w.group(1)]
                m = _span_mutation(base, "direction_flip", block, start, word, flip, c.kind, line=c.line)
                out.setdefault((block, start), m)
    return list(out.values())


def cell_mutations(kind: str, base: Base, rng: random.Random) -> list[Mutation]:
    """A table cell changed: ``table_sum`` a parent row's figure (breaks the sum of its
    children), ``restated_cell`` a figure another table prints too (breaks the restatement).
    Tables with a finding are left alone: a variant must hold exactly one known error."""
    printed: dict[str, set[int]] = defaultdict(set)  # value text -> tables printing it
    for t in base.tables.tables:
        for r in t.rows:
            for cell in r.cells.values():
                n = cell.num
                if n is not None and n.value != 0:
                    printed[n.text.replace(",", "")].add(t.index)
    out = []
    for t in base.unflagged_tables():
        for r in t.rows:
            for key, cell in r.cells.items():
                n = cell.num
                if n is None or n.value == 0 or not cell.line or n.percent or key == "rate":
                    continue
                # A parent row's figure restated in another table (budget reports print
                # the same 功能分类 tree in three tables) is a candidate of both kinds.
                if kind == "restated_cell" and len(printed[n.text.replace(",", "")]) < 2:
                    continue
                if kind == "table_sum" and r.parent is None:
                    continue
                place = base.locate_cell(cell)
                if place is None:
                    continue
                rep = mutate_cell(cell.text, kind, rng)
                if not rep:
                    continue
                block, row, col = place
                grid_text = base.doc.blocks[block].rows[row][col].text
                start = grid_text.find(cell.text)
                out.append(
                    Mutation(
                        document=base.name,
                        kind=kind,
                        block=block,
                        start=start,
                        end=start + len(cell.text),
                        original=cell.text,
                        replacement=rep,
                        target=f"{t.title}/{r.label}/{key}",
                        cell=(row, col),
                        claims_unchanged=True,
                        line=cell.line,
                        page=cell.page,
                    )
                )
    return out


for _k in AMOUNT_KINDS + PERCENT_KINDS:
    register(MutationKind(_k, partial(value_mutations, _k)))
register(MutationKind("direction_flip", direction_flips))
for _k in TABLE_KINDS:
    register(MutationKind(_k, partial(cell_mutations, _k)))
