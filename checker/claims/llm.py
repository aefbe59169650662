"""Entry point of the LLM claim extractor (``--extractor llm|hybrid``).

The implementation lives in ``checker.llm``; see its package docstring.
"""

from __future__ import annotations

from checker.llm.errors import LLMError
from checker.llm.extract import extract

__all__ = ["LLMError", "extract"]
