"""LLM claim extraction (optional): an OpenAI-compatible endpoint reads the narrative.

The model only reads. Every number it returns must sit verbatim at the span it cites in
the sentence it cites (``ground``), or the claim is dropped and counted; the checks that
follow are the same deterministic arithmetic as for rule claims.

Modules: ``settings`` (endpoint, model, retry and cache knobs), ``schema`` (the
LLM-facing response model), ``prompt`` (versioned templates in ``prompts/``), ``client``
(openai + instructor + tenacity, errors in Chinese), ``cache`` (SQLite), ``ground``
(verbatim check, conversion to ``Claim``), ``extract`` (batches, concurrency, merge).
"""

from checker.llm.errors import LLMError

__all__ = ["LLMError"]
