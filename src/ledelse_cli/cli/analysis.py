"""`ledelse align`, `ledelse compare` and `ledelse coverage`."""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..matching.rarity import BackgroundKind
from .app import BackgroundOpt, CorpusOpt, DataFormat, MappingsOpt, command
from .output import json_text, message, print_json, width
from .stdin import stdin_paths

DataFormatOpt = Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")]
WorkersOpt = Annotated[int, typer.Option(
    "--workers", help="Processes for featurising uncached documents, threads for fuzzy "
    "matching; 0: one per core (up to 4) where it pays. Results do not depend on it.")]


def checked_output(path: Path | None) -> Path | None:
    """Option callback: a bad ``-o`` path fails at once (exit 2), not after the whole run."""
    from ..outputs.outfile import check_output_path

    return check_output_path(path)


def _checked_manifest(path: Path | None) -> Path | None:
    from ..outputs.outfile import check_output_path

    return check_output_path(path, "--manifest")


OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to FILE (and FILE.manifest.json) instead of stdout; "
    "'-' is stdout.", metavar="FILE",
    show_default=False, callback=checked_output)]
ManifestOpt = Annotated[Path | None, typer.Option(
    "--manifest", help="Also write the run manifest here (default with -o: FILE.manifest.json).",
    show_default=False, callback=_checked_manifest)]
BomOpt = Annotated[bool, typer.Option("--bom", help="Start CSV output with a UTF-8 BOM "
                                      "(Excel on Windows).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or messages on "
                                        "stderr.")]


def _write(text: str) -> None:
    sys.stdout.write(text)


def _tabular(fmt: DataFormat, header: Sequence[str], rows: Any) -> None:
    _write(tabular_text(fmt, header, rows))


def tabular_text(fmt: DataFormat, header: Sequence[str], rows: Any, *,
                 bom: bool = False) -> str:
    """csv (long), jsonl or md text of rows; wide-csv callers pass the wide header/rows."""
    from ..base.errors import UsageError
    from ..outputs.export import to_csv, to_jsonl, to_markdown, with_bom

    if fmt in (DataFormat.csv, DataFormat.wide_csv):
        text = to_csv(header, rows)
        return with_bom(text) if bom else text
    if fmt == DataFormat.jsonl:
        return to_jsonl(header, rows)
    if fmt == DataFormat.md:
        return to_markdown(header, rows)
    raise UsageError(f"--format {fmt.value} is not available here")


def emit(text: str, ctx: typer.Context, *, output: Path | None, manifest: Path | None,
         refs: Sequence[str], quiet: bool = False, binary: bytes | None = None,
         workspace: Any = None, run: dict[str, Any] | None = None) -> None:
    """Write an export to ``output`` (else stdout) and its run manifest beside it.

    ``run`` is a manifest already built for this invocation (the report embeds one).
    """
    from ..outputs.manifest import manifest_path_for, manifest_text
    from ..outputs.outfile import write_outputs

    files: list[tuple[Path, bytes]] = []
    if output is not None and str(output) == "-":
        output = None  # `-o -`: stdout, as every Unix tool reads it; a manifest only if asked
        if binary is not None:
            # Bytes (a PNG) bypass the terminal sanitiser, which is for text.
            from ..base.safetext import raw_stream

            stdout = raw_stream(sys.stdout)
            stdout.flush()
            stdout.buffer.write(binary)
            stdout.buffer.flush()
            binary, text = None, ""
    if output is not None:
        files.append((output, binary if binary is not None else text.encode("utf-8")))
    else:
        _write(text)
    where = manifest or (manifest_path_for(output) if output is not None else None)
    if where is not None:
        data = manifest_text(run or run_manifest(ctx, refs, workspace)).encode("utf-8")
        files.append((where, data))
    # The output and its manifest are staged and renamed together (see outfile).
    write_outputs(files)
    if where is not None:
        if not quiet:
            message(f"wrote {output or 'stdout'}; manifest {where}")


def run_manifest(ctx: typer.Context, refs: Sequence[str], workspace: Any = None
                 ) -> dict[str, Any]:
    """The manifest of this invocation (options as parsed, argv verbatim).

    Pass the command's own workspace: its REFs are already resolved (a file REF costs a
    sandboxed re-read otherwise).
    """
    from ..outputs.manifest import build_manifest
    from ..run.workspace import Workspace

    params = dict(ctx.params)
    if workspace is None:
        workspace = Workspace.open(params.get("corpus"), params.get("mappings"),
                                   params.get("background") or "fixed")
    return build_manifest(workspace, command=ctx.info_name or "", parameters=params,
                          refs=refs, argv=sys.argv)


@contextmanager
def progress_bar(label: str, *, quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr, or a no-op when quiet or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield lambda ref, n, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .output import console

    with Progress(TextColumn(label + " {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(ref: str, n: int, total: int) -> None:
            bar.update(task, description=ref, completed=n, total=total)

        yield update


class LabelLang(enum.StrEnum):
    da = "da"
    nb = "nb"
    nn = "nn"
    en = "en"


LabelLangOpt = Annotated[
    LabelLang | None,
    typer.Option("--lang", help="Language of headings and concept labels (default: the "
                 "language of the target's points, or of the first REF for compare; else "
                 "$LANG's)."),
]


def output_lang(option: LabelLang | None, langs: list[str]) -> str:
    """``--lang``, else the commonest language of the given principles (da, nb or nn), else
    the user's locale ($LC_ALL, $LC_MESSAGES, $LANG: da_DK → da, nb_NO/no_NO → nb, nn_NO →
    nn), else English."""
    if option is not None:
        return option.value
    known = [x for x in langs if x in ("da", "nb", "nn")]
    if known:
        return max(sorted(set(known)), key=known.count)
    return locale_lang()


def locale_lang() -> str:
    """da, nb, nn or en from the first locale variable that is set."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return {"da": "da", "nb": "nb", "no": "nb", "nn": "nn"}.get(code, "en")
    return "en"


@command("align", "Align each principle of a document with its best target points.",
         "ledelse align gladsaxe --against kl11")
def align_cli(
    ref: Annotated[str, typer.Argument(help="Document id, org id or file path.")],
    against: Annotated[str, typer.Option("--against", help="Framework id or any REF.")]
    = "kl11",
    top: Annotated[int | None, typer.Option("--top", help="Targets per principle (>= 1).")]
    = None,
    lang: LabelLangOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    fmt: DataFormatOpt = DataFormat.table,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.align import align
    from ..analyses.records import ALIGN_HEADER, align_rows
    from ..base.errors import UsageError
    from ..outputs.render_results import align_table, concept_labels
    from ..run.workspace import Workspace

    with stdin_paths([ref]) as (ref,):
        result = align(Workspace.open(corpus, mappings, background), ref, against, top_k=top,
                       workers=workers)
    if fmt == DataFormat.json:
        print_json(result.to_dict())
    elif fmt == DataFormat.table:
        out_lang = output_lang(lang, [p.lang for p in Workspace.open(
            corpus, mappings, background).target(against).points])
        _write(align_table(result, width=width(), lang=out_lang,
                           labels=concept_labels(mappings, out_lang)))
    elif fmt == DataFormat.wide_csv:
        raise UsageError("--format wide-csv is for coverage and similarity; use csv here")
    else:
        _tabular(fmt, ALIGN_HEADER, align_rows(result))


@command("compare", "Compare two documents or orgs: shared and unique themes with evidence.",
         "ledelse compare randers gladsaxe")
def compare_cli(
    a: Annotated[str, typer.Argument(help="First REF (document id, org id or file).")],
    b: Annotated[str, typer.Argument(help="Second REF.")],
    lang: LabelLangOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    fmt: DataFormatOpt = DataFormat.table,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.compare import compare
    from ..analyses.records import COMPARE_HEADER, compare_rows
    from ..base.errors import UsageError
    from ..outputs.render_results import compare_table, concept_labels
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    with stdin_paths([a, b]) as (a, b):
        out_lang = output_lang(lang, [p.lang for p in workspace.source(a).principles])
        result = compare(workspace, a, b, lang=out_lang, workers=workers)
    if fmt == DataFormat.json:
        print_json(result.to_dict())
    elif fmt == DataFormat.table:
        _write(compare_table(result, width=width(), lang=out_lang,
                             labels=concept_labels(mappings, out_lang)))
    elif fmt == DataFormat.wide_csv:
        raise UsageError("--format wide-csv is for coverage and similarity; use csv here")
    else:
        _tabular(fmt, COMPARE_HEADER, compare_rows(result))


@command("coverage", "Matrix of a framework's points × documents, with evidence per cell.",
         "ledelse coverage --against kl11 'randers-*' --format csv -o kl11.csv")
def coverage_cli(
    ctx: typer.Context,
    refs: Annotated[list[str] | None, typer.Argument(help="REFs or globs over document ids "
                                                     "('randers-*'); default: every corpus "
                                                     "document except the target.")] = None,
    against: Annotated[str, typer.Option("--against", help="Framework id or any REF.")] = "kl11",
    org: Annotated[list[str] | None, typer.Option("--org", help="Every document of this org "
                                                  "(repeatable).")] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Show the evidence under each "
                                         "point.")] = False,
    lang: LabelLangOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    fmt: DataFormatOpt = DataFormat.table,
    output: OutputOpt = None,
    manifest: ManifestOpt = None,
    bom: BomOpt = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.batch import coverage_batch, expand_refs
    from ..analyses.records import COVERAGE_HEADER, coverage_rows, coverage_wide
    from ..base.errors import BatchError
    from ..outputs.render_results import concept_labels, coverage_table
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    with stdin_paths(refs or []) as given, progress_bar("coverage", quiet=quiet) as progress:
        wanted = expand_refs(workspace, given, org=org or [])
        result, failures = coverage_batch(workspace, against, wanted or None, workers=workers,
                                          progress=progress)
    if fmt != DataFormat.table and not quiet:
        for r in result.renamed:
            message(f"note: column {r.column} is {r.describe()}")
    if fmt == DataFormat.json:
        text = json_text(result.to_dict())
    elif fmt == DataFormat.table:
        out_lang = output_lang(lang, [p.lang for p in result.target.points])
        text = coverage_table(result, detail=detail, width=width(), lang=out_lang,
                              labels=concept_labels(mappings, out_lang))
    elif fmt == DataFormat.wide_csv:
        text = tabular_text(fmt, *coverage_wide(result), bom=bom)
    else:
        text = tabular_text(fmt, COVERAGE_HEADER, coverage_rows(result), bom=bom)
    # The manifest hashes what was read: the REFs as given (a file REF's column is named by
    # its slug, which names no corpus document), those that failed left out.
    failed = {ref for ref, _ in failures}
    read = [r for r in wanted if r not in failed] if wanted else list(result.documents)
    emit(text, ctx, output=output, manifest=manifest, refs=[against, *read],
         workspace=workspace, quiet=quiet)
    if failures:
        for ref, why in failures:
            message(f"error: {ref}: {why}")
        raise BatchError(failures, len(result.documents))
