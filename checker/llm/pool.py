"""A small thread pool whose workers never hold the process open.

``ThreadPoolExecutor`` joins its workers at interpreter exit, so after a fatal endpoint
error the CLI would still wait for every request in flight (up to its timeout) before
exiting 2. Here the workers are daemon threads: ``shutdown`` cancels what is queued and
returns at once; a request still in flight is abandoned (its answer is not wanted).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class DaemonPool:
    def __init__(self, workers: int) -> None:
        self._queue: queue.SimpleQueue[tuple[Future, Callable, tuple] | None] = queue.SimpleQueue()
        self._futures: list[Future] = []
        self._threads = [threading.Thread(target=self._work, daemon=True) for _ in range(max(1, workers))]
        for t in self._threads:
            t.start()

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            future, fn, args = job
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while queued
            try:
                future.set_result(fn(*args))
            except BaseException as e:  # handed to the caller through the future
                future.set_exception(e)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        self._futures.append(future)
        self._queue.put((future, fn, args))
        return future

    def shutdown(self) -> None:
        """Cancel every job not started and let the workers end; never waits."""
        for f in self._futures:
            f.cancel()
        for _ in self._threads:
            self._queue.put(None)
