"""Per-principle features for alignment: folded lemma keys and taxonomy concepts, per unit.

A unit is a principle's own text or one of its items; items count as evidence for their
principle, so both the whole principle and its best unit are scored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path

from ..base.models import Principle


@dataclass(frozen=True)
class Unit:
    """One scored piece of text: a principle's own text (id = principle id) or an item."""

    id: str
    text: str
    keys: tuple[str, ...]
    lemmas: dict[str, str] = field(default_factory=dict, compare=False)
    concepts: dict[str, float] = field(default_factory=dict, compare=False)
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Features:
    """A principle with its units; ``keys``/``concepts`` are the union over the units."""

    principle: Principle
    units: tuple[Unit, ...]
    # Derived values, computed once per item weight: scoring asks for them for every pair
    # (read-only results). Key counts and the fuzzy string are cached properties.
    _weights: dict[float, dict[str, float]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )
    _concepts: dict[float, dict[str, float]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )
    #: A framework point's reviewed concept profile (concept -> weight), and the share of its
    #: concept vector taken from it (``profile_weight`` in alignment.yaml); see ``concepts``.
    profile: tuple[tuple[str, float], ...] = ()
    profile_weight: float = 0.0

    @property
    def id(self) -> str:
        return self.principle.id

    @cached_property
    def _counts(self) -> Counter[str]:
        return Counter(chain.from_iterable(u.keys for u in self.units))

    def key_counts(self) -> Counter[str]:
        return self._counts

    @cached_property
    def _fuzzy(self) -> str:
        from rapidfuzz import utils

        return str(utils.default_process(" ".join(sorted(self._counts))))

    def fuzzy_string(self) -> str:
        """The string the fuzzy part compares: the distinct keys sorted, joined by spaces, and
        put through rapidfuzz's ``default_process`` (idempotent, so scorers need no processor)."""
        return self._fuzzy

    def key_weights(self, item_weight: float) -> dict[str, float]:
        """Each key's weight: 1 in the principle's own text, ``item_weight`` only in items.

        The principle's own text (a heading like "Jeg skaber trivsel …") names its theme; the
        items elaborate it and often touch neighbouring themes, so they count less.
        """
        found = self._weights.get(item_weight)
        if found is not None:
            return found
        units = self.units
        # Keys in first-occurrence order (the order of a row of the scoring matrix).
        out: dict[str, float] = dict.fromkeys(units[0].keys, 1.0) if units else {}
        alone = max(0.0, item_weight)
        for u in units[1:]:
            for k in u.keys:
                w = out.get(k)
                out[k] = alone if w is None else max(w, item_weight)
        self._weights[item_weight] = out
        return out

    def concept_ids(self) -> list[str]:
        """The concepts the principle evokes, in first-occurrence order: the keys of
        ``concepts``, which are the same for every positive item weight."""
        return list(self.concepts(1.0))

    def concepts(self, item_weight: float) -> dict[str, float]:
        """Concept strengths over the units (noisy-OR; items discounted as in key_weights)."""
        found = self._concepts.get(item_weight)
        if found is not None:
            return found
        out: dict[str, float] = {}
        for n, u in enumerate(self.units):
            scale = 1.0 if n == 0 else item_weight
            for c, w in u.concepts.items():
                out[c] = 1 - (1 - out.get(c, 0.0)) * (1 - w * scale)
        if self.profile and self.profile_weight > 0:
            # A reader's profile of a framework point, blended with what its words show.
            lam, reviewed = self.profile_weight, dict(self.profile)
            out = {c: (1 - lam) * out.get(c, 0.0) + lam * reviewed.get(c, 0.0)
                   for c in dict.fromkeys([*out, *reviewed])}
            out = {c: w for c, w in out.items() if w > 0}
        self._concepts[item_weight] = out
        return out

    def lemma_of(self, key: str) -> str:
        for u in self.units:
            if key in u.lemmas:
                return u.lemmas[key]
        return key


def unit_texts(principle: Principle) -> list[tuple[str, str]]:
    """A principle's units as (id, text): its own text (under its heading when the title is a
    heading of its own, as a value word over its paragraph), then its items (markup dropped)."""
    own = principle.text.replace("**", "")
    if principle.title_span is not None:
        own = f"{principle.title}\n{own}"
    return [
        (principle.id, own),
        *((i.id, i.text.replace("**", "")) for i in principle.items),
    ]


def featurize(
    principles: list[Principle] | tuple[Principle, ...], mappings: Path | None = None
) -> list[Features]:
    """Analyse every unit of every principle (grouped by language, one spaCy pipe each)."""
    from ..base import settings
    from ..knowledge.concepts import match_concepts
    from ..knowledge.taxonomy import load_taxonomy
    from ..text.lemmatize import analyze_many, content_keys

    mdir = settings.mappings_dir(mappings)
    taxonomy = load_taxonomy(mdir)
    jobs: list[tuple[int, str, str, str]] = []  # (principle index, unit id, text, lang)
    for n, p in enumerate(principles):
        lang = p.lang if p.lang in ("da", "nb", "nn") else "unknown"
        jobs.extend((n, uid, text, lang) for uid, text in unit_texts(p))
    units: list[list[Unit]] = [[] for _ in principles]
    by_lang: dict[str, list[int]] = {}
    for j, job in enumerate(jobs):
        by_lang.setdefault(job[3], []).append(j)
    analysed: dict[int, list] = {}
    for lang, idx in sorted(by_lang.items()):
        for j, tokens in zip(idx, analyze_many([jobs[j][2] for j in idx], lang, mdir), strict=True):
            analysed[j] = tokens
    for j, (n, uid, text, lang) in enumerate(jobs):
        tokens = analysed[j]
        keys = tuple(content_keys(tokens))
        lemmas: dict[str, str] = {}
        for t in tokens:
            if t.is_word and not t.is_stop:
                lemmas.setdefault(t.key, t.lemma)
                for part, pkey in zip(t.parts, t.part_keys, strict=False):
                    lemmas.setdefault(pkey, part)
        hits = match_concepts(tokens, taxonomy, lang=lang if lang != "unknown" else None)
        units[n].append(
            Unit(
                uid,
                text,
                keys,
                lemmas,
                {h.concept: h.weight for h in hits},
                {h.concept: h.cues for h in hits},
            )
        )
    return [Features(p, tuple(u)) for p, u in zip(principles, units, strict=True)]
