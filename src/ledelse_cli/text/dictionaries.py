"""simplemma's dictionaries as MARISA tries, built once per simplemma version and memory-mapped.

simplemma ships each dictionary as an lzma-compressed, front-coded stream that it decodes into a
Python dict on first use: 0.67 s for Danish and 0.49 s for Bokmål on this machine, paid by every
process that lemmatises, before any work. A trie built from the same entries opens in about a
millisecond and answers a lookup in under a microsecond, with identical contents, so lemmas do
not change (tests compare both backends word for word). This is the trie backend simplemma
itself offers (``TrieDictionaryFactory``), with our own storage: the trie is written under the
ledelse cache directory (``lexicon/``) behind a SHA-256 of its bytes, to a temporary file renamed
into place, so two worker processes building it at once never read a half-written file, and a
truncated or altered trie (marisa would map it without noticing) is rebuilt. With the cache off
(``LEDELSE_CACHE_DIR=off``) simplemma's in-memory dicts are used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

_DIGEST = 32  # bytes of SHA-256 in front of each stored trie


class TrieView(Mapping[str, Any]):
    """A read-only view of a marisa trie as a mapping; ``decode`` turns a stored value list
    into the value (a ``BytesTrie`` of lemmas here, a ``RecordTrie`` of zipf values in
    ``background``)."""

    __slots__ = ("_trie",)

    def __init__(self, trie: Any) -> None:
        self._trie = trie

    @staticmethod
    def decode(value: Any) -> Any:
        return value[0].decode()

    def get(self, key: str, default: Any = None) -> Any:
        value = self._trie.get(key)
        return self.decode(value) if value else default

    def __getitem__(self, key: str) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)


def lexicon_dir(name: str) -> Path | None:
    """``<lexicon>/<name>`` where ``<lexicon>`` is ``$LEDELSE_LEXICON_DIR`` (shared by several
    caches, e.g. a test session's), else ``<cache>/lexicon``; None when the cache is off."""
    from ..base.settings import cache_dir

    root = cache_dir()
    if root is None:
        return None
    shared = os.environ.get("LEDELSE_LEXICON_DIR")
    return (Path(shared) if shared else root / "lexicon") / name


def index_dir() -> Path | None:
    """Where the lemma tries live: ``<lexicon>/simplemma-<version>/`` (see ``lexicon_dir``)."""
    from simplemma.__metadata__ import __version__ as simplemma_version

    return lexicon_dir(f"simplemma-{simplemma_version}")


#: What ``marisa_trie.BytesTrie`` puts between a key and its value.
_VALUE_SEPARATOR = b"\xff"


def _build(code: str) -> Any:
    """The trie of simplemma's ``code`` dictionary.

    simplemma keeps its entries as UTF-8 bytes and decodes each on access; building a
    ``BytesTrie`` through that view took 3.3 s for Danish here, 1.5 s of it decoding. The same
    bytes joined as ``BytesTrie`` joins them, in a trie of two levels instead of marisa's
    default three (0.8 s instead of 1.4 s to build, 3 % larger, lookups as fast), take 2.0 s,
    1.1 s of which is simplemma reading its own file. The answers are the same (tested).
    """
    import marisa_trie
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    source = DEFAULT_DICTIONARY_FACTORY.get_dictionary(code)
    raw = getattr(source, "_dict", None)
    if not isinstance(raw, dict):  # another simplemma storage: go through the mapping
        return marisa_trie.BytesTrie((k, source[k].encode()) for k in source)
    joined = marisa_trie.BinaryTrie([k + _VALUE_SEPARATOR + v for k, v in raw.items()],
                                    num_tries=2)
    return marisa_trie.BytesTrie().frombytes(joined.tobytes())


def trie_path(code: str) -> Path | None:
    """Where the trie of ``code`` is stored, or None with the cache off."""
    directory = index_dir()
    return None if directory is None else directory / f"{code}.marisa"


def build(code: str) -> None:
    """Build and store the trie of ``code`` when it is missing or damaged (``ledelse setup``)."""
    import marisa_trie

    path = trie_path(code)
    if path is not None and load_trie(path, marisa_trie.BytesTrie) is None:
        save_trie(_build(code), path)


def load_trie(path: Path, make: Callable[[], Any]) -> Any:
    """The marisa trie stored at ``path`` (SHA-256 of the body in front), read with ``make()``
    (an empty trie of the stored kind), or None when it is missing, truncated or altered."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, body = data[:_DIGEST], data[_DIGEST:]
    if len(data) <= _DIGEST or hashlib.sha256(body).digest() != digest:
        return None
    try:
        return make().frombytes(body)
    except RuntimeError:  # marisa: MARISA_FORMAT_ERROR, MARISA_IO_ERROR …
        return None


def save_trie(trie: Any, path: Path) -> None:
    """Store ``trie`` at ``path`` atomically, its body's SHA-256 in front; a read-only cache
    directory only costs speed (nothing is raised)."""
    body = trie.tobytes()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(hashlib.sha256(body).digest())
                f.write(body)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


@cache
def dictionary(code: str) -> Mapping[str, str]:
    """simplemma's form -> lemma dictionary for ``code`` ("da", "nb", "nn")."""
    path = trie_path(code)
    if path is None:
        from simplemma.strategies.dictionaries.dictionary_factory import (
            DEFAULT_DICTIONARY_FACTORY,
        )

        return DEFAULT_DICTIONARY_FACTORY.get_dictionary(code)
    import marisa_trie

    trie = load_trie(path, marisa_trie.BytesTrie)
    if trie is None:
        trie = _build(code)
        save_trie(trie, path)
    return TrieView(trie)


class _Factory:
    """A simplemma ``DictionaryFactory`` serving :func:`dictionary`."""

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        return dictionary(lang)


@cache
def lemmatizer() -> Any:
    """A simplemma ``Lemmatizer`` (default strategy) reading the tries."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_Factory()))
