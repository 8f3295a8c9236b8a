"""Genitives lemmatised to their base ("kommunenes" -> kommune) and the homographs file
(mappings/homographs.yaml): every entry loads, a bad entry names the file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import MAPPINGS
from ledelse_cli.errors import ValidationError
from ledelse_cli.homographs import load_homographs
from ledelse_cli.lemmatize import lemma_of, split_compound

LEDELSE = Path(sys.executable).with_name("ledelse")


def _lemmas_cli(text: str, lang: str) -> dict[str, Any]:
    """`ledelse lemmas TEXT --lang LANG --format json` through the installed console script."""
    proc = subprocess.run(
        [str(LEDELSE), "lemmas", text, "--lang", lang, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def _token(data: dict[str, Any], text: str) -> dict[str, Any]:
    (token,) = [t for t in data["tokens"] if t["text"] == text]
    return token


# --------------------------------------------------------------------------- genitives


@pytest.mark.parametrize(
    ("form", "lang", "lemma"),
    [
        ("kommunenes", "nb", "kommune"),
        ("lederens", "nb", "leder"),
        ("medarbeidernes", "nb", "medarbeider"),
        ("virksomhetens", "nb", "virksomhet"),
        ("organisasjonens", "nb", "organisasjon"),
        ("tjenestenes", "nb", "tjeneste"),
        ("politikernes", "nb", "politiker"),
        ("fylkeskommunens", "nb", "fylkeskommune"),
        ("lederens", "da", "leder"),
        ("kommunens", "da", "kommune"),
        ("borgernes", "da", "borger"),
        ("kerneopgavens", "da", "kerneopgave"),
    ],
)
def test_genitives_lemmatise_to_their_base(form: str, lang: str, lemma: str) -> None:
    assert lemma_of(form, lang) == lemma


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        ("proces", "da"),
        ("fokus", "da"),
        ("status", "da"),
        ("hus", "da"),
        ("kurs", "da"),
        ("tværs", "da"),
        ("indsats", "da"),
        ("prosess", "nb"),
        ("fokus", "nb"),
        ("status", "nb"),
        ("hus", "nb"),
        ("kurs", "nb"),
        ("tvers", "nb"),
        ("stress", "nb"),
    ],
)
def test_words_ending_in_s_are_not_genitives(word: str, lang: str) -> None:
    assert lemma_of(word, lang) == word


def test_a_genitive_ending_is_not_a_compound_head() -> None:
    # Once read as "kommune" + "nes" (a headland).
    assert split_compound("kommunenes", "nb") == ()
    assert split_compound("fylkeskommunens", "nb")[-1] == "kommune"


@pytest.mark.parametrize(
    ("text", "lang", "word", "lemma"),
    [
        ("Vi analyserer kommunenes økonomi", "nb", "kommunenes", "kommune"),
        ("Lederens rolle er tydelig", "nb", "Lederens", "leder"),
    ],
)
def test_cli_genitives(text: str, lang: str, word: str, lemma: str) -> None:
    assert _token(_lemmas_cli(text, lang), word)["lemma"] == lemma


# --------------------------------------------------------------------------- the data file


def test_every_entry_loads_with_the_required_words() -> None:
    loaded = load_homographs(MAPPINGS / "homographs.yaml")
    words = {(h.lang, h.word) for h in loaded.entries()}
    for needed in [
        ("da", "bruger"), ("nb", "bruker"), ("nn", "brukar"), ("da", "mod"), ("nb", "mot"),
        ("nn", "mot"), ("da", "leder"), ("nb", "leder"), ("da", "mål"), ("nb", "mål"),
        ("da", "råd"), ("nb", "råd"), ("da", "handlerum"), ("nb", "handlingsrom"),
    ]:  # fmt: skip
        assert needed in words
    for h in loaded.entries():
        assert h.default in h.readings
        assert all(rule.reading in h.readings for rule in h.rules)
        assert all(rule.example for rule in h.rules), f"{h.word}: every rule shows an example"


def test_a_bad_entry_is_a_validation_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "homographs.yaml"
    path.write_text(
        "homographs:\n"
        "  - word: bruger\n"
        "    langs: [da]\n"
        "    forms: [bruger]\n"
        "    readings:\n"
        "      verb: {gloss: uses, pos: VERB, lemma: bruge}\n"
        "      noun: {gloss: user, pos: NOUN}\n"
        "    rules:\n"
        "      - {reading: verbb, previous: subject}\n"
        "    default: noun\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        load_homographs(path)
    problems = err.value.problems
    assert len(problems) == 2
    assert all(p.startswith(f"{path}:9: homographs -> [0] -> rules -> [0]") for p in problems)
    assert "unknown reading 'verbb'" in problems[0]
    assert "unknown word class 'subject'" in problems[1]


def test_a_schema_error_names_the_file_and_ledelse_validate_reports_it(tmp_path: Path) -> None:
    for name in ("taxonomy.yaml", "frameworks.yaml", "lemma_overrides.yaml", "lexicon.yaml",
                 "stopwords.yaml", "words.yaml"):  # fmt: skip
        (tmp_path / name).write_bytes((MAPPINGS / name).read_bytes())
    bad = (MAPPINGS / "homographs.yaml").read_text(encoding="utf-8")
    bad = bad.replace("verb: {gloss: uses, pos: VERB", "verb: {gloss: uses, pos: verb", 1)
    (tmp_path / "homographs.yaml").write_text(bad, encoding="utf-8")
    proc = subprocess.run(
        [str(LEDELSE), "validate", "--mappings", str(tmp_path), "--corpus", str(tmp_path / "x")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 3
    assert f"{tmp_path / 'homographs.yaml'}:" in proc.stderr
    assert "pos: 'verb' is not one of" in proc.stderr
    single = subprocess.run(
        [str(LEDELSE), "validate", str(tmp_path / "homographs.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert single.returncode == 3 and "pos: 'verb' is not one of" in single.stderr
