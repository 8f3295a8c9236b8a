"""Homographs read from context (mappings/homographs.yaml) and genitives lemmatised to their base.

Expectations are written from what the sentences mean: "Vi bruger data klogt" is about using
data, not about users; "Vi går mod nye mål" is about direction, not courage.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import MAPPINGS
from ledelse_cli.base.errors import ValidationError
from ledelse_cli.base.yamlio import read_yaml
from ledelse_cli.knowledge.concepts import concepts_in_text
from ledelse_cli.knowledge.taxonomy import load_taxonomy
from ledelse_cli.text.homographs import load_homographs
from ledelse_cli.text.lemmas import lemma_of, split_compound
from ledelse_cli.text.lemmatize import analyze

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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --------------------------------------------------------------------------- readings in context


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "lang", "word", "lemma", "reading", "pos"),
    [
        ("Vi bruger data klogt", "da", "bruger", "bruge", "verb", "VERB"),
        ("Vi bruker tid på dialog", "nb", "bruker", "bruke", "verb", "VERB"),
        ("Hun leder afdelingen", "da", "leder", "lede", "verb", "VERB"),
        ("Vi går mod nye mål", "da", "mod", "mod", "preposition", "ADP"),
        ("Vi har modet til at sige fra", "da", "modet", "mod", "courage", "NOUN"),
    ],
)
def test_cli_shows_the_reading_the_context_selects(
    text: str, lang: str, word: str, lemma: str, reading: str, pos: str
) -> None:
    token = _token(_lemmas_cli(text, lang), word)
    assert token["lemma"] == lemma
    assert token["reading"]["name"] == reading
    assert token["reading"]["pos"] == pos


@pytest.mark.slow
def test_cli_verb_bruger_is_no_user() -> None:
    data = _lemmas_cli("Vi bruger data klogt", "da")
    assert data["lang"] == "da"
    bruger = _token(data, "bruger")
    assert bruger["lemma"] == "bruge" and bruger["key"] != "bruker"
    assert "borger" not in bruger["concepts"]
    assert bruger["reading"]["cues"] is False
    assert all("borger" not in t["concepts"] for t in data["tokens"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [("Brugerne skal inddrages", "da", "Brugerne"), ("Brukerne er i sentrum", "nb", "Brukerne")],
)
def test_cli_users_are_users(text: str, lang: str, word: str) -> None:
    token = _token(_lemmas_cli(text, lang), word)
    assert token["lemma"] == ("bruger" if lang == "da" else "bruker")
    assert "borger" in token["concepts"]


@pytest.mark.slow
def test_cli_lederen_is_the_leader() -> None:
    token = _token(_lemmas_cli("Lederen skal være synlig", "da"), "Lederen")
    assert token["lemma"] == "leder"
    assert token["reading"] is None  # "lederen" is not ambiguous


@pytest.mark.slow
def test_cli_preposition_is_no_courage() -> None:
    data = _lemmas_cli("Vi går mod nye mål", "da")
    mod = _token(data, "mod")
    assert mod["is_stop"] is True  # a function word: it carries no lemma key
    assert all("innovation" not in t["concepts"] for t in data["tokens"])
    assert "retning" in _token(data, "mål")["concepts"]


@pytest.mark.slow
def test_cli_courage_is_courage() -> None:
    data = _lemmas_cli("Vi har modet til at sige fra", "da")
    modet = _token(data, "modet")
    assert modet["is_stop"] is False and modet["key"] == "mot"
    assert "innovation" in modet["concepts"]  # courage: "have mod" is an innovation cue


def test_the_randers_checklist_is_not_about_citizens() -> None:
    taxonomy = load_taxonomy(MAPPINGS)
    text = "Vi bruger de 22 punkter som tjekliste i forhold til hvilke ledelsesinitiativer"
    assert "borger" not in {h.concept for h in concepts_in_text(text, "da", taxonomy)}
    users = "Vi inddrager brugerne i udviklingen af tilbuddet"
    assert "borger" in {h.concept for h in concepts_in_text(users, "da", taxonomy)}


def test_norwegian_courage_is_content_though_mot_is_a_stop_word() -> None:
    tokens = {t.text: t for t in analyze("Lederne har motet til å si fra, og går mot målet", "nb")}
    assert tokens["motet"].reading is not None and tokens["motet"].reading.name == "courage"
    assert not tokens["motet"].is_stop
    assert tokens["mot"].reading is not None and tokens["mot"].reading.name == "preposition"
    assert tokens["mot"].is_stop


def test_cues_do_not_fire_on_the_employees_room_for_action() -> None:
    """Same lemma in both readings: only the reading's `cues: false` keeps the manager's
    concept (political context, ledelsesrum) off the employees' handlerum."""
    taxonomy = load_taxonomy(MAPPINGS)
    own = {h.concept for h in concepts_in_text("Jeg kender mit handlerum", "da", taxonomy)}
    theirs = {
        h.concept for h in concepts_in_text("Jeg respekterer medarbejdernes handlerum", "da",
                                            taxonomy)
    }  # fmt: skip
    assert "politisk_kontekst" in own
    assert "politisk_kontekst" not in theirs


@pytest.mark.parametrize(
    ("worth", "held", "lang"),
    [
        ("optaget af relationer, så det giver værdi for kerneopgaven", "Tillid er en værdi", "da"),
        ("Vi skaper verdi for innbyggerne", "Åpenhet er en verdi for oss", "nb"),
        ("Tenestene skal ha stor verdi for brukarane", "Openheit er ein viktig verdi", "nn"),
    ],
)
def test_worth_created_is_no_workplace_value(worth: str, held: str, lang: str) -> None:
    """"værdi/verdi" is the shared values of a workplace (faellesskab, kl11/7.1) only as a value
    held; worth created for someone fires no concept."""
    taxonomy = load_taxonomy(MAPPINGS)
    assert "faellesskab" not in {h.concept for h in concepts_in_text(worth, lang, taxonomy)}
    assert "faellesskab" in {h.concept for h in concepts_in_text(held, lang, taxonomy)}


@pytest.mark.parametrize(
    ("idiom", "diversity", "lang"),
    [
        ("det er de små ting, der gør den store forskel", "Vi ser forskelle som en styrke", "da"),
        ("Vi gjør en forskjell for innbyggerne", "Vi ser forskjeller som en ressurs", "nb"),
    ],
)
def test_making_a_difference_is_no_diversity(idiom: str, diversity: str, lang: str) -> None:
    """"gøre en forskel" (make a difference) carries no word a point can share; differences
    between people ("forskelle som en styrke") keep their key."""
    (made,) = [t for t in analyze(idiom, lang) if t.text.startswith("forsk")]
    assert made.is_stop and made.reading is not None
    (held,) = [t for t in analyze(diversity, lang) if t.text.startswith("forsk")]
    assert not held.is_stop and held.lemma in ("forskel", "forskjell")


def test_homograph_rules_see_past_adverbs_not_past_punctuation() -> None:
    (bruger,) = [t for t in analyze("at vi altid bruger data", "da") if t.text == "bruger"]
    assert bruger.lemma == "bruge"
    # "Vi" ends its sentence: it is not the subject of the heading that follows.
    (leder,) = [t for t in analyze("Det gør vi.\nLeder og medarbejder", "da") if t.text == "Leder"]
    assert leder.lemma == "leder"


def _rule_examples() -> list[Any]:
    data = read_yaml(MAPPINGS / "homographs.yaml")
    return [
        pytest.param(entry, rule, id=f"{entry['langs'][0]}-{entry['word']}-{j}-{rule['reading']}")
        for entry in data["homographs"]
        for j, rule in enumerate(entry.get("rules") or [])
    ]


@pytest.mark.parametrize(("entry", "rule"), _rule_examples())
def test_every_rule_example_gets_its_reading(entry: Any, rule: Any) -> None:
    lang = entry["langs"][0]
    forms = set(entry["forms"])
    got = [t.reading.name for t in analyze(rule["example"], lang) if t.text.lower() in forms
           if t.reading is not None]  # fmt: skip
    assert got, f"no form of '{entry['word']}' in the example {rule['example']!r}"
    assert rule["reading"] in got, (rule["example"], got)


def test_one_word_cues_that_are_homographs_keep_the_default_reading() -> None:
    # Taxonomy cues are analysed one by one, out of context: the cue "bruger" must stay the user.
    homographs = load_homographs(MAPPINGS / "homographs.yaml")
    checked = []
    for concept in load_taxonomy(MAPPINGS).concepts:
        for lang, cue in concept.all_cues():
            entry = homographs.entry(lang, cue)
            if entry is None:
                continue
            (token,) = analyze(cue, lang)
            assert token.reading is not None, cue
            default = entry.readings[entry.default]
            if default.cues:
                assert token.reading.name == entry.default, cue
            else:
                # The default fires no cue (the preposition "mod"), so a cue written as the
                # word means its other reading (courage), which must be the one analysed.
                assert token.reading.name != entry.default and token.reading.cues, cue
            checked.append(cue)
    assert {"bruger", "bruker", "brukar", "mål", "mod", "mot"} <= set(checked)


def test_a_value_word_heading_mod_is_courage() -> None:
    (mod, *_rest) = analyze("Mod\nVi tør gå nye veje", "da")
    assert mod.reading is not None and mod.reading.name == "courage" and not mod.is_stop


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "lang", "word", "fires"),
    [
        ("Mod", "da", "Mod", True),  # a value word: courage
        ("Ansvar og mod.", "da", "mod", True),
        ("Vi går mod nye mål", "da", "mod", False),  # towards
        ("Respekt, ansvar og mot", "nb", "mot", True),
        ("Kursen er satt mot nord", "nb", "mot", False),
    ],
)
def test_courage_fires_the_innovation_cue_and_the_preposition_does_not(
    text: str, lang: str, word: str, fires: bool
) -> None:
    """The cue "mod"/"mot" (courage, under innovation: daring to try) meets only the courage
    reading: the preposition reading has cues: false."""
    token = _token(_lemmas_cli(text, lang), word)
    assert ("innovation" in token["concepts"]) == fires, token


def test_a_phrase_cue_may_hold_the_preposition_reading() -> None:
    """"orientert mot utvikling" (KS' point 4) is a change cue whose middle word is the
    preposition; the preposition's cues: false stops "mot" alone, not the phrase."""
    data = _lemmas_cli("Skape en virksomhet som er orientert mot utvikling og nyskapning", "nb")
    assert "forandring" in _token(data, "orientert")["concepts"]
    assert "innovation" not in _token(data, "mot")["concepts"]
