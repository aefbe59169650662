"""Subject names → classification rows.

Narratives name rows as written in the tables but loosely: `社会保障和就业（类）` for the
row `社会保障和就业支出`, `卫生健康支出年（类）` (a stray character), names without codes
in budget reports. Matching is by normalised name, along the code hierarchy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.numbers import normalize_text
from checker.tables.model import TableRow, TypedTable

_LEVEL_MARK = re.compile(r"[(（]\s*([类款项])\s*[)）]")
_PUNCT = re.compile(r"[\s\"“”‘’'、:：,，。；;（）()\[\]【】《》<>]")
_CODE_PREFIX = re.compile(r"^\d{3,7}")
# Ordinals heading a row or list item: 一、 （二） 3. 4、 — not part of the name.
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))\s*"
)
LEVEL_OF_MARK = {"类": 1, "款": 2, "项": 3}


@lru_cache(maxsize=8192)
def level_mark(name: str) -> int | None:
    """1/2/3 when the name carries （类）/（款）/（项）."""
    m = _LEVEL_MARK.search(normalize_text(name))
    return LEVEL_OF_MARK[m.group(1)] if m else None


@lru_cache(maxsize=8192)
def bare(name: str) -> str:
    """No level marks, punctuation, whitespace or code prefix."""
    t = _LEVEL_MARK.sub("", normalize_text(name or "")).strip()
    t = _ORDINAL.sub("", t)
    t = _PUNCT.sub("", t)
    t = _CODE_PREFIX.sub("", t)
    return t.removeprefix("其中")


@lru_cache(maxsize=8192)
def norm(name: str) -> str:
    """Comparable form: :func:`bare` without a 支出/经费 suffix."""
    t = bare(name)
    for suffix in ("支出", "经费"):
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            t = t[: -len(suffix)]
            break
    return t


def _edit_distance_le1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


@lru_cache(maxsize=8192)
def name_score(subject: str, label: str) -> int:
    """3 exact, 2 one stray/missing character, 1 containment, 0 no match."""
    s, r = norm(subject), norm(label)
    if not s or not r:
        return 0
    if s == r:
        return 3
    if min(len(s), len(r)) >= 4 and (
        _edit_distance_le1(s, r) or _edit_distance_le1(bare(subject), bare(label))
    ):
        return 2
    if min(len(s), len(r)) >= 4 and (s in r or r in s):
        return 1
    return 0


def row_level(row: TableRow) -> int | None:
    if row.level is not None:
        return row.level
    if row.code and row.code.isdigit():
        return {3: 1, 5: 2, 7: 3}.get(len(row.code))
    return None


_INDEX: dict[int, tuple[TypedTable, dict[str, list[int]]]] = {}


def _label_index(table: TypedTable) -> dict[str, list[int]]:
    """norm(label) → row indexes, built once per table object."""
    hit = _INDEX.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    idx: dict[str, list[int]] = {}
    for i, row in enumerate(table.rows):
        if not row.is_total:
            idx.setdefault(norm(row.label), []).append(i)
    if len(_INDEX) > 512:
        _INDEX.clear()
    _INDEX[id(table)] = (table, idx)
    return idx


def match_rows(table: TypedTable, name: str) -> list[tuple[int, TableRow]]:
    """Rows whose label matches ``name``, best score first; level marks must agree."""
    want_level = level_mark(name)

    def level_ok(row: TableRow) -> bool:
        lvl = row_level(row)
        return want_level is None or lvl is None or lvl == want_level

    # Exact matches come from the index; the fuzzy scan runs only when there are none.
    exact = [(i, table.rows[i]) for i in _label_index(table).get(norm(name), []) if level_ok(table.rows[i])]
    if exact:
        return exact
    scored: list[tuple[int, int, TableRow]] = []
    for i, row in enumerate(table.rows):
        if row.is_total or not level_ok(row):
            continue
        sc = name_score(name, row.label)
        if sc:
            scored.append((sc, i, row))
    if not scored:
        return []
    best = max(s for s, _, _ in scored)
    return [(i, r) for s, i, r in scored if s == best]


def _ancestors(table: TypedTable, idx: int) -> list[TableRow]:
    out: list[TableRow] = []
    row = table.rows[idx]
    seen = {idx}
    while row.parent is not None and row.parent not in seen:
        seen.add(row.parent)
        row = table.rows[row.parent]
        out.append(row)
    if not out and table.rows[idx].code:
        code = table.rows[idx].code or ""
        for n in (5, 3):
            if len(code) > n:
                parent = table.by_code(code[:n])
                if parent is not None:
                    out.append(parent)
    return out


def find_path_row(table: TypedTable, path: list[str]) -> TableRow | None:
    """The row named by the innermost element of ``path``, its ancestors matching the rest.

    Returns None when no row or more than one row fits (ambiguity is not guessed away).
    """
    if not path:
        return None
    cands = match_rows(table, path[-1])
    if len(cands) > 1 and len(path) > 1:
        outer = path[:-1]
        cands = [
            (i, r)
            for i, r in cands
            if all(any(name_score(o, a.label) for a in _ancestors(table, i)) for o in outer)
        ] or cands
    if len(cands) > 1 and not any(level_mark(p) for p in path) and len(path) <= 3:
        # Extractors may drop the （类）（款）（项） marks: the path's length then tells the level.
        by_depth = [(i, r) for i, r in cands if row_level(r) == len(path)]
        cands = by_depth or cands
    if len(cands) > 1:
        # The same name at two levels (20899 / 2089999 其他社会保障和就业支出) is harmless
        # when both rows print the same figures.
        first = {k: c.text for k, c in cands[0][1].cells.items()}
        if all({k: c.text for k, c in r.cells.items()} == first for _, r in cands[1:]):
            return cands[-1][1]
    if len(cands) == 1:
        return cands[0][1]
    return None
