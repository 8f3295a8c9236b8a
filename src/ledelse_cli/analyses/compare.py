"""`compare`: two documents (or orgs) side by side: shared concepts, best pairs, what is unique."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..base.vocab import Level
from ..knowledge.alignment import AlignConfig
from ..matching.explain import Match
from ..matching.scoring import score_matrix
from ..run.workspace import Workspace


@dataclass(frozen=True)
class ConceptPresence:
    """How strongly each side expresses a taxonomy concept (max over its principles)."""

    concept: str
    label: str
    a: float
    b: float
    a_evidence: str | None
    b_evidence: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "label": self.label, "a": round(self.a, 4),
                "b": round(self.b, 4), "a_evidence": self.a_evidence,
                "b_evidence": self.b_evidence}


@dataclass(frozen=True)
class Comparison:
    """The result of ``compare``."""

    a: str
    b: str
    similarity: float
    pairs: tuple[Match, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    concepts: tuple[ConceptPresence, ...]
    texts: dict[str, str]
    config: AlignConfig
    #: The sides whose segmentation the segmenter asks a person to check (``ledelse list``).
    to_check: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "similarity": round(self.similarity, 4),
            "pairs": [{"a": m.principle, "b": m.target, "score": round(m.score, 4),
                       "level": m.level, "relation": m.relation, "reuse": m.reuse,
                       "evidence": m.evidence.to_dict()} for m in self.pairs],
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
            "concepts": [c.to_dict() for c in self.concepts],
            **({"readings_to_check": list(self.to_check)} if self.to_check else {}),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per best pair and per unmatched principle: the rows of ``--format csv``."""
        from .records import compare_records

        return compare_records(self)

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (pandas is optional: ``ledelse[pandas]``)."""
        from ..base.tabular import to_pandas
        from .records import columns_of

        return to_pandas(self.to_records(), columns_of("compare"))


def compare(workspace: Workspace, a: str, b: str, *, lang: str = "da",
            workers: int = 1) -> Comparison:
    """Compare two REFs.

    ``similarity`` is the mean, over both directions, of each principle's best score on the
    other side: 1 for identical documents, near 0 for unrelated ones.
    """
    from ..knowledge.taxonomy import load_taxonomy

    config = workspace.config
    sa, sb = workspace.source(a), workspace.source(b)
    fa = workspace.features(sa.principles, sa.documents)
    fb = workspace.features(sb.principles, sb.documents)
    matrix = score_matrix(fa, fb, rarity=workspace.rarity([fa, fb]), config=config,
                          overrides=workspace.overrides(), workers=workers)
    pairs: list[Match] = []
    matched_b: set[str] = set()
    only_a: list[str] = []
    for i, f in enumerate(fa):
        if not fb:
            only_a.append(f.id)
            continue
        j = matrix.ranked(i)[0]
        m = matrix.match(i, j)
        if m.level == Level.none:
            only_a.append(f.id)
        else:
            pairs.append(m)
            matched_b.add(m.target)
    best_for_b = [max((float(matrix.score[i, j]) for i in range(len(fa))), default=0.0)
                  for j in range(len(fb))]
    only_b = [f.id for j, f in enumerate(fb)
              if f.id not in matched_b and best_for_b[j] < config.partial]
    best_for_a = [max((float(matrix.score[i, j]) for j in range(len(fb))), default=0.0)
                  for i in range(len(fa))]
    sides = [x for x in (best_for_a, best_for_b) if x]
    similarity = sum(sum(x) / len(x) for x in sides) / len(sides) if sides else 0.0
    pairs.sort(key=lambda m: (-m.score, m.principle))
    taxonomy = load_taxonomy(workspace.mappings)
    concepts = []
    for concept in taxonomy.concepts:
        wa, ea = _strongest(fa, concept.id, config.item_weight)
        wb, eb = _strongest(fb, concept.id, config.item_weight)
        if wa or wb:
            concepts.append(ConceptPresence(concept.id, concept.label(lang), wa, wb, ea, eb))
    concepts.sort(key=lambda c: (-(min(c.a, c.b)), -(c.a + c.b), c.concept))
    texts = {f.id: f.principle.text for f in (*fa, *fb)}
    to_check = tuple(s.id for s in (sa, sb) if s.to_check)
    return Comparison(sa.id, sb.id, similarity, tuple(pairs), tuple(only_a), tuple(only_b),
                      tuple(concepts), texts, config, to_check)


def _strongest(
    features: list[Any], concept: str, item_weight: float
) -> tuple[float, str | None]:
    best, who = 0.0, None
    for f in features:
        w = f.concepts(item_weight).get(concept, 0.0)
        if w > best:
            best, who = w, f.id
    return best, who
