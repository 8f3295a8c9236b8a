"""Fixed-width text for the research commands' results (similarity, agreement, diff), with
headings in the output language."""

from __future__ import annotations

import textwrap

from ..analyses.agree import Agreement
from ..analyses.diff import DocumentDiff
from ..analyses.similarity import SimilarityMatrix
from .render import display_text, plain_table

__all__ = ["agree_table", "diff_table", "similarity_table"]


#: The table's words in the output language (``--lang``).
SIMILARITY_WORDS = {
    "en": ("Document similarity", "clustered order", "document",
           "≥: a lower bound (--candidates); the other values are exact."),
    "da": ("Lighed mellem dokumenter", "ordnet i klynger", "dokument",
           "≥: en nedre grænse (--candidates); de andre værdier er eksakte."),
    "nb": ("Likhet mellom dokumenter", "ordnet i klynger", "dokument",
           "≥: en nedre grense (--candidates); de andre verdiene er eksakte."),
    "nn": ("Likskap mellom dokument", "ordna i klynger", "dokument",
           "≥: ei nedre grense (--candidates); dei andre verdiane er eksakte."),
}


def similarity_table(sim: SimilarityMatrix, *, width: int = 80, lang: str = "en") -> str:
    """The matrix as fixed-width text (two decimals), no wider than it needs to be; a lower
    bound left by ``--candidates`` is shown as "≥0.41"; headings in ``lang``."""

    heading, clustered, document, bound = SIMILARITY_WORDS.get(lang, SIMILARITY_WORDS["en"])

    mask = sim.exact_mask
    cell = 5 if sim.approximate else 4
    name_w = max(len(document), *(len(d) for d in sim.documents))
    natural = name_w + sum(max(len(d), cell) + 2 for d in sim.documents)
    rows = [[a, *(f"{v:.2f}" if not mask or mask[i][j] else f"≥{v:.2f}"
                  for j, v in enumerate(sim.matrix[i]))]
            for i, a in enumerate(sim.documents)]
    title = heading + (f" ({clustered})" if sim.clustered else "")
    if natural <= width:
        body = plain_table([document, *sim.documents], rows, width=natural, flex=0)
    else:
        from .render_matrix import numbered_square

        body = numbered_square(document, sim.documents, [
            [f"{v:.2f}".lstrip("0") if i != j else "—" for j, v in enumerate(sim.matrix[i])]
            for i in range(len(sim.documents))], width=width,
            bound=[[bool(mask) and not mask[i][j] for j in range(len(sim.documents))]
                   for i in range(len(sim.documents))])
    text = title + "\n\n" + body + "\n"
    if mask and not all(all(row) for row in mask):
        text += f"\n{bound}\n"
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
        out += textwrap.wrap(
            f"{u.principle}: tool {u.tool} ({u.score:.2f}), gold {u.gold}"
            + (f" [{', '.join(u.gold_targets)}]" if len(u.gold_targets) > 1 else ""),
            width, initial_indent="  ", subsequent_indent="      ")
    # Long summary lines wrap (the table and the indented lines are laid out already).
    out = [line for text in out for line in (
        textwrap.wrap(text, width) if len(text) > width and "\n" not in text
        and not text.startswith(" ") else [text])]
    return "\n".join(out) + "\n"


#: The table's words in the output language (``--lang``): the counts, the coverage heading
#: and the coverage table's columns.
DIFF_WORDS = {
    "en": ("unchanged", "reworded", "added", "removed", "Coverage against",
           ("point", "title", "old", "new", "Δ", "level")),
    "da": ("uændret", "omformuleret", "tilføjet", "fjernet", "Dækning holdt op mod",
           ("punkt", "titel", "før", "nu", "Δ", "niveau")),
    "nb": ("uendret", "omformulert", "lagt til", "fjernet", "Dekning holdt opp mot",
           ("punkt", "tittel", "før", "nå", "Δ", "nivå")),
    "nn": ("uendra", "omformulert", "lagt til", "fjerna", "Dekning halde opp mot",
           ("punkt", "tittel", "før", "no", "Δ", "nivå")),
}


def diff_table(result: DocumentDiff, *, width: int = 80, lang: str = "en") -> str:
    """Counts, each change with its text, and the coverage change per point (in ``lang``)."""
    same, reworded, added, removed, against, headers = DIFF_WORDS.get(lang, DIFF_WORDS["en"])


    def wrap(text: str | None, prefix: str) -> list[str]:
        return textwrap.wrap(
            display_text(text or ""),
            width - 2,
            initial_indent="  " + prefix,
            subsequent_indent="    ",
        ) or ["  " + prefix]

    d = result.to_dict()["counts"]
    out = [
        *textwrap.wrap(f"{result.old} → {result.new}: {d['unchanged']} {same}, "
                       f"{d['reworded']} {reworded}, {d['added']} {added}, {d['removed']} "
                       f"{removed}", width),
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
        f"{against} {result.against}",
        plain_table(list(headers), rows, width=width, flex=1,
                    wrap=True),
    ]
    return "\n".join(out) + "\n"

