"""The fixed rarity background: scores do not move when an unrelated document is ingested,
`--background corpus` is the (corpus-dependent) alternative, and the rarity formula."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, MAPPINGS, REPO
from ledelse_cli.base.errors import ValidationError
from ledelse_cli.knowledge.alignment import load_config
from ledelse_cli.knowledge.background import (
    FixedBackground,
    background_problems,
    load_background,
)
from ledelse_cli.text.generalfreq import ZIPF_FLOOR, zipf

LEDELSE = Path(sys.executable).with_name("ledelse")

PARKING = """\
# Parkeringsregler i Nordby Kommune

Kommunen har vedtaget nye regler for parkering i midtbyen. Reglerne gælder fra 1. marts.

- Parkering på torvet er tilladt i højst to timer mellem kl. 9 og 18.
- Beboere kan købe en beboerlicens til 300 kr. om året hos borgerservice.
- Biler over 3.500 kg må ikke parkere i boligområder om natten.
- Parkeringsvagter kontrollerer p-skiver, og en afgift koster 510 kr.
"""


def _ledelse(*args: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([str(LEDELSE), *args], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return out


def _coverage(corpus: Path, *extra: str) -> str:
    return _ledelse("coverage", "--against", "kl11", "randers", "gladsaxe", "--format", "json",
                    "--corpus", str(corpus), "--mappings", str(MAPPINGS), *extra).stdout


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Coverage of two municipalities against kl11 before and after ingesting an unrelated
    document, with each background, through the console script."""
    base = tmp_path_factory.mktemp("background")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(".lock", ".staging"))
    out = {
        "fixed_before": _coverage(corpus),
        "corpus_before": _coverage(corpus, "--background", "corpus"),
    }
    manifests = base / "m"
    manifests.mkdir()
    _coverage(corpus, "-o", str(manifests / "before.csv"))
    _coverage(corpus, "--background", "corpus", "-o", str(manifests / "corpus-before.csv"))
    parking = base / "parkering.md"
    parking.write_text(PARKING, encoding="utf-8")
    _ledelse("ingest", str(parking), "--id", "nordby-parkering", "--org", "nordby", "--lang",
             "da", "--corpus", str(corpus), "--mappings", str(MAPPINGS))
    assert (corpus / "nordby-parkering" / "meta.yaml").is_file()
    out["fixed_after"] = _coverage(corpus)
    out["corpus_after"] = _coverage(corpus, "--background", "corpus")
    _coverage(corpus, "-o", str(manifests / "after.csv"))
    _coverage(corpus, "--background", "corpus", "-o", str(manifests / "corpus-after.csv"))
    for name in ("before", "after", "corpus-before", "corpus-after"):
        out[f"manifest_{name}"] = (manifests / f"{name}.csv.manifest.json").read_text("utf-8")
    return out


@pytest.mark.slow
@pytest.mark.skipif(not LEDELSE.is_file(), reason="console script not installed")
def test_ingesting_an_unrelated_document_changes_no_score(runs: dict[str, str]) -> None:
    assert '"cells"' in runs["fixed_before"]
    assert runs["fixed_after"] == runs["fixed_before"]


@pytest.mark.slow
@pytest.mark.skipif(not LEDELSE.is_file(), reason="console script not installed")
def test_corpus_background_moves_with_the_corpus(runs: dict[str, str]) -> None:
    before, after = json.loads(runs["corpus_before"]), json.loads(runs["corpus_after"])
    assert before["documents"] == after["documents"] == ["randers", "gladsaxe"]
    scores = [(a["score"], b["score"]) for a, b in zip(before["cells"], after["cells"],
                                                       strict=True)]
    assert sum(a != b for a, b in scores) > len(scores) // 2
    assert runs["corpus_before"] != runs["fixed_before"]


@pytest.mark.slow
@pytest.mark.skipif(not LEDELSE.is_file(), reason="console script not installed")
def test_manifests_name_the_background(runs: dict[str, str]) -> None:
    before, after = (json.loads(runs[f"manifest_{n}"]) for n in ("before", "after"))
    for m in (before, after):
        assert m["background"]["kind"] == "fixed"
        assert m["background"]["domain"]["sha256"] == m["mappings"]["background"]
        assert m["mappings"]["files"]["background.yaml"] == m["mappings"]["background"]
        assert m["background"]["general"]["source"] == "wordfreq"
        assert m["libraries"]["wordfreq"]
    # The fixed run reads only the documents it names: its manifest does not change either.
    assert before["corpus"] == after["corpus"]
    assert before["background"] == after["background"]
    assert "nordby-parkering" not in {d["id"] for d in after["corpus"]["documents"]}
    # A corpus-background run hashes every corpus document, the new one included.
    cb, ca = (json.loads(runs[f"manifest_{n}"]) for n in ("corpus-before", "corpus-after"))
    assert cb["background"]["kind"] == ca["background"]["kind"] == "corpus"
    assert cb["background"]["documents"] == 6 and ca["background"]["documents"] == 7
    assert cb["background"]["sha256"] != ca["background"]["sha256"]
    assert "nordby-parkering" in {d["id"] for d in ca["corpus"]["documents"]}


# --------------------------------------------------------------------------- the formula


@pytest.fixture(scope="module")
def background() -> FixedBackground:
    return FixedBackground(load_background(MAPPINGS), load_config(MAPPINGS).rarity)


def test_common_words_weigh_less_than_rare_domain_words(background: FixedBackground) -> None:
    # "ledelsesrum" folds to the lexicon key "handlingsrom" (ledelsesrum/handlingsrom).
    rare = background.key("handlingsrom", "ledelsesrum", "da")
    for word in ("og", "vi"):
        assert background.key(word, word, "da") < rare
    assert background.general_idf("og", "da") == 1.0  # zipf 7.46: as common as it gets
    assert background.general_idf("ledelsesrum", "da") == background.unseen  # below zipf 3
    # Within the domain, a key most reference principles hold weighs less than a rare one.
    assert background.domain_idf("ledelse") < background.domain_idf("handlingsrom")


def test_unseen_key_gets_the_documented_default(background: FixedBackground) -> None:
    n = background.domain.principles
    assert background.unseen == pytest.approx(math.log(1 + n) + 1)
    assert background.key("xqzwv", "xqzwv", "da") == background.unseen
    assert background.key("xqzwv", "xqzwv", "nb") == background.unseen
    assert background.concept("no_such_concept") == background.unseen


def test_the_blend_is_the_documented_formula(background: FixedBackground) -> None:
    n = background.domain.principles
    df = background.domain.keys["medarbeider"]
    d = math.log((1 + n) / (1 + df)) + 1
    top = background.params.zipf_common
    g = 1 + (background.unseen - 1) * (top - zipf("medarbejder", "da")) / (top - ZIPF_FLOOR)
    w = background.params.domain_weight
    assert background.key("medarbeider", "medarbejder", "da") == pytest.approx(w * d + (1 - w) * g)
    # Each text is weighed in its own language: the Norwegian spelling is rarer in nb.
    assert zipf("medarbeider", "nb") < zipf("medarbejder", "da")
    assert background.key("medarbeider", "medarbeider", "nb") > background.key(
        "medarbeider", "medarbejder", "da")
    dc = background.domain.concepts["tillid"]
    assert background.concept("tillid") == pytest.approx(math.log((1 + n) / (1 + dc)) + 1)


@pytest.mark.skipif(importlib.util.find_spec("wordfreq") is None, reason="wordfreq missing")
def test_zipf_tables_agree_with_wordfreq() -> None:
    import wordfreq

    for lang in ("da", "nb"):
        for word in ("og", "ledelse", "leder", "tillid", "tillit", "borger", "innbygger"):
            want = wordfreq.zipf_frequency(word, lang)
            assert zipf(word, lang) == (want if want >= ZIPF_FLOOR else 0.0), (word, lang)
    assert zipf("Ledelse", "da") == zipf("ledelse", "da")  # case-folded
    assert zipf("handlingsrom", "nn") == zipf("handlingsrom", "nb")  # nn reads the nb list
    assert zipf("tillit", "unknown") == max(zipf("tillit", "da"), zipf("tillit", "nb"))


def test_the_bundled_background_is_valid_and_counted() -> None:
    domain = load_background(MAPPINGS)
    assert background_problems(domain.path) == []
    assert domain.documents == ("kl11", "ks10", "lk7", "gladsaxe", "randers-debat",
                                "randers-konference")
    assert all(1 <= df <= domain.principles for df in domain.keys.values())
    assert domain.keys["ledelse"] > domain.keys.get("handlingsrom", 0)


def test_a_bad_background_lists_every_problem(tmp_path: Path) -> None:
    shutil.copy(MAPPINGS / "background.yaml", tmp_path / "background.yaml")
    text = (tmp_path / "background.yaml").read_text(encoding="utf-8")
    bad = (text.replace("\nformat: 1\n", "\nfromat: 1\n")
           .replace("\n  ledelse: ", "\n  ledelse: many # ", 1))
    path = tmp_path / "background.yaml"
    path.write_text(bad, encoding="utf-8")
    problems = background_problems(path)
    assert any("format: required key is missing" in p for p in problems)
    assert any("keys -> ledelse" in p and "document frequency" in p for p in problems)
    with pytest.raises(ValidationError):
        load_background(tmp_path)
    too_many = text.replace("\n  ledelse: ", "\n  ledelse: 9999 # ", 1)
    path.write_text(too_many, encoding="utf-8")
    assert any("exceeds principles" in p for p in background_problems(path))


def test_mappings_without_a_background_use_the_bundled_one(tmp_path: Path) -> None:
    for name in ("taxonomy.yaml", "frameworks.yaml", "alignment.yaml"):
        shutil.copy(MAPPINGS / name, tmp_path / name)
    assert load_background(tmp_path).sha256 == load_background(MAPPINGS).sha256


def test_build_script_writes_a_file_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "background.yaml"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build-background.py"), "--ids", "kl11", "lk7",
         "--version", "test", "-o", str(out)],
        capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# The fixed domain background")
    assert "scripts/build-background.py --version N" in text  # how to rebuild
    assert background_problems(out) == []
    domain = load_background(tmp_path)
    assert domain.version == "test" and domain.documents == ("kl11", "lk7")
    assert domain.principles == 18
