"""Word's automatic numbering, rendered as the page shows it (一、 （一） 1. ①).

A heading numbered by Word holds only ``部门职责`` in its text; the reader must see
``一、部门职责`` to know it as the text reader would (a numbered heading, its level, its
section). Numbers come from the numbering part (abstract definitions: start, format,
``%1、`` patterns per level) and counters kept per definition as Word keeps them: a level
counts on, deeper levels restart.
"""

from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "〇一二三四五六七八九"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = (
            ""
            if not rest
            else ("零" + CN_DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + chinese(rest))
        )
        return CN_DIGITS[hundreds] + "百" + tail
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, sym in ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideographDigital", "taiwaneseCounting", "japaneseCounting")):
        return chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return TIANGAN[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("lowerLetter", "upperLetter") and 1 <= n <= 26:
        ch = chr(ord("a") + n - 1)
        return ch if fmt == "lowerLetter" else ch.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return roman(n) if fmt == "lowerRoman" else roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _val(el, name: str) -> str | None:
    child = el.find(W + name) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _int(s: str | None, default: int) -> int:
    return int(s) if s is not None and s.lstrip("-").isdigit() else default


class Numbering:
    """Labels for numbered paragraphs, in document order (call :meth:`label` once per
    paragraph, in order: counters advance)."""

    def __init__(self, numbering_el=None, styles_el=None) -> None:
        # abstract id → level → (start, format, pattern)
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, start overrides)
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if numbering_el is not None:
            self._read_numbering(numbering_el)
        if styles_el is not None:
            self._read_styles(styles_el)

    def _read_numbering(self, el) -> None:
        for an in el.iterchildren(W + "abstractNum"):
            lv: dict[int, tuple[int, str, str]] = {}
            for lvl in an.iterchildren(W + "lvl"):
                ilvl = _int(lvl.get(W + "ilvl"), 0)
                lv[ilvl] = (
                    _int(_val(lvl, "start"), 1),
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                )
            self.levels[an.get(W + "abstractNumId") or ""] = lv
        for num in el.iterchildren(W + "num"):
            overrides = {}
            for ov in num.iterchildren(W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[_int(ov.get(W + "ilvl"), 0)] = _int(start, 1)
            self.nums[num.get(W + "numId") or ""] = (_val(num, "abstractNumId") or "", overrides)

    def _read_styles(self, el) -> None:
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for st in el.iterchildren(W + "style"):
            sid = st.get(W + "styleId") or ""
            ppr = st.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is not None:
                ilvl = _val(numpr, "ilvl")
                own[sid] = (_val(numpr, "numId"), _int(ilvl, 0) if ilvl is not None else None)
            parent = _val(st, "basedOn")
            if parent:
                based[sid] = parent
        for sid in {*own, *based}:
            s, seen = sid, set()
            while s not in own and s in based and s not in seen:
                seen.add(s)
                s = based[s]
            if s in own:
                self.style_num[sid] = own[s]

    def label(self, p) -> str:
        """The number Word prints before paragraph ``p`` (``一、``), or ""."""
        ppr = p.find(W + "pPr")
        style = _val(ppr, "pStyle")
        num_id, ilvl = self.style_num.get(style or "", (None, None))
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = _int(_val(numpr, "ilvl"), ilvl or 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        ilvl = ilvl or 0
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for k, start in overrides.items():
                if 0 <= k < 9:
                    counters[k] = start - 1
        start, fmt, pattern = levels[ilvl]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for k in range(ilvl + 1, 9):
            counters[k] = None  # deeper levels start again
        if fmt in ("bullet", "none"):
            return ""

        def part(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv_start, lv_fmt, _ = levels.get(k, (1, "decimal", ""))
            n = counters[k] if 0 <= k < 9 and counters[k] is not None else lv_start
            return format_number(n, lv_fmt)

        text = re.sub(r"%([1-9])", part, pattern)
        # a label ending in a word (第一部分) is set off from the text; 一、 and （一） are not
        return text + " " if text and text[-1].isalnum() else text
