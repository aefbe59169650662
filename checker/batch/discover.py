"""Find reports in directories and .zip archives, safely.

Zip entries are read in memory, never extracted by their own names, so an entry named
``../x`` or ``/etc/x`` cannot touch anything outside the archive. Only regular files are
read (a FIFO blocks forever, a device never ends); a symbolic link is followed only when it
resolves inside the directory given, and is marked so. Oversized files, zip bombs and zips
inside zips become items with a status instead of being read."""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".xlsx", ".html", ".htm"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_TOTAL = 1024 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_ENTRIES = 100_000
RATIO_FLOOR = 10 * 1024 * 1024  # small entries may compress well (tables of zeros)

TOO_LARGE = "文件超过 200 MB 上限，未检查"
BOMB_RATIO = "压缩比异常，疑似压缩炸弹，已拒绝"


@dataclass(frozen=True)
class Item:
    """One report to check: a file on disk, or an entry of a zip archive (``archive``!``member``)."""

    name: str  # shown to the reviewer and stored as the document path
    path: str | None = None  # file on disk
    archive: str | None = None
    member: str | None = None
    size: int = 0
    compress_size: int = 0
    error: str = ""  # refused before checking (too large, zip bomb, unsafe name …)
    status: str = "error"  # the stored status when refused: error, or unchecked (nested zip)
    note: str = ""  # e.g. "符号链接" — said in the batch summary

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.member or self.path or self.name).suffix.lower()


def _unsafe(member: str) -> bool:
    p = PurePosixPath(member.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(member) > 1 and member[1] == ":")


def _from_zip(archive: Path) -> list[Item]:
    try:
        zf = zipfile.ZipFile(archive)
    except Exception as e:  # any damage to the directory: the archive is unreadable input
        return [Item(name=str(archive), path=str(archive), error=f"无法打开压缩包：{e}")]
    items: list[Item] = []
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_ENTRIES:
            return [
                Item(
                    name=str(archive),
                    path=str(archive),
                    error=f"压缩包条目过多（{len(infos)} 个，上限 {MAX_ZIP_ENTRIES}），已拒绝",
                )
            ]
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
            if suffix == ".zip":
                items.append(
                    Item(
                        name=name,
                        status="unchecked",
                        error="压缩包内又有压缩包，未展开检查；请先解压后再检查",
                    )
                )
                continue
            if suffix not in SUFFIXES:
                continue
            if _unsafe(info.filename):
                items.append(Item(name=name, error="压缩包内路径不安全（绝对路径或含 ..），已拒绝"))
            elif info.file_size > MAX_FILE_BYTES:
                items.append(Item(name=name, size=info.file_size, error=TOO_LARGE))
            elif (
                info.compress_size
                and info.file_size / info.compress_size > MAX_ZIP_RATIO
                and info.file_size > RATIO_FLOOR
            ):
                items.append(Item(name=name, size=info.file_size, error=BOMB_RATIO))
            else:
                items.append(
                    Item(
                        name=name,
                        archive=str(archive),
                        member=info.filename,
                        size=info.file_size,
                        compress_size=info.compress_size,
                    )
                )
    return items


def _from_file(p: Path, note: str = "") -> list[Item]:
    try:
        st = p.stat()
    except OSError as e:
        return [Item(name=str(p), path=str(p), error=f"无法读取文件：{e.strerror or e}")]
    if not stat.S_ISREG(st.st_mode):
        return [Item(name=str(p), path=str(p), error="不是普通文件（管道、设备等），未读取")]
    if p.suffix.lower() == ".zip":
        return _from_zip(p)
    if st.st_size > MAX_FILE_BYTES:
        return [Item(name=str(p), path=str(p), size=st.st_size, error=TOO_LARGE)]
    return [Item(name=str(p), path=str(p), size=st.st_size, note=note)]


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


def _walk(root: Path) -> list[Item]:
    """Files under ``root``; directory links are not followed (no loops, no escape)."""
    items: list[Item] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for fn in sorted(filenames):
            f = Path(dirpath) / fn
            if f.suffix.lower() not in SUFFIXES and f.suffix.lower() != ".zip":
                continue
            if f.is_symlink():
                try:
                    target = f.resolve(strict=True)
                except (OSError, RuntimeError):
                    items.append(
                        Item(name=str(f), path=str(f), error="符号链接无效（目标不存在或循环），未读取")
                    )
                    continue
                if not _inside(target, real_root):
                    items.append(Item(name=str(f), path=str(f), error="符号链接指向所给目录之外，未读取"))
                    continue
                items.extend(_from_file(f, note="符号链接"))
            else:
                items.extend(_from_file(f))
    return items


def discover(paths: list[str | Path]) -> list[Item]:
    """Every supported report under the given files/directories (recursively), zip entries included."""
    items: list[Item] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            items.extend(_walk(p))
        elif p.exists() or p.is_symlink():
            items.extend(_from_file(p))  # named by the user: a link is followed, if to a regular file
        else:
            items.append(Item(name=str(p), path=str(p), error=f"文件不存在：{p}"))
    return items
