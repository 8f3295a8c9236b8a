"""Explanations of matches: shared lemmas and concepts, best items, reuse, NIST relation."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from ..base.vocab import Level, Relation
from .features import Features

if TYPE_CHECKING:
    from .scoring import ScoreMatrix

__all__ = ["Evidence", "Match", "explain", "longest_common_run", "relation_of"]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Evidence:
    """Why a principle and a point match."""

    shared_lemmas: tuple[str, ...]
    shared_concepts: tuple[str, ...]
    lexical: float
    fuzzy: float
    concepts: float
    best_unit: str | None = None
    best_unit_text: str | None = None
    target_unit: str | None = None
    target_unit_text: str | None = None
    reuse: str | None = None
    #: What the reader model added to the score (None: no model applies to this point) and
    #: the principle's words and concepts that pull it most towards the point.
    model: float | None = None
    readers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "shared_lemmas": list(self.shared_lemmas),
            "shared_concepts": list(self.shared_concepts),
            "lexical": round(self.lexical, 4),
            "fuzzy": round(self.fuzzy, 4),
            "concepts": round(self.concepts, 4),
            "best_item": self.best_unit,
            "best_item_text": self.best_unit_text,
            "target_item": self.target_unit,
            "target_item_text": self.target_unit_text,
        }
        if self.model is not None:
            out["reader_model"] = {"added": round(self.model, 4), "words": list(self.readers)}
        return out


@dataclass(frozen=True)
class Match:
    """A principle scored against one target point."""

    principle: str
    target: str
    score: float
    level: Level
    relation: Relation
    rule: str
    evidence: Evidence
    reuse: bool = False
    reviewed: bool = False
    rationale: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "target": self.target,
            "score": round(self.score, 4),
            "level": self.level,
            "relation": self.relation,
            "relation_rule": self.rule,
            "reuse": self.reuse,
            "reviewed": self.reviewed,
            "evidence": self.evidence.to_dict(),
        }
        if self.evidence.reuse:
            out["reuse_text"] = self.evidence.reuse
        if self.rationale:
            out["rationale"] = self.rationale
        return out



# --------------------------------------------------------------------------- explanation

_WORD = re.compile(r"[\wæøåÆØÅ]+", re.UNICODE)


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text.replace("**", "")))


@lru_cache(maxsize=65536)
def _ngrams(text: str, n: int) -> frozenset[tuple[str, ...]]:
    words = _words(text)
    return frozenset(words[k : k + n] for k in range(len(words) - n + 1))


def longest_common_run(a: str, b: str) -> str:
    """The longest run of identical words shared by two texts (case-folded)."""
    from difflib import SequenceMatcher

    wa, wb = _words(a), _words(b)
    m = SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    return " ".join(wa[m.a : m.a + m.size])


def _unit_reuse(text: str, tgt: Features, min_words: int) -> str:
    """The first longest run of words ``text`` shares with a unit of ``tgt`` ("" if none)."""
    best = ""
    grams = _ngrams(text, min_words)
    if not grams:
        return best
    for v in tgt.units:
        # Two texts share a run of >= min_words words exactly when they share an n-gram of
        # that length: a cheap set test spares difflib for almost every pair.
        if grams.isdisjoint(_ngrams(v.text, min_words)):
            continue
        run = longest_common_run(text, v.text)
        if len(run.split()) > len(best.split()):
            best = run
    return best


def _weight(weights: dict[str, float], keys: set[str]) -> float:
    """The summed weight of ``keys`` (1.0 for a key without one), in set order."""
    return sum(map(weights.get, keys, repeat(1.0)))


def _shared(a: dict[str, float], b: dict[str, float], keys: set[str]) -> float:
    """The weight of keys both sides hold: the geometric mean of each key's two weights (the
    weight itself when they agree, as they do unless the two texts' languages differ)."""
    return sum(_mean(a.get(k, 1.0), b.get(k, 1.0)) for k in keys)


def _mean(x: float, y: float) -> float:
    return x if x == y else math.sqrt(x * y)


class TargetUnit(NamedTuple):
    """A target unit: its key set, each key's rarity weight and their sum."""

    keys: set[str]
    weights: dict[str, float]
    total: float


class UnitPair(NamedTuple):
    """A unit against a point: its rarity-weighted overlap with each of the point's units, the
    row's maximum, and its longest shared run of words with their count."""

    row: list[float]
    top: float
    run: str
    words: int


class SourceUnit(NamedTuple):
    """A distinct unit text of the source side, with its keys and their weights."""

    text: str
    keys: tuple[str, ...]
    weights: dict[str, float]


@dataclass(frozen=True, slots=True)
class TermProfile:
    """A principle's terms for explanations: its keys and concepts, the weight of all of
    them, its units (indices into ``ExplainMemo.units``), the first lemma of each key, and
    each key's rarity weight."""

    keys: set[str]
    concepts: set[str]
    total: float
    units: tuple[int, ...]
    lemmas: dict[str, str]
    weights: dict[str, float]


@dataclass
class ExplainMemo:
    """What explanations of one score matrix share: per-principle profiles and target units,
    and each distinct source unit compared with a point once (the corpus repeats sentences)."""

    profiles: dict[int, TermProfile] = field(default_factory=dict)
    targets: dict[int, list[TargetUnit]] = field(default_factory=dict)
    unit_ids: dict[tuple[str, tuple[str, ...], str], int] = field(default_factory=dict)
    units: list[SourceUnit] = field(default_factory=list)
    pairs: dict[tuple[int, int], UnitPair] = field(default_factory=dict)
    #: Each source principle's words, concepts and parts as the reader model reads them
    #: (filled by ``scoring.with_models`` when a model applies).
    model_keys: dict[int, frozenset[str]] = field(default_factory=dict)


def _target_units(m: ScoreMatrix, f: Features) -> list[TargetUnit]:
    memo = m.memo.targets
    found = memo.get(id(f))
    if found is None:
        lang = f.principle.lang
        found = memo[id(f)] = [
            TargetUnit(set(u.keys), w, _weight(w, set(u.keys)))
            for u in f.units
            for w in (m.rarity.unit_weights(u, lang),)
        ]
    return found


def _unit_pair(m: ScoreMatrix, unit: int, tgt: Features) -> UnitPair:
    text, keys, weights = m.memo.units[unit]
    ku = set(keys)
    wu = _weight(weights, ku)
    row = [
        _shared(weights, weights_v, ku & kv) / (math.sqrt(wu * wv) or 1.0)
        for kv, weights_v, wv in _target_units(m, tgt)
    ]
    run = _unit_reuse(text, tgt, m.config.reuse_min_words)
    found = UnitPair(row, max(row, default=-1.0), run, len(run.split()))
    m.memo.pairs[unit, id(tgt)] = found
    return found


def _best_units_and_reuse(
    m: ScoreMatrix, units: tuple[int, ...], tgt: Features
) -> tuple[int, int, str | None]:
    """The best-overlapping (source unit, target unit) pair, first in unit order within 1e-12,
    and the longest run of words shared by any two units (first of the longest)."""
    pairs = m.memo.pairs
    tid = id(tgt)
    best, a_best, b_best = -1.0, 0, 0
    reuse, reuse_words = "", 0
    for a, unit in enumerate(units):
        found = pairs.get((unit, tid))
        row, top, run, words = found if found is not None else _unit_pair(m, unit, tgt)
        if top > best + 1e-12:
            for b, s in enumerate(row):
                if s > best + 1e-12:
                    best, a_best, b_best = s, a, b
        if words > reuse_words:
            reuse, reuse_words = run, words
    return a_best, b_best, reuse if reuse_words >= m.config.reuse_min_words else None


# A principle's key set, concept set, their total rarity weight, its units as indices into
# the matrix's table of distinct (text, keys, language) units, each key's lemma
# (Features.lemma_of) and each key's rarity weight.
def _profile(m: ScoreMatrix, f: Features) -> TermProfile:
    """A principle's terms and units (memoised per matrix). The corpus repeats unit texts
    (the same sentence in many documents): each distinct unit is compared with a point once."""
    memo = m.memo
    found = memo.profiles.get(id(f))
    if found is None:
        ks, cs = set(f.key_counts()), set(f.concepts(m.config.item_weight))
        weights = m.rarity.principle_weights(f)
        total = _weight(weights, ks) + sum(map(m.rarity.concept, cs))
        ids, table = memo.unit_ids, memo.units
        lang = f.principle.lang
        units = []
        for u in f.units:
            n = ids.get((u.text, u.keys, lang))
            if n is None:
                n = ids[u.text, u.keys, lang] = len(table)
                table.append(SourceUnit(u.text, u.keys, m.rarity.unit_weights(u, lang)))
            units.append(n)
        lemmas: dict[str, str] = {}
        for u in reversed(f.units):  # the first unit with the key wins
            lemmas.update(u.lemmas)
        found = memo.profiles[id(f)] = TermProfile(ks, cs, total, tuple(units), lemmas, weights)
    return found


def relation_of(m: ScoreMatrix, i: int, j: int) -> tuple[Relation, str]:
    """The suggested NIST IR 8477 relationship and the rule that chose it."""
    ps, pt = _profile(m, m.sources[i]), _profile(m, m.targets[j])
    return _relation(m, float(m.score[i, j]), float(m.lexical[i, j]), ps, pt, ps.keys & pt.keys)


def _relation(
    m: ScoreMatrix, score: float, lex: float, ps: TermProfile, pt: TermProfile,
    shared_keys: set[str],
) -> tuple[Relation, str]:
    cfg = m.config
    if score < cfg.partial:
        return Relation.not_related, f"score {score:.2f} < partial threshold {cfg.partial:.2f}"
    cs, total_s = ps.concepts, ps.total
    ct, total_t = pt.concepts, pt.total
    # The weight of what the two share, as a part of each side's total (each side weighs the
    # shared keys in its own language).
    concepts = sum(map(m.rarity.concept, cs & ct))
    shared_s = _weight(ps.weights, shared_keys) + concepts
    shared_t = _weight(pt.weights, shared_keys) + concepts
    cov_s = shared_s / total_s if total_s else 0.0
    cov_t = shared_t / total_t if total_t else 0.0
    if lex >= cfg.equal_lexical:
        return Relation.equal, f"lexical similarity {lex:.2f} >= {cfg.equal_lexical:.2f}"
    facts = (
        f"{cov_s:.0%} of the principle's weighted terms and concepts occur in the point, "
        f"{cov_t:.0%} of the point's in the principle"
    )
    if cov_s >= cfg.contain and cov_t < cfg.part:
        return Relation.subset, f"subset: {facts}"
    if cov_t >= cfg.contain and cov_s < cfg.part:
        return Relation.superset, f"superset: {facts}"
    return Relation.intersects, f"intersects: {facts}"


def _key_order(ps: TermProfile, pt: TermProfile, keys: set[str]) -> list[str]:
    """Shared keys rarest first (by the two sides' weights together), then alphabetically."""
    ws, wt = ps.weights, pt.weights
    return sorted(keys, key=lambda k: (-(ws.get(k, 1.0) + wt.get(k, 1.0)), k))


def explain(m: ScoreMatrix, i: int, j: int) -> Match:
    """Build the explained Match of source ``i`` and target ``j`` (overrides applied)."""
    src, tgt = m.sources[i], m.targets[j]
    ps, pt = _profile(m, src), _profile(m, tgt)
    shared = ps.keys & pt.keys
    shared_keys = _key_order(ps, pt, shared)
    shared_concepts: list[str] = []
    common = ps.concepts & pt.concepts
    if common:
        sc, tc = (f.concepts(m.config.item_weight) for f in (src, tgt))
        shared_concepts = sorted(common, key=lambda c: (-sc[c] * tc[c], c))
    a, b, reuse = _best_units_and_reuse(m, ps.units, tgt)
    u, v = src.units[a], tgt.units[b]
    lex = float(m.lexical[i, j])
    lemmas = ps.lemmas
    evidence = Evidence(
        tuple(dict.fromkeys([lemmas.get(k, k) for k in shared_keys])),
        tuple(shared_concepts),
        lex,
        float(m.fuzzy[i, j]),
        float(m.concepts[i, j]),
        u.id,
        u.text,
        v.id,
        v.text,
        reuse,
        *_reader_model(m, i, j, lemmas),
    )
    score = float(m.score[i, j])
    relation, rule = _relation(m, score, lex, ps, pt, shared)
    override = m.overrides.get((src.id, tgt.id))
    if override is not None:
        # A person's verdict wins; its strength (1-10) sets the level, the score stays ours.
        level = (
            Level.full if override.strength >= 7 else Level.partial if override.strength >= 4
            else Level.none
        )
        if override.relation == Relation.not_related:
            level = Level.none
        return Match(
            src.id,
            tgt.id,
            score,
            level,
            Relation(override.relation),
            f"reviewed ({override.source})",
            evidence,
            reuse is not None,
            True,
            override.rationale,
        )
    best = score >= m.row_best[i]
    return Match(
        src.id, tgt.id, score, m.config.level(score, best), relation, rule, evidence,
        reuse is not None,
    )


def _reader_model(m: ScoreMatrix, i: int, j: int, lemmas: dict[str, str]
                  ) -> tuple[float | None, tuple[str, ...]]:
    """What the reader model added to this score, and the words (as lemmas) and concepts
    ("C:" + concept id) of the principle that pull it most towards the point."""
    model = m.config.model
    if m.model is None or model is None or not model.applies(m.targets[j].id):
        return None, ()
    pulls = model.reasons(m.memo.model_keys[i], m.targets[j].id)
    return float(m.model[i, j]), tuple(dict.fromkeys(
        k if k.startswith("C:") else lemmas.get(k, k) for k, _ in pulls))
