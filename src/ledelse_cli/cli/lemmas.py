"""`ledelse lemmas`: tokens, lemmas, readings, compound parts, keys and concepts of a text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..base import settings
from ..base.errors import InputError, UsageError
from .app import CorpusOpt, Format, FormatOpt, MappingsOpt, command
from .output import print_json

TextArg = Annotated[str, typer.Argument(help="Text to analyse, a corpus document id or a file.")]
LangOpt = Annotated[
    str,
    typer.Option("--lang", help="da, nb, nn, or auto (detect).", show_default=True,
                 metavar="da|nb|nn|auto"),
]


def _source(ref: str, corpus: Path | None, mappings: Path | None) -> tuple[str, str]:
    """(text, language) for a corpus id, a file path or literal text."""
    if "\n" not in ref and len(ref) < 200:
        from ..sources.corpus import Corpus

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
    from ..knowledge.concepts import token_concepts
    from ..knowledge.taxonomy import load_taxonomy
    from ..text.language import detect_language
    from ..text.lemmatize import analyze

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
    from ..outputs.render import plain_table
    from .output import width

    rows = [
        (t.text, t.lemma, f"{t.reading.name} ({t.reading.gloss})" if t.reading else "",
         "+".join(t.parts), t.key, "+".join(t.part_keys), "stop" if t.is_stop else "",
         " ".join(c))
        for t, c in zip(tokens, concepts, strict=True)
        if t.is_word
    ]
    headers = ("text", "lemma", "reading", "parts", "key", "part keys", "stop", "concepts")
    # Columns with nothing in them (no homograph, no compound …) are left out: the table
    # then fits a narrow terminal without wrapping what is there.
    keep = [i for i, h in enumerate(headers)
            if h in ("text", "lemma", "key") or any(r[i] for r in rows)]
    heads, cells = [headers[i] for i in keep], [[r[i] for i in keep] for r in rows]
    natural = sum(max(len(h), *(len(c[k]) for c in cells)) + 2 for k, h in enumerate(heads))
    if natural > width():
        # Long compounds: each word's forms one above the other (lemma over key, parts over
        # part keys, reading over stop and concepts) instead of side by side.
        def pair(r: tuple[str, ...], a: int, b: int) -> str:
            return "\n".join(x for x in (r[a], r[b]) if x)

        heads = ["text", "lemma / key", "parts / part keys", "notes"]  # reading, stop, concepts
        cells = [[r[0], pair(r, 1, 4), pair(r, 3, 5),
                  "\n".join(x for x in (r[2], " ".join(y for y in (r[6], r[7]) if y)) if x)]
                 for r in rows]
        keep = [0, 1, 2, 3]
    flex = heads.index("reading") if "reading" in heads else len(heads) - 1
    table = plain_table(heads, cells, width=width(), flex=flex, wrap=True)
    sys.stdout.write(f"lang: {lang}\n\n{table}\n")
