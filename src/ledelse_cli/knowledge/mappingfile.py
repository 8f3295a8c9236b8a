"""Mapping files for human review: principle → target-point relationships (NIST IR 8477).

A mapping file (``mappings/reviewed/*.yaml``) records, for a principle such as ``gladsaxe/3``
and a target point such as ``kl11/7``, how the two relate. It follows the SSSOM idea (one row per
subject/predicate/object with a justification) in YAML, with our own field names:

=============  =================  =========================================================
field          SSSOM analogue     meaning
=============  =================  =========================================================
principle      subject_id         the principle being mapped (``doc/number``)
target         object_id          the framework point or principle it is mapped to
relation       predicate_id       NIST IR 8477 set relationship of principle to target:
                                  equal, subset (the principle covers part of the target),
                                  superset (it covers the target and more), intersects,
                                  not_related
strength       confidence         1–10, how strong the relationship is
rationale      comment            why, in a sentence a reviewer can check
status         mapping_justif.    ``suggested`` (written by the tool) or ``reviewed``
                                  (confirmed by a person; only a person sets it)
reviewer       author_id          who reviewed (required when status is reviewed)
concepts       —                  taxonomy concept ids the two share (checked against it)
=============  =================  =========================================================

Reviewed entries override the automatic alignment. The tool writes suggestions only
(:func:`write_suggestions`), and never overwrites or drops a reviewed entry.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import UsageError, ValidationError
from ..base.schema import Custom, Int, ListOf, Record, Str, validate
from ..base.vocab import Relation
from ..base.yamlio import LineDict, atomic_write_text, close_matches, dump_yaml, read_yaml

RELATIONS = tuple(Relation)
STATUSES = ("suggested", "reviewed")
#: ``doc/number`` where doc is a corpus id and number a principle or item number (``3``, ``1.2``).
REF_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}/[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*"
REVIEWED_DIR = "reviewed"


def _date_text(value: Any) -> str | None:
    # YAML reads an unquoted 2026-11-24 as a date; accept it, and ISO strings, nothing else.
    if isinstance(value, _dt.date):
        return None
    if isinstance(value, str):
        try:
            _dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"expected a date (YYYY-MM-DD), got {value!r}"


ENTRY_SCHEMA = Record(
    required={
        "principle": Str(pattern=REF_PATTERN),
        "target": Str(pattern=REF_PATTERN),
        "relation": Str(choices=RELATIONS),
        "strength": Int(min=1, max=10),
        "rationale": Str(),
        "status": Str(choices=STATUSES),
    },
    optional={
        "concepts": ListOf(Str(pattern=r"[a-z][a-z0-9_]{1,40}")),
        "reviewer": Str(),
        "date": Custom(_date_text),
        "score": Custom(
            lambda v: (
                None
                if isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
                else f"expected a number in 0..1, got {v!r}"
            )
        ),
    },
)

MAPPING_FILE_SCHEMA = Record(
    required={"mappings": ListOf(ENTRY_SCHEMA)},
    optional={"title": Str(), "description": Str()},
)


@dataclass(frozen=True)
class MappingEntry:
    """One principle → target relationship, suggested by the tool or reviewed by a person."""

    principle: str
    target: str
    relation: str
    strength: int
    rationale: str
    status: str = "suggested"
    concepts: tuple[str, ...] = ()
    reviewer: str | None = None
    date: str | None = None
    score: float | None = None
    source: str | None = None  # "file:line: mappings -> [i]" it was read from; not written back

    @property
    def key(self) -> tuple[str, str]:
        return (self.principle, self.target)

    @property
    def reviewed(self) -> bool:
        return self.status == "reviewed"

    def to_dict(self) -> dict[str, Any]:
        """The entry as written to a mapping file (optional fields only when set)."""
        out: dict[str, Any] = {
            "principle": self.principle,
            "target": self.target,
            "relation": self.relation,
            "strength": self.strength,
            "rationale": self.rationale,
            "status": self.status,
        }
        if self.concepts:
            out["concepts"] = list(self.concepts)
        if self.score is not None:
            out["score"] = round(float(self.score), 4)
        if self.reviewer:
            out["reviewer"] = self.reviewer
        if self.date:
            out["date"] = self.date
        return out


def _entry_problems(data: Any, name: str) -> list[str]:
    """Checks beyond the schema inside one file: reviewer present, no duplicate pairs."""
    problems: list[str] = []
    first: dict[tuple[str, str], int] = {}
    entries = data["mappings"]
    for i, e in enumerate(entries):
        line = entries.line_of(i) if hasattr(entries, "line_of") else 0
        if e["status"] == "reviewed" and not e.get("reviewer"):
            problems.append(
                f"{name}:{line}: mappings -> [{i}] -> reviewer: a reviewed entry needs the "
                f"name of the person who reviewed it"
            )
        key = (e["principle"], e["target"])
        if key in first:
            problems.append(
                f"{name}:{line}: mappings -> [{i}]: {key[0]} -> {key[1]} is mapped twice "
                f"(first at line {first[key]})"
            )
        first.setdefault(key, line)
    return problems


def _entries_from(data: Any, name: str) -> list[MappingEntry]:
    out = []
    entries = data["mappings"]
    for i, e in enumerate(entries):
        line = entries.line_of(i) if hasattr(entries, "line_of") else 0
        when = e.get("date")
        out.append(
            MappingEntry(
                principle=e["principle"],
                target=e["target"],
                relation=e["relation"],
                strength=e["strength"],
                rationale=" ".join(e["rationale"].split()),
                status=e["status"],
                concepts=tuple(e.get("concepts") or ()),
                reviewer=e.get("reviewer"),
                date=when.isoformat() if isinstance(when, _dt.date) else when,
                score=e.get("score"),
                source=f"{name}:{line}: mappings -> [{i}]",
            )
        )
    return out


def mapping_file_problems(path: Path) -> tuple[list[str], list[MappingEntry]]:
    """Problems in one mapping file, and its entries when it has none."""
    try:
        data = read_yaml(path)
    except ValidationError as e:
        return list(e.problems), []
    name = str(path)
    problems = validate(data, MAPPING_FILE_SCHEMA, name)
    if problems:
        return problems, []
    problems = _entry_problems(data, name)
    return problems, ([] if problems else _entries_from(data, name))


def mapping_files(mappings_dir: str | os.PathLike[str]) -> list[Path]:
    """The mapping files of a mappings directory, in name order (``reviewed/*.yaml``)."""
    d = Path(mappings_dir) / REVIEWED_DIR
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def check_refs(
    entries: list[MappingEntry],
    concept_ids: list[str] | None,
    frameworks: dict[str, Any] | None,
    corpus_ids: list[str] | None = None,
) -> list[str]:
    """Cross-reference problems: unknown concepts, framework points or documents."""
    problems: list[str] = []
    for e in entries:
        where = e.source or "?"
        if concept_ids is not None:
            for c in e.concepts:
                if c not in concept_ids:
                    near = close_matches(c, concept_ids)
                    hint = f"; did you mean {', '.join(near)}?" if near else ""
                    problems.append(f"{where} -> concepts: unknown concept id '{c}'{hint}")
        for field_name, ref in (("principle", e.principle), ("target", e.target)):
            doc, number = ref.split("/", 1)
            if frameworks and doc in frameworks:
                numbers = [p.number for p in frameworks[doc].points]
                if number not in numbers:
                    near = [f"{doc}/{n}" for n in close_matches(number, numbers)]
                    hint = f"; did you mean {', '.join(near)}?" if near else ""
                    problems.append(
                        f"{where} -> {field_name}: '{ref}' is not a point of framework "
                        f"{doc} ({numbers[0]}..{numbers[-1]}){hint}"
                    )
            elif corpus_ids is not None and doc not in corpus_ids:
                near = close_matches(doc, corpus_ids)
                hint = f"; did you mean {', '.join(near)}?" if near else ""
                problems.append(f"{where} -> {field_name}: unknown document '{doc}'{hint}")
        if e.principle == e.target:
            problems.append(f"{where} -> target: a principle cannot be mapped to itself")
    return problems


def load_mapping_files(
    mappings_dir: str | os.PathLike[str], *, check: bool = True
) -> list[MappingEntry]:
    """Every entry of every mapping file under ``mappings_dir/reviewed/``.

    Args:
        mappings_dir: The mappings directory.
        check: Also resolve concept ids against ``taxonomy.yaml`` and point ids against
            ``frameworks.yaml`` in the same directory.

    Raises:
        ValidationError: Any file is malformed, fails the schema, or refers to an unknown
            concept or framework point; carries every problem across all files. Two files
            giving different reviewed verdicts for the same pair are also an error.
    """
    problems: list[str] = []
    entries: list[MappingEntry] = []
    for path in mapping_files(mappings_dir):
        found, file_entries = mapping_file_problems(path)
        problems.extend(found)
        entries.extend(file_entries)
    if check and entries:
        from .frameworks import load_frameworks
        from .taxonomy import load_taxonomy

        problems.extend(
            check_refs(entries, load_taxonomy(mappings_dir).ids(), load_frameworks(mappings_dir))
        )
    problems.extend(review_conflicts(entries))
    if problems:
        raise ValidationError(problems, str(Path(mappings_dir) / REVIEWED_DIR))
    return entries


def review_conflicts(entries: list[MappingEntry]) -> list[str]:
    """Reviewed entries for the same pair in different files must agree."""
    seen: dict[tuple[str, str], MappingEntry] = {}
    problems = []
    for e in entries:
        if not e.reviewed:
            continue
        other = seen.setdefault(e.key, e)
        if other is not e and (other.relation, other.strength) != (e.relation, e.strength):
            problems.append(
                f"{e.source}: {e.principle} -> {e.target} was reviewed as "
                f"{other.relation}/{other.strength} at {other.source}, here as "
                f"{e.relation}/{e.strength}"
            )
    return problems


def reviewed_overrides(entries: list[MappingEntry]) -> dict[tuple[str, str], MappingEntry]:
    """Reviewed entries by (principle, target): what overrides the automatic alignment."""
    return {e.key: e for e in entries if e.reviewed}


_HEADER = """\
# Mapping suggestions written by `ledelse` for human review.
#
# For each entry, check the relation (equal, subset, superset, intersects, not_related), the
# strength (1-10) and the rationale. To confirm an entry, set `status: reviewed` and add
# `reviewer: <your name>`; reviewed entries override the automatic alignment and are never
# changed by the tool. Suggested entries are replaced when the tool writes suggestions again.
# Comments are not preserved on rewrite: put remarks in `rationale`.
"""


def write_suggestions(
    path: str | os.PathLike[str],
    entries: list[MappingEntry],
    *,
    title: str | None = None,
) -> list[MappingEntry]:
    """Write suggested entries to a mapping file, keeping every reviewed entry already there.

    Reviewed entries in an existing file are kept unchanged, and a suggestion for a pair that
    has a reviewed entry is dropped. Earlier suggestions are replaced. The write is atomic.

    Args:
        path: The mapping file (usually ``mappings/reviewed/<name>.yaml``).
        entries: New entries; each must have status ``suggested``.
        title: Optional title for a new file (an existing file keeps its own).

    Returns:
        The entries now in the file, reviewed ones first.

    Raises:
        UsageError: An entry has status ``reviewed`` (only a person may set it).
        ValidationError: The existing file is invalid (it is then left untouched).
    """
    bad = [e for e in entries if e.status != "suggested"]
    if bad:
        raise UsageError(
            f"refusing to write {len(bad)} entries with status '{bad[0].status}' "
            f"({bad[0].principle} -> {bad[0].target}): the tool writes only 'suggested'; "
            "a person marks an entry 'reviewed' by editing the file"
        )
    p = Path(path)
    kept: list[MappingEntry] = []
    meta: dict[str, Any] = {"title": title} if title else {}
    if p.exists():
        problems, existing = mapping_file_problems(p)
        if problems:
            raise ValidationError(problems, str(p))
        kept = [e for e in existing if e.reviewed]
        data = read_yaml(p)
        if isinstance(data, LineDict):
            meta = {k: data[k] for k in ("title", "description") if data.get(k)} or meta
    reviewed_keys = {e.key for e in kept}
    fresh: dict[tuple[str, str], MappingEntry] = {}
    for e in entries:
        if e.key not in reviewed_keys:
            fresh.setdefault(e.key, e)
    result = kept + list(fresh.values())
    body = dump_yaml({**meta, "mappings": [e.to_dict() for e in result]})
    atomic_write_text(p, _HEADER + "\n" + body)
    return result
