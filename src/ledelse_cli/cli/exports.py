"""`ledelse export qdpx|qdc|sssom`: findings in the formats of QDA programs and mapping sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..matching.rarity import BackgroundKind
from .analysis import ManifestOpt, OutputOpt, QuietOpt, WorkersOpt, checked_output, emit
from .app import BackgroundOpt, CorpusOpt, MappingsOpt, app

export_app = typer.Typer(
    name="export",
    help="Exports for research tools: REFI-QDA projects and codebooks (NVivo, MAXQDA, "
    "ATLAS.ti, QualCoder) and SSSOM mapping sets.",
    short_help="Exports: REFI-QDA project and codebook (qdpx, qdc), SSSOM mapping set.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")

RefsArg = Annotated[list[str] | None, typer.Argument(
    help="REFs or globs over document ids ('randers-*'); default: every corpus document "
    "except the target.")]
AgainstOpt = Annotated[str, typer.Option("--against", help="Framework id or any REF.")]
ConceptsOpt = Annotated[bool, typer.Option(
    "--concepts", help="Also one code per taxonomy concept (and, in a project, a coding for "
    "each concept a principle expresses).")]


def _command(name: str, summary: str, example: str):
    return export_app.command(name, help=f"{summary}\n\nExample: {example}",
                              short_help=f"{summary} (e.g. {example})")


@_command("qdpx", "REFI-QDA project: documents as sources, principles as selections, matches "
          "as codings with memos.", "ledelse export qdpx --against kl11 -o study.qdpx")
def qdpx_cli(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                         help="The .qdpx file to write (and "
                                         "FILE.manifest.json; '-': stdout).",
                                         callback=checked_output)],
    refs: RefsArg = None,
    against: AgainstOpt = "kl11",
    concepts: ConceptsOpt = False,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    manifest: ManifestOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.batch import expand_refs
    from ..outputs.qda import qda_project
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    wanted = expand_refs(workspace, refs or [])
    project = qda_project(workspace, against, wanted or None, concepts=concepts,
                          workers=workers)
    emit("", ctx, output=output, manifest=manifest, quiet=quiet, binary=project.to_qdpx(),
         refs=[against, *(d.id for d in project.documents)], workspace=workspace)


@_command("qdc", "REFI-QDA codebook: one code per point of the target (and per concept).",
          "ledelse export qdc --against kl11 -o kl11.qdc")
def qdc_cli(
    ctx: typer.Context,
    against: AgainstOpt = "kl11",
    concepts: ConceptsOpt = False,
    output: OutputOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    manifest: ManifestOpt = None,
    quiet: QuietOpt = False,
) -> None:
    from ..outputs.qda import qda_codebook
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings)
    data = qda_codebook(workspace, against, concepts=concepts).to_qdc()
    emit(data.decode("utf-8"), ctx, output=output, manifest=manifest, quiet=quiet,
         refs=[against], workspace=workspace)


@_command("sssom", "SSSOM mapping set (TSV with a YAML header): principles → points, SKOS "
          "predicates, reviewed and suggested rows.",
          "ledelse export sssom --against kl11 gladsaxe -o gladsaxe-kl11.sssom.tsv")
def sssom_cli(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(help="REFs whose principles are the subjects "
                                              "(globs over document ids allowed).")],
    against: AgainstOpt = "kl11",
    base_iri: Annotated[str, typer.Option(
        "--base-iri", help="IRI prefix of the documents' and points' identifiers (publish "
        "under your own namespace).")] = "",
    license_iri: Annotated[str, typer.Option("--license", help="License IRI of the mapping "
                                             "set.")] = "",
    output: OutputOpt = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    background: BackgroundOpt = BackgroundKind.fixed,
    manifest: ManifestOpt = None,
    quiet: QuietOpt = False,
    workers: WorkersOpt = 0,
) -> None:
    from ..analyses.batch import expand_refs
    from ..outputs.sssom import DEFAULT_BASE, DEFAULT_LICENSE, mapping_set
    from ..run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings, background)
    wanted = expand_refs(workspace, refs)
    result = mapping_set(workspace, against, wanted, base_iri=base_iri or DEFAULT_BASE,
                         license_iri=license_iri or DEFAULT_LICENSE, workers=workers)
    emit(result.to_tsv(), ctx, output=output, manifest=manifest, quiet=quiet,
         refs=[against, *wanted], workspace=workspace)

