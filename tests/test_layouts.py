"""Layout fixtures (tests/fixtures/layouts/): each real layout family, written in our own words,
segments exactly as its expectation file says (titles, roles, text starts, items)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ledelse_cli.text.blocks import strip_markup
from ledelse_cli.text.normalize import normalise
from ledelse_cli.text.segment import segment_explained
from ledelse_cli.text.segmenter_rules import load_rules

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
SPECS = sorted(LAYOUTS.glob("*.yaml"))


def source_of(spec: Path) -> Path:
    for suffix in (".md", ".txt"):
        if (path := spec.with_suffix(suffix)).is_file():
            return path
    raise AssertionError(f"{spec.name}: no .md or .txt beside it")


def segmented(spec: Path) -> tuple[dict, list[dict], list[str]]:
    """The expectation, and what the segmenter gives, in the expectation's shape."""
    expected = yaml.safe_load(spec.read_text(encoding="utf-8"))
    rules = load_rules()
    text = normalise(source_of(spec).read_text(encoding="utf-8"), rules)
    seg = segment_explained(text, "fx", rules, lang=expected["lang"])
    got = [
        {
            "title": strip_markup(p.title),
            "list": p.role,
            "text": strip_markup(p.text),
            "items": [strip_markup(i.text) for i in p.items],
        }
        for p in seg.principles
    ]
    return expected, got, seg.warnings


def test_there_are_enough_fixtures() -> None:
    langs = [yaml.safe_load(s.read_text(encoding="utf-8"))["lang"] for s in SPECS]
    assert len(SPECS) >= 25
    assert {"da", "nb", "nn"} <= set(langs)


def _marks(spec: Path) -> list[pytest.MarkDecorator]:
    """A fixture whose layout the segmenter does not read yet says so (``open: why``): it runs
    as an expected failure, and the day it passes the strict mark fails until the key goes."""
    why = yaml.safe_load(spec.read_text(encoding="utf-8")).get("open")
    return [pytest.mark.xfail(reason=why, strict=True)] if why else []


@pytest.mark.parametrize(
    "spec", [pytest.param(s, id=s.stem, marks=_marks(s)) for s in SPECS]
)
def test_layout_fixture(spec: Path) -> None:
    expected, got, warnings = segmented(spec)
    want = expected["principles"] or []
    assert [g["title"] for g in got] == [w["title"] for w in want]
    assert [g["list"] for g in got] == [w["list"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert g["text"].startswith(strip_markup(w["text_start"])), (w["title"], g["text"][:80])
        assert g["items"] == [strip_markup(i) for i in w.get("items") or []], w["title"]
    announced = expected.get("announced")
    # The announcement may count all principles, or one list of them ("seks ledelsesprincipper"
    # beside the organisation's values named in a sentence).
    counts = {sum(w["list"] != "employees" for w in want),
              *(sum(w["list"] == role for w in want) for role in ("leadership", "values"))}
    mismatch = announced is not None and announced not in counts
    assert any("announces" in x for x in warnings) == mismatch, warnings
