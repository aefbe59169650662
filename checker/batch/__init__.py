"""Batch mode: check every report under directories and .zip archives, results into SQLite."""

from checker.batch.discover import Item, discover
from checker.batch.run import BatchResult, run_batch

__all__ = ["BatchResult", "Item", "discover", "run_batch"]
