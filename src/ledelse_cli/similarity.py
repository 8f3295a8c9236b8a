"""Document × document similarity matrix, optionally in clustered order.

``similarity`` uses ``compare``'s definition: the mean, over both directions, of each
principle's best score in the other document. Rarity is the run's (the fixed background, or
with ``--background corpus`` the corpus's), so the matrix agrees with ``compare`` and is
computed in blocks to bound memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import UsageError
from .workspace import Workspace

#: Default: every principle pair scored in full (see ``candidates`` for the approximate mode).
CANDIDATES = 0


@dataclass(frozen=True)
class SimilarityMatrix:
    """Document × document similarity in [0, 1] (1 on the diagonal), optionally clustered."""

    documents: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    clustered: bool = False
    #: Nearest documents compared in full per document (0: every pair in full), principle
    #: pairs between different documents and how many were scored in full, document pairs and
    #: how many of them are exact.
    method: dict[str, int] = field(default_factory=dict)
    #: Which values are exact, in the matrix's order; the others are lower bounds
    #: (``--candidates``). Empty: every value is exact.
    exact_mask: tuple[tuple[bool, ...], ...] = ()

    def value(self, a: str, b: str) -> float:
        return self.matrix[self.documents.index(a)][self.documents.index(b)]

    def exact(self, a: str, b: str) -> bool:
        if not self.exact_mask:
            return True
        return self.exact_mask[self.documents.index(a)][self.documents.index(b)]

    @property
    def approximate(self) -> bool:
        """Whether any value is a lower bound rather than exact."""
        return not all(map(all, self.exact_mask))

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": list(self.documents),
            "clustered": self.clustered,
            "method": dict(self.method),
            "matrix": [[round(v, 4) for v in row] for row in self.matrix],
            "pairs": [{"a": a, "b": b, "similarity": round(self.matrix[i][j], 4),
                       "exact": not self.exact_mask or self.exact_mask[i][j]}
                      for i, a in enumerate(self.documents)
                      for j, b in enumerate(self.documents) if i < j],
        }


def similarity(
    workspace: Workspace,
    refs: Sequence[str] | None = None,
    *,
    cluster: bool = False,
    workers: int = 1,
    candidates: int = CANDIDATES,
) -> SimilarityMatrix:
    """Pairwise similarity of REFs (default: every corpus document, orgs merged).

    Args:
        workspace: the opened corpus and mappings.
        refs: documents, orgs or files; at least two.
        cluster: order documents by average-linkage hierarchical clustering on 1 - similarity
            (scipy), so similar documents sit next to each other.
        workers: processes for featurising uncached documents and for fuzzy matching.
        candidates: 0 (default) scores every principle pair in full. K > 0 is a faster
            approximation for large corpora: a vectorised lower bound of every principle pair
            gives a lower bound of every document similarity; each document is then compared
            in full with its K nearest documents by that bound. Those values are exact, the
            others lower bounds (``approximate``; ``method`` counts both).
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
    sim, exact, counts = _pairwise(feats, workspace, candidates, workers)
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
    method = {"candidates": max(candidates, 0), **counts,
              "document_pairs": n * (n - 1) // 2,
              "exact_document_pairs": int(np.triu(exact, 1).sum())}
    mask = () if exact.all() else tuple(tuple(bool(exact[a, b]) for b in order) for a in order)
    return SimilarityMatrix(docs, matrix, cluster and n > 2, method, mask)


def _pairwise(
    feats: list[list[Any]], workspace: Workspace, candidates: int, workers: int
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Document x document similarity: the mean, over both directions, of each principle's
    best score in the other document. Rarity is the run's, as in ``compare``.

    Returns the matrix, which of its values are exact (the others are lower bounds), and the
    counts for ``SimilarityMatrix.method``.
    """
    from .candidates import PairScorer, pair_population
    from .scoring import group_starts, load_config

    n = len(feats)
    sim = np.eye(n)
    exact = np.ones((n, n), dtype=bool)
    live = [k for k in range(n) if feats[k]]  # a document without principles stays at 0
    if len(live) < 2:
        return sim, exact, {"pairs": 0, "scored": 0}
    flat, document_of = pair_population([feats[k] for k in live])
    sizes = np.bincount(document_of, minlength=len(live))
    starts = group_starts(sizes)
    pairs = (len(flat) ** 2 - int((sizes**2).sum())) // 2
    rarity = workspace.rarity([flat], workers)
    scorer = PairScorer.build(flat, rarity, load_config(workspace.mappings))
    if candidates > 0:
        best = scorer.bound_per_document(document_of, len(live), workers)
        chosen = _nearest(_means(best, starts, sizes), candidates)
        scored = scorer.best_in_documents(best, starts, sizes, chosen, workers)
        exact[np.ix_(live, live)] = chosen | np.eye(len(live), dtype=bool)
    else:
        best = _best_exact(scorer, sizes, starts, workers)
        scored = pairs
    sim[np.ix_(live, live)] = _means(best, starts, sizes)
    np.fill_diagonal(sim, 1.0)
    return sim, exact, {"pairs": pairs, "scored": scored}


def _means(best: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Document similarity from each principle's best score in each document."""
    a_to_b = np.add.reduceat(best, starts, axis=0) / sizes[:, None]
    return (a_to_b + a_to_b.T) / 2.0


def _nearest(estimate: np.ndarray, k: int) -> np.ndarray:
    """Symmetric mask of document pairs in which one is among the other's ``k`` nearest."""
    m = len(estimate)
    k = min(k, m - 1)
    ranked = estimate.copy()
    np.fill_diagonal(ranked, -np.inf)
    # Stable ranking (ties broken by document order) so that the choice is reproducible.
    near = np.argsort(-ranked, axis=1, kind="stable")[:, :k]
    chosen = np.zeros((m, m), dtype=bool)
    chosen[np.repeat(np.arange(m), k), near.ravel()] = True
    chosen |= chosen.T
    np.fill_diagonal(chosen, False)
    return chosen


# Row principles scored per block: bounds memory (a 1,000-document corpus has ~7,000-15,000
# principles; one dense all-pairs matrix and its parts took 8.8 GB).
BLOCK_PRINCIPLES = 400


def _best_exact(scorer: Any, sizes: np.ndarray, starts: np.ndarray, workers: int) -> np.ndarray:
    """Each principle's best full score in each document (principles × documents).

    Scores are symmetric, so each block of whole documents is scored only against itself and
    the documents after it (half the pairs), and read in both directions.
    """
    n_docs = len(sizes)
    total = int(sizes.sum())
    best = np.zeros((total, n_docs))
    k = 0
    while k < n_docs:
        end, width = k, 0
        while end < n_docs and (width == 0 or width + sizes[end] <= BLOCK_PRINCIPLES):
            width += sizes[end]
            end += 1
        lo, hi = int(starts[k]), int(starts[k]) + width
        block = scorer.block(np.arange(lo, hi), np.arange(lo, total), workers)
        col_starts = starts[k:] - lo
        row_starts = starts[k:end] - lo
        # Rows' best in every document from k on; columns' best in the block's documents.
        best[lo:hi, k:] = np.maximum(best[lo:hi, k:], np.maximum.reduceat(block, col_starts, 1))
        best[lo:, k:end] = np.maximum(best[lo:, k:end],
                                      np.maximum.reduceat(block, row_starts, 0).T)
        k = end
    return best


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
    from .render import plain_table

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
