"""Ingestion: any supported file → :class:`checker.document.Document`."""

from __future__ import annotations

from pathlib import Path

from checker.document import Document, IngestError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def load(path: str | Path) -> Document:
    """Read a report file into a Document. Raises IngestError with a Chinese message."""
    p = Path(path)
    if not p.exists():
        raise IngestError(f"文件不存在：{p}")
    if p.is_dir():
        raise IngestError(f"这是一个目录，不是报告文件：{p}（批量检查请用 checker batch）")
    from checker.ingest.files import require_regular

    require_regular(p)  # no FIFOs or devices: they block or never end
    suffix = p.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from checker.ingest.text import read_text_file

        return read_text_file(p)
    loader = _format_loader(suffix)
    if loader is None:
        raise IngestError(f"不支持的文件格式：{suffix}（支持 .txt .md .pdf .docx .xlsx .html）")
    return loader(p)


def _format_loader(suffix: str):
    """Loaders for binary formats live in their own modules (pdf, docx, xlsx, html)."""
    import importlib

    modules = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
    name = modules.get(suffix)
    if name is None:
        return None
    try:
        mod = importlib.import_module(f"checker.ingest.{name}")
    except ModuleNotFoundError as e:
        raise IngestError(f"暂不支持 {suffix} 格式（缺少组件：{e.name}）") from e
    return mod.read
