"""`ledelse align`, `ledelse compare` and `ledelse coverage`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .app import CorpusOpt, DataFormat, MappingsOpt, command
from .output import print_json, width

DataFormatOpt = Annotated[DataFormat, typer.Option("--format", "-f", help="Output format.")]
WorkersOpt = Annotated[int, typer.Option("--workers", help="Processes for fuzzy matching.")]


def _write(text: str) -> None:
    sys.stdout.write(text)


def _tabular(fmt: DataFormat, header, rows) -> None:  # type: ignore[no-untyped-def]
    from ..export import to_csv, to_markdown

    _write(to_csv(header, rows) if fmt == DataFormat.csv else to_markdown(header, rows))


@command("align", "Align each principle of a document with its best target points.",
         "ledelse align gladsaxe --against kl11")
def align_cli(
    ref: Annotated[str, typer.Argument(help="Document id, org id or file path.")],
    against: Annotated[str, typer.Option("--against", help="Framework id or any REF.")],
    top: Annotated[int | None, typer.Option("--top", help="Targets per principle (>= 1).")]
    = None,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    workers: WorkersOpt = 1,
) -> None:
    from ..align import align
    from ..export import ALIGN_HEADER, align_rows
    from ..render_results import align_table
    from ..workspace import Workspace

    result = align(Workspace.open(corpus, mappings), ref, against, top_k=top, workers=workers)
    if fmt == DataFormat.json:
        print_json(result.to_dict())
    elif fmt == DataFormat.table:
        _write(align_table(result, width=width()))
    else:
        _tabular(fmt, ALIGN_HEADER, align_rows(result))


@command("compare", "Compare two documents or orgs: shared and unique themes with evidence.",
         "ledelse compare randers gladsaxe")
def compare_cli(
    a: Annotated[str, typer.Argument(help="First REF (document id, org id or file).")],
    b: Annotated[str, typer.Argument(help="Second REF.")],
    lang: Annotated[str, typer.Option("--lang", help="Language of concept labels: da, nb, nn, "
                                      "en.")] = "da",
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    workers: WorkersOpt = 1,
) -> None:
    from ..compare import compare
    from ..errors import UsageError
    from ..export import COMPARE_HEADER, compare_rows
    from ..render_results import compare_table
    from ..workspace import Workspace

    if lang not in ("da", "nb", "nn", "en"):
        raise UsageError(f"--lang must be da, nb, nn or en, not '{lang}'")
    result = compare(Workspace.open(corpus, mappings), a, b, lang=lang, workers=workers)
    if fmt == DataFormat.json:
        print_json(result.to_dict())
    elif fmt == DataFormat.table:
        _write(compare_table(result, width=width()))
    else:
        _tabular(fmt, COMPARE_HEADER, compare_rows(result))


@command("coverage", "Matrix of a framework's points × documents, with evidence per cell.",
         "ledelse coverage --against kl11 --format csv")
def coverage_cli(
    refs: Annotated[list[str] | None, typer.Argument(help="REFs (default: every corpus "
                                                     "document except the target).")] = None,
    against: Annotated[str, typer.Option("--against", help="Framework id or any REF.")] = "kl11",
    detail: Annotated[bool, typer.Option("--detail", help="Show the evidence under each "
                                         "point.")] = False,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: DataFormatOpt = DataFormat.table,
    workers: WorkersOpt = 1,
) -> None:
    from ..coverage import coverage
    from ..export import COVERAGE_HEADER, coverage_rows
    from ..render_results import coverage_table
    from ..workspace import Workspace

    result = coverage(Workspace.open(corpus, mappings), against, refs or None, workers=workers)
    if fmt == DataFormat.json:
        print_json(result.to_dict())
    elif fmt == DataFormat.table:
        _write(coverage_table(result, detail=detail, width=width()))
    else:
        _tabular(fmt, COVERAGE_HEADER, coverage_rows(result))
