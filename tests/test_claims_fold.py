"""Full-width digits read like ASCII ones; the claims keep the report's own characters."""

from __future__ import annotations

from pathlib import Path

from checker.claims.rules import extract
from checker.ingest.text import parse_text
from checker.pipeline import CheckOptions, check_document

HEAD = "某局2024年度部门决算\n\n第三部分 2024 年度部门决算情况说明\n\n五、一般公共预算财政拨款支出决算情况说明\n\n"
BODY = "2024 年度一般公共预算财政拨款支出年初预算为 5491.58 万元，支出决算为 5320.16 万元，完成年初预算的 96.8%。"
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def test_full_width_digits_give_the_same_claims_with_verbatim_values():
    ascii_claims = extract(parse_text(HEAD + BODY)).claims
    wide_body = BODY.translate(WIDE)
    wide_claims = extract(parse_text(HEAD + wide_body)).claims
    assert [(c.kind, c.value_text.translate(WIDE)) for c in ascii_claims] == [
        (c.kind, c.value_text) for c in wide_claims
    ]
    rate = next(c for c in wide_claims if c.kind == "completion_rate")
    assert rate.value_text == "９６.８" and rate.sentence == wide_body
    assert rate.sentence[rate.span.start : rate.span.end] == rate.value_text
    assert rate.related == {"budget": "5491.58", "final": "5320.16"}  # arithmetic reads ASCII


def test_seed_narrative_in_full_width_digits_gives_the_same_findings():
    text = next((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("000_*.txt")).read_text(
        encoding="utf-8"
    )
    cut = text.index("第三部分 2024 年度部门决算情况说明", 2000)  # the body's heading, not the TOC's
    wide = text[:cut] + text[cut:].translate(WIDE)

    def key(t: str) -> list[tuple[str, str]]:
        return sorted((f.code, f.expected) for f in check_document(parse_text(t), CheckOptions()).findings)

    assert key(wide) == key(text)
