"""`ledelse validate`: check the corpus and every mappings file, listing all problems at once."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from ..base import settings
from ..base.errors import ValidationError
from .app import CorpusOpt, Format, FormatOpt, MappingsOpt, command
from .output import message, print_json


class Kind(enum.StrEnum):
    taxonomy = "taxonomy"
    frameworks = "frameworks"
    target_profiles = "target_profiles"
    mapping = "mapping"
    lemma_overrides = "lemma_overrides"
    lexicon = "lexicon"
    stopwords = "stopwords"
    words = "words"
    homographs = "homographs"
    segmenter = "segmenter"
    alignment = "alignment"
    point_model = "point_model"
    background = "background"
    meta = "meta"
    segmentation = "segmentation"


FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="YAML files to check on their own (default: the whole mappings directory and corpus).",
        show_default=False,
    ),
]
KindOpt = Annotated[
    Kind | None,
    typer.Option("--kind", help="Schema for FILES (default: guessed from each file's name)."),
]


@command(
    "validate",
    "Check the corpus and the mappings (taxonomy, frameworks, lexicons, mapping files).",
    "ledelse validate",
)
def validate_cli(
    files: FilesArg = None,
    kind: KindOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..knowledge.mappingcheck import ValidationReport, validate_all, validate_file

    mappings_dir = settings.mappings_dir(mappings)
    if files:
        problems: list[str] = []
        for f in files:
            problems.extend(
                validate_file(f, mappings_dir, kind=kind.value if kind else None, corpus_dir=corpus)
            )
        report = ValidationReport(tuple(str(f) for f in files), tuple(problems))
    else:
        # An explicit --corpus that does not exist is a problem; a missing default ./corpus is
        # not (a mappings-only project is fine).
        report = validate_all(
            mappings_dir, settings.corpus_dir(corpus), require_corpus=corpus is not None
        )
    if fmt == Format.json:
        print_json(report.to_dict())
    if not report.ok:
        raise ValidationError(list(report.problems))
    if fmt != Format.json:
        message(f"ok: {len(report.checked)} checked, no problems")
