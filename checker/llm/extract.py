"""The LLM extractor: which sentences go to the model, in what batches, and the merge.

The rules are the floor in both modes: the rule extractor runs first and every rule
claim is kept as it is; the model can only add claims on numbers no rule read. Where the
model reads a number the rules read (or set aside as no table figure) differently, the
rule reading stays and the disagreement is counted.

``llm``: every narrative sentence is sent, section by section. ``hybrid``: only sentences
still holding a number no rule claim covers (and that may be a table figure) are sent.
Any LLM failure in ``hybrid`` leaves exactly the rule result plus a warning; in ``llm`` a
failure of the endpoint stops the check, and a run in which the model contributed nothing
usable (every answer unusable, every claim ungrounded, or no claim at all) is marked
``unchecked`` — the user asked for the model's reading and did not get it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import Any

from checker.claims.model import Claim, Extraction, Sentence
from checker.claims.scan import R_UNKNOWN
from checker.document import Document
from checker.llm.cache import LLMCache, cache_key, text_hash
from checker.llm.errors import LLMError
from checker.llm.ground import NUMERIC_KINDS, grounded, to_claim
from checker.llm.pool import DaemonPool
from checker.llm.prompt import PROMPT_VERSION, Item, messages
from checker.llm.schema import LLMClaims
from checker.llm.settings import LLMSettings, settings_from

# Numbers of sentences the model failed on that no rule read: not checked by anyone.
R_NOT_CHECKED = "LLM 未能读取（未核对）"
# (sentence index, offset in the sentence) -> source line
Locate = Callable[[int, int], "int | None"]
# Reasons (from the rule extractor) for numbers that are certainly no checkable table
# figure: sending their sentences to the model would cost tokens and find nothing, and a
# model claim on such a number contradicts the rules' reading.
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
    context: list[Item]
    messages: list[dict[str, str]]
    digest: str
    key: str


@dataclass
class Read:
    """What the model's answers gave for the sentences sent."""

    claims: list[Claim] = field(default_factory=list)  # grounded, one per value and kind
    dropped: int = 0  # ungrounded
    failed: set[int] = field(default_factory=set)  # sentence indices whose answer never fitted
    stats: dict[str, Any] = field(default_factory=dict)


def section_label(s: Sentence) -> str:
    return " > ".join(s.sections) if s.sections else s.section


def context_for(sentences: list[Sentence], items: list[Item], label: str, n: int) -> list[Item]:
    """Up to ``n`` sentences just before the batch and one just after it, in the same
    section, in text order: a completion rate names the budget stated before it, a total
    lists its items in the sentence after it — either may sit in the neighbouring batch."""
    inside = {it.index for it in items}
    out: list[Item] = []
    i = items[0].index - 1
    while i >= 0 and len(out) < n and section_label(sentences[i]) == label:
        out.append(Item(index=i, text=sentences[i].text))
        i -= 1
    out.reverse()
    j = items[-1].index + 1
    if n and j < len(sentences) and j not in inside and section_label(sentences[j]) == label:
        out.append(Item(index=j, text=sentences[j].text))
    return out


def make_batches(sentences: list[Sentence], indices: list[int], settings: LLMSettings) -> list[Batch]:
    """Consecutive sentences of one section, at most ``batch_sentences`` / ``batch_chars``;
    each batch carries its neighbours as read-only context (batches overlap)."""
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
    return [build_batch(sentences, label, items, settings) for label, items in groups]


def build_batch(sentences: list[Sentence], label: str, items: list[Item], settings: LLMSettings) -> Batch:
    context = context_for(sentences, items, label, settings.context_sentences)
    msgs = messages(label, items, context)
    digest = text_hash(msgs)
    key = cache_key(settings.endpoint, settings.model, PROMPT_VERSION, settings.mode, digest)
    return Batch(section=label, items=items, context=context, messages=msgs, digest=digest, key=key)


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
    batches: list[Batch],
    sentences: list[Sentence],
    settings: LLMSettings,
    stats: dict[str, Any],
    warnings: list[str],
) -> tuple[list[tuple[Batch, LLMClaims]], set[int]]:
    """(an answer for each batch in text order, sentences whose answer never fitted).

    Cache first, then the endpoint, ``concurrency`` requests at a time. A batch whose
    answer never fits the schema (or is cut off) is split in two and asked again; a single
    sentence that fails is given up. An endpoint failure (LLMError) stops the run at once:
    queued batches are cancelled, retries not started, open connections closed."""
    from checker.llm.client import Client, SchemaError, Stopped

    done: dict[int, tuple[Batch, LLMClaims]] = {}  # keyed by the first sentence index
    failed: set[int] = set()
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
        if not misses:
            return [done[k] for k in sorted(done)], failed
        client = Client(settings, threading.Event())
        pool = DaemonPool(settings.concurrency)
        pending: dict[Future, Batch] = {}
        try:
            for b in misses:
                pending[pool.submit(client.ask, b.messages)] = b
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    b = pending.pop(f)
                    try:
                        ans = f.result()
                    except Stopped:  # another batch failed for good; its error follows
                        continue
                    except SchemaError:
                        if len(b.items) > 1:
                            stats["split_batches"] += 1
                            half = len(b.items) // 2
                            for part in (b.items[:half], b.items[half:]):
                                nb = build_batch(sentences, b.section, part, settings)
                                hit = _lookup(cache, nb)
                                if hit is not None:
                                    done[nb.items[0].index] = (nb, hit)
                                    stats["cache_hits"] += 1
                                else:
                                    pending[pool.submit(client.ask, nb.messages)] = nb
                            continue
                        stats["failed_batches"] += 1
                        failed.add(b.items[0].index)
                        continue
                    done[b.items[0].index] = (b, ans.claims)
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
        except BaseException:
            # Fail now: nothing queued is sent, nothing running is waited for.
            client.close()
            pool.shutdown()
            raise
        finally:
            stats["requests"] += client.meter.requests
            stats["prompt_tokens"] += client.meter.prompt_tokens
            stats["completion_tokens"] += client.meter.completion_tokens
        pool.shutdown()
        client.close()
    finally:
        if cache:
            cache.close()
    return [done[k] for k in sorted(done)], failed


def _new_stats(settings: LLMSettings) -> dict[str, Any]:
    return {
        "prompt_version": PROMPT_VERSION,
        "model": settings.model,
        "endpoint": settings.endpoint,
        "mode": settings.mode,
        "sentences_sent": 0,
        "sentences_failed": 0,
        "batches": 0,
        "requests": 0,  # every HTTP request: first asks, re-asks, retries
        "cache_hits": 0,
        "failed_batches": 0,
        "split_batches": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "claims_returned": 0,
        "claims_grounded": 0,
        "claims_kept": 0,  # grounded and added to the rule claims
        "claims_overlapping_rules": 0,
        "claims_disagreeing_rules": 0,
        "numbers_not_checked": 0,
    }


def read_claims(
    sentences: list[Sentence],
    indices: list[int],
    settings: LLMSettings,
    warnings: list[str],
    locate: Locate | None = None,
) -> Read:
    """The grounded claims the model returned for the given sentences."""
    stats = _new_stats(settings)
    batches = make_batches(sentences, indices, settings)
    stats["sentences_sent"] = len(indices)
    stats["batches"] = len(batches)
    answered, failed = ask_all(batches, sentences, settings, stats, warnings)
    out = Read(failed=failed, stats=stats)
    seen: set[tuple[int, int, int, str]] = set()
    for b, ans in answered:
        sent = {it.index: sentences[it.index] for it in b.items}
        context = {it.index: sentences[it.index] for it in b.context}
        for c in ans.claims:
            stats["claims_returned"] += 1
            if not grounded(c, sent, context):
                out.dropped += 1
                continue
            key = (c.sentence, c.start, c.end, c.kind)
            if key in seen:  # one printed value, one claim of each kind
                continue
            seen.add(key)
            line = locate(c.sentence, c.start) if locate else None
            out.claims.append(to_claim(c, sent[c.sentence], line))
    stats["claims_grounded"] = len(out.claims)
    stats["sentences_failed"] = len(failed)
    return out


def _covered(claims: list[Claim]) -> set[tuple[str, str]]:
    out = set()
    for c in claims:
        out.add((c.sentence, c.value_text))
        for v in c.related.values():
            for t in v.split("+"):
                out.add((c.sentence, t.strip()))
    return out


def _overlapping(c: Claim, rule_claims: list[Claim]) -> list[Claim]:
    return [
        r
        for r in rule_claims
        if r.sentence == c.sentence and r.span.start < c.span.end and c.span.start < r.span.end
    ]


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


def merge(base: Extraction, read: Read) -> Extraction:
    """The rule extraction plus the model's claims on numbers no rule read."""
    stats = read.stats
    set_aside = {(u.sentence, u.text) for u in base.uncovered if u.reason in NOT_FIGURE_REASONS}
    extra: list[Claim] = []
    for c in read.claims:
        over = _overlapping(c, base.claims)
        if over:
            stats["claims_overlapping_rules"] += 1
            if not any(r.kind == c.kind and r.span == c.span for r in over):
                stats["claims_disagreeing_rules"] += 1
            continue
        if c.kind in NUMERIC_KINDS and (c.sentence, c.value_text) in set_aside:
            # the rules read this number as no table figure (a year, a head count, 0 个项目 …)
            stats["claims_disagreeing_rules"] += 1
            continue
        extra.append(c)
    stats["claims_kept"] = len(extra)
    covered = _covered(extra)
    failed_texts = {base.sentences[i].text for i in read.failed}
    out = base.model_copy(deep=True)
    out.claims.extend(extra)
    out.uncovered = [u for u in out.uncovered if (u.sentence, u.text) not in covered]
    for u in out.uncovered:
        if u.reason == R_UNKNOWN and u.sentence in failed_texts:
            u.reason = R_NOT_CHECKED
            stats["numbers_not_checked"] += 1
    out.dropped_ungrounded = read.dropped
    out.llm = stats
    return out


def verdict(base: Extraction, read: Read, hybrid: bool) -> tuple[str, str]:
    """(one warning for the run or "", why the run counts as unchecked or "")."""
    st = read.stats
    sent, failed = st["sentences_sent"], len(read.failed)
    returned, grounded_n = st["claims_returned"], st["claims_grounded"]
    problems = []
    if failed:
        problems.append(f"{failed} 句的回答多次不符合格式，这些句子未经 LLM 核对")
    if read.dropped:
        problems.append(f"返回的 {returned} 条表述中 {read.dropped} 条与原文不符，已丢弃")
    if st["claims_disagreeing_rules"]:
        problems.append(f"{st['claims_disagreeing_rules']} 条与规则的读法不同，以规则为准")
    why = ""
    if sent and failed == sent:
        why = f"LLM 对全部 {sent} 句的回答都不符合格式"
    elif returned and not grounded_n:
        why = f"LLM 返回的 {returned} 条表述全部与原文不符（已丢弃）"
    elif not hybrid and not grounded_n and base.claims:
        why = f"LLM 读了 {sent} 句，没有返回任何可用的表述"
    parts = [*problems, f"{why}，结果仅为规则提取"] if why else problems
    warning = f"LLM 提取（{sent} 句，{st['requests']} 次请求）：" + "；".join(parts) if parts else ""
    return warning, (why if not hybrid else "")


def run(base: Extraction, settings: LLMSettings, locate: Locate | None = None, *, hybrid: bool) -> Extraction:
    warnings: list[str] = []
    if hybrid:
        indices = with_context(base.sentences, hybrid_targets(base)) if base.sentences else []
    else:
        indices = list(range(len(base.sentences)))
    read = read_claims(base.sentences, indices, settings, warnings, locate)
    out = merge(base, read)
    warning, why = verdict(base, read, hybrid)
    if warning:
        warnings.append(warning)
    if why:
        out.llm["unchecked"] = f"{why}；--extractor llm 要求模型读取，本报告只按规则核对，视为未核对"
    out.warnings.extend(warnings)
    return out


def run_hybrid(base: Extraction, settings: LLMSettings, locate: Locate | None = None) -> Extraction:
    return run(base, settings, locate, hybrid=True)


def run_llm(base: Extraction, settings: LLMSettings, locate: Locate | None = None) -> Extraction:
    return run(base, settings, locate, hybrid=False)


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
