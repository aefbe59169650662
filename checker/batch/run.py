"""Run checks over many items in worker processes; store each result as it finishes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from checker import __version__
from checker.batch.discover import Item
from checker.pipeline import CheckOptions, Report
from checker.store.db import ResultStore, content_hash


@dataclass
class BatchResult:
    total: int = 0
    checked: int = 0
    skipped: int = 0
    failed: int = 0  # could not be read / refused / worker crashed
    with_findings: int = 0
    with_errors: int = 0  # documents with at least one error-severity finding
    by_severity: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0
    reports: dict[str, Report] = field(default_factory=dict)  # kept only when asked (HTML pages)


def run_version(options: CheckOptions | None) -> str:
    """The version a result is stored under: the checker's, plus a fingerprint of the
    options when they change what is found (--select, --extractor …), so a re-run with
    other options re-checks instead of skipping."""
    if options is None or options == CheckOptions():
        return __version__
    key = options.model_dump(include={"extractor", "select", "ignore", "model"})
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:8]
    return f"{__version__}+{digest}"


def check_bytes(name: str, suffix: str, data: bytes, options: CheckOptions | None = None) -> Report:
    """Check a report given as bytes; any exception becomes an error Report (never escapes)."""
    from checker.pipeline import check_file

    try:
        with tempfile.TemporaryDirectory(prefix="checker-") as tmp:
            # The temp name is ours; the entry's own name is never used as a path.
            p = Path(tmp) / f"report{suffix}"
            p.write_bytes(data)
            report = check_file(p, options)
    except Exception as e:  # a worker must record, not crash the batch
        report = Report(source=name, status="error", error=f"检查时出现内部错误：{type(e).__name__}: {e}")
    report.source = name
    return report


def _work(
    name: str,
    path: str | None,
    suffix: str,
    data: bytes | None,
    options: CheckOptions | None,
    keep_tables: bool = False,
) -> tuple[Report, float]:
    t0 = time.perf_counter()
    if data is None:
        from checker.pipeline import check_file

        try:
            report = check_file(path or name, options)
        except Exception as e:
            report = Report(source=name, status="error", error=f"检查时出现内部错误：{type(e).__name__}: {e}")
        report.source = name
    else:
        report = check_bytes(name, suffix, data, options)
    if not keep_tables:
        report.typed_tables = None  # not needed unless HTML pages are written; spare the IPC
    return report, time.perf_counter() - t0


def run_batch(
    items: list[Item],
    db_path: str | Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    options: CheckOptions | None = None,
    keep_reports: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> BatchResult:
    """Check every item not yet in the store for this checker version; commit each as it finishes."""
    t_start = time.perf_counter()
    res = BatchResult(total=len(items))
    jobs = jobs or os.cpu_count() or 1
    version = run_version(options)
    with ResultStore(db_path) as store:
        done = set() if force else store.done_hashes(version)
        todo: list[tuple[Item, str, bytes | None]] = []
        for it in items:
            if it.error:
                store.save(
                    it.name, "refused:" + it.name, Report(source=it.name, status="error", error=it.error)
                )
                res.failed += 1
                continue
            try:
                data = it.read()
            except Exception as e:
                store.save(
                    it.name,
                    "unreadable:" + it.name,
                    Report(source=it.name, status="error", error=f"无法读取：{e}"),
                )
                res.failed += 1
                continue
            digest = content_hash(data)
            if digest in done:
                res.skipped += 1
                continue
            done.add(digest)  # identical copies in one run are checked once
            todo.append((it, digest, None if it.member is None else data))
        n_done = 0

        def record(it: Item, digest: str, report: Report, secs: float) -> None:
            nonlocal n_done
            report.checker_version = version
            store.save(it.name, digest, report, secs)
            n_done += 1
            res.checked += 1
            if report.status != "ok":
                res.failed += 1
            if report.findings:
                res.with_findings += 1
            if any(f.severity == "error" for f in report.findings):
                res.with_errors += 1
            for f in report.findings:
                res.by_severity[f.severity] += 1
                res.by_kind[f.kind] += 1
            res.slowest.append((secs, it.name))
            if keep_reports:
                res.reports[it.name] = report
            if progress:
                progress(n_done, len(todo), it.name)

        if jobs <= 1 or len(todo) <= 1:
            for it, digest, data in todo:
                report, secs = _work(it.name, it.path, it.suffix, data, options, keep_reports)
                record(it, digest, report, secs)
        else:
            pool = ProcessPoolExecutor(max_workers=jobs)
            try:
                futs = {
                    pool.submit(_work, it.name, it.path, it.suffix, data, options, keep_reports): (it, digest)
                    for it, digest, data in todo
                }
                for fut in as_completed(futs):
                    it, digest = futs[fut]
                    try:
                        report, secs = fut.result()
                    except Exception as e:  # worker process died
                        report, secs = (
                            Report(source=it.name, status="error", error=f"检查进程异常退出：{e}"),
                            0.0,
                        )
                    record(it, digest, report, secs)
            except BaseException:
                # Ctrl-C or a crash: stop at once, keep what is committed, do not wait for the queue.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
    res.slowest = sorted(res.slowest, reverse=True)[:5]
    res.seconds = time.perf_counter() - t_start
    return res
