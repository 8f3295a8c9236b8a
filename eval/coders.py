"""Two readers of the same realworld pages: how far a second coder agrees with the first.

``tests/gold/realworld/`` is the first reading of the 31 pages; ``tests/gold/realworld_b/`` is a
second one, written by another reader who saw neither the first reading nor the tool's output.
Scoring the second reading against the first with the figures ``make eval`` gives the tool (count
within ±1, title F1, top-1 in the gold set, primary among the first two, level κ) shows how much
of each target two careful people reach on these pages: the ceiling the tool is measured under.

Only committed files are read, so this part of the report needs no fetched texts.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
GOLD_A = REPO / "tests" / "gold" / "realworld"
GOLD_B = REPO / "tests" / "gold" / "realworld_b"


def load_pairs() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(first reading, second reading) for every page both coders read."""
    pairs = []
    for b_path in sorted(GOLD_B.glob("d*.yaml")):
        a_path = GOLD_A / b_path.name
        if a_path.is_file():
            pairs.append((yaml.safe_load(a_path.read_text(encoding="utf-8")),
                          yaml.safe_load(b_path.read_text(encoding="utf-8"))))
    return pairs


def leading(gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The principles that count (leadership and values lists, not employees')."""
    return [g for g in gold.get("principles") or [] if g["list"] != "employees"]


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The second reading scored as if it were the tool's, against the first."""
    from run import match_titles, prf

    gold, other = leading(a), leading(b)
    as_tool = [SimpleNamespace(title=p["title"], text="") for p in other]
    pairs = match_titles(gold, as_tool)
    units = []
    for gi, oi in pairs:
        want, got = gold[gi].get("kl11") or [], other[oi].get("kl11") or []
        if want:
            units.append({"top1_in_gold": bool(got) and got[0] in want,
                          "primary_in_top2": want[0] in got[:2]})
    levels = [{"point": f"kl11/{k}", "gold": v["level"],
               "tool": (b.get("levels") or {}).get(k, {}).get("level", "none")}
              for k, v in sorted((a.get("levels") or {}).items(), key=lambda kv: int(kv[0]))]
    return {
        "id": a["id"], "lang": a["lang"], "split": a["split"],
        "count_tool": len(other), "count_gold": len(gold),
        "within1": abs(len(other) - len(gold)) <= 1, "exact": len(other) == len(gold),
        "titles": prf(len(pairs), len(other), len(gold)),
        "alignment": units, "levels": levels if b.get("levels") else [], "flagged": False,
    }


def evaluate() -> dict[str, Any] | None:
    """The second reading against the first, per half (None when there is no second reading)."""
    from run import summarise

    pairs = load_pairs()
    if not pairs:
        return None
    halves: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
    for a, b in pairs:
        halves[a["split"]].append(compare(a, b))
    return {"summary": {k: summarise(v) for k, v in halves.items()}, "pages": halves}


def tool_against_second(ws: Any, tool_pages: dict[str, list[dict[str, Any]]], *,
                        aligned: bool) -> dict[str, Any]:
    """The tool scored against the second reading, per half, and how often its count is within
    ±1 of at least one of the two readers (``tool_pages``: the tool against the first)."""
    from run import TEXTS, evaluate_page, summarise

    out: dict[str, Any] = {}
    for half, pages in tool_pages.items():
        scored = []
        for first in pages:
            path = GOLD_B / f"{first['id']}.yaml"
            if path.is_file() and (TEXTS / f"{first['id']}.txt").is_file():
                second = yaml.safe_load(path.read_text(encoding="utf-8"))
                page = evaluate_page(ws, second, aligned=aligned)
                page["within1_either"] = page["within1"] or first["within1"]
                scored.append(page)
        n = len(scored)
        out[half] = {**summarise(scored),
                     "within1_either": sum(p["within1_either"] for p in scored) / n if n else None}
    return out


def show(report: dict[str, Any]) -> None:
    """The two readers' agreement, and the tool against the second reader."""
    from run import pct, print_halves

    two = report.get("coders")
    if not two:
        return
    s = two["summary"]
    print("\nRealworld pages, two readers   development (odd)    test (even)")
    print("  the second reader scored against the first (the ceiling of each figure):")
    print_halves(s["dev"], s["test"], indent="    ")
    tool = report.get("realworld_vs_second")
    if tool:
        print("  the tool scored against the second reader:")
        print_halves(tool["dev"], tool["test"], indent="    ")
        print(f"    {'count within ±1 of either':<24} {pct(tool['dev']['within1_either']):>12}"
              f"       {pct(tool['test']['within1_either']):>12}")
