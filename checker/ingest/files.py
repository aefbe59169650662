"""Reading an input file's bytes, with the failures a user must be told about in one line."""

from __future__ import annotations

import stat
from pathlib import Path

from checker.document import IngestError

OLE = b"\xd0\xcf\x11\xe0"  # the old Office container: .doc/.xls, or an encrypted .docx/.xlsx


MAX_FILE_BYTES = 200 * 1024 * 1024  # larger than any real report; the same cap as batch


def require_regular(path: Path) -> None:
    """Only regular files are read: a FIFO blocks forever, /dev/zero never ends."""
    try:
        st = path.stat()
    except OSError as e:
        raise IngestError(f"无法读取文件：{path}（{e.strerror}）") from e
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(f"这是一个目录，不是报告文件：{path}（批量检查请用 checker batch）")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(f"不是普通文件（管道、设备等），未读取：{path}")
    if st.st_size > MAX_FILE_BYTES:
        raise IngestError(f"文件超过 {MAX_FILE_BYTES // 2**20} MB 上限，未检查：{path}")


def read_bytes(path: Path) -> bytes:
    require_regular(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise IngestError(f"无法读取文件：{path}（{e.strerror}）") from e
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"文件超过 {MAX_FILE_BYTES // 2**20} MB 上限，未检查：{path}")
    return data


def refuse_ole(path: Path, what: str) -> None:
    """An Office file that is not the zip package this reader opens: say what to do.
    ``what`` names it, e.g. ``.docx 文件：可能是加密的 Word 文档或旧版 .doc 格式``."""
    if read_bytes(path)[:8].startswith(OLE):
        raise IngestError(f"这不是 {what}；请另存为未加密的 {path.suffix.lower() or '文件'}：{path}")
