"""The typer application object and the options every command shares."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..matching.rarity import BackgroundKind

app = typer.Typer(
    name="ledelse",
    help=(
        "Compare Danish and Norwegian public-sector leadership texts at principle level.\n\n"
        "Example: ledelse coverage --against kl11"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(enum.StrEnum):
    table = "table"
    json = "json"


class DataFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    jsonl = "jsonl"
    wide_csv = "wide-csv"


CorpusOpt = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        help="Corpus directory (default: $LEDELSE_CORPUS, else ./corpus).",
        show_default=False,
    ),
]
MappingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--mappings",
        help="Mappings directory (default: $LEDELSE_MAPPINGS, else ./mappings, else bundled).",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
BackgroundOpt = Annotated[
    BackgroundKind,
    typer.Option(
        "--background",
        help="Where rarity comes from: 'fixed', the background shipped in the mappings (a score "
        "depends only on the two texts); 'corpus', idf over every corpus document (scores "
        "move when documents are added; the manifest hashes them all).",
    ),
]


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"ledelse {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Compare Danish and Norwegian public-sector leadership texts at principle level.

    Example: ledelse coverage --against kl11
    """


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def command(name: str, summary: str, example: str):
    """Register a command whose help (and line in ``ledelse --help``) shows an example."""
    return app.command(
        name,
        help=f"{summary}\n\nExample: {example}",
        short_help=f"{summary} (e.g. {example})",
    )
