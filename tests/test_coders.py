"""eval/coders.py: the second reader of the realworld pages is scored against the first with the
figures the tool gets (count, titles, points, levels), so that `make eval` can print the ceiling."""

from __future__ import annotations

import sys
from typing import Any

from conftest import EVAL, eval_module


def _coders() -> Any:
    return eval_module("coders")


def _page(principles: list[tuple[str, str, list[int]]], levels: dict[int, str]) -> dict:
    return {"id": "d98", "lang": "da", "split": "test",
            "principles": [{"title": t, "list": lst, "kl11": k} for t, lst, k in principles],
            "levels": {k: {"level": v} for k, v in levels.items()}}


def test_the_second_reading_is_scored_like_the_tool() -> None:
    coders = _coders()
    first = _page([("Tillid", "values", [8, 5]), ("Vi går forrest", "leadership", [7]),
                   ("Åbenhed", "values", [5]), ("Mødestabilitet", "employees", [8])],
                  {1: "full", 2: "partial", 3: "none"})
    # The second reader counts two of the three (the employees' list never counts), cuts a
    # title shorter, codes the first one's secondary point first, and differs on one level.
    second = _page([("tillid.", "values", [5, 8]), ("Vi går forrest i", "leadership", [3, 7]),
                    ("Dialog", "values", [5])],
                   {1: "full", 2: "none", 3: "none"})
    sys.path.insert(0, str(EVAL))
    try:
        page = coders.compare(first, second)
    finally:
        sys.path.remove(str(EVAL))
    assert (page["count_gold"], page["count_tool"], page["within1"], page["exact"]) == \
        (3, 3, True, True)
    assert page["titles"]["tp"] == 2  # "Dialog" is not "Åbenhed"
    assert page["alignment"] == [
        {"top1_in_gold": True, "primary_in_top2": True},    # [5, 8] against [8, 5]
        {"top1_in_gold": False, "primary_in_top2": True},   # [3, 7] against [7]
    ]
    assert [(c["gold"], c["tool"]) for c in page["levels"]] == \
        [("full", "full"), ("partial", "none"), ("none", "none")]


def test_every_realworld_page_has_a_second_reading_to_compare() -> None:
    coders = _coders()
    pairs = coders.load_pairs()
    assert len(pairs) == 31
    assert all(a["id"] == b["id"] and a["split"] == b["split"] for a, b in pairs)
