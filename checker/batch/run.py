"""Run checks over many items in worker processes under time and memory limits; store each result as it finishes.

Items are read one at a time (a zip member is streamed with a size cap, the archive opened
once), hashed, and handed to a child; the parent never holds more than one document's
bytes. The store keeps one row per path: an unchanged path is skipped, an edited one
replaced, and a path whose content was already checked under another path is recorded as
a copy of it."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checker import __version__
from checker.batch.discover import Item
from checker.batch.limits import TIMEOUT_REASON, Limits, WorkerPool, preload
from checker.pipeline import CheckOptions, Report
from checker.store.db import ResultStore

CHUNK = 1024 * 1024
# the module, not the function checker.batch re-exports under the same name (limits read at call time)
disc = importlib.import_module("checker.batch.discover")


@dataclass
class BatchResult:
    total: int = 0
    checked: int = 0
    skipped: int = 0
    copies: int = 0  # same content as another path: its result recorded for this path too
    failed: int = 0  # could not be read / refused / not checked / worker crashed
    with_findings: int = 0
    with_errors: int = 0  # documents with at least one error-severity finding
    timeouts: int = 0
    internal: int = 0  # the checker itself failed on a document (a log holds the traceback)
    unchecked: int = 0  # read, but not checked enough (among ``failed``): the reasons are stored
    symlinks: int = 0  # links followed (they resolve inside the given directory)
    refused_links: int = 0  # links pointing outside it, not read
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
    """Check a report given as bytes; any exception becomes an internal Report (never escapes)."""
    from checker.pipeline import check_file

    try:
        with tempfile.TemporaryDirectory(prefix="checker-") as tmp:
            # The temp name is ours; the entry's own name is never used as a path.
            p = Path(tmp) / f"report{suffix}"
            p.write_bytes(data)
            report = check_file(p, options)
            if report.error:
                report.error = report.error.replace(str(p), name)
    except MemoryError:
        raise
    except Exception as e:  # a worker must record, not crash the batch
        from checker.internal import internal_message

        report = Report(source=name, status="internal", error=internal_message(e, f"batch {name}"))
    report.source = name
    return report


def _work(
    name: str,
    path: str | None,
    suffix: str,
    data: bytes | None,
    options: CheckOptions | None,
    keep_tables: bool = False,
) -> Report:
    if data is None:
        from checker.pipeline import check_file

        try:
            report = check_file(path or name, options)
        except MemoryError:
            raise
        except Exception as e:
            from checker.internal import internal_message

            report = Report(source=name, status="internal", error=internal_message(e, f"batch {name}"))
        report.source = name
    else:
        report = check_bytes(name, suffix, data, options)
    if not keep_tables:
        report.typed_tables = None  # not needed unless HTML pages are written; spare the IPC
    return report


class Refused(Exception):
    """An item that cannot be read as given (too large, a bomb, a vanished file …)."""


class Reader:
    """Reads items' bytes one at a time: each archive is opened once, each member streamed
    with a cap on its size, its compression ratio and the archive's running total."""

    def __init__(self) -> None:
        self.archives: dict[str, zipfile.ZipFile] = {}
        self.inflated: Counter = Counter()

    def close(self) -> None:
        for zf in self.archives.values():
            zf.close()
        self.archives.clear()

    def digest_file(self, path: str) -> str:
        """Hash a file on disk by streaming it (the child reads it itself)."""
        h = hashlib.sha256()
        n = 0
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO swapped in must not block
        with os.fdopen(fd, "rb") as fh:
            if not os.path.isfile(path) or not _regular(fh.fileno()):
                raise Refused("不是普通文件（管道、设备等），未读取")
            while chunk := fh.read(CHUNK):
                n += len(chunk)
                if n > disc.MAX_FILE_BYTES:
                    raise Refused(disc.TOO_LARGE)
                h.update(chunk)
        return h.hexdigest()

    def member(self, it: Item) -> bytes:
        assert it.archive is not None and it.member is not None
        zf = self.archives.get(it.archive)
        if zf is None:
            zf = self.archives[it.archive] = zipfile.ZipFile(it.archive)
        # the header's sizes may lie: count what actually inflates
        cap = disc.MAX_FILE_BYTES
        if it.compress_size:
            cap = min(cap, max(disc.RATIO_FLOOR, it.compress_size * disc.MAX_ZIP_RATIO))
        parts: list[bytes] = []
        n = 0
        with zf.open(it.member) as fh:
            while chunk := fh.read(CHUNK):
                n += len(chunk)
                self.inflated[it.archive] += len(chunk)
                if self.inflated[it.archive] > disc.MAX_ZIP_TOTAL:
                    raise Refused("压缩包解压后过大，疑似压缩炸弹，已拒绝")
                if n > cap:
                    raise Refused(disc.TOO_LARGE if cap == disc.MAX_FILE_BYTES else disc.BOMB_RATIO)
                parts.append(chunk)
        return b"".join(parts)


def _regular(fd: int) -> bool:
    import stat

    return stat.S_ISREG(os.fstat(fd).st_mode)


def run_batch(
    items: list[Item],
    db_path: str | Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    options: CheckOptions | None = None,
    keep_reports: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    limits: Limits | None = None,
) -> BatchResult:
    """Check every item whose path is not yet stored with this content and checker version;
    commit each as it finishes. Documents run in worker processes under ``limits``."""
    t_start = time.perf_counter()
    res = BatchResult(total=len(items))
    jobs = max(jobs or os.cpu_count() or 1, 1)
    limits = limits or Limits.from_env()
    version = run_version(options)
    reader = Reader()
    preload({it.suffix for it in items if not it.error})
    pool: WorkerPool | None = None  # started when the first document needs checking
    with ResultStore(db_path) as store:
        stored = store.stored(version)  # path -> content hash, for this version
        by_hash: dict[str, str] = {} if force else store.originals(version)
        waiting: dict[str, list[Item]] = {}  # content hash in flight -> other paths with it
        n_done = 0
        n_todo = 0

        def record(it: Item, digest: str, report: Report, secs: float) -> None:
            nonlocal n_done
            report.checker_version = version
            store.save(it.name, digest, report, secs)
            n_done += 1
            res.checked += 1
            _count(res, report)
            res.slowest.append((secs, it.name))
            if keep_reports:
                res.reports[it.name] = report
            if progress:
                progress(n_done, max(n_todo, n_done), it.name)
            for other in waiting.pop(digest, []):
                store.save_copy(other.name, it.name)
                res.copies += 1
                _count(res, report)
                if keep_reports:
                    res.reports[other.name] = report.model_copy(update={"source": other.name})

        def reap(block: bool) -> None:
            """Record finished documents; the pool stops those over their time limit."""
            for tag, report, secs in pool.collect(block) if pool else []:
                it, digest = tag  # type: ignore[misc]
                report.source = it.name
                if TIMEOUT_REASON in report.reading:
                    res.timeouts += 1
                record(it, digest, report, secs)

        try:
            for it in items:  # discover lists an archive's members together, in order
                if it.note == "符号链接":
                    res.symlinks += 1
                if it.error:
                    if "符号链接" in it.error:
                        res.refused_links += 1
                    _refuse(store, res, it, it.error, it.status)
                    continue
                try:
                    if it.member is not None:
                        data: bytes | None = reader.member(it)
                        digest = hashlib.sha256(data).hexdigest()
                    else:
                        data = None
                        digest = reader.digest_file(it.path or it.name)
                except Refused as e:
                    _refuse(store, res, it, str(e))
                    continue
                except Exception as e:
                    # a damaged entry (bad deflate data, CRC, unsupported method or zip version …)
                    # or a vanished file is unreadable input, not a failure of the checker
                    _refuse(store, res, it, f"无法读取：{type(e).__name__}: {e}")
                    continue
                if not force and stored.get(it.name) == digest:
                    res.skipped += 1
                    continue
                if digest in waiting:  # the same content is being checked under another path
                    waiting[digest].append(it)
                    continue
                if digest in by_hash and by_hash[digest] != it.name:
                    store.save_copy(it.name, by_hash[digest])
                    res.copies += 1
                    continue
                if pool is None:
                    pool = WorkerPool(min(jobs, sum(1 for i in items if not i.error)), limits)
                while not pool.has_idle():
                    reap(block=True)
                n_todo += 1
                by_hash[digest] = it.name
                waiting[digest] = []
                pool.submit(
                    it.name, _work, (it.name, it.path, it.suffix, data, options, keep_reports), (it, digest)
                )
                del data  # the worker has it now; hold no more than one document here
                reap(block=False)
            while pool and pool.busy:
                reap(block=True)
            if pool:
                pool.close()
        except BaseException:
            # Ctrl-C or a crash: stop the workers at once, keep what is committed.
            if pool:
                pool.close(kill=True)
            raise
        finally:
            reader.close()
    res.slowest = sorted(res.slowest, reverse=True)[:5]
    res.seconds = time.perf_counter() - t_start
    return res


def _refuse(store: ResultStore, res: BatchResult, it: Item, error: str, status: str = "error") -> None:
    store.save(
        it.name, "refused:" + it.name, Report(source=it.name, status=status, error=error, reading=[error])
    )
    res.failed += 1


def _count(res: BatchResult, report: Report) -> None:
    if report.status != "ok":
        res.failed += 1
    if report.status == "unchecked":
        res.unchecked += 1
    if report.status == "internal":
        res.internal += 1
    if report.findings:
        res.with_findings += 1
    if any(f.severity == "error" for f in report.findings):
        res.with_errors += 1
    for f in report.findings:
        res.by_severity[f.severity] += 1
        res.by_kind[f.kind] += 1
