"""Reviewed concept profiles of framework points (``mappings/target_profiles.yaml``), validated.

A framework point's own words are few, so the taxonomy concepts its text happens to contain are
a thin picture of what it is about (kl11/5 never says "åbenhed", yet one of its items is about
an open culture). A profile is a reader's answer: the concepts a point is about, weighted 0–1,
each with the words of the point that justify it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import UnknownRefError, ValidationError
from ..base.schema import Custom, Int, ListOf, MapOf, Record, Str, file_problems, load_validated
from ..base.yamlio import LineDict, close_matches, load_once
from .frameworks import FRAMEWORK_ID_PATTERN, POINT_NUMBER_PATTERN, Framework, load_frameworks
from .taxonomy import CONCEPT_ID_PATTERN, load_taxonomy

__all__ = [
    "PROFILES_FILE",
    "TARGET_PROFILES_SCHEMA",
    "PointProfile",
    "ProfileConcept",
    "TargetProfiles",
    "load_profiles",
    "profiles_problems",
]

PROFILES_FILE = "target_profiles.yaml"


def _weight_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"expected a number, got {type(value).__name__}"
    if not 0 < value <= 1:
        return f"weight {value} is outside (0, 1]: 1.0 for the primary concept, less for others"
    return None


_CONCEPT_ENTRY = Record(required={"weight": Custom(_weight_problem), "why": Str()})
_WORDS_ENTRY = Record(required={"words": ListOf(Str(), min_items=1), "why": Str()})

TARGET_PROFILES_SCHEMA = Record(
    required={
        "profiles": MapOf(
            MapOf(
                MapOf(_CONCEPT_ENTRY, key=Str(pattern=CONCEPT_ID_PATTERN), min_items=1),
                key=Str(pattern=POINT_NUMBER_PATTERN),
                min_items=1,
            ),
            key=Str(pattern=FRAMEWORK_ID_PATTERN),
            min_items=1,
        )
    },
    optional={
        "version": Int(min=1, max=1),
        # Words readers link to a point beyond its own (see the file's header).
        "words": MapOf(
            MapOf(_WORDS_ENTRY, key=Str(pattern=POINT_NUMBER_PATTERN), min_items=1),
            key=Str(pattern=FRAMEWORK_ID_PATTERN),
            min_items=1,
        ),
    },
)


@dataclass(frozen=True)
class ProfileConcept:
    """One concept of a point's profile: its weight (0 < w ≤ 1) and why a reader chose it."""

    concept: str
    weight: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "weight": self.weight, "why": self.why}


@dataclass(frozen=True)
class PointProfile:
    """The reviewed profile of one framework point, strongest concept first."""

    framework: str
    number: str
    concepts: tuple[ProfileConcept, ...]

    @property
    def point_id(self) -> str:
        return f"{self.framework}/{self.number}"

    @property
    def primary(self) -> str:
        """The concept the point is mainly about (the first of the highest weight)."""
        return self.concepts[0].concept

    def vector(self) -> dict[str, float]:
        """Concept id -> weight."""
        return {c.concept: c.weight for c in self.concepts}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.point_id,
            "framework": self.framework,
            "number": self.number,
            "concepts": [c.to_dict() for c in self.concepts],
        }


@dataclass(frozen=True)
class TargetProfiles:
    """Every reviewed point profile; ``sha256`` is the hash of the file bytes (for manifests)."""

    points: tuple[PointProfile, ...]
    #: Point id -> the words readers link to it (``words:`` in the file), in file order.
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sha256: str = ""
    path: str | None = None
    _index: dict[str, PointProfile] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({p.point_id: p for p in self.points})

    def frameworks(self) -> list[str]:
        """Framework ids with profiles, in file order."""
        return list(dict.fromkeys(p.framework for p in self.points))

    def for_framework(self, framework_id: str) -> list[PointProfile]:
        return [p for p in self.points if p.framework == framework_id]

    def get(self, point_id: str) -> PointProfile:
        """The profile of ``kl11/5``; UnknownRefError lists close point ids."""
        try:
            return self._index[point_id]
        except KeyError:
            raise UnknownRefError(
                point_id, "profiled point", close_matches(point_id, list(self._index))
            ) from None

    def __contains__(self, point_id: object) -> bool:
        return point_id in self._index

    def __len__(self) -> int:
        return len(self.points)

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "points": [p.to_dict() for p in self.points],
                "words": {k: list(v) for k, v in self.words.items()}}


# --------------------------------------------------------------------------- checking


def check_profiles(
    data: Any,
    name: str,
    concept_ids: list[str] | None,
    frameworks: dict[str, Framework] | None,
) -> list[str]:
    """Checks beyond the schema: known concepts, frameworks and points; every point of a
    profiled framework has a profile; each profile has a primary concept at weight 1.0.

    ``concept_ids`` or ``frameworks`` None (their own file is broken) skips those references.
    """
    problems: list[str] = []
    for fid, points in data["profiles"].items():
        fw_line = _line(data["profiles"], fid)
        framework = frameworks.get(fid) if frameworks is not None else None
        if frameworks is not None and framework is None:
            problems.append(
                f"{name}:{fw_line}: profiles -> {fid}: "
                f"{_unknown('framework', fid, list(frameworks))}"
            )
        numbers = [p.number for p in framework.points] if framework else None
        for number, concepts in points.items():
            where = f"profiles -> {fid} -> {number}"
            line = _line(points, number)
            if numbers is not None and number not in numbers:
                near = close_matches(str(number), numbers)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                problems.append(
                    f"{name}:{line}: {where}: {fid} has no point '{number}' "
                    f"(points: {', '.join(numbers)}){hint}"
                )
            for cid in concepts:
                if concept_ids is not None and cid not in concept_ids:
                    problems.append(
                        f"{name}:{_line(concepts, cid)}: {where} -> {cid}: "
                        f"{_unknown('concept', cid, concept_ids)}"
                    )
            if max(c["weight"] for c in concepts.values()) != 1:
                problems.append(
                    f"{name}:{line}: {where}: no primary concept: give the concept the point is "
                    "mainly about the weight 1.0"
                )
        if numbers is not None:
            missing = [n for n in numbers if n not in points]
            if missing:
                problems.append(
                    f"{name}:{fw_line}: profiles -> {fid}: no profile for point(s) "
                    f"{', '.join(f'{fid}/{n}' for n in missing)}"
                )
    problems.extend(_check_words(data.get("words") or {}, name, frameworks))
    return problems


def _check_words(words: Any, name: str, frameworks: dict[str, Framework] | None) -> list[str]:
    """Words may be given only for points that exist."""
    problems: list[str] = []
    for fid, points in words.items():
        framework = frameworks.get(fid) if frameworks is not None else None
        if frameworks is not None and framework is None:
            problems.append(f"{name}:{_line(words, fid)}: words -> {fid}: "
                            f"{_unknown('framework', fid, list(frameworks))}")
            continue
        numbers = [p.number for p in framework.points] if framework else None
        for number in points:
            if numbers is not None and number not in numbers:
                problems.append(f"{name}:{_line(points, number)}: words -> {fid} -> {number}: "
                                f"{fid} has no point '{number}' (points: {', '.join(numbers)})")
    return problems


def _line(mapping: Any, key: Any) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else 0


def _unknown(kind: str, value: str, known: list[str]) -> str:
    near = close_matches(value, known)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return f"unknown {kind} id '{value}'{hint}"


def profiles_problems(
    path: str | os.PathLike[str],
    concept_ids: list[str] | None = None,
    frameworks: dict[str, Framework] | None = None,
) -> list[str]:
    """Every problem in a profiles file (syntax, schema, references), never raising.

    References are checked against the given concept ids and frameworks; None skips them.
    """
    return file_problems(
        path, TARGET_PROFILES_SCHEMA,
        lambda data, name: check_profiles(data, name, concept_ids, frameworks),
    )


# --------------------------------------------------------------------------- loading


def profiles_from_data(data: Any, sha256: str = "", path: str | None = None) -> TargetProfiles:
    """Build TargetProfiles from validated data; within a point, strongest concept first."""
    points = []
    for fid, by_number in data["profiles"].items():
        for number, concepts in by_number.items():
            entries = [
                ProfileConcept(cid, float(c["weight"]), " ".join(c["why"].split()))
                for cid, c in concepts.items()
            ]
            entries.sort(key=lambda c: -c.weight)  # stable: file order among equal weights
            points.append(PointProfile(fid, str(number), tuple(entries)))
    words = {f"{fid}/{number}": tuple(e["words"])
             for fid, by_number in (data.get("words") or {}).items()
             for number, e in by_number.items()}
    return TargetProfiles(points=tuple(points), words=words, sha256=sha256, path=path)


def load_profiles(mappings_dir: str | os.PathLike[str]) -> TargetProfiles:
    """Load ``target_profiles.yaml`` from a mappings directory, validated against the taxonomy
    and frameworks next to it (cached per version of the three files).

    Raises:
        ValidationError: The file is missing or malformed, fails its schema, or names a
            concept, framework or point that does not exist; carries every problem found.
    """
    d = Path(mappings_dir)
    path = d / PROFILES_FILE
    return load_once("target_profiles", [path, d / "taxonomy.yaml", d / "frameworks.yaml"],
                     lambda: _read_profiles(d, path))


def _read_profiles(d: Path, path: Path) -> TargetProfiles:
    data = load_validated(path, TARGET_PROFILES_SCHEMA)
    problems = check_profiles(data, str(path), load_taxonomy(d).ids(), load_frameworks(d))
    if problems:
        raise ValidationError(problems, str(path))
    return profiles_from_data(data, hashlib.sha256(path.read_bytes()).hexdigest(), str(path))
