"""Find reports in directories and .zip archives, safely.

Zip entries are read in memory, never extracted by their own names, so an entry named
``../x`` or ``/etc/x`` cannot touch anything outside the archive. Oversized files and zip
bombs become items with an error status instead of being read."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".xlsx", ".html", ".htm"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_TOTAL = 1024 * 1024 * 1024
MAX_ZIP_RATIO = 100


@dataclass(frozen=True)
class Item:
    """One report to check: a file on disk, or an entry of a zip archive (``archive``!``member``)."""

    name: str  # shown to the reviewer and stored as the document path
    path: str | None = None  # file on disk
    archive: str | None = None
    member: str | None = None
    size: int = 0
    error: str = ""  # refused before checking (too large, zip bomb, unsafe name …)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.member or self.path or self.name).suffix.lower()

    def read(self) -> bytes:
        if self.archive is not None and self.member is not None:
            with zipfile.ZipFile(self.archive) as zf:
                with zf.open(self.member) as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise ValueError("too large")
            return data
        assert self.path is not None
        return Path(self.path).read_bytes()


def _unsafe(member: str) -> bool:
    p = PurePosixPath(member.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(member) > 1 and member[1] == ":")


def _from_zip(archive: Path) -> list[Item]:
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as e:
        return [Item(name=str(archive), path=str(archive), error=f"无法打开压缩包：{e}")]
    items: list[Item] = []
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if total > MAX_ZIP_TOTAL:
            return [
                Item(
                    name=str(archive),
                    path=str(archive),
                    error=f"压缩包解压后过大（{total} 字节），疑似压缩炸弹，已拒绝",
                )
            ]
        for info in infos:
            name = f"{archive}!{info.filename}"
            suffix = PurePosixPath(info.filename).suffix.lower()
            if suffix not in SUFFIXES:
                continue
            if _unsafe(info.filename):
                items.append(Item(name=name, error="压缩包内路径不安全（绝对路径或含 ..），已拒绝"))
            elif info.file_size > MAX_FILE_BYTES:
                items.append(Item(name=name, size=info.file_size, error="文件超过 200 MB 上限，未检查"))
            elif (
                info.compress_size
                and info.file_size / info.compress_size > MAX_ZIP_RATIO
                and info.file_size > 10 * 1024 * 1024
            ):
                items.append(Item(name=name, size=info.file_size, error="压缩比异常，疑似压缩炸弹，已拒绝"))
            else:
                items.append(Item(name=name, archive=str(archive), member=info.filename, size=info.file_size))
    return items


def _from_file(p: Path) -> list[Item]:
    if p.suffix.lower() == ".zip":
        return _from_zip(p)
    try:
        size = p.stat().st_size
    except OSError as e:
        return [Item(name=str(p), path=str(p), error=f"无法读取文件：{e}")]
    if size > MAX_FILE_BYTES:
        return [Item(name=str(p), path=str(p), size=size, error="文件超过 200 MB 上限，未检查")]
    return [Item(name=str(p), path=str(p), size=size)]


def discover(paths: list[str | Path]) -> list[Item]:
    """Every supported report under the given files/directories (recursively), zip entries included."""
    items: list[Item] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and (f.suffix.lower() in SUFFIXES or f.suffix.lower() == ".zip"):
                    items.extend(_from_file(f))
        elif p.is_file():
            items.extend(_from_file(p))
        else:
            items.append(Item(name=str(p), path=str(p), error=f"文件不存在：{p}"))
    return items
