"""Language identification and sentence splitting on the seeds and on hand-written Nynorsk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEEDS
from ledelse_cli.text.language import detect_language, sentences, words

SEED_LANG = {"000": "da", "001": "da", "002": "nb", "003": "da", "004": "da"}

# Obvious web/slide cruft (the ingest step removes it; here we only need clean sentences).
CRUFT = re.compile(
    r"Presentasjon|Liknende presentasjoner|Laste ned ppt|Annonser fra Google|Kommenter denne|"
    r"Svar på dette indlæg|Skriv hvad du søger|Skribentinfo|Mail:|Telefon:|KS-Konsulent"
)

NYNORSK = [
    "Eg trur ikkje at leiarane har nok tid til å følgje opp kvar einskild medarbeidar.",
    "Kommunen skal vere ein god arbeidsgjevar, og leiarane må sjå dei tilsette og gje dei "
    "moglegheit til å utvikle seg.",
    "God leiing handlar om å skape tillit mellom leiarar og tilsette, og om korleis vi saman "
    "kan løyse oppgåvene for innbyggjarane.",
    "Leiaren skal vere tydeleg på kva som er forventa, og gje rom for at medarbeidarane "
    "sjølve tek ansvar for heile oppgåva.",
    "Vi vil ha ein organisasjon der alle tilsette vert høyrde, og der leiarane er opne for "
    "nye idear frå dei som kjenner tenestene best.",
]
BOKMAL_FORMAL = [
    "Kommunesektoren har også et spesielt ansvar for brukere og innbyggere som ikke i like "
    "sterk grad makter å hevde sine interesser.",
    "Lederne skal sikre at virksomheten leverer tjenester av høy kvalitet innenfor de "
    "økonomiske rammene som er vedtatt av kommunestyret.",
    "Det forutsettes at rådmannen legger frem en helhetlig plan for utvikling av "
    "lederskapet i hele organisasjonen.",
    "Medarbeiderne skal involveres i arbeidet med å utvikle nye og bedre løsninger for "
    "innbyggerne.",
]


def _seed_files() -> list[Path]:
    """The seeds under their own names' order (000 … 004), read from corpus/*/original.txt."""
    return [SEEDS[name] for name in sorted(SEEDS)]


def _prefix(path: Path) -> str:
    return next(name for name, p in SEEDS.items() if p == path)[:3]


def _clean(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not CRUFT.search(line))


@pytest.mark.parametrize("path", _seed_files(), ids=_prefix)
def test_seed_document_language(path: Path) -> None:
    assert detect_language(_clean(path.read_text(encoding="utf-8"))) == SEED_LANG[_prefix(path)]


def test_every_seed_sentence_of_eight_words() -> None:
    total = wrong = 0
    failures = []
    for path in _seed_files():
        text = _clean(path.read_text(encoding="utf-8"))
        expected = SEED_LANG[_prefix(path)]
        for start, end in sentences(text, expected):
            sentence = text[start:end]
            if len(words(sentence)) < 8:
                continue
            total += 1
            got = detect_language(sentence)
            if got != expected:
                wrong += 1
                failures.append((_prefix(path), got, sentence[:80]))
    accuracy = (total - wrong) / total
    print(f"\nlanguage id on {total} seed sentences of >= 8 words: {accuracy:.1%}")
    assert total > 60
    assert accuracy == 1.0, failures


@pytest.mark.parametrize("text", NYNORSK)
def test_nynorsk_is_nn(text: str) -> None:
    assert detect_language(text) == "nn"


@pytest.mark.parametrize("text", BOKMAL_FORMAL)
def test_formal_bokmal_stays_nb(text: str) -> None:
    assert detect_language(text) == "nb"


def test_nynorsk_paragraph() -> None:
    assert detect_language(" ".join(NYNORSK)) == "nn"


@pytest.mark.parametrize(
    "text",
    ["", "Ledelse i dag", "1. 2. 3.", "Leadership is about trust, people and shared goals."],
)
def test_unknown_for_short_or_foreign_text(text: str) -> None:
    assert detect_language(text) == "unknown"


def test_sentences_respect_abbreviations_dates_and_list_numbers() -> None:
    text = (
        "I dag onsdag den 15. august holdt vi møde kl. 13 med bl.a. direktøren. "
        "Vi drøftede fx. trivsel, f.eks. sygefravær, ca. 200 deltog.\n"
        "1. Jeg påtager mig mit lederskab\n"
        "Det betyder at jeg som leder fx:\n"
        "• Skaber retning\n"
        "Vi startede i 2019. Nu fortsætter vi!"
    )
    got = [text[a:b] for a, b in sentences(text, "da")]
    assert got == [
        "I dag onsdag den 15. august holdt vi møde kl. 13 med bl.a. direktøren.",
        "Vi drøftede fx. trivsel, f.eks. sygefravær, ca. 200 deltog.",
        "1. Jeg påtager mig mit lederskab\nDet betyder at jeg som leder fx:",
        "• Skaber retning\nVi startede i 2019.",
        "Nu fortsætter vi!",
    ]


def test_sentence_spans_are_in_bounds_and_ordered() -> None:
    text = SEEDS["003_aae85e558e2dc4cb.txt"].read_text(encoding="utf-8")
    spans = sentences(text, "da")
    assert spans and all(0 <= a < b <= len(text) for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


# --------------------------------------------------------------------------- within a document


def test_principle_keeps_document_language_without_contrary_evidence(monkeypatch) -> None:
    """No statistical detection runs when the spelling agrees with the document."""
    from ledelse_cli.text import language

    def refuse(text: str) -> str:
        raise AssertionError(f"lingua ran on {text!r}")

    monkeypatch.setattr(language, "detect_language", refuse)
    da = "Lederen skal skabe retning og mening for medarbejderne i hverdagen."
    nb = "Lederen skal skape retning og mening for medarbeiderne i hverdagen."
    assert language.language_within(da, "da") == "da"
    assert language.language_within(nb, "nb") == "nb"
    assert language.language_within(NYNORSK[0], "nn") == "nn"
    assert language.language_within("Ledelse i dag", "da") == "unknown"  # too short to say


@pytest.mark.parametrize(
    ("text", "document", "expected"),
    [
        # A Norwegian principle quoted in a Danish document, and the other way round.
        (BOKMAL_FORMAL[1], "da", "nb"),
        ("Vi skal arbejde ud fra en fælles forståelse af god ledelse og bliver målt på "
         "kvaliteten af vores ydelser til borgerne.", "nb", "da"),
        # Nynorsk markers inside a Bokmål or Danish document.
        (NYNORSK[1], "nb", "nn"),
        (NYNORSK[3], "da", "nn"),
    ],
)
def test_principle_in_another_language_is_detected(text: str, document: str, expected: str) -> None:
    from ledelse_cli.text.language import language_within

    assert language_within(text, document) == expected


def test_principle_of_a_document_of_unknown_language_is_detected() -> None:
    from ledelse_cli.text.language import language_within

    assert language_within(BOKMAL_FORMAL[0], "unknown") == "nb"
    assert language_within(NYNORSK[2], "unknown") == "nn"
