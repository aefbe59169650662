"""Unexpected exceptions: the traceback goes to a log file, the reviewer gets one line.

A script reading the exit code must be able to tell "the checker broke" (3) from "the
report has errors" (1) and "the input could not be read" (2), so an internal failure is a
Report with status "internal" whose error names the log holding the traceback."""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from pathlib import Path


def log_dir() -> Path:
    """$CHECKER_LOG_DIR, else the user cache dir (~/.cache/checker/logs), else $TMPDIR."""
    env = os.environ.get("CHECKER_LOG_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "checker" / "logs"


def write_traceback(exc: BaseException, context: str = "") -> str:
    """Write the traceback of ``exc`` to a fresh log file; return its path ("" if no place to write)."""
    text = f"{context}\n" if context else ""
    text += "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    name = f"internal-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.log"
    for d in (log_dir(), Path(tempfile.gettempdir()) / "checker-logs"):
        try:
            d.mkdir(parents=True, exist_ok=True)
            p = d / name
            p.write_text(text, encoding="utf-8")
            return str(p)
        except OSError:
            continue
    return ""


def one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def internal_message(exc: BaseException, context: str = "") -> str:
    """``检查器内部错误：ValueError: …（详情见 /path/to/log）`` — one line, never the traceback."""
    path = write_traceback(exc, context)
    where = f"（详情见 {path}）" if path else ""
    return f"检查器内部错误：{one_line(exc)}{where}"
