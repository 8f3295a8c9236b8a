"""Validation of every YAML file the tool reads, with cross-references, reporting all problems.

One place that knows which file in ``mappings/`` has which schema, so `ledelse validate` can
check a whole mappings directory (and the corpus) in one run and list every problem at once as
``file:line: key -> key: message``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import CorpusError, InputError, ValidationError
from ..base.schema import Schema, file_problems
from ..base.yamlio import close_matches
from ..sources.bundled import bundled_documents
from ..sources.corpus import META_SCHEMA, Corpus
from ..sources.corpuscheck import validate_corpus
from ..sources.corrections import SEGMENTATION_SCHEMA
from ..text.homographs import HOMOGRAPHS_SCHEMA, homographs_problems
from ..text.lexicon import (
    LEMMA_OVERRIDES_SCHEMA,
    LEXICON_SCHEMA,
    STOPWORDS_SCHEMA,
    WORDS_SCHEMA,
    load_resources,
)
from ..text.segmenter_rules import SEGMENTER_SCHEMA
from .alignment import ALIGNMENT_SCHEMA, alignment_problems
from .frameworks import frameworks_problems, load_frameworks
from .mappingfile import check_refs, mapping_file_problems, mapping_files, review_conflicts
from .pointmodel import POINT_MODEL_SCHEMA, point_model_problems
from .profiles import PROFILES_FILE, profiles_problems
from .taxonomy import load_taxonomy, taxonomy_problems

# Files owned by other modules: (file name, schema).
_OTHER_FILES: tuple[tuple[str, Schema], ...] = (
    ("lemma_overrides.yaml", LEMMA_OVERRIDES_SCHEMA),
    ("lexicon.yaml", LEXICON_SCHEMA),
    ("stopwords.yaml", STOPWORDS_SCHEMA),
    ("words.yaml", WORDS_SCHEMA),
    ("homographs.yaml", HOMOGRAPHS_SCHEMA),
    ("segmenter.yaml", SEGMENTER_SCHEMA),
    ("alignment.yaml", ALIGNMENT_SCHEMA),
    ("point_model.yaml", POINT_MODEL_SCHEMA),
)

# Files whose checks go beyond their schema (references between parts of the file, or
# between fields: alignment.yaml's partial below full).
_FULL_CHECKS: dict[str, Callable[[Path], list[str]]] = {
    "homographs.yaml": homographs_problems,
    "alignment.yaml": alignment_problems,
    "point_model.yaml": point_model_problems,
}
# Files outside the language layer: a problem in them does not stop its cross-checks.
_NOT_LANGUAGE = ("segmenter.yaml", "alignment.yaml", "point_model.yaml")
REQUIRED_FILES = ("taxonomy.yaml", "frameworks.yaml")
KINDS = (
    "taxonomy",
    "frameworks",
    "target_profiles",
    "mapping",
    "lemma_overrides",
    "lexicon",
    "stopwords",
    "words",
    "homographs",
    "segmenter",
    "alignment",
    "point_model",
    "background",
    "meta",
    "segmentation",
)


@dataclass(frozen=True)
class ValidationReport:
    """What was checked and every problem found."""

    checked: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": list(self.checked), "problems": list(self.problems)}


def _schema_problems(path: Path, schema: Schema) -> list[str]:
    return file_problems(path, schema)


def _corpus_ids(corpus_dir: str | os.PathLike[str] | None) -> list[str] | None:
    if corpus_dir is None or not Path(corpus_dir).is_dir():
        return None

    try:
        own = Corpus(corpus_dir).ids()
    except CorpusError:  # a badly named document directory: validate_corpus reports it
        own = sorted(p.name for p in Path(corpus_dir).iterdir() if (p / "meta.yaml").is_file())
    # The bundled framework documents are readable through every corpus.
    return sorted(set(own) | bundled_documents())


def _missing(d: Path, name: str) -> str:
    present = [p.name for p in d.glob("*.y*ml")]
    near = close_matches(name, present)
    hint = f" (found {', '.join(near)}: misspelt?)" if near else ""
    return f"{d / name}:0: (top): required file is missing{hint}"


def validate_mappings(
    mappings_dir: str | os.PathLike[str], corpus_dir: str | os.PathLike[str] | None = None
) -> list[str]:
    """Every problem across a mappings directory; see :func:`validate_all` for what is checked."""
    return list(_check_mappings(Path(mappings_dir), _corpus_ids(corpus_dir), [])[0])


def _check_mappings(
    d: Path, corpus_ids: list[str] | None, checked: list[str]
) -> tuple[list[str], list[str]]:
    if not d.is_dir():
        return [f"{d}:0: (top): mappings directory does not exist"], checked
    problems: list[str] = []
    taxonomy_ok = frameworks_ok = False
    for name in REQUIRED_FILES:
        path = d / name
        if not path.is_file():
            problems.append(_missing(d, name))
            continue
        checked.append(str(path))
        found = (
            taxonomy_problems(path)
            if name == "taxonomy.yaml"
            else frameworks_problems(path, corpus_ids)
        )
        problems.extend(found)
        if name == "taxonomy.yaml":
            taxonomy_ok = not found
        else:
            frameworks_ok = not found
    concept_ids = load_taxonomy(d).ids() if taxonomy_ok else None
    frameworks = load_frameworks(d) if frameworks_ok else None
    if (d / PROFILES_FILE).is_file():
        checked.append(str(d / PROFILES_FILE))
        problems.extend(profiles_problems(d / PROFILES_FILE, concept_ids, frameworks))
    entries = []
    for path in mapping_files(d):
        checked.append(str(path))
        found, file_entries = mapping_file_problems(path)
        problems.extend(found)
        entries.extend(file_entries)
    problems.extend(check_refs(entries, concept_ids, frameworks, corpus_ids))

    problems.extend(review_conflicts(entries))
    language_ok = True
    for name, schema in _OTHER_FILES:
        path = d / name
        if not path.is_file():
            continue
        checked.append(str(path))
        full = _FULL_CHECKS.get(name)
        found = full(path) if full else _schema_problems(path, schema)
        problems.extend(found)
        if found and name not in _NOT_LANGUAGE:
            language_ok = False
    if language_ok and (d / "lemma_overrides.yaml").is_file():
        problems.extend(_language_cross_checks(d))
    background = d / "background.yaml"
    if background.is_file():
        from .background import background_problems

        checked.append(str(background))
        problems.extend(background_problems(background))
    return problems, checked


def _language_cross_checks(d: Path) -> list[str]:
    """The language layer's own checks beyond the schema (e.g. a word in two lexicon entries)."""
    try:
        load_resources(d)
    except ValidationError as e:
        return list(e.problems)
    return []


def validate_all(
    mappings_dir: str | os.PathLike[str],
    corpus_dir: str | os.PathLike[str] | None = None,
    *,
    require_corpus: bool = False,
) -> ValidationReport:
    """Check a mappings directory and, when given, a corpus; never raises for bad data.

    Checks: YAML syntax (duplicate keys, tags, indentation), each file's schema (unknown keys,
    wrong types, missing keys), concept ids in ``related`` and in mapping files, framework point
    ids in mapping files, framework documents against the corpus, the language files, the
    segmenter rules, the alignment settings (thresholds inside (0, 1) with partial below full,
    weights not all 0), and the corpus's meta files and hand-corrected segmentations.

    Args:
        mappings_dir: The mappings directory.
        corpus_dir: A corpus directory, or None to skip corpus checks.
        require_corpus: Report a missing corpus directory as a problem (it was asked for
            explicitly) instead of skipping it.
    """
    checked: list[str] = []
    corpus_problems: list[str] = []
    corpus_ids = None
    if corpus_dir is not None:
        cdir = Path(corpus_dir)
        if cdir.is_dir():
            corpus_ids = _corpus_ids(cdir)
            checked.append(str(cdir))
            corpus_problems = list(validate_corpus(cdir))
        elif cdir.exists():
            corpus_problems = [f"{cdir}:0: (top): the corpus path is not a directory"]
        elif require_corpus:
            corpus_problems = [f"{cdir}:0: (top): corpus directory does not exist"]
    problems, checked = _check_mappings(Path(mappings_dir), corpus_ids, checked)
    if corpus_ids is not None and not problems:

        corpus_problems += framework_problems(Path(mappings_dir), Path(corpus_dir or "."))
    return ValidationReport(tuple(checked), tuple(corpus_problems + problems))


def detect_kind(path: Path) -> str | None:
    """Which schema applies to a file, from its name (``taxonomy*.yaml``, ``reviewed/…``)."""
    stem = path.stem.lower()
    for kind in KINDS:
        if stem == kind or stem.startswith(kind + "-") or stem.startswith(kind + "_"):
            return kind
    if stem.startswith("framework"):
        return "frameworks"
    if path.parent.name == "reviewed" or stem.startswith("mapping"):
        return "mapping"
    return None


def validate_file(
    path: str | os.PathLike[str],
    mappings_dir: str | os.PathLike[str],
    *,
    kind: str | None = None,
    corpus_dir: str | os.PathLike[str] | None = None,
) -> list[str]:
    """Every problem in one YAML file of the given kind (detected from its name if None).

    Cross-references (concept ids, framework points) are resolved against ``mappings_dir``.
    """
    p = Path(path)
    kind = kind or detect_kind(p)
    if not p.is_file():
        return [f"{p}:0: (top): no such file"]
    if kind is None:
        return [
            f"{p}:0: (top): cannot tell which kind of file this is from its name; "
            f"pass --kind ({', '.join(KINDS)})"
        ]
    corpus_ids = _corpus_ids(corpus_dir)
    if kind == "taxonomy":
        return taxonomy_problems(p)
    if kind == "frameworks":
        return frameworks_problems(p, corpus_ids)
    if kind == "target_profiles":
        try:
            return profiles_problems(
                p, load_taxonomy(mappings_dir).ids(), load_frameworks(mappings_dir)
            )
        except ValidationError as e:
            return [f"{mappings_dir}:0: (top): cannot resolve references: {e}"]
    if kind == "mapping":
        problems, entries = mapping_file_problems(p)
        if problems:
            return problems
        md = Path(mappings_dir)
        concept_ids = frameworks = None
        try:
            concept_ids = load_taxonomy(md).ids()
            frameworks = load_frameworks(md)
        except ValidationError as e:
            return [f"{md}:0: (top): cannot resolve references: {e}"]

        return check_refs(entries, concept_ids, frameworks, corpus_ids) + review_conflicts(entries)
    if kind == "background":
        from .background import background_problems

        return background_problems(p)
    if kind in ("meta", "segmentation"):

        corpus_schema = META_SCHEMA if kind == "meta" else SEGMENTATION_SCHEMA
        return _schema_problems(p, corpus_schema)
    for name, schema in _OTHER_FILES:
        if name == f"{kind}.yaml":
            if name in _FULL_CHECKS:
                return _FULL_CHECKS[name](p)
            return _schema_problems(p, schema)
    return [f"{p}:0: (top): unknown kind '{kind}'; one of {', '.join(KINDS)}"]


def framework_problems(mappings: Path, corpus_dir: Path) -> list[str]:
    """Each framework's points against its document's hand-corrected segmentation: coverage
    needs a principle numbered as each point (a "1a" typed for "1" breaks it)."""

    corpus = Corpus(corpus_dir, mappings)
    problems = []
    for fid, fw in load_frameworks(mappings).items():
        seg = corpus_dir / fw.document / "segmentation.yaml"
        if not seg.is_file() or not corpus.has(fw.document):
            continue
        try:
            corrected = corpus.corrected(fw.document)
            numbers = {p.number for p in corrected.principles} if corrected else set()
        except (ValidationError, CorpusError, InputError):
            continue  # reported with the document
        missing = [p.number for p in fw.points if p.number not in numbers]
        if missing:
            problems.append(
                f"{seg}:0: principles: framework '{fid}' needs principles numbered "
                f"{', '.join(missing)}; numbers found: "
                f"{', '.join(sorted(n for n in numbers if n)) or 'none'}"
            )
    return problems
