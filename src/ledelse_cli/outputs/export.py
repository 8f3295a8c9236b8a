"""Flat exports of results: long-format rows, CSV (spreadsheet-safe), JSON Lines, Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..analyses.align import Alignment
from ..analyses.compare import Comparison
from ..analyses.coverage import Coverage
from ..analyses.similarity import SimilarityMatrix

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


BOM = "\ufeff"


def with_bom(text: str) -> str:
    """Prefix a UTF-8 byte-order mark: Excel on Windows then reads æ ø å correctly."""
    return text if text.startswith(BOM) else BOM + text


def to_jsonl(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) + "\n"
                   for row in rows)


def _md_escape(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_escape(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- long format

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
                " || ".join(e.text for e in ev),
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
                         round(e.fuzzy, 4), e.best_unit or "", e.target_unit or "", p.text))
    return rows


COMPARE_HEADER = ("a", "b", "score", "level", "relation", "reuse", "shared_lemmas",
                  "shared_concepts", "a_text", "b_text")


def compare_rows(cmp: Comparison) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for m in cmp.pairs:
        rows.append((m.principle, m.target, round(m.score, 4), m.level, m.relation, m.reuse,
                     ";".join(m.evidence.shared_lemmas), ";".join(m.evidence.shared_concepts),
                     cmp.texts.get(m.principle, ""), cmp.texts.get(m.target, "")))
    for pid in cmp.only_a:
        rows.append((pid, "", "", "none", "only_a", False, "", "", cmp.texts.get(pid, ""), ""))
    for pid in cmp.only_b:
        rows.append(("", pid, "", "none", "only_b", False, "", "", "", cmp.texts.get(pid, "")))
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
