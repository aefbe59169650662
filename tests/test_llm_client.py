"""The LLM client over real HTTP: the openai SDK and instructor against a fake endpoint.

Retries (429, 5xx, timeouts), re-asks on answers that do not fit the schema, and the
one-line Chinese errors for what cannot be retried (unknown model, refused connection).
"""

from __future__ import annotations

import time

import pytest
from llm_fake_server import FakeLLM, closed_port, raw, recorded, reply, slow, status

from checker.document import CheckerError
from checker.llm.client import Client, SchemaError
from checker.llm.errors import LLMError
from checker.llm.prompt import Item, messages
from checker.llm.settings import LLMSettings

SENTENCE = "公务接待费支出0.20万元，比上年增加0.09万元，增长81.8%。"
KEY = "sk-test-SECRET-0123456789"


@pytest.fixture
def server():
    srv = FakeLLM()
    yield srv
    srv.close()


def settings(srv: FakeLLM | None = None, **kw) -> LLMSettings:
    base = dict(
        base_url=srv.base_url if srv else f"http://127.0.0.1:{closed_port()}/v1",
        api_key=KEY,
        model="fake-model",
        timeout=2.0,
        max_attempts=3,
        backoff=0.01,
        backoff_max=0.05,
        schema_retries=2,
        use_cache=False,
    )
    base.update(kw)
    return LLMSettings(**base)


def ask(s: LLMSettings):
    return Client(s).ask(messages("七、“三公”经费", [Item(index=0, text=SENTENCE)]))


def test_valid_answer_parsed_with_usage(server):
    server.push(reply(recorded("sanshi_claims")))
    ans = ask(settings(server))
    assert [c.value_text for c in ans.claims.claims] == ["0.20", "0.09", "81.8"]
    assert ans.claims.claims[2].related == {"change": "0.09", "current": "0.20"}
    assert ans.prompt_tokens == 100 and ans.completion_tokens == 20
    assert len(server.requests) == 1
    # The key travels only in the Authorization header of the request.
    req = server.requests[0]
    assert req["headers"]["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(req["body"])


def test_sentences_and_number_offsets_are_sent(server):
    ask(settings(server))
    user = server.requests[0]["body"]["messages"][-1]["content"]
    assert SENTENCE in user
    assert '"text": "81.8", "start": 28, "end": 32' in user  # offsets counted by hand


@pytest.mark.parametrize("code", [429, 500, 503])
def test_transient_status_then_success(server, code):
    server.push(status(code), reply(recorded("sanshi_claims")))
    ans = ask(settings(server))
    assert len(ans.claims.claims) == 3
    assert ans.attempts == 2
    assert len(server.requests) == 2


def test_persistent_500_is_one_clear_error(server):
    server.default = status(500)
    with pytest.raises(LLMError) as e:
        ask(settings(server, max_attempts=3))
    assert len(server.requests) == 3
    msg = str(e.value)
    assert "服务器错误（500）" in msg and "已尝试 3 次" in msg
    assert "\n" not in msg and KEY not in msg
    assert isinstance(e.value, CheckerError)


def test_timeout_retried_then_success(server):
    server.push(slow(1.0, reply({"claims": []})), reply(recorded("sanshi_claims")))
    t0 = time.perf_counter()
    ans = ask(settings(server, timeout=0.3))
    assert len(ans.claims.claims) == 3
    assert time.perf_counter() - t0 < 3


def test_persistent_timeout(server):
    server.default = slow(0.8, reply({"claims": []}))
    with pytest.raises(LLMError, match="响应超时"):
        ask(settings(server, timeout=0.3, max_attempts=2))
    assert len(server.requests) == 2


def test_malformed_json_is_reasked(server):
    server.push(raw('{"claims": [ {"sentence": 0, '), reply(recorded("sanshi_claims")))
    ans = ask(settings(server))
    assert len(ans.claims.claims) == 3
    second = server.requests[1]["body"]["messages"]
    # The re-ask carries the broken answer back and asks again.
    assert [m["role"] for m in second][-2:] == ["assistant", "user"]


def test_schema_invalid_then_valid_on_reask(server):
    server.push(reply(recorded("schema_invalid")), reply(recorded("sanshi_claims")))
    ans = ask(settings(server))
    assert [c.kind for c in ans.claims.claims] == ["amount", "change_amount", "change_pct"]
    assert len(server.requests) == 2


def test_schema_invalid_every_time_is_bounded(server):
    server.default = reply(recorded("schema_invalid"))
    with pytest.raises(SchemaError):
        ask(settings(server, schema_retries=2))
    assert len(server.requests) == 3  # the first ask and two re-asks, no more


def test_unknown_model(server):
    with pytest.raises(LLMError) as e:
        ask(settings(server, model="no-such-model"))
    assert "no-such-model" in str(e.value) and "404" in str(e.value)
    assert len(server.requests) == 1  # not retried


def test_refused_connection():
    t0 = time.perf_counter()
    with pytest.raises(LLMError, match="无法连接 LLM 接口"):
        ask(settings(None, max_attempts=2))
    assert time.perf_counter() - t0 < 5


def test_bad_key_401(server):
    server.push(status(401, "Incorrect API key provided: sk-test-SECRET-0123456789"))
    with pytest.raises(LLMError) as e:
        ask(settings(server))
    assert "OPENAI_API_KEY" in str(e.value)
    assert KEY not in str(e.value)  # the server echoed it; the message does not


def test_tools_mode(server):
    server.push(reply(recorded("sanshi_claims")))
    ans = ask(settings(server, mode="tools"))
    assert len(ans.claims.claims) == 3
    assert server.requests[0]["body"].get("tools")
