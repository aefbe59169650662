"""Reading an input file's bytes, with the failures a user must be told about in one line."""

from __future__ import annotations

from pathlib import Path

from checker.document import IngestError

OLE = b"\xd0\xcf\x11\xe0"  # the old Office container: .doc/.xls, or an encrypted .docx/.xlsx


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise IngestError(f"无法读取文件：{path}（{e.strerror}）") from e


def refuse_ole(path: Path, what: str) -> None:
    """An Office file that is not the zip package this reader opens: say what to do.
    ``what`` names it, e.g. ``.docx 文件：可能是加密的 Word 文档或旧版 .doc 格式``."""
    if read_bytes(path)[:8].startswith(OLE):
        raise IngestError(f"这不是 {what}；请另存为未加密的 {path.suffix.lower() or '文件'}：{path}")
