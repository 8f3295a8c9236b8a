"""Fixed-width text renders of alignment, coverage and comparison results (80 columns)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from ..analyses.align import Alignment
from ..analyses.compare import Comparison
from ..analyses.coverage import Coverage, Renamed
from ..matching.explain import Match
from .render import DEFAULT_WIDTH, display_text, plain_table, shown

GLYPH = {"full": "●", "partial": "◐", "none": "·"}

#: Headings and words of the text renders, in the output language (``--lang``).
WORDS: dict[str, dict[str, str]] = {
    "en": {"document": "document", "mean_short": "mean",
           "points_listed": "Points (a cell ◐28: partial, score 0.28)",
           "coverage_of": "Coverage of", "point": "point", "of": "full / partial of",
           "mean": "mean score", "full": "full", "partial": "partial", "none": "none",
           "closest": "a principle's closest point",
           "reuse_note": "R after a score: the principle reuses the target's wording",
           "against": "aligned against", "lemmas": "lemmas", "concepts": "concepts",
           "lexical": "lexical", "nearest": "nearest below threshold",
           "reused": "reused wording", "reviewed": "reviewed",
           "similarity": "similarity", "shared": "Shared themes (concept strength; strongest "
           "principle)", "concept": "concept", "in": "in", "only_themes": "Themes only in",
           "pairs": "Best principle pairs", "only": "Only in",
           "readers": "readers' model",
           "to_check": "readings to check before citing these numbers (`ledelse list` says why)"},
    "da": {"document": "dokument", "mean_short": "gns.",
           "points_listed": "Punkter (en celle ◐28: delvis, score 0.28)",
           "coverage_of": "Dækning af", "point": "punkt", "of": "fuld / delvis af",
           "mean": "gennemsnitlig score", "full": "fuld", "partial": "delvis", "none": "ingen",
           "closest": "et princips nærmeste punkt",
           "reuse_note": "R efter en score: princippet genbruger punktets formulering",
           "against": "holdt op mod", "lemmas": "lemmaer", "concepts": "begreber",
           "lexical": "leksikalsk", "nearest": "nærmeste under tærsklen",
           "reused": "genbrugt formulering", "reviewed": "gennemgået",
           "similarity": "lighed", "shared": "Fælles temaer (begrebsstyrke; stærkeste "
           "princip)", "concept": "begreb", "in": "i", "only_themes": "Temaer kun i",
           "pairs": "Bedste par af principper", "only": "Kun i",
           "readers": "læsernes model",
           "to_check": "læsninger, der bør efterses, før tallene citeres (`ledelse list` "
           "siger hvorfor)"},
    "nb": {"document": "dokument", "mean_short": "snitt",
           "points_listed": "Punkter (en celle ◐28: delvis, skår 0.28)",
           "coverage_of": "Dekning av", "point": "punkt", "of": "full / delvis av",
           "mean": "gjennomsnittlig skår", "full": "full", "partial": "delvis", "none": "ingen",
           "closest": "et prinsipps nærmeste punkt",
           "reuse_note": "R etter en skår: prinsippet gjenbruker punktets formulering",
           "against": "holdt opp mot", "lemmas": "lemmaer", "concepts": "begreper",
           "lexical": "leksikalsk", "nearest": "nærmeste under terskelen",
           "reused": "gjenbrukt formulering", "reviewed": "gjennomgått",
           "similarity": "likhet", "shared": "Felles temaer (begrepsstyrke; sterkeste "
           "prinsipp)", "concept": "begrep", "in": "i", "only_themes": "Temaer bare i",
           "pairs": "Beste par av prinsipper", "only": "Bare i",
           "readers": "lesernes modell",
           "to_check": "lesninger som bør sjekkes før tallene siteres (`ledelse list` sier "
           "hvorfor)"},
}
WORDS["nn"] = {**WORDS["nb"], "coverage_of": "Dekning av", "mean": "gjennomsnittleg skår",
               "only_themes": "Tema berre i", "only": "Berre i", "concepts": "omgrep",
               "concept": "omgrep", "shared": "Felles tema (omgrepsstyrke; sterkaste "
               "prinsipp)", "closest": "eit prinsipps næraste punkt",
               "readers": "lesarane sin modell",
               "to_check": "lesingar som bør sjekkast før tala vert siterte (`ledelse list` seier "
               "kvifor)"}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def _wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def legend(full: float, partial: float, lang: str = "en", width: int = DEFAULT_WIDTH) -> str:
    w = words(lang)
    parts = [f"● {w['full']} ({w['closest']}, ≥ {full:.2f})",
             f"◐ {w['partial']} (≥ {partial:.2f})", f"· {w['none']}"]
    one = "   ".join(parts)
    lines = [one] if len(one) <= width else parts
    return "\n".join([*lines, *_wrap(w["reuse_note"], width, "")])


def _cell(score: float, level: str, reuse: bool) -> str:
    return f"{GLYPH[level]} {shown(score)}" + ("R" if reuse else "")


def coverage_table(cov: Coverage, *, detail: bool = False, width: int = DEFAULT_WIDTH,
                   lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """Points × documents with glyph + score per cell and totals per document; headings in
    ``lang``, concept ids shown by their ``labels``."""
    from .render_matrix import coverage_matrix

    w = words(lang)
    out = [*_wrap(f"{w['coverage_of']} {cov.target.id} — {cov.target.title}", width, ""), "",
           coverage_matrix(cov, w, width=width), "",
           legend(cov.config.full, cov.config.partial, lang, width),
           *(_renamed(r, lang) for r in cov.renamed),
           *(_wrap(f"⚠ {w['to_check']}: " + ", ".join(cov.to_check), width, "")
             if cov.to_check else [])]
    if detail:
        out.append("")
        for p in cov.target.points:
            out += _wrap(f"{p.id} {display_text(p.title)}", width, "")
            for d in cov.documents:
                c = cov.cell(p.id, d)
                listed = c.evidence or ((c.nearest,) if c.nearest else ())
                for e in listed:
                    m = e.match
                    tag = w["nearest"] if not c.evidence else m.relation
                    out += textwrap.wrap(f"{d}: {e.principle} {shown(m.score)} {w[m.level]}, "
                                         f"{tag}" + (", reuse" if m.reuse else ""), width,
                                         initial_indent="  ", subsequent_indent="      ")
                    out += _wrap(display_text(e.text), width - 4, "    ")
                    out += _explain(m, width, w, labels)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


#: "gladsaxe~file: the file drafts/gladsaxe.md, not the document gladsaxe" in each language.
RENAMED = {
    "en": ("{column}: the {kind} {ref}, not the {other} {id}",
           {"file": "file", "document": "document", "org": "org"}),
    "da": ("{column}: {kind} {ref}, ikke {other} {id}",
           {"file": "filen", "document": "dokumentet", "org": "organisationen"}),
    "nb": ("{column}: {kind} {ref}, ikke {other} {id}",
           {"file": "fila", "document": "dokumentet", "org": "organisasjonen"}),
    "nn": ("{column}: {kind} {ref}, ikkje {other} {id}",
           {"file": "fila", "document": "dokumentet", "org": "organisasjonen"}),
}


def _renamed(r: Renamed, lang: str) -> str:
    pattern, kinds = RENAMED.get(lang, RENAMED["en"])
    return pattern.format(column=r.column, kind=kinds.get(r.kind, r.kind), ref=r.ref,
                          other=kinds.get(r.other_kind, r.other_kind), id=r.id)


def _explain(m: Match, width: int, w: Mapping[str, str] | None = None,
             labels: Mapping[str, str] | None = None) -> list[str]:
    """The evidence of a match: shared lemmas, shared concepts (by label), the three parts."""
    e = m.evidence
    w = w or WORDS["en"]
    labels = labels or {}
    lines = []
    if e.shared_lemmas:
        lines += _wrap(f"{w['lemmas']}: " + ", ".join(e.shared_lemmas[:12]), width - 4, "    ")
    if e.shared_concepts:
        named = ", ".join(labels.get(c, c) for c in e.shared_concepts)
        lines += _wrap(f"{w['concepts']}: {named}", width - 4, "    ")
    lines.append(f"    {w['lexical']} {shown(e.lexical)} · fuzzy {shown(e.fuzzy)} · "
                 f"{w['concepts']} {shown(e.concepts)}"[:width])
    if e.model is not None:
        # What readers' codes add (eval/train_points.py): the words that pull towards the point.
        words = ", ".join(labels.get(k[2:], k[2:]) if k.startswith("C:") else k
                          for k in e.readers)
        lines += _wrap(f"{w['readers']} {e.model:+.2f}" + (f": {words}" if words else ""),
                       width - 4, "    ")
    if e.reuse:
        lines += _wrap(f"{w['reused']}: \"{e.reuse}\"", width - 4, "    ")
    if m.reviewed:
        lines += _wrap(f"{w['reviewed']}: {m.rationale or ''}", width - 4, "    ")
    return lines


def align_table(al: Alignment, *, width: int = DEFAULT_WIDTH, lang: str = "en",
                labels: Mapping[str, str] | None = None) -> str:
    """Each principle with its best targets and why."""
    w = words(lang)
    out = [f"{al.document} {w['against']} {al.against}", ""]
    for p in al.principles:
        out.append(p.id)
        out += _wrap(display_text(p.text), width - 2, "  ")
        for m in p.matches:
            flag = " reuse" if m.reuse else ""
            rev = " reviewed" if m.reviewed else ""
            out.append(f"  → {m.target} {GLYPH[m.level]} {shown(m.score)} {w[m.level]} "
                       f"{m.relation}{flag}{rev}"[:width])
            out += _explain(m, width, w, labels)
        out.append("")
    out.append(legend(al.config.full, al.config.partial, lang, width))
    return "\n".join(out) + "\n"


def compare_table(cmp: Comparison, *, width: int = DEFAULT_WIDTH, lang: str = "en",
                  labels: Mapping[str, str] | None = None) -> str:
    """Shared concepts side by side, best pairs, and what only one side says."""
    w = words(lang)
    out = [f"{cmp.a} ↔ {cmp.b}: {w['similarity']} {shown(cmp.similarity)}",
           *(_wrap(f"⚠ {w['to_check']}: " + ", ".join(cmp.to_check), width, "")
             if cmp.to_check else []), ""]
    shared = [c for c in cmp.concepts if c.a and c.b]
    one_sided = [c for c in cmp.concepts if not (c.a and c.b)]
    rows = [[c.label, f"{c.a:.2f}", f"{c.b:.2f}", c.a_evidence or "", c.b_evidence or ""]
            for c in shared]
    headers = [w["concept"], cmp.a, cmp.b, f"{w['in']} {cmp.a}", f"{w['in']} {cmp.b}"]
    beside = sum(max(len(h), *(len(r[i]) for r in rows)) + 2
                 for i, h in enumerate(headers) if i) if rows else 0
    if width - beside < 24:
        # Too narrow for the concept beside its evidence: the evidence goes under it.
        rows = [[f"{r[0]}\n  {r[3]} · {r[4]}", r[1], r[2]] for r in rows]
        headers = [f"{w['concept']} ({w['in']} {cmp.a} · {cmp.b})", cmp.a, cmp.b]
    out += [*_wrap(w["shared"], width, ""),
            plain_table(headers, rows, width=width, flex=0, wrap=True), ""]
    if one_sided:
        a_only = ", ".join(c.label for c in one_sided if c.a)
        b_only = ", ".join(c.label for c in one_sided if c.b)
        if a_only:
            out += _wrap(f"{w['only_themes']} {cmp.a}: {a_only}", width, "")
        if b_only:
            out += _wrap(f"{w['only_themes']} {cmp.b}: {b_only}", width, "")
        out.append("")
    out.append(w["pairs"])
    for m in cmp.pairs:
        out.append(f"  {m.principle} ↔ {m.target}  {GLYPH[m.level]} {shown(m.score)} "
                   f"{m.relation}" + (" reuse" if m.reuse else ""))
        out += _wrap(display_text(cmp.texts.get(m.principle, "")), width - 6, "    A ")
        out += _wrap(display_text(cmp.texts.get(m.target, "")), width - 6, "    B ")
        out += _explain(m, width, w, labels)
    for label, ids in ((f"{w['only']} {cmp.a}", cmp.only_a), (f"{w['only']} {cmp.b}", cmp.only_b)):
        out += ["", f"{label} ({len(ids)})"]
        for pid in ids:
            out += _wrap(f"{pid}: {display_text(cmp.texts.get(pid, ''))}", width - 2, "  ")
    return "\n".join(out) + "\n"


def concept_labels(mappings: object, lang: str) -> dict[str, str]:
    """Concept id -> its label in ``lang`` (``Borgeren i centrum``, not ``borger``)."""
    from ..base import settings
    from ..knowledge.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(settings.mappings_dir(mappings))  # type: ignore[arg-type]
    return {c.id: c.label(lang) for c in taxonomy.concepts}
