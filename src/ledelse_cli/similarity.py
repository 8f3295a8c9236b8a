"""Document × document similarity matrix, optionally in clustered order.

``similarity`` uses ``compare``'s definition: the mean, over both directions, of each
principle's best score in the other document. Rarity is the corpus's (each principle counted
once), so the matrix agrees with ``compare`` and is computed in blocks to bound memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import UsageError
from .workspace import Workspace


@dataclass(frozen=True)
class SimilarityMatrix:
    """Document × document similarity in [0, 1] (1 on the diagonal), optionally clustered."""

    documents: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    clustered: bool = False

    def value(self, a: str, b: str) -> float:
        return self.matrix[self.documents.index(a)][self.documents.index(b)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": list(self.documents),
            "clustered": self.clustered,
            "matrix": [[round(v, 4) for v in row] for row in self.matrix],
            "pairs": [{"a": a, "b": b, "similarity": round(self.matrix[i][j], 4)}
                      for i, a in enumerate(self.documents)
                      for j, b in enumerate(self.documents) if i < j],
        }


def similarity(
    workspace: Workspace,
    refs: Sequence[str] | None = None,
    *,
    cluster: bool = False,
    workers: int = 1,
) -> SimilarityMatrix:
    """Pairwise similarity of REFs (default: every corpus document, orgs merged).

    Args:
        workspace: the opened corpus and mappings.
        refs: documents, orgs or files; at least two.
        cluster: order documents by average-linkage hierarchical clustering on 1 - similarity
            (scipy), so similar documents sit next to each other.
        workers: processes for fuzzy matching.
    """

    if not refs:
        orgs = workspace.corpus.orgs()
        refs = list(dict.fromkeys(m.org if len(orgs[m.org]) > 1 else m.id
                                  for m in workspace.corpus.metas()))
    if len(refs) < 2:
        raise UsageError("similarity needs at least two documents")
    sources = [workspace.source(r) for r in refs]
    if workers != 1:
        workspace.prefetch([d for s in sources for d in s.documents], workers)
    names = [s.id for s in sources]
    if len(set(names)) != len(names):
        raise UsageError("the same document was named twice: " + ", ".join(names))
    feats = [workspace.features(s.principles, s.documents) for s in sources]
    sim = _pairwise(feats, workspace, workers)
    n = len(sources)
    order = list(range(n))
    if cluster and n > 2:
        from scipy.cluster.hierarchy import leaves_list, linkage
        from scipy.spatial.distance import squareform

        dist = np.clip(1.0 - sim, 0.0, 1.0)
        np.fill_diagonal(dist, 0.0)
        order = [int(k) for k in leaves_list(linkage(squareform(dist, checks=False), "average"))]
    docs = tuple(names[k] for k in order)
    matrix = tuple(tuple(float(sim[a, b]) for b in order) for a in order)
    return SimilarityMatrix(docs, matrix, cluster and n > 2)


# Target principles scored per block: bounds memory (a 1,000-document corpus has ~15,000
# principles; one dense all-pairs matrix and its parts took 8.8 GB).
BLOCK_PRINCIPLES = 400


def _pairwise(feats: list[list[Any]], workspace: Workspace, workers: int) -> np.ndarray:
    """Document x document similarity: the mean, over both directions, of each principle's
    best score in the other document. Rarity is the corpus's, so blocks give exact numbers."""
    from .scoring import load_config, score_matrix

    n = len(feats)
    sim = np.eye(n)
    live = [k for k in range(n) if feats[k]]  # a document without principles stays at 0
    if len(live) < 2:
        return sim
    flat = [f for k in live for f in feats[k]]
    sizes = np.array([len(feats[k]) for k in live])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    config = load_config(workspace.mappings)
    background = workspace.background()
    a_to_b = np.zeros((len(live), len(live)))  # mean over a's principles of best in b
    k = 0
    while k < len(live):
        end, width = k, 0
        while end < len(live) and (width == 0 or width + sizes[end] <= BLOCK_PRINCIPLES):
            width += sizes[end]
            end += 1
        cols = [f for kk in live[k:end] for f in feats[kk]]
        block = score_matrix(flat, cols, background=background, config=config,
                             workers=workers).score
        col_starts = np.concatenate([[0], np.cumsum(sizes[k:end])[:-1]])
        best_in_col_doc = np.maximum.reduceat(block, col_starts, axis=1)  # rows x docs
        a_to_b[:, k:end] = np.add.reduceat(best_in_col_doc, starts, axis=0) / sizes[:, None]
        k = end
    sim[np.ix_(live, live)] = (a_to_b + a_to_b.T) / 2.0
    np.fill_diagonal(sim, 1.0)
    return sim


def similarity_table(sim: SimilarityMatrix, *, width: int = 80) -> str:
    """The matrix as fixed-width text (two decimals), no wider than it needs to be."""
    from .render import plain_table

    name_w = max(len("document"), *(len(d) for d in sim.documents))
    natural = name_w + sum(max(len(d), 4) + 2 for d in sim.documents)
    rows = [[a, *(f"{v:.2f}" for v in sim.matrix[i])] for i, a in enumerate(sim.documents)]
    title = "Document similarity" + (" (clustered order)" if sim.clustered else "")
    return title + "\n\n" + plain_table(["document", *sim.documents], rows,
                                        width=min(width, natural), flex=0) + "\n"
