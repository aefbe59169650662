"""Mutation benchmark: inject one known inconsistency into a report, see whether the
checker reports it at the right place.

Only values the unmutated report already states consistently are mutated (claims the
checker verified as consistent; table cells of tables with no finding), so each variant
carries exactly one known error. Runs are reproducible from the seed.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from checker.document import CheckerError
from checker.findings import Finding
from checker.ingest import load
from checker.ingest.text import parse_text
from checker.numbers import Interval, compare_derived, compare_restated, parse_number
from checker.pipeline import CheckOptions, Report, check_document

AMOUNT_KINDS = ("digit_change", "shift_x10", "shift_div10", "digit_drop", "digit_dup", "transpose")
PERCENT_KINDS = ("pct_plus_0.1", "pct_minus_0.1", "pct_plus_1", "pct_minus_1", "pct_x10")
OTHER_KINDS = ("direction_flip", "table_sum", "restated_cell")
ALL_KINDS = AMOUNT_KINDS + PERCENT_KINDS + OTHER_KINDS

FLIPS = {"大于": "小于", "小于": "大于", "增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}


@dataclass(frozen=True)
class Mutation:
    document: str
    kind: str
    line: int  # 1-based source line
    start: int  # character offsets within that line
    end: int
    original: str
    replacement: str
    target: str  # what was mutated (claim kind or table/row/column)

    def apply(self, text: str) -> str:
        lines = text.split("\n")
        ln = lines[self.line - 1]
        assert ln[self.start : self.end] == self.original, (ln, self.start, self.end, self.original)
        lines[self.line - 1] = ln[: self.start] + self.replacement + ln[self.end :]
        return "\n".join(lines)


@dataclass
class Outcome:
    mutation: Mutation
    detected: bool
    new_elsewhere: int  # new serious findings away from the mutated place
    finding: str = ""  # the finding that caught it
    elsewhere: list[str] = field(default_factory=list)  # the new findings away from it


@dataclass
class BenchResult:
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)
    baseline_findings: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def per_kind(self) -> dict[str, tuple[int, int, int]]:
        acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for o in self.outcomes:
            a = acc[o.mutation.kind]
            a[0] += o.detected
            a[1] += 1
            a[2] += o.new_elsewhere
        return {k: (v[0], v[1], v[2]) for k, v in sorted(acc.items(), key=lambda kv: ALL_KINDS.index(kv[0]))}


# ---------------------------------------------------------------- value mutations


def _digit_positions(s: str) -> list[int]:
    return [i for i, ch in enumerate(s) if ch.isdigit()]


def mutate_amount(text: str, kind: str, rng: random.Random) -> str | None:
    """Return a mutated printing of ``text`` (e.g. 73.11), or None if the kind does not apply.

    Thousands separators are removed before mutating and put back after, so the result is
    a well-formed number printed the way the report prints numbers."""
    if "," in text:
        out = _mutate_plain(text.replace(",", ""), kind, rng)
        return _group_thousands(out) if out is not None else None
    return _mutate_plain(text, kind, rng)


def _group_thousands(plain: str) -> str:
    whole, _, frac = plain.partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{frac}" if frac else grouped


def _mutate_plain(text: str, kind: str, rng: random.Random) -> str | None:
    digits = _digit_positions(text)
    if not digits:
        return None
    if kind == "digit_change":
        i = rng.choice(digits)
        d = rng.choice([c for c in "0123456789" if c != text[i]])
        if i == digits[0] and d == "0" and len(digits) > 1 and "." not in text[: i + 2]:
            d = rng.choice("123456789".replace(text[i], ""))
        out = text[:i] + d + text[i + 1 :]
    elif kind in ("shift_x10", "shift_div10"):
        n = parse_number(text)
        if n is None or n.value == 0:
            return None
        v = n.value * 10 if kind == "shift_x10" else n.value / 10
        decimals = max(n.decimals - 1, 0) if kind == "shift_x10" else n.decimals + 1
        out = f"{v:.{decimals}f}"
    elif kind == "digit_drop":
        if len(digits) < 2:
            return None
        i = rng.choice(digits)
        out = text[:i] + text[i + 1 :]
        if out.startswith("0") and len(out) > 1 and out[1].isdigit():
            return None
        out = out.strip(".")
    elif kind == "digit_dup":
        i = rng.choice(digits)
        out = text[:i] + text[i] + text[i:]
    elif kind == "transpose":
        pairs = [(a, b) for a, b in itertools.pairwise(digits) if b == a + 1 and text[a] != text[b]]
        pairs += [
            (a, b)
            for a, b in itertools.pairwise(digits)
            if b == a + 2 and text[a + 1] in ".," and text[a] != text[b]
        ]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        out = text[:a] + text[b] + text[a + 1 : b] + text[a] + text[b + 1 :]
        if out.startswith("0") and len(out) > 1 and out[1].isdigit():
            return None
    else:
        return None
    if out == text or parse_number(out) is None:
        return None
    n0, n1 = parse_number(text), parse_number(out)
    if n0 is None or n1 is None or n0.value == n1.value:
        return None
    return out


def mutate_percent(text: str, kind: str) -> str | None:
    n = parse_number(text)
    if n is None:
        return None
    step = {
        "pct_plus_0.1": Decimal("0.1"),
        "pct_minus_0.1": Decimal("-0.1"),
        "pct_plus_1": Decimal(1),
        "pct_minus_1": Decimal(-1),
    }
    if kind in step:
        v = n.value + step[kind]
        decimals = max(n.decimals, 1) if "0.1" in kind else n.decimals
    elif kind == "pct_x10":
        v = n.value * 10
        decimals = n.decimals
    else:
        return None
    if v < 0 or v == n.value:
        return None
    return f"{v:.{decimals}f}"


def is_real_error(original: str, replacement: str, lo: str = "", hi: str = "", table: str = "") -> bool:
    """Does the replacement really contradict the report? A variant must hold exactly one
    known error, so a change within rounding is not a mutation: 9619.41 → 9619.4 and
    17.67 → 17.667 print the same quantity; a rate 110.25 → 110.15 may still be what
    5.27 / 4.78 gives ([110.03, 110.47]); ``lo``/``hi`` are that interval, as recorded on
    the consistent verdict of the unmutated claim. ``table`` is the table figure a restated
    amount was found equal to: 1.220 for a table's 1.2 is no contradiction either."""
    a, b = parse_number(original), parse_number(replacement)
    if a is None or b is None:
        return True  # words (大于 → 小于): always a contradiction
    if compare_restated(b, a).ok:
        return False
    t = parse_number(table) if table else None
    if t is not None and compare_restated(b, t).ok:
        return False
    if lo and hi:
        return not compare_derived(b, Interval(Decimal(lo), Decimal(hi), Decimal(lo))).ok
    return True


# ---------------------------------------------------------------- locating values in the source


def _locate(line_text: str, value: str, context: str) -> int | None:
    """Offset of ``value`` in ``line_text``, disambiguated by the text just before it."""
    starts = [m.start() for m in re.finditer(re.escape(value), line_text)]
    starts = [s for s in starts if not _glued(line_text, s, s + len(value))]
    if not starts:
        return None
    if len(starts) == 1:
        return starts[0]
    # Up to 12 characters of the sentence before the value; a line that starts inside
    # them (a paragraph re-joined across lines) must match what it holds of them.
    ctx = re.sub(r"\s+", "", context)[-12:]
    if not ctx:
        return None
    fits = []
    for s in starts:
        before = re.sub(r"\s+", "", line_text[:s])
        if before.endswith(ctx) or (len(before) < len(ctx) and ctx.endswith(before)):
            fits.append(s)
    return fits[0] if len(fits) == 1 else None


def _glued(line: str, start: int, end: int) -> bool:
    """A match inside a longer number (e.g. 3.5 inside 13.57) is not the value."""
    left = line[start - 1] if start > 0 else ""
    right = line[end] if end < len(line) else ""
    return bool(re.match(r"[\d.,]", left)) or bool(re.match(r"\d|\.\d", line[end : end + 2] if right else ""))


def _finding_lines(f: Finding) -> set[int]:
    lines = {c.line for c in f.cells if c.line}
    if f.location.line:
        lines.add(f.location.line)
    return lines


def _uses(f: Finding, value: str) -> bool:
    plain = value.replace(",", "")
    text = f"{f.computation} {f.excerpt} {f.stated}".replace(",", "")
    return re.search(rf"(?<![\d.]){re.escape(plain)}(?![\d])", text) is not None


def _key(f: Finding) -> tuple:
    return (f.code, f.stated, f.expected, f.location.line, f.excerpt)


# ---------------------------------------------------------------- candidates


def candidates(doc_name: str, text: str, report: Report, rng: random.Random) -> list[Mutation]:
    lines = text.split("\n")
    out: list[Mutation] = []
    for rec in report.claims:
        if rec.status != "consistent":
            continue
        c = rec.claim
        if not c.line or c.line > len(lines):
            continue
        raw = lines[c.line - 1]
        context = c.sentence[: c.span.start]
        if c.kind == "direction":
            kinds: tuple[str, ...] = ("direction_flip",)
        elif c.kind in ("share", "change_pct", "completion_rate"):
            kinds = PERCENT_KINDS
        elif c.kind in ("amount", "change_amount", "sum"):
            kinds = AMOUNT_KINDS
        else:
            continue
        pos = _locate(raw, c.value_text, context)
        if pos is None:
            continue
        for kind in kinds:
            if kind == "direction_flip":
                rep = FLIPS.get(c.value_text)
            elif kind in PERCENT_KINDS:
                rep = mutate_percent(c.value_text, kind)
            else:
                rep = mutate_amount(c.value_text, kind, rng)
            if rep and is_real_error(c.value_text, rep, rec.lo, rec.hi, rec.expected):
                out.append(
                    Mutation(doc_name, kind, c.line, pos, pos + len(c.value_text), c.value_text, rep, c.kind)
                )
        # A change claim's direction word (增加/减少, 增长/下降) right before its value.
        if c.kind in ("change_amount", "change_pct"):
            m = re.search(r"(增加|减少|增长|下降)\s*$", raw[:pos])
            if m:
                out.append(
                    Mutation(
                        doc_name,
                        "direction_flip",
                        c.line,
                        m.start(1),
                        m.end(1),
                        m.group(1),
                        FLIPS[m.group(1)],
                        c.kind,
                    )
                )
    out.extend(_table_candidates(doc_name, lines, report, rng))
    return out


def _table_candidates(doc_name: str, lines: list[str], report: Report, rng: random.Random) -> list[Mutation]:
    from checker.tables.parse import parse_tables

    doc = parse_text("\n".join(lines), source=doc_name)
    tables = parse_tables(doc)
    flagged_tables = {f.location.table for f in report.findings if f.location.table}
    printed: dict[str, set[int]] = defaultdict(set)  # value text -> tables printing it
    for t in tables.tables:
        for r in t.rows:
            for cell in r.cells.values():
                n = cell.num
                if n is not None and n.value != 0:
                    printed[n.text.replace(",", "")].add(t.index)
    out: list[Mutation] = []
    for t in tables.tables:
        if t.title in flagged_tables:
            continue
        for r in t.rows:
            for key, cell in r.cells.items():
                n = cell.num
                if n is None or n.value == 0 or not cell.line or n.percent or key in ("rate",):
                    continue
                raw = lines[cell.line - 1]
                pos = _locate(raw, cell.text, "")
                if pos is None:
                    continue
                restated = len(printed[n.text.replace(",", "")]) > 1
                kind = "restated_cell" if restated else ("table_sum" if r.parent is not None else "")
                if not kind:
                    continue
                rep = _cell_mutation(cell.text, kind, rng)
                if not rep:
                    continue
                if kind:
                    out.append(
                        Mutation(
                            doc_name,
                            kind,
                            cell.line,
                            pos,
                            pos + len(cell.text),
                            cell.text,
                            rep,
                            f"{t.title}/{r.label}/{key}",
                        )
                    )
    return out


# How far a mutated cell must move, in units of its last digit. A sum of n printed addends
# is only known to n half-units (a 302 line over twenty 302xx lines: ±0.105), so a cell
# that must break a sum moves beyond any such tolerance; a restated cell (the same figure
# in another table, or a coincidence no identity links) moves beyond the usual ones.
MIN_SHIFT = {"table_sum": 100, "restated_cell": 10}


def _cell_mutation(text: str, kind: str, rng: random.Random) -> str | None:
    """A changed table cell that is a contradiction, not a rounding artefact: 237.57 →
    237.58 under a parent of twelve children must not be reported, so it is not a mutation."""
    n = parse_number(text)
    for _ in range(12):
        rep = mutate_amount(text, "digit_change", rng)
        m = parse_number(rep) if rep else None
        if rep is None or m is None or n is None or not is_real_error(text, rep):
            continue
        if abs(m.value - n.value) < Decimal(MIN_SHIFT.get(kind, 1)).scaleb(-n.decimals):
            continue
        return rep
    return None


# ---------------------------------------------------------------- running


def run(
    paths: list[Path],
    *,
    seed: int = 0,
    per_kind: int = 15,
    kinds: tuple[str, ...] = ALL_KINDS,
    options: CheckOptions | None = None,
) -> BenchResult:
    """Generate up to ``per_kind`` mutations of each kind per document and check each variant."""
    options = options or CheckOptions()
    result = BenchResult(seed=seed)
    for path in paths:
        rng = random.Random(f"{seed}:{path.name}")
        try:
            base_doc = load(path)
        except CheckerError as e:
            result.skipped.append(f"{path}: {e}")
            continue
        text = path.read_text(encoding="utf-8")
        base = check_document(base_doc, options)
        result.baseline_findings[path.name] = len(base.findings)
        base_keys = {_key(f) for f in base.findings}
        pool = candidates(path.name, text, base, rng)
        by_kind: dict[str, list[Mutation]] = defaultdict(list)
        for m in pool:
            if m.kind in kinds:
                by_kind[m.kind].append(m)
        for kind in kinds:
            chosen = by_kind.get(kind, [])
            rng.shuffle(chosen)
            for m in chosen[:per_kind]:
                result.outcomes.append(_check_variant(m, text, base_keys, options))
    return result


def _check_variant(m: Mutation, text: str, base_keys: set[tuple], options: CheckOptions) -> Outcome:
    variant = parse_text(m.apply(text), source=m.document)
    report = check_document(variant, options)
    new = [
        f for f in report.findings if _key(f) not in base_keys and f.severity in ("error", "warning", "info")
    ]
    at_place = [
        f
        for f in new
        if m.line in _finding_lines(f)
        or (m.replacement in f.stated and abs((f.location.line or 0) - m.line) <= 1)
    ]
    # A finding elsewhere that works with the mutated figure (a sum of items, a growth rate
    # computed from the changed amount) reports the injected error, not a false one.
    elsewhere = [f for f in new if f not in at_place and f.severity != "info" and not _uses(f, m.replacement)]
    return Outcome(
        mutation=m,
        detected=bool(at_place),
        new_elsewhere=len(elsewhere),
        finding=f"{at_place[0].code} {at_place[0].stated}->{at_place[0].expected}" if at_place else "",
        elsewhere=[f"{f.code} {f.stated}->{f.expected} @{f.location.line} {f.message}" for f in elsewhere],
    )


def render_table(result: BenchResult) -> str:
    rows = ["| kind | detected | total | rate | new findings elsewhere |", "|---|---:|---:|---:|---:|"]
    det = tot = other = 0
    for kind, (d, t, e) in result.per_kind().items():
        rows.append(f"| {kind} | {d} | {t} | {d / t:.1%} | {e} |")
        det, tot, other = det + d, tot + t, other + e
    rate = f"{det / tot:.1%}" if tot else "n/a"
    rows.append(f"| **all** | {det} | {tot} | {rate} | {other} |")
    rows.append(f"\nseed {result.seed}; baseline findings per document: {result.baseline_findings}")
    for s in result.skipped:
        rows.append(f"skipped: {s}")
    return "\n".join(rows)


def render_details(result: BenchResult) -> str:
    """Every missed mutation and every new finding away from the mutated place: what a
    developer reads to fix the checker (not the benchmark)."""
    out: list[str] = []
    for o in result.outcomes:
        m = o.mutation
        where = f"{m.document}:{m.line} [{m.kind}] {m.original} → {m.replacement} ({m.target})"
        if not o.detected:
            out.append(f"漏检 {where}")
        for e in o.elsewhere:
            out.append(f"别处新发现 {where}: {e}")
    return "\n".join(out)
