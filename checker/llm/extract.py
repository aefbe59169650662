"""The LLM extractor: which sentences go to the model, in what batches, and the merge.

``llm``: every narrative sentence is sent, section by section. ``hybrid``: the rule
extractor runs first; only sentences still holding a number no rule claim covers (and
that may be a table figure) are sent, and rule claims win where both read the same
number. Any LLM failure in ``hybrid`` leaves exactly the rule result plus a warning.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from checker.claims.model import Claim, Extraction, Sentence, UncoveredNumber
from checker.document import Document
from checker.llm.cache import LLMCache, cache_key, text_hash
from checker.llm.errors import LLMError
from checker.llm.ground import grounded, to_claim
from checker.llm.prompt import PROMPT_VERSION, Item, messages, numbers_in
from checker.llm.schema import LLMClaims
from checker.llm.settings import LLMSettings, settings_from

R_LLM_MISSED = "LLM 未提取"
# (sentence index, offset in the sentence) -> source line
Locate = Callable[[int, int], "int | None"]
# Reasons (from the rule extractor) for numbers that are certainly no checkable table
# figure: sending their sentences to the model would cost tokens and find nothing.
NOT_FIGURE_REASONS = frozenset(
    {
        "年份/日期",
        "序号",
        "文件编号",
        "模板占位",
        "人数/人次/辆/台套/平方米等非金额指标",
        "绩效得分",
        "不存在的资金（0 个项目、0 万元）",
        "金额标准（如单价 100 万元以上）",
        "非项目个数（机构、团组等）",
    }
)


@dataclass
class Batch:
    section: str
    items: list[Item]
    messages: list[dict[str, str]]
    digest: str
    key: str


def section_label(s: Sentence) -> str:
    return " > ".join(s.sections) if s.sections else s.section


def make_batches(sentences: list[Sentence], indices: list[int], settings: LLMSettings) -> list[Batch]:
    """Consecutive sentences of one section, at most ``batch_sentences`` / ``batch_chars``."""
    groups: list[tuple[str, list[Item]]] = []
    for i in indices:
        label = section_label(sentences[i])
        item = Item(index=i, text=sentences[i].text)
        if groups and groups[-1][0] == label:
            items = groups[-1][1]
            size = sum(len(it.text) for it in items)
            if len(items) < settings.batch_sentences and size + len(item.text) <= settings.batch_chars:
                items.append(item)
                continue
        groups.append((label, [item]))
    return [build_batch(label, items, settings) for label, items in groups]


def build_batch(label: str, items: list[Item], settings: LLMSettings) -> Batch:
    msgs = messages(label, items)
    digest = text_hash(msgs)
    key = cache_key(settings.endpoint, settings.model, PROMPT_VERSION, settings.mode, digest)
    return Batch(section=label, items=items, messages=msgs, digest=digest, key=key)


def _open_cache(settings: LLMSettings, warnings: list[str]) -> LLMCache | None:
    if not settings.use_cache:
        return None
    try:
        return LLMCache(settings.cache_path)
    except (OSError, sqlite3.Error):
        warnings.append(f"无法打开 LLM 缓存 {settings.cache_path}，本次不使用缓存")
        return None


def _lookup(cache: LLMCache | None, b: Batch) -> LLMClaims | None:
    hit = cache.get(b.key) if cache else None
    if hit is None:
        return None
    try:
        return LLMClaims.model_validate_json(hit)
    except ValueError:  # an entry from an older schema: ask again
        return None


def ask_all(
    batches: list[Batch], settings: LLMSettings, stats: dict[str, Any], warnings: list[str]
) -> list[tuple[Batch, LLMClaims]]:
    """An answer for each batch, in text order: cache first, then the endpoint,
    ``concurrency`` requests at a time. A batch whose answer never fits the schema (or is
    cut off) is split in two and asked again; a single sentence that fails is skipped."""
    from checker.llm.client import Client, SchemaError

    done: dict[int, tuple[Batch, LLMClaims]] = {}  # keyed by the first sentence index
    cache = _open_cache(settings, warnings)
    try:
        misses = []
        for b in batches:
            hit = _lookup(cache, b)
            if hit is not None:
                done[b.items[0].index] = (b, hit)
                stats["cache_hits"] += 1
            else:
                misses.append(b)
        if misses:
            client = Client(settings)
            with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
                pending = {pool.submit(client.ask, b.messages): b for b in misses}
                try:
                    while pending:
                        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                        for f in finished:
                            b = pending.pop(f)
                            stats["requests"] += 1
                            try:
                                ans = f.result()
                            except SchemaError:
                                if len(b.items) > 1:
                                    stats["split_batches"] += 1
                                    half = len(b.items) // 2
                                    for part in (b.items[:half], b.items[half:]):
                                        nb = build_batch(b.section, part, settings)
                                        hit = _lookup(cache, nb)
                                        if hit is not None:
                                            done[nb.items[0].index] = (nb, hit)
                                            stats["cache_hits"] += 1
                                        else:
                                            pending[pool.submit(client.ask, nb.messages)] = nb
                                    continue
                                stats["failed_batches"] += 1
                                warnings.append(
                                    f"LLM 对“{b.section or '情况说明'}”中一句的回答多次不符合格式，已跳过该句"
                                )
                                continue
                            done[b.items[0].index] = (b, ans.claims)
                            stats["prompt_tokens"] += ans.prompt_tokens
                            stats["completion_tokens"] += ans.completion_tokens
                            if cache:
                                cache.put(
                                    b.key,
                                    endpoint=settings.endpoint,
                                    model=settings.model,
                                    prompt_version=PROMPT_VERSION,
                                    digest=b.digest,
                                    response=ans.claims.model_dump_json(),
                                    prompt_tokens=ans.prompt_tokens,
                                    completion_tokens=ans.completion_tokens,
                                )
                except LLMError:
                    for g in pending:
                        g.cancel()
                    raise
    finally:
        if cache:
            cache.close()
    return [done[k] for k in sorted(done)]


def _new_stats(settings: LLMSettings) -> dict[str, Any]:
    return {
        "prompt_version": PROMPT_VERSION,
        "model": settings.model,
        "endpoint": settings.endpoint,
        "mode": settings.mode,
        "sentences_sent": 0,
        "batches": 0,
        "requests": 0,
        "cache_hits": 0,
        "failed_batches": 0,
        "split_batches": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "claims_returned": 0,
        "claims_kept": 0,
        "claims_overlapping_rules": 0,
    }


def read_claims(
    sentences: list[Sentence],
    indices: list[int],
    settings: LLMSettings,
    warnings: list[str],
    locate: Locate | None = None,
) -> tuple[list[Claim], int, dict[str, Any]]:
    """(grounded claims, number dropped as ungrounded, stats) for the given sentences."""
    stats = _new_stats(settings)
    batches = make_batches(sentences, indices, settings)
    stats["sentences_sent"] = len(indices)
    stats["batches"] = len(batches)
    answered = ask_all(batches, settings, stats, warnings)
    claims: list[Claim] = []
    dropped = 0
    seen: set[tuple[int, int, int, str]] = set()
    for b, ans in answered:
        sent = {it.index: sentences[it.index] for it in b.items}
        for c in ans.claims:
            stats["claims_returned"] += 1
            if not grounded(c, sent):
                dropped += 1
                continue
            key = (c.sentence, c.start, c.end, c.kind)
            if key in seen:  # one printed value, one claim of each kind
                continue
            seen.add(key)
            line = locate(c.sentence, c.start) if locate else None
            claims.append(to_claim(c, sent[c.sentence], line))
    stats["claims_kept"] = len(claims)
    return claims, dropped, stats


def _covered(claims: list[Claim]) -> set[tuple[str, str]]:
    out = set()
    for c in claims:
        out.add((c.sentence, c.value_text))
        for v in c.related.values():
            for t in v.split("+"):
                out.add((c.sentence, t.strip()))
    return out


def _overlaps(c: Claim, rule_claims: list[Claim]) -> bool:
    return any(
        r.sentence == c.sentence and r.span.start < c.span.end and c.span.start < r.span.end
        for r in rule_claims
    )


def hybrid_targets(base: Extraction) -> list[int]:
    """Sentences holding a number the rules left uncovered that may be a table figure."""
    wanted = {u.sentence for u in base.uncovered if u.reason not in NOT_FIGURE_REASONS}
    return [i for i, s in enumerate(base.sentences) if s.text in wanted]


def with_context(sentences: list[Sentence], targets: list[int]) -> list[int]:
    """The targets and the sentence before each in the same section: a statement often
    names its subject or budget there (claims the rules already read there lose to them)."""
    out: set[int] = set(targets)
    for i in targets:
        if i > 0 and section_label(sentences[i - 1]) == section_label(sentences[i]):
            out.add(i - 1)
    return sorted(out)


def run_hybrid(base: Extraction, settings: LLMSettings, locate: Locate | None = None) -> Extraction:
    warnings: list[str] = []
    targets = with_context(base.sentences, hybrid_targets(base)) if base.sentences else []
    claims, dropped, stats = read_claims(base.sentences, targets, settings, warnings, locate)
    extra = [c for c in claims if not _overlaps(c, base.claims)]
    stats["claims_overlapping_rules"] = len(claims) - len(extra)
    covered = _covered(extra)
    out = base.model_copy(deep=True)
    out.claims.extend(extra)
    out.uncovered = [u for u in out.uncovered if (u.sentence, u.text) not in covered]
    out.dropped_ungrounded = dropped
    out.llm = stats
    out.warnings.extend(warnings)
    return out


def run_llm(base: Extraction, settings: LLMSettings, locate: Locate | None = None) -> Extraction:
    warnings: list[str] = []
    indices = list(range(len(base.sentences)))
    claims, dropped, stats = read_claims(base.sentences, indices, settings, warnings, locate)
    covered = _covered(claims)
    reasons = {(u.sentence, u.text): u.reason for u in base.uncovered}
    uncovered: list[UncoveredNumber] = []
    total = 0
    for i, s in enumerate(base.sentences):
        for t, start, _ in numbers_in(s.text):
            total += 1
            if (s.text, t) in covered:
                continue
            line = locate(i, start) if locate else None
            uncovered.append(
                UncoveredNumber(
                    text=t,
                    sentence=s.text,
                    line=line if line is not None else s.line,
                    reason=reasons.get((s.text, t), R_LLM_MISSED),
                )
            )
    return Extraction(
        claims=claims,
        sentences=base.sentences,
        numbers_total=total,
        uncovered=uncovered,
        boilerplate=base.boilerplate,
        dropped_ungrounded=dropped,
        llm=stats,
        warnings=[*base.warnings, *warnings],
    )


def locator(doc: Document, base: Extraction) -> Locate | None:
    """Source line of a position in a sentence, from the narrative's own sentence list
    when it is the one the rule extractor returned (a sentence may span lines)."""
    try:
        from checker.claims.narrative import narrative_sentences

        ns = narrative_sentences(doc)
    except Exception:  # the narrative module is the rule extractor's; never fail on it
        return None
    if [n.text for n in ns] != [s.text for s in base.sentences]:
        return None
    return lambda i, pos: ns[i].line_at(pos) if 0 <= i < len(ns) else None


def _redact(result: Extraction, settings: LLMSettings | None) -> Extraction:
    """Belt and braces: the key must never reach a report, whatever a message quoted."""
    if settings and settings.api_key:
        result.warnings = [w.replace(settings.api_key, "***") for w in result.warnings]
    return result


def extract(
    doc: Document,
    options: Any,
    *,
    settings: LLMSettings | None = None,
    env: dict[str, str] | None = None,
) -> Extraction:
    """Claims of ``doc`` for ``options.extractor`` in {"llm", "hybrid"}.

    ``llm`` raises LLMError when the endpoint cannot be used; ``hybrid`` never does."""
    from checker.claims import rules

    base = rules.extract(doc)
    hybrid = getattr(options, "extractor", "llm") == "hybrid"
    locate = locator(doc, base)
    try:
        settings = settings or settings_from(options, env)
        result = run_hybrid(base, settings, locate) if hybrid else run_llm(base, settings, locate)
    except LLMError as e:
        if not hybrid:
            raise
        base.warnings.append(f"LLM 提取未完成：{e}；仅使用规则提取结果")
        return _redact(base, settings)
    return _redact(result, settings)
