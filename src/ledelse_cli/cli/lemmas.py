"""`ledelse lemmas`: tokens, lemmas, readings, compound parts, keys and concepts of a text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import settings
from ..errors import InputError, UsageError
from .app import CorpusOpt, Format, FormatOpt, MappingsOpt, command
from .output import print_json, print_renderable

TextArg = Annotated[str, typer.Argument(help="Text to analyse, a corpus document id or a file.")]
LangOpt = Annotated[
    str,
    typer.Option("--lang", help="da, nb, nn, or auto (detect).", show_default=True,
                 metavar="da|nb|nn|auto"),
]


def _source(ref: str, corpus: Path | None, mappings: Path | None) -> tuple[str, str]:
    """(text, language) for a corpus id, a file path or literal text."""
    if "\n" not in ref and len(ref) < 200:
        from ..corpus import Corpus

        store = Corpus(settings.corpus_dir(corpus), mappings)
        if store.has(ref):
            return store.text(ref), store.meta(ref).lang
        path = Path(ref)
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8"), "auto"
            except (OSError, UnicodeDecodeError) as e:
                raise InputError(f"cannot read as UTF-8 text ({e})", str(path)) from e
    return ref, "auto"


@command(
    "lemmas",
    "Show tokens, lemmas, homograph readings, compound parts, folded keys and concepts.",
    "ledelse lemmas 'Lederne skaber tillid'",
)
def lemmas_cli(
    text: TextArg,
    lang: LangOpt = "auto",
    corpus: CorpusOpt = None,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..language import detect_language
    from ..lemmatize import analyze
    from ..taxonomy import load_taxonomy, token_concepts

    if lang not in ("auto", "da", "nb", "nn"):
        raise UsageError(f"--lang must be da, nb, nn or auto, not '{lang}'")
    body, doc_lang = _source(text, corpus, mappings)
    if lang == "auto":
        lang = doc_lang if doc_lang in ("da", "nb", "nn") else detect_language(body)
        if lang not in ("da", "nb", "nn"):
            lang = "da"  # too short to tell: Danish is the corpus majority
    tokens = analyze(body, lang, mappings)
    # Which concepts fire on each token: shows, e.g., that the verb "bruger" (uses) is no user.
    concepts = token_concepts(tokens, load_taxonomy(settings.mappings_dir(mappings)))
    if fmt == Format.json:
        print_json(
            {
                "lang": lang,
                "tokens": [
                    {**t.to_dict(), "concepts": list(c)}
                    for t, c in zip(tokens, concepts, strict=True)
                ],
            }
        )
        return
    from ..render import as_renderable, plain_table
    from .output import width

    rows = [
        (t.text, t.lemma, f"{t.reading.name} ({t.reading.gloss})" if t.reading else "",
         "+".join(t.parts), t.key, "+".join(t.part_keys), "stop" if t.is_stop else "",
         " ".join(c))
        for t, c in zip(tokens, concepts, strict=True)
        if t.is_word
    ]
    headers = ("text", "lemma", "reading", "parts", "key", "part keys", "stop", "concepts")
    print_renderable(as_renderable(f"lang: {lang}\n\n" + plain_table(
        headers, rows, width=width(), flex=2, wrap=True)))
