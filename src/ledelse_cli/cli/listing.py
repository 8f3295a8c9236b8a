"""`ledelse list`."""

from __future__ import annotations

import enum
import sys
from typing import Annotated

import typer

from ..base import settings
from .app import CorpusOpt, command
from .output import print_json, print_renderable, width

#: The columns of ``list --format csv`` (year and source too: what a spreadsheet wants).
LIST_HEADER = ("id", "title", "org", "lang", "kind", "year", "source", "warnings")


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@command("list", "List the documents in the corpus.", "ledelse list --format csv")
def list_cli(
    corpus: CorpusOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
    = ListFormat.table,
) -> None:
    from ..outputs.render import documents_table
    from ..sources.corpus import Corpus

    store = Corpus(settings.corpus_dir(corpus))
    store.require()
    metas = store.metas()
    if fmt == ListFormat.json:
        print_json({"documents": [m.summary() for m in metas]})
    elif fmt == ListFormat.csv:
        from ..outputs.export import to_csv

        rows = [(m.id, m.title, m.org, m.lang, m.kind, m.year or "", m.source or "",
                 " | ".join(m.warnings)) for m in metas]
        sys.stdout.write(to_csv(LIST_HEADER, rows))
    else:
        print_renderable(documents_table(metas, width()))
