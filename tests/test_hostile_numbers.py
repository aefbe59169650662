"""Absurdly long numbers (27+ integer digits) must not crash the arithmetic (issue 16, case 1)."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.numbers import fmt, quantize

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seeds" / "000_154bb92dcb265f1b.txt"
DOCX = ROOT / "fixtures" / "formats" / "000_154bb92dcb265f1b.docx"


@pytest.mark.parametrize("digits", [27, 28, 40, 120])
def test_quantize_gives_long_numbers_the_digits_they_need(digits):
    v = Decimal("9" * digits + ".125")
    assert quantize(v, 2) == Decimal("9" * digits + ".13")
    assert fmt(v, 1) == "9" * digits + ".1"
    assert fmt(Decimal("9" * digits + ".96"), 1) == "1" + "0" * digits + ".0"  # carries into a new digit


def _huge_text(tmp_path: Path, digits: int) -> Path:
    text = SEED.read_text(encoding="utf-8")
    # one narrative amount (also printed in the tables) replaced by a 27+-digit figure
    assert "5260.51 万元" in text
    p = tmp_path / "huge.txt"
    p.write_text(text.replace("5260.51 万元", "1" * digits + ".51 万元", 1), encoding="utf-8")
    return p


@pytest.mark.parametrize("digits", [27, 60])
def test_text_report_with_a_27_digit_amount_is_checked_not_crashed(tmp_path, digits):
    r = CliRunner().invoke(app, ["check", str(_huge_text(tmp_path, digits)), "-f", "json"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 1  # the huge amount contradicts the tables: an error finding
    assert "Traceback" not in r.output


def test_docx_report_with_a_27_digit_amount_is_checked_not_crashed(tmp_path):
    out = tmp_path / "huge.docx"
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert "5260.51" in xml
                data = xml.replace("5260.51", "2" * 30 + ".51").encode("utf-8")
            dst.writestr(info, data)
    r = CliRunner().invoke(app, ["check", str(out), "-f", "json"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 1
