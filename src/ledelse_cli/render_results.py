"""Fixed-width text renders of alignment, coverage and comparison results (80 columns)."""

from __future__ import annotations

import textwrap

from .align import Alignment
from .compare import Comparison
from .coverage import Coverage
from .explain import Match
from .render import DEFAULT_WIDTH, display_text, plain_table, shown

GLYPH = {"full": "●", "partial": "◐", "none": "·"}


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def legend(full: float, partial: float) -> str:
    return (f"● full (a principle's closest point, ≥ {full:.2f})   "
            f"◐ partial (≥ {partial:.2f})   · none\n"
            "R after a score: the principle reuses the target's wording")


def _cell(score: float, level: str, reuse: bool) -> str:
    return f"{GLYPH[level]} {shown(score)}" + ("R" if reuse else "")


def coverage_table(cov: Coverage, *, detail: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """Points × documents with glyph + score per cell and totals per document."""
    headers = ["#", "point", *cov.documents]
    rows = []
    for p in cov.target.points:
        cells = [cov.cell(p.id, d) for d in cov.documents]
        rows.append([p.number or p.id, display_text(p.title),
                     *(_cell(c.score, c.level, c.reuse) for c in cells)])
    totals = {t.document: t for t in cov.totals}
    rows.append(["", "full / partial of " + str(len(cov.target.points)),
                 *(f"{totals[d].full}/{totals[d].partial}" for d in cov.documents)])
    rows.append(["", "mean score", *(f"{totals[d].mean:.2f}" for d in cov.documents)])
    out = [f"Coverage of {cov.target.id} — {cov.target.title}", "",
           plain_table(headers, rows, width=width, flex=1), "",
           legend(cov.config.full, cov.config.partial)]
    if detail:
        out.append("")
        for p in cov.target.points:
            out.append(f"{p.id} {display_text(p.title)}"[:width])
            for d in cov.documents:
                c = cov.cell(p.id, d)
                listed = c.evidence or ((c.nearest,) if c.nearest else ())
                for e in listed:
                    m = e.match
                    tag = "nearest below threshold" if not c.evidence else m.relation
                    out.append(f"  {d}: {e.principle} {shown(m.score)} {m.level}, {tag}"
                               + (", reuse" if m.reuse else "")[: width])
                    out += _wrap(display_text(e.text), width - 4, "    ")
                    out += _explain(m, width)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _explain(m: Match, width: int) -> list[str]:
    e = m.evidence
    lines = []
    if e.shared_lemmas:
        lines += _wrap("lemmas: " + ", ".join(e.shared_lemmas[:12]), width - 4, "    ")
    if e.shared_concepts:
        lines += _wrap("concepts: " + ", ".join(e.shared_concepts), width - 4, "    ")
    lines.append(f"    lexical {e.lexical:.2f} · fuzzy {e.fuzzy:.2f} · concepts "
                 f"{e.concepts:.2f}"[:width])
    if e.reuse:
        lines += _wrap(f"reused wording: \"{e.reuse}\"", width - 4, "    ")
    if m.reviewed:
        lines += _wrap(f"reviewed: {m.rationale or ''}", width - 4, "    ")
    return lines


def align_table(al: Alignment, *, width: int = DEFAULT_WIDTH) -> str:
    """Each principle with its best targets and why."""
    out = [f"{al.document} aligned against {al.against}", ""]
    for p in al.principles:
        out.append(p.id)
        out += _wrap(display_text(p.text), width - 2, "  ")
        for m in p.matches:
            flag = " reuse" if m.reuse else ""
            rev = " reviewed" if m.reviewed else ""
            out.append(f"  → {m.target} {GLYPH[m.level]} {shown(m.score)} {m.level} "
                       f"{m.relation}{flag}{rev}"[:width])
            out += _explain(m, width)
        out.append("")
    out.append(legend(al.config.full, al.config.partial))
    return "\n".join(out) + "\n"


def compare_table(cmp: Comparison, *, width: int = DEFAULT_WIDTH) -> str:
    """Shared concepts side by side, best pairs, and what only one side says."""
    out = [f"{cmp.a} ↔ {cmp.b}: similarity {cmp.similarity:.2f}", ""]
    shared = [c for c in cmp.concepts if c.a and c.b]
    one_sided = [c for c in cmp.concepts if not (c.a and c.b)]
    rows = [[c.label, f"{c.a:.2f}", f"{c.b:.2f}", c.a_evidence or "", c.b_evidence or ""]
            for c in shared]
    out += ["Shared themes (concept strength; strongest principle)",
            plain_table(["concept", cmp.a[:8], cmp.b[:8], "in " + cmp.a, "in " + cmp.b], rows,
                        width=width, flex=0), ""]
    if one_sided:
        a_only = ", ".join(c.label for c in one_sided if c.a)
        b_only = ", ".join(c.label for c in one_sided if c.b)
        if a_only:
            out += _wrap(f"Themes only in {cmp.a}: {a_only}", width, "")
        if b_only:
            out += _wrap(f"Themes only in {cmp.b}: {b_only}", width, "")
        out.append("")
    out.append("Best principle pairs")
    for m in cmp.pairs:
        out.append(f"  {m.principle} ↔ {m.target}  {GLYPH[m.level]} {shown(m.score)} "
                   f"{m.relation}" + (" reuse" if m.reuse else ""))
        out += _wrap(display_text(cmp.texts.get(m.principle, "")), width - 6, "    A ")
        out += _wrap(display_text(cmp.texts.get(m.target, "")), width - 6, "    B ")
        out += _explain(m, width)
    for label, ids in ((f"Only in {cmp.a}", cmp.only_a), (f"Only in {cmp.b}", cmp.only_b)):
        out += ["", f"{label} ({len(ids)})"]
        for pid in ids:
            out += _wrap(f"{pid}: {display_text(cmp.texts.get(pid, ''))}", width - 2, "  ")
    return "\n".join(out) + "\n"
