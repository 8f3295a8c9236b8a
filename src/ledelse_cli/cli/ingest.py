"""`ledelse ingest`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import settings
from ..corpus import KINDS, Corpus
from ..errors import BatchError
from .app import CorpusOpt, Format, FormatOpt, MappingsOpt, command
from .output import message, print_json


@command(
    "ingest",
    "Add files to the corpus, segmented into principles.",
    "ledelse ingest aarhus.md --id aarhus --org aarhus",
)
def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to ingest.")],
    doc_id: Annotated[
        str | None,
        typer.Option("--id", help="Document id (one file only; default: slug of the file name)."),
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation id (default: the document id).")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="da, nb or nn (default: detected).")
    ] = None,
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(KINDS)}.")] = "policy",
    title: Annotated[
        str | None, typer.Option("--title", help="Title (default: first line).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year of the document.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where it came from (URL, citation).")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Override encoding detection (e.g. cp1252).")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite an existing id.")] = False,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..errors import UsageError
    from ..ingest import IngestOptions, expand_paths, ingest_paths

    if lang is not None and lang not in ("da", "nb", "nn"):
        raise UsageError(f"--lang must be da, nb or nn, not '{lang}'")
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}, not '{kind}'")
    opts = IngestOptions(
        id=doc_id,
        org=org,
        lang=lang,
        kind=kind,
        title=title,
        year=year,
        source=source,
        encoding=encoding,
        replace=replace,
    )
    store = Corpus(settings.corpus_dir(corpus), mappings)
    report = ingest_paths(store, expand_paths([str(p) for p in paths]), opts)
    if fmt == Format.json:
        print_json(
            {"added": report.added, "failed": [{"path": p, "error": e} for p, e in report.failed]}
        )
    else:
        for doc in report.added:
            message(f"added {doc}")
        for _, err in report.failed:
            message(f"failed: {err}")
    if report.failed:
        raise BatchError(report.failed, len(report.added))
