"""Terminal side of ``checker batch``: progress bar with ETA and a one-screen summary."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from checker.batch.discover import discover
from checker.batch.limits import Limits
from checker.batch.run import BatchResult, run_batch
from checker.pipeline import CheckOptions
from checker.store.db import ResultStore


def write_html(result: BatchResult, out_dir: Path) -> None:
    from checker.report.html import render, render_index

    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, (name, report) in enumerate(sorted(result.reports.items())):
        stem = re.sub(r"[^\w.-]+", "_", Path(name.split("!")[-1]).stem)[:60]
        link = f"{i:04d}_{stem}.html"
        (out_dir / link).write_text(render(report), encoding="utf-8")
        entries.append((link, name, report))
    (out_dir / "index.html").write_text(render_index(entries), encoding="utf-8")


def summary(result: BatchResult, console: Console) -> None:
    # File names and finding kinds come from the input: printed as Text, never parsed as markup.
    console.print(
        Text(
            f"共 {result.total} 份：检查 {result.checked}，跳过（已检查）{result.skipped}，"
            f"相同内容的副本 {result.copies}，无法检查 {result.failed}（其中读取了但未完成核对 {result.unchecked}，超时 {result.timeouts}），"
            f"有发现 {result.with_findings}（含错误 {result.with_errors}）；用时 {result.seconds:.1f} 秒"
        )
    )
    if result.symlinks or result.refused_links:
        console.print(
            Text(
                f"符号链接：跟随 {result.symlinks} 个（指向所给目录之内），"
                f"拒绝 {result.refused_links} 个（指向目录之外或无效）"
            )
        )
    sev = result.by_severity
    console.print(
        f"发现：错误 {sev.get('error', 0)} · 警告 {sev.get('warning', 0)} · 提示 {sev.get('info', 0)}"
    )
    if result.by_kind:
        t = Table("类型", "数量", title="按类型")
        for k, n in result.by_kind.most_common(10):
            t.add_row(Text(str(k)), str(n))
        console.print(t)
    if result.slowest:
        t = Table("秒", "文件", title="最慢的文件")
        for secs, name in result.slowest:
            t.add_row(f"{secs:.2f}", Text(name))
        console.print(t)


def run_with_progress(
    paths: list[Path],
    db: Path,
    *,
    jobs: int | None,
    force: bool,
    html_dir: Path | None,
    options: CheckOptions | None = None,
    limits: Limits | None = None,
) -> int:
    """Run the batch with a progress bar; the exit code says what the archive holds (see exit_code)."""
    console = Console(stderr=True)
    ResultStore(db).close()  # an unusable --db is said in one line before any work
    items = discover(list(paths))
    with Progress(
        TextColumn("检查中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as prog:
        task = prog.add_task("batch", total=None)

        def tick(done: int, total: int, name: str) -> None:
            prog.update(task, completed=done, total=total)

        try:
            result = run_batch(
                items,
                db,
                jobs=jobs,
                force=force,
                options=options,
                keep_reports=html_dir is not None,
                progress=tick,
                limits=limits,
            )
        except KeyboardInterrupt:
            console.print(Text(f"已中断。已完成的结果都已保存在 {db}，再次运行同一命令即可继续。"))
            return 130
    summary(result, Console(soft_wrap=not sys.stdout.isatty()))
    if html_dir is not None:
        write_html(result, html_dir)
    return exit_code(result)


def exit_code(result: BatchResult) -> int:
    """As ``checker check``: 3 if the checker failed on a document, else 2 if one could not be
    read or checked, else 1 if one has an error-level finding, else 0."""
    if result.internal:
        return 3
    if result.failed:
        return 2
    return 1 if result.with_errors else 0
