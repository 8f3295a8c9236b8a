"""`ledelse diff`: two versions of a document — added, removed, reworded, coverage change."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

OLD = """\
# Ledelsesgrundlag for Testby Kommune

## Vores principper

- Lederen skaber tillid og tager ansvar for helheden.
- Vi samarbejder på tværs af fagligheder og forvaltninger for at skabe sammenhæng for borgerne.
- Lederen sætter retning og kommunikerer klart om politiske beslutninger.
- Vi udvikler medarbejdernes kompetencer og skaber trivsel på arbejdspladsen.
"""
# One kept, one reworded, one removed (retning/politiske beslutninger), one kept, one added.
NEW = """\
# Ledelsesgrundlag for Testby Kommune

## Vores principper

- Lederen skaber tillid og tager ansvar for helheden.
- Vi samarbejder på tværs af faglige skel og forvaltninger for at skabe sammenhæng for borgere.
- Vi udvikler medarbejdernes kompetencer og skaber trivsel på arbejdspladsen.
- Vi skaber rum for innovation og nytænkning i opgaveløsningen.
"""


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_diff_json(versions: tuple[Path, Path]) -> None:
    old, new = versions
    r = run_cli("diff", str(old), str(new), "--format", "json")
    assert r.exit_code == 0, r.stderr
    d = r.json()
    assert d["counts"] == {"unchanged": 2, "reworded": 1, "added": 1, "removed": 1}
    by_kind = {c["kind"]: c for c in d["changes"]}
    assert by_kind["reworded"]["old"] == "old/2" and by_kind["reworded"]["new"] == "new/2"
    assert "forvaltninger for at skabe sammenhæng for" in by_kind["reworded"]["common"]
    assert by_kind["added"]["new_text"].startswith("Vi skaber rum for innovation")
    assert by_kind["removed"]["old_text"].startswith("Lederen sætter retning")
    cov = {p["point"]: p for p in d["coverage"]}
    assert len(cov) == 11
    # Dropping the principle about political decisions lowers point 5; adding innovation
    # raises point 9 ("rum for refleksion og innovation").
    assert cov["kl11/5"]["new"] < cov["kl11/5"]["old"]
    assert cov["kl11/9"]["new"] > cov["kl11/9"]["old"]
    assert cov["kl11/9"]["delta"] == pytest.approx(cov["kl11/9"]["new"] - cov["kl11/9"]["old"],
                                                   abs=1e-3)


def test_diff_identical_and_table(versions: tuple[Path, Path]) -> None:
    old, new = versions
    r = run_cli("diff", str(old), str(old), "--format", "json")
    d = r.json()
    assert d["counts"] == {"unchanged": 4, "reworded": 0, "added": 0, "removed": 0}
    assert all(p["delta"] == 0 for p in d["coverage"])
    r = run_cli("diff", str(old), str(new), "--against", "ks10", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("old → new: 2 unchanged, 1 reworded, 1 added, 1 removed")
    assert "Coverage against ks10" in r.stdout
    # By default in the documents' language (issue L).
    da = run_cli("diff", str(old), str(new), "--against", "ks10").stdout
    assert da.startswith("old → new: 2 uændret, 1 omformuleret, 1 tilføjet, 1 fjernet")
    assert "Dækning holdt op mod ks10" in da and "Coverage" not in da
    assert "+ new/4" in r.stdout and "- old/3" in r.stdout


def test_diff_threshold_one_makes_rewording_a_remove_and_add(versions: tuple[Path, Path]) -> None:
    old, new = versions
    d = run_cli("diff", str(old), str(new), "--threshold", "1", "--format", "json").json()
    assert d["counts"] == {"unchanged": 2, "reworded": 0, "added": 2, "removed": 2}


def test_diff_unknown_ref() -> None:
    r = run_cli("diff", "gladsaxx", "gladsaxe")
    assert r.exit_code == 2 and "gladsaxe" in r.stderr
