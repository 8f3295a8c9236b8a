"""`ledelse segment --explain`: what the segmenter chose and why (``explanation`` as data,
``explanation_text`` for a reader): the block tree, the readings and groups, the warnings."""

from __future__ import annotations

from typing import Any

from .blocks import heading_path
from .segment import Segmentation


def explanation(seg: Segmentation) -> dict[str, Any]:
    """`ledelse segment --explain` as data: the block tree, the readings and groups, the choice."""
    return {
        "chosen": seg.chosen,
        "announced": [{"count": a.count, "phrase": a.phrase, "span": list(a.span)}
                      for a in seg.announced],
        "warnings": seg.warnings,
        "readings": [{"reading": r.name, "evidence": round(r.score, 3), "principles": r.count,
                      "reasons": r.reasons, "chosen": r.name == seg.chosen}
                     for r in sorted(seg.readings, key=lambda r: -r.score)],
        "groups": [{"kind": g.kind, "entries": len(g.drafts), "under": g.head,
                    "evidence": round(g.score, 3), "reasons": g.reasons, "selected": g.selected,
                    "role": g.drafts[0].role if g.drafts else None}
                   for g in seg.groups],
        "blocks": [{"kind": b.kind, "style": b.style or None, "depth": len(heading_path(
                    seg.blocks, k)), "span": list(b.span), "text": b.clean}
                   for k, b in enumerate(seg.blocks)],
    }


def explanation_text(seg: Segmentation, document_id: str) -> str:
    """The explanation for a reader: what was chosen and why, the runners-up, the tree."""
    data = explanation(seg)
    out = [f"{document_id}: {len(seg.principles)} principles from the “{seg.chosen}” reading"]
    for w in data["warnings"]:
        out.append(f"  warning: {w}")
    if data["announced"]:
        out.append("announced: " + "; ".join(f"“{a['phrase']}” ({a['count']})"
                                             for a in data["announced"]))
    out.append("readings, most evidence first:")
    for r in data["readings"]:
        mark = "✓" if r["chosen"] else " "
        out.append(f"  {mark} {r['reading']:<11} {r['evidence']:+6.2f}  "
                   f"{r['principles']:>2} principles  " + "; ".join(r["reasons"]))
    if seg.groups:
        out.append("groups in the block tree (✓ = holds principles in the structure reading):")
        out.extend(f"  {g.describe()}" for g in seg.groups)
    out.append("block tree:")
    for b in data["blocks"]:
        label = b["kind"] + (f"/{b['style']}" if b["style"] else "")
        text = b["text"] if len(b["text"]) <= 70 else b["text"][:69] + "…"
        out.append(f"  {'  ' * b['depth']}{label}: {text}")
    return "\n".join(out)
