"""Batch coverage exports (long CSV, JSON Lines, wide CSV), similarity, manifests and cite."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import run_cli
from ledelse_cli.outputs.export import safe_cell, with_bom
from ledelse_cli.outputs.manifest import citation


def _coverage_json(*refs: str) -> dict:
    r = run_cli("coverage", "--against", "kl11", *refs, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return r.json()


def test_long_csv_round_trips_to_json_numbers() -> None:
    data = _coverage_json()
    r = run_cli("coverage", "--against", "kl11", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == len(data["documents"]) * len(data["points"]) == 11 * 4
    assert len({(row["document"], row["point"]) for row in rows}) == len(rows)
    cells = {(c["document"], c["point"]): c for c in data["cells"]}
    for row in rows:
        c = cells[(row["document"], row["point"])]
        assert float(row["score"]) == c["score"]
        assert row["level"] == c["level"]
        assert row["relation"] == c["relation"]
        assert row["evidence_principles"].split(";") == (
            [e["principle"] for e in c["evidence"]] or [""])


def test_csv_text_is_display_text_and_json_keeps_the_stored_text() -> None:
    # Gladsaxe's text sets key words in bold ("oversætter **strategierne og politiske
    # målsætninger**"): a spreadsheet cell shows the words, the JSON keeps what its spans cut.
    r = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    texts = [row["evidence_text"] for row in csv.DictReader(io.StringIO(r.stdout))]
    assert any("oversætter strategierne og politiske målsætninger" in t for t in texts)
    assert not any("**" in t for t in texts)
    cells = _coverage_json("gladsaxe")["cells"]
    assert any("**strategierne" in e["text"] for c in cells for e in c["evidence"])


def test_jsonl_and_wide_csv_match_json() -> None:
    data = _coverage_json("gladsaxe", "lk7")
    cells = {(c["document"], c["point"]): c["score"] for c in data["cells"]}
    r = run_cli("coverage", "--against", "kl11", "gladsaxe", "lk7", "--format", "jsonl")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 22
    assert all(cells[(x["document"], x["point"])] == x["score"] for x in lines)
    r = run_cli("coverage", "--against", "kl11", "gladsaxe", "lk7", "--format", "wide-csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["point", "title", "gladsaxe", "lk7"]
    assert len(rows) == 12
    for row in rows[1:]:
        assert float(row[2]) == cells[("gladsaxe", row[0])]
        assert float(row[3]) == cells[("lk7", row[0])]


def test_glob_and_org_expand_over_corpus_ids() -> None:
    assert _coverage_json("randers-*")["documents"] == ["randers-debat", "randers-konference"]
    r = run_cli("coverage", "--org", "randers", "gladsaxe", "--format", "json")
    # --org NAME is the org REF: its documents merged, as `coverage randers` gives them.
    assert r.json()["documents"] == ["gladsaxe", "randers"]
    r = run_cli("coverage", "nosuch-*")
    assert r.exit_code == 2
    assert "nosuch-*" in r.stderr
    r = run_cli("coverage", "--org", "randerz")
    assert r.exit_code == 2 and "randers" in r.stderr


def test_output_file_gets_manifest_and_bom(tmp_path: Path) -> None:
    out = tmp_path / "kl11.csv"
    r = run_cli("coverage", "--format", "csv", "--bom", "-o", str(out), "-q")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 44
    m = json.loads((tmp_path / "kl11.csv.manifest.json").read_text(encoding="utf-8"))
    assert m["tool"]["name"] == "ledelse" and m["tool"]["version"]
    assert m["parameters"]["fmt"] == "csv"
    assert len(m["mappings"]["taxonomy"]) == 64 and len(m["mappings"]["frameworks"]) == 64
    docs = {d["id"]: d for d in m["corpus"]["documents"]}
    assert set(docs) == {"kl11", "gladsaxe", "ks10", "lk7", "randers-debat", "randers-konference"}
    assert all(len(d["text_sha256"]) == 64 and d["sha256"] for d in docs.values())
    assert m["matcher"]["thresholds"]["full"] > m["matcher"]["thresholds"]["partial"]
    assert set(m["libraries"]) >= {"spacy", "simplemma", "rapidfuzz", "lingua-language-detector",
                                   "numpy", "scipy"}
    assert m["libraries"]["numpy"]


def test_manifest_beside_stdout_export(tmp_path: Path) -> None:
    where = tmp_path / "run.json"
    r = run_cli("coverage", "lk7", "--format", "md", "--manifest", str(where))
    assert r.exit_code == 0
    assert r.stdout.startswith("| document | point |")
    assert json.loads(where.read_text(encoding="utf-8"))["command"] == "coverage"


@pytest.mark.parametrize("value", ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"])
def test_formula_cells_neutralised(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert safe_cell("ledelse") == "ledelse"
    assert with_bom(with_bom("a")) == "\ufeffa"


def test_similarity_matrix_formats(tmp_path: Path) -> None:
    r = run_cli("similarity", "gladsaxe", "randers", "ks10", "--format", "json")
    assert r.exit_code == 0, r.stderr
    d = r.json()
    assert d["documents"] == ["gladsaxe", "randers", "ks10"]
    m = d["matrix"]
    assert [m[i][i] for i in range(3)] == [1.0, 1.0, 1.0]
    assert all(m[i][j] == m[j][i] and 0 <= m[i][j] < 1 for i in range(3) for j in range(3)
               if i != j)
    assert len(d["pairs"]) == 3
    r = run_cli("similarity", "gladsaxe", "randers", "ks10", "lk7", "--cluster", "--format",
                "wide-csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert sorted(rows[0][1:]) == ["gladsaxe", "ks10", "lk7", "randers"]
    assert [row[0] for row in rows[1:]] == rows[0][1:]
    r = run_cli("similarity", "gladsaxe", "--format", "json")
    assert r.exit_code == 2


def test_cite_from_manifest(tmp_path: Path) -> None:
    out = tmp_path / "k.csv"
    assert run_cli("coverage", "--format", "csv", "-o", str(out), "-q").exit_code == 0
    manifest = tmp_path / "k.csv.manifest.json"
    r = run_cli("cite", "--manifest", str(manifest))
    assert r.exit_code == 0, r.stderr
    m = json.loads(manifest.read_text(encoding="utf-8"))
    assert f"ledelse {m['tool']['version']}" in r.stdout
    assert m["corpus"]["sha256"] in r.stdout  # full hash in the BibTeX note
    assert "@software{" in r.stdout
    assert citation(m)["text"] in r.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert run_cli("cite", "--manifest", str(bad)).exit_code == 3
    r = run_cli("cite", "--format", "json")
    assert r.exit_code == 0 and "bibtex" in r.json()


def test_batch_with_a_bad_file_exports_the_rest_and_exits_4(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    r = run_cli("coverage", "lk7", str(empty), "--format", "csv")
    assert r.exit_code == 4
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["document"] for row in rows} == {"lk7"} and len(rows) == 11
    assert "empty.md" in r.stderr and "1 of 2" in r.stderr


def test_similarity_table_is_labelled() -> None:
    r = run_cli("similarity", "gladsaxe", "lk7", "ks10", "--cluster", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Document similarity (clustered order)")
    assert r.stdout.count("1.00") == 3
