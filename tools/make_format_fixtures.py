"""Generate the format fixtures under ``fixtures/formats/`` from the text seeds.

For every seed ``fixtures/seeds/*.txt`` the text reader's Document is written as

- ``<stem>.docx`` — headings (Heading 1–3 styles), paragraphs and real ruled tables;
  header cells followed by empty cells are merged (gridSpan) as real reports do;
- ``<stem>.pdf``  — that DOCX converted by LibreOffice headless (ruled tables, CJK
  font, running header and a ``— N —`` page-number footer to be removed on reading);
- ``<stem>.xlsx`` — one sheet per table, its heading as a title row, numbers stored
  as numbers with the number format the report prints (``#,##0.00``);
- ``<stem>.html`` — headings, paragraphs and ``<table>`` with colspan.

Plus the failure and layout cases: a table split over two pages, a text layer whose
numbers are drawn away from their words, a scanned-like PDF (image only), an
encrypted PDF, a truncated PDF, a corrupt DOCX and XLSX.

The generated files are committed, so tests need neither LibreOffice nor fonts.
Regenerate (needs ``soffice`` and a CJK font, e.g. Debian's
``libreoffice-writer-nogui fonts-wqy-zenhei``; ``qpdf`` for the encrypted case; and
PyMuPDF, ``pip install pymupdf``, for the scattered-numbers PDF only — the checker
itself never imports it)::

    .venv/bin/python tools/make_format_fixtures.py          # everything
    .venv/bin/python tools/make_format_fixtures.py 001      # only seed 001's four files

A sparse table block (space-separated text: a row's values without column placement)
is laid out from the typed table the parser built for it — header row(s) from the
column labels (grouped headers merged), one row per parsed row with code, name and
each value in its column, a summary table's income and expense halves side by side —
as a real DOCX/PDF of the report shows it. Blocks giving several typed tables
(per-project 绩效 tables, mostly text) are written as they are, left-aligned.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document as DocxDocument  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from checker.document import Block, Document  # noqa: E402
from checker.ingest import load  # noqa: E402
from checker.tables.model import TableColumn, TableKind, TableRow, TypedTable  # noqa: E402
from checker.tables.parse import parse_tables  # noqa: E402

SEEDS = ROOT / "fixtures" / "seeds"
OUT = ROOT / "fixtures" / "formats"
FONT = "WenQuanYi Zen Hei"
AMOUNT = re.compile(r"^-?[\d,]+\.\d+$|^-?\d+$")


def heading_level(b: Block) -> int:
    if b.level:
        return min(b.level, 4)
    if b.text.startswith("第") and "部分" in b.text[:6]:
        return 1
    if b.text.startswith(("（", "(")):
        return 3
    return 2


def is_number(text: str) -> bool:
    return bool(AMOUNT.match(text.strip()))


def header_rows(rows: list[list[str]]) -> int:
    """Rows before the first row holding a number in a later column (the header band)."""
    for i, r in enumerate(rows):
        if any(is_number(c) for c in r[1:]) and not all(not c or c.isdigit() for c in r[1:]):
            return i
    return 0


def grid(b: Block) -> list[list[str]]:
    """The block's rows padded to one width (a sparse block's rows left-aligned)."""
    width = max(len(r) for r in b.rows)
    return [[c.text for c in r] + [""] * (width - len(r)) for r in b.rows]


def merged_rows(b: Block, rows: list[list[str]]) -> int:
    """Header rows whose cells are merged with the empty cells right of them. Not in a
    sparse block laid out as it is: its empty cells are padding, and a row merged across
    the whole width would be a grid without columns."""
    return 0 if b.sparse else header_rows(rows)


def typed_for(b: Block, typed: list[TypedTable]) -> TypedTable | None:
    """The one typed table the parser built from block ``b`` (None if it built several,
    as for per-project tables, or none)."""
    end = b.end_line or b.line
    found = [t for t in typed if b.line is not None and t.line is not None and b.line <= t.line <= end]
    if len(found) != 1 or found[0].kind in (TableKind.PERF_SELF_EVAL, TableKind.PERF_TARGET):
        return None
    return found[0]


def _keys(t: TypedTable, rows: list[TableRow]) -> list[TableColumn]:
    used = {k for r in rows for k in r.cells}
    return [c for c in t.columns if c.key in used]


def _header(cols: list[TableColumn], lead: list[str]) -> tuple[list[list[str]], int]:
    """Header rows for ``lead`` name columns and ``cols``: with groups, a group row
    (group text over its first column, blanks to be merged) above the labels."""
    if not any(c.group for c in cols):
        return [lead + [c.label for c in cols]], 1
    top = list(lead)
    for i, c in enumerate(cols):
        if not c.group:
            top.append(c.label)
        else:
            top.append(c.group if i == 0 or cols[i - 1].group != c.group else "")
    low = [""] * len(lead) + ["" if not c.group else c.label for c in cols]
    return [top, low], 1


def _body(rows: list[TableRow], cols: list[TableColumn], coded: bool) -> list[list[str]]:
    out = []
    for r in rows:
        lead = [r.code or "", r.label] if coded else [r.label]
        out.append(lead + [r.cells[c.key].text if c.key in r.cells else "" for c in cols])
    return out


def _parts(rows: list[TableRow]) -> tuple[list[TableRow], list[TableRow], list[TableRow]]:
    """A side's items; its first total and the lines after it; its closing 总计. As the
    national template prints them: items from the top, 本年收入合计 beside 本年支出合计,
    总计 beside 总计 on the last line."""
    k = next((i for i, r in enumerate(rows) if r.is_total), len(rows))
    last = rows[-1:] if k < len(rows) - 1 and rows[-1].is_total else []
    return rows[:k], rows[k : len(rows) - len(last)], last


def typed_grid(t: TypedTable) -> tuple[list[list[str]], int]:
    """A sparse table laid out in real columns from its typed table: header row(s) from
    the column labels, one row per TableRow (code, name, each column's cell). A summary
    table's income and expense halves side by side (项目 | 金额… | 项目 | 金额…).
    Returns the rows and the number of header rows to merge."""
    sides = [[r for r in t.rows if r.side == s] for s in ("income", "expense")]
    if sides[0] and sides[1]:
        parts = []
        for name, rows in zip(("收入", "支出"), sides, strict=True):
            cols = _keys(t, rows) or t.columns[:1]
            head, _ = _header(cols, ["项目"])
            width = 1 + len(cols)
            head = [[name] + [""] * (width - 1), *head]
            parts.append((head, [_body(p, cols, False) for p in _parts(rows)], width))
        rows_out = [a + b for a, b in zip(parts[0][0], parts[1][0], strict=True)]
        for n in range(3):  # items, totals and after, closing 总计: each from the top
            for i in range(max(len(p[1][n]) for p in parts)):
                line: list[str] = []
                for _head, bodies, width in parts:
                    line += bodies[n][i] if i < len(bodies[n]) else [""] * width
                rows_out.append(line)
        return rows_out, 1
    coded = any(r.code for r in t.rows)
    cols = t.columns
    head, merged = _header(cols, ["科目编码", "科目名称"] if coded else ["项目"])
    return head + _body(t.rows, cols, coded), merged


def layout(b: Block, typed: list[TypedTable]) -> tuple[list[list[str]], int]:
    """The grid to write for a table block and its header rows to merge. A sparse
    block (space-separated text: no column placement) is laid out from the typed table
    the parser built for it, as a real DOCX/PDF of the report would show it; blocks
    giving several typed tables (per-project tables, mostly text) stay as they are."""
    t = typed_for(b, typed) if b.sparse else None
    if t is not None and t.columns:
        return typed_grid(t)
    rows = grid(b)
    return rows, merged_rows(b, rows)


def set_font(doc) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        st = doc.styles[name]
        st.font.name = FONT
        st.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(10)
    # Headings 3 and 4 of the default template are body size (bold only): in a PDF only
    # the size tells a heading and its level; printed reports set their headings larger.
    for name, size in (("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12), ("Heading 4", 11)):
        doc.styles[name].font.size = Pt(size)


def add_page_number_footer(section, title: str) -> None:
    """Running header (report title) and a ``— N —`` footer, as printed reports have."""
    section.header.paragraphs[0].text = title
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)
    p.add_run(" —")


def write_table(doc, rows: list[list[str]], merged: int) -> None:
    width = max(len(r) for r in rows)
    t = doc.add_table(rows=len(rows), cols=width)
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            if text:
                t.cell(i, j).text = text
    # Merge a header cell with the empty cells right of it (gridSpan), as reports do.
    for i in range(merged):
        j = 0
        while j < width:
            k = j + 1
            while k < width and rows[i][j] and not rows[i][k]:
                k += 1
            if k - j > 1:
                t.cell(i, j).merge(t.cell(i, k - 1))
            j = k


def to_docx(d: Document, path: Path, title: str, landscape_tables: bool = True) -> None:
    typed = parse_tables(d).tables
    doc = DocxDocument()
    set_font(doc)
    sec = doc.sections[0]
    if landscape_tables:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for m in ("left_margin", "right_margin"):
        setattr(sec, m, Cm(1.8))
    add_page_number_footer(sec, title)
    prev = ""
    for b in d.blocks:
        if b.kind == "table" and prev == "table":
            doc.add_paragraph()  # adjacent tables would render as one
        prev = b.kind
        if b.kind == "heading":
            doc.add_heading(b.text, level=heading_level(b))
        elif b.kind == "paragraph":
            doc.add_paragraph(b.text)
        elif b.rows:
            write_table(doc, *layout(b, typed))
    doc.save(path)


def to_pdf(docx: Path, pdf: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("需要 LibreOffice（soffice）来生成 PDF")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp}/u",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(Path(tmp) / (docx.stem + ".pdf"), pdf)


def number_format(text: str) -> tuple[Decimal, str] | None:
    t = text.strip()
    if not is_number(t):
        return None
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None
    decimals = len(t.split(".")[1]) if "." in t else 0
    base = "#,##0" if "," in t else "0"
    return value, base + ("." + "0" * decimals if decimals else "")


def table_title(d: Document, index: int) -> str:
    """The nearest heading before a table: its title on the sheet."""
    title = ""
    for b in d.blocks[:index]:
        if b.kind == "heading":
            title = b.text
    return title


def to_xlsx(d: Document, path: Path) -> None:
    typed = parse_tables(d).tables
    wb = Workbook()
    wb.remove(wb.active)
    for n, (i, b) in enumerate(((i, b) for i, b in enumerate(d.blocks) if b.kind == "table"), 1):
        ws = wb.create_sheet(f"表{n}")
        title = table_title(d, i) or f"表{n}"
        ws.append([title])
        rows, merged = layout(b, typed)
        for r in rows:
            ws.append([None] * len(r))
            for j, text in enumerate(r, 1):
                cell = ws.cell(row=ws.max_row, column=j)
                num = number_format(text) if j > 1 or len(text) > 8 else None
                # Classification codes (208, 2080107) stay text: they are names, not amounts.
                if num and not (text.isdigit() and len(text) >= 3 and j <= 2):
                    cell.value, cell.number_format = num
                elif text:
                    cell.value = text
                    if text.startswith("="):
                        cell.data_type = "s"  # text such as "=100%", not a formula
        for r in range(merged):
            j = 0
            while j < len(rows[r]):
                k = j + 1
                while k < len(rows[r]) and rows[r][j] and not rows[r][k]:
                    k += 1
                if k - j > 1:
                    ws.merge_cells(start_row=r + 2, start_column=j + 1, end_row=r + 2, end_column=k)
                j = k
    wb.save(path)


def to_html(d: Document, path: Path, title: str) -> None:
    typed = parse_tables(d).tables
    out = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
    ]
    for b in d.blocks:
        if b.kind == "heading":
            lv = heading_level(b)
            out.append(f"<h{lv}>{html.escape(b.text)}</h{lv}>")
        elif b.kind == "paragraph":
            out.append(f"<p>{html.escape(b.text)}</p>")
        elif b.rows:
            rows, hdr = layout(b, typed)
            out.append("<table border='1'>")
            for i, r in enumerate(rows):
                cells, j = [], 0
                while j < len(r):
                    k = j + 1
                    while i < hdr and k < len(r) and r[j] and not r[k]:
                        k += 1
                    span = f" colspan='{k - j}'" if k - j > 1 else ""
                    cells.append(f"<td{span}>{html.escape(r[j])}</td>")
                    j = k
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def first_text(d: Document) -> str:
    for b in d.blocks:
        if b.kind != "table" and b.text.strip():
            return b.text.strip()
    return ""


def report_title(d: Document) -> str:
    parts = [b.text for b in d.blocks[:6] if b.kind != "table"]
    return "".join(p for p in parts if "决算" in p or "预算" in p or "局" in p)[:40] or first_text(d)


# --- special cases ---------------------------------------------------------------------------


def two_page_table(tmp: Path) -> None:
    """A long table that LibreOffice breaks over two pages (no repeated title)."""
    doc = DocxDocument()
    set_font(doc)
    add_page_number_footer(doc.sections[0], "测试单位2024年度部门决算")
    doc.add_heading("三、支出决算表", level=2)
    doc.add_paragraph("单位：万元")
    rows = [["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]]
    total = Decimal("0")
    body = []
    for i in range(1, 61):
        a, b = Decimal(100 + i) + Decimal(i) / 100, Decimal(i) + Decimal("0.5")
        body.append([f"2080{i:03d}", f"测试支出项目{i}", f"{a + b:,.2f}", f"{a:,.2f}", f"{b:,.2f}"])
        total += a + b
    rows.append(["", "合计", f"{total:,.2f}", "", ""])
    rows.extend(body)
    write_table(doc, rows, header_rows(rows))
    doc.add_paragraph(f"本年支出合计{total:,.2f}万元。")
    p = tmp / "table_two_pages.docx"
    doc.save(p)
    to_pdf(p, OUT / "table_two_pages.pdf")


def scattered_pdf() -> None:
    """A text layer that draws the words of each line first and the numbers afterwards
    (content order differs from reading order), as some report generators do.
    Drawn with PyMuPDF (generator-only dependency) at explicit positions."""
    import pymupdf

    font_file = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    font = pymupdf.Font(fontfile=font_file)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="zh", fontfile=font_file)
    lines = [
        ["一、收入支出决算总体情况说明"],
        ["2024年度收入总计", "5,320.16", "万元，支出总计", "5,320.16", "万元。"],
        ["本年收入合计", "5,260.51", "万元，年初结转和结余", "59.66", "万元。"],
        ["其中：一般公共预算财政拨款收入", "5,260.51", "万元，占", "98.9%", "。"],
    ]
    size, y = 11, 100
    numbers = []
    for parts in lines:
        x = 72
        for k, text in enumerate(parts):
            if k % 2 == 1:
                numbers.append((x, y, text))  # drawn later, at the same place
            else:
                page.insert_text((x, y), text, fontname="zh", fontsize=size)
            x += font.text_length(text, fontsize=size) + 2
        y += 24
    for x, y0, text in numbers:
        page.insert_text((x, y0), text, fontname="zh", fontsize=size)
    doc.subset_fonts()
    doc.save(OUT / "scattered_numbers.pdf", garbage=3, deflate=True)


def scanned_pdf() -> None:
    """An image-only PDF: what a scanner gives (no text layer)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(OUT / "table_two_pages.pdf")
    img = src[0].render(scale=0.6).to_pil().convert("L")
    img.save(OUT / "scanned.pdf", "PDF", resolution=50)


def broken_files() -> None:
    data = (OUT / "table_two_pages.pdf").read_bytes()
    (OUT / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (OUT / "corrupt.docx").write_bytes(b"PK\x03\x04" + b"\x00this is not a zip archive" * 20)
    xlsx = (OUT / "000_154bb92dcb265f1b.xlsx").read_bytes()
    (OUT / "corrupt.xlsx").write_bytes(xlsx[: len(xlsx) // 2])  # cut short: a broken zip
    qpdf = shutil.which("qpdf")
    if not qpdf:
        raise SystemExit("需要 qpdf 来生成加密 PDF")
    subprocess.run(
        [
            qpdf,
            "--encrypt",
            "user-secret",
            "owner-secret",
            "256",
            "--",
            str(OUT / "table_two_pages.pdf"),
            str(OUT / "encrypted.pdf"),
        ],
        check=True,
    )


def main(argv: list[str]) -> None:
    """Without arguments: every seed and the special cases. With seed stems (or a
    prefix such as ``001``): only those seeds' four files."""
    OUT.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    if argv:
        seeds = [s for s in seeds if any(s.stem.startswith(a) for a in argv)]
        if not seeds:
            raise SystemExit(f"没有匹配的种子报告：{' '.join(argv)}")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for seed in seeds:
            d = load(seed)
            title = report_title(d)
            docx = OUT / f"{seed.stem}.docx"
            to_docx(d, docx, title)
            to_pdf(docx, OUT / f"{seed.stem}.pdf")
            if d.tables():
                to_xlsx(d, OUT / f"{seed.stem}.xlsx")
            to_html(d, OUT / f"{seed.stem}.html", title)
            print("wrote", seed.stem)
        if argv:
            return
        two_page_table(tmp)
    scattered_pdf()
    scanned_pdf()
    broken_files()


if __name__ == "__main__":
    main(sys.argv[1:])
