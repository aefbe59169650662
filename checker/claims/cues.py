"""The words that say what a narrative number is: cues read at the end of the text
before it (whitespace removed), and the phrases that scope or void a statement."""

from __future__ import annotations

import re

# Cues at the end of the words before a number.
CHANGE_WORD = re.compile(r"(增加|减少|增减|下降|降低|增长|上升|减少了|增加了)$")
VS_BUDGET = re.compile(r"比(?:年初|全年|调整后?)?预算数?(?:增加|减少|增减|下降|降低|增长|上升)$")
# 与年初预算相比，决算数增加 …: a change against the budget, not against last year.
VS_BUDGET_LEAD = re.compile(r"(?:与|较|比)(?:年初|全年|调整后?)?预算数?相比")
FUND = re.compile(r"涉及(?:资金|金额)(?:共|合计|总额)?(?:为)?$")
FUND_OTHER = re.compile(r"涉及[^，,；;。]{0,14}(?:支出|资金|金额)$")
BUDGET = re.compile(r"(?:年初预算|全年预算数?|调整后?预算数?|预算数|预算)(?:数)?(?:为|是)?$")
# 上年支出 X 万元 / 2023 年度为 X 万元 / 比上年的 X 万元: a prior-year figure.
PRIOR = re.compile(
    r"(?:上年度?|上一年度?|去年|(?P<year>(?:19|20)\d\d)年度?)(?:同期)?的?"
    r"(?:当年|全年)?(?:预算)?(?:决算数?|预算数?|支出|收入|执行数|安排)?(?:数)?(?:为|是)?$"
)
FINAL = re.compile(r"(?:决算数|决算|执行数|实际支出|实际执行数?)(?:为|是)?$")
CHANGE_PCT = re.compile(r"(增长|下降|降低|减少|增加|上升|提高|降幅|增幅|下滑|减幅)(?:了|为|达)?$")
RATE = re.compile(
    r"(?:完成(?:了)?(?:年初|全年|年度|调整后?)?预算(?:数)?的?|(?:预算)?执行率(?:为|是|达到?)?|完成率(?:为|是)?)$"
)
RESIDUE = re.compile(
    r"增加\s*[（(]\s*减少\s*[)）]|增长\s*[（(]\s*下降\s*[)）]|增加\s*/\s*减少|增长\s*/\s*下降"
)
DIRECTION = re.compile(r"(?:决?算|执行)数?\s*(大于|小于|等于|高于|低于|超过)\s*(?:年初|全年)?预算")
COMPARE_LEAD = re.compile(r"^\s*(?:与|比|较|同比)")
# A total followed by its parts: `X 万元，其中：…`. 主要包括 lists may be partial (the big
# items only), so they open a statement for shares but never a stated sum.
PARTS_LEAD = re.compile(r"\s*[，,]?\s*(?:其中|主要包[括含]|具体包括)\s*[:：]?")
SUM_LEAD = re.compile(r"\s*[，,]?\s*(?:其中|具体包括)\s*[:：]?")
BOTH_SIDES = re.compile(r"收\s*[、，]?\s*支|收入\s*[、和及]\s*支出")
THRESHOLD = re.compile(r"\s*(?:[（(]含[)）])?\s*(?:以上|以下|及以上|及以下)")
FUND_SCOPE = re.compile(r"(政府性基金|国有资本经营)预算")
FUND_SCOPED = {
    "本年收入",
    "本年支出",
    "年初结转和结余",
    "年末结转和结余",
    "本年收入合计",
    "本年支出合计",
    "收入总计",
    "支出总计",
    "基本支出",
    "项目支出",
}
CLASS_LINE = re.compile(
    r"^(?:\d{1,2}[.、．]|[(（][一二三四五六七八九十\d]{1,3}[)）])?[^\d，,。；;：:]{2,30}[（(]类[)）][。.]?$"
)
OUTCOME = re.compile(r"决算|执行数|实际支出|执行率|完成(?:年初|全年|年度)?预算")
PERF_TEXT = re.compile(r"自评|绩效评价|绩效目标")
