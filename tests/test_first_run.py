"""The first analysis after installing: one line on stderr while the one-time tables are built,
`ledelse setup` builds them ahead, and the tables answer like simplemma's own dictionaries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO
from ledelse_cli.knowledge import lexicon_tables as tables
from ledelse_cli.text import dictionaries, generalfreq

LEDELSE = Path(sys.executable).with_name("ledelse")


def _run(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LEDELSE_DEBUG", "LEDELSE_LEXICON_DIR")}
    env["LEDELSE_CACHE_DIR"] = str(cache)
    return subprocess.run([str(LEDELSE), *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=300)


@pytest.mark.slow
def test_first_analysis_says_it_builds_the_tables_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["coverage", "--against", "kl11", "gladsaxe", "--format", "json", "--corpus",
            str(CORPUS)]
    first = _run(args, cache)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    assert len(lines) == 1 and "building the lemma and word-frequency tables once" in lines[0]
    assert "ledelse setup" in lines[0]
    assert sorted(p.name for p in cache.glob("lexicon/*/*.marisa")) == [
        "da.marisa", "da.marisa", "nb.marisa", "nb.marisa", "nn.marisa"]
    second = _run(args, cache)
    assert second.returncode == 0 and second.stderr == ""
    assert second.stdout == first.stdout
    # Commands that do not lemmatise build nothing and say nothing.
    other = tmp_path / "other"
    listed = _run(["list", "--corpus", str(CORPUS)], other)
    assert listed.returncode == 0 and listed.stderr == ""
    helped = _run(["coverage", "-h"], other)  # help stays instant
    assert helped.returncode == 0 and helped.stderr == "" and "--against" in helped.stdout
    assert not other.joinpath("lexicon").exists()


@pytest.mark.slow
def test_setup_builds_every_table_then_the_first_run_is_silent(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    setup = _run(["setup"], cache)
    assert setup.returncode == 0, setup.stderr
    assert "built 5 tables" in setup.stderr
    assert len(list(cache.glob("lexicon/*/*.marisa"))) == 5
    again = _run(["setup"], cache)
    assert again.returncode == 0 and "built" not in again.stderr.replace("present", "")
    run = _run(["align", "gladsaxe", "--against", "kl11", "--format", "json", "--corpus",
                str(CORPUS)], cache)
    assert run.returncode == 0 and run.stderr == ""


def test_missing_lists_only_absent_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDELSE_LEXICON_DIR", str(tmp_path / "lexicon"))
    assert tables.missing() == list(tables.TABLES)
    nn = tables.Table("lemmas", "nn")
    assert tables.build([nn]) == [nn]
    assert nn.path is not None and nn.path.is_file()
    assert nn not in tables.missing() and len(tables.missing()) == 4
    monkeypatch.setenv("LEDELSE_CACHE_DIR", "off")
    assert tables.missing() == []


def test_fast_build_answers_like_simplemma(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trie built from simplemma's raw bytes holds exactly simplemma's entries."""
    import marisa_trie
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    reference = DEFAULT_DICTIONARY_FACTORY.get_dictionary("nn")
    trie = dictionaries.TrieView(dictionaries._build("nn"))
    assert isinstance(trie._trie, marisa_trie.BytesTrie)
    assert len(trie) == len(reference)
    assert all(trie.get(k) == reference[k] for k in reference)
    assert trie.get("leiarane") == reference["leiarane"] and trie.get("æøå-ikkje") is None
    monkeypatch.setenv("LEDELSE_LEXICON_DIR", str(tmp_path / "lexicon"))
    generalfreq.build_table("da")
    path = generalfreq.table_path("da")
    assert path is not None and generalfreq._read_table(path) is not None
