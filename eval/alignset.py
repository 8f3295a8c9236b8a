"""The alignment set: more reading-based gold for alignment, on real pages outside the 31.

Development data only (never a reported test figure): real public pages found with the search
tool, none of them in ``../shared/realworld/pages.md``, each coded by a reader who did not see the
tool's output. The gold (``tests/gold/alignset/<id>.yaml``) gives every principle's passage as
character offsets into the page's text, its kl11 points (primary first) and the page's level per
kl11 point; the texts are third-party material, fetched into ``realworld/alignset/<id>.txt``
(git-ignored) and checked against the sha256 the gold records.

The passages are aligned as they are, without segmenting the page: these figures measure the
alignment alone, on principles a person delimited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ledelse_cli.base.models import Principle
from ledelse_cli.matching.scoring import score_matrix
from ledelse_cli.run.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold" / "alignset"
TEXTS = REPO / "realworld" / "alignset"
LEVEL_RANK = {"none": 0, "partial": 1, "full": 2}


@dataclass
class Page:
    """One coded page: its principles as the reader delimited them, with their gold."""

    id: str
    lang: str
    principles: list[Principle]
    gold: list[list[int]]  # kl11 point numbers per principle, primary first
    levels: list[str] | None  # the reader's level per kl11 point 1-11
    #: Kept out of every model and calibration (``model_held_out: true`` in its gold): its
    #: alignment figures stay out-of-sample.
    held_out: bool = False


def coded_texts() -> tuple[list[tuple[dict[str, Any], Path, str]], list[str]]:
    """(gold, text path, text) of every coded page whose text is present and unchanged, and a
    note per page left out."""
    found: list[tuple[dict[str, Any], Path, str]] = []
    skipped: list[str] = []
    for path in sorted(GOLD.glob("a*.yaml")):
        gold = yaml.safe_load(path.read_text("utf-8"))
        text_path = TEXTS / f"{gold['id']}.txt"
        if not text_path.is_file():
            skipped.append(f"{gold['id']}: no text (fetch it into {text_path.relative_to(REPO)})")
            continue
        raw = text_path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != gold["sha256"]:
            skipped.append(f"{gold['id']}: the fetched text differs from the coded one (sha256)")
            continue
        found.append((gold, text_path, raw.decode("utf-8")))
    return found, skipped


def load(*, held_out: bool = True) -> tuple[list[Page], list[str]]:
    """The coded pages whose text is present and unchanged, and a note per page left out;
    without the held-out pages (``Page.held_out``) when ``held_out`` is false, as every fit
    and calibration loads them."""
    pages: list[Page] = []
    found, skipped = coded_texts()
    for gold, _path, text in found:
        principles, codes = [], []
        for n, g in enumerate(gold.get("principles") or [], 1):
            if not g.get("kl11") or g.get("list") == "employees":
                continue
            start, end = g["span"]
            principles.append(
                Principle(
                    id=f"{gold['id']}/{n}",
                    number=None,
                    title=g["title"],
                    text=text[start:end].strip(),
                    span=(start, end),
                    lang=gold["lang"],
                    role=g.get("list", "leadership"),
                )
            )
            codes.append([int(k) for k in g["kl11"]])
        levels = None
        if gold.get("levels"):
            levels = [gold["levels"][k]["level"] for k in range(1, 12)]
        kept_out = bool(gold.get("model_held_out"))
        if held_out or not kept_out:
            pages.append(Page(gold["id"], gold["lang"], principles, codes, levels, kept_out))
    return pages, skipped


def cell_levels(score: Any, config: Any) -> list[str]:
    """The level of each target column of one document's score matrix, as coverage gives it:
    full when it is a principle's closest point at >= full, partial when any principle
    reaches partial (``AlignConfig.level``), else none."""
    level = ["none"] * score.shape[1]
    for row in score.tolist():
        top = max(row)
        for j, s in enumerate(row):
            found = config.level(s, s >= top).value
            if LEVEL_RANK[found] > LEVEL_RANK[level[j]]:
                level[j] = found
    return level


def evaluate(ws: Workspace, pages: list[Page]) -> dict[str, Any]:
    """Top-1 within the gold set and primary in the top 2, per principle; levels as coverage
    gives them (a principle's closest point at >= full is full; any principle at >= partial
    makes the point partial), against the reader's levels."""
    from ledelse_cli.analyses.agree import cohen_kappa

    config = ws.config.scoped("kl11")  # with kl11's reader model, as coverage scores
    targets = ws.target_features(ws.target("kl11"))
    numbers = [int(f.id.split("/")[1]) for f in targets]
    units: list[dict[str, Any]] = []
    tool_levels: list[str] = []
    gold_levels: list[str] = []
    for page in pages:
        if not page.principles:
            continue
        feats = ws.features(tuple(page.principles), ())
        m = score_matrix(feats, targets, rarity=ws.rarity([feats, targets]), config=config)
        for i, want in enumerate(page.gold):
            ranked = [numbers[j] for j in m.ranked(i)]
            units.append({"id": page.principles[i].id, "lang": page.lang, "gold": want,
                          "top": ranked[:3], "top1_in_gold": ranked[0] in want,
                          "primary_in_top2": want[0] in ranked[:2]})
        if page.levels:
            tool_levels.extend(cell_levels(m.score, config))
            gold_levels.extend(page.levels)
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for u in units:
        by_lang.setdefault(u["lang"], []).append(u)

    def rates(us: list[dict[str, Any]]) -> dict[str, Any]:
        k = len(us)
        return {"principles": k,
                "top1_in_gold": sum(u["top1_in_gold"] for u in us) / k if k else None,
                "primary_in_top2": sum(u["primary_in_top2"] for u in us) / k if k else None}

    cells = len(gold_levels)
    return {
        "pages": len(pages),
        **rates(units),
        "by_lang": {k: rates(v) for k, v in sorted(by_lang.items())},
        "levels": {
            "cells": cells,
            "agreement": sum(a == b for a, b in zip(tool_levels, gold_levels, strict=True)) / cells
            if cells else None,
            "kappa": cohen_kappa(tool_levels, gold_levels) if cells else None,
            "tool": {x: tool_levels.count(x) for x in LEVEL_RANK},
            "gold": {x: gold_levels.count(x) for x in LEVEL_RANK},
        },
        "units": units,
    }


def segmentation(ws: Workspace) -> dict[str, Any]:
    """The segmenter on the set's pages against the coders' principles (leadership and values
    lists; expectations of employees are not in the set): count within ±1 and exact, title
    precision / recall / F1 as ``make eval`` counts them for the realworld pages."""
    from run import flag_summary, match_titles, prf

    counts: list[tuple[int, int]] = []
    flags: list[dict[str, bool]] = []
    tp = 0
    for gold, text_path, _text in coded_texts()[0]:
        want = [g for g in gold.get("principles") or [] if g.get("list") != "employees"]
        source = ws.source(str(text_path))
        got = [p for p in source.principles if p.role != "employees"]
        counts.append((len(got), len(want)))
        flags.append({"within1": abs(len(got) - len(want)) <= 1,
                      "flagged": source.to_check})
        tp += len(match_titles(want, got))
    n = len(counts)
    return {
        "pages": n,
        "count_within1": sum(abs(a - b) <= 1 for a, b in counts) / n if n else None,
        "count_exact": sum(a == b for a, b in counts) / n if n else None,
        "titles": prf(tp, sum(a for a, _ in counts), sum(b for _, b in counts)),
        "flags": flag_summary(flags),
    }
