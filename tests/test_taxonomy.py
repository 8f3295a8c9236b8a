"""The bundled taxonomy and frameworks: shape, reachability of every framework point, matching."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli
from ledelse_cli.base.errors import UnknownRefError, ValidationError
from ledelse_cli.knowledge.concepts import ConceptHit, concepts_in_text, match_concepts
from ledelse_cli.knowledge.frameworks import get_framework
from ledelse_cli.knowledge.taxonomy import (
    LABEL_LANGS,
    Taxonomy,
    load_frameworks,
    load_taxonomy,
    taxonomy_from_data,
)

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(MAPPINGS)


# ------------------------------------------------------------------------------ shape


def test_taxonomy_has_15_to_25_concepts_with_stable_ascii_ids(taxonomy: Taxonomy) -> None:
    assert 15 <= len(taxonomy) <= 25
    ids = taxonomy.ids()
    assert len(set(ids)) == len(ids)
    for cid in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]+", cid), cid


def test_every_concept_has_four_labels_a_definition_and_da_nb_cues(taxonomy: Taxonomy) -> None:
    for c in taxonomy.concepts:
        assert set(c.labels) == set(LABEL_LANGS), c.id
        assert all(c.labels[lang].strip() for lang in LABEL_LANGS), c.id
        assert c.definition.endswith("."), c.id
        assert c.definition.count(". ") == 0, f"{c.id}: definition should be one sentence"
        assert c.cues["da"] and c.cues["nb"], c.id
        for r in c.related:
            assert r in taxonomy and r != c.id


def test_seed_themes_are_covered(taxonomy: Taxonomy) -> None:
    # The themes named in the issue, by the id that carries each.
    for cid in (
        "retning", "politisk_kontekst", "faglighed", "borger", "samskabelse", "kommunikation",
        "styring", "faellesskab", "trivsel", "innovation", "selvledelse", "omverden",
        "tvaergaaende", "relationel", "tillid", "inddragelse", "ansvar", "aabenhed",
        "forandring", "opad", "lederudvikling", "dilemmaer",
    ):  # fmt: skip
        assert cid in taxonomy, cid


def test_sha256_is_the_hash_of_the_file(taxonomy: Taxonomy) -> None:
    raw = (MAPPINGS / "taxonomy.yaml").read_bytes()
    assert taxonomy.sha256 == hashlib.sha256(raw).hexdigest()


def test_load_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    shutil.copytree(MAPPINGS, tmp_path / "m")
    first = load_taxonomy(tmp_path / "m")
    assert load_taxonomy(tmp_path / "m") is first
    path = tmp_path / "m" / "taxonomy.yaml"
    path.write_text(path.read_text("utf-8").replace("Relationel ledelse", "Relationsledelse"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    second = load_taxonomy(tmp_path / "m")
    assert second is not first
    assert second.get("relationel").label("da") == "Relationsledelse"
    assert second.sha256 != first.sha256


def test_get_unknown_concept_suggests_close_ids(taxonomy: Taxonomy) -> None:
    with pytest.raises(UnknownRefError) as e:
        taxonomy.get("tilid")
    assert "tillid" in e.value.suggestions
    assert "did you mean" in str(e.value)


def test_label_falls_back_to_english() -> None:
    data = {
        "concepts": [
            {
                "id": "tillid",
                "labels": {"da": "Tillid", "nb": "Tillit", "nn": "Tillit", "en": "Trust"},
                "definition": "Trust.",
                "cues": {"da": ["tillid"], "nb": ["tillit"]},
            }
        ]
    }
    t = taxonomy_from_data(data)
    assert t.get("tillid").label("nb") == "Tillit"
    assert t.get("tillid").label("sv") == "Trust"
    assert t.get("tillid").to_dict()["cues"] == {"da": ["tillid"], "nb": ["tillit"], "nn": []}


def test_invalid_taxonomy_raises_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yaml").write_text(
        "concepts:\n  - id: a_b\n    labels: {da: x}\n    cues: {da: [x]}\n    foo: 1\n", "utf-8"
    )
    with pytest.raises(ValidationError) as e:
        load_taxonomy(tmp_path)
    text = "\n".join(e.value.problems)
    for fragment in ("definition: required", "labels -> nb: required", "cues -> nb: required",
                     "foo: unknown key"):  # fmt: skip
        assert fragment in text


# ------------------------------------------------------------------------------ frameworks


def test_frameworks_have_their_canonical_points() -> None:
    fws = load_frameworks(MAPPINGS)
    assert set(fws) >= {"kl11", "ks10", "lk7"}
    kl11, ks10, lk7 = fws["kl11"], fws["ks10"], fws["lk7"]
    assert [p.number for p in kl11.points] == [str(i) for i in range(1, 12)]
    assert kl11.points[0].title == "Jeg påtager mig mit lederskab"
    assert kl11.points[-1].title == "Jeg ser min organisation som en del af en mangfoldig verden"
    assert [p.number for p in ks10.points] == [str(i) for i in range(1, 11)]
    assert ks10.points[0].title == (
        "Skape forståelse for oppdraget (det unike oppdrag – AGS 2020) som er ansvaret for en "
        "helhetlig utvikling av lokalsamfunnet og velferdstjenester"
    )
    assert ks10.points[1].title == (
        "Skape forståelse og aksept for folkevalgtes oppgave og demokratiske prosesser"
    )
    assert ks10.points[-1].title == "Akseptere ansvar og myndighet som følger av lederrollen"
    assert len(lk7.points) == 7 and lk7.points[4].title == "Ledere skal sætte retning"
    assert (kl11.lang, ks10.lang, lk7.lang) == ("da", "nb", "da")
    assert kl11.point_ids()[6] == "kl11/7"


def test_framework_titles_appear_verbatim_in_the_seeds() -> None:
    texts = {
        "kl11": SEEDS["003_aae85e558e2dc4cb.txt"].read_text("utf-8"),
        "ks10": SEEDS["002_4f4893a24ac6623e.txt"].read_text("utf-8"),
    }
    for fid, text in texts.items():
        flat = " ".join(text.split())
        for p in load_frameworks(MAPPINGS)[fid].points:
            assert p.title in flat, f"{fid}/{p.number}: {p.title!r} not in the seed"


def test_unknown_framework_and_point_suggest_close_matches() -> None:
    fws = load_frameworks(MAPPINGS)
    with pytest.raises(UnknownRefError) as e:
        get_framework(fws, "kl12")
    assert "kl11" in e.value.suggestions
    with pytest.raises(UnknownRefError):
        fws["kl11"].point("12")


# ------------------------------------------------------------------------------ reachability

# Expected concepts per framework point title: a domain reading of each point. Every point must
# be reached by at least one concept, and by the one it is mainly about.
EXPECTED = {
    "kl11/1": {"ansvar"},
    "kl11/2": {"politisk_kontekst"},
    "kl11/3": {"faglighed"},
    "kl11/4": {"borger"},
    "kl11/5": {"kommunikation", "politisk_kontekst"},
    "kl11/6": {"styring"},
    "kl11/7": {"faellesskab", "omverden"},
    "kl11/8": {"trivsel"},
    "kl11/9": {"innovation", "selvledelse"},
    "kl11/10": {"selvledelse", "lederudvikling"},
    "kl11/11": {"omverden"},
    "ks10/1": {"kerneopgave", "omverden"},
    "ks10/2": {"politisk_kontekst"},
    "ks10/3": {"omverden", "kommunikation"},
    "ks10/4": {"innovation"},
    "ks10/5": {"borger"},
    "ks10/6": {"samskabelse"},
    "ks10/7": {"inddragelse"},
    "ks10/8": {"aabenhed"},
    "ks10/9": {"styring", "politisk_kontekst"},
    "ks10/10": {"ansvar"},
    "lk7/1": {"borger"},
    "lk7/2": {"tillid", "politisk_kontekst"},
    "lk7/3": {"inddragelse"},
    "lk7/4": {"kerneopgave"},
    "lk7/5": {"retning"},
    "lk7/6": {"lederudvikling"},
    "lk7/7": {"lederudvikling"},
}


def _point_hits(taxonomy: Taxonomy) -> dict[str, list[ConceptHit]]:
    out = {}
    for fid, fw in load_frameworks(MAPPINGS).items():
        for p in fw.points:
            out[f"{fid}/{p.number}"] = concepts_in_text(p.title, fw.lang, taxonomy)
    return out


def test_every_kl11_and_ks10_point_is_reached_by_some_concept(taxonomy: Taxonomy) -> None:
    hits = _point_hits(taxonomy)
    unreached = [pid for pid, h in hits.items() if pid.startswith(("kl11/", "ks10/")) and not h]
    assert not unreached, f"no concept's cues touch: {unreached}"
    assert len([p for p in hits if p.startswith("kl11/")]) == 11
    assert len([p for p in hits if p.startswith("ks10/")]) == 10


def test_each_point_reaches_the_concepts_it_is_about(taxonomy: Taxonomy) -> None:
    hits = _point_hits(taxonomy)
    assert set(hits) == set(EXPECTED)
    missing = {
        pid: sorted(want - {h.concept for h in hits[pid]})
        for pid, want in EXPECTED.items()
        if want - {h.concept for h in hits[pid]}
    }
    assert not missing, f"points missing their expected concepts: {missing}"


# ------------------------------------------------------------------------------ matching


@pytest.mark.parametrize(
    ("da", "nb", "concept"),
    [
        ("Vi møder borgerne i øjenhøjde", "Vi møter innbyggerne", "borger"),
        ("Jeg inddrager medarbejderne", "Jeg involverer medarbeiderne", "inddragelse"),
        ("Jeg udfordrer mit ledelsesrum", "Jeg utfordrer mitt handlingsrom", "politisk_kontekst"),
        ("Vi arbejder med samskabelse", "Vi arbeider med samskaping", "samskabelse"),
        ("Åbenhed og integritet", "Åpenhet og integritet", "aabenhed"),
    ],
)
def test_danish_and_norwegian_wordings_meet_in_one_concept(
    taxonomy: Taxonomy, da: str, nb: str, concept: str
) -> None:
    assert concept in {h.concept for h in concepts_in_text(da, "da", taxonomy)}
    assert concept in {h.concept for h in concepts_in_text(nb, "nb", taxonomy)}


def test_phrase_cues_need_their_words_in_order(taxonomy: Taxonomy) -> None:
    hit = {h.concept: h for h in concepts_in_text("Ledere skal udvikle sig", "da", taxonomy)}
    assert "udvikle sig" in hit["lederudvikling"].cues
    other = {h.concept for h in concepts_in_text("Sig til, når vi udvikler", "da", taxonomy)}
    assert "lederudvikling" not in other  # wrong order
    other = {
        h.concept for h in concepts_in_text("vi udvikler nye løsninger til sig", "da", taxonomy)
    }
    assert "lederudvikling" not in other  # a content word in between
    # Stop words may sit between the words of a phrase.
    hit = {h.concept: h for h in concepts_in_text("Vi sætter en retning", "da", taxonomy)}
    assert "sætte retning" in hit["retning"].cues


def test_compound_parts_reach_concepts_with_a_lower_weight(taxonomy: Taxonomy) -> None:
    hits = {h.concept: h for h in concepts_in_text("trivselsmåling", "da", taxonomy)}
    assert "trivsel" in hits and "styring" in hits
    whole = {h.concept: h for h in concepts_in_text("trivsel", "da", taxonomy)}
    assert 0 < hits["trivsel"].weight < whole["trivsel"].weight


def test_weights_are_in_unit_interval_and_sorted(taxonomy: Taxonomy) -> None:
    from ledelse_cli.text.lemmatize import analyze

    text = (
        "Jeg skaber retning, viser tillid og inddrager medarbejderne i innovation og "
        "samskabelse med borgerne på tværs af organisationen."
    )
    hits = match_concepts(analyze(text, "da"), taxonomy)
    assert len(hits) >= 6
    weights = [h.weight for h in hits]
    assert all(0 < w <= 1 for w in weights)
    assert weights == sorted(weights, reverse=True)
    assert match_concepts([], taxonomy) == []
    assert hits[0].to_dict()["concept"] == hits[0].concept


def test_only_intended_cues_are_shared_between_concepts(taxonomy: Taxonomy) -> None:
    """A cue key in two concepts makes both fire on every occurrence; allow only deliberate ones."""
    from ledelse_cli.knowledge.concepts import _matcher

    owners: dict[tuple[str, ...], set[str]] = {}
    for cues in _matcher(taxonomy).by_first.values():
        for cue in cues:
            owners.setdefault(cue.keys, set()).add(cue.concept)
    shared = {keys for keys, concepts in owners.items() if len(concepts) > 1}
    # medvirkning: KS uses it both for citizens (punkt 5) and for employees (punkt 7).
    assert shared <= {("medvirkning",), ("medverknad",)}, shared


# ------------------------------------------------------------------------------ CLI


def test_cli_taxonomy_in_norwegian() -> None:
    result = run_cli("taxonomy", "--lang", "nb", "--mappings", str(MAPPINGS), corpus=None)
    assert result.exit_code == 0, result.stderr
    assert "Tillit og handlefrihet" in result.stdout
    assert "Innbyggeren og brukeren i sentrum" in result.stdout
    assert "Tillid og autonomi" not in result.stdout
    assert "[tillid]" in result.stdout
    assert result.stderr == ""


def test_cli_taxonomy_english_with_cues() -> None:
    result = run_cli("taxonomy", "--lang", "en", "--cues", "--mappings", str(MAPPINGS), corpus=None)
    assert result.exit_code == 0
    assert "Trust and autonomy" in result.stdout
    assert "øjenhøjde" in result.stdout  # English readers see the Danish cues


def test_cli_taxonomy_json_lists_every_concept_with_labels_and_cues(taxonomy: Taxonomy) -> None:
    result = run_cli("taxonomy", "--format", "json", "--mappings", str(MAPPINGS), corpus=None)
    assert result.exit_code == 0
    data = result.json()
    assert [c["id"] for c in data["concepts"]] == taxonomy.ids()
    for c in data["concepts"]:
        assert set(c["labels"]) == {"da", "nb", "nn", "en"}
        assert c["cues"]["da"] and c["cues"]["nb"]
        assert c["definition"]
    assert data["sha256"] == taxonomy.sha256
    grouped = [cid for g in data["groups"] for cid in g["concepts"]]
    assert sorted(grouped) == sorted(taxonomy.ids())


def test_cli_taxonomy_rejects_unknown_language() -> None:
    result = run_cli("taxonomy", "--lang", "sv", "--mappings", str(MAPPINGS), corpus=None)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_cli_taxonomy_with_broken_file_exits_3(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yaml").write_text("concepts: [\n", "utf-8")
    result = run_cli("taxonomy", "--mappings", str(tmp_path), corpus=None)
    assert result.exit_code == 3
    assert f"{tmp_path / 'taxonomy.yaml'}:2:" in result.stderr


# ------------------------------------------------------------------------------ value words


@pytest.mark.parametrize(
    ("label", "lang", "concept"),
    [
        ("Udvikling", "da", "forandring"),
        ("GLÆDE", "da", "trivsel"),
        ("Er tydelig", "nb", "kommunikation"),
        ("Utvikling", "nn", "forandring"),
        ("Rummelighed", "da", "omverden"),
    ],
)
def test_a_value_word_standing_alone_names_its_concept(
    taxonomy: Taxonomy, label: str, lang: str, concept: str
) -> None:
    assert concept in {h.concept for h in concepts_in_text(label, lang, taxonomy)}


@pytest.mark.parametrize(
    ("sentence", "lang", "concept"),
    [
        ("Vi arbejder med udvikling af tilbuddene til borgerne i hele kommunen", "da",
         "forandring"),
        ("Det er en glæde at byde nye medarbejdere velkommen i afdelingen", "da", "trivsel"),
        ("Vi gir en tydelig beskjed når saken er ferdig behandlet", "nb", "kommunikation"),
    ],
)
def test_a_value_word_inside_a_sentence_names_nothing(
    taxonomy: Taxonomy, sentence: str, lang: str, concept: str
) -> None:
    assert concept not in {h.concept for h in concepts_in_text(sentence, lang, taxonomy)}


def test_a_value_word_that_is_already_a_cue_is_a_validation_error(tmp_path: Path) -> None:
    shutil.copytree(MAPPINGS, tmp_path / "m")
    path = tmp_path / "m" / "taxonomy.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      da: [glæde, humor, medarbejderfokus]",
                        "      da: [glæde, humor, medarbejderfokus, trivsel]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_taxonomy(tmp_path / "m")
    assert "value_words -> da: 'trivsel' is already a cue" in str(err.value)
