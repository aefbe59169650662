"""Export: CSV with Chinese headers, JSON, XLSX with summary sheet, frozen filtered header."""

from __future__ import annotations

import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from checker.cli import app
from checker.findings import Finding, Location
from checker.pipeline import Report
from checker.report.export import export
from checker.store import ResultStore


def _db(tmp_path):
    db = tmp_path / "r.sqlite"
    f = Finding(
        code="N301",
        rule="amount",
        severity="error",
        kind="amount",
        stated="52.1",
        expected="520.98",
        excerpt="支出52.1万元",
        message="漏写一位数字",
        computation="520.98 ≠ 52.1",
        location=Location(line=7, section="二、支出"),
    )
    with ResultStore(db) as s:
        s.save("d.txt", "h1", Report(source="d.txt", findings=[f]))
    return db


def test_csv_and_json(tmp_path):
    db = _db(tmp_path)
    text = export(db, "csv")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("文件,章节,原文摘录,文中数值,应为,级别")
    assert "d.txt,二、支出,支出52.1万元,52.1,520.98,error" in lines[1]
    data = json.loads(export(db, "json"))
    assert data["findings"][0]["expected"] == "520.98" and data["documents"][0]["n_error"] == 1


def test_xlsx_via_cli(tmp_path):
    db = _db(tmp_path)
    out = tmp_path / "o.xlsx"
    res = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "发现"]
    ws = wb["发现"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws["A1"].value == "文件" and ws["D2"].value == "52.1" and ws["F2"].value == "错误"


def test_missing_db_is_clear_error(tmp_path):
    res = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.sqlite")])
    assert res.exit_code == 2
