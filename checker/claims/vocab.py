"""The measure vocabulary of ``Claim.measure``: canonical names the resolver binds.

A measure is the name of a quantity as the national table set prints it, so the
resolver can look it up as a row label (本年收入合计, 人员经费合计 …), as a column of a
total row (基本支出, 项目支出 …), or as a column of the 三公 / 绩效 tables.

Measures (the text's wording on the left is normalised to the name on the right):

* totals: ``收入总计``, ``支出总计``, ``本年收入合计``, ``本年支出合计``,
  ``年初结转和结余``, ``年末结转和结余``, ``本年收入``, ``本年支出``, ``上年结转``;
* income lines: ``财政拨款收入``, ``一般公共预算拨款收入``, ``上级补助收入``,
  ``事业收入``, ``经营收入``, ``附属单位上缴收入``, ``其他收入``;
* expense lines: ``基本支出``, ``项目支出``, ``上缴上级支出``, ``经营支出``,
  ``对附属单位补助支出``, ``人员经费``, ``公用经费``,
  ``一般公共预算财政拨款支出``;
* 三公: ``三公经费`` (the whole), ``因公出国（境）费``, ``公务用车购置及运行费``,
  ``公务用车购置费``, ``公务用车运行维护费``, ``公务接待费``;
* other tables: ``机关运行经费``, ``政府采购支出总额``, ``政府采购货物支出``,
  ``政府采购工程支出``, ``政府采购服务支出``;
* performance (绩效自评表 of the project named in ``Claim.subject``):
  ``全年预算数``, ``执行数``, ``执行率``.

An empty measure means the subject is not one of these (a (类)(款)(项) ``path`` or the
plain ``subject`` then carries the meaning).
"""

from __future__ import annotations

import re

# Order matters: the first pattern found in the squashed subject wins (specific first).
_MEASURES: tuple[tuple[str, str], ...] = (
    (r"三公", "三公经费"),
    (r"因公出国", "因公出国（境）费"),
    (r"公务用车购置及运行", "公务用车购置及运行费"),
    (r"公务用车运行", "公务用车运行维护费"),
    (r"公务用车购置", "公务用车购置费"),
    (r"^(?:其他国内|国内|外事)", ""),  # sub-items of 公务接待 without their own column
    (r"公务接待", "公务接待费"),
    (r"机关运行", "机关运行经费"),
    (r"政府采购货物", "政府采购货物支出"),
    (r"政府采购工程", "政府采购工程支出"),
    (r"政府采购服务", "政府采购服务支出"),
    (r"政府采购(?:支出|预算)?总额", "政府采购支出总额"),
    (r"收入总计$", "收入总计"),
    (r"支出总计$", "支出总计"),
    (r"^本年收入合计$", "本年收入合计"),
    (r"^本年支出合计$", "本年支出合计"),
    (r"年初结转和?结余$", "年初结转和结余"),
    (r"年[末未]结转和?结余$", "年末结转和结余"),
    (r"^(?:预算)?总收入$|^收入预算$", "收入总计"),
    (r"^(?:预算)?总支出$|^支出预算$", "支出总计"),
    (r"^(?:本年|当年)收入$", "本年收入"),
    (r"^(?:本年|当年)支出$", "本年支出"),
    (r"^上年结转(?:结余)?$", "上年结转"),
    (r"^(?:财政拨款收入)$", "财政拨款收入"),
    (r"^一般公共预算(?:财政)?拨款收入$", "一般公共预算拨款收入"),
    (r"^上级补助收入$", "上级补助收入"),
    (r"^事业收入$", "事业收入"),
    (r"^(?:事业单位)?经营收入$", "经营收入"),
    (r"^附属单位上缴收入$", "附属单位上缴收入"),
    (r"^其他收入$", "其他收入"),
    (r"^(?:一般公共预算(?:财政拨款)?)?基本支出$", "基本支出"),
    (r"^(?:一般公共预算(?:财政拨款)?)?项目支出$", "项目支出"),
    (r"^上缴上级支出$", "上缴上级支出"),
    (r"^(?:事业单位)?经营支出$", "经营支出"),
    (r"^对附属单位补助支出$", "对附属单位补助支出"),
    (r"^人员经费$", "人员经费"),
    (r"^公用经费$", "公用经费"),
    (r"^一般公共预算(?:财政)?拨款支出$", "一般公共预算财政拨款支出"),
)
_COMPILED = tuple((re.compile(p), m) for p, m in _MEASURES)

PERF_BUDGET = "全年预算数"
PERF_EXECUTED = "执行数"
PERF_RATE = "执行率"
MEASURES: frozenset[str] = frozenset(m for _, m in _MEASURES if m) | {PERF_BUDGET, PERF_EXECUTED, PERF_RATE}

_QUOTES = re.compile(r"[\s\"“”‘’'《》]")


def measure_of(subject: str) -> str:
    """The canonical measure a subject names, or '' when it names none of them."""
    s = _QUOTES.sub("", subject)
    if not s or re.search(r"政府性基金|国有资本经营", s):
        return ""  # that fund's own totals: not the department's measures
    for pat, measure in _COMPILED:
        if pat.search(s):
            return measure
    return ""
