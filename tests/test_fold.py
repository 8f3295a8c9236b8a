"""Danish↔Norwegian folding: true pairs share a key, false friends do not; import hygiene."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ledelse_cli.base.schema import validate
from ledelse_cli.text.fold import fold
from ledelse_cli.text.lemmatize import analyze
from ledelse_cli.text.lexicon import LEXICON_SCHEMA, load_resources

GOLD = Path(__file__).parent / "gold"


def _pairs(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            da, nb, why = line.split("\t")
            assert why.strip(), f"{name}: {da}/{nb} has no justification"
            rows.append((da, nb, why))
    return rows


def _key(word: str, lang: str) -> str:
    (token,) = analyze(word, lang)
    return token.key


def test_true_pairs_share_a_key() -> None:
    rows = _pairs("pairs_true.tsv")
    assert len(rows) >= 60
    apart = [(da, nb, _key(da, "da"), _key(nb, "nb")) for da, nb, _ in rows]
    apart = [r for r in apart if r[2] != r[3]]
    rate = 1 - len(apart) / len(rows)
    print(f"\ntrue pairs sharing a key: {rate:.1%} of {len(rows)}; apart: {apart}")
    assert rate >= 0.95, apart


def test_false_pairs_stay_apart() -> None:
    rows = _pairs("pairs_false.tsv")
    assert len(rows) >= 60
    joined = [(da, nb) for da, nb, _ in rows if _key(da, "da") == _key(nb, "nb")]
    rate = len(joined) / len(rows)
    print(f"\nfalse pairs sharing a key: {rate:.1%} of {len(rows)}; joined: {joined}")
    assert rate <= 0.05, joined


@pytest.mark.parametrize(
    ("da", "nb"),
    [
        ("medarbejder", "medarbeider"),
        ("udvikling", "utvikling"),
        ("fællesskab", "fellesskap"),
        ("skabe", "skape"),
        ("innovation", "innovasjon"),
        ("åbenhed", "åpenhet"),
        ("kompetence", "kompetanse"),
    ],
)
def test_fold_rules(da: str, nb: str) -> None:
    assert fold(da, "da") == fold(nb, "nb")


def test_fold_keeps_lede_and_lete_apart() -> None:
    # The measured reason there is no general d->t rule.
    assert fold("lede", "da") != fold("lete", "nb")


def test_old_aa_spelling_folds_to_aa() -> None:
    assert fold("maal", "da") == fold("mål", "da") == "mål"


def test_nynorsk_meets_bokmal_and_danish() -> None:
    assert _key("medarbeidarane", "nn") == _key("medarbejderne", "da")
    assert _key("leiarane", "nn") == _key("lederne", "da")
    assert _key("innbyggjarane", "nn") == _key("borgerne", "da")


def test_lexicon_validates_and_rejects_conflicts(tmp_path: Path) -> None:
    from ledelse_cli.base.errors import ValidationError
    from ledelse_cli.text.lexicon import _load

    assert validate({"concepts": [{"key": "x", "dk": ["y"]}]}, LEXICON_SCHEMA, "t")
    for name in ("lemma_overrides.yaml", "stopwords.yaml"):
        (tmp_path / name).write_text((load_resources(None).source / name).read_text())
    (tmp_path / "lexicon.yaml").write_text(
        "concepts:\n  - key: a\n    da: [borger]\n  - key: b\n    da: [borger]\n"
    )
    with pytest.raises(ValidationError, match="already belongs"):
        _load(tmp_path)


def test_help_does_not_import_spacy() -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ledelse_cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()}
    heavy = {m for m in imported if m.split(".")[0] in {"spacy", "simplemma", "lingua"}}
    assert not heavy, sorted(heavy)[:5]
