"""Segmentation of the seed corpus (data-driven) and properties of the segmenter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, SEEDS, run_cli
from ledelse_cli.sources.corpus import Corpus
from ledelse_cli.text.normalize import normalise
from ledelse_cli.text.pipeline import load_document
from ledelse_cli.text.prose import sentence_spans
from ledelse_cli.text.segment import fold_ws, segment_text
from ledelse_cli.text.segmenter_rules import load_rules

# Expected results, written from reading the seeds (see the design notes, DESIGN.md).
EXPECTED = {
    "kl11": {
        "principles": 11,
        "items": [5, 4, 5, 4, 5, 5, 4, 5, 5, 5, 3],
        "title_starts": [
            "Jeg påtager mig mit lederskab",
            "Jeg er bevidst om mit ledelsesrum",
            "Jeg har viden om",
            "Jeg skaber en organisation, hvor vi møder borgerne",
            "Jeg kommunikerer klart",
            "Jeg udøver meningsfuld styring",
            "Jeg skaber fællesskab",
            "Jeg skaber trivsel",
            "Jeg skaber rum for refleksion",
            "Jeg reflekterer over",
            "Jeg ser min organisation som en del af en mangfoldig verden",
        ],
        "numbers": [str(i) for i in range(1, 12)],
        "absent": ["Skribentinfo", "Kommentarer", "første gang bragt", "Det betyder"],
    },
    "ks10": {
        "principles": 10,
        "items": [0] * 10,
        "title_starts": [
            "Skape forståelse for oppdraget",
            "Skape forståelse og aksept",
            "Formidle",
            "Skape en virksomhet",
            "Bidra",
            "Utvikle dialogarenaer",
            "Involvere",
            "Arbeide",
            "Levere",
            "Akseptere",
        ],
        "numbers": [str(i) for i in range(1, 11)],
        "absent": [
            "Presentasjon lastes",
            "Liknende presentasjoner",
            "Annonser fra Google",
            "Veksthus",
        ],
    },
    "gladsaxe": {
        "principles": 11,
        "items": [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3],
        "title_starts": [
            "fagligt",
            "tillidsfulde relationer",
            "helheden",
            "modet",
            "strategierne",
            "dilemmaer",
            "Ledelse på tværs",
            "Ledelse opad",
            "Ledelse indad",
            "Ledelse nedad",
            "Ledelse udad",
        ],
        "absent": ["Rådhus Allé", "Telefon", "skohr@", "Søborg", "I Gladsaxe handler det"],
    },
    "lk7": {
        "principles": 7,
        "items": [0] * 7,
        "title_starts": [
            "Borgeren skal i centrum",
            "Politikerne skal have tillid",
            "Samarbejdssystemet",
            "Forvaltningscheferne",
            "Ledere skal sætte retning",
            "Ledere skal sætte holdet",
            "Ledere skal udvikle sig",
        ],
        "numbers": [str(i) for i in range(1, 8)],
        "absent": ["afleverede"],
    },
}

# Randers prose: statements a reader picks out as normative (DESIGN.md), by a phrase of each.
RANDERS_MUST = {
    "randers-debat": [
        "resultater skabes sammen med medarbejderne",
        "opbygge ligeværdige relationer",
        "autoritet uden at være autoritær",
        "udvikler sig igennem hele sin ledelseskarriere",
        "tager sig tid til samtalen",
        "på tværs af faglige og formelle hierarkier",
    ],
    "randers-konference": [
        "borgerne skal sættes først",
        "inddrage medarbejderne",
        "styrke samarbejdet på tværs",
    ],
}
RANDERS_NEVER = {
    "randers-debat": [
        "Kommenter denne debat",
        "Felter med",
        "Skriv hvad du søger",
        "Den: 07.03.2019",
        "sådan gør man ganske givet",
    ],
    "randers-konference": ["Oprettet af", "Ridehuset", "fortæller", "siger Lotte"],
}


def _segment(doc_id: str) -> dict:
    result = run_cli("segment", doc_id, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.json()


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_structured_seed_segmentation(doc_id: str) -> None:
    exp = EXPECTED[doc_id]
    data = _segment(doc_id)
    principles = data["principles"]
    assert len(principles) == exp["principles"]
    assert [len(p["items"]) for p in principles] == exp["items"]
    for p, start in zip(principles, exp["title_starts"], strict=True):
        assert p["title"].startswith(start), (p["id"], p["title"])
    if "numbers" in exp:
        assert [p["number"] for p in principles] == exp["numbers"]
    blob = str(principles)
    for bad in exp["absent"]:
        assert bad not in blob


def test_gladsaxe_broken_bullet_is_one_item() -> None:
    indad = _segment("gladsaxe")["principles"][8]
    assert indad["title"] == "Ledelse indad"
    merged = indad["items"][1]["text"]
    assert "udviklingsområder som ledere, og prioriterer" in merged
    assert merged.endswith("men vi gør det")


def test_gladsaxe_sections_name_the_two_parts() -> None:
    principles = _segment("gladsaxe")["principles"]
    assert {p["section"] for p in principles[:6]} == {"Vores ledelsessyn i Gladsaxe Kommune"}
    assert all(p["section"].startswith("Fem ledelsesrelationer") for p in principles[6:])


@pytest.mark.parametrize("doc_id", sorted(RANDERS_MUST))
def test_randers_prose_gives_normative_statements(doc_id: str) -> None:
    principles = _segment(doc_id)["principles"]
    texts = [p["text"] for p in principles]
    for phrase in RANDERS_MUST[doc_id]:
        assert any(phrase in t for t in texts), phrase
    for bad in RANDERS_NEVER[doc_id]:
        assert not any(bad in t for t in texts), bad
    # Not every sentence: the op-ed has 19 sentences, the press release 20.
    assert len(principles) <= 14


@pytest.mark.parametrize(
    "doc_id", ["kl11", "ks10", "gladsaxe", "randers-debat", "randers-konference", "lk7"]
)
def test_spans_slice_back_to_text(doc_id: str) -> None:
    document = load_document(Corpus(CORPUS), doc_id, automatic=True)
    text = document.text
    last = -1
    for p in document.principles:
        assert fold_ws(text[p.span[0] : p.span[1]]) == p.text
        assert p.span[0] > last
        last = p.span[0]
        for item in p.items:
            assert fold_ws(text[item.span[0] : item.span[1]]) == item.text
            assert p.span[1] <= item.span[0]


def test_principle_language_per_seed() -> None:
    for doc_id, lang in [("kl11", "da"), ("ks10", "nb"), ("gladsaxe", "da")]:
        langs = {p["lang"] for p in _segment(doc_id)["principles"]}
        assert langs == {lang}, (doc_id, langs)


def test_seed_normalisation_matches_corpus_text() -> None:
    """The committed corpus text is exactly what normalising the seed gives today."""
    rules = load_rules()
    for seed, doc_id in [
        ("003_aae85e558e2dc4cb.txt", "kl11"),
        ("004_7eeff52e86151999.txt", "gladsaxe"),
    ]:
        raw = SEEDS[seed].read_text(encoding="utf-8")
        assert normalise(raw, rules) == (CORPUS / doc_id / "text.txt").read_text("utf-8")


def test_sentence_spans_respect_abbreviations() -> None:
    text = "Lederen skal fx. lytte til borgerne. Det kræver bl.a. tid kl. 13. Ny sætning her."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Lederen skal fx. lytte til borgerne.",
        "Det kræver bl.a. tid kl. 13.",
        "Ny sætning her.",
    ]


# --------------------------------------------------------------------------- properties

_ALPHABET = st.characters(
    whitelist_categories=("L", "N", "P", "Z", "S"), whitelist_characters="\n-•*#.:"
)
_LINES = st.lists(
    st.one_of(
        st.text(_ALPHABET, max_size=80),
        st.from_regex(r"\d{1,2}\. [A-ZÆØÅ][a-zæøå ]{3,30}", fullmatch=True),
        st.from_regex(r" ?[-•*] [a-zæøåA-Z][a-zæøå ,]{3,40}", fullmatch=True),
        st.just(""),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(_LINES)
def test_segmenter_properties(lines: list[str]) -> None:
    rules = load_rules()
    text = normalise("\n".join(lines), rules)
    first = segment_text(text, "doc", rules)
    assert first == segment_text(text, "doc", rules)  # deterministic
    last = -1
    for p in first:
        a, b = p.span
        assert 0 <= a < b <= len(text)
        assert a > last
        last = a
        assert fold_ws(text[a:b]) == p.text
        assert re.fullmatch(r"doc/\d+", p.id)
        for item in p.items:
            assert 0 <= item.span[0] < item.span[1] <= len(text)
            assert fold_ws(text[item.span[0] : item.span[1]]) == item.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_normalise_and_segment_never_crash_on_unicode(text: str) -> None:
    rules = load_rules()
    normalised = normalise(text, rules)
    assert normalise(normalised, rules) == normalised  # idempotent
    for p in segment_text(normalised, "x", rules):
        assert 0 <= p.span[0] <= p.span[1] <= len(normalised)
