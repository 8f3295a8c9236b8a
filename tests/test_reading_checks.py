"""Readings a person should check (``text/checks.py``): principles taken from running text, or
from two separate lists, are flagged with a warning on ingest, in ``list`` and in ``--explain``;
a hand correction clears it. Texts written in our own words for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from ledelse_cli.text.normalize import normalise
from ledelse_cli.text.segment import segment_explained
from ledelse_cli.text.segmenter_rules import load_rules

#: Prose: three paragraphs that say how we lead, no list, no headings over them.
PROSE_DA = """Ledelse i Fjordby Kommune

Hos os handler ledelse om mennesker. Vi leder med tillid og giver medarbejderne frihed til at \
løse opgaven tæt på borgeren.

Vi træffer beslutninger i åbenhed og forklarer, hvorfor vi vælger, som vi gør.

Vi skaber sammenhæng på tværs af afdelinger, fordi borgerens forløb ikke stopper ved vores grænser.
"""

#: Two lists: the organisation's values named in a sentence, then what leaders do.
TWO_LISTS_NB = """Lederskap i Nordvik kommune

Verdiene våre er åpenhet, respekt og mot.

Som leder i Nordvik kommune skal jeg:

- gi tydelig retning for arbeidet
- involvere medarbeiderne i beslutninger
- følge opp resultater og lære av feil
- bygge samarbeid på tvers av sektorene
"""

#: One list of what leaders do: nothing to check.
ONE_LIST_NN = """Leiing i Vestdal kommune

Som leiar i Vestdal kommune skal eg:

- gje tydeleg retning for arbeidet
- involvere medarbeidarane i avgjerder
- følgje opp resultat og lære av feil
- byggje samarbeid på tvers av sektorane
"""

#: Leaders' list and employees' list: the employees' expectations are labelled apart, not a
#: second list of principles.
LEADERS_AND_EMPLOYEES_DA = """Ledelse og medarbejderskab i Sundby Kommune

Som leder i Sundby Kommune:

- sætter jeg en tydelig retning
- inddrager jeg medarbejderne i beslutninger
- følger jeg op på resultater

Som medarbejder i Sundby Kommune:

- tager jeg ansvar for min opgave
- deler jeg min viden med kolleger
- bidrager jeg til et godt arbejdsmiljø
"""


def _warnings(text: str, lang: str) -> list[str]:
    rules = load_rules()
    seg = segment_explained(normalise(text, rules), "doc", rules, lang=lang)
    return seg.warnings


def test_prose_reading_is_flagged_for_checking() -> None:
    (warning,) = _warnings(PROSE_DA, "da")
    assert warning.startswith("check the reading: no list or heading sets out principles")
    assert "`ledelse segment doc --explain`" in warning


def test_two_separate_lists_are_flagged_and_named() -> None:
    (warning,) = _warnings(TWO_LISTS_NB, "nb")
    assert "2 separate lists" in warning
    # What a reader finds on the page: the values sentence and the leaders' bullets.
    assert ("(3 values named in a sentence under “Verdiene våre er”; "
            "4 bullets under “Som leder i Nordvik kommune skal jeg”)") in warning


@pytest.mark.parametrize(("text", "lang"), [(ONE_LIST_NN, "nn"),
                                            (LEADERS_AND_EMPLOYEES_DA, "da")])
def test_a_single_list_of_principles_is_not_flagged(text: str, lang: str) -> None:
    assert _warnings(text, lang) == []


def test_flag_is_shown_on_ingest_and_list_and_cleared_by_a_hand_correction(
    tmp_corpus: Path, tmp_path: Path
) -> None:
    source = tmp_path / "fjordby.txt"
    source.write_text(PROSE_DA, encoding="utf-8")
    result = run_cli("ingest", str(source), "--id", "fjordby", corpus=tmp_corpus)
    assert result.exit_code == 0, result.stderr
    assert "warning: fjordby: check the reading" in result.stderr
    listing = run_cli("list", corpus=tmp_corpus).stdout
    assert "fjordby ⚠" in listing and "⚠ fjordby: check the reading" in listing
    explained = run_cli("segment", "fjordby", "--explain", corpus=tmp_corpus).stdout
    assert "warning: check the reading" in explained
    # A coverage matrix says which of its columns rest on a reading to check.
    cov = run_cli("coverage", "--against", "kl11", "fjordby", "kl11", "--format", "json",
                  corpus=tmp_corpus).json()
    assert cov["readings_to_check"] == ["fjordby"]
    table = run_cli("coverage", "--against", "ks10", "fjordby", "--lang", "en",
                    corpus=tmp_corpus).stdout
    assert "⚠ readings to check before citing these numbers" in table
    compared = run_cli("compare", "fjordby", "kl11", "--format", "json", corpus=tmp_corpus).json()
    assert compared["readings_to_check"] == ["fjordby"]
    # A person takes the reading into hand: the warning is about a reading no longer used.
    saved = run_cli("segment", "fjordby", "--save", corpus=tmp_corpus)
    assert saved.exit_code == 0, saved.stderr
    assert (tmp_corpus / "fjordby" / "segmentation.yaml").is_file()
    listing = run_cli("list", corpus=tmp_corpus).stdout
    assert "⚠ fjordby" not in listing and "fjordby ⚠" not in listing
    cov = run_cli("coverage", "--against", "kl11", "fjordby", "--format", "json",
                  corpus=tmp_corpus).json()
    assert "readings_to_check" not in cov
    compared = run_cli("compare", "fjordby", "kl11", "--format", "json", corpus=tmp_corpus).json()
    assert "readings_to_check" not in compared
    # The stored metadata keeps what the segmenter said of its own reading.
    meta = yaml.safe_load((tmp_corpus / "fjordby" / "meta.yaml").read_text("utf-8"))
    assert any(w.startswith("check the reading") for w in meta["warnings"])
