"""LLM claim extraction (optional): an OpenAI-compatible endpoint reads the narrative.

The model only reads, and only adds: the rule extractor always runs and its claims stand;
a model claim is kept only on a number no rule read. Every number it returns must sit
verbatim at the span it cites in the sentence it cites (``ground``), or the claim is
dropped and counted; a grounded claim whose unit, kind or sentence (zero, absence)
disagrees with the text stays unverified; the checks that follow are the same
deterministic arithmetic as for rule claims.

Modules: ``settings`` (endpoint, model, retry and cache knobs), ``schema`` (the
LLM-facing response model), ``prompt`` (versioned templates in ``prompts/``), ``client``
(openai + instructor + tenacity, errors in Chinese, requests and tokens metered),
``cache`` (SQLite), ``ground`` (verbatim check, holds, conversion to ``Claim``), ``pool``
(daemon workers), ``extract`` (overlapping batches, concurrency, merge onto the rules).
"""

from checker.llm.errors import LLMError

__all__ = ["LLMError"]
