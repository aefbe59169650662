"""Report kind (决算 / 预算) comes from the title area, not from words anywhere."""

from pathlib import Path

from checker.ingest import load
from checker.ingest.text import guess_kind

SEEDS = Path(__file__).resolve().parents[1] / "fixtures/seeds"


def test_seed_kinds_match_their_titles():
    # Titles: 000/001/003 …年度部门(单位)决算; 002/004 …年部门预算 (whose duty lists mention 预决算).
    kinds = {p.name[:3]: load(p).kind for p in sorted(SEEDS.glob("*.txt"))}
    assert kinds == {"000": "final", "001": "final", "002": "budget", "003": "final", "004": "budget"}


def test_body_words_do_not_decide():
    text = "某某局\n2024 年部门预算\n\n" + "负责基金预决算的执行。\n" * 3
    assert guess_kind(text) == "budget"
    assert guess_kind("没有标题的文字\n") == "unknown"
