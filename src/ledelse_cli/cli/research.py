"""Research outputs: `similarity`, `report`, `figure`, `cite`, `agree` and `diff`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..matching.rarity import BackgroundKind
from .analysis import (
    BomOpt,
    DataFormatOpt,
    LabelLangOpt,
    ManifestOpt,
    OutputOpt,
    QuietOpt,
    WorkersOpt,
    checked_output,
    emit,
    output_lang,
    progress_bar,
    run_manifest,
    tabular_text,
)
from .app import BackgroundOpt, CorpusOpt, DataFormat, Format, FormatOpt, MappingsOpt, command
from .output import json_text, message, width
from .stdin import stdin_paths

RefsArg = Annotated[list[str] | None, typer.Argument(
    help="REFs or globs over document ids ('randers-*'); default: the whole corpus.")]
OrgOpt = Annotated[list[str] | None, typer.Option("--org", help="Every document of this org "
                                                  "(repeatable).")]
AgainstOpt = Annotated[str, typer.Option("--against", help="Framework id or any REF.")]


@command("similarity", "Document × document similarity matrix (optionally clustered).",
         "ledelse similarity --cluster --format wide-csv -o sim.csv")
def similarity_cli(
    ctx: typer.Context,
    refs: RefsArg = None,
    org: OrgOpt = None,
    cluster: Annotated[bool, typer.Option("--cluster", help="Order documents by hierarchical "
                                          "clustering (average linkage).")] = False,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    fmt: DataFormatOpt = DataFormat.table,
    output: OutputOpt = None,
    manifest: ManifestOpt = None,
    bom: BomOpt = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 0,
    candidates: Annotated[int, typer.Option(
        "--candidates", min=0, metavar="K",
        help="Approximate, for large corpora: a vectorised lower bound of every principle "
        "pair ranks the documents; each document is compared in full with its K nearest by "
        "that bound, other pairs keep the bound (\"exact\": false). 0: every pair in full."
        )] = 0,
    lang: LabelLangOpt = None,
) -> None:
    from ..analyses.batch import expand_refs
    from ..analyses.records import SIMILARITY_HEADER, similarity_rows, similarity_wide
    from ..analyses.similarity import similarity
    from ..outputs.research_tables import similarity_table
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    wanted = expand_refs(workspace, refs or [], org=org or [])
    result = similarity(workspace, wanted or None, cluster=cluster, workers=workers,
                        candidates=candidates)
    m = result.method
    # Nothing to announce when every pair was compared in full anyway (K ≥ documents - 1).
    if candidates and not quiet and m["exact_document_pairs"] < m["document_pairs"]:
        message(f"approximate: {m['exact_document_pairs']:,} of {m['document_pairs']:,} "
                f"document pairs compared in full (each document with its {candidates} nearest "
                "by a lower bound); the other values are lower bounds")
    if fmt == DataFormat.json:
        text = json_text(result.to_dict())
    elif fmt == DataFormat.table:
        text = similarity_table(result, width=width(), lang=output_lang(lang, [
            d.meta.lang for ref in result.documents for d in workspace.source(ref).documents]))
    elif fmt == DataFormat.wide_csv:
        text = tabular_text(fmt, *similarity_wide(result), bom=bom)
    else:
        text = tabular_text(fmt, SIMILARITY_HEADER, similarity_rows(result), bom=bom)
    # What was read: the REFs as given (a file's column is its slug, no corpus id).
    emit(text, ctx, output=output, manifest=manifest, refs=wanted or list(result.documents),
         quiet=quiet, workspace=workspace)


@command("report", "Self-contained HTML report: heatmap with evidence, side-by-side pairs.",
         "ledelse report --against kl11 -o report.html --compare randers gladsaxe")
def report_cli(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                         help="The HTML file to write ('-': stdout).",
                                         callback=checked_output)],
    refs: RefsArg = None,
    against: AgainstOpt = "kl11",
    org: OrgOpt = None,
    pair: Annotated[tuple[str, str] | None, typer.Option(
        "--compare", help="Two REFs to show side by side.", show_default=False)] = None,
    more: Annotated[list[str] | None, typer.Option(
        "--pair", help="More pairs to show side by side, as A:B (repeatable).")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="da|nb", help="Language of the report: da or nb (default: the "
        "target's, Nynorsk as Bokmål; else the locale's, else da).")] = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    manifest: ManifestOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.batch import expand_refs
    from ..base.errors import BatchError, UsageError
    from ..outputs.report import report
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    wanted = expand_refs(workspace, refs or [], org=org or [])
    pairs = [pair] if pair else []
    for p in more or []:
        a, sep, b = p.partition(":")
        if not (sep and a and b):
            raise UsageError(f"--pair expects A:B, not '{p}'")
        pairs.append((a, b))
    run = run_manifest(ctx, [against, *wanted, *(r for p in pairs for r in p)], workspace)
    with progress_bar("report", quiet=quiet) as progress:
        if lang is None:
            found = output_lang(None, [p.lang for p in workspace.target(against).points])
            lang = "nb" if found in ("nb", "nn") else "da"
        html, failures = report(workspace, against, wanted or None, pairs=pairs, lang=lang,
                                manifest=run, workers=workers, progress=progress)
    emit(html, ctx, output=output, manifest=manifest, refs=[against, *wanted], quiet=quiet,
         run=run)
    if failures:
        for ref, why in failures:
            message(f"error: {ref}: {why}")
        raise BatchError(failures, max(len(wanted) - len(failures), 0))


@command("figure", "Publication heatmap of coverage (PNG 300 dpi, SVG or PDF).",
         "ledelse figure --against kl11 -o heatmap.png")
def figure_cli(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="heatmap.png, "
                                         ".svg or .pdf ('-': PNG on stdout).",
                                         callback=checked_output)],
    refs: RefsArg = None,
    against: AgainstOpt = "kl11",
    org: OrgOpt = None,
    width_in: Annotated[float, typer.Option("--width", help="Width in inches (3.5: one "
                                            "journal column; 7.2: two); wider when the "
                                            "documents' labels need the room.", min=2.0,
                                            max=12.0)]
    = 3.5,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of PNG output.", min=72,
                                     max=1200)] = 300,
    title: Annotated[str | None, typer.Option("--title", help="Figure title (default: "
                                              "'Coverage of TARGET'; '' for none).")] = None,
    lang: LabelLangOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    manifest: ManifestOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.batch import coverage_batch, expand_refs
    from ..base.errors import BatchError
    from ..outputs.figure import figure_format, heatmap
    from ..run.workspace import Workspace

    fmt = figure_format(output)
    workspace = Workspace.open(corpus, mappings, background)
    wanted = expand_refs(workspace, refs or [], org=org or [])
    with progress_bar("figure", quiet=quiet) as progress:
        cov, failures = coverage_batch(workspace, against, wanted or None, workers=workers,
                                       progress=progress)
    data = heatmap(cov, fmt, width_in=width_in, dpi=dpi, title=title,
                   lang=output_lang(lang, [p.lang for p in cov.target.points]))
    failed = {ref for ref, _ in failures}
    read = [r for r in wanted if r not in failed] if wanted else list(cov.documents)
    emit("", ctx, output=output, manifest=manifest, refs=[against, *read],
         quiet=quiet, binary=data, workspace=workspace)
    if failures:
        for ref, why in failures:
            message(f"error: {ref}: {why}")
        raise BatchError(failures, len(cov.documents))


@command("cite", "How to cite a run: tool version, date, corpus and mappings hashes.",
         "ledelse cite --manifest kl11.csv.manifest.json")
def cite_cli(
    ctx: typer.Context,
    manifest: Annotated[Path | None, typer.Option("--manifest", help="A run's manifest (default:"
                                                  " the current corpus and mappings).")] = None,
    style: Annotated[str, typer.Option("--style", help="text, bibtex or both.")] = "both",
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..base.errors import UsageError
    from ..outputs.manifest import citation, read_manifest

    if style not in ("text", "bibtex", "both"):
        raise UsageError(f"--style must be text, bibtex or both, not '{style}'")
    data = read_manifest(manifest) if manifest else run_manifest(ctx, [])
    cite = citation(data)
    if fmt == Format.json:
        typer.echo(json_text(cite), nl=False)
        return
    parts = []
    if style in ("text", "both"):
        parts.append(cite["text"])
    if style in ("bibtex", "both"):
        parts.append(cite["bibtex"].rstrip("\n"))
    typer.echo("\n\n".join(parts))


@command("agree", "Agreement of the tool's alignments with a human-coded gold file.",
         "ledelse agree --gold tests/gold/align/ks10-kl11.yaml --against kl11")
def agree_cli(
    gold: Annotated[Path, typer.Option("--gold", help="YAML (gold: {principle: {targets: "
                                       "[...]}}) or CSV (principle,targets).")],
    against: Annotated[str | None, typer.Option("--against", help="Framework id or any REF "
                                                "(default: the gold file's 'against').")]
    = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    fmt: FormatOpt = Format.table,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.agree import agree, gold_against, load_gold
    from ..base.errors import UsageError
    from ..outputs.research_tables import agree_table
    from ..run.workspace import Workspace

    target = against or gold_against(gold)
    if not target:
        raise UsageError("--against is required (the gold file names no 'against')")
    result = agree(Workspace.open(corpus, mappings, background), load_gold(gold), target,
                   workers=workers)
    if fmt == Format.json:
        typer.echo(json_text(result.to_dict()), nl=False)
    else:
        typer.echo(agree_table(result, width=width()), nl=False)


@command("diff", "Two versions of a document: principles added, removed, reworded; coverage "
         "change.", "ledelse diff old.md new.md --against kl11")
def diff_cli(
    old: Annotated[str, typer.Argument(help="The old version (REF: id, org or file).")],
    new: Annotated[str, typer.Argument(help="The new version (REF).")],
    against: AgainstOpt = "kl11",
    threshold: Annotated[float, typer.Option("--threshold", help="Minimum score for a pair of "
                                             "principles to count as one reworded principle.",
                                             min=0.0, max=1.0)] = 0.6,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    fmt: FormatOpt = Format.table,
    workers: WorkersOpt = 0,
    lang: LabelLangOpt = None,
) -> None:
    from ..analyses.diff import diff
    from ..outputs.research_tables import diff_table
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    with stdin_paths([old, new]) as (old, new):
        result = diff(workspace, old, new, against=against, threshold=threshold,
                      workers=workers)
        out_lang = output_lang(lang, [p.lang for p in workspace.source(new).principles])
    if fmt == Format.json:
        typer.echo(json_text(result.to_dict()), nl=False)
    else:
        typer.echo(diff_table(result, width=width(), lang=out_lang), nl=False)
