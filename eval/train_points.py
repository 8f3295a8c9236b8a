"""Train the reader model of kl11 (``mappings/point_model.yaml``) on development data only.

    .venv/bin/python eval/train_points.py            # cross-validated figures, then write
    .venv/bin/python eval/train_points.py --dry-run  # figures only

What readers map to each kl11 point, learned from their codes: a multinomial logistic regression
(softmax over the 11 points, L2-regularised, fitted with scipy's L-BFGS) on the words of each
coded principle (its folded lemma keys, the keys lexical overlap uses), their parts of ``GRAMS``
letters (so that a compound or a Danish and a Norwegian spelling share what they share:
"tillidsfuld", "tillitsbasert") and its taxonomy concepts.
The score against a kl11 point becomes the similarity plus ``mix`` × (the model's probability of
the point − 1/11): a principle's ranking moves towards what readers chose, and the mean score
over the points stays where it was.

Training data (never the realworld test half, never the seeds' gold, which stay a check):
the alignment set's coded passages (``tests/gold/alignset``, when fetched) and the gold
principles of the realworld development half (odd ids) as the segmenter finds them; the primary
point counts 1, each secondary 0.5. A word or part enters the vocabulary when at least two
training principles hold it. Figures are page-grouped 5-fold cross-validation (each page's
principles predicted by a model that never saw that page): primary in the top 2, top-1 within
the gold set, and Cohen's κ of cell levels against the readers' levels over a grid of
thresholds, against the same figures without the model. The model's thresholds are the best
whose count of each level is within ``CALIBRATED`` of the readers' (``calibrated``). Then the
model is fitted on all of it and written, with the figures in its header; weights below
``PRUNE`` in size are left out (the figures are those of the pruned model).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.optimize import minimize

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "eval"))

import alignset  # noqa: E402
from run import GOLD, TEXTS, match_titles  # noqa: E402

from ledelse_cli.analyses.agree import cohen_kappa  # noqa: E402
from ledelse_cli.knowledge.alignment import load_config  # noqa: E402
from ledelse_cli.knowledge.pointmodel import PointModel, model_keys  # noqa: E402
from ledelse_cli.matching.scoring import score_matrix  # noqa: E402
from ledelse_cli.run.workspace import Workspace  # noqa: E402

OUT = REPO / "mappings" / "point_model.yaml"
L2, MIX, MIN_DOCS, PRUNE, SECONDARY, FOLDS, GRAMS = 0.003, 0.6, 2, 0.02, 0.5, 5, 5
CALIBRATED = 0.1  # the thresholds' level counts may differ this much from the readers'


def collect(ws: Workspace) -> list[dict[str, Any]]:
    """One entry per page: its principles' keys, similarity rows, gold points and levels."""
    target = ws.target("kl11")
    targets = ws.target_features(target)
    base = replace(ws.config, models=())
    pages: list[dict[str, Any]] = []

    def add(name: str, lang: str, feats: list, gold: dict[int, list[int]],
            levels: list[str] | None) -> None:
        m = score_matrix(feats, targets, rarity=ws.rarity([feats, targets]), config=base)
        pages.append({"name": name, "lang": lang, "keys": [model_keys(f, GRAMS) for f in feats],
                      "sim": np.asarray(m.score),
                      "restated": np.asarray(m.lexical) >= base.equal_lexical,
                      "gold": gold, "levels": levels})

    for page in alignset.load(held_out=False)[0]:
        if page.principles:
            feats = ws.features(tuple(page.principles), ())
            add(page.id, page.lang, feats, {i: [g - 1 for g in want]
                                            for i, want in enumerate(page.gold)}, page.levels)
    for path in sorted((GOLD / "realworld").glob("d*.yaml")):
        gold = yaml.safe_load(path.read_text("utf-8"))
        text = TEXTS / f"{gold['id']}.txt"
        if gold["split"] != "dev" or not text.is_file():
            continue
        source = ws.source(str(text))
        lead = list(source.principles)
        if not lead:
            continue
        want = [g for g in gold["principles"] or [] if g["list"] != "employees"]
        rows = {ti: [k - 1 for k in want[gi]["kl11"]]
                for gi, ti in match_titles(want, lead) if want[gi].get("kl11")}
        levels = [gold["levels"][k]["level"] for k in range(1, 12)] if gold.get("levels") else None
        add(gold["id"], gold["lang"], ws.features(source.principles, source.documents), rows,
            levels)
    return pages


def _design(keys: list[set[str]], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(keys), len(vocab) + 1))
    x[:, -1] = 1.0
    for i, ks in enumerate(keys):
        for k in ks:
            if k in vocab:
                x[i, vocab[k]] = 1.0
    return x


def fit(pages: list[dict[str, Any]]) -> PointModel:
    """The softmax model on every gold principle of ``pages``."""
    keys, targets = [], []
    for p in pages:
        for i, want in p["gold"].items():
            y = np.zeros(11)
            y[want[0]] = 1.0
            for g in want[1:]:
                y[g] += SECONDARY
            keys.append(p["keys"][i])
            targets.append(y / y.sum())
    counts = Counter(k for ks in keys for k in ks)
    vocab = {k: n for n, k in enumerate(sorted(k for k, c in counts.items() if c >= MIN_DOCS))}
    x, y = _design(keys, vocab), np.array(targets)
    n, d = x.shape

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        wm = w.reshape(d, 11)
        z = x @ wm
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        value = -np.sum(y * np.log(p + 1e-12)) / n + L2 * np.sum(wm[:-1] ** 2)
        grad = x.T @ (p - y) / n
        grad[:-1] += 2 * L2 * wm[:-1]
        return value, grad.ravel()

    w = minimize(loss, np.zeros(d * 11), jac=True, method="L-BFGS-B",
                 options={"maxiter": 500}).x.reshape(d, 11)
    words = {k: {f"kl11/{j + 1}": round(float(w[i, j]), 3) for j in range(11)
                 if abs(w[i, j]) >= PRUNE} for k, i in vocab.items()}
    return PointModel(
        target="kl11", mix=MIX, full=0.5, partial=0.2,
        bias={f"kl11/{j + 1}": round(float(w[-1, j]), 3) for j in range(11)},
        words={k: v for k, v in words.items() if v}, grams=GRAMS)


def scores(page: dict[str, Any], model: PointModel | None) -> np.ndarray:
    if model is None:
        return page["sim"]
    prob = model.probability_matrix(page["keys"], [f"kl11/{j + 1}" for j in range(11)])
    return model.adjust(page["sim"], prob, page["restated"])


def ranking(pages: list[dict[str, Any]], models: list[PointModel | None]
            ) -> tuple[float, float, int]:
    top2 = top1 = n = 0
    for p, m in zip(pages, models, strict=True):
        s = scores(p, m)
        for i, want in p["gold"].items():
            order = np.argsort(-s[i], kind="stable")
            top2 += want[0] in order[:2]
            top1 += order[0] in want
            n += 1
    return top2 / n, top1 / n, n


def kappa_grid(pages: list[dict[str, Any]], models: list[PointModel | None]
               ) -> list[tuple[float, float, float, Counter[str]]]:
    """(κ, partial, full, the tool's count of each level) over the threshold grid, best first."""
    scored = [(scores(p, m), p["levels"]) for p, m in zip(pages, models, strict=True)
              if p["levels"]]
    found = []
    base = load_config()
    gold = [level for _, lv in scored for level in lv]
    for partial in np.arange(0.10, 0.50, 0.01):
        for full in np.arange(partial + 0.02, 0.90, 0.01):
            config = replace(base, full=full, partial=partial)
            tool = [level for s, _ in scored for level in alignset.cell_levels(s, config)]
            found.append((cohen_kappa(tool, gold) or 0.0, round(partial, 2), round(full, 2),
                          Counter(tool)))
    return sorted(found, key=lambda f: f[:3], reverse=True)


def calibrated(grid: list[tuple[float, float, float, Counter[str]]], readers: Counter[str]
               ) -> tuple[float, float, float, Counter[str]]:
    """The best thresholds of ``grid`` whose count of every level is within ``CALIBRATED`` of
    the readers': κ alone prefers calling few cells full (an unsure full costs more than a
    partial), and a matrix of mostly partial cells is not what a careful coder writes."""
    return next((g for g in grid if all(abs(g[3][lv] - n) <= CALIBRATED * n
                                        for lv, n in readers.items())), grid[0])


def readers_levels(pages: list[dict[str, Any]]) -> Counter[str]:
    return Counter(level for p in pages if p["levels"] for level in p["levels"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    ap.add_argument("--mix", type=float, help="mix (default: MIX)")
    ap.add_argument("--l2", type=float, help="L2 penalty (default: L2)")
    args = ap.parse_args()
    if args.mix is not None:
        globals()["MIX"] = args.mix
    if args.l2 is not None:
        globals()["L2"] = args.l2
    ws = Workspace.open(REPO / "corpus", REPO / "mappings")
    pages = collect(ws)
    names = sorted(p["name"] for p in pages)
    fold_of = {name: k % FOLDS for k, name in enumerate(names)}
    oof: list[PointModel | None] = [None] * len(pages)
    for k in range(FOLDS):
        model = fit([p for p in pages if fold_of[p["name"]] != k])
        for n, p in enumerate(pages):
            if fold_of[p["name"]] == k:
                oof[n] = model
    none: list[PointModel | None] = [None] * len(pages)
    b2, b1, n = ranking(pages, none)
    o2, o1, _ = ranking(pages, oof)
    print(f"{len(pages)} pages, {n} gold principles (alignment set and realworld development)")
    print(f"  without the model:        primary in top 2 {b2:.3f}  top-1 in gold {b1:.3f}")
    print(f"  with it, cross-validated: primary in top 2 {o2:.3f}  top-1 in gold {o1:.3f}")
    kb, kg = kappa_grid(pages, none), kappa_grid(pages, oof)
    readers = readers_levels(pages)
    kc = calibrated(kg, readers)
    shown = ", ".join(f"{lv} {kc[3][lv]} ({readers[lv]})" for lv in ("full", "partial", "none"))
    print(f"  level κ, best thresholds: without {kb[0][0]:.3f} (partial {kb[0][1]}, full "
          f"{kb[0][2]}); with, cross-validated {kg[0][0]:.3f} (partial {kg[0][1]}, full "
          f"{kg[0][2]})")
    print(f"  chosen, the best with each level's count within {CALIBRATED:.0%} of the readers': "
          f"κ {kc[0]:.3f} (partial {kc[1]}, full {kc[2]}); tool (readers) {shown}")
    model = replace(fit(pages), full=float(kc[2]), partial=float(kc[1]))
    print(f"final model: {len(model.words)} words")
    if args.dry_run:
        return 0
    header = (
        "# The reader model of kl11: words readers link to each point, learned from their codes\n"
        "# (eval/train_points.py; development data only: the alignment set and the realworld\n"
        "# development half; never the test half or the seeds' gold). A principle's score\n"
        "# against a point = similarity + mix × (the model's probability of the point - 1/11);\n"
        "# the probability is a softmax over the points of bias + the weights of the words and\n"
        "# concepts (\"C:\" + concept id) the principle holds, and of the parts of its words\n"
        f"# (\"G:\" + {GRAMS} letters; \"<\" and \">\" mark a word's start and end).\n"
        f"# Trained {len(pages)} pages, {n} coded principles; L2 {L2}, words and parts in >= "
        f"{MIN_DOCS}\n"
        f"# principles, weights below {PRUNE} left out.\n"
        f"# Cross-validated (page-grouped, {FOLDS} folds: each page scored by a model that\n"
        "# never saw it):\n"
        f"#   primary in top 2 {b2:.3f} -> {o2:.3f}, top-1 in gold set {b1:.3f} -> {o1:.3f};\n"
        f"#   best level κ {kb[0][0]:.3f} -> {kg[0][0]:.3f} (thresholds partial {kg[0][1]}, "
        f"full {kg[0][2]});\n"
        f"#   thresholds chosen: partial {kc[1]}, full {kc[2]}, κ {kc[0]:.3f}, the best whose\n"
        f"#   count of each level is within {CALIBRATED:.0%} of the readers', tool (readers):\n"
        f"#   {shown}.\n")
    OUT.write_text(header + yaml.safe_dump(model.to_dict(), allow_unicode=True, sort_keys=False,
                                           width=100), "utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
