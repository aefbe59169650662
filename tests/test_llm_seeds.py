"""The five seeds with a well-behaved model: ``llm`` and ``hybrid`` find exactly what the
rules find (the model's readings meet the rule claims they repeat), and a re-run from the
cache sends nothing."""

from __future__ import annotations

from pathlib import Path

import instructor  # noqa: F401  (imported at collection: the first test's time is its own)
import pytest
from llm_fake_server import FakeLLM, answer_like_rules

from checker.claims import rules
from checker.ingest import load
from checker.pipeline import CheckOptions, check_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))


@pytest.fixture
def server():
    srv = FakeLLM()
    yield srv
    srv.close()


def keys(report) -> set[tuple]:
    return {(f.code, f.stated, f.expected, f.location.line, f.location.table) for f in report.findings}


@pytest.mark.parametrize("mode", ["llm", "hybrid"])
@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_llm_and_hybrid_match_the_rules_and_rerun_from_cache(server, tmp_path, monkeypatch, seed, mode):
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "sk-test",
        "CHECKER_MODEL": "fake-model",
        "CHECKER_LLM_CACHE": str(tmp_path / "llm.sqlite"),
        "CHECKER_LLM_MAX_ATTEMPTS": "1",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    server.default = answer_like_rules(rules.extract(load(seed)).claims)
    base = check_file(seed, CheckOptions())
    assert any(f.severity == "error" for f in base.findings)
    first = check_file(seed, CheckOptions(extractor=mode))
    assert first.status == "ok", (mode, first.reading)
    assert keys(first) == keys(base), mode
    assert first.exit_code == base.exit_code
    assert [r.claim for r in first.claims] == [r.claim for r in base.claims]
    assert first.llm["claims_disagreeing_rules"] == 0 and first.llm["claims_kept"] == 0
    assert first.coverage.accounted_pct == base.coverage.accounted_pct
    assert first.warnings == base.warnings
    before = len(server.requests)
    again = check_file(seed, CheckOptions(extractor=mode))
    assert len(server.requests) == before  # a cached re-run makes 0 requests
    assert again.llm["requests"] == 0 and again.llm["cache_hits"] == again.llm["batches"]
    assert keys(again) == keys(base)
    if mode == "llm":  # every narrative sentence was read by the model
        assert first.llm["sentences_sent"] == len(rules.extract(load(seed)).sentences)
        # each grounded reading met the rule claim it repeats
        assert first.llm["claims_overlapping_rules"] == first.llm["claims_grounded"] > 0
