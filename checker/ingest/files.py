"""Reading an input file's bytes, with the failures a user must be told about in one line."""

from __future__ import annotations

import stat
import zipfile
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


# An Office file is a zip: python-docx holds every part in memory and parses the XML ones,
# so what they inflate to is bounded before opening (zipfile never returns more than an
# entry's declared size, so the declared sizes are an upper bound).
MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # all parts together (pictures included)
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # one XML part: about 20 times a long real report's
MAX_PACKAGE_PARTS = 10_000
MAX_RATIO = 100  # above this a part over RATIO_FLOOR is a zip bomb, not a document
RATIO_FLOOR = 10 * 1024 * 1024


def check_package(path: Path, what: str) -> None:
    """Refuse a DOCX/XLSX whose parts would inflate beyond the bounds (``what``: DOCX / XLSX)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader says "damaged" in its own words
    if len(infos) > MAX_PACKAGE_PARTS:
        raise IngestError(f"{what} 文件包含的部件过多（{len(infos)} 个），疑似恶意文件，未读取：{path}")
    total = sum(i.file_size for i in infos)
    if total > MAX_PACKAGE_BYTES:
        raise IngestError(
            f"{what} 文件解压后过大（{total // 2**20} MB，上限 {MAX_PACKAGE_BYTES // 2**20} MB），疑似压缩炸弹，未读取：{path}"
        )
    for i in infos:
        if i.filename.endswith((".xml", ".rels")) and i.file_size > MAX_XML_PART_BYTES:
            raise IngestError(
                f"{what} 文件的 {i.filename} 解压后过大（{i.file_size // 2**20} MB），未读取：{path}"
            )
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise IngestError(f"{what} 文件的 {i.filename} 压缩比异常，疑似压缩炸弹，未读取：{path}")
