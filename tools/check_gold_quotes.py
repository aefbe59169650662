"""Check that every quote in the corpus gold occurs in its PDF's text.

Usage: python tools/check_gold_quotes.py [GOLD_DIR] [PDF_DIR]
(defaults: fixtures/gold/corpus and fixtures/corpus).

The PDF text is taken page by page with pypdfium2 (reading order); quotes and
text are compared with all whitespace removed, as the scorer does. Exits 1 when
any quote (or alt_quote) is missing, a YAML file does not load, or a required
field is absent.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
import yaml

SECTIONS = ("must_flag", "should_flag", "must_not_flag")
REQUIRED = {
    "must_flag": ("id", "kind", "quote", "stated", "expected", "evidence"),
    "should_flag": ("id", "kind", "quote", "stated", "expected", "evidence"),
    "must_not_flag": ("quote", "stated", "why"),
}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "".join(squeeze(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


def check_file(gold_path: Path, pdf_dir: Path) -> list[str]:
    problems: list[str] = []
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    pdf_path = pdf_dir / gold["document"]
    if not pdf_path.exists():
        return [f"{gold_path.name}: document {gold['document']} not found in {pdf_dir}"]
    text = pdf_text(pdf_path)
    for section in SECTIONS:
        for n, item in enumerate(gold.get(section) or []):
            label = f"{gold_path.name} {section}[{n}] {item.get('id', '')}".rstrip()
            for field in REQUIRED[section]:
                if item.get(field) in (None, ""):
                    problems.append(f"{label}: missing {field}")
            quotes = [item.get("quote", ""), *(item.get("alt_quotes") or [])]
            for quote in quotes:
                q = squeeze(str(quote))
                if not 12 <= len(q) <= 80:
                    problems.append(f"{label}: quote length {len(q)} outside 12..80: {quote}")
                if q not in text:
                    problems.append(f"{label}: quote not in PDF text: {quote}")
    return problems


def main(argv: list[str]) -> int:
    gold_dir = Path(argv[1]) if len(argv) > 1 else Path("fixtures/gold/corpus")
    pdf_dir = Path(argv[2]) if len(argv) > 2 else Path("fixtures/corpus")
    problems: list[str] = []
    files = sorted(gold_dir.glob("*.yaml"))
    for path in files:
        try:
            problems += check_file(path, pdf_dir)
        except yaml.YAMLError as exc:
            problems.append(f"{path.name}: YAML does not load: {exc}")
    for p in problems:
        print(p)
    print(f"{len(files)} gold files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
