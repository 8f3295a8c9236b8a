"""A newcomer's small stumbles (issue L): align's default target, case-insensitive ids, no
"approximate" message when nothing was approximated, --org as the org REF, cite with authors and
urls, headings in the documents' language, readable help, the SPDX licence string."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conftest import REPO, run_cli


def test_align_defaults_to_kl11_like_coverage() -> None:
    r = run_cli("align", "gladsaxe", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["against"] == "kl11"


def test_ids_are_case_insensitive_or_suggested() -> None:
    upper = run_cli("coverage", "--against", "KL11", "Gladsaxe", "--format", "json")
    assert upper.exit_code == 0, upper.stderr
    lower = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format", "json")
    assert upper.json() == lower.json()
    assert run_cli("show", "GLADSAXE", "--format", "json").json()["document"]["id"] == "gladsaxe"
    r = run_cli("coverage", "--against", "KL12")
    assert r.exit_code == 2 and "did you mean: kl11?" in r.stderr
    r = run_cli("show", "GLADSAX")
    assert r.exit_code == 2 and "did you mean: gladsaxe?" in r.stderr


def test_no_approximation_message_when_every_pair_was_compared() -> None:
    r = run_cli("similarity", "--candidates", "40", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "approximate" not in r.stderr and "≥" not in r.stdout
    exact = run_cli("similarity", "--lang", "en")
    assert r.stdout == exact.stdout
    few = run_cli("similarity", "--candidates", "1", "--lang", "en")
    assert "approximate:" in few.stderr and "lower bound" in few.stdout


def test_org_option_is_the_org_ref() -> None:
    by_option = run_cli("coverage", "--org", "randers", "--format", "json").json()
    by_ref = run_cli("coverage", "randers", "--format", "json").json()
    assert by_option["documents"] == ["randers"] and by_option == by_ref


def test_cite_names_organisations_and_urls(tmp_corpus: Path, tmp_path: Path) -> None:
    r = run_cli("cite", "--style", "both")
    assert r.exit_code == 0, r.stderr
    assert "Randers Kommune (2019). Fremtidens ledere har et glimt i øjet. Organisation: " \
           "randers" in r.stdout
    assert "author       = {{Randers Kommune}}" in r.stdout
    src = tmp_path / "aarhus.txt"
    src.write_text("Ledelse i Aarhus\n\n1. Vi leder med tillid\n2. Vi skaber retning\n",
                   encoding="utf-8")
    url = "https://www.aarhus.dk/ledelse/ledelsesgrundlag"
    assert run_cli("ingest", str(src), "--source", url, "--year", "2024",
                   corpus=tmp_corpus).exit_code == 0
    out = tmp_path / "c.csv"
    assert run_cli("coverage", "aarhus", "--format", "csv", "-o", str(out), "-q",
                   corpus=tmp_corpus).exit_code == 0
    cite = run_cli("cite", "--manifest", f"{out}.manifest.json", corpus=tmp_corpus).stdout
    assert f"url          = {{{url}}}" in cite and "organization = {aarhus}" in cite
    assert f"(2024). Ledelse i Aarhus. Organisation: aarhus; corpus id aarhus. {url}." in cite


def test_pyproject_licence_is_an_spdx_string() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert any(r.startswith("setuptools>=77") for r in project["build-system"]["requires"])


def test_headings_follow_the_documents_language() -> None:
    da = run_cli("compare", "randers", "gladsaxe").stdout
    assert "Fælles temaer" in da and "Kun i randers" in da and "Shared themes" not in da
    assert "fuld / delvis af 11" in run_cli("coverage", "--against", "kl11").stdout
    nb = run_cli("similarity", "--lang", "nb").stdout
    assert nb.startswith("Likhet mellom dokumenter") and "dokument" in nb.splitlines()[2]


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "nb_NO.UTF-8"}, "nb"), ({"LANG": "da_DK.UTF-8"}, "da"),
    ({"LC_ALL": "nn_NO.UTF-8", "LANG": "da_DK"}, "nn"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
])
def test_without_documents_the_locale_decides(env: dict[str, str], expected: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ledelse_cli.cli.analysis import output_lang

    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert output_lang(None, []) == expected
    assert output_lang(None, ["da", "da", "nb"]) == "da"  # the documents come first


def test_figure_words_follow_the_target_language(tmp_path: Path) -> None:
    out = tmp_path / "h.svg"
    assert run_cli("figure", "--against", "kl11", "gladsaxe", "-o", str(out), "-q").exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert "Dækning af kl11" in svg and "linjer: delvis, fuld" in svg


def test_help_has_readable_metavars() -> None:
    from ledelse_cli.cli.app import app

    commands = [c.name for c in app.registered_commands]
    assert len(commands) >= 17
    for name in commands:
        r = run_cli(name, "--help", corpus=None)
        assert r.exit_code == 0, name
        assert not re.search(r"<(list\[|str|int|float|path)", r.stdout), (name, r.stdout)
    coverage = run_cli("coverage", "--help", corpus=None).stdout
    assert "--corpus DIR" in coverage and "-o, --output FILE" in coverage
    assert "--compare A B" in run_cli("report", "--help", corpus=None).stdout


def test_lemmas_table_has_the_common_style() -> None:
    r = run_cli("lemmas", "Lederne skaber tillid")
    assert r.exit_code == 0, r.stderr
    assert not set("┏━┃┡└│") & set(r.stdout)
    lines = r.stdout.splitlines()
    # Empty columns (no homograph reading, no compound, no stop word) are left out.
    assert lines[2].split() == ["text", "lemma", "key", "concepts"]
    assert set(lines[3]) <= {"─", " "} and lines[4].split()[:2] == ["Lederne", "leder"]


def test_report_language_follows_the_target() -> None:
    nb = run_cli("report", "--against", "ks10", "lk7", "-o", "-", "-q")
    assert nb.exit_code == 0, nb.stderr
    assert '<html lang="nb"' in nb.stdout
    da = run_cli("report", "--against", "ks10", "lk7", "-o", "-", "-q", "--lang", "da")
    assert '<html lang="da"' in da.stdout
