"""Hostile input meets check, batch, store and export (issue 16): internal errors, bad paths,
limits, FIFOs and links, zips, stale rows, formula cells, console markup."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import checker.pipeline as pipeline
from checker.batch import discover, run_batch
from checker.batch.limits import Limits
from checker.cli import app
from checker.findings import Finding
from checker.pipeline import CheckOptions, Report
from checker.report.export import export
from checker.store import ResultStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seeds" / "000_154bb92dcb265f1b.txt"
runner = CliRunner()


def _docs(db: Path) -> dict[str, dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return {r["path"]: dict(r) for r in con.execute("SELECT * FROM documents")}
    finally:
        con.close()


def _lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.strip()]


# ----------------------------------------------------------------- internal errors


def test_internal_error_in_check_is_one_line_with_a_log_and_exit_3(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_LOG_DIR", str(tmp_path / "logs"))

    def broken(*a, **k):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(pipeline, "check_document", broken)
    r = runner.invoke(app, ["check", str(SEED)])
    assert r.exit_code == 3
    [line] = _lines(r.output)
    assert line.startswith("checker: 检查器内部错误：ZeroDivisionError: a bug of ours")
    [log] = (tmp_path / "logs").glob("internal-*.log")
    assert str(log) in line
    assert "Traceback" in log.read_text(encoding="utf-8") and "Traceback" not in r.output


def test_internal_error_in_batch_is_status_internal_and_exit_3_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_LOG_DIR", str(tmp_path / "logs"))

    def broken(*a, **k):
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "check_document", broken)
    shutil.copy(SEED, tmp_path / "a.txt")
    r = runner.invoke(app, ["batch", str(tmp_path / "a.txt"), "--db", str(tmp_path / "r.sqlite"), "-j", "1"])
    assert "Traceback" not in r.output
    [doc] = _docs(tmp_path / "r.sqlite").values()
    assert doc["status"] == "internal" and "KeyError" in doc["error"] and ".log" in doc["error"]
    assert r.exit_code == 3


def test_an_exception_outside_the_check_still_gives_one_line_and_exit_3(tmp_path, monkeypatch):
    import checker.report.terminal as terminal

    monkeypatch.setenv("CHECKER_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(terminal, "render", lambda *a, **k: 1 / 0)
    r = runner.invoke(app, ["check", str(SEED)])
    assert r.exit_code == 3 and len(_lines(r.output)) == 1 and "ZeroDivisionError" in r.output


# ----------------------------------------------------------------- bad paths


def _db_with_one_document(tmp_path: Path) -> Path:
    db = tmp_path / "ok.sqlite"
    with ResultStore(db) as s:
        s.save("a.txt", "h", Report(source="a.txt"))
    return db


@pytest.mark.parametrize(
    "case, words",
    [
        ("export_db_not_a_database", "不是 checker 的结果库"),
        ("export_db_is_a_directory", "是一个目录"),
        ("export_csv_into_missing_dir", "输出目录不存在"),
        ("export_xlsx_into_missing_dir", "输出目录不存在"),
        ("batch_db_is_a_directory", "是一个目录"),
        ("batch_db_not_a_database", "不是 checker 的结果库"),
        ("batch_db_in_missing_dir", "结果库所在目录不存在"),
        ("batch_html_is_a_file", "需要一个目录"),
        ("check_output_into_missing_dir", "输出目录不存在"),
        ("check_output_is_a_directory", "输出路径是一个目录"),
        ("check_json_into_missing_dir", "输出目录不存在"),
    ],
)
def test_bad_paths_are_one_line_and_exit_2(tmp_path, case, words):
    notdb = tmp_path / "notes.sqlite"
    notdb.write_text("just text, not SQLite", encoding="utf-8")
    a_dir = tmp_path / "adir"
    a_dir.mkdir()
    good = _db_with_one_document(tmp_path)
    missing = tmp_path / "missing" / "out"
    args = {
        "export_db_not_a_database": ["export", "--db", str(notdb)],
        "export_db_is_a_directory": ["export", "--db", str(a_dir)],
        "export_csv_into_missing_dir": ["export", "--db", str(good), "-o", f"{missing}.csv"],
        "export_xlsx_into_missing_dir": ["export", "--db", str(good), "-f", "xlsx", "-o", f"{missing}.xlsx"],
        "batch_db_is_a_directory": ["batch", str(SEED), "--db", str(a_dir)],
        "batch_db_not_a_database": ["batch", str(SEED), "--db", str(notdb)],
        "batch_db_in_missing_dir": ["batch", str(SEED), "--db", f"{missing}.sqlite"],
        "batch_html_is_a_file": [
            "batch",
            str(SEED),
            "--db",
            str(tmp_path / "n.sqlite"),
            "--html",
            str(notdb),
        ],
        "check_output_into_missing_dir": ["check", str(SEED), "-o", f"{missing}.txt"],
        "check_output_is_a_directory": ["check", str(SEED), "-o", str(a_dir)],
        "check_json_into_missing_dir": ["check", str(SEED), "-f", "json", "-o", f"{missing}.json"],
    }[case]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    [line] = _lines(r.output)
    assert line.startswith("checker: ") and words in line
    assert notdb.read_text(encoding="utf-8") == "just text, not SQLite"  # never turned into a database


# ----------------------------------------------------------------- FIFOs, devices, links


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_and_device_are_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    r = runner.invoke(app, ["check", str(tmp_path / "pipe.txt")])
    assert r.exit_code == 2 and "不是普通文件" in r.output
    d = tmp_path / "in"
    d.mkdir()
    os.mkfifo(d / "pipe.txt")
    (d / "zero.txt").symlink_to("/dev/zero")
    shutil.copy(SEED, d / "seed.txt")
    res = run_batch(discover([d]), tmp_path / "r.sqlite", jobs=1)
    docs = _docs(tmp_path / "r.sqlite")
    assert docs[str(d / "seed.txt")]["status"] == "ok"
    assert "不是普通文件" in docs[str(d / "pipe.txt")]["error"]
    assert "目录之外" in docs[str(d / "zero.txt")]["error"]
    assert res.failed == 2


def test_symlinks_followed_only_inside_the_tree_and_said_so(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    shutil.copy(SEED, d / "sub" / "real.txt")
    (d / "inside.txt").symlink_to(d / "sub" / "real.txt")
    (d / "outside.txt").symlink_to(outside)
    (d / "dangling.txt").symlink_to(d / "nothing.txt")
    db = tmp_path / "r.sqlite"
    r = runner.invoke(app, ["batch", str(d), "--db", str(db), "-j", "1"])
    docs = _docs(db)
    assert docs[str(d / "inside.txt")]["status"] == "ok"
    assert docs[str(d / "outside.txt")]["status"] == "error"
    assert docs[str(d / "outside.txt")]["title"] in ("", None)  # its first line was never read
    assert "符号链接：跟随 1 个" in r.output and "拒绝 2 个" in r.output


# ----------------------------------------------------------------- zips


def test_nested_zip_is_reported_not_skipped_silently(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "正文")
    z = tmp_path / "outer.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
        zf.writestr("a.txt", SEED.read_text(encoding="utf-8"))
    res = run_batch(discover([z]), tmp_path / "r.sqlite", jobs=1)
    doc = _docs(tmp_path / "r.sqlite")[f"{z}!inner.zip"]
    assert doc["status"] == "unchecked" and "压缩包内又有压缩包" in doc["error"]
    assert res.failed == 1 and res.checked == 1


def test_archive_is_opened_once_not_per_member(tmp_path, monkeypatch):
    import checker.batch.run as run_mod

    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(40):
            zf.writestr(f"r{i}.txt", f"一、说明\n第{i}份。\n")
    opened: list[str] = []

    class Counting(zipfile.ZipFile):
        def __init__(self, file, *a, **k):
            opened.append(str(file))
            super().__init__(file, *a, **k)

    items = discover([z])
    monkeypatch.setattr(run_mod.zipfile, "ZipFile", Counting)
    res = run_batch(items, tmp_path / "r.sqlite", jobs=2, limits=Limits(timeout=30, memory_mb=0))
    assert res.checked == 40 and opened == [str(z)]


def test_zip_members_are_capped_by_what_actually_inflates(tmp_path, monkeypatch):
    disc = sys.modules["checker.batch.discover"]
    z = tmp_path / "z.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", "一" * 2000)
        zf.writestr("b.txt", "二" * 2000)
        zf.writestr("c.txt", "三" * 2000)
    items = discover([z])  # the headers pass the checks …
    assert not any(i.error for i in items)
    monkeypatch.setattr(disc, "MAX_ZIP_TOTAL", 13_000)  # … but the archive may inflate to 13 KB in all
    run_batch(items, tmp_path / "r.sqlite", jobs=1)
    docs = _docs(tmp_path / "r.sqlite")
    assert "疑似压缩炸弹" not in (docs[f"{z}!a.txt"]["error"] or "")
    assert "疑似压缩炸弹" in docs[f"{z}!c.txt"]["error"]  # 18 KB read by then
    monkeypatch.setattr(disc, "MAX_ZIP_TOTAL", 10**9)
    monkeypatch.setattr(disc, "MAX_FILE_BYTES", 5_000)  # one member may hold 5 KB: 6 KB is refused
    run_batch(items, tmp_path / "r2.sqlite", jobs=1)
    assert "上限" in _docs(tmp_path / "r2.sqlite")[f"{z}!a.txt"]["error"]


# ----------------------------------------------------------------- time and memory limits


def _slow_or_hungry(path, options=None):
    name = Path(path).name
    if "slow" in name:
        time.sleep(60)
    if "hungry" in name:
        hog = bytearray(1024 * 1024 * 1024)  # 1 GB against a 200 MB cap
        return Report(source=str(path), title=str(len(hog)))
    return Report(source=str(path))


def test_document_over_its_time_or_memory_limit_gets_its_own_status_and_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "check_file", _slow_or_hungry)
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.txt", "slow.txt", "hungry.txt", "b.txt"):
        (d / name).write_text(name, encoding="utf-8")
    t0 = time.monotonic()
    res = run_batch(discover([d]), tmp_path / "r.sqlite", jobs=2, limits=Limits(timeout=1.0, memory_mb=200))
    assert time.monotonic() - t0 < 30  # the 60 s sleeper was stopped (generous bound, not a timing test)
    docs = {Path(p).name: v for p, v in _docs(tmp_path / "r.sqlite").items()}
    assert docs["a.txt"]["status"] == docs["b.txt"]["status"] == "ok"
    assert docs["slow.txt"]["status"] == "error" and docs["slow.txt"]["error"].startswith("超时")
    assert docs["hungry.txt"]["status"] == "error" and docs["hungry.txt"]["error"].startswith("内存超限")
    assert res.timeouts == 1 and res.failed == 2


def test_check_over_its_time_limit_is_exit_2_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "check_file", _slow_or_hungry)
    p = tmp_path / "slow.txt"
    p.write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["check", str(p), "--timeout", "0.5", "-f", "json"])
    assert r.exit_code == 2
    assert "超时" in r.output and json.loads(r.output[r.output.index("{") :])["reading"] == ["超时"]
    h = tmp_path / "hungry.txt"
    h.write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["check", str(h), "--max-memory", "200"])
    assert r.exit_code == 2 and "内存超限" in r.output


SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import checker.pipeline as pipeline
    from checker.pipeline import Report
    from checker.batch import discover, run_batch

    def slow(path, options=None):
        time.sleep(120)
        return Report(source=str(path))

    pipeline.check_file = slow
    run_batch(discover([sys.argv[1]]), sys.argv[2], jobs=2)
    """
)


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        out.update(int(x) for x in text.split())
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_batch_killed_with_sigkill_leaves_no_worker_and_rerun_exports_each_path_once(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"r{i}.txt").write_text(f"一、说明\n第{i}份。\n", encoding="utf-8")
    db = tmp_path / "r.sqlite"
    (tmp_path / "slow_batch.py").write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(tmp_path / "slow_batch.py"), str(d), str(db)])
    kids: set[int] = set()
    deadline = time.monotonic() + 20
    while len(kids) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        kids = _children(proc.pid)
    assert len(kids) == 2, "two workers were started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(k) for k in kids)
    res = run_batch(discover([d]), db, jobs=2)
    assert res.checked == 3
    data = json.loads(export(db, "json"))
    assert sorted(doc["path"] for doc in data["documents"]) == sorted(str(p) for p in d.iterdir())


# ----------------------------------------------------------------- one row per path


def test_edited_file_replaces_its_results_and_select_rerun_adds_no_copy(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (d / "r.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "r.sqlite"
    run_batch(discover([d]), db, jobs=1)
    first = _docs(db)[str(d / "r.txt")]
    assert "2024 年度收入总计为 5260.51 万元" in text
    (d / "r.txt").write_text(
        text.replace("收入总计为 5260.51 万元", "收入总计为 5960.51 万元"), encoding="utf-8"
    )
    run_batch(discover([d]), db, jobs=1)
    run_batch(discover([d]), db, jobs=1, options=CheckOptions(select=["N3"]))
    docs = _docs(db)
    assert list(docs) == [str(d / "r.txt")]  # one row for the path, whatever the re-runs
    assert docs[str(d / "r.txt")]["content_hash"] != first["content_hash"]
    rows = list(csv.DictReader(io.StringIO(export(db, "csv").lstrip("\ufeff"))))
    assert rows and all(
        r["检查器版本"].endswith(docs[str(d / "r.txt")]["checker_version"][-8:]) for r in rows
    )
    assert {r["内容哈希"] for r in rows} == {docs[str(d / "r.txt")]["content_hash"]}
    assert any("5960.51" in r["文中数值"] for r in rows)  # the edited value is what is reported
    assert all(r["规则"].startswith("N3") for r in rows)  # only the latest (--select N3) results


def test_identical_copies_are_recorded_as_such_and_every_path_exported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    text = SEED.read_text(encoding="utf-8").replace("收入总计为 5260.51 万元", "收入总计为 5960.51 万元")
    for name in ("a.txt", "b.txt", "c.txt"):
        (d / name).write_text(text, encoding="utf-8")
    db = tmp_path / "r.sqlite"
    res = run_batch(discover([d]), db, jobs=2)
    assert (res.checked, res.copies) == (1, 2)
    docs = _docs(db)
    assert set(docs) == {str(d / n) for n in ("a.txt", "b.txt", "c.txt")}
    assert {v["same_as"] for v in docs.values()} == {"", str(d / "a.txt")}
    rows = list(csv.DictReader(io.StringIO(export(db, "csv").lstrip("\ufeff"))))
    per_path = {p: sum(r["文件"] == p for r in rows) for p in docs}
    assert len(set(per_path.values())) == 1 and per_path[str(d / "a.txt")] > 0
    (d / "d.txt").write_text(text, encoding="utf-8")  # a later copy of checked content
    again = run_batch(discover([d]), db, jobs=1)
    assert (again.skipped, again.copies, again.checked) == (3, 1, 0)
    assert _docs(db)[str(d / "d.txt")]["same_as"] == str(d / "a.txt")


# ----------------------------------------------------------------- exports and console


def _finding(text: str) -> Finding:
    return Finding(
        code="N301",
        rule="r",
        severity="error",
        kind="amount",
        stated=text,
        expected="1",
        excerpt=text,
        message="m",
    )


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_leading_cells_are_neutralised_in_csv_and_xlsx(tmp_path, lead):
    evil = f'{lead}HYPERLINK("http://x","y")'
    db = tmp_path / "r.sqlite"
    with ResultStore(db) as s:
        s.save(
            f"{lead}doc.txt",
            "h",
            Report(source="x", title=f"{lead}cmd|' /C calc'!A0", findings=[_finding(evil)]),
        )
    rows = list(csv.reader(io.StringIO(export(db, "csv").lstrip("\ufeff"))))
    assert rows[1][0] == f"'{lead}doc.txt" and rows[1][2] == "'" + evil
    out = tmp_path / "o.xlsx"
    export(db, "xlsx", out)
    wb = load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and cell.value:
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    assert wb["发现"]["C2"].value == "'" + evil


def test_rich_markup_in_file_names_is_printed_literally_and_pages_written(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a[").mkdir()  # a path reading a[/]b.txt: markup's closing tag
    for name in ("a[/]b.txt", "[bold red]x[/].txt", "[link=http://x]y.txt"):
        (d / name).parent.mkdir(exist_ok=True)
        (d / name).write_text(SEED.read_text(encoding="utf-8") + name, encoding="utf-8")
    r = runner.invoke(
        app, ["batch", str(d), "--db", str(tmp_path / "r.sqlite"), "-j", "1", "--html", str(tmp_path / "h")]
    )
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code in (0, 1) and "共 3 份" in r.output
    assert (tmp_path / "h" / "index.html").read_text(encoding="utf-8").count("<a href=") == 3


def test_ten_thousand_entries_are_listed_from_one_reading_of_the_directory(tmp_path, monkeypatch):
    z = tmp_path / "wide.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(10_000):
            zf.writestr(f"d/r{i}.txt", "x")
    opened: list[str] = []
    real = zipfile.ZipFile

    class Counting(real):
        def __init__(self, file, *a, **k):
            opened.append(str(file))
            super().__init__(file, *a, **k)

    monkeypatch.setattr(zipfile, "ZipFile", Counting)
    items = discover([z])
    assert len(items) == 10_000 and not any(i.error for i in items) and opened == [str(z)]


def test_damaged_deflate_data_in_a_member_is_unreadable_input_not_an_internal_error(tmp_path):
    z = tmp_path / "damaged.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", SEED.read_text(encoding="utf-8"))
        zf.writestr("b.txt", SEED.read_text(encoding="utf-8") + "附注")
    data = bytearray(z.read_bytes())
    with zipfile.ZipFile(z) as zf:
        info = zf.getinfo("a.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 10, start + info.compress_size - 10, 7):
        data[k] ^= 0x5A  # the headers stay intact, the deflate stream does not
    z.write_bytes(bytes(data))
    res = run_batch(discover([z]), tmp_path / "r.sqlite", jobs=1)
    docs = _docs(tmp_path / "r.sqlite")
    assert docs[f"{z}!a.txt"]["status"] == "error" and "无法读取" in docs[f"{z}!a.txt"]["error"]
    assert docs[f"{z}!b.txt"]["status"] == "ok"
    assert res.internal == 0


def test_limits_come_from_options_then_environment_then_defaults(monkeypatch):
    monkeypatch.setenv("CHECKER_TIMEOUT", "7.5")
    monkeypatch.setenv("CHECKER_MAX_MEMORY_MB", "300")
    assert Limits.from_env() == Limits(timeout=7.5, memory_mb=300)
    assert Limits.from_env(timeout=2, memory_mb=0) == Limits(timeout=2.0, memory_mb=0)
    monkeypatch.setenv("CHECKER_TIMEOUT", "soon")
    assert Limits.from_env().timeout == 120.0


def test_member_with_an_unknown_compression_method_is_unreadable_input(tmp_path):
    z = tmp_path / "m.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", SEED.read_text(encoding="utf-8"))
        zf.writestr("b.txt", SEED.read_text(encoding="utf-8") + "附注")
    data = bytearray(z.read_bytes())
    k = data.index(b"PK\x01\x02")  # a.txt's central directory entry: compression method at +10
    data[k + 10 : k + 12] = (99).to_bytes(2, "little")
    z.write_bytes(bytes(data))
    res = run_batch(discover([z]), tmp_path / "r.sqlite", jobs=1)
    docs = _docs(tmp_path / "r.sqlite")
    assert docs[f"{z}!a.txt"]["status"] == "error" and "NotImplementedError" in docs[f"{z}!a.txt"]["error"]
    assert docs[f"{z}!b.txt"]["status"] == "ok" and res.internal == 0
