"""The scoring engine: explained, typed scores between principles and target points.

Scores combine three signals (weights in ``mappings/alignment.yaml``): lexical overlap of
folded lemma keys weighted by rarity (``rarity``: the fixed background by default), rapidfuzz
similarity of the key strings, and shared taxonomy concepts. Matrices are computed at once
(sparse products, ``rapidfuzz.process.cdist``) so a corpus of thousands of principles stays
fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..knowledge.alignment import AlignConfig, load_config
from .explain import ExplainMemo, Match
from .features import Features
from .rarity import Background, Rarity

__all__ = ["AlignConfig", "Background", "Rarity", "ScoreMatrix", "load_config", "score_matrix"]

@dataclass
class ScoreMatrix:
    """Scores of every source principle against every target point, with their parts."""

    sources: list[Features]
    targets: list[Features]
    score: np.ndarray
    lexical: np.ndarray
    fuzzy: np.ndarray
    concepts: np.ndarray
    rarity: Rarity = field(repr=False)
    config: AlignConfig = field(default_factory=lambda: load_config())
    overrides: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    # Per-principle sums reused by every explanation that involves it (see explain.py).
    memo: ExplainMemo = field(default_factory=ExplainMemo, repr=False, compare=False)
    #: What the reader model added to each score (``with_models``), when one applies.
    model: np.ndarray | None = None

    @cached_property
    def row_best(self) -> list[float]:
        """Each source principle's best score over the targets (its closest point scores it)."""
        return self.score.max(axis=1).tolist() if self.score.size else []

    def ranked(self, i: int) -> list[int]:
        """Target indices for source ``i``, best first (ties broken by target order)."""
        return sorted(range(len(self.targets)), key=lambda j: (-self.score[i, j], j))

    def match(self, i: int, j: int) -> Match:
        """The explained match of source ``i`` with target ``j``."""
        from .explain import explain

        return explain(self, i, j)


# --------------------------------------------------------------------------- weighting


#: Below this many pairs, cdist threads cost more than they save (measured on 2 cores with
#: these key strings: 550 pairs 3.2 ms on one thread, 3.3 on two; 2,200 pairs 12.2 vs 7.2 ms).
THREADED_PAIRS = 2_000


def _auto_threads(pairs: int) -> int:
    from ..base.settings import workers_for

    return workers_for(0) if pairs >= THREADED_PAIRS else 1


def principle_rows(
    features: Sequence[Features], rarity: Rarity, item_weight: float
) -> list[dict[str, float]]:
    """Each principle's keys weighted by rarity times ``Features.key_weights``."""
    rows = []
    for f in features:
        idf = rarity.principle_weights(f)
        rows.append({k: idf[k] * w for k, w in f.key_weights(item_weight).items()})
    return rows


def unit_rows(features: Sequence[Features], rarity: Rarity) -> list[dict[str, float]]:
    """Each unit's distinct keys weighted by rarity, units of all principles in order."""
    return [rarity.unit_weights(u, f.principle.lang) for f in features for u in f.units]


def _key_matrix(rows: Sequence[Mapping[str, float]], vocab: dict[str, int]) -> Any:
    """Rows of weighted keys, L2-normalised.

    Built straight into CSR arrays (one pass, no COO conversion or diagonal product): this
    runs over every unit of every document on each coverage.
    """
    from scipy.sparse import csr_matrix

    cols: list[int] = []
    vals: list[float] = []
    indptr = [0]
    for weights in rows:
        cols.extend(map(vocab.__getitem__, weights))
        vals.extend(weights.values())
        indptr.append(len(cols))
    data = np.array(vals, dtype=np.float64)
    ptr = np.array(indptr, dtype=np.int64)
    lengths = np.diff(ptr)
    row = np.repeat(np.arange(len(lengths)), lengths)
    norms = np.sqrt(np.bincount(row, weights=data * data, minlength=len(lengths)))
    norms[norms == 0] = 1.0
    data /= norms[row]
    return csr_matrix(
        (data, np.array(cols, dtype=np.int64), ptr), shape=(len(lengths), len(vocab))
    )


def _concept_matrix(
    features: Sequence[Features], cidx: dict[str, int], rarity: Rarity, item_weight: float
) -> np.ndarray:
    m = np.zeros((len(features), max(len(cidx), 1)))
    weigh = rarity.concept
    for r, f in enumerate(features):
        for c, w in f.concepts(item_weight).items():
            m[r, cidx[c]] = w * weigh(c)
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1.0
    return m / norms[:, None]


def group_starts(sizes: Sequence[int] | np.ndarray) -> np.ndarray:
    """Start offsets of consecutive groups of the given sizes."""
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)


def _group_max(m: np.ndarray, groups: list[int], axis: int) -> np.ndarray:
    """Max over consecutive groups of rows (axis 0) or columns (axis 1)."""
    return np.maximum.reduceat(m, group_starts(groups), axis=axis)


def key_index(features: Iterable[Features]) -> dict[str, int]:
    """Column of each key of the features' units, in first-occurrence order."""
    vocab: dict[str, int] = {}
    for f in features:
        for u in f.units:
            for k in u.keys:
                vocab.setdefault(k, len(vocab))
    return vocab


def concept_index(features: Iterable[Features], item_weight: float) -> dict[str, int]:
    """Column of each concept of the features, in first-occurrence order (their concept
    vectors at ``item_weight``, which scoring computes anyway)."""
    cidx: dict[str, int] = {}
    for f in features:
        for c in f.concepts(item_weight):
            cidx.setdefault(c, len(cidx))
    return cidx


def with_models(config: AlignConfig, sources: Sequence[Features], targets: Sequence[Features],
                score: np.ndarray, lexical: np.ndarray, memo: ExplainMemo) -> np.ndarray:
    """``score`` with the reader model of the framework ``config`` is scoped to applied to its
    points (``knowledge.pointmodel``): similarity + mix × (the model's probability − 1/points).
    What the model reads of each source principle is kept in ``memo`` for the explanations."""
    model = config.model
    cols = [j for j, t in enumerate(targets) if model and model.applies(t.id)]
    if model is None or not cols or not len(sources):
        return score
    keys = [model.keys_of(f) for f in sources]
    memo.model_keys.update(enumerate(keys))
    prob = model.probability_matrix(keys, [targets[j].id for j in cols])
    score[:, cols] = model.adjust(score[:, cols], prob,
                                  lexical[:, cols] >= config.equal_lexical)
    return score


def score_matrix(
    sources: list[Features],
    targets: list[Features],
    *,
    rarity: Rarity,
    config: AlignConfig | None = None,
    overrides: dict[tuple[str, str], Any] | None = None,
    workers: int = 1,
) -> ScoreMatrix:
    """Score every source principle against every target point.

    Args:
        sources: featurised principles to align.
        targets: featurised target points (a framework's points, or another document's).
        rarity: the weights of keys and concepts (``Workspace.rarity``: the fixed background,
            or corpus counts).
        config: weights and thresholds (default: ``mappings/alignment.yaml``).
        overrides: reviewed mapping entries by (principle id, target id).
        workers: threads for rapidfuzz's cdist; 0: one per core (up to
            ``settings.AUTO_WORKERS_MAX``) when there are at least ``THREADED_PAIRS`` pairs,
            else one. Scores do not depend on it.
    """
    from rapidfuzz import fuzz, process

    config = config or load_config()
    vocab = key_index((*sources, *targets))
    ns, nt = len(sources), len(targets)
    if ns == 0 or nt == 0:
        z = np.zeros((ns, nt))
        return ScoreMatrix(sources, targets, z, z, z, z, rarity, config, overrides or {})
    iw = config.item_weight
    whole_s = _key_matrix(principle_rows(sources, rarity, iw), vocab)
    whole_t = _key_matrix(principle_rows(targets, rarity, iw), vocab)
    lex_whole = (whole_s @ whole_t.T).toarray()
    units_s = _key_matrix(unit_rows(sources, rarity), vocab)
    units_t = _key_matrix(unit_rows(targets, rarity), vocab)
    unit_sim = (units_s @ units_t.T).toarray()
    lex_units = _group_max(
        _group_max(unit_sim, [len(f.units) for f in sources], 0), [len(f.units) for f in targets], 1
    )
    lexical = np.clip(np.maximum(lex_whole, lex_units), 0.0, 1.0)
    fuzzy = (
        process.cdist(
            [f.fuzzy_string() for f in sources],
            [f.fuzzy_string() for f in targets],
            scorer=fuzz.token_set_ratio,
            dtype=np.float64,
            workers=workers if workers != 0 else _auto_threads(ns * nt),
        )
        / 100.0
    )
    cidx = concept_index((*sources, *targets), iw)
    concepts = np.clip(
        _concept_matrix(sources, cidx, rarity, iw) @ _concept_matrix(targets, cidx, rarity, iw).T,
        0.0,
        1.0,
    )
    similarity = config.combine(lexical, fuzzy, concepts)
    memo = ExplainMemo()
    score = with_models(config, sources, targets, similarity.copy(), lexical, memo)
    return ScoreMatrix(
        sources, targets, score, lexical, fuzzy, concepts, rarity, config, overrides or {},
        memo=memo, model=np.round(score - similarity, 6) if config.model else None,
    )
