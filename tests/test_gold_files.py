"""The reading-based gold files are well formed (make eval and eval/calibrate.py trust them).

Only the committed gold is read; the page texts it refers to are third-party material and are
not in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

GOLD = Path(__file__).parent / "gold"
REALWORLD = sorted((GOLD / "realworld").glob("d*.yaml"))
SECOND = sorted((GOLD / "realworld_b").glob("d*.yaml"))
ALIGNSET = sorted((GOLD / "alignset").glob("a*.yaml"))
LEVELS = {"full", "partial", "none"}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    assert data["id"] == path.stem, path
    assert data["lang"] in ("da", "nb", "nn"), path
    return data


def _check_principle(path: Path, g: dict[str, Any], lists: set[str]) -> None:
    assert isinstance(g["title"], str) and g["title"].strip(), path
    assert g["list"] in lists, (path, g["title"])
    points = g["kl11"]
    assert isinstance(points, list) and all(isinstance(k, int) and 1 <= k <= 11 for k in points)
    assert len(set(points)) == len(points) <= 5, (path, g["title"])
    if points:
        assert str(g.get("reason") or "").strip(), (path, g["title"], "a coded point: no reason")


def _check_levels(path: Path, levels: dict[Any, Any]) -> None:
    assert sorted(int(k) for k in levels) == list(range(1, 12)), path
    for k, v in levels.items():
        assert v["level"] in LEVELS, (path, k)
        if v["level"] != "none":
            assert str(v.get("reason") or "").strip(), (path, k, "full and partial need a reason")


def test_there_is_gold_for_the_31_realworld_pages() -> None:
    assert [p.stem for p in REALWORLD] == [f"d{n:02d}" for n in range(1, 32)]


@pytest.mark.parametrize("path", REALWORLD + SECOND,
                         ids=[p.stem for p in REALWORLD] + [f"{p.stem}-b" for p in SECOND])
def test_realworld_gold_is_well_formed(path: Path) -> None:
    data = _load(path)
    number = int(re.fullmatch(r"d(\d+)", path.stem).group(1))  # type: ignore[union-attr]
    assert data["split"] == ("dev" if number % 2 else "test"), "odd ids are dev, even test"
    if "sha256" in data:
        assert re.fullmatch(r"[0-9a-f]{64}", data["sha256"]), path
    for g in data["principles"] or []:
        _check_principle(path, g, {"leadership", "values", "employees"})
    if data.get("levels"):
        _check_levels(path, data["levels"])


def test_the_second_reading_covers_the_same_pages_with_levels() -> None:
    """eval/coders.py scores the second reader against the first, page by page and cell by
    cell: every page of the first reading, each with all eleven levels."""
    assert [p.stem for p in SECOND] == [p.stem for p in REALWORLD]
    for path in SECOND:
        data = _load(path)
        assert data.get("coder") == "B", path
        _check_levels(path, data["levels"])


@pytest.mark.parametrize("path", ALIGNSET, ids=[p.stem for p in ALIGNSET])
def test_alignset_gold_is_well_formed(path: Path) -> None:
    data = _load(path)
    assert re.fullmatch(r"[0-9a-f]{64}", data["sha256"]), path
    assert str(data["url"]).startswith("http"), path
    principles = data["principles"]
    assert principles, path
    end_before = 0
    for g in principles:
        _check_principle(path, g, {"leadership", "values"})
        start, end = g["span"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end, (path, g)
        assert start >= end_before, (path, g["title"], "spans are in order and do not overlap")
        end_before = end
    _check_levels(path, data["levels"])


def test_the_alignset_holds_none_of_the_realworld_pages() -> None:
    """The set is extra development data: a page of the realworld corpus (whose test half is
    reported) must not come in through it."""
    realworld_urls = {yaml.safe_load(p.read_text(encoding="utf-8"))["url"].rstrip("/")
                      for p in REALWORLD}
    for path in ALIGNSET:
        url = yaml.safe_load(path.read_text(encoding="utf-8"))["url"].rstrip("/")
        assert url not in realworld_urls, path
