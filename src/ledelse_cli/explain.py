"""Explanations of matches: shared lemmas and concepts, best items, reuse, NIST relation."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .features import Features, Unit

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
        return out


@dataclass(frozen=True)
class Match:
    """A principle scored against one target point."""

    principle: str
    target: str
    score: float
    level: str
    relation: str
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


def _reuse(m: ScoreMatrix, src: Features, tgt: Features, min_words: int) -> str | None:
    best = ""
    for u in src.units:
        # The first longest run of each unit against the target's units: the corpus repeats
        # unit texts (the same sentence in many documents), so each is searched once per point.
        key = ("reuse", u.text, id(tgt), min_words)
        run = m.memo.get(key)
        if run is None:
            run = m.memo[key] = _unit_reuse(u.text, tgt, min_words)
        if len(run.split()) > len(best.split()):
            best = run
    return best if len(best.split()) >= min_words else None


def _unit_reuse(text: str, tgt: Features, min_words: int) -> str:
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


def _unit_scores(m: ScoreMatrix, keys: tuple[str, ...], tgt: Features) -> list[float]:
    """Rarity-weighted overlap of one unit's keys with each unit of ``tgt`` (memoised by keys:
    many principles share a unit's text)."""
    key = ("unit_scores", keys, id(tgt))
    found = m.memo.get(key)
    if found is None:
        idf = m.idf
        ku = set(keys)
        wu = sum(idf.get(k, 1.0) for k in ku)
        found = m.memo[key] = [
            sum(idf.get(k, 1.0) for k in ku & kv) / (math.sqrt(wu * wv) or 1.0)
            for kv, wv in _target_units(m, tgt)
        ]
    return found


def _target_units(m: ScoreMatrix, f: Features) -> list[tuple[set[str], float]]:
    key = ("units", id(f))
    found = m.memo.get(key)
    if found is None:
        found = m.memo[key] = [
            (keys, sum(m.idf.get(k, 1.0) for k in keys)) for u in f.units
            for keys in (set(u.keys),)
        ]
    return found


def _best_units(m: ScoreMatrix, src: Features, tgt: Features) -> tuple[Unit, Unit]:
    best, pair = -1.0, (0, 0)
    for a, u in enumerate(src.units):
        for b, s in enumerate(_unit_scores(m, u.keys, tgt)):
            if s > best + 1e-12:
                best, pair = s, (a, b)
    return src.units[pair[0]], tgt.units[pair[1]]


def _terms(m: ScoreMatrix, f: Features) -> tuple[set[str], set[str], float]:
    """A principle's key set, concept set and their total rarity weight (memoised)."""
    key = ("terms", id(f))
    found = m.memo.get(key)
    if found is None:
        ks, cs = set(f.key_counts()), set(f.concepts())
        total = sum(m.idf.get(k, 1.0) for k in ks) + sum(m.concept_idf.get(c, 1.0) for c in cs)
        found = m.memo[key] = (ks, cs, total)
    return found


def relation_of(m: ScoreMatrix, i: int, j: int) -> tuple[str, str]:
    """The suggested NIST IR 8477 relationship and the rule that chose it."""
    src, tgt = m.sources[i], m.targets[j]
    return _relation(m, i, j, _terms(m, src), _terms(m, tgt))


def _relation(
    m: ScoreMatrix,
    i: int,
    j: int,
    terms_s: tuple[set[str], set[str], float],
    terms_t: tuple[set[str], set[str], float],
    shared_keys: set[str] | None = None,
) -> tuple[str, str]:
    cfg = m.config
    score = float(m.score[i, j])
    if score < cfg.partial:
        return "not_related", f"score {score:.2f} < partial threshold {cfg.partial:.2f}"
    ks, cs, total_s = terms_s
    kt, ct, total_t = terms_t
    if shared_keys is None:
        shared_keys = ks & kt
    # The weight of what the two share, as a part of each side's total.
    shared = sum(m.idf.get(k, 1.0) for k in shared_keys) + sum(
        m.concept_idf.get(c, 1.0) for c in cs & ct
    )
    cov_s = shared / total_s if total_s else 0.0
    cov_t = shared / total_t if total_t else 0.0
    lex = float(m.lexical[i, j])
    if lex >= cfg.equal_lexical:
        return "equal", f"lexical similarity {lex:.2f} >= {cfg.equal_lexical:.2f}"
    facts = (
        f"{cov_s:.0%} of the principle's weighted terms and concepts occur in the point, "
        f"{cov_t:.0%} of the point's in the principle"
    )
    if cov_s >= cfg.contain and cov_t < cfg.part:
        return "subset", f"subset: {facts}"
    if cov_t >= cfg.contain and cov_s < cfg.part:
        return "superset", f"superset: {facts}"
    return "intersects", f"intersects: {facts}"


def explain(m: ScoreMatrix, i: int, j: int) -> Match:
    """Build the explained Match of source ``i`` and target ``j`` (overrides applied)."""
    src, tgt = m.sources[i], m.targets[j]
    terms_s, terms_t = _terms(m, src), _terms(m, tgt)
    shared = terms_s[0] & terms_t[0]
    shared_keys = sorted(shared, key=lambda k: (-m.idf.get(k, 1.0), k))
    sc, tc = src.concepts(), tgt.concepts()
    shared_concepts = sorted(terms_s[1] & terms_t[1], key=lambda c: (-sc[c] * tc[c], c))
    u, v = _best_units(m, src, tgt)
    reuse = _reuse(m, src, tgt, m.config.reuse_min_words)
    evidence = Evidence(
        shared_lemmas=tuple(dict.fromkeys(src.lemma_of(k) for k in shared_keys)),
        shared_concepts=tuple(shared_concepts),
        lexical=float(m.lexical[i, j]),
        fuzzy=float(m.fuzzy[i, j]),
        concepts=float(m.concepts[i, j]),
        best_unit=u.id,
        best_unit_text=u.text,
        target_unit=v.id,
        target_unit_text=v.text,
        reuse=reuse,
    )
    score = float(m.score[i, j])
    relation, rule = _relation(m, i, j, terms_s, terms_t, shared)
    override = m.overrides.get((src.id, tgt.id))
    if override is not None:
        # A person's verdict wins; its strength (1-10) sets the level, the score stays ours.
        level = (
            "full" if override.strength >= 7 else "partial" if override.strength >= 4 else "none"
        )
        if override.relation == "not_related":
            level = "none"
        return Match(
            src.id,
            tgt.id,
            score,
            level,
            override.relation,
            f"reviewed ({override.source})",
            evidence,
            reuse is not None,
            True,
            override.rationale,
        )
    return Match(
        src.id, tgt.id, score, m.config.level(score), relation, rule, evidence, reuse is not None
    )
