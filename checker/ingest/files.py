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
    except Exception:  # any damage (bad directory, unknown zip version …): the reader says "damaged"
        return
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


# ----------------------------------------------------------------------------- text encodings

BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Words every budget/final-accounts report writes, simplified and traditional: the right
# decoding of Chinese bytes shows them, a wrong one (Big5 read as GB18030) shows none.
REPORT_WORDS = (
    "预算 决算 支出 收入 合计 项目 财政 部门 万元 单位 基本 经费 年度 情况 说明 增加 减少 政府 拨款 公共 "
    "預算 決算 合計 項目 財政 部門 萬元 單位 經費 情況 說明 減少 撥款"
).split()


def _bom(data: bytes) -> str | None:
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with ASCII in it (markup, digits, line ends) shows NULs at every other byte
    only: the high byte of each ASCII character."""
    head = data[:4096]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _common(ch: str) -> bool:
    """A frequent character: GB2312 level 1 (3,755 simplified) or Big5 常用字 (5,401)."""
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


def plausibility(text: str) -> float:
    """How much a decoding looks like Chinese prose: report words, then frequent characters."""
    sample = text[:20000]
    cjk = [ch for ch in sample if _cjk(ch)]
    if not cjk:
        return 0.0
    words = sum(sample.count(w) for w in REPORT_WORDS)
    common = sum(_common(ch) for ch in cjk[:3000]) / min(len(cjk), 3000)
    return words + common


def garbled(text: str) -> bool:
    """Mostly non-ASCII, and neither report words nor frequent characters: mojibake."""
    sample = text[:20000]
    other = [ch for ch in sample if ord(ch) > 0x7F and not ch.isspace()]
    if len(other) < 20:
        return False
    cjk = [ch for ch in other if _cjk(ch)]
    if any(w in sample for w in REPORT_WORDS):
        return False
    if len(cjk) < 0.5 * len(other):
        return True  # symbols, kana, PUA, Latin-1 accents … instead of Chinese
    return plausibility(sample) < 0.6


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Bytes of a text or HTML report → str. A BOM decides; then a declared charset (HTML),
    UTF-8, and GB18030 vs Big5 by which reads as Chinese. Garbage is refused."""
    if not data.strip():
        raise IngestError(f"文件为空：{source}")
    enc = _bom(data)
    if enc is None and b"\x00" in data[:4096]:
        enc = _utf16_without_bom(data)
        binary = IngestError(f"不是文本文件（含二进制内容）：{source}")
        if enc is None:
            raise binary
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise binary from None
        controls = sum(1 for ch in text[:4096] if ord(ch) < 0x20 and ch not in "\t\r\n\f")
        if controls or garbled(text):
            raise binary
    if enc is not None:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise IngestError(f"文件内容不是有效的 {enc.upper()} 文本，无法读取：{source}") from None
        text = text.removeprefix("\ufeff")
        if garbled(text) or "\x00" in text:
            raise IngestError(f"文件解码后是乱码（{enc.upper()}），无法检查：{source}")
        return text
    candidates: list[str] = []
    if declared and not declared.lower().replace("_", "-").startswith(("utf-16", "utf-32", "ucs")):
        # a page declaring UTF-16 whose markup we could read as ASCII is not UTF-16 (browsers agree)
        candidates.append(declared)
    decoded = []
    for enc in (*candidates, "utf-8"):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if not garbled(text):
            return text
        decoded.append(text)
    for enc in ("gb18030", "big5hkscs"):
        try:
            decoded.append(data.decode(enc))
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise IngestError(f"无法识别文件编码（已尝试 UTF-8、GB18030、Big5）：{source}")
    best = max(decoded, key=plausibility)
    if garbled(best):
        raise IngestError(f"文件解码后是乱码（已尝试 UTF-8、GB18030、Big5），无法检查：{source}")
    return best
