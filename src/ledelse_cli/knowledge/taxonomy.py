"""The canonical bilingual taxonomy of leadership concepts: loading, checking and cue matching.

Danish and Norwegian often use different words for one idea (borger/innbygger,
inddrage/involvere, ledelsesrum/handlingsrom); string similarity cannot bridge those, so each
concept lists cue lemmas per language and texts meet through the concepts they touch.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import UnknownRefError, ValidationError
from ..base.schema import Int, ListOf, Record, Str, file_problems
from ..base.yamlio import LineDict, close_matches, load_once, read_yaml
from .frameworks import (  # re-exported: one import place for everything under mappings/
    FRAMEWORKS_SCHEMA,
    Framework,
    FrameworkPoint,
    load_frameworks,
)

__all__ = [
    "FRAMEWORKS_SCHEMA",
    "TAXONOMY_SCHEMA",
    "Concept",
    "ConceptGroup",
    "Framework",
    "FrameworkPoint",
    "Taxonomy",
    "load_frameworks",
    "load_taxonomy",
]

LABEL_LANGS = ("da", "nb", "nn", "en")
CUE_LANGS = ("da", "nb", "nn")
CONCEPT_ID_PATTERN = r"[a-z][a-z0-9_]{1,40}"

_LABELS = Record(required={lang: Str() for lang in LABEL_LANGS})
# A cue is one or more words (lemmas), lower-case; compounds are single words.
_CUE = Str(pattern=r"[^\sA-ZÆØÅ]+(?: [^\sA-ZÆØÅ]+)*")
_CUES = Record(
    required={"da": ListOf(_CUE, min_items=1), "nb": ListOf(_CUE, min_items=1)},
    optional={"nn": ListOf(_CUE)},
)

# Words that name the concept only when they stand alone as a value ("Udvikling", "GLÆDE":
# a heading or bullet of at most three content words); inside a sentence they are too common.
_VALUE_WORDS = Record(
    optional={lang: ListOf(Str(pattern=r"[^\sA-ZÆØÅ]+")) for lang in ("da", "nb", "nn")}
)

TAXONOMY_SCHEMA = Record(
    required={
        "concepts": ListOf(
            Record(
                required={
                    "id": Str(pattern=CONCEPT_ID_PATTERN),
                    "labels": _LABELS,
                    "definition": Str(),
                    "cues": _CUES,
                },
                optional={
                    "group": Str(pattern=CONCEPT_ID_PATTERN),
                    "related": ListOf(Str(pattern=CONCEPT_ID_PATTERN)),
                    "note": Str(),
                    "value_words": _VALUE_WORDS,
                },
            ),
            min_items=1,
        )
    },
    optional={
        "version": Int(min=1, max=1),
        "groups": ListOf(
            Record(required={"id": Str(pattern=CONCEPT_ID_PATTERN), "labels": _LABELS})
        ),
    },
)


def _clean(text: str) -> str:
    """Collapse the whitespace that folded YAML scalars leave behind."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Concept:
    """One leadership concept with labels, a definition, cue lemmas per language and relations."""

    id: str
    labels: dict[str, str]
    definition: str
    cues: dict[str, tuple[str, ...]]
    related: tuple[str, ...] = ()
    group: str | None = None
    note: str | None = None
    #: Words that name the concept only as a value on their own (see ``_VALUE_WORDS``).
    value_words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """The label in ``lang``, falling back to English, then Danish, then the id."""
        return self.labels.get(lang) or self.labels.get("en") or self.labels.get("da") or self.id

    def all_cues(self) -> list[tuple[str, str]]:
        """Every (lang, cue) pair, in file order."""
        return [(lang, cue) for lang, cues in self.cues.items() for cue in cues]

    def all_value_words(self) -> list[tuple[str, str]]:
        """Every (lang, value word) pair, in file order."""
        return [(lang, w) for lang, words in self.value_words.items() for w in words]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "labels": dict(self.labels),
            "definition": self.definition,
            "cues": {lang: list(c) for lang, c in self.cues.items()},
            "value_words": {lang: list(w) for lang, w in self.value_words.items()},
            "related": list(self.related),
        }


@dataclass(frozen=True)
class ConceptGroup:
    """A top-level branch of the taxonomy tree (for display; matching ignores groups)."""

    id: str
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "labels": dict(self.labels)}


@dataclass(frozen=True)
class Taxonomy:
    """The loaded taxonomy; ``sha256`` is the hash of the file bytes, for run manifests."""

    concepts: tuple[Concept, ...]
    groups: tuple[ConceptGroup, ...] = ()
    sha256: str = ""
    path: str | None = None
    _index: dict[str, Concept] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.id: c for c in self.concepts})

    def ids(self) -> list[str]:
        """Concept ids in file order."""
        return [c.id for c in self.concepts]

    def get(self, concept_id: str) -> Concept:
        """The concept with this id; UnknownRefError lists close matches."""
        try:
            return self._index[concept_id]
        except KeyError:
            raise UnknownRefError(
                concept_id, "concept", close_matches(concept_id, self.ids())
            ) from None

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._index

    def __len__(self) -> int:
        return len(self.concepts)

    def in_group(self, group_id: str | None) -> list[Concept]:
        return [c for c in self.concepts if c.group == group_id]

    @property
    def fingerprint(self) -> str:
        """sha256 of the file, or of the content for a taxonomy built in code (cache key)."""
        if self.sha256:
            return self.sha256
        blob = json.dumps([c.to_dict() for c in self.concepts], sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "groups": [g.to_dict() for g in self.groups],
            "concepts": [c.to_dict() for c in self.concepts],
        }


# --------------------------------------------------------------------------- loading and checking


def check_taxonomy(data: Any, name: str) -> list[str]:
    """Checks beyond the schema: unique ids, known groups and related ids, no duplicate cues."""
    problems: list[str] = []
    concepts = data["concepts"]
    ids = [c["id"] for c in concepts]
    group_ids = [g["id"] for g in data.get("groups") or []]
    first: dict[str, int] = {}
    for i, c in enumerate(concepts):
        where = f"concepts -> [{i}]"
        line = concepts.line_of(i) if hasattr(concepts, "line_of") else 0
        if c["id"] in first:
            problems.append(
                f"{name}:{_line(c, 'id', line)}: {where} -> id: duplicate concept id "
                f"'{c['id']}' (first at line {first[c['id']]})"
            )
        first.setdefault(c["id"], _line(c, "id", line))
        group = c.get("group")
        if group is not None and group_ids and group not in group_ids:
            problems.append(
                f"{name}:{_line(c, 'group', line)}: {where} -> group: "
                f"{_unknown('group', group, group_ids)}"
            )
        for j, rel in enumerate(c.get("related") or []):
            rel_line = c["related"].line_of(j) if hasattr(c["related"], "line_of") else line
            if rel == c["id"]:
                problems.append(f"{name}:{rel_line}: {where} -> related: '{rel}' relates to itself")
            elif rel not in ids:
                problems.append(
                    f"{name}:{rel_line}: {where} -> related: {_unknown('concept', rel, ids)}"
                )
        for lang, cues in c["cues"].items():
            seen: set[str] = set()
            for k, cue in enumerate(cues):
                norm = _clean(cue)
                if norm in seen:
                    cue_line = cues.line_of(k) if hasattr(cues, "line_of") else line
                    problems.append(
                        f"{name}:{cue_line}: {where} -> cues -> {lang}: duplicate cue '{cue}'"
                    )
                seen.add(norm)
            for w in (c.get("value_words") or {}).get(lang) or []:
                if w in seen:
                    problems.append(f"{name}:{line}: {where} -> value_words -> {lang}: '{w}' is "
                                    "already a cue (a cue counts everywhere)")
    return problems


def _line(mapping: Any, key: str, default: int) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else default


def _unknown(kind: str, value: str, known: Sequence[str]) -> str:
    near = close_matches(value, known)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return f"unknown {kind} id '{value}'{hint}"


def taxonomy_problems(path: Path) -> list[str]:
    """Every problem in a taxonomy file (syntax, schema and cross-references), never raising."""
    return file_problems(path, TAXONOMY_SCHEMA, check_taxonomy)


def taxonomy_from_data(data: Any, sha256: str = "", path: str | None = None) -> Taxonomy:
    """Build a Taxonomy from already validated data."""
    concepts = tuple(
        Concept(
            id=c["id"],
            labels={lang: _clean(c["labels"][lang]) for lang in LABEL_LANGS},
            definition=_clean(c["definition"]),
            cues={lang: tuple(_clean(x) for x in c["cues"].get(lang) or ()) for lang in CUE_LANGS},
            related=tuple(c.get("related") or ()),
            group=c.get("group"),
            note=_clean(c["note"]) if c.get("note") else None,
            value_words={lang: tuple(w) for lang, w in (c.get("value_words") or {}).items()},
        )
        for c in data["concepts"]
    )
    groups = tuple(
        ConceptGroup(g["id"], {lang: _clean(g["labels"][lang]) for lang in LABEL_LANGS})
        for g in data.get("groups") or ()
    )
    return Taxonomy(concepts=concepts, groups=groups, sha256=sha256, path=path)


def load_taxonomy(mappings_dir: str | os.PathLike[str]) -> Taxonomy:
    """Load ``taxonomy.yaml`` from a mappings directory, validated (cached per path and mtime).

    Raises:
        ValidationError: The file is missing, malformed, or fails the schema or the cross-checks;
            carries every problem found.
    """
    path = Path(mappings_dir) / "taxonomy.yaml"
    return load_once("taxonomy", [path], lambda: _read_taxonomy(path))


def _read_taxonomy(path: Path) -> Taxonomy:
    problems = taxonomy_problems(path)
    if problems:
        raise ValidationError(problems, str(path))
    raw = path.read_bytes()
    return taxonomy_from_data(read_yaml(path), hashlib.sha256(raw).hexdigest(), str(path))
