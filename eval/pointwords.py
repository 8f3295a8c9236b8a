"""Candidates for the words readers link to each kl11 point (``words:`` in
mappings/target_profiles.yaml), learned from the alignment set (development data only).

    .venv/bin/python eval/pointwords.py            # candidates per point, from every coded page
    .venv/bin/python eval/pointwords.py --halves   # learn on one half, measure on the other

A candidate is a word (folded lemma key) that is at least ``LIFT`` times as frequent among the
principles coders mapped to the point (primary counts 1, secondary 0.5) as among all coded
principles, in at least ``MIN_COUNT`` of them; the ``TOP`` most telling per point (count × log
lift). The file's lists are these candidates after reading (see its header). ``--halves``
measures the method without the reading step: words learned from pages a01–a37 added to the
points, primary-in-top-2 and top-1-in-gold on pages a41 and after, and the other way round.
Never learn from tests/gold/realworld: its test half is what the figures are reported on.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import alignset

from ledelse_cli.matching.features import Features, Unit
from ledelse_cli.matching.scoring import score_matrix
from ledelse_cli.run.workspace import Workspace

MIN_COUNT, TOP, LIFT, SECONDARY = 2, 10, 2.0, 0.5
#: Words never proposed: function words and verbs that go with any point.
GENERIC = set("for over til med sette give gi gje take ta vise skape skabe handle gøre gjøre "
              "gjere have ha være vere kunne ville skulle sikre arbeid arbejde arbeide leder "
              "ledelse hinanden hverandre kvarandre enkelt ny ansatt medarbeider organisasjon"
              .split())
SPLIT = "a40"  # pages before it: the first half of the alignment set


def coded(ws: Workspace, pages: list[alignset.Page]) -> list[tuple[set[str], list[int]]]:
    out = []
    for p in pages:
        if p.principles:
            for f, gold in zip(ws.features(tuple(p.principles), ()), p.gold, strict=True):
                out.append((set(f.key_counts()), gold))
    return out


def candidates(data: list[tuple[set[str], list[int]]]) -> dict[int, list[tuple[str, float, float]]]:
    """Point number -> [(key, weighted count, lift)], most telling first."""
    per_point: dict[int, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    mass: Counter[int] = Counter()
    for keys, gold in data:
        for rank, point in enumerate(gold):
            w = 1.0 if rank == 0 else SECONDARY
            mass[point] += w
            for k in keys:
                per_point[point][k] += w
        overall.update(keys)
    out = {}
    for point in range(1, 12):
        found = []
        for k, c in per_point[point].items():
            if c < MIN_COUNT or k in GENERIC:
                continue
            lift = (c / mass[point]) / (overall[k] / len(data))
            if lift >= LIFT:
                found.append((c * math.log(lift), k, c, lift))
        found.sort(reverse=True)
        out[point] = [(k, c, lift) for _, k, c, lift in found[:TOP]]
    return out


def measure(ws: Workspace, pages: list[alignset.Page],
            words: dict[int, list[str]] | None) -> tuple[int, float, float]:
    """(principles, top-1 in gold %, primary in top 2 %) with these words on the points (None:
    no words at all, not even the file's)."""
    targets = []
    for f in ws.target_features(ws.target("kl11")):
        units = tuple(u for u in f.units if not u.id.endswith("/words"))
        point = int(f.id.split("/")[1])
        if words and words.get(point):
            units += (Unit(f"{f.id}/words", "", tuple(words[point])),)
        targets.append(Features(f.principle, units, profile=f.profile,
                                profile_weight=f.profile_weight))
    numbers = [int(f.id.split("/")[1]) for f in targets]
    n = top1 = top2 = 0
    for p in pages:
        if not p.principles:
            continue
        feats = ws.features(tuple(p.principles), ())
        m = score_matrix(feats, targets, rarity=ws.rarity([feats, targets]), config=ws.config)
        for i, want in enumerate(p.gold):
            ranked = [numbers[j] for j in m.ranked(i)]
            n += 1
            top1 += ranked[0] in want
            top2 += want[0] in ranked[:2]
    return n, 100 * top1 / max(n, 1), 100 * top2 / max(n, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--halves", action="store_true", help="learn on one half, measure the other")
    args = ap.parse_args()
    ws = Workspace.open(Path("corpus"), Path("mappings"))
    pages, skipped = alignset.load(held_out=False)
    if not pages:
        print("Alignment set: no fetched texts (see tests/gold/alignset/README.md)")
        return 0
    if args.halves:
        first = [p for p in pages if p.id < SPLIT]
        second = [p for p in pages if p.id >= SPLIT]
        for learn, test, name in ((first, second, "a01–a37 → a41…"),
                                  (second, first, "a41… → a01–a37")):
            words = {k: [w for w, _, _ in v] for k, v in candidates(coded(ws, learn)).items()}
            n, b1, b2 = measure(ws, test, None)
            _, w1, w2 = measure(ws, test, words)
            print(f"{name}: {n} principles; top-1 in gold {b1:.1f} → {w1:.1f} %, "
                  f"primary in top 2 {b2:.1f} → {w2:.1f} %")
        return 0
    data = coded(ws, pages)
    print(f"{len(data)} coded principles on {len(pages)} pages"
          + (f" ({len(skipped)} pages left out)" if skipped else ""))
    for point, found in candidates(data).items():
        print(f"kl11/{point}: " + ", ".join(f"{k} {c:g}×{lift:.1f}" for k, c, lift in found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
