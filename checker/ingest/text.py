"""Plain-text / Markdown reports (text exported from PDFs).

Provisional reader: tab-separated tables, Markdown headings, numbered headings,
page markers. Layout-specific handling (space-separated tables, broken lines) is
added in this module.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.document import Block, Cell, Document, IngestError

PAGE_MARKER = re.compile(r"^\s*[—\-–]+\s*\d+\s*[—\-–]+\s*$")
HEADING_RE = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
)


def decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise IngestError(f"文件为空：{source}")
    if b"\x00" in data[:4096]:
        raise IngestError(f"不是文本文件（含二进制内容）：{source}")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"无法识别文件编码（已尝试 UTF-8、GB18030）：{source}")


def read_text_file(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"无法读取文件：{path}（{e.strerror}）") from e
    return parse_text(decode(data, str(path)), source=str(path))


def parse_text(text: str, source: str = "<text>") -> Document:
    lines = text.splitlines()
    blocks: list[Block] = []
    table: list[list[Cell]] = []
    table_start = 0

    def flush_table() -> None:
        nonlocal table
        if table:
            blocks.append(
                Block(
                    kind="table",
                    text="\n".join("\t".join(c.text for c in r) for r in table),
                    rows=table,
                    line=table_start,
                    end_line=table[-1][0].line if table[-1] else table_start,
                )
            )
            table = []

    for i, raw in enumerate(lines, start=1):
        if PAGE_MARKER.match(raw):
            continue
        if "\t" in raw:
            if not table:
                table_start = i
            table.append([Cell(text=c.strip(), line=i) for c in raw.split("\t")])
            continue
        flush_table()
        s = raw.strip()
        if not s:
            continue
        md = re.match(r"^(#{1,6})\s*(.*)$", s)
        if md:
            blocks.append(
                Block(
                    kind="heading", text=md.group(2).strip("* "), line=i, end_line=i, level=len(md.group(1))
                )
            )
        elif HEADING_RE.match(s) and len(s) < 60:
            blocks.append(Block(kind="heading", text=s, line=i, end_line=i))
        else:
            blocks.append(Block(kind="paragraph", text=s, line=i, end_line=i))
    flush_table()
    doc = Document(source=source, format="txt", blocks=blocks)
    doc.kind = guess_kind(text)
    return doc


def guess_kind(text: str) -> str:
    """决算 or 预算, from the title area only: body text (e.g. 基金预决算 in a duty list)
    names both words and must not decide."""
    head = " ".join([ln.strip() for ln in text.splitlines() if ln.strip()][:15])
    final = head.count("决算") - head.count("预决算")
    budget = head.count("预算")  # 预决算 does not contain 预算
    if final > budget:
        return "final"
    if budget > final:
        return "budget"
    return "unknown"
