"""eval/run.py: `make eval` names the realworld pages it could not measure (no fetched text) and
those whose text differs from the one their gold records, per half, so that a figure over fewer
pages is not read as comparable with a run over all of them."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from conftest import eval_module


def _gold(page: str, split: str, sha: str | None) -> dict[str, Any]:
    return {"id": page, "lang": "da", "split": split, "principles": [],
            **({"sha256": sha} if sha else {})}


def test_missing_and_changed_pages_are_named_per_half(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    run = eval_module("run")
    texts = tmp_path / "texts"
    texts.mkdir()
    monkeypatch.setattr(run, "TEXTS", texts)
    same = b"Vi leder med tillid.\n"
    (texts / "d01.txt").write_bytes(same)                      # as recorded
    (texts / "d03.txt").write_bytes(same + b" ")                # one byte more than recorded
    (texts / "d04.txt").write_bytes(same)                      # no hash recorded: not judged
    golds = [_gold("d01", "dev", hashlib.sha256(same).hexdigest()),
             _gold("d02", "test", None),              # no text fetched
             _gold("d03", "dev", hashlib.sha256(same).hexdigest()),
             _gold("d04", "test", None),
             _gold("d05", "dev", "0" * 64)]           # no text fetched

    gone = run.left_out(golds)

    assert gone["missing"] == {"dev": ["d05"], "test": ["d02"]}
    assert gone["changed"] == {"dev": ["d03"], "test": []}
