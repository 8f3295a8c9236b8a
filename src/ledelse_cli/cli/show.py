"""`ledelse show` and `ledelse segment`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..base import settings
from ..base.errors import UsageError
from ..base.models import Document
from .app import CorpusOpt, Format, FormatOpt, MappingsOpt, command
from .output import message, print_json, print_renderable, width, wrap_lines
from .stdin import stdin_paths

RefArg = Annotated[str, typer.Argument(help="Document id, org id or path to a file.")]


def _emit(documents: list[Document], ref: str, fmt: Format) -> None:
    from ..outputs.render import document_view

    if fmt == Format.json:
        if len(documents) == 1:
            print_json(documents[0].to_dict())
        else:
            print_json({"org": ref, "documents": [d.to_dict() for d in documents]})
        return
    for d in documents:
        print_renderable(document_view(d, width=width()))


@command(
    "show",
    "Show a document's principles (hand-corrected where corrected).",
    "ledelse show gladsaxe",
)
def show_cli(
    ref: RefArg,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..run.refs import resolve

    with stdin_paths([ref]) as (piped,):
        from ..run.documents import ReadCorpus

        source = resolve(piped, ReadCorpus(settings.corpus_dir(corpus), mappings))
    _emit(list(source.documents), ref, fmt)


@command(
    "segment",
    "Segment a document automatically into principles and items.",
    "ledelse segment kl11 --format json",
)
def segment_cli(
    ref: RefArg,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Write the automatic segmentation as corpus/<id>/segmentation.yaml "
            "for hand correction.",
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show the block tree, the reading chosen and why, and the runners-up.",
        ),
    ] = False,
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..run.documents import ReadCorpus
    from ..run.refs import resolve

    store = ReadCorpus(settings.corpus_dir(corpus), mappings)
    if ref == "-":
        if save:
            raise UsageError("--save needs a corpus document id (ingest the text first)")
        with stdin_paths([ref]) as (piped,):
            documents = list(resolve(piped, store).documents)
    elif store.has(ref):
        documents = [store.load(ref, automatic=True)]
    else:
        source = resolve(ref, store)
        if source.kind == "org":
            documents = [store.load(d.id, automatic=True) for d in source.documents]
        else:
            documents = list(source.documents)
    if save:
        if not all(store.has(d.id) for d in documents) or Path(ref).is_file():
            raise UsageError("--save needs a corpus document id (ingest the file first)")
        for d in documents:
            path = store.save_segmentation(d)
            message(f"wrote {path}")
    if explain:
        _explain(documents, ref, fmt, mappings)
        return
    for d in documents:
        for w in d.meta.warnings:
            message(f"warning: {d.id}: {w}")
    _emit(documents, ref, fmt)


def _explain(documents: list[Document], ref: str, fmt: Format, mappings: Path | None) -> None:
    from ..text.segexplain import explanation, explanation_text
    from ..text.segment import segment_explained
    from ..text.segmenter_rules import load_rules

    rules = load_rules(mappings)
    done = [(d, segment_explained(d.text, d.id, rules, lang=d.meta.lang)) for d in documents]
    if fmt == Format.json:
        items = [{"document": d.meta.summary(), "principles": [p.to_dict() for p in seg.principles],
                  "explain": explanation(seg)} for d, seg in done]
        print_json(items[0] if len(items) == 1 else {"org": ref, "documents": items})
        return
    for d, seg in done:
        sys.stdout.write(wrap_lines(explanation_text(seg, d.id), width()).rstrip("\n") + "\n")
