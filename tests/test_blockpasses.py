"""Layout patterns read from the neighbourhood of a line (text.blockpasses, text.normalize):
small texts written for each pattern, the expected reading worked out by hand."""

from __future__ import annotations

from ledelse_cli.text.blocks import announcements, parse_blocks
from ledelse_cli.text.normalize import normalise, unglue_headings
from ledelse_cli.text.segment import segment_explained
from ledelse_cli.text.segmenter_rules import load_rules


def titles(text: str, lang: str = "da") -> list[str]:
    rules = load_rules()
    seg = segment_explained(normalise(text, rules), "t", rules, lang=lang)
    return [p.title for p in seg.principles]


def test_a_heading_glued_to_the_line_above_is_put_back() -> None:
    assert unglue_headings("• Vi svarer inden en uge.Samarbejde\n") == (
        "• Vi svarer inden en uge.\n\nSamarbejde\n"
    )
    # An abbreviation or a web address is not a glued heading.
    assert unglue_headings("Se www.kl.Dk\n") == "Se www.kl.Dk\n"


def test_an_entry_glued_to_the_wrapped_line_above_is_put_back() -> None:
    from ledelse_cli.text.normalize import unglue_bullets

    text = ("- Ser hver medarbejder\n- Holder kontakt med direktionen om\n"
            "konsekvenser af beslutninger - Sørger for klare rammer\n- Giver plads\n")
    assert unglue_bullets(text).split("\n")[2:4] == [
        "konsekvenser af beslutninger", "- Sørger for klare rammer"]
    # Not a dash in a sentence's own line, nor before a word in lower case, nor a single entry.
    for kept in ("Vi taler med alle - Også de nye.\n", "- Én\n- Ser alle\nog - hører dem\n",
                 "- Holder kontakt med\nledelsen - Sørger for\n"):
        assert unglue_bullets(kept) == kept


def test_cruft_behind_a_list_marker_goes() -> None:
    text = "1. Hopp til innhold\n 2. Hopp til meny\n\nVåre verdier\n"
    assert normalise(text, load_rules()) == "Våre verdier\n"


def test_a_page_number_in_a_table_of_contents_is_no_count() -> None:
    rules = load_rules()
    assert announcements("Innledning ...... 2\nLederprinsippene ...... 3\n", rules) == []
    found = announcements("Grundlaget består af 4 overordnede værdier:\n", rules)
    assert [a.count for a in found] == [4]


def test_colon_labels_over_paragraphs_are_headings() -> None:
    text = (
        "Vores værdier\n\nTillid:\n\nVi regner med hinanden og holder vores aftaler.\n\n"
        "Ansvar:\n\nVi siger det højt, når en fejl er sket, og retter den.\n"
    )
    assert titles(text) == ["Tillid", "Ansvar"]
    kinds = [b.kind for b in parse_blocks(normalise(text, load_rules()), load_rules())]
    assert kinds == ["heading", "heading", "para", "heading", "para"]


def test_one_line_sentences_after_a_lead_in_are_a_list() -> None:
    text = (
        "Ledelse i Bøgeby\n\nVores ledelsesprincipper er:\n\nVi sætter retning.\n\n"
        "Vi viser tillid.\n\nVi følger op.\n\nPrincipperne blev vedtaget i 2022.\n"
    )
    assert titles(text) == ["Vi sætter retning.", "Vi viser tillid.", "Vi følger op."]


def test_word_dash_lines_are_one_entry_each() -> None:
    text = (
        "Verdiar\n\nVerdiane våre:\n\nOpenheit – me deler det me veit\n"
        "Respekt – me lyttar til kvarandre\nMot – me prøver nye løysingar\n"
    )
    assert titles(text, "nn") == ["Openheit", "Respekt", "Mot"]


def test_short_lines_under_a_related_links_heading_are_links() -> None:
    text = (
        "Lederprinsipper\n\nLederprinsippene våre:\n\n- Vi gir tillit og ansvar\n"
        "- Vi er tydelige på mål\n- Vi følger opp\n\nRelaterte sider\n\nLønnspolitikk\n\n"
        "Ledige stillinger\n"
    )
    assert titles(text, "nb") == [
        "Vi gir tillit og ansvar", "Vi er tydelige på mål", "Vi følger opp"
    ]


def test_the_seeds_text_is_what_it_was() -> None:
    """Normalising the text seeds' originals again gives the stored text.txt byte for byte (a
    byline "15. august 2018 - Oprettet af …" is cruft, not a numbered line)."""
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    for name in ("gladsaxe", "randers-debat", "randers-konference", "kl11", "ks10", "lk7"):
        original = next((corpus / name).glob("original.*")).read_text(encoding="utf-8")
        stored = (corpus / name / "text.txt").read_text(encoding="utf-8")
        assert normalise(original, load_rules()) == stored, name


def test_a_list_flattened_into_one_line_is_unfolded() -> None:
    from ledelse_cli.text.normalize import unfold_inline_bullets

    line = ("Fire felter: • Ledelse af læring • Ledelse af trivsel • Ledelse af samarbejde "
            "• Ledelse af lokalsamfundet Felterne er valgt af en arbejdsgruppe med mange parter")
    assert unfold_inline_bullets(line).split("\n") == [
        "Fire felter:", "• Ledelse af læring", "• Ledelse af trivsel",
        "• Ledelse af samarbejde", "• Ledelse af lokalsamfundet", "",
        "Felterne er valgt af en arbejdsgruppe med mange parter",
    ]
    # Two bullets in a sentence are no list.
    assert unfold_inline_bullets("a • b • c") == "a • b • c"
    # A symbol-font bullet as an export gives it, one glyph throughout; a breadcrumb's ">" and
    # mixed glyphs are not a list.
    assert unfold_inline_bullets("Lederne skal: < lytte < vise vej < stå ved beslutninger") \
        .split("\n") == ["Lederne skal:", "• lytte", "• vise vej", "• stå ved beslutninger"]
    crumbs = "Forside > Om kommunen > Organisation > Værdier"
    assert unfold_inline_bullets(crumbs) == crumbs
    assert unfold_inline_bullets("a < b ✓ c • d ✓ e") == "a < b ✓ c • d ✓ e"
