"""Numbers in a narrative sentence: where each sits, its unit, and what a number that
is not a figure of the tables is (year, date, ordinal, head count, score …).

Every number the narrative writes passes through here, so coverage can say for each
one either which claim it belongs to or why it is no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A sign is part of the number only right after a word (增长-3.8%), never between digits (11-12 月).
NUMBER = re.compile(r"(?<![\d.,A-Za-z])(?:(?<=[增长下降减少增加为率幅])[-－])?\d[\d,]*(?:\.\d+)?(?![\d])")
UNIT = re.compile(
    r"\s*(万元|亿元|万(?![人户平次辆台套件个名家元])|元|%|％|个|项|人次|人|辆|台|套|平方米|平米|公里|千米|米|层|批次|批|次|家|户|名|件|笔|分|年|月|日|号|天|小时|倍|份|场|期|条|度|吨|亩)"
)
# Clause boundaries for the words that govern a number.
CLAUSE_STOP = "，,；;：:。！？!?"

# Reasons a number is not a claim (Chinese, shown in coverage).
R_YEAR = "年份/日期"
R_ORDINAL = "序号"
R_NONMONEY = "人数/人次/辆/台套/平方米等非金额指标"
R_SCORE = "绩效得分"
R_DOCNO = "文件编号"
R_TEMPLATE = "模板占位"
R_UNKNOWN = "未识别的句式"
R_VS_BUDGET = "与预算数的差额（未核对）"
R_PERF_FUND = "绩效评价涉及的资金规模（无逐项对照）"
R_AMBIGUOUS = "增减方向不明（增加、减少并写）"
R_COUNT = "非项目个数（机构、团组等）"
R_THRESHOLD = "金额标准（如单价 100 万元以上）"
R_POINTS = "百分点变化（未核对）"
R_CODE = "科目编码"
R_ZERO_FUND = "不存在的资金（0 个项目、0 万元）"

NONMONEY_UNITS = {
    "人次",
    "人",
    "辆",
    "台",
    "套",
    "平方米",
    "批次",
    "批",
    "次",
    "家",
    "户",
    "名",
    "件",
    "笔",
    "天",
    "小时",
    "倍",
    "份",
    "场",
    "期",
    "条",
    "平米",
    "公里",
    "千米",
    "米",
    "层",
    "度",
    "吨",
    "亩",
}


@dataclass
class Tok:
    """One number of a sentence."""

    text: str
    start: int
    end: int  # end of the number itself
    unit: str  # 万元 | 元 | % | 个 | 项 | 年 … or ''
    unit_end: int  # end of the unit (== end when none)
    sent: int  # index of the sentence in the narrative
    role: str = ""  # see rules.py
    reason: str = ""  # why no claim (when not covered)
    covered: bool = False
    subject: str = ""
    measure: str = ""
    path: list[str] = field(default_factory=list)
    direction: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_amount(self) -> bool:
        return self.unit in ("万元", "亿元", "元")

    @property
    def is_pct(self) -> bool:
        return self.unit in ("%", "％")


def tokens(text: str, sent: int) -> list[Tok]:
    out: list[Tok] = []
    for m in NUMBER.finditer(text):
        t = m.group()
        if t.endswith(","):
            t = t.rstrip(",")
        end = m.start() + len(t)
        u = UNIT.match(text, end)
        unit, unit_end = (u.group(1), u.end()) if u else ("", end)
        if unit == "万":  # 项目总预算1720.00万: money in 万元 with 元 left out
            unit = "万元"
        out.append(Tok(text=t, start=m.start(), end=end, unit=unit, unit_end=unit_end, sent=sent))
    return out


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Start of the clause holding ``pos``: after the last clause stop before it."""
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_STOP:
        i -= 1
    return i


def squash(t: str) -> str:
    return re.sub(r"\s+", "", t)


def plain_reason(text: str, tok: Tok) -> str:
    """Why a number is no table figure, '' when it may be one."""
    before = squash(text[max(0, tok.start - 12) : tok.start])
    after = text[tok.end : tok.end + 8]
    if tok.unit in ("年", "月", "日"):
        return R_YEAR
    if re.match(r"\s*(?:[-—~至]\s*\d{1,2}\s*)月", after):
        return R_YEAR
    if re.search(r"[A-Za-z][-－]?$", before):
        return R_CODE  # W-07, X101: a plot or model code
    if tok.unit == "号" or re.search(r"〔\d{4}〕$|\[\d{4}\]$", before):
        return R_DOCNO
    if re.fullmatch(r"\d{4}", tok.text) and re.search(r"[〔\[]$", before):
        return R_DOCNO
    if re.fullmatch(r"(?:19|20)\d\d", tok.text) and not tok.unit:
        return R_YEAR  # 2024 城乡困难群体代缴项目: a year opening a name
    if re.fullmatch(r"(?:19|20)\d\d\.\d{1,2}", tok.text) and not tok.unit and re.match(r"\.\d{1,2}", after):
        return R_YEAR  # 2025.1.1-2025.12.31: a date written with dots
    if re.match(r"\s*个?百分点", text[tok.end : tok.end + 6]):
        return R_POINTS
    if (
        not tok.unit
        and re.fullmatch(r"\d{3}|\d{5}|\d{7}", tok.text)
        and re.match(r"\s*[\u4e00-\u9fff]", after)
    ):
        if not re.search(r"[为是占达计约]$", before):
            return R_CODE
    if tok.unit in NONMONEY_UNITS:
        return R_NONMONEY
    if tok.unit == "分" and re.search(
        r"得分|评分|分值|自评", squash(text[max(0, tok.start - 20) : tok.start])
    ):
        return R_SCORE
    # 1. / 1、 / (1) / （一） opening a sentence or clause.
    head = squash(text[clause_start(text, tok.start) : tok.start])
    if head in ("", "(", "（") and re.match(r"[.、．)）](?!\d)", text[tok.end : tok.end + 1] + " "):
        if "." not in tok.text and len(tok.text) <= 2:
            return R_ORDINAL
    return ""
