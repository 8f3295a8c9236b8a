"""Reviewed mapping files override the tool's suggestion for a pair, and say so."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MAPPINGS, run_cli

REVIEWED = """\
mappings:
  - principle: gladsaxe/6
    target: kl11/11
    relation: superset
    strength: 8
    rationale: A reviewer's verdict, deliberately unlike the tool's suggestion.
    status: reviewed
    reviewer: Test Person
  - principle: gladsaxe/6
    target: kl11/1
    relation: not_related
    strength: 1
    rationale: A suggestion only; it must not override anything.
    status: suggested
"""


def _mappings(tmp_path: Path) -> Path:
    dst = tmp_path / "mappings"
    shutil.copytree(MAPPINGS, dst)
    (dst / "reviewed" / "test.yaml").write_text(REVIEWED, encoding="utf-8")
    return dst


def _matches(data: dict, principle: str) -> dict[str, dict]:
    p = next(p for p in data["principles"] if p["id"] == principle)
    return {m["target"]: m for m in p["matches"]}


def test_reviewed_entry_overrides_and_is_marked(tmp_path: Path) -> None:
    mappings = _mappings(tmp_path)
    before = run_cli("align", "gladsaxe", "--against", "kl11", "--top", "11", "--format",
                     "json").json()
    after = run_cli("align", "gladsaxe", "--against", "kl11", "--top", "11", "--format", "json",
                    "--mappings", str(mappings)).json()
    auto, reviewed = _matches(before, "gladsaxe/6"), _matches(after, "gladsaxe/6")
    assert auto["kl11/11"]["reviewed"] is False and auto["kl11/11"]["relation"] != "superset"
    m = reviewed["kl11/11"]
    assert m["reviewed"] is True
    assert m["relation"] == "superset"
    assert m["level"] == "full"  # strength 8 of 10
    assert m["relation_rule"].startswith("reviewed (")
    assert "reviewer's verdict" in m["rationale"]
    assert m["score"] == auto["kl11/11"]["score"]  # the tool's own score is still shown
    # A suggested entry changes nothing.
    assert reviewed["kl11/1"] == auto["kl11/1"]


def test_reviewed_entry_shows_in_coverage(tmp_path: Path) -> None:
    mappings = _mappings(tmp_path)
    data = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format", "json",
                   "--mappings", str(mappings)).json()
    cell = next(c for c in data["cells"] if c["point"] == "kl11/11")
    reviewed = [e for e in cell["evidence"] if e["principle"] == "gladsaxe/6"]
    assert reviewed and reviewed[0]["reviewed"] is True and reviewed[0]["relation"] == "superset"
