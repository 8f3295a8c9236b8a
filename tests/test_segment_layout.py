"""The layout-reading segmenter through the CLI: --explain, warnings, documents with no
principle, display without markup (issue H). Inputs are the layout fixtures, written in our
own words (tests/fixtures/layouts/)."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import run_cli

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def test_explain_shows_tree_readings_and_evidence() -> None:
    path = LAYOUTS / "f03-value-words-caps-da.txt"
    result = run_cli("segment", str(path), "--explain", corpus=None)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "from the “structure” reading" in out
    assert "readings, most evidence first:" in out
    assert "block tree:" in out
    # The runners-up are listed with their evidence too.
    assert "prose" in out and "no principles" in out
    # The announced count is found and named.
    assert "(5)" in out


def test_explain_json_has_the_choice_and_the_blocks() -> None:
    path = LAYOUTS / "f02-purpose-goals-two-lists-da.md"
    data = run_cli("segment", str(path), "--explain", "--format", "json", corpus=None).json()
    explain = data["explain"]
    assert explain["chosen"] == "structure"
    kinds = {b["kind"] for b in explain["blocks"]}
    assert {"heading", "bullet", "lead"} <= kinds
    chosen = [r for r in explain["readings"] if r["chosen"]]
    assert len(chosen) == 1 and chosen[0]["reading"] == "structure"
    # Formål and Mål are there as groups, but do not hold principles, and say why.
    refused = [g for g in explain["groups"] if not g["selected"] and g["kind"] == "list"]
    assert any("holds no principles" in " ".join(g["reasons"]) for g in refused)
    assert len(data["principles"]) == 8


def test_announced_count_mismatch_warns_on_ingest_and_list(tmp_corpus: Path) -> None:
    spec = yaml.safe_load((LAYOUTS / "f07-excerpt-fewer-da.yaml").read_text("utf-8"))
    source = next(LAYOUTS.glob("f07-excerpt-fewer-da.[mt]*[dt]"))
    result = run_cli("ingest", str(source), "--id", "udkast", corpus=tmp_corpus)
    assert result.exit_code == 0, result.stderr
    found = len(spec["principles"])
    assert f"announces {spec['announced']} principles" in result.stderr
    assert f"{found} found" in result.stderr
    meta = yaml.safe_load((tmp_corpus / "udkast" / "meta.yaml").read_text("utf-8"))
    assert any("announces" in w for w in meta["warnings"])
    listing = run_cli("list", corpus=tmp_corpus)
    assert "⚠" in listing.stdout and "announces" in listing.stdout


def test_document_without_principles_is_stored_shown_and_correctable(tmp_corpus: Path) -> None:
    source = next(LAYOUTS.glob("f09-news-no-principles-da.*[td]"))
    before = {p.name for p in tmp_corpus.iterdir()}
    result = run_cli("ingest", str(source), "--id", "nyhed", corpus=tmp_corpus)
    assert result.exit_code == 0, result.stderr
    assert "warning: nyhed: no principles found" in result.stderr
    assert "`ledelse segment nyhed --save`" in result.stderr  # the command to run, as it is
    added = {p.name for p in tmp_corpus.iterdir() if not p.name.startswith(".")} - before
    assert added == {"nyhed"}
    # list marks it; coverage shows it as a column of none.
    assert "no principles found" in run_cli("list", corpus=tmp_corpus).stdout
    cov = run_cli("coverage", "--against", "kl11", "nyhed", "gladsaxe", "--format", "json",
                  corpus=tmp_corpus)
    assert cov.exit_code == 0, cov.stderr
    data = cov.json()
    assert data["documents"] == ["nyhed", "gladsaxe"]
    cells = [c for c in data["cells"] if c["document"] == "nyhed"]
    assert len(cells) == 11 and {c["level"] for c in cells} == {"none"}
    # segment --save gives a file to correct by hand.
    saved = run_cli("segment", "nyhed", "--save", corpus=tmp_corpus)
    assert saved.exit_code == 0, saved.stderr
    corrected = yaml.safe_load((tmp_corpus / "nyhed" / "segmentation.yaml").read_text("utf-8"))
    assert corrected["principles"] == []


def test_display_has_no_markup_but_spans_keep_it(tmp_corpus: Path) -> None:
    source = LAYOUTS / "f08-bold-lead-words-da.md"
    assert "**" in source.read_text("utf-8")
    assert run_cli("ingest", str(source), "--id", "fed", corpus=tmp_corpus).exit_code == 0
    shown = run_cli("show", "fed", corpus=tmp_corpus)
    assert shown.exit_code == 0
    assert "**" not in shown.stdout and "##" not in shown.stdout
    data = run_cli("show", "fed", "--format", "json", corpus=tmp_corpus).json()
    text = (tmp_corpus / "fed" / "text.txt").read_text("utf-8")
    bold = [p for p in data["principles"] if "**" in text[p["span"][0]:p["span"][1]]]
    assert bold, "the stored text keeps its markup where the spans point"
    for p in data["principles"]:
        assert "**" not in p["title"]


def test_heading_title_with_paragraph_text_has_a_title_span() -> None:
    path = LAYOUTS / "f06-md-headings-da.md"
    data = run_cli("segment", str(path), "--format", "json", corpus=None).json()
    text = path.read_text("utf-8")
    for p in data["principles"]:
        a, b = p["title_span"]
        assert p["title"] in text[a:b]
        assert p["span"][0] > b  # the paragraph follows its heading


def test_headings_only_markdown_is_stored_with_a_warning(tmp_corpus: Path, tmp_path: Path) -> None:
    """Formerly refused with exit 3 (tests/test_bad_input.py "md-only-headings"); issue H: a
    document with no principle is stored with a warning so that it can be corrected by hand."""
    path = tmp_path / "h.md"
    path.write_text("# Ledelse\n\n## Værdier\n\n### Mere\n", encoding="utf-8")
    result = run_cli("ingest", str(path), corpus=tmp_corpus)
    assert result.exit_code == 0, result.stderr
    assert "warning: h: no principles found" in result.stderr
    assert (tmp_corpus / "h" / "meta.yaml").is_file()
