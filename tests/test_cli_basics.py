"""The check command's contract: exit codes, JSON fields, clear errors."""

import json
from pathlib import Path

from typer.testing import CliRunner

from checker.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures/seeds/000_154bb92dcb265f1b.txt"
runner = CliRunner()


def test_missing_file_is_exit_2_with_one_clear_line(tmp_path):
    r = runner.invoke(app, ["check", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2
    assert "文件不存在" in r.output
    assert "Traceback" not in r.output


def test_empty_and_binary_files_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    for p, words in ((empty, "文件为空"), (binary, "二进制")):
        r = runner.invoke(app, ["check", str(p)])
        assert r.exit_code == 2, r.output
        assert words in r.output


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "report.rtf"
    p.write_text("x")
    r = runner.invoke(app, ["check", str(p)])
    assert r.exit_code == 2 and "不支持" in r.output


def test_json_report_has_the_contract_fields():
    r = runner.invoke(app, ["check", str(SEED), "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    data = json.loads(r.stdout)
    assert data["status"] == "ok" and data["kind"] == "final"
    assert isinstance(data["findings"], list)
    for key in ("narrative_numbers", "claims_extracted", "claims_verified", "claims_unverified"):
        assert key in data["coverage"]
    for f in data["findings"]:
        for key in ("severity", "kind", "stated", "expected", "excerpt", "message", "location"):
            assert key in f
        assert f["severity"] in ("error", "warning", "info")
    # exit code follows the findings
    has_error = any(f["severity"] == "error" for f in data["findings"])
    assert r.exit_code == (1 if has_error else 0)


def test_unknown_rule_code():
    r = runner.invoke(app, ["rule", "Z999"])
    assert r.exit_code == 2 and "没有代码为 Z999 的规则" in r.output


def test_llm_extractor_unavailable_is_a_clear_error_and_hybrid_falls_back():
    r = runner.invoke(app, ["check", str(SEED), "--extractor", "llm"])
    assert r.exit_code == 2 and "LLM" in r.output and "Traceback" not in r.output
    rules = runner.invoke(app, ["check", str(SEED), "--format", "json"])
    hybrid = runner.invoke(app, ["check", str(SEED), "--format", "json", "--extractor", "hybrid"])
    assert hybrid.exit_code == rules.exit_code
    assert json.loads(hybrid.stdout)["findings"] == json.loads(rules.stdout)["findings"]
    assert "仅使用规则提取结果" in hybrid.stderr
