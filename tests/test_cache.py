"""The on-disk caches: hits equal fresh results, edits invalidate, corrupt entries are rebuilt."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, MAPPINGS
from ledelse_cli.base import settings
from ledelse_cli.base.cacheframe import unframe
from ledelse_cli.matching.features import featurize
from ledelse_cli.run import cache
from ledelse_cli.run.documents import ReadCorpus
from ledelse_cli.run.workspace import Workspace
from ledelse_cli.sources.corpus import Corpus
from ledelse_cli.text.pipeline import load_document


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("LEDELSE_CACHE_DIR", str(d))
    return d


@pytest.fixture
def kl11() -> object:
    return load_document(Corpus(CORPUS, MAPPINGS), "kl11")


def _no_nlp(*args: object, **kwargs: object) -> object:
    raise AssertionError("featurize() called although the cache should have answered")


def _entries(cache_dir: Path, kind: str) -> list[Path]:
    return sorted((cache_dir / kind).glob("*.json"))


def test_feature_cache_hit_equals_fresh_features(cache_dir, kl11, monkeypatch):
    fresh = featurize(kl11.principles, MAPPINGS)
    first = cache.cached_features(kl11, MAPPINGS)
    assert len(_entries(cache_dir, "features")) == 1
    monkeypatch.setattr(cache, "featurize", _no_nlp)
    hit = cache.cached_features(kl11, MAPPINGS)
    assert cache._to_json(hit) == cache._to_json(first) == cache._to_json(fresh)
    assert [f.concepts(0.7) for f in hit] == [f.concepts(0.7) for f in fresh]
    # Principles, unit ids and texts come from the document, the rest from the entry.
    assert _everything(hit) == _everything(fresh)


def _everything(features: list) -> list:
    return [
        (f.principle, [(u.id, u.text, u.keys, u.lemmas, u.concepts, u.cues) for u in f.units])
        for f in features
    ]


def test_changed_document_invalidates(cache_dir, kl11):
    cache.cached_features(kl11, MAPPINGS)
    first = kl11.principles[0]
    edited = dataclasses.replace(first, text=first.text + " og skaber trivsel")
    changed = dataclasses.replace(kl11, principles=(edited, *kl11.principles[1:]))
    assert cache.document_key(changed, MAPPINGS) != cache.document_key(kl11, MAPPINGS)
    features = cache.cached_features(changed, MAPPINGS)
    assert features[0].units[0].text.endswith("og skaber trivsel")
    assert "trivsel" in features[0].units[0].keys
    assert len(_entries(cache_dir, "features")) == 2


def test_changed_taxonomy_cue_invalidates(cache_dir, kl11, tmp_path, monkeypatch):
    mappings = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, mappings)
    before_key = cache.document_key(kl11, mappings)
    before = cache.cached_features(kl11, mappings)
    # kl11/1.3 "Skaber retning i en kompleks hverdag …" reaches its concept through "retning".
    taxonomy = mappings / "taxonomy.yaml"
    text = taxonomy.read_text("utf-8")
    old = "da: [retning, sætte retning, skabe retning, "
    assert old in text
    taxonomy.write_text(text.replace(old, "da: ["), "utf-8")
    assert cache.document_key(kl11, mappings) != before_key
    calls = []
    real = cache.featurize
    monkeypatch.setattr(cache, "featurize", lambda *a, **k: calls.append(1) or real(*a, **k))
    after = cache.cached_features(kl11, mappings)
    assert calls == [1]
    unit = "kl11/1.3"
    concepts_before = {u.id: u.concepts for f in before for u in f.units}[unit]
    concepts_after = {u.id: u.concepts for f in after for u in f.units}[unit]
    assert concepts_before != concepts_after


@pytest.mark.parametrize(
    "garbage",
    ["", "{not json", '{"format": 1, "features": [{}]}', '{"format": 2, "features": [[]]}', "[]"],
)
def test_corrupt_feature_entry_is_ignored_and_rebuilt(cache_dir, kl11, garbage):
    good = cache.cached_features(kl11, MAPPINGS)
    (entry,) = _entries(cache_dir, "features")
    entry.write_text(garbage, "utf-8")
    rebuilt = cache.cached_features(kl11, MAPPINGS)
    assert cache._to_json(rebuilt) == cache._to_json(good)
    assert unframe(entry.read_bytes()) == cache._to_json(good)


def test_cache_off_writes_nothing(tmp_path, kl11, monkeypatch):
    monkeypatch.setenv("LEDELSE_CACHE_DIR", "off")
    assert settings.cache_dir() is None
    assert cache.cached_features(kl11, MAPPINGS)
    assert not any(tmp_path.iterdir())


def test_segmentation_cache_hit_equals_fresh_load(cache_dir):
    fresh = {i: load_document(Corpus(CORPUS, MAPPINGS), i) for i in Corpus(CORPUS).ids()}
    first = {i: ReadCorpus(CORPUS, MAPPINGS).load(i) for i in fresh}
    assert _entries(cache_dir, "segments")
    assert _entries(cache_dir, "meta")
    second = {i: ReadCorpus(CORPUS, MAPPINGS).load(i) for i in fresh}
    assert first == fresh
    assert second == fresh


def test_segmentation_cache_invalidated_by_text_and_rebuilt_when_corrupt(cache_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "gladsaxe", corpus / "gladsaxe")
    doc = ReadCorpus(corpus, MAPPINGS).load("gladsaxe")
    for entry in _entries(cache_dir, "segments") + _entries(cache_dir, "meta"):
        entry.write_text("garbage", "utf-8")
    assert ReadCorpus(corpus, MAPPINGS).load("gladsaxe") == doc
    text = corpus / "gladsaxe" / "text.txt"
    text.write_text(text.read_text("utf-8").replace("Gladsaxe", "Gladsaxe Kommune"), "utf-8")
    edited = ReadCorpus(corpus, MAPPINGS).load("gladsaxe")
    assert edited == load_document(Corpus(corpus, MAPPINGS), "gladsaxe")
    assert edited.text != doc.text


def test_parallel_prefetch_equals_serial(cache_dir, monkeypatch):
    from ledelse_cli.run import workspace as ws

    serial = Workspace.open(CORPUS, MAPPINGS)
    documents = [serial.corpus.load(i) for i in serial.corpus.ids()]
    expected = [cache._to_json(serial.features_of(d)) for d in documents]
    shutil.rmtree(cache_dir)
    monkeypatch.setattr(ws, "PARALLEL_MIN", 0)
    parallel = Workspace.open(CORPUS, MAPPINGS)
    parallel.prefetch(documents, workers=2)
    assert [cache._to_json(parallel.features_of(d)) for d in documents] == expected
    assert len(_entries(cache_dir, "features")) == len(documents)
