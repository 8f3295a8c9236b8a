"""`ledelse ingest`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace as replace_field
from pathlib import Path
from typing import Annotated

import typer

from ..base import settings
from ..base.errors import BatchError, InputError, LedelseError
from ..base.settings import MAX_CHARS, MAX_FILE_BYTES, MAX_PRINCIPLES, TIMEOUT_S
from ..base.vocab import DOCUMENT_KINDS as KINDS
from .app import CorpusOpt, Format, FormatOpt, MappingsOpt, command
from .output import message, print_json
from .stdin import stdin_paths


class Interrupted(LedelseError):
    """Ctrl-C during ingest (the corpus is as before, or has the files already added)."""

    exit_code = 130


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[Path], None] | None]:
    """A rich progress bar on stderr for batches, only on a terminal and without ``-q``."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .output import console

    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def advance(path: Path) -> None:
            bar.update(task, advance=1, description=path.name)

        yield advance


@command(
    "ingest",
    "Add files to the corpus, segmented into principles.",
    "ledelse ingest aarhus.md --id aarhus --org aarhus",
)
def ingest_cli(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files (.txt .md .html .pdf .docx) or directories to ingest."),
    ],
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
        str | None,
        typer.Option(
            "--encoding",
            help="Override encoding detection for text and HTML (e.g. cp1252, utf-16).",
        ),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite an existing id.")] = False,
    skip_existing: Annotated[bool, typer.Option(
        "--skip-existing", help="Skip a file already in the corpus under its id (the same bytes):"
        " re-running an interrupted batch adds only what is missing.")] = False,
    max_bytes: Annotated[
        int,
        typer.Option("--max-bytes", min=1, help="Largest file accepted, in bytes."),
    ] = MAX_FILE_BYTES,
    max_chars: Annotated[
        int,
        typer.Option("--max-chars", min=1, help="Most characters of text extracted per file."),
    ] = MAX_CHARS,
    max_principles: Annotated[
        int,
        typer.Option("--max-principles", min=1, help="Most principles one document may yield."),
    ] = MAX_PRINCIPLES,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0,
            help="Seconds to parse one file before giving up (0: no limit, parse in-process).",
        ),
    ] = TIMEOUT_S,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or per-file messages.")
    ] = False,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Exit 0 when every file was added, 3 when the only file failed, 4 when some failed."""
    from ..base.errors import UsageError
    from ..run.ingest import IngestOptions, expand_paths, ingest_paths

    if lang is not None and lang not in ("da", "nb", "nn"):
        raise UsageError(f"--lang must be da, nb or nn, not '{lang}'")
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)}, not '{kind}'")
    if encoding is not None:
        from ..sources.readers.encoding import check_encoding

        check_encoding(encoding)
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
        skip_existing=skip_existing,
        max_bytes=max_bytes,
        max_chars=max_chars,
        max_principles=max_principles,
        timeout=timeout,
    )
    if replace and skip_existing:
        raise UsageError("--replace and --skip-existing contradict each other; give one")
    if "-" in [str(p) for p in paths] and doc_id is None:
        raise UsageError("'-' (stdin) needs --id: a document read from stdin has no file name")
    from ..sources.corpus import Corpus

    store = Corpus(settings.corpus_dir(corpus), mappings)
    try:
        with stdin_paths([str(p) for p in paths]) as given:
            files = expand_paths(given)
            if not files:
                raise InputError("no supported files (.txt .md .html .pdf .docx) found",
                                 str(paths[0]))
            if "-" in [str(p) for p in paths] and source is None:
                opts = replace_field(opts, source="stdin")
            with _progress(len(files), quiet or fmt == Format.json) as advance:
                report = ingest_paths(store, files, opts, progress=advance)
    except KeyboardInterrupt as e:
        # typer turns KeyboardInterrupt into a *returned* 130 in non-standalone mode, which the
        # boundary would report as success; an error class keeps the exit code at 130.
        raise Interrupted("interrupted; documents already added are kept whole") from e
    if fmt == Format.json:
        print_json(
            {"added": report.added, "skipped": report.skipped,
             "failed": [{"path": p, "error": e} for p, e in report.failed],
             "warnings": [{"document": d, "warning": w} for d, w in report.warnings]}
        )
    elif not quiet:
        for doc in report.added:
            message(f"added {doc}")
        for doc in report.skipped:
            message(f"skipped {doc} (already in the corpus)")
        for _, err in report.failed:
            message(f"failed: {err}")
    for doc, warning in report.warnings:
        message(f"warning: {doc}: {warning}")
    if report.failed:
        raise BatchError(report.failed, len(report.added) + len(report.skipped))
