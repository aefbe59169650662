"""Small helpers on raw grid cells: text clean-up and what a cell looks like."""

from __future__ import annotations

import itertools
import re

from checker.document import Cell
from checker.numbers import normalize_text, parse_number

_CJK = r"\u3400-\u9fff\uff08\uff09（）“”"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
# 栏次 cells are small consecutive integers (1 2 3 …).
_SMALL_INT = re.compile(r"^\d{1,2}$")
BLANK = {"", "-", "—", "--", "——", "－", "/", "…", "……"}


def clean(text: str) -> str:
    """Cell text without whitespace next to CJK characters (``因公出国 (境) 费`` → ``因公出国(境)费``)."""
    t = normalize_text(text or "").strip()
    t = _SPACE_IN_CJK.sub("", t)
    return re.sub(r"\s*([()（）])\s*", r"\1", t)


def compact(text: str) -> str:
    """Whitespace removed, characters as printed (row names and project names: evidence
    quotes them and ``TypedTable.find`` compares them with the report's own text)."""
    return "".join((text or "").split())


def squash(text: str) -> str:
    """All whitespace removed (labels and header words are compared this way)."""
    return "".join(normalize_text(text or "").split())


def is_blank(text: str) -> bool:
    return squash(text) in BLANK


def is_number(text: str) -> bool:
    return not is_blank(text) and parse_number(text) is not None


def is_code(text: str) -> bool:
    """A classification code: 3, 5 or 7 digits (功能分类 类/款/项, 经济分类 类/款)."""
    return bool(_CODE.match(squash(text)))


def texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def is_column_numbers_row(row: list[Cell]) -> bool:
    """The ``栏次 1 2 3`` row (or a bare ``1 2 3 …`` row under the headers)."""
    vals = [squash(c.text) for c in row if not is_blank(c.text)]
    words = [v for v in vals if not _SMALL_INT.match(v)]
    nums = [int(v) for v in vals if _SMALL_INT.match(v)]
    if len(nums) < 1 or any(w not in ("栏次", "行次", "项目", "合计") for w in words):
        return False
    if not words and len(nums) < 2:
        return False
    if words and "栏次" not in words:
        return False
    # Consecutive runs starting anywhere (summary tables restart per side: 1 | 2).
    return all(b == a + 1 for a, b in itertools.pairwise(nums)) or ("栏次" in words and len(nums) <= 2)
