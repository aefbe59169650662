"""Text ingestion of every seed layout, pinned by hand from the seed texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from checker.document import Document
from checker.ingest import load
from checker.ingest.spaced import tokenize_row
from checker.ingest.text import parse_text

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@cache
def seed(prefix: str) -> Document:
    return load(next(SEEDS.glob(f"{prefix}_*.txt")))


def row_texts(block) -> list[list[str]]:
    return [[c.text for c in r] for r in block.rows]


def para_with(doc: Document, needle: str):
    found = [b for b in doc.blocks if b.kind == "paragraph" and needle in b.text]
    assert found, needle
    return found[0]


@pytest.mark.parametrize(
    ("prefix", "tables"),
    # counted by hand: 000 has 9 公开 tables + 2 绩效自评 grids; 001 9 + 2 self-evaluation
    # forms; 002 12 budget tables; 004 10 tables + 13 绩效目标表; 003 11 + 1 + 4 自评表
    [("000", 11), ("001", 11), ("002", 12), ("003", 16), ("004", 23)],
)
def test_table_count_per_seed(prefix, tables):
    assert len(seed(prefix).tables()) == tables


def test_seed_001_space_separated_rows_are_sparse_cells():
    doc = seed("001")
    t05 = next(b for b in doc.tables() if any(c.text == "17783" for r in b.rows for c in r))
    assert t05.sparse
    assert ["2080599", "其他行政事业单位养老支出", "1783", "17783"] in row_texts(t05)
    assert ["合计", "3799.01", "1443.32", "1168.21", "275.11", "2355.7"] in row_texts(t05)
    # the block's title lines stay paragraphs right before it
    i = doc.blocks.index(t05)
    assert [b.text for b in doc.blocks[i - 3 : i]] == [
        "一般公共预算财政拨款支出决算表",
        "公开 05 表",
        "单位：辽源市社会保险事业管理局 单位：万元",
    ]


def test_seed_001_broken_rows_of_the_basic_detail_table_are_rejoined():
    doc = seed("001")
    t06 = next(b for b in doc.tables() if any(c.text == "30108" for r in b.rows for c in r))
    rows = row_texts(t06)
    # 30108 ⏎ 机关事业单位基本养老保 ⏎ 险缴费 ⏎ 128.06 30206 电费 20.16 31003 专用设备购置
    assert [
        "30108",
        "机关事业单位基本养老保险缴费",
        "128.06",
        "30206",
        "电费",
        "20.16",
        "31003",
        "专用设备购置",
    ] in rows
    # 30113 住房公积金 91.34 30212 ⏎ 因公出国（境） ⏎ 费用 ⏎ 31009 土地补偿
    assert ["30113", "住房公积金", "91.34", "30212", "因公出国（境）费用", "31009", "土地补偿"] in rows
    # the third block's name wraps; the next line starts a new row
    assert [
        "30308",
        "助学金",
        "30228",
        "工会经费",
        "21.83",
        "39908",
        "对民间非营利组织和群众性自治组织补贴",
    ] in rows
    assert ["30309", "奖励金", "30229", "福利费", "43.77", "39909", "经常性赠与"] in rows
    assert ["30299", "其他商品和服务支出", "11.2"] in rows


def test_seed_001_meta_lines_broken_by_the_export_are_rejoined():
    doc = seed("001")
    texts = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert "公开 02 表" in texts
    assert "单位：万元" in texts
    assert "公开 03 表" in texts


def test_seed_001_self_evaluation_form_rows():
    doc = seed("001")
    forms = [b for b in doc.tables() if b.rows and b.rows[0][0].text == "项目名称"]
    assert len(forms) == 2
    assert row_texts(forms[1])[1] == ["企业养老保险考核奖补资金"]
    # 当年财政拨款 ⏎ 14.71 14.71 14.71 100% is one row
    assert ["当年财政拨款", "14.71", "14.71", "14.71", "100%"] in row_texts(forms[1])


def test_tab_tables_keep_empty_cells_and_remove_cjk_spaces():
    t05 = next(
        b
        for b in seed("000").tables()
        if any(c.text == "5,320.16" for r in b.rows for c in r)
        and b.rows[0][0].text == "项目"
        and len(b.rows) == 25
    )
    total = next(r for r in row_texts(t05) if r[0] == "合计")
    assert total == ["合计", "", "5,320.16", "5,320.16", "1,103.90", "279.49", "3,936.77"]
    cells = {c.text for b in seed("004").tables() for r in b.rows for c in r}
    assert "三、社会保障和就业支出" in cells
    assert not any("社会保 障" in c for c in cells)


def test_paragraphs_broken_mid_sentence_are_rejoined_with_line_map():
    p = para_with(seed("000"), "项目支出 3936.77 万元")
    assert p.line == 409 and p.end_line == 411
    p = para_with(seed("001"), "支出决算为 52.1 万元")
    assert p.text.startswith("5.社会保障和就业支出（类）其他社会保障和就业支出（款）")
    off = p.text.index("52.1")
    # seed line 1243: 支出决算为 52.1 万元，完成年初预算的 100%。决算数大于
    assert p.line_at(off) == 1243
    p = para_with(seed("001"), "占96.2；")  # 占 ⏎ 96.2；卫生健康支出 … is one sentence
    assert "住房保障支出91.34 万元，占 2.4%。" in p.text


def test_toc_lines_are_not_headings():
    for prefix in ("000", "001", "002", "003", "004"):
        heads = [b.text for b in seed(prefix).headings()]
        assert heads.count("目录") == 1
        # 一、收入支出决算总体情况说明 etc. occur once as body headings, never from the TOC
        assert len(heads) == len(set(heads)) or prefix == "003"
    heads = [b.text for b in seed("001").headings()]
    assert "第三部分 2024 年度单位决算情况说明" not in heads  # TOC only in this seed
    assert heads.index("五、一般公共预算财政拨款支出决算情况说明") < heads.index(
        "（二）一般公共预算财政拨款支出决算结构情况"
    )


def test_narrative_headings_of_seed_000_in_order():
    heads = [b.text for b in seed("000").headings()]
    i = heads.index("五、一般公共预算财政拨款支出决算情况说明")
    assert heads[i + 1 : i + 4] == [
        "（一）一般公共预算财政拨款支出决算总体情况",
        "（二）一般公共预算财政拨款支出决算结构情况",
        "（三）一般公共预算财政拨款支出决算具体情况",
    ]


def test_page_markers_are_dropped():
    for prefix in ("000", "001"):
        assert not any(b.text.strip().startswith("—") for b in seed(prefix).blocks)


def test_glossary_entries_are_paragraphs_not_headings():
    heads = [b.text for b in seed("001").headings()]
    assert not any("：指" in h for h in heads)


def test_tokenize_row_keeps_numbers_apart_and_joins_text():
    assert tokenize_row("9 九、卫生健康支出 39 52.04") == ["9", "九、卫生健康支出", "39", "52.04"]
    assert tokenize_row("规范使用 规范使用") == ["规范使用", "规范使用"]
    assert tokenize_row("项 目 1,103.90") == ["项目", "1,103.90"]


def test_short_cover_lines_are_not_joined():
    doc = parse_text("2024 年度\n\n某某局\n\n部门决算\n\n第一部分 部门概况\n")
    assert [b.text for b in doc.blocks][:3] == ["2024 年度", "某某局", "部门决算"]


def test_gbk_text_decodes(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("第一部分 部门概况\n本年收入合计 10 万元。\n".encode("gbk"))
    assert para_with(load(p), "本年收入合计").text == "本年收入合计 10 万元。"


def _as_pipe_tables(text: str) -> str:
    """The same report with every tab-separated table written as a Markdown pipe table."""
    out: list[str] = []
    in_table = False
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
        else:
            in_table = in_table and not line.strip() == "" and False
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_markdown_pipe_tables_read_like_tab_tables(prefix):
    from checker.pipeline import CheckOptions, check_document

    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    tab, pipe = parse_text(text), parse_text(_as_pipe_tables(text))
    assert [row_texts(b) for b in pipe.tables()] == [row_texts(b) for b in tab.tables()]

    def key(doc):
        return sorted(
            (f.code, f.kind, f.stated, f.expected) for f in check_document(doc, CheckOptions()).findings
        )

    assert key(pipe) == key(tab)
