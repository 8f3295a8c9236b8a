"""A self-contained HTML report: coverage heatmap with evidence per cell, pairwise comparisons.

The file has no external references: CSS and JS are inline, a Content-Security-Policy forbids
every request (``default-src 'none'``) and only the report's own nonce-tagged script may run.
Document text is escaped by Jinja's autoescape; lemma highlighting is done by splitting a text
into segments in Python and letting the template escape each one, never by inserting markup
into text.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..analyses.batch import Progress, coverage_batch
from ..analyses.compare import Comparison, compare
from ..analyses.coverage import Coverage
from ..base.errors import UsageError
from ..run.workspace import Workspace
from .render import display_text, shown

LANGS = ("da", "nb")

STRINGS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Dækningsrapport", "coverage_of": "Dækning af", "documents": "Dokumenter",
        "point": "Punkt", "full": "fuld", "partial": "delvis", "none": "ingen",
        "legend": "Farve = score (0–1). Klik på en celle for at se evidensen.",
        "threshold": "tærskel", "evidence": "Evidens", "principle": "Princip",
        "relation": "Relation", "reuse": "genbruger punktets formulering",
        "shared_lemmas": "Fælles lemmaer", "shared_concepts": "Fælles begreber",
        "nearest": "Nærmeste kandidat under tærsklen", "no_evidence": "Ingen evidens.",
        "comparisons": "Sammenligninger", "similarity": "Lighed", "pairs": "Bedste par",
        "only_in": "Kun i", "manifest": "Kørselsmanifest (reproducerbarhed)",
        "expand_all": "Fold alt ud", "collapse_all": "Fold alt sammen", "mean": "gennemsnit",
        "full_partial": "fuld / delvis", "reviewed": "gennemgået af et menneske",
        "point_text": "Punktets tekst", "generated": "Dannet",
        "equal": "lig med", "subset": "delmængde", "superset": "overmængde",
        "intersects": "overlapper", "not_related": "ikke relateret",
        "to_check": "Læsninger, der bør efterses, før tallene citeres (`ledelse list` siger "
                    "hvorfor)",
    },
    "nb": {
        "title": "Dekningsrapport", "coverage_of": "Dekning av", "documents": "Dokumenter",
        "point": "Punkt", "full": "full", "partial": "delvis", "none": "ingen",
        "legend": "Farge = skår (0–1). Klikk på en celle for å se belegget.",
        "threshold": "terskel", "evidence": "Belegg", "principle": "Prinsipp",
        "relation": "Relasjon", "reuse": "gjenbruker punktets formulering",
        "shared_lemmas": "Felles lemmaer", "shared_concepts": "Felles begreper",
        "nearest": "Nærmeste kandidat under terskelen", "no_evidence": "Ikke noe belegg.",
        "comparisons": "Sammenligninger", "similarity": "Likhet", "pairs": "Beste par",
        "only_in": "Bare i", "manifest": "Kjøringsmanifest (reproduserbarhet)",
        "expand_all": "Vis alt", "collapse_all": "Skjul alt", "mean": "gjennomsnitt",
        "full_partial": "full / delvis", "reviewed": "gjennomgått av et menneske",
        "point_text": "Punktets tekst", "generated": "Laget",
        "equal": "lik", "subset": "delmengde", "superset": "overmengde",
        "intersects": "overlapper", "not_related": "ikke relatert",
        "to_check": "Lesninger som bør sjekkes før tallene siteres (`ledelse list` sier "
                    "hvorfor)",
    },
}

# cividis sampled at 0, 0.1, …, 1 (matplotlib's table): colour-blind safe, same as `figure`.
_CIVIDIS = ["#00224e", "#083370", "#35456c", "#4f576c", "#666970", "#7d7c78", "#948e77",
            "#aea371", "#c8b866", "#e5cf52", "#fee838"]


def cell_colour(score: float) -> tuple[str, str]:
    """Background (the nearest cividis sample) and a readable text colour on it."""
    k = min(max(round(score * 10), 0), 10)
    return _CIVIDIS[k], "#000" if k >= 6 else "#fff"


@dataclass(frozen=True)
class Segment:
    """A piece of text, highlighted when it is a word that shares a lemma with the other side."""

    text: str
    mark: bool = False


class Highlighter:
    """Splits texts into segments, marking words whose folded lemma key the other text shares."""

    def __init__(self, mappings: Any) -> None:
        self._mappings = mappings
        self._cache: dict[tuple[str, str], list[Any]] = {}

    def tokens(self, text: str, lang: str) -> list[Any]:
        from ..text.lemmatize import analyze

        key = (text, lang)
        if key not in self._cache:
            lang = lang if lang in ("da", "nb", "nn") else "unknown"
            self._cache[key] = analyze(text, lang, self._mappings)
        return self._cache[key]

    def keys(self, text: str, lang: str) -> set[str]:
        out: set[str] = set()
        for t in self.tokens(text, lang):
            if t.is_word and not t.is_stop:
                out.add(t.key)
                out.update(t.part_keys)
        return out

    def segments(self, text: str, lang: str, shared: set[str]) -> list[Segment]:
        out: list[Segment] = []
        pos = 0
        for t in self.tokens(text, lang):
            if not (t.is_word and not t.is_stop):
                continue
            if t.key in shared or shared.intersection(t.part_keys):
                if t.start > pos:
                    out.append(Segment(text[pos:t.start]))
                out.append(Segment(text[t.start:t.end], True))
                pos = t.end
        if pos < len(text):
            out.append(Segment(text[pos:]))
        return out

    def pair(self, a: str, la: str, b: str, lb: str) -> tuple[list[Segment], list[Segment]]:
        shared = self.keys(a, la) & self.keys(b, lb)
        return self.segments(a, la, shared), self.segments(b, lb, shared)


def _evidence_view(e: Any, point: Any, hl: Highlighter, texts_lang: dict[str, str]) -> dict:
    m = e.match
    seg, point_seg = hl.pair(display_text(e.text), texts_lang.get(e.principle, "unknown"),
                             point.full_text, point.lang)
    return {"principle": e.principle, "score": m.score, "level": m.level,
            "relation": m.relation, "reuse": m.reuse, "reuse_text": m.evidence.reuse,
            "reviewed": m.reviewed, "segments": seg, "point_segments": point_seg,
            "lemmas": list(m.evidence.shared_lemmas), "concepts": list(m.evidence.shared_concepts)}


def build_context(workspace: Workspace, cov: Coverage, comparisons: Sequence[Comparison],
                  *, lang: str, manifest: dict[str, Any] | None) -> dict[str, Any]:
    """Everything the template shows, as plain values (no markup anywhere)."""
    hl = Highlighter(workspace.mappings)
    langs: dict[str, str] = {}
    for d in cov.documents:
        try:
            for p in workspace.source(d).principles:
                langs[p.id] = p.lang
        except UsageError:
            continue
    totals = {t.document: t for t in cov.totals}
    rows = []
    for i, p in enumerate(cov.target.points):
        cells = []
        for j, d in enumerate(cov.documents):
            c = cov.cell(p.id, d)
            bg, fg = cell_colour(c.score)
            cells.append({
                "id": f"ev-{i}-{j}", "document": d, "score": c.score, "level": c.level,
                "relation": c.relation, "reuse": c.reuse, "bg": bg, "fg": fg,
                "evidence": [_evidence_view(e, p, hl, langs) for e in c.evidence],
                "nearest": _evidence_view(c.nearest, p, hl, langs) if c.nearest else None,
            })
        rows.append({"point": p, "cells": cells})
    return {
        "s": STRINGS[lang], "lang": lang, "coverage": cov, "rows": rows,
        "totals": [totals[d] for d in cov.documents], "config": cov.config,
        "comparisons": [_comparison_view(c, hl) for c in comparisons],
        "manifest": manifest, "created": (manifest or {}).get("created", ""),
        "legend_stops": [(k / 10, _CIVIDIS[k]) for k in range(0, 11, 2)],
    }


def _comparison_view(cmp: Comparison, hl: Highlighter) -> dict[str, Any]:
    pairs = []
    for m in cmp.pairs:
        a, b = hl.pair(display_text(cmp.texts.get(m.principle, "")), "unknown",
                       display_text(cmp.texts.get(m.target, "")),
                       "unknown")
        pairs.append({"match": m, "a": a, "b": b})
    return {"cmp": cmp, "pairs": pairs,
            "only_a": [(pid, display_text(cmp.texts.get(pid, ""))) for pid in cmp.only_a],
            "only_b": [(pid, display_text(cmp.texts.get(pid, ""))) for pid in cmp.only_b],
            "shared": [c for c in cmp.concepts if c.a and c.b]}


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("ledelse_cli.outputs", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = shown  # cut, not rounded: a value never contradicts its level
    return env


def render_report(context: dict[str, Any]) -> str:
    """Render the report template; a fresh nonce per file lets only our own script run."""
    nonce = secrets.token_urlsafe(16)
    manifest = context.get("manifest")
    return _environment().get_template("report.html.j2").render(
        **context, nonce=nonce,
        manifest_json=json.dumps(manifest, ensure_ascii=False, indent=2) if manifest else "",
    )


def report(
    workspace: Workspace,
    against: str,
    refs: Sequence[str] | None = None,
    *,
    pairs: Sequence[tuple[str, str]] = (),
    lang: str = "da",
    manifest: dict[str, Any] | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[str, list[tuple[str, str]]]:
    """Build the HTML report; returns the HTML and the REFs that failed (bad input data).

    Args:
        workspace: the opened corpus and mappings.
        against: framework id or any REF whose points form the heatmap's rows.
        refs: the documents (columns); default: the whole corpus except the target.
        pairs: (A, B) REF pairs to show side by side.
        lang: language of the report's own words: ``da`` or ``nb``.
        manifest: the run manifest to embed (see ``manifest.build_manifest``).
    """
    if lang not in LANGS:
        raise UsageError(f"--lang must be one of {', '.join(LANGS)}, not '{lang}'")
    cov, failures = coverage_batch(workspace, against, refs, workers=workers, progress=progress)
    comparisons = [compare(workspace, a, b, lang=lang, workers=workers) for a, b in pairs]
    context = build_context(workspace, cov, comparisons, lang=lang, manifest=manifest)
    return render_report(context), failures
