"""Printing an EvalResult the way the shared scorer does, so the two can be compared."""

from __future__ import annotations

from checker.eval.gold import EvalResult, squash


def render_text(result: EvalResult) -> str:
    lines: list[str] = []
    for d in result.documents:
        lines.append(f"## {d.document}  ({d.findings} findings, {d.seconds:.2f} s)")
        if d.error:
            lines.append(f"  无法检查：{d.error}")
        for it in d.items:
            mark = "found " if it.found else "MISSED"
            lines.append(f"  {it.tier:6} {mark} {it.id}: {it.stated} -> {it.expected}")
        for q in d.violations:
            lines.append(f"  must_not VIOLATED: {q}")
        for f in d.unlabeled:
            lines.append(
                f"  UNLABELED {f.get('severity')}: {f.get('stated')} -> {f.get('expected')} | "
                f"{squash(f.get('excerpt', ''))[:60]} | {str(f.get('message', ''))[:100]}"
            )
    t = result.totals()
    lines.append(
        f"must {t['must_found']}/{t['must_total']}  should {t['should_found']}/{t['should_total']}  "
        f"must_not violations {t['violations']}  unlabeled {t['unlabeled']}  "
        f"precision(labeled) {t['precision_labeled']:.3f}  recall {t['recall']:.3f}  time {t['seconds']:.2f} s"
    )
    return "\n".join(lines)


def render_json(result: EvalResult) -> str:
    import json

    data = {"documents": [d.model_dump(mode="json") for d in result.documents], "totals": result.totals()}
    return json.dumps(data, ensure_ascii=False, indent=2)
