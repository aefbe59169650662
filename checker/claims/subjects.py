"""What a figure is about: (类)(款)(项) paths, the subject words before it, the base of a
share, and the project a performance sentence speaks of."""

from __future__ import annotations

import re

_LEVEL = {"类": 0, "款": 1, "项": 2}
# A name followed by its level mark: 社会保障和就业支出（类）, 住房公积金(项).
PATH_SEG = re.compile(r"([^（()）\d，,。；;：:、]+?)\s*[（(]\s*(类|款|项)\s*[)）]")
PLACEHOLDER = re.compile(r"(?:XX|ＸＸ|xx|××|某某)\s*[（(]\s*类\s*[)）]")
_ORDINAL = re.compile(r"^\s*(?:[(（]?\d{1,2}[)）.、．]|[(（]?[一二三四五六七八九十]+[)）、.．])\s*")
_YEAR_PHRASE = re.compile(
    r"^.*?(?:19|20)\d\d\s*年(?:度)?(?:[末底初]|\s*\d{1,2}\s*月(?:[末底初]|\s*\d{1,2}\s*日)?)?"
)
_LEAD = re.compile(
    r"^(?:其中[：:]?|主要用于以下方面[：:]?|主要包[括含][：:]?|具体(?:情况)?(?:如下)?[：:]?|"
    r"与上年相比|与\s*(?:19|20)\d\d\s*年度?相比|比上年|较上年|同比|本部门|本单位|我部门|我单位|共|合计)+"
)
_TAIL = re.compile(r"(?:为|是|达到?|共计|约|均|各)+$")


# “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目: a path written with dashes.
DASH_PATH = re.compile(r"[“\"]([^”\"\-－—–]{2,40}(?:[-－—–][^”\"\-－—–]{2,40}){1,2})[”\"]")


def path_segments(text: str) -> list[tuple[str, int]]:
    """(name, level 0/1/2) of each (类)/(款)/(项) segment in ``text``, in order; a quoted
    name of two or three parts joined by dashes is a 类-款(-项) path too."""
    if not PATH_SEG.search(text) and (m := DASH_PATH.search(text)):
        parts = [p.strip() for p in re.split(r"[-－—–]", m.group(1))]
        return [(p, i) for i, p in enumerate(parts) if p]
    out = []
    for m in PATH_SEG.finditer(text):
        name = _ORDINAL.sub("", m.group(1).lstrip(" 　.．、")).strip()
        name = re.sub(r"^(?:其中|具体为|分别为)[：:]?", "", name).strip()
        name = re.sub(r"支出年$", "支出", name)  # 卫生健康支出年（类）: a stray 年
        if name:
            out.append((name, _LEVEL[m.group(2)]))
    return out


def path_of(text: str, outer: list[str] | None = None) -> list[str]:
    """The path the segments of ``text`` spell, outer→inner; a path starting at (款)
    borrows its (类) from ``outer`` (a heading such as `1. 社会保障和就业支出（类）`)."""
    segs = path_segments(text)
    if not segs:
        return []
    # Keep the last run of strictly increasing levels (a sentence names one row).
    run: list[tuple[str, int]] = []
    for name, lvl in segs:
        if run and lvl <= run[-1][1]:
            run = []
        run.append((name, lvl))
    names = [n for n, _ in run]
    if run[0][1] > 0 and outer:
        names = outer[: run[0][1]] + names if len(outer) >= run[0][1] else names
    return names


def strip_path(text: str) -> str:
    return DASH_PATH.sub("", PATH_SEG.sub("", text))


def clean_subject(raw: str) -> str:
    """The words naming a figure: no year phrase, ordinal, 其中, comparison lead or 为."""
    t = raw.strip()
    t = _YEAR_PHRASE.sub("", t) if re.search(r"(?:19|20)\d\d\s*年", t) else t
    t = t.strip(" 　，,、：:；;")
    t = re.sub(r"^(?:和|及|与|以及)(?=.{2})", "", t)
    for _ in range(3):
        t2 = _ORDINAL.sub("", t)
        t2 = _LEAD.sub("", t2).strip(" 　，,、：:")
        if t2 == t:
            break
        t = t2
    t = _TAIL.sub("", t).strip(" 　，,、：:")
    return t


def share_base(between: str) -> str:
    """`占本年支出合计的` → 本年支出合计; `占总支出` → 总支出; `占` → ''."""
    t = re.sub(r"\s+", "", between)
    t = t.removeprefix("占")
    t = re.sub(r"(?:的)?(?:比重|比例|比)?(?:为|是|达)?$", "", t)
    t = t.removesuffix("的")
    return t


_PROJECT = re.compile(r"([^：:。；;，,]{2,60}?)(?:项目)?(?:绩效)?(?:自评情况|自述)")


_LEAD_NAME = re.compile(r"^\s*\d{1,2}\s*[、.．]\s*([^。：:，,；;\d]{2,40}?)(?:项目)?[。：:]")


def project_name(context: str, paragraph: str = "") -> str:
    """The name opening ``paragraph`` (`2、特殊群体代缴。根据…`: nearest, so it wins), else
    the project named last in ``context`` (`…：2024 城乡困难群体代缴项目项目绩效自评情况`)."""
    if m := _LEAD_NAME.match(paragraph):
        return re.sub(r"(?:项目)?(?:绩效)?(?:自述|自评情况|自评|情况)$", "", m.group(1).strip())
    found = ""
    for m in _PROJECT.finditer(context):
        name = _ORDINAL.sub("", m.group(1)).strip(" 　“”\"'、")
        name = re.sub(r"^(?:按照如下格式说明|如下)", "", name).strip(" 　“”\"'：:")
        name = re.sub(r"(?:项目)+$", "", name).strip(" 　“”\"'")
        if name and not re.search(r"^(?:项目|部门|单位|绩效)$", name):
            found = name
    return found


_CMP_HEAD = re.compile(r"^(?:比|较|与)\s*(?:上年|(?:19|20)\d\d\s*年度?)(?:度)?(?:相比)?")
_CMP_TAIL = re.compile(r"(?:比|较|与)\s*(?:上年|(?:19|20)\d\d\s*年).*$")


def change_subject(pre: str) -> str:
    """The subject of `比上年收入、支出总计各减少` (收入、支出总计) or of
    `本年预算比 2023 年当年预算减少` (本年预算); '' when only the comparison is written."""
    t = re.sub(r"\s+", "", pre)
    t = _CMP_HEAD.sub("", t)
    t = _CMP_TAIL.sub("", t)
    t = clean_subject(t)
    if re.fullmatch(r"(?:本年|当年|上年)?预算数?|支出决算数?|决算数?", t):
        return ""
    return t
