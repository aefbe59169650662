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
        t = timeout if timeout is not None else float(os.environ.get("CHECKER_TIMEOUT", DEFAULT_TIMEOUT))
        m = (
            memory_mb
            if memory_mb is not None
            else int(os.environ.get("CHECKER_MAX_MEMORY_MB", DEFAULT_MEMORY_MB))
        )
        return Limits(timeout=max(t, 0.0), memory_mb=max(m, 0))


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
            self.proc.join(5)
            code = self.proc.exitcode
            if code == -signal.SIGKILL:  # the kernel's OOM killer, most likely
                report = memory_report(self.source, self.limits)
            else:
                report = Report(
                    source=self.source, status="error", error=f"检查进程异常退出（退出码 {code}）"
                )
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
