"""Where the LLM is and how patiently to talk to it: from options and the environment.

Environment: ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``CHECKER_MODEL`` (``--model``
wins), and knobs for retries/timeouts (``CHECKER_LLM_TIMEOUT`` seconds per request,
``CHECKER_LLM_MAX_ATTEMPTS``, ``CHECKER_LLM_BACKOFF`` initial wait in seconds,
``CHECKER_LLM_BACKOFF_MAX``, ``CHECKER_LLM_SCHEMA_RETRIES``, ``CHECKER_LLM_MODE``
json | tools | md_json, ``CHECKER_LLM_BATCH`` sentences per request,
``CHECKER_LLM_CONTEXT`` sentences sent before each batch as read-only context (and
one after it; 0 for none),
``CHECKER_LLM_CONCURRENCY`` requests in flight (else ``options.llm_concurrency``),
``CHECKER_LLM_CACHE`` the SQLite cache file, default ``~/.cache/checker/llm.sqlite``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from checker.llm.errors import LLMError

DEFAULT_BASE_URL = "https://api.openai.com/v1"
MODES = ("json", "tools", "md_json")


@dataclass(frozen=True)
class LLMSettings:
    base_url: str = DEFAULT_BASE_URL
    api_key: str = field(default="", repr=False)  # never printed, never stored
    model: str = ""
    timeout: float = 60.0
    max_attempts: int = 4  # transport-level: timeouts, 429, 5xx, connection errors
    backoff: float = 1.0  # first wait; doubles each attempt
    backoff_max: float = 20.0
    schema_retries: int = 2  # re-asks when the answer does not fit the schema
    mode: str = "json"
    concurrency: int = 4
    batch_sentences: int = 20
    batch_chars: int = 4000
    # Sentences before a batch (and one after) sent along as context: a claim may name a
    # number stated next to it (a budget, then its completion rate), in another batch.
    context_sentences: int = 2
    use_cache: bool = True
    cache_path: str = ""

    @property
    def endpoint(self) -> str:
        """The base URL without credentials or query (safe to show and to key the cache)."""
        return safe_url(self.base_url)


def safe_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", ""))


def default_cache_path() -> str:
    return str(Path.home() / ".cache" / "checker" / "llm.sqlite")


def _number(env: Mapping[str, str], name: str, default: float, kind: type = float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise LLMError(f"环境变量 {name} 的值“{raw}”不是有效数字") from None
    if value < 0:
        raise LLMError(f"环境变量 {name} 不能为负数")
    return value


def settings_from(options: object, env: Mapping[str, str] | None = None) -> LLMSettings:
    """Settings for ``options`` (a ``CheckOptions``) and ``env`` (default ``os.environ``).

    Raises LLMError with a Chinese message when the key or the model is missing."""
    env = os.environ if env is None else env
    key = env.get("OPENAI_API_KEY", "").strip()
    if not key:
        raise LLMError(
            "未设置 OPENAI_API_KEY，无法使用 LLM 提取器（本地服务如 Ollama 可设为任意值；或改用 --extractor rules）"
        )
    model = (getattr(options, "model", None) or env.get("CHECKER_MODEL", "")).strip()
    if not model:
        raise LLMError("未指定 LLM 模型：请用 --model 或环境变量 CHECKER_MODEL 指定")
    base_url = env.get("OPENAI_BASE_URL", "").strip() or DEFAULT_BASE_URL
    if urlsplit(base_url).scheme not in ("http", "https"):
        raise LLMError(f"OPENAI_BASE_URL 不是 http(s) 地址：{safe_url(base_url)}")
    mode = env.get("CHECKER_LLM_MODE", "json").strip().lower() or "json"
    if mode not in MODES:
        raise LLMError(f"CHECKER_LLM_MODE 只能是 {' | '.join(MODES)}，而不是“{mode}”")
    return LLMSettings(
        base_url=base_url,
        api_key=key,
        model=model,
        timeout=_number(env, "CHECKER_LLM_TIMEOUT", 60.0),
        max_attempts=max(1, int(_number(env, "CHECKER_LLM_MAX_ATTEMPTS", 4, int))),
        backoff=_number(env, "CHECKER_LLM_BACKOFF", 1.0),
        backoff_max=_number(env, "CHECKER_LLM_BACKOFF_MAX", 20.0),
        schema_retries=int(_number(env, "CHECKER_LLM_SCHEMA_RETRIES", 2, int)),
        mode=mode,
        concurrency=max(
            1, int(_number(env, "CHECKER_LLM_CONCURRENCY", getattr(options, "llm_concurrency", 4) or 4, int))
        ),
        batch_sentences=max(1, int(_number(env, "CHECKER_LLM_BATCH", 20, int))),
        context_sentences=int(_number(env, "CHECKER_LLM_CONTEXT", 2, int)),
        use_cache=bool(getattr(options, "use_cache", True)),
        cache_path=getattr(options, "cache_path", None)
        or env.get("CHECKER_LLM_CACHE", "").strip()
        or default_cache_path(),
    )
