"""Rarity weights of keys and concepts for a scoring run: the fixed background shipped with the
tool (default), or counts over the corpus's documents (``--background corpus``).

With the fixed background a key's weight depends only on the key, the lemma it was met as and
the language of the principle it occurs in, so a principle × point score is a function of the
two texts and the versioned mappings: ingesting another document changes no number. Corpus
rarity counts every corpus document (and the REFs being scored), so it moves when the corpus
does; a manifest of such a run hashes every corpus document.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..knowledge.background import FixedBackground, RarityParams
    from .features import Features, Unit


class BackgroundKind(enum.StrEnum):
    """Where rarity is counted (``--background``)."""

    fixed = "fixed"
    corpus = "corpus"


class Rarity:
    """A run's weights: ``key`` for a folded key met as a lemma in a language, ``concept``.

    Each side of a pair is weighted in its own language (a Danish and a Norwegian principle may
    weigh a shared key a little differently); ``principle_weights`` and ``unit_weights`` are
    the rows the scoring matrices are built from.
    """

    kind: BackgroundKind

    def __init__(self) -> None:
        self._principles: dict[int, tuple[Features, dict[str, float]]] = {}
        self._units: dict[tuple[int, str], tuple[Unit, dict[str, float]]] = {}

    def key(self, key: str, lemma: str, lang: str) -> float:
        raise NotImplementedError

    def concept(self, concept: str) -> float:
        raise NotImplementedError

    def unit_weights(self, unit: Unit, lang: str) -> dict[str, float]:
        """Each distinct key of the unit (first-occurrence order) with its weight; memoised
        per unit and language (explanations ask again for every point)."""
        found = self._units.get((id(unit), lang))
        if found is not None and found[0] is unit:
            return found[1]
        lemmas, weigh = unit.lemmas, self.key
        weights = {k: weigh(k, lemmas.get(k, k), lang) for k in dict.fromkeys(unit.keys)}
        self._units[id(unit), lang] = (unit, weights)
        return weights

    def principle_weights(self, f: Features) -> dict[str, float]:
        """Each key of the principle with its weight, the lemma taken from the first unit that
        holds the key (as ``Features.lemma_of``); memoised per principle."""
        found = self._principles.get(id(f))
        if found is not None and found[0] is f:
            return found[1]
        lemmas: dict[str, str] = {}
        for u in reversed(f.units):  # the first unit with the key wins
            lemmas.update(u.lemmas)
        lang, weigh = f.principle.lang, self.key
        weights = {k: weigh(k, lemmas.get(k, k), lang) for k in f.key_counts()}
        self._principles[id(f)] = (f, weights)
        return weights

    def describe(self) -> dict[str, Any]:
        raise NotImplementedError


class FixedRarity(Rarity):
    """Rarity from ``mappings/background.yaml`` and wordfreq (see ``FixedBackground``)."""

    kind = BackgroundKind.fixed

    def __init__(self, background: FixedBackground):
        super().__init__()
        self.background = background
        self.key = background.key  # type: ignore[method-assign]
        self.concept = background.concept  # type: ignore[method-assign]

    def describe(self) -> dict[str, Any]:
        from ..text.generalfreq import GENERAL_LANGUAGES, wordfreq_version

        return {
            "kind": self.kind.value,
            "domain": self.background.domain.to_dict(),
            "general": {"source": "wordfreq", "version": wordfreq_version(),
                        "languages": list(GENERAL_LANGUAGES)},
            **self.background.params.to_dict(),
        }


@cache
def _fixed(domain: Any, params: RarityParams) -> FixedRarity:
    from ..knowledge.background import FixedBackground

    return FixedRarity(FixedBackground(domain, params))


def fixed_rarity(mappings: Path, params: RarityParams) -> FixedRarity:
    """The fixed rarity of a mappings directory with the blend ``params`` (``rarity`` of
    ``AlignConfig``); one per background file and parameters, so the per-key memo lives as
    long as the process."""
    from ..knowledge.background import load_background

    return _fixed(load_background(mappings), params)


# --------------------------------------------------------------------------- corpus rarity


class Background(list):
    """Documents' features over which corpus rarity is counted, with their counts taken once.

    ``score_matrix`` called once per document of a large corpus would otherwise recount the
    whole population each time (quadratic in the corpus size).
    """

    def __init__(self, documents: Sequence[Sequence[Features]] = ()):
        super().__init__(documents)
        self.ids: set[str] = set()
        self.df: Counter[str] = Counter()
        self.cdf: Counter[str] = Counter()
        for doc in self:
            _count(doc, self.df, self.cdf, self.ids)

    @property
    def n(self) -> int:
        return len(self.ids)


def _count(doc: Sequence[Features], df: Counter[str], cdf: Counter[str],
           seen: set[str]) -> None:
    for f in doc:
        if f.id in seen:
            continue
        seen.add(f.id)
        df.update(f.key_counts().keys())  # +1 per distinct key (counted in C)
        cdf.update(f.concept_ids())


class CorpusRarity(Rarity):
    """Smoothed idf over a population of principles, the same for every language."""

    kind = BackgroundKind.corpus

    def __init__(self, idf: dict[str, float], cidf: dict[str, float], population: int):
        super().__init__()
        self.idf, self.cidf, self.population = idf, cidf, population
        self._unseen = max(idf.values(), default=1.0)

    def key(self, key: str, lemma: str, lang: str) -> float:
        return self.idf.get(key, self._unseen)

    def concept(self, concept: str) -> float:
        return self.cidf.get(concept, 1.0)

    def unit_weights(self, unit: Unit, lang: str) -> dict[str, float]:
        get, unseen = self.idf.get, self._unseen
        return {k: get(k, unseen) for k in dict.fromkeys(unit.keys)}

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "principles": self.population}


def corpus_rarity(
    background: Background, extra: Sequence[Sequence[Features]] = ()
) -> CorpusRarity:
    """Rarity over the background plus the principles of ``extra`` it does not hold yet.

    Each principle counts once, however often it is listed (a corpus document that is also
    the source of an alignment is one population member). Only the keys and concepts occurring
    in ``extra`` are computed: a ScoreMatrix over ``extra`` never looks up any other.
    """
    df: Counter[str] = Counter()
    cdf: Counter[str] = Counter()
    seen = set(background.ids)
    for doc in extra:
        _count(doc, df, cdf, seen)
    n = len(seen)
    bdf, bcdf = background.df, background.cdf
    keys = {k for doc in extra for f in doc for k in f.key_counts()}
    concepts = {c for doc in extra for f in doc for c in f.concept_ids()}
    idf = {k: math.log((1 + n) / (1 + df.get(k, 0) + bdf.get(k, 0))) + 1.0 for k in keys}
    cidf = {c: math.log((1 + n) / (1 + cdf.get(c, 0) + bcdf.get(c, 0))) + 1.0 for c in concepts}
    return CorpusRarity(idf, cidf, n)
