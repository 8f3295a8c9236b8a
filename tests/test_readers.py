"""Readers: real PDF, DOCX and HTML files built at test time, read back as principles."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from ledelse_cli.base.errors import InputError, LimitError, UsageError
from ledelse_cli.run.ingest import IngestOptions, prepare
from ledelse_cli.sources.corpuscheck import validate_corpus
from ledelse_cli.sources.readers import detect_format, extract
from ledelse_cli.sources.readers.encoding import decode_text

PDF_PAGE1 = [
    "Ledelsesgrundlag for Ærø Kommune",
    "",
    "Vores ledelse bygger på tillid, åbenhed og ansvar.",
    "",
    "1. Vi påtager os ansvaret for helheden og skaber retning",
    "2. Vi går forrest og viser vejen for medarbejderne",
    "3. Vi sørger for at beslutninger bliver forklaret",
]
PDF_PAGE2 = [
    "4. Vi støtter medarbejdernes udvikling og trivsel",
    "5. Vi samarbejder på tværs af fagområder og sektorer",
]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a text layer, one list of lines per page (core font: latin-1 covers æøå)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_image_pdf() -> bytes:
    """A PDF whose only page content is a drawing (as a scan without OCR looks to pypdf)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.add_page()
    pdf.ellipse(30, 30, 50, 50)
    return bytes(pdf.output())


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>
</w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Vedtaget af direktionen i 2021 efter høring.</w:t></w:r></w:p>
</w:footnote>
</w:footnotes>"""


def make_docx() -> bytes:
    """A DOCX from python-docx, patched to hold a content control, tracked changes, a footnote."""
    from docx import Document as Docx

    d = Docx()
    d.add_heading("Ledelsesgrundlag for Ørsted Kommune", level=1)
    d.add_paragraph("Her beskriver vi, hvad god ledelse betyder for os.")
    d.add_heading("Vores principper", level=2)
    d.add_paragraph("Vi skaber retning og mening for medarbejderne", style="List Bullet")
    d.add_paragraph("Vi viser tillid og giver plads til faglighed MARK_INS", style="List Bullet")
    d.add_paragraph("Vi samarbejder på tværs MARK_SDT", style="List Bullet")
    d.add_paragraph("Vi følger op på resultater og lærer af fejl MARK_NOTE", style="List Bullet")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                # Tracked changes: "og ærlighed" inserted (kept), "MARK_INS" deleted (dropped).
                xml = xml.replace(
                    "<w:t>Vi viser tillid og giver plads til faglighed MARK_INS</w:t></w:r>",
                    "<w:t>Vi viser tillid og giver plads til faglighed</w:t></w:r>"
                    '<w:ins w:id="91" w:author="a"><w:r><w:t xml:space="preserve"> og ærlighed'
                    '</w:t></w:r></w:ins><w:del w:id="92" w:author="a"><w:r>'
                    "<w:delText> SLETTET_TEKST</w:delText></w:r></w:del>",
                )
                # A run wrapped in an inline content control.
                xml = xml.replace(
                    "<w:t>Vi samarbejder på tværs MARK_SDT</w:t></w:r>",
                    '<w:t xml:space="preserve">Vi samarbejder på tværs </w:t></w:r>'
                    '<w:sdt><w:sdtPr><w:alias w:val="Felt"/></w:sdtPr><w:sdtContent><w:r>'
                    "<w:t>af forvaltninger</w:t></w:r></w:sdtContent></w:sdt>",
                )
                xml = xml.replace(
                    "<w:t>Vi følger op på resultater og lærer af fejl MARK_NOTE</w:t></w:r>",
                    "<w:t>Vi følger op på resultater og lærer af fejl</w:t></w:r>"
                    '<w:r><w:footnoteReference w:id="1"/></w:r>',
                )
                # A block-level content control holding a whole paragraph, before the body end.
                xml = xml.replace(
                    "<w:sectPr",
                    '<w:sdt><w:sdtPr><w:alias w:val="Afslutning"/></w:sdtPr><w:sdtContent>'
                    "<w:p><w:r><w:t>Ledelse er noget vi gør sammen med medarbejderne.</w:t></w:r>"
                    "</w:p></w:sdtContent></w:sdt><w:sectPr",
                    1,
                )
                assert "MARK_" not in xml
                data = xml.encode("utf-8")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            dst.writestr(info, data)
        dst.writestr("word/footnotes.xml", FOOTNOTES_XML.encode("utf-8"))
    return out.getvalue()


HTML_PAGE = """<!doctype html><html lang="no"><head><meta charset="utf-8">
<title>Lederplattform</title>
<script>var tracking = "Presentasjon lastes";</script><style>body{color:red}</style></head>
<body><header><nav><ul><li><a href="/">Forside</a></li><li><a href="/om">Om kommunen</a></li>
<li><a href="/kontakt">Kontakt oss</a></li></ul></nav></header>
<main><article><h1>Lederplattform for Bodø kommune</h1>
<p>Lederplattformen beskriver hva vi forventer av ledere i kommunen og hvordan vi leder.</p>
<h2>Som leder skal du</h2>
<ul><li>Skape forståelse for oppdraget og samfunnsrollen</li>
<li>Involvere medarbeiderne og legge til rette for medvirkning</li>
<li>Arbeide for åpenhet og integritet i all virksomhet</li>
<li>Levere resultater i tråd med politiske vedtak</li></ul>
</article></main>
<footer><p>Bodø kommune, Kongens gate 1, telefon 75 55 50 00</p></footer>
<script>document.write("SKRIPTTEKST")</script></body></html>"""


def _ingest_and_show(path: Path, corpus: Path, *extra: str) -> dict:
    r = run_cli("ingest", str(path), "--id", "doc", *extra, corpus=corpus)
    assert r.exit_code == 0, r.stderr
    shown = run_cli("show", "doc", "--format", "json", corpus=corpus)
    assert shown.exit_code == 0, shown.stderr
    assert validate_corpus(corpus) == []
    return shown.json()


def test_pdf_two_pages_numbered_list_with_page_offsets(tmp_path: Path) -> None:
    path = tmp_path / "aeroe.pdf"
    path.write_bytes(make_pdf([PDF_PAGE1, PDF_PAGE2]))
    shown = _ingest_and_show(path, tmp_path / "c")
    titles = [p["title"] for p in shown["principles"]]
    assert titles == [re.sub(r"^\d\. ", "", line) for line in PDF_PAGE1[4:] + PDF_PAGE2]
    assert shown["document"]["title"] == "Ledelsesgrundlag for Ærø Kommune"
    assert shown["document"]["lang"] == "da"
    meta = (tmp_path / "c" / "doc" / "meta.yaml").read_text("utf-8")
    text = (tmp_path / "c" / "doc" / "text.txt").read_text("utf-8")
    pages = [int(n) for n in re.findall(r"^- (\d+)$", meta, flags=re.M)]
    assert len(pages) == 2 and pages[0] == 0
    assert text[pages[1] :].startswith("4. Vi støtter")
    assert (tmp_path / "c" / "doc" / "original.pdf").read_bytes() == path.read_bytes()


def test_pdf_reader_offsets_point_at_page_starts() -> None:
    source = extract(make_pdf([PDF_PAGE1, PDF_PAGE2]), "pdf", "x.pdf", max_chars=10_000)
    assert source.page_offsets[0] == 0
    assert source.text[source.page_offsets[1] :].startswith("4. Vi støtter")
    assert "Ærø" in source.text


def test_pdf_without_text_layer_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no text layer"):
        extract(make_image_pdf(), "pdf", "scan.pdf", max_chars=10_000)


def test_docx_content_controls_tracked_changes_footnotes_lists(tmp_path: Path) -> None:
    source = extract(make_docx(), "docx", "x.docx", max_chars=100_000)
    lines = source.text.split("\n")
    assert "# Ledelsesgrundlag for Ørsted Kommune" in lines
    assert "## Vores principper" in lines
    assert "- Vi viser tillid og giver plads til faglighed og ærlighed" in lines
    assert "- Vi samarbejder på tværs af forvaltninger" in lines
    assert "SLETTET_TEKST" not in source.text
    assert "Ledelse er noget vi gør sammen med medarbejderne." in lines
    assert lines[-1] == "Vedtaget af direktionen i 2021 efter høring."
    # the four list items are adjacent lines: one list for the segmenter
    first = lines.index("- Vi skaber retning og mening for medarbejderne")
    assert all(line.startswith("- ") for line in lines[first : first + 4])

    path = tmp_path / "oersted.docx"
    path.write_bytes(make_docx())
    shown = _ingest_and_show(path, tmp_path / "c")
    texts = [p["text"] for p in shown["principles"]]
    assert "Vi viser tillid og giver plads til faglighed og ærlighed" in texts
    assert "Vi samarbejder på tværs af forvaltninger" in texts
    assert not any("SLETTET" in t for t in texts)


def test_html_drops_navigation_and_scripts_keeps_the_list(tmp_path: Path) -> None:
    path = tmp_path / "bodoe.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    source = extract(path.read_bytes(), "html", str(path), max_chars=100_000)
    for cruft in ("Forside", "Kontakt oss", "SKRIPTTEKST", "tracking", "color:red"):
        assert cruft not in source.text
    assert "- Levere resultater i tråd med politiske vedtak" in source.text.split("\n")
    shown = _ingest_and_show(path, tmp_path / "c")
    texts = [p["text"] for p in shown["principles"]]
    assert texts == [
        "Skape forståelse for oppdraget og samfunnsrollen",
        "Involvere medarbeiderne og legge til rette for medvirkning",
        "Arbeide for åpenhet og integritet i all virksomhet",
        "Levere resultater i tråd med politiske vedtak",
    ]
    assert shown["document"]["lang"] == "nb"


def test_html_in_cp1252_with_meta_charset(tmp_path: Path) -> None:
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    source = extract(page.encode("cp1252"), "html", "x.html", max_chars=100_000)
    assert "åpenhet" in source.text and source.encoding == "windows-1252"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Vi tør være åbne – og “ærlige”", "cp1252"),
        ("Lederen går forrest", "cp1252"),
        ("Øen", "cp1252"),
        ("Vi skal være åbne og ærlige over for medarbejderne", "latin-1"),
        ("Lederne får støtte og går foran", "iso-8859-15"),
        ("Ærlighed og åbenhed på tværs", "cp865"),
        ("Medarbeiderne får ansvar og være med", "mac_roman"),
        ("Ledelse på tværs i Ærø", "utf-16"),
        ("Ledelse på tværs i Ærø", "utf-16-le"),
        ("Ledelse på tværs i Ærø", "utf-16-be"),
        ("Ledelse på tværs i Ærø", "utf-8-sig"),
        ("Ledelse på tværs i Ærø", "utf-8"),
    ],
)
def test_encoding_detection_gets_nordic_letters_right(text: str, codec: str) -> None:
    decoded, _ = decode_text(text.encode(codec), "x.txt")
    assert decoded == text


def test_explicit_encoding_overrides_detection() -> None:
    data = "Vi går".encode("cp865")
    assert decode_text(data, "x", "cp865")[0] == "Vi går"
    assert decode_text(data, "x", "latin-1")[0] != "Vi går"
    with pytest.raises(UsageError, match="unknown encoding"):
        decode_text(data, "x", "no-such-codec")


def test_format_is_sniffed_from_content() -> None:
    pdf = make_pdf([PDF_PAGE1])
    assert detect_format(pdf, ".txt", "x.txt") == "pdf"
    assert detect_format(make_docx(), ".bin", "x.bin") == "docx"
    with pytest.raises(InputError, match="PNG"):
        detect_format(b"\x89PNG\r\n\x1a\n\x00\x00", ".txt", "x.txt")


def test_limits_are_enforced_in_prepare(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text(
        "Ledelse\n\n" + "\n".join(f"- Vi skaber retning nummer {i} for alle" for i in range(50)),
        encoding="utf-8",
    )
    with pytest.raises(LimitError, match="--max-principles"):
        prepare(path, IngestOptions(max_principles=10, timeout=0))
    with pytest.raises(LimitError, match="--max-chars"):
        prepare(path, IngestOptions(max_chars=100, timeout=0))
    with pytest.raises(LimitError, match="--max-bytes"):
        prepare(path, IngestOptions(max_bytes=100, timeout=0))
    document, _ = prepare(path, IngestOptions(timeout=30))
    assert len(document.principles) == 50
