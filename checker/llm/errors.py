"""The one error the LLM path raises to the pipeline."""

from __future__ import annotations

from checker.document import CheckerError


class LLMError(CheckerError):
    """The LLM endpoint could not be used (no key, unreachable, unknown model …).

    ``--extractor llm`` stops with it (exit 2); ``hybrid`` turns it into a warning."""
