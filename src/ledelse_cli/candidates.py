"""Corpus-scale principle matching: a vectorised candidate step, then exact scores for the few.

``score_matrix`` scores every pair in full: whole-principle and item-level lexical cosine,
rapidfuzz ``token_set_ratio`` and concept overlap. Over a corpus of 1,000 documents that is
~50 million pairs, and the fuzzy part alone (~0.2 M pairs/s for these long key strings) would
take minutes. Two facts make it cheap:

* ``lower_bound`` — whole-principle lexical cosine plus concept overlap is a sparse × dense and
  a small dense matrix product, and it never exceeds the full score of the same pair (the full
  lexical part is the max of whole and item-level cosine, and fuzzy adds a non-negative term).
* ``exact`` — the full score of an arbitrary list of pairs, with the same formulas (and so the
  same numbers, to the 6 decimals scores are rounded to) as ``score_matrix``.

``PairScorer.best_per_document`` combines them: each principle's K best candidates by the bound
(symmetrised) are scored exactly, and every other pair keeps its bound. Each principle's best
score in each other document is therefore exact whenever that document holds one of its
candidates, and otherwise a lower bound built from the same lexical and concept evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .features import Features
from .scoring import AlignConfig, _concept_matrix, _key_matrix, key_string

#: Rows of the lower-bound matrix computed at once (a block is rows × all principles).
BLOCK_ROWS = 512
#: Unit pairs (item × item) gathered at once by ``exact`` (bounds its sparse temporaries).
UNIT_PAIRS_PER_CHUNK = 400_000


@dataclass
class PairScorer:
    """Vectors of ``features`` for scoring pairs among them (rarity ``idf``/``cidf`` given)."""

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
        idf: dict[str, float],
        cidf: dict[str, float],
        config: AlignConfig,
    ) -> PairScorer:
        from rapidfuzz import utils

        vocab: dict[str, int] = {}
        for f in features:
            for u in f.units:
                for k in u.keys:
                    vocab.setdefault(k, len(vocab))
        iw = config.item_weight
        cidx: dict[str, int] = {}
        for f in features:
            for c in f.concepts():
                cidx.setdefault(c, len(cidx))
        counts = np.array([len(f.units) for f in features], dtype=np.int64)
        strings = [utils.default_process(key_string(f.key_counts())) for f in features]
        tokens, token_chars = _token_sets(strings)
        return cls(
            features,
            config,
            _key_matrix([f.key_weights(iw) for f in features], vocab, idf).tocsr(),
            _key_matrix([u.keys for f in features for u in f.units], vocab, idf).tocsr(),
            np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
            counts,
            _concept_matrix(features, cidx, cidf, iw),
            strings,
            tokens,
            token_chars,
            np.asarray(tokens.sum(axis=1)).ravel(),
            np.asarray(token_chars.sum(axis=1)).ravel(),
        )

    # ----------------------------------------------------------------------- bound

    def lower_bound(self, rows: slice) -> np.ndarray:
        """Lexical (whole principle) and concept part of the score of ``rows`` × everything."""
        cfg = self.config
        block = self.whole[rows].toarray()
        lexical = np.asarray(self.whole @ block.T).T
        concepts = self.concepts[rows] @ self.concepts.T
        bound = (
            cfg.w_lexical * np.clip(lexical, 0.0, 1.0)
            + cfg.w_fuzzy * self._fuzzy_floor(rows) / 100.0
            + cfg.w_concepts * np.clip(concepts, 0.0, 1.0)
        )
        return np.round(np.clip(bound, 0.0, 1.0), 6)

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

    # ----------------------------------------------------------------------- exact

    def exact(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Full scores of the pairs (i[k], j[k]), as ``score_matrix`` computes them."""
        from rapidfuzz import fuzz

        i = np.asarray(i, dtype=np.int64)
        j = np.asarray(j, dtype=np.int64)
        cfg = self.config
        whole = _row_dots(self.whole, i, j)
        units = self._unit_max(i, j)
        lexical = np.clip(np.maximum(whole, units), 0.0, 1.0)
        s = self.strings
        fuzzy = (
            np.fromiter(
                (fuzz.token_set_ratio(s[a], s[b])
                 for a, b in zip(i.tolist(), j.tolist(), strict=True)),
                dtype=np.float64,
                count=len(i),
            )
            / 100.0
        )
        concepts = np.clip(np.einsum("ij,ij->i", self.concepts[i], self.concepts[j]), 0.0, 1.0)
        score = cfg.w_lexical * lexical + cfg.w_fuzzy * fuzzy + cfg.w_concepts * concepts
        return np.round(np.clip(score, 0.0, 1.0), 6)

    def _unit_max(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Best unit × unit cosine of each pair (every unit of i against every unit of j)."""
        out = np.empty(len(i))
        cj = self.unit_count[j]
        per_pair = self.unit_count[i] * cj
        done = np.cumsum(per_pair)  # unit pairs up to and including each pair
        k = 0
        while k < len(i):
            # As many pairs as fit in one chunk of unit pairs (at least one).
            before = int(done[k - 1]) if k else 0
            end = int(np.searchsorted(done, before + UNIT_PAIRS_PER_CHUNK, side="right"))
            end = min(max(end, k + 1), len(i))
            cnt = per_pair[k:end]
            pair = np.repeat(np.arange(end - k), cnt)
            first = np.concatenate([[0], np.cumsum(cnt)[:-1]])
            offset = np.arange(int(cnt.sum())) - first[pair]
            width = cj[k:end][pair]
            ua = self.unit_start[i[k:end]][pair] + offset // width
            ub = self.unit_start[j[k:end]][pair] + offset % width
            dots = _row_dots(self.units, ua, ub)
            out[k:end] = np.maximum.reduceat(dots, first)
            k = end
        return out

    # ----------------------------------------------------------------------- per document

    def best_per_document(
        self, document_of: np.ndarray, n_documents: int, candidates: int
    ) -> tuple[np.ndarray, int]:
        """Each principle's best score in each document (rows: principles, columns: documents).

        ``document_of[p]`` is the document index of principle p (sorted: each document's
        principles are contiguous). Pairs within a document are not scored. ``candidates`` <= 0
        scores every pair exactly. Returns the matrix and how many pairs were scored exactly.
        """
        n = len(self.features)
        starts = np.searchsorted(document_of, np.arange(n_documents))
        best = np.zeros((n, n_documents))
        pairs: list[np.ndarray] = []
        for lo in range(0, n, BLOCK_ROWS):
            rows = slice(lo, min(n, lo + BLOCK_ROWS))
            bound = self.lower_bound(rows)
            own = document_of[rows][:, None] == document_of[None, :]
            bound[own] = -1.0
            best[rows] = np.maximum.reduceat(bound, starts, axis=1)
            r = np.arange(rows.start, rows.stop)
            others = n - np.bincount(document_of, minlength=n_documents)[document_of[rows]]
            if candidates <= 0 or candidates >= others.max(initial=0):
                cols = np.nonzero(~own)
                pairs.append(r[cols[0]] * n + cols[1])
                continue
            top = np.argpartition(-bound, candidates - 1, axis=1)[:, :candidates]
            top_rows = np.repeat(r, candidates)
            keep = ~own[np.repeat(np.arange(len(r)), candidates), top.ravel()]
            pairs.append(top_rows[keep] * n + top.ravel()[keep])
        if pairs:
            code = np.concatenate(pairs)
            a, b = code // n, code % n
            # Scores are symmetric: score each unordered pair once, credit both sides.
            code = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
            a, b = code // n, code % n
            score = self.exact(a, b)
            np.maximum.at(best, (a, document_of[b]), score)
            np.maximum.at(best, (b, document_of[a]), score)
            scored = len(code)
        else:
            scored = 0
        return np.maximum(best, 0.0), scored


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


def _row_dots(m: Any, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dot products of rows a[k] and b[k] of a CSR matrix."""
    if len(a) == 0:
        return np.zeros(0)
    return np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()


def pair_population(
    feats: Sequence[Sequence[Features]],
) -> tuple[list[Features], np.ndarray]:
    """Flatten per-document features; the document index of each principle."""
    flat = [f for doc in feats for f in doc]
    document_of = np.repeat(np.arange(len(feats)), [len(doc) for doc in feats])
    return flat, document_of
