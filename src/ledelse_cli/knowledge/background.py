"""The fixed rarity background: domain document frequencies (``mappings/background.yaml``) and
general-language word frequencies (wordfreq), so rarity never depends on the corpus at hand.

``background.yaml`` is built once by ``scripts/build-background.py`` from the reference
leadership texts bundled with the tool and versioned with the other mappings; a mappings
directory without one uses the bundled file. General-language frequencies are wordfreq's
zipf values for Danish (``da``) and Bokmål (``nb``), read from the tables of
``text.generalfreq``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import ValidationError
from ..base.schema import Custom, Int, ListOf, MapOf, Record, Str
from ..base.yamlio import load_once
from ..text.generalfreq import ZIPF_FLOOR, zipf

FILE = "background.yaml"
FORMAT = 1


def _df_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"expected a document frequency (an integer >= 1), got {value!r}"
    return None


BACKGROUND_SCHEMA = Record(
    required={
        "format": Int(min=FORMAT, max=FORMAT),
        "version": Str(),
        "built": Record(
            required={
                "by": Str(),
                "documents": ListOf(
                    Record(required={"id": Str(), "text_sha256": Str(pattern=r"[0-9a-f]{64}"),
                                     "principles": Int(min=0)}),
                    min_items=1,
                ),
            },
            optional={"tool_version": Str(), "note": Str()},
        ),
        "principles": Int(min=1),
        "keys": MapOf(Custom(_df_problem), min_items=1),
        "concepts": MapOf(Custom(_df_problem)),
    }
)


@dataclass(frozen=True, eq=False)
class DomainBackground:
    """Document frequencies of folded lemma keys and of concepts over reference principles."""

    version: str
    principles: int
    keys: Mapping[str, int]
    concepts: Mapping[str, int]
    documents: tuple[str, ...]
    path: Path
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        """What a manifest records about it (the counts themselves are in the file)."""
        return {
            "file": str(self.path),
            "sha256": self.sha256,
            "version": self.version,
            "principles": self.principles,
            "keys": len(self.keys),
            "concepts": len(self.concepts),
            "documents": list(self.documents),
        }


def background_path(mappings: Path) -> Path:
    """``mappings/background.yaml``, else the bundled one (a custom mappings directory need
    not carry its own)."""
    from ..base.settings import BUNDLED_MAPPINGS

    path = Path(mappings) / FILE
    return path if path.is_file() else BUNDLED_MAPPINGS / FILE


def background_problems(path: Path) -> list[str]:
    """Schema problems plus frequencies that cannot be (more than the principles counted)."""
    from ..base.yamlio import read_yaml

    try:
        data = read_yaml(path)
    except ValidationError as e:
        return list(e.problems)
    return _problems(data, path)


def _problems(data: Any, path: Path) -> list[str]:
    from ..base.schema import validate
    from ..base.yamlio import line_of

    problems = validate(data, BACKGROUND_SCHEMA, str(path))
    if problems or not isinstance(data, dict):
        return problems
    n = data["principles"]
    for section in ("keys", "concepts"):
        for name, df in data[section].items():
            if df > n:
                problems.append(f"{path}:{line_of(data[section], name)}: {section} -> {name}: "
                                f"document frequency {df} exceeds principles ({n})")
    return problems


def _load(path: Path) -> DomainBackground:
    from ..base.yamlio import parse_yaml

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValidationError([f"{path}:0: not UTF-8 ({e.reason} at byte {e.start})"],
                              str(path)) from e
    data = parse_yaml(text, str(path))
    problems = _problems(data, path)
    if problems:
        raise ValidationError(problems, str(path))
    return DomainBackground(
        version=data["version"],
        principles=data["principles"],
        keys=dict(data["keys"]),
        concepts=dict(data["concepts"]),
        documents=tuple(d["id"] for d in data["built"]["documents"]),
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def load_background(mappings: Path) -> DomainBackground:
    """The domain background for a mappings directory (validated; cached per path and mtime).

    Raises:
        ValidationError: the file is malformed or fails its schema (every problem listed).
    """
    path = background_path(mappings).resolve()
    try:
        path.stat()
    except OSError as e:
        raise ValidationError([f"{path}:0: (top): cannot read ({e.strerror}); rebuild it with "
                               "scripts/build-background.py"], str(path)) from e
    return load_once("background", [path], lambda: _load(path))


@dataclass(frozen=True)
class Counts:
    """What ``background.yaml`` holds, counted over reference principles."""

    principles: int
    keys: dict[str, int]
    concepts: dict[str, int]


def count_background(documents: Iterable[Sequence[Any]]) -> Counts:
    """Principles, and per key and per concept the number of principles holding it.
    ``documents`` are lists of ``Features``; each principle counts once (by id)."""
    seen: set[str] = set()
    df: dict[str, int] = {}
    cdf: dict[str, int] = {}
    for doc in documents:
        for f in doc:
            if f.id in seen:
                continue
            seen.add(f.id)
            for k in f.key_counts():
                df[k] = df.get(k, 0) + 1
            for c in f.concept_ids():
                cdf[c] = cdf.get(c, 0) + 1
    return Counts(len(seen), df, cdf)


# --------------------------------------------------------------------------- the formula


@dataclass(frozen=True)
class RarityParams:
    """How domain and general rarity are blended (``rarity`` in ``mappings/alignment.yaml``)."""

    domain_weight: float
    zipf_common: float

    def to_dict(self) -> dict[str, Any]:
        return {"domain_weight": self.domain_weight, "zipf_floor": ZIPF_FLOOR,
                "zipf_common": self.zipf_common}


@dataclass
class FixedBackground:
    """Rarity from the domain background and general-language frequencies alone.

    With N reference principles and D = ln(1 + N) + 1 (the idf of a key no principle holds):

    * domain:  idf_d(key) = ln((1 + N) / (1 + df(key))) + 1, df 0 for an unseen key (so D);
    * general: idf_g(lemma, lang) = 1 + (D - 1) * clip((Z - z) / (Z - 3), 0, 1), where z is the
      lemma's zipf frequency in the principle's language (0 below 3 or unknown) and
      Z = ``zipf_common``: a lemma at least that common weighs 1, one rarer than zipf 3 D;
    * key:     idf = w * idf_d(key) + (1 - w) * idf_g(lemma, lang), w = ``domain_weight``;
      a key unseen in both weighs D;
    * concept: idf_d over the concepts' document frequencies (concepts are not words).
    """

    domain: DomainBackground
    params: RarityParams
    _keys: dict[tuple[str, str, str], float] = field(default_factory=dict, repr=False)
    _concepts: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def unseen(self) -> float:
        """The weight of a key unseen in both backgrounds: D = ln(1 + N) + 1."""
        return math.log(1 + self.domain.principles) + 1.0

    def domain_idf(self, key: str) -> float:
        n = self.domain.principles
        return math.log((1 + n) / (1 + self.domain.keys.get(key, 0))) + 1.0

    def general_idf(self, lemma: str, lang: str) -> float:
        z = zipf(lemma, lang)
        top = self.params.zipf_common
        share = min(max((top - z) / (top - ZIPF_FLOOR), 0.0), 1.0)  # z = 0 (unknown): 1
        return 1.0 + (self.unseen - 1.0) * share

    def key(self, key: str, lemma: str, lang: str) -> float:
        """The rarity weight of a folded key met as ``lemma`` in a text in ``lang``."""
        found = self._keys.get((key, lemma, lang))
        if found is None:
            w = self.params.domain_weight
            found = w * self.domain_idf(key) + (1.0 - w) * self.general_idf(lemma, lang)
            self._keys[key, lemma, lang] = found
        return found

    def concept(self, concept: str) -> float:
        found = self._concepts.get(concept)
        if found is None:
            n = self.domain.principles
            found = math.log((1 + n) / (1 + self.domain.concepts.get(concept, 0))) + 1.0
            self._concepts[concept] = found
        return found
