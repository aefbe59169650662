"""SQLite cache of validated LLM answers.

Key: (endpoint without credentials, model, prompt version, structured-output mode,
SHA-256 of the messages sent). Only the validated answer is stored — never the API key,
never request headers. A cache that cannot be opened is skipped with a warning; a read or
write that fails later (another process holding the lock in a batch run) is a miss.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_responses (
    key TEXT PRIMARY KEY,
    endpoint TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL
)
"""


def text_hash(messages: list[dict[str, str]]) -> str:
    blob = json.dumps(messages, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cache_key(endpoint: str, model: str, prompt_version: str, mode: str, digest: str) -> str:
    blob = json.dumps([endpoint, model, prompt_version, mode, digest], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class LLMCache:
    def __init__(self, path: str | Path) -> None:
        p = Path(path).expanduser()
        p.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(p), check_same_thread=False, timeout=10)
        with self._lock, self._db:
            self._db.execute(SCHEMA)
        try:  # readers never wait for a writer (batch runs share the file)
            self._db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error:
            pass

    def get(self, key: str) -> str | None:
        try:
            with self._lock:
                row = self._db.execute("SELECT response FROM llm_responses WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def put(
        self,
        key: str,
        *,
        endpoint: str,
        model: str,
        prompt_version: str,
        digest: str,
        response: str,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> None:
        try:
            self._put(
                key, endpoint, model, prompt_version, digest, response, prompt_tokens, completion_tokens
            )
        except sqlite3.Error:
            pass  # another process holds the lock (a batch run): the answer is just not kept

    def _put(self, key: str, *row: object) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO llm_responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, *row, time.time()),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
