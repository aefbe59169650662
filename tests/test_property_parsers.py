"""Property tests: the number parser, table parser and text ingester never let an exception
escape on arbitrary input (a CheckerError with a message is an allowed, clear outcome)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.document import Block, Cell, CheckerError, Document
from checker.ingest.text import parse_text
from checker.numbers import parse_number
from checker.tables.parse import parse_tables

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters reports are made of, so random input reaches the interesting branches.
ALPHABET = st.sampled_from(
    [*list("0123456789.,-%（）() \t|万元合计支出收入类款项2010年一、表—１２．％\n"), "\x00", "\ufeff"]
)
report_text = st.text(alphabet=ALPHABET, max_size=400) | st.text(max_size=200)


@FAST
@given(st.text(max_size=40) | st.text(alphabet=ALPHABET, max_size=20))
def test_parse_number_total(text):
    n = parse_number(text)
    assert n is None or hasattr(n, "value")


@FAST
@given(report_text)
def test_parse_text_never_crashes(text):
    try:
        doc = parse_text(text)
    except CheckerError:
        return
    assert isinstance(doc, Document)


cell_text = st.text(alphabet=ALPHABET, max_size=12) | st.sampled_from(
    ["合计", "210", "21001", "基本支出", "项目", ""]
)
grid = st.lists(st.lists(cell_text, min_size=0, max_size=8), min_size=0, max_size=12)


@FAST
@given(st.lists(st.tuples(st.text(alphabet=ALPHABET, max_size=30), grid), max_size=3))
def test_parse_tables_over_random_grids(tables):
    blocks = []
    line = 1
    for title, rows in tables:
        blocks.append(Block(kind="heading", text=title, line=line))
        blocks.append(
            Block(
                kind="table",
                line=line + 1,
                rows=[[Cell(text=c, line=line + 1 + i) for c in r] for i, r in enumerate(rows)],
            )
        )
        line += len(rows) + 2
    try:
        parse_tables(Document(source="<prop>", blocks=blocks))
    except CheckerError:
        pass
