"""Results as records (one dict per row) and pandas DataFrames, for notebooks and scripts.

The records of a coverage, an alignment or a comparison are the rows of its long-format CSV
(``--format csv``), with the same columns and values, so ``result.to_pandas()`` and
``pandas.read_csv`` of the CLI's file hold the same numbers. Their text columns are display
text, without ``**bold**`` or ``#`` marks (JSON keeps the stored text its spans point into).
pandas is optional (``pip install 'ledelse[pandas]'``) and imported only by ``to_pandas``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..base.tabular import Record, records
from ..run.refs import SEGMENT_HEADER
from ..text.blocks import strip_markup

if TYPE_CHECKING:
    from .align import Alignment
    from .compare import Comparison
    from .coverage import Coverage
    from .similarity import SimilarityMatrix


COVERAGE_HEADER = ("document", "point", "number", "title", "score", "level", "relation",
                   "reuse", "evidence_principles", "evidence_text", "shared_lemmas",
                   "shared_concepts")


def coverage_rows(cov: Coverage) -> list[tuple[Any, ...]]:
    """One row per document × point (long format)."""
    titles = {p.id: (p.number, p.title) for p in cov.target.points}
    rows = []
    for doc in cov.documents:
        for point in cov.target.points:
            c = cov.cell(point.id, doc)
            ev = c.evidence
            first = ev[0].match if ev else None
            rows.append((
                doc, c.point, titles[c.point][0], titles[c.point][1], round(c.score, 4),
                c.level, c.relation, c.reuse, ";".join(e.principle for e in ev),
                " || ".join(strip_markup(e.text) for e in ev),
                ";".join(first.evidence.shared_lemmas) if first else "",
                ";".join(first.evidence.shared_concepts) if first else "",
            ))
    return rows


def coverage_wide(cov: Coverage) -> tuple[list[str], list[list[Any]]]:
    """Matrix: one row per point, one score column per document."""
    header = ["point", "title", *cov.documents]
    rows = [[p.id, p.title, *(round(cov.cell(p.id, d).score, 4) for d in cov.documents)]
            for p in cov.target.points]
    return header, rows


ALIGN_HEADER = ("principle", "rank", "target", "score", "level", "relation", "reuse",
                "reviewed", "shared_lemmas", "shared_concepts", "fuzzy", "best_item",
                "target_item", "principle_text")


def align_rows(al: Alignment) -> list[tuple[Any, ...]]:
    rows = []
    for p in al.principles:
        for rank, m in enumerate(p.matches, start=1):
            e = m.evidence
            rows.append((p.id, rank, m.target, round(m.score, 4), m.level, m.relation, m.reuse,
                         m.reviewed, ";".join(e.shared_lemmas), ";".join(e.shared_concepts),
                         round(e.fuzzy, 4), e.best_unit or "", e.target_unit or "",
                         strip_markup(p.text)))
    return rows


COMPARE_HEADER = ("a", "b", "score", "level", "relation", "reuse", "shared_lemmas",
                  "shared_concepts", "a_text", "b_text")


def compare_rows(cmp: Comparison) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for m in cmp.pairs:
        rows.append((m.principle, m.target, round(m.score, 4), m.level, m.relation, m.reuse,
                     ";".join(m.evidence.shared_lemmas), ";".join(m.evidence.shared_concepts),
                     strip_markup(cmp.texts.get(m.principle, "")),
                     strip_markup(cmp.texts.get(m.target, ""))))
    for pid in cmp.only_a:
        text = strip_markup(cmp.texts.get(pid, ""))
        rows.append((pid, "", "", "none", "only_a", False, "", "", text, ""))
    for pid in cmp.only_b:
        text = strip_markup(cmp.texts.get(pid, ""))
        rows.append(("", pid, "", "none", "only_b", False, "", "", "", text))
    return rows


def similarity_rows(sim: SimilarityMatrix) -> list[tuple[Any, ...]]:
    """Long format: one row per ordered document pair, the diagonal included; ``exact`` is
    false where ``--candidates`` left a lower bound."""
    mask = sim.exact_mask
    return [(a, b, round(sim.matrix[i][j], 4), "false" if mask and not mask[i][j] else "true")
            for i, a in enumerate(sim.documents) for j, b in enumerate(sim.documents)]


SIMILARITY_HEADER = ("a", "b", "similarity", "exact")


def similarity_wide(sim: SimilarityMatrix) -> tuple[list[str], list[list[Any]]]:
    header = ["document", *sim.documents]
    rows = [[a, *(round(v, 4) for v in sim.matrix[i])] for i, a in enumerate(sim.documents)]
    return header, rows


def coverage_records(cov: Coverage) -> list[Record]:
    """One record per document × point (the long CSV's rows)."""
    return records(COVERAGE_HEADER, coverage_rows(cov))


def align_records(al: Alignment) -> list[Record]:
    """One record per principle × ranked target point."""
    return records(ALIGN_HEADER, align_rows(al))


def compare_records(cmp: Comparison) -> list[Record]:
    """One record per best pair, then one per principle found only on one side."""
    return records(COMPARE_HEADER, compare_rows(cmp))


def columns_of(kind: str) -> tuple[str, ...]:
    """The columns of a kind of result: coverage, align, compare or segment."""
    return {"coverage": COVERAGE_HEADER, "align": ALIGN_HEADER, "compare": COMPARE_HEADER,
            "segment": SEGMENT_HEADER}[kind]
