"""Batch: discovery in dirs/zips, unsafe zip entries, bombs, bad files, resume after interruption."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.batch import discover, run_batch
from checker.cli import app

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def _docs(db: Path) -> dict[str, tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return {p: (s, e) for p, s, e in con.execute("SELECT path, status, error FROM documents")}
    finally:
        con.close()


def test_discovers_dirs_and_zips_and_skips_other_suffixes(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(next(SEEDS.glob("000_*.txt")), tmp_path / "sub" / "a.txt")
    (tmp_path / "notes.log").write_text("x")
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as zf:
        zf.writestr("in/b.md", "# 标题\n正文")
        zf.writestr("in/c.exe", "MZ")
    names = sorted(i.name for i in discover([tmp_path]))
    assert names == [str(tmp_path / "sub" / "a.txt"), f"{tmp_path / 'z.zip'}!in/b.md"]


def test_zip_traversal_entries_are_refused_and_nothing_written(tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("../escape.txt", "x")
        zf.writestr("/abs.txt", "x")
        zf.writestr("ok.txt", "正文")
    items = {i.name.split("!")[1]: i for i in discover([z])}
    assert items["../escape.txt"].error and items["/abs.txt"].error and not items["ok.txt"].error
    res = run_batch(list(items.values()), tmp_path / "r.sqlite", jobs=1)
    assert res.failed >= 2
    assert not (tmp_path.parent / "escape.txt").exists() and not Path("/abs.txt").exists()


def test_zip_bomb_refused(tmp_path, monkeypatch):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", "0" * 2_000_000)
    monkeypatch.setattr(sys.modules["checker.batch.discover"], "MAX_ZIP_TOTAL", 1_000_000)  # keep it small
    [item] = discover([z])
    assert "压缩炸弹" in item.error


def test_zip_ratio_bomb_refused(tmp_path):
    z = tmp_path / "ratio.zip"
    with zipfile.ZipFile(z, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"0" * 12_000_000)  # ~1000:1 ratio, above the 10 MB floor
    [item] = discover([z])
    assert "压缩比" in item.error


def test_bad_inputs_get_a_status_and_batch_goes_on(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "garbage.txt").write_bytes(bytes(range(256)) * 20)
    (d / "gbk.txt").write_bytes("一、部门基本情况\n本部门2023年支出合计 100.00 万元。\n".encode("gb18030"))
    (d / "fake.pdf").write_bytes(b"not a pdf at all")
    shutil.copy(next(SEEDS.glob("000_*.txt")), d / "seed.txt")
    res = run_batch(discover([d]), tmp_path / "r.sqlite", jobs=2)
    docs = _docs(tmp_path / "r.sqlite")
    assert res.checked == 5 and len(docs) == 5
    for status, err in docs.values():
        assert status in ("ok", "error", "unchecked")
        assert status == "ok" or err  # every failure says why
    # one sentence and no tables is read, but is not a report that could be checked
    assert docs[str(d / "gbk.txt")][0] == "unchecked"
    assert docs[str(d / "seed.txt")][0] == "ok"
    assert docs[str(d / "fake.pdf")][0] == "error"


def test_worker_exception_is_recorded(tmp_path, monkeypatch):
    import checker.pipeline as pipeline

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(pipeline, "check_file", boom)
    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    res = run_batch(discover([tmp_path / "a.txt"]), tmp_path / "r.sqlite", jobs=1)
    [(status, err)] = _docs(tmp_path / "r.sqlite").values()
    assert res.failed == 1 and status == "internal" and "kaput" in err  # a bug of ours, not bad input


def test_interrupted_run_keeps_finished_results_and_resumes(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"r{i}.txt").write_text(f"一、说明\n第{i}份报告，支出 {i}.00 万元。\n", encoding="utf-8")
    db = tmp_path / "r.sqlite"

    def stop_after_three(done, total, name):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(discover([d]), db, jobs=1, progress=stop_after_three)
    assert len(_docs(db)) == 3  # finished documents survived the interruption
    res = run_batch(discover([d]), db, jobs=1)
    assert (res.skipped, res.checked) == (3, 3) and len(_docs(db)) == 6
    again = run_batch(discover([d]), db, jobs=1)
    assert (again.skipped, again.checked) == (6, 0)
    forced = run_batch(discover([d]), db, jobs=1, force=True)
    assert forced.checked == 6 and len(_docs(db)) == 6


def test_cli_batch_with_html_index(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(next(SEEDS.glob("000_*.txt")), d / "a.txt")
    (d / "b.txt").write_bytes(b"")
    res = CliRunner().invoke(
        app,
        ["batch", str(d), "--db", str(tmp_path / "r.sqlite"), "--jobs", "1", "--html", str(tmp_path / "h")],
    )
    assert res.exit_code == 2, res.output  # b.txt is empty: one file could not be checked
    assert "共 2 份" in res.output
    index = (tmp_path / "h" / "index.html").read_text(encoding="utf-8")
    assert index.count("<a href=") == 2


def test_interrupt_with_worker_processes_keeps_committed(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(8):
        (d / f"r{i}.txt").write_text(f"一、说明\n报告 {i}。\n", encoding="utf-8")
    db = tmp_path / "r.sqlite"

    def stop(done, total, name):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(discover([d]), db, jobs=2, progress=stop)
    kept = len(_docs(db))
    assert kept == 2
    res = run_batch(discover([d]), db, jobs=2)
    assert (res.skipped, res.checked) == (2, 6)


def test_summary_counts_findings_by_kind_and_severity(tmp_path, monkeypatch):
    import checker.pipeline as pipeline
    from checker.findings import Finding
    from checker.pipeline import Report

    def fake(path, options=None):
        f = Finding(
            code="N301",
            rule="r",
            severity="error",
            kind="amount",
            stated="1",
            expected="2",
            excerpt="e",
            message="m",
        )
        w = f.model_copy(update={"severity": "warning", "kind": "share"})
        return Report(source=str(path), findings=[f, w, w])

    monkeypatch.setattr(pipeline, "check_file", fake)
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    res = run_batch(discover([tmp_path]), tmp_path / "r.sqlite", jobs=1)
    assert (res.checked, res.with_findings, res.with_errors) == (2, 2, 2)
    assert res.by_severity == {"error": 2, "warning": 4} and res.by_kind == {"amount": 2, "share": 4}


def test_oversized_file_refused_with_status(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules["checker.batch.discover"], "MAX_FILE_BYTES", 100)  # keep it small
    (tmp_path / "big.txt").write_text("数" * 200, encoding="utf-8")
    res = run_batch(discover([tmp_path]), tmp_path / "r.sqlite", jobs=1)
    [(status, err)] = _docs(tmp_path / "r.sqlite").values()
    assert res.failed == 1 and status == "error" and "200 MB" in err


def test_batch_exit_code_says_what_the_archive_holds(tmp_path):
    from checker.batch.cli_view import exit_code
    from checker.batch.run import BatchResult

    assert exit_code(BatchResult(total=3, checked=3)) == 0
    assert exit_code(BatchResult(total=3, checked=3, with_errors=1)) == 1
    assert exit_code(BatchResult(total=3, checked=2, failed=1, with_errors=1)) == 2


def test_batch_with_other_options_rechecks_instead_of_skipping(tmp_path):
    from checker.pipeline import CheckOptions

    d = tmp_path / "in"
    d.mkdir()
    (d / "r.txt").write_text("一、说明\n支出 1.00 万元。\n", encoding="utf-8")
    db = tmp_path / "r.sqlite"
    assert run_batch(discover([d]), db, jobs=1).checked == 1
    assert run_batch(discover([d]), db, jobs=1).skipped == 1
    narrowed = CheckOptions(select=["N3"])
    assert run_batch(discover([d]), db, jobs=1, options=narrowed).checked == 1
    assert run_batch(discover([d]), db, jobs=1, options=narrowed).skipped == 1
