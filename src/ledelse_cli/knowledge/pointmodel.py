"""Reader models of a framework's points (``mappings/point_model.yaml``): what readers map to each
point, learned from their codes (``eval/train_points.py``).

A model holds, per word (a folded lemma key, as lexical overlap uses), concept (``C:`` + its id) or
word part (``G:`` + ``grams`` letters of a word, ``<`` and ``>`` marking its start and end: the
parts let "tillidsfuld" and "tillitsbasert" share "<till"), a weight for each point, and a bias per
point. For a principle, each point's logit is the bias plus the weights of the words, concepts and
parts it holds; the softmax over the framework's points is the model's probability of each point.
The score against a point is then the similarity plus ``mix`` × (that probability − 1/number of
points): the mean over the points is unchanged, and a principle's ranking moves towards what
readers chose. The model is part of the versioned mappings, so a score stays a function of the two
texts and the mappings alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..base.cacheframe import read_entry, write_entry
from ..base.errors import ValidationError
from ..base.schema import Float, Int, MapOf, Record, Str, file_problems, load_validated
from ..base.yamlio import line_of, load_once

__all__ = ["PointModel", "load_point_models", "model_keys", "point_model_problems", "word_parts"]

POINT_MODEL_SCHEMA = Record(
    required={
        "target": Str(),
        "mix": Float(min=0, max=1),
        # Levels of this framework's points, calibrated with the model (AlignConfig.scoped).
        "thresholds": Record(required={"full": Float(min=0, max=1),
                                       "partial": Float(min=0, max=1)}),
        "bias": MapOf(Float(), min_items=2),
        "words": MapOf(MapOf(Float())),
    },
    # Length of the word parts the model reads (0 or absent: words and concepts only).
    optional={"grams": Int(min=0, max=12)},
)


def model_keys(features: Any, grams: int = 0) -> frozenset[str]:
    """The words, concepts and (``grams`` > 0) word parts a principle holds, as a model reads
    them (text and items)."""
    keys: set[str] = set()
    for unit in features.units:
        keys.update(unit.keys)
        keys.update(f"C:{c}" for c in unit.concepts)
    return frozenset(keys | word_parts(keys, grams))


def word_parts(words: Any, grams: int) -> set[str]:
    """``G:`` + every ``grams``-letter part of each word ("<" and ">" mark its ends), for the
    words longer than ``grams`` (concepts have none)."""
    parts: set[str] = set()
    for word in words:
        parts.update(_parts_of(word, grams))
    return parts


@lru_cache(maxsize=1 << 16)
def _parts_of(word: str, grams: int) -> tuple[str, ...]:
    if not grams or word.startswith(("C:", "G:")) or len(word) <= grams:
        return ()
    w = f"<{word}>"
    return tuple(dict.fromkeys(f"G:{w[i:i + grams]}" for i in range(len(w) - grams + 1)))


@dataclass(frozen=True)
class PointModel:
    target: str  # the framework whose points it scores ("kl11")
    mix: float
    full: float  # level thresholds of the framework's scores with the model
    partial: float
    bias: dict[str, float]  # point id -> bias
    words: dict[str, dict[str, float]]  # word, "C:concept" or "G:part" -> point id -> weight
    grams: int = 0  # length of the word parts it reads (0: none)

    def applies(self, point_id: str) -> bool:
        return point_id in self.bias

    def keys_of(self, features: Any) -> frozenset[str]:
        """What this model reads of a principle (``model_keys`` with its word parts)."""
        return model_keys(features, self.grams)

    @cached_property
    def _table(self) -> tuple[dict[str, int], Any, np.ndarray, dict[str, int]]:
        """The weights as a sparse (words × points) matrix, for scoring many principles."""
        from scipy.sparse import csr_matrix

        cols = {p: j for j, p in enumerate(self.bias)}
        rows = {k: i for i, k in enumerate(self.words)}
        r, c, v = [], [], []
        for k, i in rows.items():
            for point, w in self.words[k].items():
                r.append(i)
                c.append(cols[point])
                v.append(w)
        weights = csr_matrix((v, (r, c)), shape=(len(rows), len(cols)))
        return rows, weights, np.array(list(self.bias.values())), cols

    def probability_matrix(self, keys: list[frozenset[str]], points: list[str]) -> np.ndarray:
        """The model's probability of each of ``points`` for each principle (rows: ``keys``): a
        softmax over all of its points, whichever of them are asked for; 1/number of points for
        a point it does not know."""
        from scipy.sparse import csr_matrix

        rows, weights, bias, cols = self._table
        indices = [[rows[k] for k in ks if k in rows] for ks in keys]
        indptr = np.cumsum([0, *map(len, indices)])
        flat = [i for row in indices for i in row]
        x = csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(keys), len(rows)))
        logits = np.asarray((x @ weights).todense()) + bias
        logits -= logits.max(axis=1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(axis=1, keepdims=True)
        flat_share = np.full(len(keys), 1.0 / len(cols))
        return np.column_stack([prob[:, cols[p]] if p in cols else flat_share for p in points]) \
            if points else np.zeros((len(keys), 0))

    def probabilities(self, keys: frozenset[str], points: list[str]) -> list[float]:
        """``probability_matrix`` for one principle."""
        return [float(v) for v in self.probability_matrix([keys], points)[0]]

    def adjust(self, similarity: np.ndarray, probability: np.ndarray,
               restated: np.ndarray) -> np.ndarray:
        """The score: similarity + mix × (probability − 1/number of points), clipped to
        [0, 1] and rounded to 6 decimals as ``AlignConfig.combine`` rounds. A restatement of
        the point (``restated``: lexical similarity at the relation rules' "equal") keeps at
        least its similarity: a point copied word for word is that point, whatever readers
        wrote elsewhere."""
        score = similarity + self.mix * (probability - 1.0 / len(self.bias))
        score = np.where(restated, np.maximum(score, similarity), score)
        return np.round(np.clip(score, 0.0, 1.0), 6)

    @cached_property
    def _dense(self) -> tuple[dict[str, int], np.ndarray, dict[str, int], dict[Any, Any],
                              dict[str, tuple[int, ...]]]:
        """The weights as a dense (words × points) array, for explanations, a cache of
        principles' pulls (``_pulls``) and one of each word's parts the model knows (rows)."""
        rows, weights, _, cols = self._table
        return rows, np.asarray(weights.todense()), cols, {}, {}

    def _pulls(self, keys: frozenset[str]) -> tuple[list[str], np.ndarray]:
        """Each word's and concept's pull towards every point (rows: the words, columns as
        ``bias``) in a principle holding ``keys``: its own weights plus its word parts'
        weights, a part shared by several of the words split evenly among them, so that the
        pulls add up to what the keys add to the logits (``keys`` hold their words' parts, as
        ``model_keys`` gives them). Cached: a principle is explained against every point."""
        rows, dense, _, cache, _ = self._dense
        if (hit := cache.get(keys)) is not None:
            return hit
        words = sorted(k for k in keys if not k.startswith("G:"))
        at = {k: n for n, k in enumerate(words)}
        pulls = np.zeros((len(words), dense.shape[1]))
        own = [(at[k], rows[k]) for k in words if k in rows]
        if own:
            pulls[[a for a, _ in own]] = dense[[r for _, r in own]]
        holders: dict[int, list[int]] = {}  # a part's row -> the words holding it
        for k in words:
            for r in self._part_rows(k):
                holders.setdefault(r, []).append(at[k])
        if holders:
            who = [n for ns in holders.values() for n in ns]
            share = np.repeat(dense[list(holders)]
                              / np.array([[len(ns)] for ns in holders.values()]),
                              [len(ns) for ns in holders.values()], axis=0)
            np.add.at(pulls, who, share)
        if len(cache) > 50_000:
            cache.clear()
        cache[keys] = (words, pulls)
        return words, pulls

    def _part_rows(self, word: str) -> tuple[int, ...]:
        """The rows of the word's parts that the model knows (cached per word)."""
        rows, _, _, _, known = self._dense
        if (parts := known.get(word)) is None:
            parts = known[word] = tuple(rows[p] for p in _parts_of(word, self.grams) if p in rows)
        return parts

    def reasons(self, keys: frozenset[str], point: str, n: int = 4) -> list[tuple[str, float]]:
        """The words and concepts that pull a principle most towards ``point``, strongest first
        (a word with the pull of its parts)."""
        col = self._dense[2].get(point)
        if col is None:
            return []
        words, pulls = self._pulls(keys)
        found = [(words[k], round(float(v), 3)) for k, v in enumerate(pulls[:, col]) if v > 0]
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))[:n]

    def top_words(self, point: str, n: int = 8) -> list[tuple[str, float]]:
        """The words and concepts that pull most towards ``point`` when a principle holds them
        (a word with the pull of its parts)."""
        col = self._dense[2].get(point)
        if col is None:
            return []
        rows, dense = self._dense[:2]
        pulls = [(k, round(v, 3)) for k in self.words if not k.startswith("G:")
                 for v in [float(dense[rows[k], col] + dense[list(self._part_rows(k)), col].sum())]
                 if v > 0]
        return sorted(pulls, key=lambda kv: (-kv[1], kv[0]))[:n]

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "mix": self.mix,
                "thresholds": {"full": self.full, "partial": self.partial},
                **({"grams": self.grams} if self.grams else {}),
                "bias": dict(self.bias),
                "words": {k: dict(v) for k, v in sorted(self.words.items())}}


def point_model_problems(path: Path) -> list[str]:
    """Every problem in a point model file (syntax, schema, cross-field checks), never raising:
    each word's points have a bias, and 0 < partial < full < 1."""
    return file_problems(path, POINT_MODEL_SCHEMA, _cross_checks)


def _cross_checks(data: Any, name: str) -> list[str]:
    points = set(data["bias"])
    problems = [f"{name}:{line_of(data['words'], k)}: words -> {k}: point {p} has no bias"
                for k, v in data["words"].items() for p in v if p not in points]
    t = data["thresholds"]
    if not 0 < t["partial"] < t["full"] < 1:
        problems.append(f"{name}:{line_of(t, 'partial')}: thresholds: partial {t['partial']} "
                        f"must be below full {t['full']}, both between 0 and 1 (exclusive)")
    return problems


def _load(path: Path) -> tuple[PointModel, ...]:
    compiled = _compiled_path(path)
    data = read_entry(compiled) if compiled else None
    if data is None:
        data = load_validated(path, POINT_MODEL_SCHEMA)
        if problems := _cross_checks(data, str(path)):
            raise ValidationError(problems, str(path))
        if compiled:
            write_entry(compiled, data)
    return (PointModel(data["target"], data["mix"], data["thresholds"]["full"],
                       data["thresholds"]["partial"], dict(data["bias"]),
                       {k: dict(v) for k, v in data["words"].items()},
                       data.get("grams") or 0),)


#: Bump when what ``_load`` keeps in the cache changes.
COMPILED_FORMAT = 1


def _compiled_path(path: Path) -> Path | None:
    """Where the validated model of ``path`` is kept in the cache (``base.cacheframe``), by the
    file's sha256 (None: the cache is off). Parsing the 350 KB YAML file takes most of a second;
    the entry, milliseconds."""
    import hashlib

    from ..base.settings import cache_dir

    root = cache_dir()
    if root is None:
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return root / "models" / f"point_model-{COMPILED_FORMAT}-{digest}.json"


def load_point_models(mappings: Path | None = None) -> tuple[PointModel, ...]:
    """The reader models of the mappings directory (``model_path``; none when there is no
    point_model.yaml to use)."""
    path = model_path(mappings)
    return load_once("point_model", [path], lambda: _load(path)) if path else ()


def model_path(mappings: Path | None = None) -> Path | None:
    """The mappings directory's point_model.yaml; as for alignment.yaml, a directory without
    one uses the bundled one (None: there is none)."""
    from ..base import settings

    for path in (settings.mappings_dir(mappings) / "point_model.yaml",
                 settings.BUNDLED_MAPPINGS / "point_model.yaml"):
        if path.is_file():
            return path
    return None
