"""One SQLite file holds every checked document and its findings.

Each document's result is committed as soon as it is stored (WAL mode), so a run that
is killed half-way keeps every finished document; re-runs skip a (hash, version) pair
already checked."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from checker.pipeline import Report

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  kind TEXT, title TEXT, year TEXT,
  status TEXT NOT NULL, error TEXT,
  n_error INTEGER DEFAULT 0, n_warning INTEGER DEFAULT 0, n_info INTEGER DEFAULT 0,
  timings TEXT, seconds REAL,
  checker_version TEXT NOT NULL,
  checked_at TEXT DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (path, content_hash, checker_version)
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash, checker_version);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code TEXT, rule TEXT, severity TEXT, kind TEXT,
  stated TEXT, expected TEXT, excerpt TEXT, message TEXT, computation TEXT, pattern TEXT,
  line INTEGER, page INTEGER, section TEXT, loc_table TEXT, loc_row TEXT, loc_column TEXT,
  cells TEXT
);
CREATE INDEX IF NOT EXISTS findings_doc ON findings (document_id);
CREATE TABLE IF NOT EXISTS coverage (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  data TEXT NOT NULL
);
"""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _year(text: str) -> str:
    import re

    m = re.search(r"(20\d\d)\s*年", text)
    return m.group(1) if m else ""


class ResultStore:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(SCHEMA)
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def done_hashes(self, version: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT content_hash FROM documents WHERE checker_version = ?", (version,)
        ).fetchall()
        return {r[0] for r in rows}

    def save(self, path: str, digest: str, report: Report, seconds: float = 0.0) -> int:
        """Store one document (replacing an earlier result for the same file and version) and commit."""
        c = report.counts()
        with self.conn:
            self.conn.execute(
                "DELETE FROM documents WHERE path = ? AND content_hash = ? AND checker_version = ?",
                (path, digest, report.checker_version),
            )
            cur = self.conn.execute(
                "INSERT INTO documents (path, content_hash, kind, title, year, status, error,"
                " n_error, n_warning, n_info, timings, seconds, checker_version)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    path,
                    digest,
                    report.kind,
                    report.title,
                    _year(report.title),
                    report.status,
                    report.error,
                    c["error"],
                    c["warning"],
                    c["info"],
                    json.dumps(report.timings),
                    round(seconds, 4),
                    report.checker_version,
                ),
            )
            doc_id = int(cur.lastrowid or 0)
            self.conn.executemany(
                "INSERT INTO findings (document_id, code, rule, severity, kind, stated, expected, excerpt,"
                " message, computation, pattern, line, page, section, loc_table, loc_row, loc_column, cells)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        doc_id,
                        f.code,
                        f.rule,
                        f.severity,
                        f.kind,
                        f.stated,
                        f.expected,
                        f.excerpt,
                        f.message,
                        f.computation,
                        f.pattern,
                        f.location.line,
                        f.location.page,
                        f.location.section,
                        f.location.table,
                        f.location.row,
                        f.location.column,
                        json.dumps([x.model_dump() for x in f.cells], ensure_ascii=False),
                    )
                    for f in report.findings
                ],
            )
            self.conn.execute(
                "INSERT INTO coverage (document_id, data) VALUES (?, ?)",
                (doc_id, report.coverage.model_dump_json()),
            )
        return doc_id

    def documents(self) -> list[dict]:
        cur = self.conn.execute("SELECT * FROM documents ORDER BY path")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def findings(self) -> Iterator[dict]:
        cur = self.conn.execute(
            "SELECT d.path AS document, d.title AS title, f.* FROM findings f"
            " JOIN documents d ON d.id = f.document_id ORDER BY d.path, f.line, f.id"
        )
        names = [d[0] for d in cur.description]
        for r in cur:
            yield dict(zip(names, r, strict=True))
