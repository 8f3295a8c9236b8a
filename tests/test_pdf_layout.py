"""PDF layout: running headers/footers and page numbers dropped, headings and paragraphs set
apart, page offsets right. The PDFs are built with fpdf2 at test time, in Danish and Norwegian;
every expected value is what the test put into the PDF."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO
from ledelse_cli.base.errors import InputError, LimitError
from ledelse_cli.sources.readers.pdf import read_pdf

LEDELSE = Path(sys.executable).with_name("ledelse")
BODY_SIZE = 11


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    heading_size: int = 16


@dataclass
class Page:
    sections: list[Section]
    # a paragraph set in the middle of the page, after the sections
    middle: list[str] = field(default_factory=list)


def make_layout_pdf(
    pages: list[Page],
    *,
    header: str | None = None,
    footer: Callable[[int, int], str] | None = None,
    header_from: int = 1,
) -> bytes:
    """A4 pages: a 9 pt running header at the top, bold headings over 11 pt body paragraphs
    (a gap between paragraphs, as a word processor leaves), a 9 pt footer at the bottom."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 10, 20)
    for number, page in enumerate(pages, 1):
        pdf.add_page()
        if header is not None and number >= header_from:
            pdf.set_font("Helvetica", size=9)
            pdf.set_xy(20, 10)
            pdf.cell(0, 5, header)
        pdf.set_y(30)
        for section in page.sections:
            pdf.set_font("Helvetica", "B", section.heading_size)
            pdf.cell(0, section.heading_size * 0.5, section.heading, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            for paragraph in section.paragraphs:
                pdf.set_font("Helvetica", size=BODY_SIZE)
                pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
            pdf.ln(3)
        if page.middle:
            pdf.set_y(135)  # mid-page on A4 (297 mm)
            pdf.set_font("Helvetica", size=BODY_SIZE)
            for paragraph in page.middle:
                pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
        if footer is not None:
            pdf.set_font("Helvetica", size=9)
            pdf.set_xy(20, 282)
            pdf.cell(170, 5, footer(number, len(pages)), align="R")
    return bytes(pdf.output())


HEADER_DA = "Ledelsesgrundlag · Næstved Kommune"
PAGES_DA = [
    Page(
        [
            Section(
                "Vi skaber retning",
                [
                    "Som ledere sætter vi en klar retning for opgaveløsningen og forklarer, "
                    "hvorfor vi gør, som vi gør. Vi oversætter politiske mål til hverdagens "
                    "arbejde, så medarbejderne kan se sig selv i den fælles opgave.",
                    "Retningen skal give mening på tværs af fagområder og sektorer.",
                ],
            ),
            Section(
                "Vi viser tillid",
                [
                    "Vi giver medarbejderne råderum og ansvar og tør lade dem træffe "
                    "beslutninger tæt på borgeren. Vi følger op med nysgerrighed og åbenhed, "
                    "også når noget går galt."
                ],
            ),
        ]
    ),
    Page(
        [
            Section(
                "Vi samarbejder på tværs",
                [
                    "Vi tænker helheder frem for siloer og deler viden, ressourcer og "
                    "erfaringer med kolleger i hele kommunen, så fællesskabet får mest mulig "
                    "værdi af vores arbejde."
                ],
            ),
            Section(
                "Vi udvikler os selv og andre",
                [
                    "Vi søger feedback fra medarbejdere, kolleger og chefer og skaber rum for "
                    "læring, eksperimenter og faglig fordybelse."
                ],
            ),
        ]
    ),
]

HEADER_NB = "Lederplattform · Bodø kommune"
PAGES_NB = [
    Page(
        [
            Section(
                "Vi skaper resultater",
                [
                    "Som ledere tar vi ansvar for at tjenestene holder god kvalitet og at "
                    "ressursene brukes klokt. Vi setter tydelige mål, følger opp og justerer "
                    "kursen når det trengs."
                ],
                heading_size=BODY_SIZE,
            ),
            Section(
                "Vi involverer medarbeiderne",
                [
                    "Vi legger til rette for medvirkning og lytter til dem som står nærmest "
                    "oppgavene, slik at gode beslutninger blir til i dialog."
                ],
                heading_size=BODY_SIZE,
            ),
        ]
    ),
    Page(
        [
            Section(
                "Vi er åpne og ærlige",
                [
                    "Vi deler informasjon, forklarer våre valg og tåler kritikk. Åpenhet "
                    "bygger tillit både internt og i møte med innbyggerne."
                ],
                heading_size=BODY_SIZE,
            ),
        ]
    ),
]


def blocks(text: str) -> list[str]:
    """The text's blank-line separated blocks, each with its line breaks made spaces."""
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]


def expected_blocks(pages: list[Page]) -> list[str]:
    out: list[str] = []
    for page in pages:
        for section in page.sections:
            out += [section.heading, *section.paragraphs]
        out += page.middle
    return out


def side_af(word: str) -> Callable[[int, int], str]:
    return lambda n, total: f"Side {n} {word} {total}"


@pytest.mark.parametrize(
    ("pages", "header", "word"),
    [(PAGES_DA, HEADER_DA, "af"), (PAGES_NB, HEADER_NB, "av")],
    ids=["da-16pt-bold-headings", "nb-bold-headings-at-body-size"],
)
def test_running_header_and_side_footer_dropped_headings_apart(
    pages: list[Page], header: str, word: str
) -> None:
    data = make_layout_pdf(pages, header=header, footer=side_af(word))
    source = read_pdf(data, "x.pdf", max_chars=100_000)
    text = source.text
    assert header not in text
    assert "Næstved" not in text and "Bodø" not in text
    assert "Side " not in text and f" {word} 2" not in text
    # every heading alone on its line, a blank line, its body; paragraphs apart; æøå kept
    assert blocks(text) == expected_blocks(pages)
    lines = text.split("\n")
    for page in pages:
        for section in page.sections:
            i = lines.index(section.heading)
            assert lines[i + 1] == ""
            assert lines[i + 2] == section.paragraphs[0][: len(lines[i + 2])]
    # the offset of page 2 is where its first heading starts
    first_on_page_2 = pages[1].sections[0].heading
    assert len(source.page_offsets) == 2
    assert source.page_offsets[0] == 0
    assert source.page_offsets[1] == text.index(first_on_page_2)
    last_on_page_1 = pages[0].sections[-1].paragraphs[-1]
    assert text[: source.page_offsets[1]].endswith(last_on_page_1[-12:] + "\n\n")


FOOTERS = ["1", "- 1 -", "Side 1 af 1", "Side 1 av 1", "1 / 1"]


@pytest.mark.parametrize("footer", FOOTERS)
def test_page_number_dropped_on_a_single_page(footer: str) -> None:
    pages = [PAGES_DA[0]]
    data = make_layout_pdf(pages, footer=lambda n, total: footer)
    source = read_pdf(data, "x.pdf", max_chars=100_000)
    assert blocks(source.text) == expected_blocks(pages)
    assert footer not in source.text.split("\n")
    assert source.page_offsets == (0,)


def test_body_line_repeated_mid_page_is_kept() -> None:
    repeated = "Vi tager ansvar for helheden og for hinanden."
    pages = [
        Page(PAGES_DA[0].sections[:1], middle=[repeated]),
        Page(PAGES_DA[1].sections[:1], middle=[repeated]),
    ]
    data = make_layout_pdf(pages, header=HEADER_DA, footer=side_af("af"))
    text = read_pdf(data, "x.pdf", max_chars=100_000).text
    assert text.count(repeated) == 2
    assert blocks(text) == expected_blocks(pages)
    assert HEADER_DA not in text


def test_numbered_chapter_headings_atop_pages_are_not_running_headers() -> None:
    # "Kapitel 1" atop page 1 and "Kapitel 2" atop page 2 look like a line with the page
    # number in it; set as headings they stay.
    pages = [
        Page([Section("Kapitel 1", PAGES_DA[0].sections[0].paragraphs)]),
        Page([Section("Kapitel 2", PAGES_DA[1].sections[0].paragraphs)]),
    ]
    data = make_layout_pdf(pages, header=HEADER_DA, footer=side_af("af"))
    source = read_pdf(data, "x.pdf", max_chars=100_000)
    assert blocks(source.text) == expected_blocks(pages)
    assert source.text[source.page_offsets[1] :].startswith("Kapitel 2\n\n")


def test_running_header_on_most_pages_of_a_long_document() -> None:
    sections = [s for page in PAGES_DA for s in page.sections]
    pages = [Page([sections[i % len(sections)]]) for i in range(10)]
    # the header is missing from the first (title) page, as it often is
    data = make_layout_pdf(
        pages, header=HEADER_DA, footer=lambda n, total: f"{n} / {total}", header_from=2
    )
    source = read_pdf(data, "x.pdf", max_chars=100_000)
    assert HEADER_DA not in source.text
    assert blocks(source.text) == expected_blocks(pages)
    assert len(source.page_offsets) == 10
    for offset, page in zip(source.page_offsets, pages, strict=True):
        assert source.text[offset:].startswith(page.sections[0].heading + "\n\n")


def test_encrypted_pdfs() -> None:
    from fpdf import FPDF

    def encrypted(user_password: str) -> bytes:
        pdf = FPDF()
        pdf.set_encryption(owner_password="ejer", user_password=user_password)
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.cell(0, 8, "Vi går forrest og viser vejen for medarbejderne")
        return bytes(pdf.output())

    # an empty user password only blocks editing: the text is read
    assert "Vi går forrest" in read_pdf(encrypted(""), "x.pdf", max_chars=10_000).text
    with pytest.raises(InputError, match="password-protected"):
        read_pdf(encrypted("hemmelig"), "x.pdf", max_chars=10_000)


@pytest.mark.parametrize(
    "data",
    [
        make_layout_pdf(PAGES_DA, header=HEADER_DA)[:300],
        b"%PDF-1.7\nthis is no pdf at all\n",
        b"%PDF-1.4\n" + bytes(range(256)) * 40,
        b"",
    ],
    ids=["truncated-300", "fake-header", "garbage", "empty"],
)
def test_malformed_pdfs_are_input_errors(data: bytes) -> None:
    with pytest.raises(InputError, match=r"x\.pdf: malformed PDF \(PdfiumError"):
        read_pdf(data, "x.pdf", max_chars=10_000)


def test_pdf_cut_short_is_an_input_error_or_repaired() -> None:
    data = make_layout_pdf(PAGES_DA, header=HEADER_DA)
    try:
        source = read_pdf(data[: len(data) * 2 // 3], "x.pdf", max_chars=10_000)
    except InputError as e:
        assert "malformed PDF" in str(e)
    else:  # PDFium repairs what it can, as a browser does: then what it read must be right
        assert source.text.startswith("Vi skaber retning\n\n")


def test_max_chars_is_a_limit_error() -> None:
    data = make_layout_pdf(PAGES_DA, header=HEADER_DA, footer=side_af("af"))
    with pytest.raises(LimitError, match="--max-chars"):
        read_pdf(data, "x.pdf", max_chars=200)


@pytest.mark.slow
def test_ingest_pdf_page_offsets_through_the_console_script(tmp_path: Path) -> None:
    path = tmp_path / "naestved.pdf"
    path.write_bytes(make_layout_pdf(PAGES_DA, header=HEADER_DA, footer=side_af("af")))
    corpus = tmp_path / "tmp"
    env = {k: v for k, v in os.environ.items() if k != "LEDELSE_DEBUG"}
    proc = subprocess.run(
        [str(LEDELSE), "ingest", str(path), "--corpus", str(corpus), "--id", "x"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    meta = (corpus / "x" / "meta.yaml").read_text("utf-8")
    text = (corpus / "x" / "text.txt").read_text("utf-8")
    pages = [int(n) for n in re.findall(r"^- (\d+)$", meta, flags=re.M)]
    assert len(pages) == 2 and pages[0] == 0
    assert text[pages[0] :].startswith(PAGES_DA[0].sections[0].heading + "\n\n")
    assert text[pages[1] :].startswith(PAGES_DA[1].sections[0].heading + "\n\n")
    assert "Næstved" not in text and "Side 1 af 2" not in text and "Side 2 af 2" not in text
    assert blocks(text) == expected_blocks(PAGES_DA)
