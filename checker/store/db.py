"""One SQLite file holds every checked document and its findings: one row per path.

Each document's result is committed as soon as it is stored (WAL mode), so a run that
is killed half-way keeps every finished document. Storing a path replaces its earlier
result in one transaction (an edited file never shows old and new findings together);
a path whose content was already checked under another path is stored as a copy
(``same_as``) with that result, so every path is exported."""

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
  same_as TEXT DEFAULT ''
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


class StoreError(Exception):
    """The results database cannot be used (not a database, a directory, no such folder …)."""


class ResultStore:
    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        p = Path(path)
        if p.is_dir():
            raise StoreError(f"结果库路径是一个目录：{p}")
        if not readonly and not p.parent.is_dir():
            raise StoreError(f"结果库所在目录不存在：{p.parent}")
        if readonly and not p.is_file():
            raise StoreError(f"结果库不存在：{p}")
        try:
            if readonly:
                self.conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
                self.conn.execute("SELECT count(*) FROM documents").fetchone()
            else:
                self.conn = sqlite3.connect(self.path, timeout=30)
                self.conn.execute("PRAGMA journal_mode=WAL")
                # WAL + NORMAL: a commit survives the process being killed (what resuming a
                # batch needs) without an fsync per document; only a power cut may lose the last.
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self.conn.executescript(SCHEMA)
                self._migrate()
                self.conn.commit()
        except sqlite3.Error as e:
            raise StoreError(f"{p} 不是 checker 的结果库（{e}）") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        """A database from before one-row-per-path: keep each path's latest result."""
        cols = {r[1] for r in self.conn.execute("PRAGMA table_info(documents)")}
        with self.conn:
            if "same_as" not in cols:
                self.conn.execute("ALTER TABLE documents ADD COLUMN same_as TEXT DEFAULT ''")
            self.conn.execute(
                "DELETE FROM documents WHERE id NOT IN (SELECT max(id) FROM documents GROUP BY path)"
            )
            self.conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS documents_path ON documents (path)")

    def done_hashes(self, version: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT content_hash FROM documents WHERE checker_version = ?", (version,)
        ).fetchall()
        return {r[0] for r in rows}

    def stored(self, version: str) -> dict[str, str]:
        """path -> content hash of every path checked under this version."""
        rows = self.conn.execute(
            "SELECT path, content_hash FROM documents WHERE checker_version = ?", (version,)
        ).fetchall()
        return {p: h for p, h in rows}

    def originals(self, version: str) -> dict[str, str]:
        """content hash -> the path it was checked under (not a copy), for this version."""
        rows = self.conn.execute(
            "SELECT content_hash, path FROM documents WHERE checker_version = ? AND coalesce(same_as, '') = ''"
            " AND status != 'internal' ORDER BY id",
            (version,),
        ).fetchall()
        out: dict[str, str] = {}
        for h, p in rows:
            out.setdefault(h, p)
        return out

    def save_copy(self, path: str, source_path: str) -> int:
        """Record ``path`` as holding the same content as ``source_path``: its result, findings
        included, is stored under ``path`` too (replacing what the path had), in one transaction."""
        if path == source_path:
            return 0
        with self.conn:
            row = self.conn.execute("SELECT id FROM documents WHERE path = ?", (source_path,)).fetchone()
            if row is None:
                return 0
            src_id = row[0]
            self.conn.execute("DELETE FROM documents WHERE path = ?", (path,))
            cur = self.conn.execute(
                "INSERT INTO documents (path, content_hash, kind, title, year, status, error, n_error,"
                " n_warning, n_info, timings, seconds, checker_version, same_as)"
                " SELECT ?, content_hash, kind, title, year, status, error, n_error, n_warning, n_info,"
                " timings, 0, checker_version, ? FROM documents WHERE path = ?",
                (path, source_path, source_path),
            )
            doc_id = int(cur.lastrowid or 0)
            self.conn.execute(
                "INSERT INTO findings (document_id, code, rule, severity, kind, stated, expected, excerpt,"
                " message, computation, pattern, line, page, section, loc_table, loc_row, loc_column, cells)"
                " SELECT ?, code, rule, severity, kind, stated, expected, excerpt, message, computation,"
                " pattern, line, page, section, loc_table, loc_row, loc_column, cells"
                " FROM findings WHERE document_id = ? ORDER BY id",
                (doc_id, src_id),
            )
            self.conn.execute(
                "INSERT INTO coverage (document_id, data) SELECT ?, data FROM coverage WHERE document_id = ?",
                (doc_id, src_id),
            )
        return doc_id

    def save(self, path: str, digest: str, report: Report, seconds: float = 0.0) -> int:
        """Store one document, replacing whatever was stored for the same path, and commit."""
        c = report.counts()
        with self.conn:
            self.conn.execute("DELETE FROM documents WHERE path = ?", (path,))
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
        cur = self.conn.execute(
            "SELECT d.*, c.data AS coverage FROM documents d"
            " LEFT JOIN coverage c ON c.document_id = d.id ORDER BY d.path"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def findings(self) -> Iterator[dict]:
        cur = self.conn.execute(
            "SELECT d.path AS document, d.title AS title, d.content_hash AS content_hash,"
            " d.checker_version AS checker_version, f.* FROM findings f"
            " JOIN documents d ON d.id = f.document_id ORDER BY d.path, f.line, f.id"
        )
        names = [d[0] for d in cur.description]
        for r in cur:
            yield dict(zip(names, r, strict=True))
