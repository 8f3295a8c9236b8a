"""Frameworks: corpus documents with a fixed numbered point list (kl11, ks10, lk7), from YAML."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import UnknownRefError, ValidationError
from ..base.schema import Int, ListOf, MapOf, Record, Str, validate
from ..base.yamlio import LineDict, close_matches, load_once, read_yaml

#: Document and framework ids follow the corpus id rule (lower-case slug).
FRAMEWORK_ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
#: Point numbers as written in the source: "1", "10", "4a", "2.3".
POINT_NUMBER_PATTERN = r"[0-9]+[a-z]?(?:\.[0-9]+[a-z]?)*"
LANGS = ("da", "nb", "nn")

FRAMEWORKS_SCHEMA = Record(
    required={
        "frameworks": MapOf(
            Record(
                required={
                    "document": Str(pattern=FRAMEWORK_ID_PATTERN),
                    "title": Str(),
                    "org": Str(pattern=FRAMEWORK_ID_PATTERN),
                    "lang": Str(choices=LANGS),
                    "source": Str(),
                    "points": ListOf(
                        Record(
                            required={"number": Str(pattern=POINT_NUMBER_PATTERN), "title": Str()},
                            optional={"note": Str()},
                        ),
                        min_items=1,
                    ),
                },
                optional={"year": Int(min=1900, max=2100), "note": Str()},
            ),
            key=Str(pattern=FRAMEWORK_ID_PATTERN),
            min_items=1,
        )
    },
)


@dataclass(frozen=True)
class FrameworkPoint:
    """One numbered point of a framework; the title is the point's text."""

    number: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title}


@dataclass(frozen=True)
class Framework:
    """A framework target: a corpus document whose principles are these numbered points."""

    id: str
    document: str
    title: str
    org: str
    lang: str
    points: tuple[FrameworkPoint, ...]
    source: str
    year: int | None = None

    def point(self, number: str) -> FrameworkPoint:
        """The point with this number; UnknownRefError (with close matches) if there is none."""
        for p in self.points:
            if p.number == number:
                return p
        numbers = [p.number for p in self.points]
        raise UnknownRefError(
            f"{self.id}/{number}",
            "framework point",
            [f"{self.id}/{n}" for n in close_matches(number, numbers)],
        )

    def point_ids(self) -> list[str]:
        """Point ids as used in alignments and mapping files: ``kl11/1`` … ``kl11/11``."""
        return [f"{self.id}/{p.number}" for p in self.points]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document": self.document,
            "title": self.title,
            "org": self.org,
            "lang": self.lang,
            "year": self.year,
            "source": self.source,
            "points": [{"id": f"{self.id}/{p.number}", **p.to_dict()} for p in self.points],
        }


def check_frameworks(data: Any, name: str) -> list[str]:
    """Checks beyond the schema: point numbers unique within a framework."""
    problems: list[str] = []
    for fid, fw in data["frameworks"].items():
        seen: dict[str, int] = {}
        for i, point in enumerate(fw["points"]):
            line = fw["points"].line_of(i) if hasattr(fw["points"], "line_of") else 0
            number = point["number"]
            if number in seen:
                problems.append(
                    f"{name}:{line}: frameworks -> {fid} -> points -> [{i}] -> number: "
                    f"duplicate point number '{number}' (first at line {seen[number]})"
                )
            seen.setdefault(number, line)
    return problems


def frameworks_problems(path: Path, corpus_ids: list[str] | None = None) -> list[str]:
    """Every problem in a frameworks file; documents are checked when corpus ids are given."""
    try:
        data = read_yaml(path)
    except ValidationError as e:
        return list(e.problems)
    problems = validate(data, FRAMEWORKS_SCHEMA, str(path))
    if problems:
        return problems
    problems = check_frameworks(data, str(path))
    if corpus_ids is not None:
        for fid, fw in data["frameworks"].items():
            doc = fw["document"]
            if doc not in corpus_ids:
                near = close_matches(doc, corpus_ids)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                line = fw.line_of("document") if isinstance(fw, LineDict) else 0
                problems.append(
                    f"{path}:{line}: frameworks -> {fid} -> document: "
                    f"'{doc}' is neither in the corpus nor a bundled framework{hint}"
                )
    return problems


def load_frameworks(mappings_dir: str | os.PathLike[str]) -> dict[str, Framework]:
    """Load ``frameworks.yaml`` from a mappings directory (cached per path and mtime).

    Raises:
        ValidationError: The file is missing, malformed or fails its schema (all problems).
    """
    path = Path(mappings_dir) / "frameworks.yaml"
    return load_once("frameworks", [path], lambda: _read_frameworks(path))


def _read_frameworks(path: Path) -> dict[str, Framework]:
    problems = frameworks_problems(path)
    if problems:
        raise ValidationError(problems, str(path))
    data = read_yaml(path)
    return {
        fid: Framework(
            id=fid,
            document=fw["document"],
            title=fw["title"],
            org=fw["org"],
            lang=fw["lang"],
            points=tuple(
                FrameworkPoint(p["number"], " ".join(p["title"].split())) for p in fw["points"]
            ),
            source=" ".join(fw["source"].split()),
            year=fw.get("year"),
        )
        for fid, fw in data["frameworks"].items()
    }


def get_framework(frameworks: dict[str, Framework], framework_id: str) -> Framework:
    """Look up a framework by id; UnknownRefError lists close matches."""
    try:
        return frameworks[framework_id]
    except KeyError:
        raise UnknownRefError(
            framework_id, "framework", close_matches(framework_id, list(frameworks))
        ) from None
