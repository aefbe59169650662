"""An OpenAI-compatible fake endpoint on 127.0.0.1 for the LLM extractor's tests.

``POST /v1/chat/completions`` answers from a script of behaviours (then from a default):
``reply(obj)`` a chat completion whose content is ``obj`` as JSON (or a tool call when the
request offers tools), ``raw(text)`` content as given (malformed JSON …), ``status(code)``
an HTTP error, ``slow(seconds, then)`` a reply held back past the client's timeout; a callable default
computes the behaviour from the request body.
Unknown models get 404 like the real API. Every request is recorded (headers too, so a
test can see the key went only where it belongs).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "llm"


def recorded(name: str) -> Any:
    """The model answer recorded in ``fixtures/llm/<name>.json``."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))["response"]


def reply(obj: Any) -> tuple:
    return ("content", json.dumps(obj, ensure_ascii=False))


def raw(text: str, finish: str = "stop") -> tuple:
    return ("content", text, finish)


def status(code: int, message: str = "error") -> tuple:
    return ("status", code, message)


def slow(seconds: float, then: tuple) -> tuple:
    return ("slow", seconds, then)


def _completion(body: dict, content: str, finish: str = "stop") -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    tools = body.get("tools") or []
    if tools:
        name = tools[0]["function"]["name"]
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": content}}
            ],
        }
        finish = "tool_calls" if finish == "stop" else finish
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", ""),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


class FakeLLM:
    def __init__(self, models: tuple[str, ...] = ("fake-model",)) -> None:
        self.models = set(models)
        self.script: deque[tuple] = deque()
        self.default: tuple | Callable[[dict], tuple] = reply({"claims": []})
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _send(self, code: int, obj: Any) -> None:
                data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(
                        200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}
                    )
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                with fake._lock:
                    fake.requests.append(
                        {
                            "path": self.path,
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "body": body,
                        }
                    )
                    behaviour = fake.script.popleft() if fake.script else fake.default
                if callable(behaviour):  # a responder computing the answer from the request
                    behaviour = behaviour(body)
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                if body.get("model") not in fake.models:
                    self._send(
                        404,
                        {
                            "error": {
                                "message": f"The model `{body.get('model')}` does not exist",
                                "type": "invalid_request_error",
                                "code": "model_not_found",
                            }
                        },
                    )
                    return
                self._behave(body, behaviour)

            def _behave(self, body: dict, behaviour: tuple) -> None:
                if behaviour[0] == "slow":
                    time.sleep(behaviour[1])
                    behaviour = behaviour[2]
                if behaviour[0] == "status":
                    self._send(behaviour[1], {"error": {"message": behaviour[2], "type": "server_error"}})
                    return
                self._send(200, _completion(body, *behaviour[1:]))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def push(self, *behaviours: tuple) -> None:
        with self._lock:
            self.script.extend(behaviours)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CLAIM_FIELDS = {"kind", "value_text", "subject", "measure", "path", "base", "period", "related", "direction"}


def answer_like_rules(claims: list) -> Callable[[dict], tuple]:
    """A well-behaved model: for each sentence of a request it returns the claims the rule
    extractor read there (``claims``: checker ``Claim`` objects), as an LLM answer."""
    by_text: dict[str, list] = {}
    for c in claims:
        by_text.setdefault(c.sentence, []).append(c)

    def answer(body: dict) -> tuple:
        payload = json.loads(body["messages"][-1]["content"])
        out = []
        for s in payload["sentences"]:
            for c in by_text.get(s["text"], []):
                d = c.model_dump(include=CLAIM_FIELDS)
                d.update(sentence=s["i"], start=c.span.start, end=c.span.end)
                d["unit"] = c.unit if c.unit in ("万元", "元", "%", "个") else ""
                out.append(d)
        return reply({"claims": out})

    return answer
