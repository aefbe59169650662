"""Robustness probes: a seed rewritten in another layout must not produce new serious
findings. Here the tab-separated tables are rewritten the way a PDF text export prints
them (cells separated by single spaces, empty cells gone, header cells one per line)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.ingest.text import parse_text
from checker.numbers import parse_number
from checker.pipeline import CheckOptions, check_document

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


def sparsify(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if any(re.fullmatch(r"[-\d,.%]+", c) for c in cells):
            out.append(" ".join(cells))
        else:
            out.extend(cells)  # a header row: one cell per line
    return "\n".join(out)


def _findings(text: str):
    return check_document(parse_text(text), CheckOptions()).findings


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_space_separated_rewrite_adds_no_serious_table_finding(prefix):
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    tab = {(f.code, f.stated, f.expected) for f in _findings(text)}
    sparse = _findings(sparsify(text))
    new_serious = [
        (f.code, f.stated, f.expected)
        for f in sparse
        if f.severity in ("error", "warning") and (f.code, f.stated, f.expected) not in tab
    ]
    assert new_serious == []
    # a finding whose expected value is what the cell prints tells a reviewer nothing
    for f in sparse:
        a, b = parse_number(f.stated.rstrip("%")), parse_number(f.expected.rstrip("%"))
        assert a is None or b is None or a.value != b.value, f.message


def wrap(text: str, width: int = 26) -> str:
    """Narrative lines broken every ``width`` characters with a blank line between, as
    some PDF exports print them (never inside a Latin word or number)."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width or line.startswith("#"):
            out.append(line)
            continue
        k = 0
        while k < len(line):
            e = min(len(line), k + width)
            while (
                k < e < len(line)
                and not line[e - 1].isspace()
                and line[e - 1].isascii()
                and line[e].isascii()
            ):
                e -= 1
            e = e if e > k else min(len(line), k + width)
            out += [line[k:e].strip(), ""]
            k = e
    return "\n".join(out)


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_narrative_broken_every_26_characters_gives_the_same_findings(prefix):
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")

    def key(t: str) -> list[tuple[str, str, str]]:
        return sorted((f.code, f.stated, f.expected) for f in _findings(t))

    assert key(wrap(text)) == key(text)


def _drop_toc_title(text: str) -> str:
    """The table of contents printed without its 目录 line."""
    return re.sub(r"^\s*#*\s*目\s*录\s*$", "", text, count=1, flags=re.M)


def _drop_toc(text: str) -> str:
    """No table of contents at all: everything from 目录 up to the body's first part."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if re.match(r"^\s*#*\s*目\s*录\s*$", ln))
    firsts = [i for i, ln in enumerate(lines) if "第一部分" in ln]
    body = next((i for i in firsts if i > start and i != firsts[0]), None)
    if body is None:  # no part headings in the body (seed 001): the TOC ends at 名词解释
        body = next(i for i, ln in enumerate(lines) if "名词解释" in ln and i > start) + 1
    return "\n".join(lines[:start] + lines[body:])


def _drop_parts(text: str) -> str:
    """No 第X部分 lines anywhere (neither in the TOC nor in the body)."""
    return "\n".join(
        ln for ln in text.split("\n") if not re.match(r"^#*\s*\**第[一二三四五六七八九十]+部分", ln.strip())
    )


@pytest.mark.parametrize("variant", [_drop_toc_title, _drop_toc, _drop_parts])
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_the_narrative_is_found_without_toc_title_toc_or_part_headings(prefix, variant):
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")

    def key(t: str) -> list[tuple[str, str, str]]:
        return sorted((f.code, f.stated, f.expected) for f in _findings(t))

    assert key(variant(text)) == key(text)
