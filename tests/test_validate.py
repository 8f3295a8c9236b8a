"""`ledelse validate` and the safe YAML layer: broken files exit 3 naming file, line and key."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from ledelse_cli.base.errors import ValidationError
from ledelse_cli.base.yamlio import parse_yaml
from ledelse_cli.knowledge.mappingcheck import (
    detect_kind,
    validate_all,
    validate_file,
    validate_mappings,
)

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "mappings"
BAD = Path(__file__).parent / "fixtures" / "bad_yaml"
BAD_FILES = sorted(BAD.glob("*.yaml"))
LEDELSE = Path(sys.executable).parent / "ledelse"


def _expectations(path: Path) -> list[tuple[int, str, str]]:
    """(line, key path, message fragment) from the fixture's ``# expect:`` header lines."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"# expect: (\d+) \| (.+?) \| (.+)$", line)
        if m:
            out.append((int(m.group(1)), m.group(2), m.group(3)))
    return out


def _run(*args: str):  # type: ignore[no-untyped-def]
    """In-process CLI through the real error boundary (exit codes, ``error:`` lines)."""
    return run_cli(*args, corpus=None)


def test_there_are_at_least_12_broken_fixtures_each_with_expectations() -> None:
    assert len(BAD_FILES) >= 12
    for f in BAD_FILES:
        assert _expectations(f), f"{f.name} has no '# expect:' header"
        assert detect_kind(f) is not None, f"{f.name}: kind not detectable from its name"


def test_repository_validates() -> None:
    result = _run("validate", "--mappings", str(MAPPINGS), "--corpus", str(ROOT / "corpus"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_repository_validates_as_json() -> None:
    result = _run("validate", "--mappings", str(MAPPINGS), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["problems"] == []
    checked = {Path(p).name for p in report["checked"]}
    assert {"taxonomy.yaml", "frameworks.yaml"} <= checked


@pytest.mark.parametrize("fixture", BAD_FILES, ids=lambda p: p.stem)
def test_broken_file_exits_3_naming_file_line_and_key(fixture: Path) -> None:
    result = _run("validate", "--mappings", str(MAPPINGS), str(fixture))
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors, result.stderr
    assert "Traceback" not in result.stderr
    for line_no, key, fragment in _expectations(fixture):
        wanted = f"error: {fixture}:{line_no}: {key}: "
        matching = [e for e in errors if e.startswith(wanted)]
        assert matching, f"no error starting {wanted!r} in:\n{result.stderr}"
        assert any(fragment in e for e in matching), f"{fragment!r} not in {matching}"


@pytest.mark.parametrize(
    "fixture",
    [f for f in BAD_FILES if detect_kind(f) in ("taxonomy", "frameworks", "mapping")],
    ids=lambda p: p.stem,
)
def test_broken_file_in_a_mappings_directory_exits_3(fixture: Path, tmp_path: Path) -> None:
    """The same files, dropped into a copy of the mappings directory where they would live."""
    mappings = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, mappings)
    kind = detect_kind(fixture)
    target = {
        "taxonomy": mappings / "taxonomy.yaml",
        "frameworks": mappings / "frameworks.yaml",
        "mapping": mappings / "reviewed" / "broken.yaml",
    }[kind or ""]
    shutil.copyfile(fixture, target)
    empty_corpus = tmp_path / "corpus"
    empty_corpus.mkdir()
    result = _run("validate", "--mappings", str(mappings), "--corpus", str(empty_corpus))
    assert result.exit_code == 3, result.stdout + result.stderr
    line_no, key, _ = _expectations(fixture)[0]
    assert f"{target}:{line_no}: {key}: " in result.stderr


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, mappings)
    shutil.copyfile(BAD / "taxonomy--unknown-related.yaml", mappings / "taxonomy.yaml")
    shutil.copyfile(BAD / "frameworks--lang-no.yaml", mappings / "frameworks.yaml")
    shutil.copyfile(BAD / "mapping--bad-relation.yaml", mappings / "reviewed" / "a.yaml")
    problems = validate_mappings(mappings)
    files = {p.split(":", 1)[0] for p in problems}
    assert files == {
        str(mappings / "taxonomy.yaml"),
        str(mappings / "frameworks.yaml"),
        str(mappings / "reviewed" / "a.yaml"),
    }


def test_python_tag_is_not_executed_and_no_traceback(tmp_path: Path) -> None:
    fixture = BAD / "taxonomy--python-tag.yaml"
    proc = subprocess.run(
        [str(LEDELSE), "validate", "--mappings", str(MAPPINGS), str(fixture)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "LEDELSE_DEBUG": "0"},
        timeout=120,
    )
    assert proc.returncode == 3
    assert not (tmp_path / "pwned-marker").exists()
    assert "Traceback" not in proc.stderr
    assert "tags are not allowed" in proc.stderr
    assert proc.stdout == ""


def test_no_fixture_prints_a_traceback_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(LEDELSE), "validate", "--mappings", str(MAPPINGS), *map(str, BAD_FILES)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    named = {line.split(":", 2)[1].strip() for line in proc.stderr.splitlines() if line}
    assert named == {str(f) for f in BAD_FILES}


def test_missing_explicit_corpus_is_a_problem(tmp_path: Path) -> None:
    result = _run("validate", "--mappings", str(MAPPINGS), "--corpus", str(tmp_path / "nope"))
    assert result.exit_code == 3
    assert "corpus directory does not exist" in result.stderr


def test_missing_taxonomy_suggests_the_misspelt_file(tmp_path: Path) -> None:
    mappings = tmp_path / "m"
    shutil.copytree(MAPPINGS, mappings)
    (mappings / "taxonomy.yaml").rename(mappings / "taxonmy.yaml")
    problems = validate_mappings(mappings)
    assert any("taxonomy.yaml:0: (top): required file is missing" in p for p in problems)
    assert any("taxonmy.yaml" in p for p in problems)


def test_framework_documents_are_checked_against_the_corpus(tmp_path: Path) -> None:
    # kl11, ks10 and lk7 are bundled: an empty corpus can use them. A framework whose
    # document is neither in the corpus nor bundled is reported, with the line.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert validate_mappings(MAPPINGS, corpus) == []
    mappings = tmp_path / "m"
    shutil.copytree(MAPPINGS, mappings)
    path = mappings / "frameworks.yaml"
    path.write_text(path.read_text("utf-8").replace("document: lk7", "document: lk8"), "utf-8")
    problems = validate_mappings(mappings, corpus)
    assert len(problems) == 1, problems
    assert "frameworks -> lk7 -> document: 'lk8' is neither in the corpus nor a bundled " \
        "framework; did you mean lk7?" in problems[0]
    (corpus / "lk8").mkdir()
    (corpus / "lk8" / "meta.yaml").write_text("id: lk8\n", "utf-8")
    assert validate_mappings(mappings, corpus) == []
    assert validate_mappings(MAPPINGS) == []


def test_mapping_to_unknown_document_is_reported_when_a_corpus_is_given(tmp_path: Path) -> None:
    mappings = tmp_path / "m"
    shutil.copytree(MAPPINGS, mappings)
    (mappings / "reviewed" / "x.yaml").write_text(
        "mappings:\n"
        "  - {principle: gladsax/3, target: kl11/7, relation: intersects, strength: 5,\n"
        "     rationale: both, status: suggested}\n",
        "utf-8",
    )
    report = validate_all(mappings, ROOT / "corpus")
    assert any("unknown document 'gladsax'; did you mean gladsaxe?" in p for p in report.problems)


def _alignment(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled mappings whose alignment.yaml has ``old`` replaced by ``new``."""
    mappings = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, mappings)
    path = mappings / "alignment.yaml"
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
    return mappings


def _line(path: Path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if line.startswith(prefix))


def test_bundled_alignment_settings_are_checked_and_pass() -> None:
    report = validate_all(MAPPINGS)
    assert str(MAPPINGS / "alignment.yaml") in report.checked
    assert report.ok, report.problems
    assert detect_kind(MAPPINGS / "alignment.yaml") == "alignment"
    assert validate_file(MAPPINGS / "alignment.yaml", MAPPINGS) == []


def test_alignment_threshold_above_one_exits_3(tmp_path: Path) -> None:
    mappings = _alignment(tmp_path, "\n  full: 0.33\n", "\n  full: 1.53\n")
    path = mappings / "alignment.yaml"
    result = _run("validate", "--mappings", str(mappings))
    assert result.exit_code == 3, result.stderr
    assert f"error: {path}:{_line(path, '  full:')}: thresholds -> full: " in result.stderr
    # The scorer refuses the same file rather than scoring with it.
    r = run_cli("coverage", "--against", "kl11", "--mappings", str(mappings))
    assert r.exit_code == 3 and "alignment.yaml" in r.stderr, r.stderr


def test_alignment_partial_must_be_below_full(tmp_path: Path) -> None:
    mappings = _alignment(tmp_path, "\n  full: 0.33\n", "\n  full: 0.1\n")
    path = mappings / "alignment.yaml"
    result = _run("validate", "--mappings", str(mappings))
    assert result.exit_code == 3, result.stderr
    errors = [e for e in result.stderr.splitlines() if e.startswith("error: ")]
    assert errors == [
        f"error: {path}:{_line(path, '  partial:')}: thresholds -> partial: partial 0.17 must be "
        f"below full 0.1 (line {_line(path, '  full:')})"
    ]
    r = run_cli("coverage", "--against", "kl11", "--mappings", str(mappings))
    assert r.exit_code == 3 and "must be below full" in r.stderr, r.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\n  partial: 0.17\n", "\n  partial: 0\n", "partial: 0 must be between 0 and 1"),
        ("\n  full: 0.33\n", "\n  full: 1\n", "full: 1 must be between 0 and 1"),
        ("  lexical: 0.6\n  fuzzy: 0.0\n  concepts: 0.4\n",
         "  lexical: 0\n  fuzzy: 0.0\n  concepts: 0\n",
         "weights: lexical, fuzzy and concepts are all 0"),
    ],
    ids=["partial-zero", "full-one", "weights-zero"],
)
def test_alignment_cross_field_checks(tmp_path: Path, old: str, new: str, message: str) -> None:
    mappings = _alignment(tmp_path, old, new)
    problems = validate_mappings(mappings)
    assert problems and all(str(mappings / "alignment.yaml") in p for p in problems), problems
    assert any(message in p for p in problems), problems


def test_unknown_kind_is_explained(tmp_path: Path) -> None:
    f = tmp_path / "whatever.yaml"
    f.write_text("a: 1\n", "utf-8")
    assert "pass --kind" in validate_file(f, MAPPINGS)[0]
    result = _run("validate", "--mappings", str(MAPPINGS), "--kind", "stopwords", str(f))
    assert result.exit_code == 3
    assert f"{f}:1: a: '" in result.stderr or f"{f}:1: a:" in result.stderr


# ------------------------------------------------------------------------------ the YAML layer


def test_norway_problem_language_codes_stay_strings() -> None:
    data = parse_yaml("lang: no\nnb: nb\nnn: nn\nno: yes\non: off\ny: n\nflag: true\n", "t.yaml")
    assert data == {
        "lang": "no",
        "nb": "nb",
        "nn": "nn",
        "no": "yes",
        "on": "off",
        "y": "n",
        "flag": True,
    }


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(ValidationError) as e:
        parse_yaml("a:\n  b: 1\n  b: 2\n", "t.yaml")
    assert e.value.problems == ["t.yaml:3: a -> b: duplicate key 'b' (first at line 2)"]


def test_aliases_are_refused() -> None:
    with pytest.raises(ValidationError) as e:
        parse_yaml("a: &x [1]\nb: *x\n", "t.yaml")
    assert "anchors and aliases" in e.value.problems[0]


def _with_lines(value: object) -> object:
    """A parsed value with the line numbers our loaders attach, for comparing loaders."""
    from ledelse_cli.base.yamlio import LineDict, LineList

    if isinstance(value, LineDict):
        lines = sorted(value.key_lines.items())
        return [value.line, lines, {k: _with_lines(v) for k, v in value.items()}]
    if isinstance(value, LineList):
        return [value.line, value.item_lines, [_with_lines(v) for v in value]]
    return value


@pytest.mark.parametrize(
    "path", sorted(MAPPINGS.rglob("*.yaml")) + sorted(BAD.glob("*.yaml")), ids=lambda p: p.name
)
def test_fast_yaml_path_equals_pure_python_loader(path: Path) -> None:
    """libyaml parses valid files; the pure-Python loader must agree value for value, line for
    line, and every file either loader refuses is refused with the pure-Python message."""
    import yaml

    from ledelse_cli.base import yamlio

    text = path.read_text("utf-8")
    try:
        slow = yaml.load(text, Loader=yamlio._Loader)
    except yaml.YAMLError:
        with pytest.raises(ValidationError):
            parse_yaml(text, path.name)
        with pytest.raises(yaml.YAMLError):
            yaml.load(text, Loader=yamlio._FastLoader)
        return
    assert yaml.__with_libyaml__ and yamlio._FastLoader.__mro__[1] is yaml.CSafeLoader
    assert _with_lines(yaml.load(text, Loader=yamlio._FastLoader)) == _with_lines(slow)
    assert _with_lines(parse_yaml(text, path.name)) == _with_lines(slow)


@pytest.mark.parametrize(
    "text",
    ["a: &x [1, 2]\nb: *x\n", "a: &x 1\nb: *x\n", "a: &x\n  k: v\nb:\n  <<: *x\n"],
)
def test_aliases_refused_by_both_loaders(text: str) -> None:
    with pytest.raises(ValidationError, match="anchors and aliases"):
        parse_yaml(text, "f.yaml")


def test_alignment_defaults_have_one_source(tmp_path: Path) -> None:
    """A mappings directory without alignment.yaml scores with the bundled file's values
    (there are no separate built-in defaults to drift from it)."""
    from ledelse_cli.knowledge.alignment import load_config

    bundled = yaml.safe_load((MAPPINGS / "alignment.yaml").read_text("utf-8"))
    mappings = tmp_path / "m"
    shutil.copytree(MAPPINGS, mappings)
    (mappings / "alignment.yaml").unlink()
    config = load_config(mappings)
    assert (config.full, config.partial) == (bundled["thresholds"]["full"],
                                             bundled["thresholds"]["partial"])
    assert config.profile_weight == bundled["profile_weight"] == 0.5
    assert config.rarity.domain_weight == bundled["rarity"]["domain_weight"]
    assert config.item_weight == bundled["item_weight"]


def test_alignment_profile_weight_is_required(tmp_path: Path) -> None:
    mappings = _alignment(tmp_path, "\nprofile_weight: 0.5\n", "\n")
    problems = validate_mappings(mappings)
    assert len(problems) == 1 and "profile_weight" in problems[0], problems


def test_mapping_loaders_read_an_edited_file_again(tmp_path: Path) -> None:
    """One cache for every mapping file's loader: an unchanged file gives the same object,
    an edited one is read again."""
    from ledelse_cli.knowledge.alignment import load_config
    from ledelse_cli.knowledge.frameworks import load_frameworks

    mappings = tmp_path / "m"
    shutil.copytree(MAPPINGS, mappings)
    assert load_frameworks(mappings) is load_frameworks(mappings)
    first = load_config(mappings)
    assert load_config(mappings) is first
    path = mappings / "alignment.yaml"
    path.write_text(path.read_text("utf-8").replace("\n  full: 0.33\n", "\n  full: 0.41\n"),
                    "utf-8")
    assert load_config(mappings).full == 0.41 and first.full == 0.33
