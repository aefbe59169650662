"""Per-document time and memory limits: each document is checked in its own child process.

The parent can always kill a child (a stuck C extension ignores Python signals), a child's
address space is capped (an inflating page raises MemoryError inside the child, not in
the batch), and a child dies with its parent (PR_SET_PDEATHSIG), so a batch killed with
SIGKILL leaves nothing behind."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from checker.pipeline import Report

DEFAULT_TIMEOUT = 120.0  # seconds per document; a real report takes well under 10
DEFAULT_MEMORY_MB = 2048  # address space a document may add to the checker's own

TIMEOUT_REASON = "超时"
MEMORY_REASON = "内存超限"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT  # 0 = none
    memory_mb: int = DEFAULT_MEMORY_MB  # 0 = none

    @staticmethod
    def from_env(timeout: float | None = None, memory_mb: int | None = None) -> Limits:
        """The given limits, else $CHECKER_TIMEOUT / $CHECKER_MAX_MEMORY_MB, else the defaults."""
        t = timeout if timeout is not None else _env_number("CHECKER_TIMEOUT", DEFAULT_TIMEOUT)
        m = memory_mb if memory_mb is not None else _env_number("CHECKER_MAX_MEMORY_MB", DEFAULT_MEMORY_MB)
        return Limits(timeout=max(float(t), 0.0), memory_mb=max(int(m), 0))


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:  # a malformed setting does not stop the check: the default applies
        return default


def timeout_report(source: str, limits: Limits) -> Report:
    return Report(
        source=source,
        status="error",
        error=f"{TIMEOUT_REASON}：超过 {limits.timeout:g} 秒仍未完成，已停止检查",
        reading=[TIMEOUT_REASON],
    )


def memory_report(source: str, limits: Limits | None = None) -> Report:
    cap = f"（上限 {limits.memory_mb} MB）" if limits and limits.memory_mb else ""
    return Report(
        source=source,
        status="error",
        error=f"{MEMORY_REASON}：该文件需要的内存超过上限{cap}，未检查",
        reading=[MEMORY_REASON],
    )


def died_report(proc, source: str, limits: Limits) -> Report:
    """The report of a child that exited without sending one (one line, never a traceback)."""
    proc.join(5)
    code = proc.exitcode
    if code == -signal.SIGKILL:  # the kernel's OOM killer, most likely
        return memory_report(source, limits)
    return Report(source=source, status="error", error=f"检查进程异常退出（退出码 {code}）")


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; elsewhere a no-op."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def cap_memory(memory_mb: int) -> None:
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    limit = _vm_bytes() + memory_mb * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _child_main(
    conn: Connection, parent: int, limits: Limits, source: str, fn: Callable[..., Report], args: tuple
) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    cap_memory(limits.memory_mb)
    try:
        report = fn(*args)
    except MemoryError:
        report = memory_report(source, limits)
    except BaseException as e:
        from checker.internal import internal_message

        report = Report(source=source, status="internal", error=internal_message(e, f"worker {source}"))
    try:
        conn.send(report)
    except MemoryError:
        conn.send(memory_report(source, limits))
    conn.close()


def preload(suffixes: set[str]) -> None:
    """Import what checking needs once, in the parent: each forked child then starts warm
    instead of spending ~0.4 s on imports per document."""
    import importlib

    from checker.checks.registry import all_rules

    all_rules()
    for name in (
        "checker.ingest.text",
        "checker.tables.parse",
        "checker.claims.rules",
        "checker.report.html",
    ):
        importlib.import_module(name)
    modules = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
    for suffix in suffixes:
        if suffix in modules:
            try:
                importlib.import_module(f"checker.ingest.{modules[suffix]}")
            except ImportError:  # the child will say so for its document
                pass
    # The children's garbage collector must not walk (and so copy-on-write) the whole
    # inherited heap: what exists now is moved out of its sight.
    gc.collect()
    gc.freeze()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


class Child:
    """One document being checked in its own process."""

    def __init__(
        self, source: str, fn: Callable[..., Report], args: tuple, limits: Limits, tag: object = None
    ):
        self.source, self.limits, self.tag = source, limits, tag
        ctx = _context()
        self.conn, w = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(
            target=_child_main, args=(w, os.getpid(), limits, source, fn, args), daemon=True
        )
        self.started = time.monotonic()
        self.proc.start()
        w.close()

    @property
    def deadline(self) -> float:
        return self.started + self.limits.timeout if self.limits.timeout else float("inf")

    def collect(self) -> Report:
        """The child's report (call when ``conn`` is readable or the child has exited)."""
        try:
            report = self.conn.recv()
        except (EOFError, OSError):
            report = died_report(self.proc, self.source, self.limits)
        self.close()
        return report

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.close()

    def close(self) -> None:
        self.conn.close()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def run_limited(source: str, fn: Callable[..., Report], args: tuple, limits: Limits) -> Report:
    """Run ``fn(*args)`` in a child under ``limits``; a document over them gets its own status."""
    child = Child(source, fn, args, limits)
    try:
        timeout = None if child.deadline == float("inf") else max(child.deadline - time.monotonic(), 0)
        if child.conn.poll(timeout):
            return child.collect()
        child.kill()
        return timeout_report(source, limits)
    except BaseException:
        child.kill()
        raise


# ----------------------------------------------------------------------------- batch workers


def _run_task(source: str, fn: Callable[..., Report], args: tuple, limits: Limits) -> tuple[Report, bool]:
    """One document in a worker: its report, and whether the worker must be replaced."""
    try:
        return fn(*args), False
    except MemoryError:
        return memory_report(source, limits), True  # the heap may be fragmented: start afresh
    except BaseException as e:
        from checker.internal import internal_message

        return Report(source=source, status="internal", error=internal_message(e, f"worker {source}")), False


def _worker_main(conn: Connection, parent: int, limits: Limits) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    cap_memory(limits.memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        source, fn, args = task
        del task
        report, retire = _run_task(source, fn, args, limits)
        del args
        try:
            conn.send(report)
        except MemoryError:
            conn.send(memory_report(source, limits))
            retire = True
        if retire:
            return


class Worker:
    """A child process that checks documents one at a time under the limits (started once,
    not forked per document: the start-up cost is paid per worker)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        ctx = _context()
        self.conn, theirs = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(theirs, os.getpid(), limits), daemon=True)
        self.proc.start()
        theirs.close()
        self.source = ""
        self.tag: object = None
        self.started = 0.0

    def submit(self, source: str, fn: Callable[..., Report], args: tuple, tag: object) -> None:
        self.source, self.tag, self.started = source, tag, time.monotonic()
        self.conn.send((source, fn, args))

    @property
    def deadline(self) -> float:
        return self.started + self.limits.timeout if self.limits.timeout else float("inf")

    def result(self) -> tuple[Report, bool]:
        """The report (call when ``conn`` is readable), and whether this worker is gone."""
        try:
            report = self.conn.recv()
        except (EOFError, OSError):
            return died_report(self.proc, self.source, self.limits), True
        gone = MEMORY_REASON in report.reading
        if gone:
            self.proc.join(5)
        return report, gone

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                kill = True
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class WorkerPool:
    """``jobs`` workers; a worker over its time limit is killed and replaced, so is one
    that died or ran out of memory."""

    def __init__(self, jobs: int, limits: Limits) -> None:
        self.limits = limits
        self.idle = [Worker(limits) for _ in range(jobs)]
        self.busy: dict[Connection, Worker] = {}

    def has_idle(self) -> bool:
        return bool(self.idle)

    def submit(self, source: str, fn: Callable[..., Report], args: tuple, tag: object) -> None:
        w = self.idle.pop()
        w.submit(source, fn, args, tag)
        self.busy[w.conn] = w

    def collect(self, block: bool) -> list[tuple[object, Report, float]]:
        """Finished documents as (tag, report, seconds); waits for one when ``block``."""
        from multiprocessing.connection import wait

        if not self.busy:
            return []
        timeout = 0.0
        if block:
            soonest = min(w.deadline for w in self.busy.values())
            timeout = max(soonest - time.monotonic(), 0.0) if soonest != float("inf") else None  # type: ignore[assignment]
        done: list[tuple[object, Report, float]] = []
        for conn in wait(list(self.busy), timeout=timeout):
            w = self.busy.pop(conn)  # type: ignore[arg-type]
            report, gone = w.result()
            done.append((w.tag, report, time.monotonic() - w.started))
            self._release(w, gone)
        now = time.monotonic()
        for conn, w in list(self.busy.items()):
            if now >= w.deadline:
                del self.busy[conn]
                done.append((w.tag, timeout_report(w.source, self.limits), now - w.started))
                self._release(w, True)
        return done

    def _release(self, w: Worker, gone: bool) -> None:
        if gone:
            w.stop(kill=True)
            w = Worker(self.limits)
        self.idle.append(w)

    def close(self, kill: bool = False) -> None:
        for w in [*self.idle, *self.busy.values()]:
            w.stop(kill=kill or w in self.busy.values())
        self.idle, self.busy = [], {}
