"""Language resources from mappings/: lemma overrides, bilingual lexicon, stop words, known words.

Everything curated by hand lives in YAML (validated on load, with line numbers); this module
only reads it, checks it and indexes it. Resources are cached per mappings directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base import settings
from ..base.errors import ValidationError
from ..base.schema import ListOf, MapOf, Record, Str, load_validated
from ..base.yamlio import load_once
from .homographs import Homographs, load_homographs

LANG_CODES = ("da", "nb", "nn")
_LANG = Str(choices=LANG_CODES)
_WORD = Str(pattern=r"[^\s]+(?: [^\s]+)*")

#: lemma_overrides.yaml: ``{da: {form: lemma}, nb: {...}, nn: {...}}``.
LEMMA_OVERRIDES_SCHEMA = MapOf(MapOf(_WORD, key=_WORD), key=_LANG)

#: lexicon.yaml: concepts whose da/nb/nn words are not cognates (or irregular ones), one key each.
LEXICON_SCHEMA = Record(
    required={
        "concepts": ListOf(
            Record(
                required={"key": Str(pattern=r"[a-zæøå][a-zæøå-]*")},
                optional={
                    "da": ListOf(_WORD, min_items=1),
                    "nb": ListOf(_WORD, min_items=1),
                    "nn": ListOf(_WORD, min_items=1),
                    "note": Str(),
                },
            ),
            min_items=1,
        )
    }
)

#: stopwords.yaml: ``{da: [..], nb: [..], nn: [..]}``.
STOPWORDS_SCHEMA = MapOf(ListOf(_WORD, min_items=1), key=_LANG)

#: words.yaml (optional): extra known words for compound splitting, and words never to split.
WORDS_SCHEMA = Record(
    optional={
        "known": MapOf(ListOf(_WORD), key=_LANG),
        "no_split": MapOf(ListOf(_WORD), key=_LANG),
        "suffixes": ListOf(_WORD),
    }
)


@dataclass(frozen=True, eq=False)  # identity hash: used as a cache key by the lemmatiser
class LanguageResources:
    """Curated per-language data used by the lemmatiser, the compound splitter and the folding.

    Attributes:
        overrides: ``lang -> form -> lemma`` (forms lower-case).
        lexicon: ``lang -> lemma -> shared key`` for non-cognate concept pairs.
        stopwords: ``lang -> set of lower-case words``.
        known: ``lang -> extra words accepted as compound parts``.
        no_split: ``lang -> words never split into parts``.
        suffixes: derivational suffixes that are also words (-skab, -hed): never compound heads.
        source: the mappings directory the data came from.
        homographs: forms whose reading (lemma, part of speech) depends on context.
    """

    overrides: dict[str, dict[str, str]]
    lexicon: dict[str, dict[str, str]]
    stopwords: dict[str, frozenset[str]]
    known: dict[str, frozenset[str]]
    no_split: dict[str, frozenset[str]]
    suffixes: frozenset[str]
    source: Path
    homographs: Homographs = field(default_factory=Homographs)

    def override(self, lang: str, form: str) -> str | None:
        """The curated lemma for ``form`` in ``lang``, or None."""
        return self.overrides.get(lang, {}).get(form)

    def concept_key(self, lang: str, lemma: str) -> str | None:
        """The shared lexicon key of ``lemma`` in ``lang`` (Nynorsk falls back to Bokmål)."""
        found = self.lexicon.get(lang, {}).get(lemma)
        if found is None and lang == "nn":
            found = self.lexicon.get("nb", {}).get(lemma)
        return found

    def is_stop(self, lang: str, word: str) -> bool:
        """Whether ``word`` (form or lemma, lower-case) is a curated stop word in ``lang``."""
        return word in self.stopwords.get(lang, frozenset())


def _lower_map(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        lang: {str(k).lower(): str(v).lower() for k, v in (forms or {}).items()}
        for lang, forms in data.items()
    }


def _sets(data: dict[str, Any] | None) -> dict[str, frozenset[str]]:
    return {lang: frozenset(str(w).lower() for w in ws or []) for lang, ws in (data or {}).items()}


def _index_lexicon(data: dict[str, Any], path: Path) -> dict[str, dict[str, str]]:
    """``lang -> word -> key``; a word claimed by two concepts in one language is an error."""
    index: dict[str, dict[str, str]] = {lang: {} for lang in LANG_CODES}
    problems: list[str] = []
    for concept in data["concepts"]:
        key = concept["key"]
        for lang in LANG_CODES:
            for word in concept.get(lang) or []:
                w = str(word).lower()
                previous = index[lang].get(w)
                if previous is not None and previous != key:
                    problems.append(
                        f"{path}:{concept.line_of(lang)}: concepts -> {key} -> {lang}: "
                        f"'{w}' already belongs to '{previous}'"
                    )
                index[lang][w] = key
    if problems:
        raise ValidationError(problems, str(path))
    return index


#: The files the language resources are read from (words and homographs are optional).
_LANGUAGE_FILES = ("lemma_overrides.yaml", "lexicon.yaml", "stopwords.yaml", "words.yaml",
                   "homographs.yaml")


def _load(directory: Path) -> LanguageResources:
    overrides = load_validated(directory / "lemma_overrides.yaml", LEMMA_OVERRIDES_SCHEMA)
    lexicon_path = directory / "lexicon.yaml"
    lexicon = load_validated(lexicon_path, LEXICON_SCHEMA)
    stop = load_validated(directory / "stopwords.yaml", STOPWORDS_SCHEMA)
    words_path = directory / "words.yaml"
    extra = load_validated(words_path, WORDS_SCHEMA) if words_path.is_file() else {}
    return LanguageResources(
        overrides=_lower_map(overrides),
        lexicon=_index_lexicon(lexicon, lexicon_path),
        stopwords=_sets(stop),
        known=_sets(extra.get("known")),
        no_split=_sets(extra.get("no_split")),
        suffixes=frozenset(str(w).lower() for w in extra.get("suffixes") or []),
        source=directory,
        homographs=load_homographs(directory / "homographs.yaml"),
    )


def load_resources(mappings: Path | str | None = None) -> LanguageResources:
    """Load (once per directory) the language resources from a mappings directory.

    Args:
        mappings: A mappings directory, or None for ``settings.mappings_dir(None)``. A directory
            without the language files (e.g. a project that only ships a taxonomy) falls back to
            the bundled ones.

    Raises:
        ValidationError: A YAML file is malformed or fails its schema.
    """
    directory = settings.mappings_dir(mappings).resolve()
    if not (directory / "lemma_overrides.yaml").is_file():
        directory = settings.BUNDLED_MAPPINGS.resolve()
    files = [directory / name for name in _LANGUAGE_FILES if (directory / name).is_file()]
    return load_once("language", files, lambda: _load(directory))
