"""Fixed-width text for the research commands' results: similarity, agreement, diff."""

from __future__ import annotations

import textwrap

from ..analyses.agree import Agreement
from ..analyses.diff import DocumentDiff
from ..analyses.similarity import SimilarityMatrix
from .render import display_text, plain_table

__all__ = ["agree_table", "diff_table", "similarity_table"]


def similarity_table(sim: SimilarityMatrix, *, width: int = 80) -> str:
    """The matrix as fixed-width text (two decimals), no wider than it needs to be; a lower
    bound left by ``--candidates`` is shown as "≥0.41"."""
    mask = sim.exact_mask
    cell = 5 if sim.approximate else 4
    name_w = max(len("document"), *(len(d) for d in sim.documents))
    natural = name_w + sum(max(len(d), cell) + 2 for d in sim.documents)
    rows = [[a, *(f"{v:.2f}" if not mask or mask[i][j] else f"≥{v:.2f}"
                  for j, v in enumerate(sim.matrix[i]))]
            for i, a in enumerate(sim.documents)]
    title = "Document similarity" + (" (clustered order)" if sim.clustered else "")
    text = title + "\n\n" + plain_table(["document", *sim.documents], rows,
                                        width=min(width, natural), flex=0) + "\n"
    if sim.approximate:
        text += "\n≥: a lower bound (--candidates); the other values are exact.\n"
    return text


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def agree_table(result: Agreement, *, width: int = 80) -> str:
    """Per-point P/R/F1, the overall figures and every disagreement, as fixed-width text."""
    rows = [[p.point, str(p.tool), str(p.gold), str(p.tp), _fmt(p.precision), _fmt(p.recall),
             _fmt(p.f1)] for p in result.points if p.tool or p.gold]
    out = [f"Agreement with gold against {result.against}: {len(result.units)} principles", "",
           plain_table(["point", "tool", "gold", "tp", "P", "R", "F1"], rows,
                       width=min(width, max(len(result.points[0].point) if result.points
                                            else 5, 5) + 40), flex=0), "",
           f"accuracy {_fmt(result.accuracy)}  (lenient: tool's point among gold targets "
           f"{_fmt(result.lenient)})",
           f"micro P {_fmt(result.micro_precision)}  micro R {_fmt(result.micro_recall)}  "
           f"macro F1 {_fmt(result.macro_f1)}",
           f"Cohen's kappa {_fmt(result.kappa)}", ""]
    bad = result.disagreements
    out.append(f"Disagreements ({len(bad)})")
    for u in bad:
        out.append(f"  {u.principle}: tool {u.tool} ({u.score:.2f}), gold {u.gold}"
                   + (f" [{', '.join(u.gold_targets)}]" if len(u.gold_targets) > 1 else ""))
    return "\n".join(out) + "\n"


def diff_table(result: DocumentDiff, *, width: int = 80) -> str:
    """Counts, each change with its text, and the coverage change per point."""
    def wrap(text: str | None, prefix: str) -> list[str]:
        return textwrap.wrap(
            display_text(text or ""),
            width - 2,
            initial_indent="  " + prefix,
            subsequent_indent="    ",
        ) or ["  " + prefix]

    d = result.to_dict()["counts"]
    out = [
        f"{result.old} → {result.new}: {d['unchanged']} unchanged, {d['reworded']} reworded, "
        f"{d['added']} added, {d['removed']} removed",
        "",
    ]
    for c in result.changes:
        if c.kind == "unchanged":
            continue
        if c.kind == "reworded":
            out.append(f"~ {c.old} → {c.new} ({c.score:.2f})")
            out += wrap(c.old_text, "- ") + wrap(c.new_text, "+ ")
        elif c.kind == "added":
            out.append(f"+ {c.new}")
            out += wrap(c.new_text, "+ ")
        else:
            out.append(f"- {c.old}")
            out += wrap(c.old_text, "- ")
    rows = [
        [
            p.point,
            display_text(p.title),
            f"{p.old_score:.2f}",
            f"{p.new_score:.2f}",
            f"{p.delta:+.2f}",
            f"{p.old_level}→{p.new_level}" if p.old_level != p.new_level else "",
        ]
        for p in result.coverage
    ]
    out += [
        "",
        f"Coverage against {result.against}",
        plain_table(["point", "title", "old", "new", "Δ", "level"], rows, width=width, flex=1),
    ]
    return "\n".join(out) + "\n"
