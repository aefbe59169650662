"""`checker tables FILE` through typer's CliRunner: readable text and the JSON model."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from checker.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def _seed(prefix: str) -> str:
    return str(next(SEEDS.glob(f"{prefix}_*.txt")))


def test_tables_text_lists_every_table_with_its_cells():
    res = CliRunner().invoke(app, ["tables", _seed("000")], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "一般公共预算财政拨款支出决算表 公开05表" in res.output
    assert "[personnel]" in res.output and "1,103.90" in res.output
    assert "共 13 张表" in res.output


def test_tables_json_dumps_the_model():
    res = CliRunner().invoke(app, ["tables", _seed("001"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    t05 = data["tables"][4]
    assert t05["kind"] == "gpb_expense" and t05["number"] == "公开05表"
    row = next(r for r in t05["rows"] if r["code"] == "2080599")
    assert row["cells"]["total"]["text"] == "1783" and row["cells"]["project"]["text"] == "17783"
    assert row["cells"]["total"]["line"] == 633  # the source line of `2080599 … 1783 17783`


def test_tables_on_a_missing_file_is_one_clear_line():
    res = CliRunner().invoke(app, ["tables", "/nonexistent/report.txt"])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
