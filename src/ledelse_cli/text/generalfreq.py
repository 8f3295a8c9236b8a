"""General-language word frequencies: wordfreq's zipf values (log10 of occurrences per billion
words) for Danish (``da``) and Bokmål (``nb``; Nynorsk reads the Bokmål list).

wordfreq loads its lists in ~0.7 s per process; the few tens of thousands of words that matter
(zipf >= 3, where wordfreq's Danish list ends) are therefore kept as small tables under the
cache's ``lexicon/`` directory (MARISA tries, as ``dictionaries`` does for simplemma), built
once per wordfreq version, with the same values as ``wordfreq.zipf_frequency``. The rarity
background (``knowledge.background``) reads them, and so does the compound splitter
(``lemmas``), to tell a word from a fragment.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .dictionaries import TrieView, lexicon_dir, load_trie, save_trie

#: wordfreq lists used for general-language frequency ("nn" reads the Bokmål list).
GENERAL_LANGUAGES = ("da", "nb")

#: wordfreq's Danish list stops at zipf 3.0 (one occurrence per million words); the Bokmål list
#: goes further. Both are cut there, so "unknown" means the same in both languages.
ZIPF_FLOOR = 3.0


def _normal(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def wordfreq_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:
        return None


def _installed_version() -> str:
    """wordfreq's version from its dist-info directory's name: neither importing wordfreq
    (0.3 s) nor ``importlib.metadata`` (which scans every distribution) on a warm run."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        found = sorted(site.glob("wordfreq-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("wordfreq-") : -len(".dist-info")]
    return str(wordfreq_version())


def _table_dir() -> Path | None:
    """``<lexicon>/wordfreq-<version>`` (see ``dictionaries.lexicon_dir``), or None."""
    return lexicon_dir(f"wordfreq-{_installed_version()}")


def _build_table(lang: str) -> dict[str, float]:
    """wordfreq's list for ``lang`` from ``ZIPF_FLOOR`` up. The list's words are already in
    wordfreq's token form, and round(log10(frequency) + 9, 2) is what ``zipf_frequency``
    returns for each of them (checked for every word of both lists with wordfreq 3.1)."""
    import wordfreq

    words = wordfreq.get_frequency_dict(lang, wordlist="best")
    out = {}
    for w, freq in words.items():
        z = round(math.log10(freq) + 9, 2)
        if z >= ZIPF_FLOOR:
            out[w] = z
    return out


class _ZipfTrie(TrieView):
    """A read-only word -> zipf view of a ``marisa_trie.RecordTrie`` of centi-zipf values."""

    __slots__ = ()

    @staticmethod
    def decode(value: Any) -> float:
        return float(value[0][0] / 100)


def _trie(table: dict[str, float]) -> Any:
    import marisa_trie

    return marisa_trie.RecordTrie("<H", ((w, (round(z * 100),)) for w, z in table.items()))


def _read_table(path: Path) -> _ZipfTrie | None:
    """The table stored at ``path``, or None when it is missing, truncated or altered."""
    import marisa_trie

    trie = load_trie(path, lambda: marisa_trie.RecordTrie("<H"))
    return None if trie is None else _ZipfTrie(trie)


def table_path(lang: str) -> Path | None:
    """Where the zipf table of ``lang`` is stored, or None with the cache off."""
    directory = _table_dir()
    return None if directory is None else directory / f"{lang}.marisa"


def build_table(lang: str) -> None:
    """Build and store the zipf table of ``lang`` when missing or damaged (``ledelse setup``)."""
    path = table_path(lang)
    if path is not None and _read_table(path) is None:
        save_trie(_trie(_build_table(lang)), path)


@cache
def zipf_table(lang: str) -> Mapping[str, float]:
    """word -> zipf frequency for words at or above ``ZIPF_FLOOR`` in wordfreq's list."""
    directory = _table_dir()
    if directory is None:
        return _build_table(lang)
    path = directory / f"{lang}.marisa"
    found = _read_table(path)
    if found is None:
        trie = _trie(_build_table(lang))
        save_trie(trie, path)
        found = _ZipfTrie(trie)
    return found


def zipf(lemma: str, lang: str) -> float:
    """General-language zipf frequency of ``lemma`` in ``lang``; 0.0 below ``ZIPF_FLOOR``.

    Danish reads wordfreq's ``da`` list, Bokmål and Nynorsk the ``nb`` list (wordfreq has no
    Nynorsk), any other language the higher of the two. The lemma is looked up as one word
    (case-folded): a hyphenated compound wordfreq would split counts as rare.
    """
    word = _normal(lemma)
    if lang == "da":
        return zipf_table("da").get(word, 0.0)
    if lang in ("nb", "nn"):
        return zipf_table("nb").get(word, 0.0)
    return max(zipf_table(code).get(word, 0.0) for code in GENERAL_LANGUAGES)
