"""SQLite results of batch runs: documents, findings, coverage."""

from checker.store.db import ResultStore, content_hash

__all__ = ["ResultStore", "content_hash"]
