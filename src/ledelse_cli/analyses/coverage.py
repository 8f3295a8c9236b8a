"""`coverage`: a matrix of target points × documents, each cell explained by its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..base.vocab import Level, Relation
from ..knowledge.alignment import AlignConfig
from ..matching.explain import Match, explain
from ..matching.scoring import score_matrix
from ..run.workspace import Target, Workspace

MAX_EVIDENCE = 3
_LEVEL_RANK = {Level.full: 0, Level.partial: 1, Level.none: 2}


@dataclass(frozen=True)
class EvidenceRef:
    """A principle that supports a cell, with its match to the point."""

    principle: str
    text: str
    match: Match

    def to_dict(self) -> dict[str, Any]:
        m = self.match
        return {
            "principle": self.principle,
            "score": round(m.score, 4),
            "level": m.level,
            "relation": m.relation,
            "reuse": m.reuse,
            "reviewed": m.reviewed,
            "text": self.text,
            "shared_lemmas": list(m.evidence.shared_lemmas),
            "shared_concepts": list(m.evidence.shared_concepts),
            "best_item": m.evidence.best_unit,
            "target_item": m.evidence.target_unit,
        }


@dataclass(frozen=True)
class Cell:
    """One document's coverage of one point: the best principle decides score and level."""

    point: str
    document: str
    score: float
    level: Level
    relation: Relation
    reuse: bool
    evidence: tuple[EvidenceRef, ...]
    nearest: EvidenceRef | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "point": self.point,
            "document": self.document,
            "score": round(self.score, 4),
            "level": self.level,
            "relation": self.relation,
            "reuse": self.reuse,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.nearest is not None:
            out["nearest"] = self.nearest.to_dict()
        return out


@dataclass(frozen=True)
class DocumentTotal:
    document: str
    full: int
    partial: int
    none: int
    mean: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "full": self.full,
            "partial": self.partial,
            "none": self.none,
            "mean_score": round(self.mean, 4),
        }


@dataclass(frozen=True)
class Renamed:
    """A column renamed because an earlier REF has its id: ``column`` is the ``kind``
    (file, org, document) ``ref``, not the ``other_kind`` called ``id``."""

    column: str
    kind: str
    ref: str
    other_kind: str
    id: str

    def describe(self) -> str:
        return f"the {self.kind} {self.ref}, not the {self.other_kind} {self.id}"


@dataclass(frozen=True)
class Coverage:
    """The coverage matrix of ``documents`` against ``target``."""

    target: Target
    documents: tuple[str, ...]
    cells: tuple[Cell, ...]
    totals: tuple[DocumentTotal, ...]
    config: AlignConfig
    #: Columns renamed because two REFs name the same id (a corpus document and a draft file
    #: of the same name).
    renamed: tuple[Renamed, ...] = ()
    #: Columns whose segmentation the segmenter asks a person to check (``ledelse list``
    #: says why): their numbers rest on a reading nobody has confirmed.
    to_check: tuple[str, ...] = ()

    def cell(self, point: str, document: str) -> Cell:
        for c in self.cells:
            if c.point == point and c.document == document:
                return c
        raise KeyError((point, document))

    def to_dict(self) -> dict[str, Any]:
        return {
            "against": self.target.id,
            "documents": list(self.documents),
            "points": self.target.point_summary(),
            "cells": [c.to_dict() for c in self.cells],
            "totals": [t.to_dict() for t in self.totals],
            "thresholds": {"full": self.config.full, "partial": self.config.partial},
            **({"renamed": {r.column: r.describe() for r in self.renamed}}
               if self.renamed else {}),
            **({"readings_to_check": list(self.to_check)} if self.to_check else {}),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per document × point: the rows of ``--format csv``."""
        from .records import coverage_records

        return coverage_records(self)

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (pandas is optional: ``ledelse[pandas]``)."""
        from ..base.tabular import to_pandas
        from .records import columns_of

        return to_pandas(self.to_records(), columns_of("coverage"))


def default_refs(workspace: Workspace, target: Target) -> list[str]:
    """Every corpus document except the target's own, orgs merged (``randers``)."""
    workspace.corpus.require()
    refs: list[str] = []
    orgs = workspace.corpus.orgs()
    for meta in workspace.corpus.metas():
        if meta.id in target.documents:
            continue
        ref = meta.org if len(orgs[meta.org]) > 1 else meta.id
        if ref not in refs:
            refs.append(ref)
    return refs


def coverage(
    workspace: Workspace, against: str, refs: list[str] | None = None, *, workers: int = 1
) -> Coverage:
    """Coverage of each point of ``against`` by each REF (default: the whole corpus)."""
    target = workspace.target(against)
    config = workspace.config.scoped(target.id)
    targets = workspace.target_features(target)
    refs = refs if refs else default_refs(workspace, target)
    overrides = workspace.overrides()
    cells: list[Cell] = []
    totals = []
    documents: list[str] = []
    per_doc: dict[str, list[Cell]] = {}
    sources = [workspace.source(ref) for ref in refs]
    per_source = [workspace.features(s.principles, s.documents) for s in sources]
    # One matrix for every document at once (rarity does not depend on what is scored with
    # what, so batching does not change a number); each document's rows are a slice of it.
    everything = [f for feats in per_source for f in feats]
    full_matrix = score_matrix(
        everything,
        targets,
        rarity=workspace.rarity([everything, targets], workers),
        config=config,
        overrides=overrides,
        workers=workers,
    )
    # Python floats (the same values): ranking reads every score of every document.
    all_scores = full_matrix.score.tolist()
    reviewed = full_matrix.overrides
    offset = 0
    renamed: list[Renamed] = []
    for ref, source, feats in zip(refs, sources, per_source, strict=True):
        name = column_name(source.id, source.kind, documents)
        if name != source.id:
            first = documents_kind(source.id, sources)
            renamed.append(Renamed(name, source.kind, ref, first, source.id))
        documents.append(name)
        scores = all_scores[offset : offset + len(feats)]
        doc_cells = []
        for j, point in enumerate(target.points):
            # Best first, ties in principle order (the sort is stable).
            negated = [-row[j] for row in scores]
            order = sorted(range(len(feats)), key=negated.__getitem__)
            # The best-scoring principles, plus any pair a person reviewed for this point.
            shown = order[:MAX_EVIDENCE] + [
                i for i in order[MAX_EVIDENCE:] if (feats[i].id, point.id) in reviewed
            ]
            # Explaining a match is the costly part (reuse search, best units); a principle
            # that is neither the best nor reviewed and scores below `partial` can only be
            # dropped below, so it is not explained.
            explained = [
                i
                for n, i in enumerate(shown)
                if n == 0
                or (feats[i].id, point.id) in reviewed
                or config.level(scores[i][j]) != Level.none
            ]
            matches = [explain(full_matrix, offset + i, j) for i in explained]
            support = tuple(
                sorted(
                    (
                        EvidenceRef(m.principle, feats[i].principle.text, m)
                        for i, m in zip(explained, matches, strict=True)
                        if m.level != Level.none
                    ),
                    key=lambda e: (_LEVEL_RANK[e.match.level], -e.match.score),
                )
            )
            best = matches[0] if matches else None
            lead = support[0].match if support else best
            nearest = None
            if best is not None and not support:
                nearest = EvidenceRef(best.principle, feats[order[0]].principle.text, best)
            doc_cells.append(
                Cell(
                    point.id,
                    name,
                    # The cell's score and relation are those of the evidence that sets its
                    # level (a principle's closest point can be full below another
                    # principle's partial score), else of the nearest principle.
                    lead.score if lead else 0.0,
                    support[0].match.level if support else Level.none,
                    lead.relation if lead else Relation.not_related,
                    any(e.match.reuse for e in support),
                    support,
                    nearest,
                )
            )
        per_doc[name] = doc_cells
        offset += len(feats)
        n = len(doc_cells) or 1
        totals.append(
            DocumentTotal(
                name,
                sum(c.level == Level.full for c in doc_cells),
                sum(c.level == Level.partial for c in doc_cells),
                sum(c.level == Level.none for c in doc_cells),
                sum(c.score for c in doc_cells) / n,
            )
        )
    for j in range(len(target.points)):
        for d in documents:
            cells.append(per_doc[d][j])
    to_check = tuple(name for name, source in zip(documents, sources, strict=True)
                     if source.to_check)
    return Coverage(target, tuple(documents), tuple(cells), tuple(totals), config,
                    tuple(renamed), to_check)


def column_name(name: str, kind: str, taken: list[str]) -> str:
    """``name``, or when a column already has it ``name~file`` (``~org``, ``~document``),
    numbered if need be: the same id twice (``gladsaxe`` and ``drafts/gladsaxe.md``) must not
    give two columns, csv fields or json keys of one name."""
    if name not in taken:
        return name
    base = f"{name}~{kind}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def documents_kind(name: str, sources: list[Any]) -> str:
    """What the first source called ``name`` is ("document", "org", "file")."""
    return next((s.kind for s in sources if s.id == name), "document")
