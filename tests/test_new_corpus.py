"""A corpus of one's own: `ledelse init`, the bundled frameworks readable through any corpus
(even an empty or missing one), and commands that need a corpus saying where they looked."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import CORPUS, run_cli
from ledelse_cli.sources.bundled import bundled_documents
from ledelse_cli.sources.corpus import Corpus
from ledelse_cli.text.pipeline import load_document

DOC = (
    "Vores ledelsesgrundlag\n\n## Vi leder med tillid\nVi giver medarbejderne frihed og ansvar "
    "for opgaven.\n\n## Vi skaber mening\nVi forklarer, hvorfor vi træffer vores beslutninger.\n\n"
    "## Vi udvikler os sammen\nVi lærer af hinanden og afprøver nye idéer.\n"
)


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_bundled_frameworks_are_the_ones_frameworks_yaml_names() -> None:
    assert bundled_documents() == {"kl11", "ks10", "lk7"}


def test_an_empty_corpus_reads_the_bundled_frameworks_but_does_not_list_them(
    tmp_path: Path,
) -> None:
    corpus = Corpus(tmp_path / "empty")
    assert corpus.ids() == []
    assert corpus.has("kl11") and not corpus.owns("kl11")
    document = load_document(corpus, "kl11")
    assert [p.number for p in document.principles] == [str(n) for n in range(1, 12)]
    assert document.principles[0].title == "Jeg påtager mig mit lederskab"
    # gladsaxe is in the demo corpus but is no framework: not readable through another corpus.
    assert not corpus.has("gladsaxe")


def test_init_ingest_and_coverage_in_a_new_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    r = run_cli("init", str(corpus), corpus=None)
    assert r.exit_code == 0, r.stderr
    assert "ledelse ingest FILE --corpus" in (corpus / "README.md").read_text("utf-8")
    assert f"add documents with: ledelse ingest FILE --corpus {corpus}" in r.stderr
    source = tmp_path / "vores.md"
    source.write_text(DOC, "utf-8")
    assert run_cli("ingest", str(source), "--corpus", str(corpus), corpus=None).exit_code == 0
    r = run_cli("coverage", "--against", "kl11", "--format", "json", "--corpus", str(corpus),
                corpus=None)
    assert r.exit_code == 0, r.stderr
    data = r.json()
    # The new corpus's one document is the only column; the target's points are kl11's 11.
    assert data["documents"] == ["vores"]
    assert [p["number"] for p in data["points"]] == [str(n) for n in range(1, 12)]
    listed = run_cli("list", "--format", "json", "--corpus", str(corpus), corpus=None).json()
    assert [d["id"] for d in listed["documents"]] == ["vores"]


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    r = run_cli("init", str(tmp_path), corpus=None)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {tmp_path}: is not empty")
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"
    assert not (tmp_path / "README.md").exists()


def test_saving_a_bundled_framework_copies_it_into_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    assert run_cli("init", str(corpus), corpus=None).exit_code == 0
    r = run_cli("segment", "ks10", "--save", "--corpus", str(corpus), corpus=None)
    assert r.exit_code == 0, r.stderr
    own = corpus / "ks10"
    assert (own / "segmentation.yaml").is_file()
    assert (own / "text.txt").read_bytes() == (CORPUS / "ks10" / "text.txt").read_bytes()
    assert Corpus(corpus).owns("ks10") and Corpus(corpus).ids() == ["ks10"]
    assert run_cli("validate", "--corpus", str(corpus), corpus=None).exit_code == 0


def test_commands_that_need_a_corpus_say_where_they_looked(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDELSE_CORPUS", raising=False)
    for args in (["list"], ["coverage", "--against", "kl11"], ["similarity"],
                 ["coverage", "--against", "kl11", "gladsaxe"]):
        r = run_cli(*args, corpus=None)
        assert r.exit_code == 2, (args, r.stderr)
        line = r.stderr.strip()
        assert "\n" not in line
        assert line.startswith("error: no corpus: ./corpus does not exist (the default: no "
                               "--corpus given, LEDELSE_CORPUS not set)"), (args, line)
        assert "--corpus DIR or LEDELSE_CORPUS=DIR" in line and "ledelse init DIR" in line
    monkeypatch.setenv("LEDELSE_CORPUS", str(tmp_path / "elsewhere"))
    r = run_cli("list", corpus=None)
    assert r.exit_code == 2
    assert f"no corpus: {tmp_path / 'elsewhere'} does not exist (from $LEDELSE_CORPUS)" in r.stderr


def test_a_file_ref_against_a_bundled_framework_needs_no_corpus(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LEDELSE_CORPUS", raising=False)
    Path("vores.md").write_text(DOC, "utf-8")
    r = run_cli("coverage", "--against", "kl11", "vores.md", "--format", "json", corpus=None)
    assert r.exit_code == 0, r.stderr
    assert r.json()["documents"] == ["vores"]
    assert not Path("corpus").exists()


def test_the_demo_corpus_is_untouched_by_reading_frameworks_through_another(
    tmp_path: Path,
) -> None:
    before = _hashes(CORPUS / "kl11")
    load_document(Corpus(tmp_path / "c"), "kl11")
    assert _hashes(CORPUS / "kl11") == before
