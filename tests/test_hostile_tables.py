"""Wide table rows (issue 16, case 2): the identity search is bounded, not quadratic."""

from __future__ import annotations

from pathlib import Path

from builders import row, table
from typer.testing import CliRunner

from checker.checks.table_build import MAX_COLUMNS, all_identities
from checker.checks.table_identity import repeated_columns
from checker.cli import app
from checker.tables.model import TableKind


def _wide(n: int, repeat: tuple[int, int] | None = None, rows: int = 3):
    """201 = 20101 = 2010101 in every column (a hierarchy that holds), n columns wide."""
    cols = [(f"c{i}", f"列{i}") for i in range(n)]

    def cells(seed: int) -> dict[str, str]:
        out = {f"c{i}": f"{seed + i}.{i % 100:02d}" for i in range(n)}
        if repeat:
            out[f"c{repeat[1]}"] = out[f"c{repeat[0]}"]
        return out

    body = [row("一般公共服务支出", "201", 1, **cells(10))]
    body += [row("人大事务", "20101", 2, **cells(10)), row("行政运行", "2010101", 3, **cells(10))][: rows - 1]
    return table(TableKind.GPB_EXPENSE, "一般公共预算财政拨款支出决算表", body, cols)


def test_repeated_columns_found_by_grouping_among_thousands():
    t = _wide(4000, repeat=(17, 3999))
    assert repeated_columns(t) == {"c17": "c3999", "c3999": "c17"}
    assert repeated_columns(_wide(4000)) == {}
    assert repeated_columns(_wide(50, repeat=(1, 2), rows=2)) == {}  # two printed rows are not enough


def test_identities_consider_at_most_max_columns_and_say_so():
    narrow = _wide(50)
    ids = all_identities(narrow)
    assert {p[1] for i in ids for p in i.cells()} == {f"c{i}" for i in range(50)}
    assert not narrow.notes
    wide = _wide(4000)
    ids = all_identities(wide)
    keys = {p[1] for i in ids for p in i.cells()}
    assert keys == {f"c{i}" for i in range(MAX_COLUMNS)}  # the first 200, every one of them
    assert len(ids) == MAX_COLUMNS * len(all_identities(_wide(1)))
    assert any("4000 列" in n and "前 200 列" in n for n in wide.notes)


def test_a_4000_column_row_is_checked_end_to_end(tmp_path: Path):
    n = 4000
    head = ["科目编码", "科目名称", "合计", *(f"列{i}" for i in range(n))]
    lines = ["\t".join(head)]
    for code, name in (("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行")):
        lines.append("\t".join([code, name, *(f"{i + 1}.25" for i in range(n + 1))]))
    text = "一般公共预算财政拨款支出决算表\n单位：万元\n" + "\n".join(lines)
    text += "\n\n二、情况说明\n2024 年支出合计 1.25 万元。\n"
    p = tmp_path / "wide.txt"
    p.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(p), "-f", "json"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code in (0, 1, 2) and "Traceback" not in r.output
