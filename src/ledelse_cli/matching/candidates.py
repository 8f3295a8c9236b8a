"""Corpus-scale document similarity: a vectorised candidate step, then full scores for the few.

``score_matrix`` scores every pair in full: whole-principle and item-level lexical cosine,
rapidfuzz ``token_set_ratio`` and concept overlap. Over a corpus of 1,000 documents that is
~25 million principle pairs, and the fuzzy part alone (~0.2-0.4 M pairs/s for these long key
strings) takes over a minute. ``PairScorer`` builds the vectors once and offers:

* ``lower_bound`` — whole-principle lexical cosine, concept overlap and a floor of the fuzzy
  ratio computed from token counts and lengths: sparse and dense matrix products that never
  exceed the full score of the same pair (the full lexical part is the max of whole and
  item-level cosine; the floor is rapidfuzz's own decomposition with the one string alignment
  replaced by its worst case).
* ``block`` — full scores of any rows × columns, with the same formulas (and so the same numbers,
  to the 6 decimals scores are rounded to) as ``score_matrix``.

``similarity --candidates K`` combines them: the bound gives every principle's best in every
other document and so a lower bound of every document similarity; each document is then
compared in full with its K nearest documents by that bound, whose values become exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .features import Features
from .scoring import (
    AlignConfig,
    Rarity,
    _concept_matrix,
    _key_matrix,
    concept_index,
    group_starts,
    key_index,
    principle_rows,
    unit_rows,
)

#: Rows of the lower-bound matrix computed at once (a block is rows × all principles).
BLOCK_ROWS = 256


@dataclass
class PairScorer:
    """Vectors of ``features`` for scoring pairs among them (with the run's ``Rarity``)."""

    features: list[Features]
    config: AlignConfig
    whole: Any  # csr: idf- and item-weighted keys per principle, L2-normalised
    units: Any  # csr: idf-weighted keys per unit, L2-normalised
    unit_start: np.ndarray
    unit_count: np.ndarray
    concepts: np.ndarray  # dense, rarity-weighted concept strengths, L2-normalised
    strings: list[str]  # processed key strings for token_set_ratio
    tokens: Any  # csr 0/1: the token set of each processed key string
    token_chars: Any  # csr: the same, valued by token length
    n_tokens: np.ndarray
    n_chars: np.ndarray  # total characters of each token set (separators excluded)

    @classmethod
    def build(
        cls,
        features: list[Features],
        rarity: Rarity,
        config: AlignConfig,
    ) -> PairScorer:
        iw = config.item_weight
        vocab, cidx = key_index(features), concept_index(features, iw)
        counts = np.array([len(f.units) for f in features], dtype=np.int64)
        strings = [f.fuzzy_string() for f in features]
        tokens, token_chars = _token_sets(strings)
        return cls(
            features,
            config,
            _key_matrix(principle_rows(features, rarity, iw), vocab).tocsr(),
            _key_matrix(unit_rows(features, rarity), vocab).tocsr(),
            group_starts(counts),
            counts,
            _concept_matrix(features, cidx, rarity, iw),
            strings,
            tokens,
            token_chars,
            np.asarray(tokens.sum(axis=1)).ravel(),
            np.asarray(token_chars.sum(axis=1)).ravel(),
        )

    # ----------------------------------------------------------------------- bound

    def lower_bound(self, rows: slice) -> np.ndarray:
        """A lower bound of the score of ``rows`` × every principle: whole-principle lexical
        cosine, the fuzzy floor and concept overlap, weighted and rounded as in the score."""
        block = self.whole[rows].toarray()
        lexical = np.asarray(self.whole @ block.T).T
        concepts = self.concepts[rows] @ self.concepts.T
        return self.config.combine(np.clip(lexical, 0.0, 1.0), self._fuzzy_floor(rows) / 100.0,
                                   np.clip(concepts, 0.0, 1.0))

    def _fuzzy_floor(self, rows: slice) -> np.ndarray:
        """A lower bound of rapidfuzz's token_set_ratio for ``rows`` × everything, from token
        counts and lengths alone (rapidfuzz's own decomposition: two of its three ratios depend
        only on lengths; the third is at least what an indel distance of ab + ba gives)."""
        na = self.n_tokens[rows][:, None]
        nb = self.n_tokens[None, :]
        la = self.n_chars[rows][:, None]
        lb = self.n_chars[None, :]
        c = np.asarray(self.tokens @ self.tokens[rows].toarray().T).T
        sc = np.asarray(self.tokens @ self.token_chars[rows].toarray().T).T
        with np.errstate(divide="ignore", invalid="ignore"):
            sect = np.where(c > 0, sc + c - 1, 0.0)
            ab = np.where(na > c, (la - sc) + (na - c - 1), 0.0)
            ba = np.where(nb > c, (lb - sc) + (nb - c - 1), 0.0)
            sep = (sect > 0).astype(np.float64)
            sect_ab, sect_ba = sect + sep + ab, sect + sep + ba
            total = sect_ab + sect_ba
            r1 = np.where(total > 0, 100.0 - 100.0 * (ab + ba) / total, 100.0)
            r2 = np.where(sect > 0, 100.0 - 100.0 * (sep + ab) / (sect + sect_ab), 0.0)
            r3 = np.where(sect > 0, 100.0 - 100.0 * (sep + ba) / (sect + sect_ba), 0.0)
        floor = np.maximum(np.maximum(r1, r2), r3)
        floor[(c > 0) & ((na == c) | (nb == c))] = 100.0  # one set contains the other
        floor[(na == 0) | (nb == 0)] = 0.0
        return np.clip(floor, 0.0, 100.0)

    # ----------------------------------------------------------------------- blocks

    def block(self, rows: np.ndarray, cols: np.ndarray, workers: int = 1) -> np.ndarray:
        """Full scores of every principle in ``rows`` against every one in ``cols``: the same
        formulas (and numbers) as ``score_matrix``, from the vectors built once."""
        from rapidfuzz import fuzz, process

        from .scoring import _auto_threads

        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        whole = (self.whole[rows] @ self.whole[cols].T).toarray()
        unit_sim = (self.units[self._unit_rows(rows)] @ self.units[self._unit_rows(cols)].T)
        units = np.maximum.reduceat(
            np.maximum.reduceat(unit_sim.toarray(), group_starts(self.unit_count[rows]), axis=0),
            group_starts(self.unit_count[cols]), axis=1)
        lexical = np.clip(np.maximum(whole, units), 0.0, 1.0)
        s = self.strings
        fuzzy = process.cdist(
            [s[k] for k in rows.tolist()], [s[k] for k in cols.tolist()],
            scorer=fuzz.token_set_ratio, dtype=np.float64,
            workers=workers if workers != 0 else _auto_threads(len(rows) * len(cols)),
        ) / 100.0
        concepts = np.clip(self.concepts[rows] @ self.concepts[cols].T, 0.0, 1.0)
        return self.config.combine(lexical, fuzzy, concepts)

    def _unit_rows(self, principles: np.ndarray) -> np.ndarray:
        """Rows of ``units`` belonging to ``principles``, in order."""
        counts = self.unit_count[principles]
        firsts = group_starts(counts)
        return (np.repeat(self.unit_start[principles] - firsts, counts)
                + np.arange(int(counts.sum())))

    # ----------------------------------------------------------------------- per document

    def bound_per_document(
        self, document_of: np.ndarray, n_documents: int, workers: int = 1
    ) -> np.ndarray:
        """Each principle's best lower bound in each other document (principles × documents;
        0 in its own). Blocks of rows run on ``workers`` threads (0: one per core where it
        pays); numpy and scipy release the GIL for the products and elementwise steps."""
        n = len(self.features)
        starts = np.searchsorted(document_of, np.arange(n_documents))
        best = np.zeros((n, n_documents))

        def one(lo: int) -> None:
            rows = slice(lo, min(n, lo + BLOCK_ROWS))
            bound = self.lower_bound(rows)
            bound[document_of[rows][:, None] == document_of[None, :]] = 0.0
            best[rows] = np.maximum.reduceat(bound, starts, axis=1)

        _run_threads(one, range(0, n, BLOCK_ROWS), workers)
        return best

    def best_in_documents(
        self,
        best: np.ndarray,
        starts: np.ndarray,
        sizes: np.ndarray,
        chosen: np.ndarray,
        workers: int = 1,
    ) -> int:
        """Score each chosen document pair in full, in place: each principle's best score in
        the other document replaces its bound. Documents' principles are contiguous (``starts``,
        ``sizes``); ``chosen`` is a symmetric documents × documents mask; documents run on
        ``workers`` threads (rapidfuzz releases the GIL). Returns the principle pairs scored."""

        def one(a: int) -> int:
            partners = np.nonzero(chosen[a, a + 1:])[0] + a + 1
            if not len(partners):
                return 0
            rows = np.arange(starts[a], starts[a] + sizes[a])
            cols = np.concatenate([np.arange(starts[b], starts[b] + sizes[b]) for b in partners])
            blk = self.block(rows, cols)
            # Each unordered pair belongs to one document: no two threads write one cell.
            best[rows[:, None], partners[None, :]] = np.maximum.reduceat(
                blk, group_starts(sizes[partners]), axis=1)
            best[cols, a] = blk.max(axis=0)
            return blk.size

        return sum(_run_threads(one, range(len(starts)), workers))


def _run_threads(fn: Any, items: Sequence[int] | range, workers: int) -> list[Any]:
    """``fn`` over ``items`` on ``workers`` threads (0: one per core), results in order."""
    from ..base.settings import workers_for

    threads = min(workers_for(workers), len(items))
    if threads <= 1:
        return [fn(k) for k in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(fn, items))


def _token_sets(strings: list[str]) -> tuple[Any, Any]:
    """0/1 and length-valued CSR matrices of each string's whitespace-separated token set."""
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols, lengths = [], [], []
    for r, s in enumerate(strings):
        for t in set(s.split()):
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
            lengths.append(len(t))
    shape = (len(strings), max(len(vocab), 1))
    ones = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    return ones, csr_matrix((np.array(lengths, dtype=np.float64), (rows, cols)), shape=shape)


def pair_population(
    feats: Sequence[Sequence[Features]],
) -> tuple[list[Features], np.ndarray]:
    """Flatten per-document features; the document index of each principle."""
    flat = [f for doc in feats for f in doc]
    document_of = np.repeat(np.arange(len(feats)), [len(doc) for doc in feats])
    return flat, document_of
