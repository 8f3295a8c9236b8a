"""Mapping files for human review: loading, cross-checks, writing suggestions that keep reviews."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ledelse_cli.base.errors import UsageError, ValidationError
from ledelse_cli.base.yamlio import read_yaml
from ledelse_cli.knowledge.mappingfile import (
    RELATIONS,
    MappingEntry,
    load_mapping_files,
    mapping_file_problems,
    reviewed_overrides,
    write_suggestions,
)

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
FIXTURE = Path(__file__).parent / "fixtures" / "mappings" / "gladsaxe-kl11.yaml"


@pytest.fixture
def mappings(tmp_path: Path) -> Path:
    """A copy of the bundled mappings with the fixture mapping file in reviewed/."""
    d = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, d)
    shutil.copyfile(FIXTURE, d / "reviewed" / "gladsaxe-kl11.yaml")
    return d


def _suggestion(principle: str, target: str, strength: int = 5) -> MappingEntry:
    return MappingEntry(principle, target, "intersects", strength, "shared concepts")


def _entry_yaml(relation: str) -> str:
    return (f"  - {{principle: gladsaxe/3, target: kl11/3, relation: {relation}, strength: 5,\n"
            "     rationale: both, status: suggested}\n")


def test_relations_are_nist_ir_8477_and_the_schema_takes_exactly_them(tmp_path: Path) -> None:
    # The five NIST IR 8477 set relationships, each accepted by a mapping file…
    assert set(RELATIONS) == {"equal", "subset", "superset", "intersects", "not_related"}
    for relation in RELATIONS:
        path = tmp_path / f"{relation}.yaml"
        path.write_text("mappings:\n" + _entry_yaml(relation), "utf-8")
        problems, entries = mapping_file_problems(path)
        assert problems == [] and [e.relation for e in entries] == [relation], problems
    # … and nothing else (a near miss is refused, naming the file and line).
    path = tmp_path / "overlaps.yaml"
    path.write_text("mappings:\n" + _entry_yaml("overlaps"), "utf-8")
    problems, _ = mapping_file_problems(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:2: "), problems
    # The HTML report can name every relation in each of its languages.
    from ledelse_cli.outputs.report import STRINGS

    for lang, strings in STRINGS.items():
        assert set(RELATIONS) <= set(strings), lang


def test_bundled_reviewed_dir_loads(tmp_path: Path) -> None:
    reviewed = MAPPINGS / "reviewed"
    assert reviewed.is_dir()
    on_disk = [
        (str(m["principle"]), str(m["target"]))
        for f in sorted(reviewed.glob("*.y*ml"))
        for m in read_yaml(f)["mappings"]
    ]
    # Every entry of every bundled file, in file order, references resolved (may be none).
    assert [e.key for e in load_mapping_files(MAPPINGS)] == on_disk
    # The same directory with a file added loads that file's entries after the bundled ones.
    copy = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, copy)
    shutil.copyfile(FIXTURE, copy / "reviewed" / "zz-fixture.yaml")
    keys = [e.key for e in load_mapping_files(copy)]
    assert keys[: len(on_disk)] == on_disk and len(keys) == len(on_disk) + 3
    assert load_mapping_files(tmp_path / "nothing") == []  # no reviewed/ at all


def test_fixture_loads_with_all_fields(mappings: Path) -> None:
    entries = load_mapping_files(mappings)
    assert [e.key for e in entries] == [
        ("gladsaxe/3", "kl11/3"),
        ("gladsaxe/1", "kl11/3"),
        ("ks10/8", "kl11/5"),
    ]
    first = entries[0]
    assert first.reviewed and first.reviewer == "Test Person"
    assert first.date == "2026-11-24"
    assert first.concepts == ("tvaergaaende", "faglighed")
    assert first.source and first.source.endswith(":4: mappings -> [0]")
    assert entries[1].rationale.startswith("Gladsaxe's professional ambition is one part")
    assert entries[1].score == 0.61
    assert list(reviewed_overrides(entries)) == [("gladsaxe/3", "kl11/3")]


def test_unknown_concept_and_point_are_errors_with_suggestions(mappings: Path) -> None:
    path = mappings / "reviewed" / "gladsaxe-kl11.yaml"
    text = (
        path.read_text("utf-8")
        .replace("[faglighed]", "[faglighet]")
        .replace("target: kl11/5", "target: kl11/55")
    )
    path.write_text(text, "utf-8")
    with pytest.raises(ValidationError) as e:
        load_mapping_files(mappings)
    problems = "\n".join(e.value.problems)
    assert "unknown concept id 'faglighet'; did you mean faglighed?" in problems
    assert "'kl11/55' is not a point of framework kl11" in problems


def test_conflicting_reviews_in_two_files_are_an_error(mappings: Path) -> None:
    other = mappings / "reviewed" / "other.yaml"
    other.write_text(
        "mappings:\n"
        "  - {principle: gladsaxe/3, target: kl11/3, relation: equal, strength: 9,\n"
        "     rationale: same, status: reviewed, reviewer: Someone Else}\n",
        "utf-8",
    )
    with pytest.raises(ValidationError) as e:
        load_mapping_files(mappings)
    assert "was reviewed as intersects/6" in e.value.problems[0]


def test_same_pair_twice_in_one_file_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    entry = (
        "  - {principle: a/1, target: kl11/1, relation: equal, strength: 9, rationale: r, "
        "status: suggested}\n"
    )
    f.write_text("mappings:\n" + entry + entry, "utf-8")
    problems, entries = mapping_file_problems(f)
    assert entries == []
    assert problems == [f"{f}:3: mappings -> [1]: a/1 -> kl11/1 is mapped twice (first at line 2)"]


def test_write_suggestions_refuses_reviewed_entries(tmp_path: Path) -> None:
    reviewed = MappingEntry("a/1", "kl11/1", "equal", 9, "r", status="reviewed", reviewer="X")
    with pytest.raises(UsageError, match="writes only 'suggested'"):
        write_suggestions(tmp_path / "x.yaml", [_suggestion("a/2", "kl11/2"), reviewed])
    assert not (tmp_path / "x.yaml").exists()


def test_write_suggestions_creates_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "reviewed" / "new.yaml"
    written = write_suggestions(
        path,
        [_suggestion("gladsaxe/2", "kl11/7"), _suggestion("gladsaxe/2", "kl11/7", 9)],
        title="t",
    )
    assert [e.strength for e in written] == [5]  # first suggestion per pair wins
    problems, entries = mapping_file_problems(path)
    assert problems == []
    assert [(e.key, e.status) for e in entries] == [(("gladsaxe/2", "kl11/7"), "suggested")]
    assert path.read_text("utf-8").startswith("# Mapping suggestions written by `ledelse`")
    assert read_yaml(path)["title"] == "t"
    assert [p.name for p in path.parent.iterdir()] == ["new.yaml"]  # no temp files left


def test_write_suggestions_keeps_reviewed_and_replaces_old_suggestions(mappings: Path) -> None:
    path = mappings / "reviewed" / "gladsaxe-kl11.yaml"
    before = {e.key: e for e in load_mapping_files(mappings)}
    written = write_suggestions(
        path,
        [
            _suggestion("gladsaxe/3", "kl11/3", 2),  # reviewed pair: must not replace it
            _suggestion("gladsaxe/4", "kl11/9", 8),  # new pair
        ],
    )
    after = {e.key: e for e in load_mapping_files(mappings)}
    assert set(after) == {("gladsaxe/3", "kl11/3"), ("gladsaxe/4", "kl11/9")}
    kept = after[("gladsaxe/3", "kl11/3")]
    old = before[("gladsaxe/3", "kl11/3")]
    assert (kept.status, kept.relation, kept.strength, kept.reviewer, kept.rationale) == (
        old.status, old.relation, old.strength, old.reviewer, old.rationale
    )  # fmt: skip
    assert kept.date == "2026-11-24" and kept.concepts == old.concepts
    assert after[("gladsaxe/4", "kl11/9")].status == "suggested"
    assert written[0].key == ("gladsaxe/3", "kl11/3")
    assert read_yaml(path)["title"].startswith("Gladsaxe ledelsesgrundlag")


def test_write_suggestions_leaves_an_invalid_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("mappings:\n  - principle: x\n", "utf-8")
    with pytest.raises(ValidationError):
        write_suggestions(path, [_suggestion("a/1", "kl11/1")])
    assert path.read_text("utf-8") == "mappings:\n  - principle: x\n"


def test_entry_to_dict_round_trips_optional_fields() -> None:
    e = MappingEntry("a/1", "kl11/1", "subset", 3, "r", concepts=("tillid",), score=0.5)
    assert e.to_dict() == {
        "principle": "a/1",
        "target": "kl11/1",
        "relation": "subset",
        "strength": 3,
        "rationale": "r",
        "status": "suggested",
        "concepts": ["tillid"],
        "score": 0.5,
    }
