"""`ledelse list`."""

from __future__ import annotations

from ..base import settings
from ..sources.corpus import Corpus
from .app import CorpusOpt, Format, FormatOpt, command
from .output import print_json, print_renderable, width


@command("list", "List the documents in the corpus.", "ledelse list --format json")
def list_cli(corpus: CorpusOpt = None, fmt: FormatOpt = Format.table) -> None:
    from ..outputs.render import documents_table

    store = Corpus(settings.corpus_dir(corpus))
    store.require()
    metas = store.metas()
    if fmt == Format.json:
        print_json({"documents": [m.summary() for m in metas]})
    else:
        print_renderable(documents_table(metas, width()))
