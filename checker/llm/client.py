"""One structured request to an OpenAI-compatible endpoint, retried, with Chinese errors.

Layers: the ``openai`` client does HTTP (its own retries off, so there is one retry
policy); ``instructor`` parses the answer into ``LLMClaims`` and re-asks when it does not
fit (``schema_retries``); ``tenacity`` retries timeouts, 429, 5xx and dropped connections
with exponential backoff. Everything else (bad key, unknown model, 4xx) fails at once.

Cost is counted where it is spent: an httpx event hook on the client's own connection
counts every HTTP request (first asks, instructor's re-asks, tenacity's retries) and the
tokens each answer reports, so ``report.llm`` cannot understate what a run cost.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from checker.llm.errors import LLMError
from checker.llm.schema import LLMClaims
from checker.llm.settings import LLMSettings

# instructor logs every failed attempt at ERROR; with no handler Python would print them
# to stderr (and a response body could echo a request). The checker reports errors itself.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False


class SchemaError(Exception):
    """The answer still did not fit the schema after the re-asks, or was cut off at the
    output limit (one batch is lost)."""


class Stopped(Exception):
    """Another request of the run failed for good: this one is not sent (or not retried)."""


class Meter:
    """HTTP requests and tokens actually spent, whatever layer sent them (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def on_request(self, request: Any) -> None:
        with self._lock:
            self.requests += 1

    def on_response(self, response: Any) -> None:
        if response.status_code != 200:
            return
        try:
            usage = json.loads(response.read()).get("usage") or {}
            prompt = int(usage.get("prompt_tokens") or 0)
            completion = int(usage.get("completion_tokens") or 0)
        except (ValueError, TypeError, AttributeError):
            return  # a body that is not JSON: the parser upstream reports it
        with self._lock:
            self.prompt_tokens += prompt
            self.completion_tokens += completion


@dataclass
class Answer:
    claims: LLMClaims
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 1


def _root(exc: BaseException) -> BaseException:
    """The openai exception inside instructor's wrapper, when there is one."""
    import openai

    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if isinstance(cur, openai.OpenAIError):
            return cur
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return exc


def _transient(exc: BaseException) -> bool:
    import openai

    e = _root(exc)
    if isinstance(e, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(e, openai.APIStatusError) and e.status_code >= 500


def _is_schema_failure(exc: BaseException) -> bool:
    import json

    from pydantic import ValidationError

    cur: BaseException | None = exc
    for _ in range(10):
        if cur is None:
            return False
        if isinstance(cur, (ValidationError, json.JSONDecodeError)):
            return True
        name = type(cur).__name__
        if name in ("ResponseParsingError", "AsyncValidationError", "IncompleteOutputException"):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def explain(exc: BaseException, settings: LLMSettings) -> LLMError:
    """A one-line Chinese message for a failed request (no key, no response body)."""
    import openai

    e = _root(exc)
    url = settings.endpoint
    tries = f"（已尝试 {settings.max_attempts} 次）"
    if isinstance(e, openai.APITimeoutError):
        return LLMError(f"LLM 接口 {url} 响应超时（每次 {settings.timeout:g} 秒）{tries}")
    if isinstance(e, openai.APIConnectionError):
        return LLMError(f"无法连接 LLM 接口 {url}{tries}，请检查 OPENAI_BASE_URL 与网络")
    if isinstance(e, openai.AuthenticationError):
        return LLMError(f"LLM 接口 {url} 拒绝了 API 密钥（401），请检查 OPENAI_API_KEY")
    if isinstance(e, openai.PermissionDeniedError):
        return LLMError(f"LLM 接口 {url} 拒绝访问（403），该密钥无权使用模型 {settings.model}")
    if isinstance(e, openai.NotFoundError):
        return LLMError(
            f"LLM 接口 {url} 上不存在模型 {settings.model}（404），请检查 --model 或 OPENAI_BASE_URL"
        )
    if isinstance(e, openai.RateLimitError):
        return LLMError(f"LLM 接口 {url} 持续限流（429）{tries}，请稍后再试或降低并发")
    if isinstance(e, openai.APIStatusError):
        if e.status_code >= 500:
            return LLMError(f"LLM 接口 {url} 服务器错误（{e.status_code}）{tries}")
        return LLMError(
            f"LLM 接口 {url} 拒绝了请求（{e.status_code}），模型 {settings.model} 可能不支持此调用方式"
        )
    if isinstance(e, openai.OpenAIError):
        return LLMError(f"LLM 接口 {url} 调用失败：{type(e).__name__}")
    return LLMError(f"LLM 调用失败：{type(e).__name__}")


class Client:
    """A thread-safe handle on one endpoint + model."""

    def __init__(self, settings: LLMSettings, stop: threading.Event | None = None) -> None:
        try:
            import instructor
            import openai
        except ImportError:
            raise LLMError(
                "未安装 openai / instructor，无法使用 LLM 提取器（pip install openai instructor）"
            ) from None
        self.settings = settings
        self.meter = Meter()
        self.stop = stop or threading.Event()
        self._http = openai.DefaultHttpxClient(
            event_hooks={"request": [self.meter.on_request], "response": [self.meter.on_response]}
        )
        raw = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key,
            timeout=settings.timeout,
            max_retries=0,
            http_client=self._http,
        )
        mode = {
            "json": instructor.Mode.JSON,
            "tools": instructor.Mode.TOOLS,
            "md_json": instructor.Mode.MD_JSON,
        }[settings.mode]
        self._client = instructor.from_openai(raw, mode=mode)

    def ask(self, messages: list[dict[str, str]]) -> Answer:
        """Send one request; LLMError when the endpoint fails for good, SchemaError when
        the model's answer never fitted the schema."""
        s = self.settings
        retrying = Retrying(
            stop=stop_after_attempt(s.max_attempts),
            wait=wait_exponential(multiplier=s.backoff, min=0, max=s.backoff_max),
            retry=retry_if_exception(_transient),
            reraise=True,
        )
        attempts = 0
        if self.stop.is_set():
            raise Stopped
        try:
            for attempt in retrying:
                with attempt:
                    if self.stop.is_set():
                        raise Stopped
                    attempts += 1
                    result, completion = self._client.chat.completions.create_with_completion(
                        model=s.model,
                        messages=messages,  # type: ignore[arg-type]
                        response_model=LLMClaims,
                        max_retries=s.schema_retries,
                        temperature=0,
                    )
        except Stopped:
            raise
        except Exception as e:
            import openai

            if self.stop.is_set():
                raise Stopped from None  # closed under it by close(): not this request's fault
            if not isinstance(_root(e), openai.OpenAIError) and _is_schema_failure(e):
                raise SchemaError(type(e).__name__) from None
            # Fatal for the whole run: stop the other workers before this future completes,
            # so a queued batch sees the flag instead of sending one more request.
            self.stop.set()
            raise explain(e, s) from None
        usage = getattr(completion, "usage", None)
        return Answer(
            claims=result,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            attempts=attempts,
        )

    def close(self) -> None:
        """Stop the run: requests not yet sent are not sent, and the connections of those in
        flight are closed so their threads end now instead of at their timeout."""
        self.stop.set()
        try:
            self._http.close()
        except Exception:  # closing is best effort; the run has already failed
            pass
