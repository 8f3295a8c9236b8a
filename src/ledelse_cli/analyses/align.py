"""`align`: each principle of a REF with its best target points, explained."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge.alignment import AlignConfig
from ..matching.explain import Match
from ..matching.scoring import score_matrix
from ..run.workspace import Workspace


@dataclass(frozen=True)
class PrincipleAlignment:
    """One principle and its ranked matches (at least top_k, best first)."""

    id: str
    text: str
    matches: tuple[Match, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "matches": [m.to_dict() for m in self.matches]}


@dataclass(frozen=True)
class Alignment:
    """The result of ``align``: a document (or org or file) against a target."""

    document: str
    against: str
    framework: bool
    principles: tuple[PrincipleAlignment, ...]
    config: AlignConfig

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "against": self.against,
            "principles": [p.to_dict() for p in self.principles],
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per principle × ranked point: the rows of ``--format csv``."""
        from .records import align_records

        return align_records(self)

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (pandas is optional: ``ledelse[pandas]``)."""
        from ..base.tabular import to_pandas
        from .records import columns_of

        return to_pandas(self.to_records(), columns_of("align"))


def align(
    workspace: Workspace, ref: str, against: str, *, top_k: int | None = None, workers: int = 1
) -> Alignment:
    """Align every principle of ``ref`` with the points of ``against``.

    Args:
        workspace: the opened corpus and mappings.
        ref: a document id, org id or file path.
        against: a framework id (``kl11``) or any REF.
        top_k: matches per principle (default: ``top_k`` of mappings/alignment.yaml, >= 3).
        workers: processes for fuzzy matching.
    """
    source = workspace.source(ref)
    target = workspace.target(against)
    config = workspace.config.scoped(target.id)
    sources = workspace.features(source.principles, source.documents)
    targets = workspace.target_features(target)
    matrix = score_matrix(
        sources,
        targets,
        rarity=workspace.rarity([sources, targets]),
        config=config,
        overrides=workspace.overrides(),
        workers=workers,
    )
    k = max(top_k or config.top_k, 1)
    out = []
    for i, f in enumerate(sources):
        ranked = matrix.ranked(i)[:k]
        out.append(
            PrincipleAlignment(f.id, f.principle.text, tuple(matrix.match(i, j) for j in ranked))
        )
    return Alignment(source.id, target.id, target.framework, tuple(out), config)
