"""`make eval`: segmentation and alignment quality, on data the tool was and was not tuned on.

Prints, for the seeds, the layout fixtures and (when ``realworld/texts/`` holds the fetched
pages) the development (odd ids) and test (even ids) halves separately:

- principle count within ±1 of the gold, and exactly;
- principle-title precision / recall / F1 against the gold;
- alignment against kl11: top-1 within the gold set, primary point in the top 2 (per language);
- coverage levels against the human level gold: agreement and Cohen's κ on cells;
- a second reader of the realworld pages scored against the first, and the tool against the
  second (``eval/coders.py``): how far two people agree on what the tool is asked to do;
- on the bundled corpus, the full / partial / none counts against kl11 and ks10.

Writes everything to eval-out/eval.json. Reads only the repository (and realworld/texts/,
which is fetched, never committed).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import coders  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from ledelse_cli.analyses.agree import cohen_kappa  # noqa: E402
from ledelse_cli.analyses.align import align  # noqa: E402
from ledelse_cli.analyses.coverage import coverage  # noqa: E402
from ledelse_cli.run.workspace import Workspace  # noqa: E402
from ledelse_cli.text.blocks import fold_ws, strip_markup  # noqa: E402

GOLD = REPO / "tests" / "gold"
TEXTS = REPO / "realworld" / "texts"
LEVELS = ("full", "partial", "none")


def norm(s: str) -> str:
    return fold_ws(strip_markup(s)).lower().strip(" .:;,–-•*\"'“”")


def title_matches(gold: str, title: str, text: str) -> bool:
    """A tool principle is the gold one when it starts with (or closely opens like) its title."""
    g = norm(gold)
    if not g:
        return False
    for cand in (norm(title), norm(text), norm(title + " " + text)):
        if cand.startswith(g) or (len(cand) >= 4 and g.startswith(cand)):
            return True
        if fuzz.ratio(g, cand[: len(g)]) >= 88:  # a differently cut or punctuated opening
            return True
    return False


def match_titles(gold: list[dict], tool: list[Any]) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, tool index), in document order."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for ti, p in enumerate(tool):
            if ti not in used and title_matches(g["title"], p.title, p.text):
                pairs.append((gi, ti))
                used.add(ti)
                break
    return pairs


def prf(tp: int, n_tool: int, n_gold: int) -> dict[str, float | None]:
    p = tp / n_tool if n_tool else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "tool": n_tool, "gold": n_gold}


# --------------------------------------------------------------------------- realworld


def left_out(golds: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """Per half, the pages with no fetched text (left out of the figures) and those whose text
    differs from the one their gold records (``sha256``; measured all the same: the realworld
    gold names titles, not offsets, so a changed byte rarely changes a figure)."""
    out: dict[str, dict[str, list[str]]] = {"missing": {"dev": [], "test": []},
                                            "changed": {"dev": [], "test": []}}
    for gold in golds:
        text = TEXTS / f"{gold['id']}.txt"
        if not text.is_file():
            out["missing"][gold["split"]].append(gold["id"])
        elif gold.get("sha256") and hashlib.sha256(text.read_bytes()).hexdigest() != gold["sha256"]:
            out["changed"][gold["split"]].append(gold["id"])
    return out


def evaluate_page(ws: Workspace, gold: dict[str, Any], *, aligned: bool = True) -> dict[str, Any]:
    path = TEXTS / f"{gold['id']}.txt"
    source = ws.source(str(path))
    principles = list(source.principles)
    lead = [p for p in principles if p.role != "employees"]
    gold_lead = [g for g in gold["principles"] or [] if g["list"] != "employees"]
    pairs = match_titles(gold_lead, lead)
    out: dict[str, Any] = {
        "id": gold["id"], "lang": gold["lang"], "split": gold["split"],
        "count_tool": len(lead), "count_gold": len(gold_lead),
        "within1": abs(len(lead) - len(gold_lead)) <= 1,
        "exact": len(lead) == len(gold_lead),
        "titles": prf(len(pairs), len(lead), len(gold_lead)),
        "flagged": source.to_check,
    }
    # Alignment of the principles the tool found for the gold ones.
    alignment = align(ws, str(path), "kl11", top_k=11) if principles and aligned else None
    ranked = {a.id: [m.target for m in a.matches] for a in alignment.principles} \
        if alignment else {}
    units = []
    for gi, ti in pairs if aligned else ():  # --segmentation-only: no alignment figures
        g = gold_lead[gi]
        if not g.get("kl11"):
            continue
        want = [f"kl11/{n}" for n in g["kl11"]]
        got = ranked.get(lead[ti].id, [])
        units.append({"gold": want, "top": got[:3], "top1_in_gold": bool(got) and got[0] in want,
                      "primary_in_top2": want[0] in got[:2]})
    out["alignment"] = units
    if gold.get("levels") and aligned:
        cov = coverage(ws, "kl11", [str(path)])
        tool_levels = {c.point: c.level for c in cov.cells}
        out["levels"] = [
            {"point": f"kl11/{k}", "gold": v["level"], "tool": tool_levels.get(f"kl11/{k}", "none")}
            for k, v in sorted(gold["levels"].items(), key=lambda kv: int(kv[0]))
        ]
    return out


def summarise(pages: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(pages)
    tp = sum(p["titles"]["tp"] for p in pages)
    units = [u for p in pages for u in p["alignment"]]
    by_lang: dict[str, list[dict]] = {}
    for p in pages:
        by_lang.setdefault(p["lang"], []).extend(p["alignment"])
    cells = [c for p in pages for c in p.get("levels", [])]
    return {
        "documents": n,
        "count_within1": sum(p["within1"] for p in pages) / n if n else None,
        "count_exact": sum(p["exact"] for p in pages) / n if n else None,
        "titles": prf(tp, sum(p["titles"]["tool"] for p in pages),
                      sum(p["titles"]["gold"] for p in pages)),
        "alignment": _align_summary(units),
        "alignment_by_lang": {k: _align_summary(v) for k, v in sorted(by_lang.items())},
        "levels": _level_summary(cells),
        "flags": flag_summary(pages),
    }


def flag_summary(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """How well the segmenter's warnings ("check the reading …", an announced count not met)
    point a person to the pages it read wrongly (count off by more than one)."""
    flagged = [p for p in pages if p["flagged"]]
    wrong = [p for p in pages if not p["within1"]]
    rest = [p for p in pages if not p["flagged"]]
    return {
        "flagged": len(flagged), "pages": len(pages), "wrong": len(wrong),
        "wrong_flagged": sum(1 for p in wrong if p["flagged"]),
        "unflagged_within1": sum(p["within1"] for p in rest) / len(rest) if rest else None,
        "flagged_within1": sum(p["within1"] for p in flagged) / len(flagged) if flagged else None,
    }


def flag_line(f: dict[str, Any]) -> str:
    """One line of ``flag_summary`` for the report."""
    return (f"{f['flagged']} of {f['pages']} flagged, {f['wrong_flagged']} of {f['wrong']} "
            f"wrong ones among them; within ±1: unflagged {pct(f['unflagged_within1'])}, "
            f"flagged {pct(f['flagged_within1'])}")


def _align_summary(units: list[dict]) -> dict[str, Any]:
    n = len(units)
    return {
        "principles": n,
        "top1_in_gold": sum(u["top1_in_gold"] for u in units) / n if n else None,
        "primary_in_top2": sum(u["primary_in_top2"] for u in units) / n if n else None,
    }


def _level_summary(cells: list[dict]) -> dict[str, Any]:
    if not cells:
        return {"cells": 0}
    tool = [c["tool"] for c in cells]
    gold = [c["gold"] for c in cells]
    return {
        "cells": len(cells),
        "agreement": sum(a == b for a, b in zip(tool, gold, strict=True)) / len(cells),
        "kappa": cohen_kappa(tool, gold),
        "tool": dict(Counter(tool)),
        "gold": dict(Counter(gold)),
    }


# --------------------------------------------------------------------------- fixtures, seeds


def evaluate_fixtures() -> dict[str, Any]:
    from test_layouts import SPECS, segmented

    results = []
    for spec in SPECS:
        expected, got, warnings = segmented(spec)
        want = expected["principles"] or []
        exact = [g["title"] for g in got] == [w["title"] for w in want] and all(
            g["items"] == [strip_markup(i) for i in w.get("items") or []]
            and g["text"].startswith(strip_markup(w["text_start"]))
            and g["list"] == w["list"]
            for g, w in zip(got, want, strict=False)
        )
        results.append({"fixture": spec.stem, "lang": expected["lang"], "exact": exact,
                        "count_tool": len(got), "count_gold": len(want),
                        "within1": abs(len(got) - len(want)) <= 1, "flagged": bool(warnings)})
    n = len(results)
    return {
        "fixtures": n,
        "exact": sum(r["exact"] for r in results) / n if n else None,
        "count_within1": sum(abs(r["count_tool"] - r["count_gold"]) <= 1 for r in results) / n
        if n else None,
        "failing": [r["fixture"] for r in results if not r["exact"]],
        "flags": flag_summary(results),
    }


def evaluate_seeds(ws: Workspace, *, aligned: bool = True) -> dict[str, Any]:
    spec = yaml.safe_load((GOLD / "seeds.yaml").read_text(encoding="utf-8"))
    docs = []
    for doc_id, exp in spec["segmentation"].items():
        principles = list(ws.source(doc_id).principles)
        tp = sum(1 for p, t in zip(principles, exp["titles"], strict=False)
                 if strip_markup(p.title).startswith(t))
        docs.append({"id": doc_id, "count_tool": len(principles), "count_gold": len(exp["titles"]),
                     "titles": prf(tp, len(principles), len(exp["titles"]))})
    agreement = {}
    for name in spec["alignment"] if aligned else ():
        agreement[name] = _seed_alignment(ws, GOLD / "align" / name)
    return {"segmentation": docs, "alignment": agreement}


def _seed_alignment(ws: Workspace, path: Path) -> dict[str, Any]:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = gold.get("document") or str(path.with_suffix(".md"))
    if not ws.corpus.has(doc):
        doc = str(path.with_suffix(".md"))
    ranked = {a.id: [m.target for m in a.matches]
              for a in align(ws, doc, gold.get("against", "kl11"), top_k=11).principles}
    units = []
    for pid, entry in gold["gold"].items():
        targets = entry["targets"] if isinstance(entry, dict) else entry
        key = pid if doc == gold.get("document") else f"{Path(doc).stem}/{pid.split('/')[-1]}"
        got = ranked.get(key, [])
        if targets:
            units.append({"top1_in_gold": bool(got) and got[0] in targets,
                          "primary_in_top2": targets[0] in got[:2],
                          "top1_primary": bool(got) and got[0] == targets[0]})
    n = len(units) or 1
    return {"principles": len(units),
            "top1_primary": sum(u["top1_primary"] for u in units) / n,
            "top1_in_gold": sum(u["top1_in_gold"] for u in units) / n,
            "primary_in_top2": sum(u["primary_in_top2"] for u in units) / n}


def bundled_levels(ws: Workspace) -> dict[str, Any]:
    """Level counts of the bundled corpus against kl11 and ks10, and against kl11 beside the
    seeds' human level gold (tests/gold/levels/seeds-kl11.yaml) with agreement and κ."""
    out: dict[str, Any] = {}
    for target in ("kl11", "ks10"):
        cov = coverage(ws, target)
        counts = Counter(c.level for c in cov.cells)
        n = len(cov.cells) or 1
        out[target] = {"cells": len(cov.cells), **{k: counts.get(k, 0) for k in LEVELS},
                       "partial_share": counts.get("partial", 0) / n}
    human = yaml.safe_load((GOLD / "levels" / "seeds-kl11.yaml").read_text(encoding="utf-8"))
    docs = list(human["documents"])
    cov = coverage(ws, "kl11", docs)
    tool = {(c.document, c.point): c.level for c in cov.cells}
    pairs = [(tool[(d, f"kl11/{k}")], v["level"]) for d in docs
             for k, v in human["documents"][d].items()]
    t, g = [a for a, _ in pairs], [b for _, b in pairs]
    out["seeds_vs_human"] = {"documents": docs, "cells": len(pairs),
                             "tool": {k: t.count(k) for k in LEVELS},
                             "human": {k: g.count(k) for k in LEVELS},
                             "agreement": sum(a == b for a, b in pairs) / len(pairs),
                             "kappa": cohen_kappa(t, g)}
    return out


# --------------------------------------------------------------------------- printing


def pct(v: float | None) -> str:
    return "  –  " if v is None else f"{100 * v:5.1f}%"


ROWS = (
    ("documents", lambda s: f"{s['documents']:>5}"),
    ("count within ±1", lambda s: pct(s["count_within1"])),
    ("count exact", lambda s: pct(s["count_exact"])),
    ("title precision", lambda s: pct(s["titles"]["precision"])),
    ("title recall", lambda s: pct(s["titles"]["recall"])),
    ("title F1", lambda s: pct(s["titles"]["f1"])),
    ("aligned principles", lambda s: f"{s['alignment']['principles']:>5}"),
    ("top-1 in gold set", lambda s: pct(s["alignment"]["top1_in_gold"])),
    ("primary in top 2", lambda s: pct(s["alignment"]["primary_in_top2"])),
    ("level cells", lambda s: f"{s['levels']['cells']:>5}"),
    ("level agreement", lambda s: pct(s["levels"].get("agreement"))),
    ("level κ", lambda s: "  –  " if s["levels"].get("kappa") is None
     else f"{s['levels']['kappa']:6.2f}"),
)


def print_halves(dev: dict[str, Any], test: dict[str, Any], indent: str = "  ") -> None:
    """The realworld figures of the two halves side by side, one row per figure."""
    for label, f in ROWS:
        print(f"{indent}{label:<{28 - len(indent)}} {f(dev):>12}       {f(test):>12}")


def show(report: dict[str, Any]) -> None:
    print("\nledelse eval —", report["when"])
    seeds = report["seeds"]
    print("\nSeeds: segmentation")
    for d in seeds["segmentation"]:
        t = d["titles"]
        print(f"  {d['id']:<20} principles {d['count_tool']:>2} (gold {d['count_gold']:>2})"
              f"  title F1 {pct(t['f1'])}")
    print("Seeds: alignment against reading-based gold")
    for name, a in seeds["alignment"].items():
        print(f"  {name:<24} top-1 primary {pct(a['top1_primary'])}  top-1 in gold "
              f"{pct(a['top1_in_gold'])}  primary in top 2 {pct(a['primary_in_top2'])}"
              f"  ({a['principles']} principles)")
    fx = report["fixtures"]
    print(f"\nLayout fixtures: {fx['fixtures']}, exact segmentation {pct(fx['exact'])}, "
          f"count within ±1 {pct(fx['count_within1'])}")
    print(f"  pages flagged for checking: {flag_line(fx['flags'])}")
    if fx["failing"]:
        print("  not exact:", ", ".join(fx["failing"]))
    rw = report.get("realworld")
    if rw is None:
        print(f"\nRealworld: skipped — {report['realworld_skipped']}")
    else:
        print("\nRealworld pages              development (odd)    test (even)")
        dev, test = rw["dev"], rw["test"]
        print_halves(dev, test)
        for lang in sorted(set(dev["alignment_by_lang"]) | set(test["alignment_by_lang"])):
            d = dev["alignment_by_lang"].get(lang, {})
            t = test["alignment_by_lang"].get(lang, {})
            print(f"  {lang}: primary in top 2     {pct(d.get('primary_in_top2')):>12}"
                  f"       {pct(t.get('primary_in_top2')):>12}"
                  f"   (n {d.get('principles', 0)} / {t.get('principles', 0)})")
        for half in ("dev", "test"):
            print(f"  {half} pages flagged for checking: {flag_line(rw[half]['flags'])}")
        for half in ("dev", "test"):
            lv = rw[half]["levels"]
            if lv.get("cells"):
                print(f"  {half} levels: tool {lv['tool']}  gold {lv['gold']}")
        gone = report["realworld_left_out"]
        for why, label in (("missing", "left out, no text fetched"),
                           ("changed", "measured, but the text differs from the one its gold records "
                                       "(sha256)")):
            if any(gone[why].values()):
                print(f"  {label}: development {', '.join(gone[why]['dev']) or 'none'}; "
                      f"test {', '.join(gone[why]['test']) or 'none'}")
        if any(gone["missing"].values()):
            print("  (the figures are over the pages present, so they compare only with a run on "
                  "the same pages)")
    coders.show(report)
    show_alignset(report)
    model = REPO / "mappings" / "point_model.yaml"
    if model.is_file():
        # Its training data include the development half and the alignment set but its
        # held-out pages, whose alignment figures above are therefore in-sample; its header
        # holds the cross-validated ones (eval/train_points.py).
        lines = model.read_text("utf-8").splitlines()
        at = next((k for k, t in enumerate(lines) if t.startswith("# Cross-validated")), None)
        if at is not None:
            print("\nkl11's reader model (mappings/point_model.yaml; the development half and the "
                  "alignment set but its held-out pages are its training data, so their alignment "
                  "figures are in-sample)")
            for t in itertools.takewhile(lambda t: t.startswith("#"), lines[at:]):
                print("  " + t.lstrip("# "))
    levels = report["bundled_levels"]
    if levels:
        print("\nBundled corpus, coverage levels (all documents)")
        for target in ("kl11", "ks10"):
            c = levels[target]
            print(f"  against {target}: full {c['full']}, partial {c['partial']}, none "
                  f"{c['none']} of {c['cells']} cells (partial {pct(c['partial_share'])})")
        h = levels["seeds_vs_human"]
        print(f"  seeds against kl11, tool {h['tool']} vs human {h['human']} "
              f"({h['cells']} cells): agreement {pct(h['agreement'])}, κ {h['kappa']:.2f}")
    print(f"\nwritten {report['out']}  ({report['seconds']:.1f} s)")


def show_alignset(report: dict[str, Any]) -> None:
    if "alignset" not in report:
        return
    a = report["alignset"]
    skipped = report["alignset_skipped"]
    if a is None:
        print("\nAlignment set: skipped — no coded page texts in realworld/alignset/ (fetch them: "
              "see tests/gold/alignset/README.md)")
        return
    lv = a["levels"]
    print(f"\nAlignment set (development data: {a['pages']} more real pages; alignment of the "
          "passages as coded, no segmentation)")
    print(f"  principles {a['principles']}: top-1 in gold set {pct(a['top1_in_gold'])}, "
          f"primary in top 2 {pct(a['primary_in_top2'])}")
    for lang, r in a["by_lang"].items():
        print(f"  {lang}: top-1 in gold {pct(r['top1_in_gold'])}, primary in top 2 "
              f"{pct(r['primary_in_top2'])}  (n {r['principles']})")
    if lv["cells"]:
        print(f"  levels: {lv['cells']} cells, agreement {pct(lv['agreement'])}, κ "
              f"{lv['kappa']:.2f}; tool {lv['tool']} gold {lv['gold']}")
    if h := report.get("alignset_held_out"):
        hl = h["levels"]
        print(f"  held out of the reader model and calibration ({h['pages']} pages, "
              f"{h['principles']} principles; model_held_out in their gold): top-1 in gold set "
              f"{pct(h['top1_in_gold'])}, primary in top 2 {pct(h['primary_in_top2'])}"
              + (f", level κ {hl['kappa']:.2f}" if hl["cells"] else ""))
    seg = report.get("alignset_segmentation")
    if seg:
        t = seg["titles"]
        print(f"  segmentation of its pages: count within ±1 {pct(seg['count_within1'])}, exact "
              f"{pct(seg['count_exact'])}; title P {pct(t['precision'])} R {pct(t['recall'])} "
              f"F1 {pct(t['f1'])}")
        print(f"  pages flagged for checking: {flag_line(seg['flags'])}")
    for note in skipped:
        print(f"  left out: {note}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(REPO / "eval-out" / "eval.json"))
    ap.add_argument("--split", choices=("dev", "test", "both"), default="both",
                    help="realworld halves to run (tune on dev only)")
    ap.add_argument("--pages", action="store_true", help="print per-page figures")
    ap.add_argument("--segmentation-only", action="store_true",
                    help="skip alignment and levels (fast, for work on the segmenter)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    ws = Workspace.open(REPO / "corpus", REPO / "mappings")
    aligned = not args.segmentation_only
    report: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M"),
                              "seeds": evaluate_seeds(ws, aligned=aligned),
                              "fixtures": evaluate_fixtures()}
    golds = [yaml.safe_load(g.read_text(encoding="utf-8"))
             for g in sorted((GOLD / "realworld").glob("d*.yaml"))]
    present = [g for g in golds if (TEXTS / f"{g['id']}.txt").is_file()]
    if not present:
        report["realworld_skipped"] = (f"no page texts in {TEXTS.relative_to(REPO)}/ (fetch them: "
                                       "see tests/gold/realworld/README.md)")
    else:
        halves: dict[str, list[dict[str, Any]]] = {"dev": [], "test": []}
        for gold in present:
            if args.split in (gold["split"], "both"):
                halves[gold["split"]].append(evaluate_page(ws, gold, aligned=aligned))
        report["realworld"] = {k: summarise(v) for k, v in halves.items()}
        report["realworld_pages"] = halves
        report["realworld_vs_second"] = coders.tool_against_second(ws, halves, aligned=aligned)
        report["realworld_left_out"] = left_out(golds)
    report["coders"] = coders.evaluate()
    if aligned:
        import alignset

        pages, skipped = alignset.load()
        report["alignset"] = alignset.evaluate(ws, pages) if pages else None
        kept = [p for p in pages if p.held_out]
        report["alignset_held_out"] = alignset.evaluate(ws, kept) if kept else None
        report["alignset_segmentation"] = alignset.segmentation(ws) if pages else None
        report["alignset_skipped"] = skipped
    report["bundled_levels"] = bundled_levels(ws) if aligned else {}
    report["seconds"] = time.perf_counter() - t0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report["out"] = str(out)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n",
                   encoding="utf-8")
    show(report)
    if args.pages and "realworld_pages" in report:
        for half, pages in report["realworld_pages"].items():
            for p in pages:
                al = p["alignment"]
                top2 = sum(u["primary_in_top2"] for u in al)
                print(f"  {half} {p['id']} count {p['count_tool']}/{p['count_gold']} "
                      f"titles {p['titles']['tp']}  top2 {top2}/{len(al)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
