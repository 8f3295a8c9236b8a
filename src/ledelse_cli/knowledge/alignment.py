"""Alignment settings: weights, thresholds and relation rules from ``alignment.yaml``.

The one source of these values: ``AlignConfig`` has no built-in defaults, and a mappings
directory without an ``alignment.yaml`` uses the bundled one. Validated on load, with
cross-field checks (``partial`` below ``full``, not every weight 0).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..base.errors import ValidationError
from ..base.schema import Float, Int, Record, validate
from ..base.vocab import Level
from ..base.yamlio import line_of, load_once, read_yaml
from .background import RarityParams
from .pointmodel import PointModel, load_point_models, model_path

__all__ = ["ALIGNMENT_SCHEMA", "AlignConfig", "alignment_problems", "load_config"]

ALIGNMENT_SCHEMA = Record(
    required={
        "weights": Record(
            required={
                "lexical": Float(min=0, max=1),
                "fuzzy": Float(min=0, max=1),
                "concepts": Float(min=0, max=1),
            }
        ),
        "thresholds": Record(
            required={"full": Float(min=0, max=1), "partial": Float(min=0, max=1)}
        ),
        "item_weight": Float(min=0, max=1),
        "reuse_min_words": Int(min=3, max=50),
        "top_k": Int(min=1, max=50),
        "relations": Record(
            required={
                "equal_lexical": Float(min=0, max=1),
                "contain": Float(min=0, max=1),
                "part": Float(min=0, max=1),
            }
        ),
        # Share of a framework point's concept vector taken from its reviewed profile
        # (mappings/target_profiles.yaml) rather than from the cues its words happen to hold.
        "profile_weight": Float(min=0, max=1),
        "rarity": Record(
            required={
                "domain_weight": Float(min=0, max=1),
                # Above wordfreq's floor (3) and at most the commonest Danish words (~7.5).
                "zipf_common": Float(min=3.5, max=8),
            }
        ),
    },
)


def alignment_problems(path: Path) -> list[str]:
    """Every problem in an alignment file (syntax, schema, cross-field checks), never raising.

    Beyond the schema: both thresholds strictly between 0 and 1 with ``partial`` below
    ``full``, and not every weight 0 (the score would be 0 for every pair).
    """
    return _read_alignment(path)[1]


def _read_alignment(path: Path) -> tuple[Any, list[str]]:
    try:
        data = read_yaml(path)
    except ValidationError as e:
        return None, list(e.problems)
    problems = validate(data, ALIGNMENT_SCHEMA, str(path))
    return data, problems or _alignment_cross_checks(data, str(path))


def _alignment_cross_checks(data: Any, name: str) -> list[str]:
    problems: list[str] = []
    t = data["thresholds"]
    for key in ("partial", "full"):
        if not 0 < t[key] < 1:
            problems.append(
                f"{name}:{line_of(t, key)}: thresholds -> {key}: {t[key]} must be between 0 "
                "and 1 (exclusive)"
            )
    if t["partial"] >= t["full"]:
        problems.append(
            f"{name}:{line_of(t, 'partial')}: thresholds -> partial: partial {t['partial']} "
            f"must be below full {t['full']} (line {line_of(t, 'full')})"
        )
    w = data["weights"]
    if not (w["lexical"] or w["fuzzy"] or w["concepts"]):
        problems.append(
            f"{name}:{line_of(data, 'weights')}: weights: lexical, fuzzy and concepts are all 0; "
            "at least one must be above 0"
        )
    return problems


@dataclass(frozen=True)
class AlignConfig:
    """Weights, thresholds and relation rules. One source of values: ``alignment.yaml`` (see
    ``load_config``); there are deliberately no defaults here to drift from it."""

    w_lexical: float
    w_fuzzy: float
    w_concepts: float
    full: float
    partial: float
    item_weight: float
    reuse_min_words: int
    top_k: int
    equal_lexical: float
    contain: float
    part: float
    profile_weight: float
    rarity: RarityParams
    #: Reader models of framework points (``point_model.yaml``; ``pointmodel``).
    models: tuple[PointModel, ...] = ()
    #: The framework this configuration scores against (``scoped``): its reader model is
    #: applied, and its thresholds are the model's. None: similarity alone (document against
    #: document, or a framework without a model).
    scope: str | None = None

    def scoped(self, framework: str) -> AlignConfig:
        """The settings for scoring against ``framework``'s points: with its reader model and the
        thresholds calibrated with it, when it has one; else these settings unchanged."""
        model = self.model_for(framework)
        if model is None:
            return self
        return replace(self, scope=framework, full=model.full, partial=model.partial)

    def model_for(self, framework: str | None) -> PointModel | None:
        return next((m for m in self.models if m.target == framework), None)

    @property
    def model(self) -> PointModel | None:
        """The reader model these settings apply (that of ``scope``)."""
        return self.model_for(self.scope)

    def combine(self, lexical: Any, fuzzy: Any, concepts: Any) -> np.ndarray:
        """The score from its three parts (arrays in [0, 1]): weighted, clipped, rounded to 6
        decimals once, so that every consumer (JSON, CSV, ranking) sees the same numbers.

        A restatement (lexical similarity >= ``equal_lexical``, the pairs the relation rules
        call equal) scores at least its lexical similarity: a point copied word for word is that
        point, whatever concepts its reviewed profile names that its words do not."""
        lexical = np.asarray(lexical, dtype=np.float64)
        score = self.w_lexical * lexical + self.w_fuzzy * fuzzy + self.w_concepts * concepts
        score = np.where(lexical >= self.equal_lexical, np.maximum(score, lexical), score)
        return np.round(np.clip(score, 0.0, 1.0), 6)

    def level(self, score: float, best: bool = True) -> Level:
        """``full`` when the score reaches ``full`` and the point is the principle's closest
        match (``best``: a principle that says a point's core idea has that point first);
        ``partial`` when it reaches ``partial``; else ``none``."""
        if score >= self.full and best:
            return Level.full
        return Level.partial if score >= self.partial else Level.none

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": {
                "lexical": self.w_lexical,
                "fuzzy": self.w_fuzzy,
                "concepts": self.w_concepts,
            },
            "thresholds": {"full": self.full, "partial": self.partial},
            "item_weight": self.item_weight,
            "reuse_min_words": self.reuse_min_words,
            "top_k": self.top_k,
            "relations": {
                "equal_lexical": self.equal_lexical,
                "contain": self.contain,
                "part": self.part,
            },
            "profile_weight": self.profile_weight,
            "rarity": self.rarity.to_dict(),
            **({"reader_model": {"target": self.scope, "mix": self.model.mix}}
               if self.model else {}),
            "fuzzy_scorer": "rapidfuzz.fuzz.token_set_ratio (processor=default_process)",
        }


def _load_config(path: Path) -> AlignConfig:
    d, problems = _read_alignment(path)
    if problems:
        raise ValidationError(problems, str(path))
    w, t, r = d["weights"], d["thresholds"], d["relations"]
    total = w["lexical"] + w["fuzzy"] + w["concepts"]
    return AlignConfig(
        w_lexical=w["lexical"] / total,
        w_fuzzy=w["fuzzy"] / total,
        w_concepts=w["concepts"] / total,
        full=t["full"],
        partial=t["partial"],
        item_weight=d["item_weight"],
        reuse_min_words=d["reuse_min_words"],
        top_k=d["top_k"],
        equal_lexical=r["equal_lexical"],
        contain=r["contain"],
        part=r["part"],
        profile_weight=d["profile_weight"],
        rarity=RarityParams(**d["rarity"]),
    )


def load_config(mappings: Path | None = None) -> AlignConfig:
    """The alignment settings from ``alignment.yaml`` (validated, cached): the mappings
    directory's own, else the bundled one (a project that ships only a taxonomy)."""
    from ..base import settings

    path = settings.mappings_dir(mappings) / "alignment.yaml"
    if not path.is_file():
        path = settings.BUNDLED_MAPPINGS / "alignment.yaml"
    models = model_path(mappings)
    return load_once(
        "alignment", [path, *([models] if models else [])],
        lambda: replace(_load_config(path), models=load_point_models(mappings)))
