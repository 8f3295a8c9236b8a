"""The lemma dictionaries stored as tries: same answers as simplemma's own, rebuilt when damaged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

from conftest import CORPUS
from ledelse_cli.text import dictionaries


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory and no tries in memory."""
    monkeypatch.setenv("LEDELSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LEDELSE_LEXICON_DIR", raising=False)
    dictionaries.dictionary.cache_clear()
    yield tmp_path / "cache"
    dictionaries.dictionary.cache_clear()


def _corpus_words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/text.txt")))
    return sorted({w.lower() for w in re.findall(r"[^\W\d_]+", text)})


def _trie_file(cache: Path, code: str) -> Path:
    found = sorted(cache.glob(f"lexicon/simplemma-*/{code}.marisa"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize("code", ["da", "nb", "nn"])
def test_trie_answers_like_simplemma_dictionary(fresh: Path, code: str) -> None:
    words = _corpus_words()
    reference = DEFAULT_DICTIONARY_FACTORY.get_dictionary(code)
    trie = dictionaries.dictionary(code)
    assert len(trie) == len(reference)
    assert [trie.get(w) for w in words] == [reference.get(w) for w in words]
    assert [w in trie for w in words] == [w in reference for w in words]
    # Words that are in the dictionary, including forms with æ ø å.
    sample = [w for w in words if reference.get(w) is not None]
    assert len(sample) > 300
    assert any(ch in w for w in sample for ch in "æøå")
    _trie_file(fresh, code)  # stored for the next process


@pytest.mark.slow
def test_lemmatizer_on_tries_equals_simplemma(fresh: Path) -> None:
    words = _corpus_words()
    for langs in [("da",), ("nb",), ("nn", "nb")]:
        ours = [dictionaries.lemmatizer().lemmatize(w, langs) for w in words]
        theirs = [simplemma.lemmatize(w, lang=langs) for w in words]
        assert ours == theirs, langs


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_damaged_trie_is_rebuilt(fresh: Path, damage: str) -> None:
    expected = dictionaries.dictionary("nn").get("leiarane")
    assert expected is not None
    path = _trie_file(fresh, "nn")
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        # Inside the trie body: marisa itself would map this without complaint.
        body = bytearray(data)
        body[len(body) // 2] ^= 0xFF
        path.write_bytes(bytes(body))
    elif damage == "garbage":
        path.write_bytes(b"\x00not a trie" * 100)
    else:
        path.write_bytes(b"")
    dictionaries.dictionary.cache_clear()
    assert dictionaries.dictionary("nn").get("leiarane") == expected
    assert path.read_bytes() == data  # rebuilt byte for byte


def test_shared_lexicon_directory(fresh: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDELSE_LEXICON_DIR", str(tmp_path / "shared"))
    assert dictionaries.dictionary("nn").get("leiarane") is not None
    assert list((tmp_path / "shared").glob("simplemma-*/nn.marisa"))
    assert not (fresh / "lexicon").exists()


def test_cache_off_uses_simplemma_dictionaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDELSE_CACHE_DIR", "off")
    dictionaries.dictionary.cache_clear()
    try:
        assert dictionaries.index_dir() is None
        assert dictionaries.dictionary("da") is DEFAULT_DICTIONARY_FACTORY.get_dictionary("da")
    finally:
        dictionaries.dictionary.cache_clear()
