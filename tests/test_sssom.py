"""SSSOM export: read back by sssom-pydantic, predicates as documented, reviewed rows marked.

sssom-pydantic (biopragmatics) is the reader: the reference `sssom` package pulls in 73
packages here (linkml, rdflib, Sphinx, pyoxigraph …), too much for a test extra.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sssom_pydantic import io as sssom_io

from conftest import MAPPINGS, REPO, run_cli

REVIEWED = """\
mappings:
  - principle: gladsaxe/6
    target: kl11/11
    relation: superset
    strength: 8
    rationale: A reviewer's verdict, deliberately unlike the tool's suggestion.
    status: reviewed
    reviewer: Test Person
    date: 2026-11-30
  - principle: gladsaxe/1
    target: kl11/3
    relation: not_related
    strength: 2
    rationale: Reviewed as unrelated.
    status: reviewed
    reviewer: 0000-0002-1825-0097
  - principle: gladsaxe/2
    target: kl11/7
    relation: equal
    strength: 9
    rationale: A suggestion only; exported as the tool's own row.
    status: suggested
"""
# The table documented in README.md ("SSSOM").
SKOS = {"equal": "skos:exactMatch", "subset": "skos:broadMatch",
        "superset": "skos:narrowMatch", "intersects": "skos:relatedMatch",
        "not_related": "skos:relatedMatch"}


def _export(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "map.sssom.tsv"
    r = run_cli("export", "sssom", "--against", "kl11", "gladsaxe", *args, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return out


def _reviewed_mappings(tmp_path: Path) -> Path:
    dst = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, dst)
    (dst / "reviewed" / "test.yaml").write_text(REVIEWED, encoding="utf-8")
    return dst


def test_sssom_reads_back_and_predicates_follow_the_relation(tmp_path: Path) -> None:
    mappings = _reviewed_mappings(tmp_path)
    out = _export(tmp_path, "--mappings", str(mappings))
    assert (tmp_path / "map.sssom.tsv.manifest.json").is_file()
    read, _converter, mapping_set, errors = sssom_io.read(out, return_errors=True)
    assert errors == []
    assert str(mapping_set.license) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(mapping_set.id).startswith("https://example.org/ledelse/")
    align = run_cli("align", "gladsaxe", "--against", "kl11", "--top", "11", "--format",
                    "json", "--mappings", str(mappings)).json()
    expected = {}
    for p in align["principles"]:
        for m in p["matches"]:
            if m["level"] in ("full", "partial") or m["reviewed"]:
                expected[(p["id"].replace("/", ":"), m["target"].replace("/", ":"))] = m
    got = {(m.subject.curie, m.object.curie): m for m in read}
    assert set(got) == set(expected) and len(read) == len(expected)
    for key, m in got.items():
        e = expected[key]
        assert m.predicate.curie == SKOS[e["relation"]]
        assert (m.predicate_modifier == "Not") == (e["relation"] == "not_related")
        if e["reviewed"]:
            assert m.justification.curie == "semapv:ManualMappingCuration"
            assert m.reviewers and m.authors
        else:
            assert m.justification.curie == "semapv:LexicalMatching"
            assert m.confidence == e["score"]
            assert not m.reviewers
    sup = got[("gladsaxe:6", "kl11:11")]
    assert sup.predicate.curie == "skos:narrowMatch" and sup.confidence == 0.8
    assert [r.curie for r in sup.reviewers] == ["ledelse_reviewer:test-person"]
    assert str(sup.mapping_date) == "2026-11-30"
    # The reader keeps ids only; the person's name is in reviewer_label.
    row = next(ln.split("\t") for ln in out.read_text("utf-8").splitlines()
               if ln.startswith("gladsaxe:6\t") and "\tkl11:11\t" in ln)
    assert row.count("Test Person") == 2  # author_label and reviewer_label
    unrelated = got[("gladsaxe:1", "kl11:3")]
    assert unrelated.predicate_modifier == "Not"
    assert [r.curie for r in unrelated.reviewers] == ["orcid:0000-0002-1825-0097"]
    # A *suggested* mapping-file entry is no verdict: the row is the tool's own.
    assert got[("gladsaxe:2", "kl11:7")].justification.curie == "semapv:LexicalMatching"


def test_sssom_tsv_follows_the_specification_layout(tmp_path: Path) -> None:
    """Checks written from the SSSOM specification (TSV serialisation), independent of any
    reader: '#'-prefixed YAML metadata first, then a tab-separated table whose CURIEs all use
    prefixes of the curie_map."""
    text = _export(tmp_path, "--base-iri", "https://study.example/").read_text("utf-8")
    lines = text.splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    assert lines[: len(head)] == head  # metadata only at the top
    meta = yaml.safe_load("\n".join(ln[1:] for ln in head))
    for key in ("curie_map", "mapping_set_id", "license"):
        assert meta[key]
    assert meta["mapping_set_id"].startswith("https://study.example/")
    table = [ln.split("\t") for ln in lines[len(head):]]
    columns = table[0]
    assert {"subject_id", "predicate_id", "object_id", "mapping_justification"} <= set(columns)
    assert all(len(row) == len(columns) for row in table)
    prefixes = set(meta["curie_map"])
    for row in table[1:]:
        cells = dict(zip(columns, row, strict=True))
        for col in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            assert cells[col].split(":", 1)[0] in prefixes, (col, cells[col])
        assert 0 < float(cells["confidence"]) <= 1


def test_readme_documents_the_predicate_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for relation, predicate in SKOS.items():
        assert f"| `{relation}` | `{predicate}`" in readme, relation
