"""Genitives lemmatised to their base ("kommunenes" -> kommune); words in -s left alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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
