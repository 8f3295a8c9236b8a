"""Choose the scoring weights, the profile weight and the level thresholds on development data.

Development data only: the realworld pages with odd ids (their gold principles and human level
gold), the alignment set's pages when fetched (eval/alignset.py: more real pages coded by
reading), the seeds' reading-based alignment gold (tests/gold/align: ks10 and gladsaxe against
kl11) and the seeds' human level gold (tests/gold/levels/seeds-kl11.yaml). The test half (even
ids) is never read here.

For each profile weight the three parts of every principle × kl11 point score (lexical, fuzzy,
concepts) are computed once; weights and thresholds are then searched on a grid:

- weights maximise ranking quality: primary point in the top 2 plus top-1 within the gold set,
  pooled over every gold principle (realworld development pages, the alignment set and the
  seeds' gold, each principle counting once), keeping every kl11 rendering top-1;
- thresholds (partial, full) then maximise Cohen's κ of cell levels against the human level
  gold, with levels as the tool gives them (full: a principle's closest point at >= full).

These are the similarity's settings. Against kl11 the score also carries kl11's reader model,
whose own thresholds ``eval/train_points.py`` chooses (``mappings/point_model.yaml``); the
thresholds chosen here apply to every other target.

Prints the best settings and their neighbours; writes nothing (copy the chosen values into
mappings/alignment.yaml by hand, with the figures).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "eval"))

import alignset  # noqa: E402
from run import match_titles  # noqa: E402

from ledelse_cli.analyses.agree import cohen_kappa  # noqa: E402
from ledelse_cli.knowledge.alignment import AlignConfig, load_config  # noqa: E402
from ledelse_cli.knowledge.profiles import load_profiles  # noqa: E402
from ledelse_cli.matching.features import Features  # noqa: E402
from ledelse_cli.matching.scoring import score_matrix  # noqa: E402
from ledelse_cli.run.workspace import Workspace  # noqa: E402

GOLD = REPO / "tests" / "gold"
TEXTS = REPO / "realworld" / "texts"
LEVELS = ("none", "partial", "full")


@dataclass
class Doc:
    name: str
    parts: dict[float, tuple[np.ndarray, np.ndarray, np.ndarray]]  # λ -> lexical, fuzzy, concepts
    gold_rows: list[tuple[int, list[int]]]  # (principle row, gold point columns, primary first)
    levels: list[str] | None  # human level per point column


def _targets(ws: Workspace, lam: float) -> list[Features]:
    profiles = load_profiles(ws.mappings)
    out = []
    for f in ws.target_features(ws.target("kl11")):
        vec = profiles.get(f.id).vector() if f.id in profiles else {}
        out.append(Features(f.principle, f.units, profile=tuple(vec.items()),
                            profile_weight=lam if vec else 0.0))
    return out


def collect(ws: Workspace, lams: list[float]) -> list[Doc]:
    config = load_config(ws.mappings)
    targets = {lam: _targets(ws, lam) for lam in lams}
    col = {f.id: j for j, f in enumerate(targets[lams[0]])}
    docs: list[Doc] = []
    seed_levels = yaml.safe_load((GOLD / "levels" / "seeds-kl11.yaml").read_text("utf-8"))
    jobs: list[tuple[str, str, dict | None, dict | None]] = []
    for path in sorted((GOLD / "realworld").glob("d*.yaml")):
        gold = yaml.safe_load(path.read_text("utf-8"))
        if gold["split"] != "dev" or not (TEXTS / f"{gold['id']}.txt").is_file():
            continue
        jobs.append((gold["id"], str(TEXTS / f"{gold['id']}.txt"), gold, gold.get("levels")))
    for name in ("ks10", "gladsaxe"):
        jobs.append((name, name, None, seed_levels["documents"].get(name)))
    for name in ("randers-debat", "randers-konference", "lk7"):
        jobs.append((name, name, None, seed_levels["documents"].get(name)))
    for lang in ("da", "nb"):
        jobs.append((f"rendering-{lang}", str(GOLD / "align" / f"kl11-rendering-{lang}.md"), None,
                     None))
    seed_align = {}
    for f in ("ks10-kl11.yaml", "gladsaxe-kl11.yaml", "kl11-rendering-da.yaml",
              "kl11-rendering-nb.yaml"):
        g = yaml.safe_load((GOLD / "align" / f).read_text("utf-8"))
        name = g["document"]
        if name.endswith(".md"):
            stem = name[: -len(".md")]
            name = "rendering-" + stem.rsplit("-", 1)[1]
            g["gold"] = {f"{stem}/{k}": v for k, v in g["gold"].items()}
        seed_align[name] = g["gold"]
    for page in alignset.load(held_out=False)[0]:
        if not page.principles:
            continue
        feats = ws.features(tuple(page.principles), ())
        rows = [(i, [col[f"kl11/{n}"] for n in want]) for i, want in enumerate(page.gold)]
        docs.append(Doc(f"alignset-{page.id}", _parts(ws, feats, targets, config), rows,
                        page.levels))
    for name, ref, gold, levels in jobs:
        source = ws.source(ref)
        feats = ws.features(source.principles, source.documents)
        rows: list[tuple[int, list[int]]] = []
        if gold is not None:
            lead = list(source.principles)
            gl = [g for g in gold["principles"] or [] if g["list"] != "employees"]
            for gi, ti in match_titles(gl, lead):
                if gl[gi].get("kl11"):
                    rows.append((ti, [col[f"kl11/{n}"] for n in gl[gi]["kl11"]]))
        elif name in seed_align:
            index = {f.id: i for i, f in enumerate(feats)}
            for pid, entry in seed_align[name].items():
                t = entry["targets"] if isinstance(entry, dict) else entry
                if pid in index and t:
                    rows.append((index[pid], [col[x] for x in t]))
        parts = _parts(ws, feats, targets, config)
        lv = None
        if levels:
            lv = [levels[k]["level"] if k in levels else levels[str(k)]["level"]
                  for k in range(1, 12)]
        docs.append(Doc(name, parts, rows, lv))
    return docs


def _parts(ws: Workspace, feats: list[Features], targets: dict[float, list[Features]],
           config: AlignConfig) -> dict[float, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The lexical, fuzzy and concept parts of every principle × point score, per profile
    weight λ (the targets' concept vectors differ by λ)."""
    parts = {}
    for lam, tf in targets.items():
        m = score_matrix(feats, tf, rarity=ws.rarity([feats, tf]), config=config)
        parts[lam] = (m.lexical, m.fuzzy, m.concepts)
    return parts


@cache
def _weighted(w: tuple[float, float, float]) -> AlignConfig:
    """The bundled settings with weights ``w`` (made once per point of the grid)."""
    return replace(load_config(), w_lexical=w[0], w_fuzzy=w[1], w_concepts=w[2])


def _score(lex: np.ndarray, fuz: np.ndarray, con: np.ndarray,
           w: tuple[float, float, float]) -> np.ndarray:
    """The score as ``AlignConfig.combine`` makes it, with weights ``w``."""
    return _weighted(w).combine(lex, fuz, con)


def ranking(docs: list[Doc], lam: float, w: tuple[float, float, float],
            which: str = "reading") -> tuple[float, float, int]:
    """Top-2 and top-1 rates over the gold rows of ``which`` documents: ``reading`` (realworld
    development pages and the seeds' reading gold), ``seeds`` (ks10 and gladsaxe only) or
    ``renderings`` (the two kl11 renderings)."""
    top2 = top1 = n = 0
    for d in docs:
        rendering = d.name.startswith("rendering-")
        if not d.gold_rows or rendering != (which == "renderings"):
            continue
        if which == "seeds" and d.name not in ("ks10", "gladsaxe"):
            continue
        lex, fuz, con = d.parts[lam]
        score = _score(lex, fuz, con, w)
        for row, gold in d.gold_rows:
            order = np.argsort(-score[row], kind="stable")
            top2 += gold[0] in order[:2]
            top1 += order[0] in gold
            n += 1
    return top2 / n, top1 / n, n


def coder_levels(docs: list[Doc], lam: float, w: tuple[float, float, float], full: float,
                 partial: float) -> tuple[list[str], list[str]]:
    """Cell levels as ``AlignConfig.level`` gives them (full: a principle's closest point at
    >= full; partial: any principle at >= partial), with the human level of each cell."""
    config = replace(load_config(), full=full, partial=partial)
    tool, gold = [], []
    for d in docs:
        if d.levels is None:
            continue
        lex, fuz, con = d.parts[lam]
        tool.extend(alignset.cell_levels(_score(lex, fuz, con, w), config))
        gold.extend(d.levels)
    return tool, gold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lams", default="0,0.25,0.5,0.75,1")
    ap.add_argument("--step", type=float, default=0.05)
    ap.add_argument("--seed-floor", type=float, default=0.0,
                    help="keep only weights whose seeds' top-2 reaches this (default: none; "
                    "the seeds' reading gold is pooled with the other development data, each "
                    "principle counting once)")
    ap.add_argument("--weights", help="lexical,fuzzy,concepts to search thresholds for "
                    "(default: the best by ranking)")
    args = ap.parse_args()
    lams = [float(x) for x in args.lams.split(",")]
    ws = Workspace.open(REPO / "corpus", REPO / "mappings")
    docs = collect(ws, lams)
    grid = np.arange(0, 1 + 1e-9, args.step)
    results = []
    best_seeds: tuple = (0.0,)
    for lam in lams:
        for wl, wf in itertools.product(grid, grid):
            wc = 1 - wl - wf
            if wc < -1e-9:
                continue
            w = (wl, wf, max(wc, 0.0))
            t2, t1, _ = ranking(docs, lam, w)
            s2, _, _ = ranking(docs, lam, w, "seeds")
            _, r1, _ = ranking(docs, lam, w, "renderings")
            if s2 >= args.seed_floor and r1 == 1.0:  # renderings all top-1
                results.append((t2 + t1, t2, t1, lam, w))
            best_seeds = max(best_seeds, (s2, t2, lam, w))
    results.sort(key=lambda r: (-r[0], -r[1]))
    current = load_config(ws.mappings)
    cw = (current.w_lexical, current.w_fuzzy, current.w_concepts)
    print(f"development data: {sum(len(d.gold_rows) for d in docs)} gold principles, "
          f"{sum(11 for d in docs if d.levels)} level cells in {len(docs)} documents")
    for lam in lams:
        t2, t1, _n = ranking(docs, lam, cw)
        s2, _, _ = ranking(docs, lam, cw, "seeds")
        _, r1, _ = ranking(docs, lam, cw, "renderings")
        print(f"current weights {tuple(round(x, 3) for x in cw)}, profile λ {lam}: "
              f"top-2 {t2:.3f}, top-1 in gold {t1:.3f}; seeds top-2 {s2:.3f}; "
              f"renderings top-1 {r1:.3f}")
    print("best weights (lexical, fuzzy, concepts) by top-2 + top-1, among those keeping the "
          f"seeds' top-2 >= {args.seed_floor} and every rendering top-1:")
    for _total, t2, t1, lam, w in results[:12]:
        s2, s1, _ = ranking(docs, lam, w, "seeds")
        print(f"  λ {lam:.2f}  w ({w[0]:.2f}, {w[1]:.2f}, {w[2]:.2f})  top-2 {t2:.3f}  "
              f"top-1 {t1:.3f}  (seeds top-2 {s2:.3f}, top-1 {s1:.3f})")
    print(f"highest seeds' top-2 anywhere on the grid: {best_seeds}")
    if not results:
        print("no weights reach the seed floor")
        return 1
    _, _, _, lam, w = results[0]
    if args.weights:
        w = tuple(float(x) for x in args.weights.split(","))  # type: ignore[assignment]
        lam = lams[-1]
        t2, t1, _ = ranking(docs, lam, w)
        print(f"chosen: λ {lam} w {w}: top-2 {t2:.3f} top-1 {t1:.3f}")
    found = []
    for partial in np.arange(0.10, 0.60, 0.01):
        for full in np.arange(partial + 0.02, 0.90, 0.01):
            tool, gold = coder_levels(docs, lam, w, full, partial)
            found.append((cohen_kappa(tool, gold) or 0.0, partial, full))
    found.sort(key=lambda r: -r[0])
    print(f"thresholds for λ {lam}, w {tuple(round(x, 2) for x in w)} by κ of cell levels "
          "(full: the principle's closest point at >= full; partial: >= partial):")
    for k, partial, full in found[:8]:
        tool, gold = coder_levels(docs, lam, w, full, partial)
        agree = sum(x == y for x, y in zip(tool, gold, strict=True)) / len(gold)
        print(f"  partial {partial:.2f} full {full:.2f}  κ {k:.3f}  agreement {agree:.3f}  "
              f"tool {dict((x, tool.count(x)) for x in LEVELS)}")
    print(f"  human {dict((x, gold.count(x)) for x in LEVELS)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
