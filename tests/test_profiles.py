"""Reviewed concept profiles of framework points, and the value-word cues of the concept layer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from ledelse_cli.base.errors import UnknownRefError, ValidationError
from ledelse_cli.knowledge.concepts import concepts_in_text
from ledelse_cli.knowledge.profiles import PROFILES_FILE, load_profiles
from ledelse_cli.knowledge.taxonomy import Taxonomy, load_frameworks, load_taxonomy

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(MAPPINGS)


@pytest.fixture
def mappings(tmp_path: Path) -> Path:
    """A writable copy of the bundled mappings."""
    shutil.copytree(MAPPINGS, tmp_path / "m")
    return tmp_path / "m"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


# ------------------------------------------------------------------------------ the bundled file


def test_every_point_of_kl11_ks10_and_lk7_has_a_profile() -> None:
    profiles = load_profiles(MAPPINGS)
    frameworks = load_frameworks(MAPPINGS)
    for fid in ("kl11", "ks10", "lk7"):
        points = frameworks[fid].point_ids()
        assert [p.point_id for p in profiles.for_framework(fid)] == points
    assert len(profiles) == 11 + 10 + 7


def test_weights_are_in_the_unit_interval_with_one_primary_concept(taxonomy: Taxonomy) -> None:
    for profile in load_profiles(MAPPINGS).points:
        weights = [c.weight for c in profile.concepts]
        assert all(0 < w <= 1 for w in weights), profile.point_id
        assert weights[0] == 1.0 and weights == sorted(weights, reverse=True), profile.point_id
        assert 2 <= len(weights) <= 5, profile.point_id
        assert len({c.concept for c in profile.concepts}) == len(weights)
        assert all(c.concept in taxonomy and c.why for c in profile.concepts)


@pytest.mark.parametrize(
    ("point", "primary"),
    [
        ("kl11/1", "ansvar"),
        ("kl11/5", "kommunikation"),
        ("kl11/8", "trivsel"),
        ("kl11/11", "omverden"),
        ("ks10/8", "aabenhed"),
        ("ks10/7", "inddragelse"),
        ("lk7/2", "tillid"),
        ("lk7/6", "lederudvikling"),
    ],
)
def test_primary_concepts_say_what_the_point_is_about(point: str, primary: str) -> None:
    assert load_profiles(MAPPINGS).get(point).primary == primary


def test_kl11_5_carries_openness_its_own_words_do_not_name() -> None:
    # 5.2 "en kommunikerende kultur – også når der sker fejl": an open culture.
    vector = load_profiles(MAPPINGS).get("kl11/5").vector()
    assert 0 < vector["aabenhed"] < vector["kommunikation"] == 1.0


def test_unknown_point_suggests_close_ids() -> None:
    with pytest.raises(UnknownRefError) as e:
        load_profiles(MAPPINGS).get("kl11/12")
    assert "kl11/11" in e.value.suggestions or "kl11/1" in e.value.suggestions


def test_load_is_cached_until_the_file_changes(mappings: Path) -> None:
    first = load_profiles(mappings)
    assert load_profiles(mappings) is first
    path = mappings / PROFILES_FILE
    _replace(path, "opad: {weight: 0.5,", "opad: {weight: 0.6,")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    second = load_profiles(mappings)
    assert second is not first
    assert second.get("kl11/5").vector()["opad"] == 0.6
    assert second.sha256 != first.sha256


# ------------------------------------------------------------------------------ validation


def test_unknown_concept_is_a_validation_error_naming_the_file(mappings: Path) -> None:
    path = mappings / PROFILES_FILE
    _replace(path, "      tillid: {weight: 1.0,", "      tilid: {weight: 1.0,")
    with pytest.raises(ValidationError) as e:
        load_profiles(mappings)
    problems = "\n".join(e.value.problems)
    assert f"{path}:" in problems
    assert "profiles -> lk7 -> 2 -> tilid: unknown concept id 'tilid'; did you mean tillid?" in (
        problems
    )
    result = run_cli("validate", "--mappings", str(mappings), corpus=None)
    assert result.exit_code == 3
    assert f"error: {path}:" in result.stderr and "'tilid'" in result.stderr


def test_unknown_framework_and_point_are_validation_errors(mappings: Path) -> None:
    path = mappings / PROFILES_FILE
    _replace(path, '    "11":  # Jeg ser', '    "12":  # Jeg ser')
    _replace(path, "  lk7:\n", "  lk8:\n")
    with pytest.raises(ValidationError) as e:
        load_profiles(mappings)
    problems = "\n".join(e.value.problems)
    assert "profiles -> kl11 -> 12: kl11 has no point '12'" in problems
    assert "no profile for point(s) kl11/11" in problems
    assert "profiles -> lk8: unknown framework id 'lk8'; did you mean lk7?" in problems


@pytest.mark.parametrize("weight", ["0", "0.0", "1.5", "-0.2", "high"])
def test_weights_outside_0_1_are_refused(mappings: Path, weight: str) -> None:
    path = mappings / PROFILES_FILE
    _replace(path, "opad: {weight: 0.5,", f"opad: {{weight: {weight},")
    with pytest.raises(ValidationError) as e:
        load_profiles(mappings)
    assert any("kl11 -> 5 -> opad -> weight" in p for p in e.value.problems)


def test_a_profile_without_a_primary_concept_is_refused(mappings: Path) -> None:
    _replace(
        mappings / PROFILES_FILE,
        'ansvar: {weight: 1.0, why: "the title: ansvar og myndighet',
        'ansvar: {weight: 0.9, why: "the title: ansvar og myndighet',
    )
    with pytest.raises(ValidationError) as e:
        load_profiles(mappings)
    assert any("ks10 -> 10: no primary concept" in p for p in e.value.problems)


def test_validate_checks_the_profiles_file() -> None:
    result = run_cli("validate", "--mappings", str(MAPPINGS), "--format", "json", corpus=None)
    assert result.exit_code == 0, result.stderr
    assert str(MAPPINGS / PROFILES_FILE) in result.json()["checked"]
    one = run_cli("validate", "--mappings", str(MAPPINGS), str(MAPPINGS / PROFILES_FILE))
    assert one.exit_code == 0, one.stderr


def test_missing_profiles_file_is_a_validation_error(mappings: Path) -> None:
    (mappings / PROFILES_FILE).unlink()
    with pytest.raises(ValidationError):
        load_profiles(mappings)
    # It is optional for `validate`: a mappings directory without profiles is fine.
    assert run_cli("validate", "--mappings", str(mappings), corpus=None).exit_code == 0


# ------------------------------------------------------------------------------ CLI


def test_cli_taxonomy_targets_json_shape(taxonomy: Taxonomy) -> None:
    result = run_cli(
        "taxonomy", "--targets", "--lang", "nb", "--format", "json",
        "--mappings", str(MAPPINGS), corpus=None,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["lang"] == "nb"
    assert data["sha256"] == load_profiles(MAPPINGS).sha256
    assert [f["id"] for f in data["frameworks"]] == ["kl11", "ks10", "lk7"]
    kl11 = data["frameworks"][0]
    assert [p["id"] for p in kl11["points"]] == [f"kl11/{n}" for n in range(1, 12)]
    point = kl11["points"][7]
    assert point["number"] == "8"
    assert point["title"] == "Jeg skaber trivsel og et godt arbejdsliv for den enkelte"
    for c in point["concepts"]:
        assert set(c) == {"concept", "label", "weight", "why"}
        assert c["label"] == taxonomy.get(c["concept"]).label("nb")
    assert point["concepts"][0] == {
        "concept": "trivsel",
        "label": "Trivsel og godt arbeidsmiljø",
        "weight": 1.0,
        "why": point["concepts"][0]["why"],
    }
    assert "Tillit og handlefrihet" in {c["label"] for c in point["concepts"]}


def test_cli_taxonomy_targets_table_in_english() -> None:
    result = run_cli(
        "taxonomy", "--targets", "--lang", "en", "--mappings", str(MAPPINGS), corpus=None
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    for fragment in ("kl11/5", "ks10/10", "lk7/7", "Openness, integrity and ethics", "[aabenhed]"):
        assert fragment in result.stdout
    assert "Åbenhed, integritet og etik" not in result.stdout


def test_cli_taxonomy_targets_with_a_broken_profiles_file_exits_3(mappings: Path) -> None:
    _replace(mappings / PROFILES_FILE, "      tillid: {weight: 1.0,", "      tilid: {weight: 1.0,")
    result = run_cli("taxonomy", "--targets", "--mappings", str(mappings), corpus=None)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert str(mappings / PROFILES_FILE) in result.stderr


# ------------------------------------------------------------------------------ value-word cues

# Bare value words and short value statements as real pages write them, with the concept a
# careful reader sees in each (docs/concept-cues.md has the reasons).
VALUE_WORDS = [
    ("da", "Åbenhed", "aabenhed"),
    ("da", "Vi viser tillid", "tillid"),
    ("da", "ansvarlighed", "ansvar"),
    ("da", "Gensidig respekt", "relationel"),
    ("da", "Vi er modige", "innovation"),
    ("nn", "Me er opne og modige", "aabenhed"),
    ("nn", "Me er opne og modige", "innovation"),
    ("nn", "Kompetent – open – modig", "faglighed"),
    ("nb", "åpenhet, vidsyn, respekt, ansvar", "omverden"),
    ("da", "Engagement", "engagement"),
    ("da", "Vi er engagerede og motiverede", "engagement"),
    ("da", "Ordentlighed", "aabenhed"),
    ("da", "Dygtighed", "faglighed"),
    ("da", "Dristighed", "innovation"),
    ("da", "Enkelhed", "styring"),
    ("da", "Respektfuld", "relationel"),
    ("nb", "Åpen og respektfull tilbakemeldingskultur", "relationel"),
    ("da", "Tryghed og nærhed", "trivsel"),
    ("da", "Mindre kontrol", "tillid"),
    ("nb", "Er lojal, følger opp beslutninger og vedtak", "politisk_kontekst"),
    ("nb", "Identitet og omdømme", "faellesskab"),
]


@pytest.mark.parametrize(("lang", "text", "concept"), VALUE_WORDS)
def test_value_words_reach_their_concept(
    taxonomy: Taxonomy, lang: str, text: str, concept: str
) -> None:
    found = {h.concept for h in concepts_in_text(text, lang, taxonomy)}
    assert concept in found, f"{text!r} ({lang}) found {sorted(found)}"


def test_engagement_is_not_involvement(taxonomy: Taxonomy) -> None:
    # The value word names the drive itself; involvement in decisions is inddragelse.
    found = {h.concept for h in concepts_in_text("Engagement", "da", taxonomy)}
    assert found == {"engagement"}
    found = {h.concept for h in concepts_in_text("Vi inddrager medarbejderne", "da", taxonomy)}
    assert "inddragelse" in found and "engagement" not in found


@pytest.mark.parametrize(
    ("lang", "text"),
    [("da", "Vi arbejder mod målet"), ("nb", "Vi jobber mot målet"),
     ("da", "Vi er i gang med en bevægelse mod mere tillid")],
)
def test_the_preposition_mod_mot_is_not_courage(taxonomy: Taxonomy, lang: str, text: str) -> None:
    assert "innovation" not in {h.concept for h in concepts_in_text(text, lang, taxonomy)}


# ------------------------------------------------------------------------------ point words


def test_words_readers_link_to_a_point_are_loaded_per_point() -> None:
    words = load_profiles(MAPPINGS).words
    assert set(words) == {f"kl11/{n}" for n in range(1, 12)}
    assert "turde" in words["kl11/9"] and "idé" in words["kl11/9"]
    assert "mangfoldighed" in words["kl11/11"]


def test_words_for_a_point_that_does_not_exist_are_a_validation_error(mappings: Path) -> None:
    path = mappings / PROFILES_FILE
    old = '    "11":\n      words: [mangfoldighed'
    _replace(path, old, old.replace('"11"', '"12"'))
    with pytest.raises(ValidationError) as e:
        load_profiles(mappings)
    assert "words -> kl11 -> 12: kl11 has no point '12'" in "\n".join(e.value.problems)


def test_a_principle_in_its_own_words_meets_its_point_through_the_words(tmp_path: Path) -> None:
    # No word of kl11/9 ("nytænkning", "modige og kreative") is in this principle, and no
    # concept cue either; "idéer" and "tør" are words coders use for that point.
    doc = tmp_path / "ideer.md"
    doc.write_text("# Ledelse\n\n1. Vi giver plads til nye idéer og tør gå nye veje.\n"
                   "2. Vi taler åbent og ærligt med hinanden.\n", "utf-8")
    result = run_cli("align", str(doc), "--against", "kl11", "--format", "json")
    assert result.exit_code == 0, result.stderr
    top = result.json()["principles"][0]["matches"][0]
    assert top["target"] == "kl11/9"
    assert {"idé", "turde"} <= set(top["evidence"]["shared_lemmas"])
    assert top["evidence"]["target_item"] == "kl11/9/words"


def test_taxonomy_targets_shows_the_words(mappings: Path) -> None:
    result = run_cli("taxonomy", "--targets", "--format", "json", "--mappings", str(mappings),
                     corpus=None)
    assert result.exit_code == 0, result.stderr
    kl11 = next(f for f in result.json()["frameworks"] if f["id"] == "kl11")
    assert "turde" in kl11["points"][8]["words"]
    ks10 = next(f for f in result.json()["frameworks"] if f["id"] == "ks10")
    assert ks10["points"][0]["words"] == []
