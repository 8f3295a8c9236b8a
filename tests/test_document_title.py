"""The title `ingest` gives a document (shown by `list`, the reports and `compare`): its first line
that reads like a title, not a lead-in, a list item, a caption or a byline."""

from __future__ import annotations

import pytest

from ledelse_cli.run.ingest import _title_from


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # A back link ending in a colon is a lead-in, not the page's name.
        ("Gå tilbake til:\nEtikk og verdier\nVi er åpne og ærlige.", "Etikk og verdier"),
        # A photo caption (a whole sentence) above the heading.
        ("Ansatte på tur i fjellet med utsikt over byen.\nArbeidsgiverpolitikk\n• Vi er tydelige",
         "Arbeidsgiverpolitikk"),
        # A byline with a date, then the heading.
        ("Publiceret 3. maj 2021 kl. 10.15.\nVores ledelsesværdier\nTillid",
         "Vores ledelsesværdier"),
        # A quotation that is a sentence.
        ('"Alle ledere skal kunne forklare vores retning."\nLedelsesgrundlag', "Ledelsesgrundlag"),
        # Markdown heading markers are not part of the title.
        ("# Værdier for ledelse\n\nTillid og ansvar", "Værdier for ledelse"),
        # Short lines ending in a full stop are titles ("Sammen om velfærd.").
        ("Sammen om velfærd.\nVi leder med tillid", "Sammen om velfærd."),
    ],
)
def test_title_is_the_first_line_that_reads_like_one(text: str, title: str) -> None:
    assert _title_from(text, "fallback") == title


def test_a_lead_in_over_its_list_is_the_title_when_nothing_else_is() -> None:
    text = "Leiinga skal:\n1) sørgje for at kommunen når måla\n2) vere tydeleg"
    assert _title_from(text, "fallback") == "Leiinga skal:"


def test_an_empty_text_falls_back() -> None:
    assert _title_from("\n \n", "d07") == "d07"
