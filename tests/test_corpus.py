"""Corpus storage: ingest, ids, atomic replace, hand-corrected segmentations, validation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import CORPUS, SEED_SHA256, SEEDS, run_cli
from ledelse_cli.base.errors import UsageError
from ledelse_cli.base.yamlio import dump_yaml, read_yaml
from ledelse_cli.sources.corpus import Corpus, check_id, slugify
from ledelse_cli.sources.corpuscheck import validate_corpus

KL = SEEDS["003_aae85e558e2dc4cb.txt"]


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".staging" not in p.parts and p.name != ".lock"
    }


def test_bundled_corpus_is_valid_and_complete() -> None:
    assert validate_corpus(CORPUS) == []
    corpus = Corpus(CORPUS)
    assert corpus.ids() == [
        "gladsaxe",
        "kl11",
        "ks10",
        "lk7",
        "randers-debat",
        "randers-konference",
    ]
    assert corpus.orgs()["randers"] == ["randers-debat", "randers-konference"]
    for doc_id in corpus.ids():
        meta = corpus.meta(doc_id)
        original = CORPUS / doc_id / (meta.original or "")
        assert hashlib.sha256(original.read_bytes()).hexdigest() == meta.sha256


def test_original_is_kept_byte_identical(tmp_path: Path) -> None:
    # The bundled originals are the seeds exactly as published (hashes of the shared seeds folder).
    for name, path in SEEDS.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == SEED_SHA256[name], name
    # And ingesting stores the file it was given byte for byte.
    corpus = tmp_path / "c"
    r = run_cli("ingest", str(KL), "--id", "kl-copy", "--org", "kl", corpus=corpus)
    assert r.exit_code == 0, r.stderr
    stored = corpus / "kl-copy" / (Corpus(corpus).meta("kl-copy").original or "")
    assert stored.read_bytes() == KL.read_bytes()


def test_ingest_list_show_roundtrip(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    r = run_cli(
        "ingest", str(KL), "--id", "kl-copy", "--org", "kl", "--kind", "framework", corpus=corpus
    )
    assert r.exit_code == 0, r.stderr
    assert "added kl-copy" in r.stderr
    listed = run_cli("list", "--format", "json", corpus=corpus).json()
    assert [d["id"] for d in listed["documents"]] == ["kl-copy"]
    shown = run_cli("show", "kl-copy", "--format", "json", corpus=corpus).json()
    assert shown["document"] == {
        "id": "kl-copy",
        "title": shown["document"]["title"],
        "lang": "da",
        "org": "kl",
        "kind": "framework",
    }
    assert len(shown["principles"]) == 11
    assert validate_corpus(corpus) == []


def test_duplicate_id_needs_replace_and_leaves_corpus_untouched(tmp_corpus: Path) -> None:
    before = _tree(tmp_corpus)
    r = run_cli(
        "ingest", str(SEEDS["004_7eeff52e86151999.txt"]), "--id", "kl11", corpus=tmp_corpus
    )
    assert r.exit_code == 2
    assert "already exists" in r.stderr and "--replace" in r.stderr
    assert _tree(tmp_corpus) == before
    r = run_cli(
        "ingest",
        str(KL),
        "--id",
        "kl11",
        "--org",
        "kl",
        "--kind",
        "framework",
        "--replace",
        corpus=tmp_corpus,
    )
    assert r.exit_code == 0, r.stderr
    assert validate_corpus(tmp_corpus) == []


@pytest.mark.parametrize(
    "bad", ["../../etc", "..", "a/b", "UPPER", "con", "", "-x", "a" * 64, "æøå", "x y"]
)
def test_unsafe_ids_are_refused(bad: str, tmp_corpus: Path) -> None:
    with pytest.raises(UsageError):
        check_id(bad)
    before = _tree(tmp_corpus)
    r = run_cli("ingest", str(KL), "--id", bad, corpus=tmp_corpus)
    assert r.exit_code == 2, r.stderr
    assert "invalid id" in r.stderr
    assert _tree(tmp_corpus) == before


def test_slugify_makes_safe_ids() -> None:
    assert slugify("Aarhus Ledelsesgrundlag 2021.pdf") == "aarhus-ledelsesgrundlag-2021"
    assert slugify("Ledelse på tværs – Gladsaxe.docx") == "ledelse-paa-tvaers-gladsaxe"
    assert slugify("../../etc/passwd") == "passwd"
    check_id(slugify("CON.txt"))


def test_hand_correction_replaces_automatic_segmentation(tmp_corpus: Path) -> None:
    r = run_cli("segment", "gladsaxe", "--save", "--format", "json", corpus=tmp_corpus)
    assert r.exit_code == 0, r.stderr
    seg = tmp_corpus / "gladsaxe" / "segmentation.yaml"
    data = read_yaml(seg)
    assert len(data["principles"]) == 11
    # A researcher merges the first two principles and drops the spans of the second.
    first, second = data["principles"][0], data["principles"][1]
    edited = {
        "document": "gladsaxe",
        "principles": [
            {"title": "Faglighed og relationer", "text": first["text"]},
            {"text": second["text"], "items": [{"text": "internt og eksternt"}]},
            *data["principles"][2:],
        ],
    }
    seg.write_text(dump_yaml(edited), encoding="utf-8")
    shown = run_cli("show", "gladsaxe", "--format", "json", corpus=tmp_corpus).json()
    assert len(shown["principles"]) == 11
    assert shown["principles"][0]["title"] == "Faglighed og relationer"
    text = (tmp_corpus / "gladsaxe" / "text.txt").read_text("utf-8")
    item = shown["principles"][1]["items"][0]
    assert text[item["span"][0] : item["span"][1]] == "internt og eksternt"
    # `segment` still shows the automatic result.
    auto = run_cli("segment", "gladsaxe", "--format", "json", corpus=tmp_corpus).json()
    assert auto["principles"][0]["title"] == "fagligt"
    assert validate_corpus(tmp_corpus) == []


def test_hand_correction_with_text_not_in_document_is_reported(tmp_corpus: Path) -> None:
    seg = tmp_corpus / "kl11" / "segmentation.yaml"
    seg.write_text("principles:\n  - text: Dette står ikke i teksten\n", encoding="utf-8")
    r = run_cli("show", "kl11", corpus=tmp_corpus)
    assert r.exit_code == 3
    assert "segmentation.yaml:2" in r.stderr and "not found" in r.stderr
    assert any("not found" in p for p in validate_corpus(tmp_corpus))


def test_tampered_text_is_caught_by_validation(tmp_corpus: Path) -> None:
    (tmp_corpus / "ks10" / "text.txt").write_text("changed", encoding="utf-8")
    problems = validate_corpus(tmp_corpus)
    assert any("ks10" in p and "text_sha256" in p for p in problems)


def test_interrupted_replace_is_recovered(tmp_corpus: Path) -> None:
    """A crash between the two renames of a replace leaves old-<id>; the next write restores it."""
    staging = tmp_corpus / ".staging"
    staging.mkdir(exist_ok=True)
    (tmp_corpus / "lk7").rename(staging / "old-lk7-abc123")
    corpus = Corpus(tmp_corpus)
    with corpus.lock():
        pass
    assert corpus.has("lk7")
    assert validate_corpus(tmp_corpus) == []
