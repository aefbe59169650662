"""Versioned prompt templates (``prompts/<name>_v<N>.md``) and the messages sent.

The version is part of every result and of the cache key, so a changed prompt never
serves answers recorded for the old one.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checker.llm.errors import LLMError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"  # the repository's prompts/
# v2: each request also carries the sentences just before its batch as read-only context
PROMPT_VERSION = "claims_v2"

# A number as the narrative writes it (thousands separators kept); the same shape the
# grounding check accepts as a whole number.
NUMBER = re.compile(r"(?<![\d.,A-Za-z])\d[\d,]*(?:\.\d+)?(?!\d)")


def prompts_dir() -> Path:
    """``CHECKER_PROMPTS_DIR`` when set (an installed copy without the repository)."""
    env = os.environ.get("CHECKER_PROMPTS_DIR", "").strip()
    return Path(env) if env else PROMPTS_DIR


def load_template(version: str = PROMPT_VERSION) -> str:
    return _read(str(prompts_dir() / f"{version}.md"))


@lru_cache(maxsize=8)
def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        raise LLMError(
            f"找不到提示词模板 {path}（LLM 提取需要 prompts/ 目录，可用 CHECKER_PROMPTS_DIR 指定）"
        ) from None


def numbers_in(text: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each number written in ``text``."""
    out = []
    for m in NUMBER.finditer(text):
        t = m.group().rstrip(",")
        out.append((t, m.start(), m.start() + len(t)))
    return out


@dataclass(frozen=True)
class Item:
    """One sentence of a request: its index in the extraction and its text."""

    index: int
    text: str


def _entry(it: Item) -> dict:
    return {
        "i": it.index,
        "text": it.text,
        "numbers": [{"text": t, "start": s, "end": e} for t, s, e in numbers_in(it.text)],
    }


def user_message(section: str, items: list[Item], context: list[Item] | tuple[Item, ...] = ()) -> str:
    payload: dict = {"section": section}
    if context:  # the sentences just before, so a claim can name a number stated there
        payload["context"] = [_entry(it) for it in context]
    payload["sentences"] = [_entry(it) for it in items]
    return json.dumps(payload, ensure_ascii=False)


def messages(
    section: str,
    items: list[Item],
    context: list[Item] | tuple[Item, ...] = (),
    version: str = PROMPT_VERSION,
) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": load_template(version)},
        {"role": "user", "content": user_message(section, items, context)},
    ]
