"""The extractor never fails on odd text: random sentences built from the narrative's own
words, numbers and punctuation give claims with exact spans, or none — never an exception."""

from __future__ import annotations

import random

from checker.claims.rules import extract
from checker.document import Block, Document

WORDS = [
    "年初预算为",
    "支出决算为",
    "完成年初预算的",
    "比上年",
    "增加",
    "减少",
    "增长",
    "下降",
    "降幅",
    "占",
    "本年支出合计的",
    "其中",
    "主要包括",
    "万元",
    "元",
    "%",
    "个",
    "项目",
    "一级项目",
    "（类）",
    "(款)",
    "（项）",
    "XX",
    "决算数大于预算数",
    "小于",
    "与上年持平",
    "2023 年度",
    "2024年",
    "上年",
    "增加（减少）",
    "增长（下降）",
    "社会保障和就业支出",
    "“三公”经费",
    "公务接待费",
    "涉及资金",
    "绩效自评情况",
    "得分",
    "分",
    "辆",
    "人次",
    "〔2022〕",
    "号",
    "中，",
    "所占比重为",
    "个百分点",
    "-",
    "－",
    ",",
    ".",
]
PUNCT = ["，", "；", "。", "：", "、", " ", ""]


def _sentence(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 14)):
        r = rng.random()
        if r < 0.35:
            out.append(
                rng.choice(["0", "1", "12", "2024", "5.1", "73.11", "1,234.56", "100", "96.2", "0.09"])
            )
        elif r < 0.85:
            out.append(rng.choice(WORDS))
        else:
            out.append(rng.choice(PUNCT))
    return "".join(out)


def test_random_sentences_never_break_the_extractor():
    rng = random.Random(20241123)
    for _ in range(300):
        paras = ["".join(_sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 3))]
        blocks = [Block(kind="heading", text="第三部分 2024 年度部门决算情况说明", line=1)]
        blocks += [
            Block(
                kind="heading",
                text=rng.choice(["一、收入决算情况说明", "（二）绩效评价", "1.社会保障和就业支出（类）"]),
                line=2,
            )
        ]
        blocks += [Block(kind="paragraph", text=t, line=3 + k) for k, t in enumerate(paras)]
        ex = extract(Document(source="fuzz", kind=rng.choice(["final", "budget", "unknown"]), blocks=blocks))
        for c in ex.claims:
            assert c.sentence[c.span.start : c.span.end] == c.value_text
            assert c.line is not None
        assert ex.numbers_total >= len(ex.uncovered)
        assert all(u.reason for u in ex.uncovered)


def test_documents_without_a_narrative_give_an_empty_extraction():
    assert extract(Document(source="empty")).claims == []
    doc = Document(
        source="t",
        blocks=[Block(kind="table", text="合计 1", rows=[]), Block(kind="paragraph", text="5 万元")],
    )
    ex = extract(doc)
    assert (ex.claims, ex.numbers_total, ex.sentences) == ([], 0, [])
