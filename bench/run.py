"""Benchmark: wall time and peak memory of ledelse at 100 and 1,000 synthetic documents.

Run from the repository root after `make test`:

    .venv/bin/python bench/run.py [--sizes 100,1000] [--out bench-out/bench.json]

Each step runs as its own `.venv/bin/ledelse` subprocess with its own --corpus directory and
LEDELSE_CACHE_DIR; wall time is measured around the process and peak RSS with os.wait4 (the
largest resident set of the process and of the workers it waited for). The corpus is
deterministic: documents recombined from the bundled corpus' sentences and list structures
(Danish and Norwegian; numbered lists with items, bullets under headings, prose), seeded RNG,
plus a copy of corpus/kl11 so that `--against kl11` works. The 100-document corpus is the first
100 documents of the 1,000-document one.

Steps run with the default ``--workers 0`` (one per core where it pays) and again with
``--workers 1``. Cold and warm: a cold run starts with no processed document in the cache (no
meta, no segmentation, no features); a warm run finds them all. The lemma tries in the cache's
``lexicon/`` (built once per installation from simplemma's dictionaries, ~3 s) are kept for
cold runs; the very first run after installation is reported on its own. Outputs of the cold,
warm, one-worker and default runs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LEDELSE = ROOT / ".venv" / "bin" / "ledelse"
SEED_CORPUS = ROOT / "corpus"
SEED = 20261124
# Target figures from issue G (seconds, MB); None: no target.
TARGETS = {
    "help": 0.3,
    "coverage_bundled_cold": 1.5,
    "coverage_cold@1000": 20.0,
    "coverage_warm@1000": 3.0,
    "similarity@1000": 30.0,
    "peak_rss_mb": 1500.0,
    "speedup_vs_naive": 50.0,
}

LEAD_IN = {"da": "Det betyder, at jeg som leder:", "nb": "Det betyr at jeg som leder:"}
TITLES = {
    "da": ["Ledelsesgrundlag for {org}", "Ledelse i {org} Kommune", "Vores ledelsessyn"],
    "nb": ["Lederplattform for {org}", "Ledelse i {org} kommune", "Vårt ledelsessyn"],
}
ORGS = ["nord", "syd", "vest", "ost", "fjord", "dal", "skov", "bakke", "havn", "strand", "mose"]


# --------------------------------------------------------------------------- corpus


def sentence_pools() -> dict[str, dict[str, list[str]]]:
    """Headings (short) and sentences (any) per language, cut from the bundled corpus."""
    pools: dict[str, dict[str, list[str]]] = {
        "da": {"short": [], "long": []},
        "nb": {"short": [], "long": []},
    }
    for meta in sorted(SEED_CORPUS.glob("*/meta.yaml")):
        lang = re.search(r"^lang:\s*(\w+)", meta.read_text("utf-8"), re.M)
        if not lang or lang.group(1) not in pools:
            continue
        text = (meta.parent / "text.txt").read_text("utf-8")
        for line in text.splitlines():
            line = re.sub(r"^\s*(?:\d+\.?\s+|[•\-*–]\s*)", "", line).strip()
            # Run-on slide text: split where a capitalised word follows a lower-case one.
            parts = re.split(r"(?<=[.!?])\s+|(?<=[a-zæøå])\s+(?=[A-ZÆØÅ][a-zæøå]+e\b)", line)
            for s in parts:
                s = s.strip(" :")
                words = s.split()
                if not 3 <= len(words) <= 40 or "http" in s or "@" in s:
                    continue
                s = s[0].upper() + s[1:]
                pools[lang.group(1)]["short" if len(words) <= 12 else "long"].append(s)
    for p in pools.values():
        for k in p:
            p[k] = sorted(set(p[k]))
    return pools


def synth_document(n: int, pools: dict[str, dict[str, list[str]]]) -> tuple[str, str]:
    """Document number ``n``: (file name, text). Independent of how many are generated."""
    rng = random.Random(f"{SEED}-{n}")
    lang = "da" if rng.random() < 0.6 else "nb"
    short, long_ = pools[lang]["short"], pools[lang]["long"]
    org = f"{rng.choice(ORGS)}{n}"
    title = rng.choice(TITLES[lang]).format(org=org.capitalize())
    lines = [title, ""]
    shape = rng.choice(["numbered", "numbered", "bullets", "prose"])
    if shape == "numbered":
        lines += [rng.choice(long_), ""]
        for k in range(1, rng.randint(5, 12) + 1):
            lines += [f"{k}. {rng.choice(short).rstrip('.')}", "", LEAD_IN[lang], ""]
            items = [rng.choice(short + long_).rstrip(".") for _ in range(rng.randint(2, 5))]
            lines += [f" • {item}" for item in items]
            lines.append("")
    elif shape == "bullets":
        for _ in range(rng.randint(3, 7)):
            lines += [f"## {rng.choice(short).rstrip('.')}", ""]
            lines += [f"- {rng.choice(short).rstrip('.')}" for _ in range(rng.randint(2, 5))]
            lines.append("")
    else:
        # Prose yields only normative statements: open each paragraph with one ("skal", "må" …).
        normative = [s for s in long_ + short if re.search(r"\b(skal|bør|må)\b", s)]
        for _ in range(rng.randint(3, 6)):
            rest = [rng.choice(long_ + short) for _ in range(rng.randint(2, 5))]
            lines += [" ".join([rng.choice(normative), *rest]), ""]
    return f"syn-{lang}-{n:04d}.txt", "\n".join(lines)


def generate(directory: Path, size: int) -> list[Path]:
    """Write synthetic documents 0 .. size-1 to ``directory`` (idempotent); their paths, sorted.

    The directory is shared by the sizes of a run and kept between runs, so a size's corpus is
    what this returns, never a listing of the directory (which may hold more documents).
    """
    pools = sentence_pools()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(size):
        name, text = synth_document(n, pools)
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)


# --------------------------------------------------------------------------- measuring


def run(args: list[str], *, corpus: Path, cache: Path, check: bool = True,
        stdout: Path | None = None) -> dict[str, float]:
    """Run one ledelse command; wall seconds and peak RSS (MB) of it and its waited workers.

    ``stdout``: keep the output there (to check that two runs print the same bytes).
    """
    env = {**os.environ, "LEDELSE_CACHE_DIR": str(cache), "LEDELSE_CORPUS": str(corpus)}
    env.pop("LEDELSE_MAPPINGS", None)
    cache.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out, open(cache.parent / "stderr.txt", "wb") as err:
        proc = subprocess.Popen([str(LEDELSE), *args], stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        sys.stderr.write((cache.parent / "stderr.txt").read_text("utf-8", "replace")[-2000:])
        raise SystemExit(f"ledelse {' '.join(args)} failed with exit code {proc.returncode}")
    # ru_maxrss is in kilobytes on Linux.
    return {"seconds": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "exit": proc.returncode}


def forget_documents(cache: Path) -> None:
    """Empty the cache of processed documents (meta, segmentations, features): a cold run.

    The lemma tries under ``lexicon/`` stay: they are built once per installation (first run
    after install) from simplemma's shipped dictionaries and depend on no document; the
    first-ever run is measured separately (``coverage_bundled_first``).
    """
    if cache.is_dir():
        for entry in cache.iterdir():
            if entry.name != "lexicon":
                shutil.rmtree(entry, ignore_errors=True)


def median_of(
    args: list[str], repeat: int, *, corpus: Path, cache: Path, cold: bool = False,
    first: bool = False, stdout: Path | None = None,
) -> dict[str, Any]:
    runs = []
    for _ in range(repeat):
        if first:
            shutil.rmtree(cache, ignore_errors=True)
        elif cold:
            forget_documents(cache)
        runs.append(run(args, corpus=corpus, cache=cache, stdout=stdout))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "runs": [round(r["seconds"], 3) for r in runs],
    }


def has_command(name: str) -> bool:
    out = subprocess.run([str(LEDELSE), name, "--help"], capture_output=True, check=False)
    return out.returncode == 0


def _full_texts(corpus: Path, limit: int) -> tuple[list[str], list[list[str]]]:
    """kl11's points and each of the first ``limit`` documents' principles, as plain text."""
    sys.path.insert(0, str(ROOT / "src"))
    from ledelse_cli.run.documents import ReadCorpus

    store = ReadCorpus(corpus)
    ids = [i for i in store.ids() if i != "kl11"][:limit]

    def full(p: Any) -> str:
        return " ".join([p.text, *(i.text for i in p.items)]).lower()

    points = [full(p) for p in store.load("kl11").principles]
    return points, [[full(p) for p in store.load(i).principles] for i in ids]


def naive_baseline(corpus: Path, limit: int = 100) -> dict[str, float]:
    """A plain loop: difflib ratio of every principle (with items) against every kl11 point."""
    from difflib import SequenceMatcher

    points, docs = _full_texts(corpus, limit)
    principles = [p for d in docs for p in d]
    t0 = time.perf_counter()
    best = 0.0
    for a in principles:
        for b in points:
            best = max(best, SequenceMatcher(None, a, b).ratio())
    return {
        "seconds": time.perf_counter() - t0,
        "documents": len(docs),
        "pairs": len(principles) * len(points),
    }


def naive_similarity_baseline(corpus: Path, limit: int = 100, sample: int = 4000
                              ) -> dict[str, float]:
    """A plain loop for document similarity: difflib over every principle pair of different
    documents. Timed on a seeded random sample of pairs and extrapolated to all of them
    (the whole loop takes minutes)."""
    from difflib import SequenceMatcher

    _, docs = _full_texts(corpus, limit)
    owner = [k for k, d in enumerate(docs) for _ in d]
    texts = [p for d in docs for p in d]
    pairs = (len(texts) ** 2 - sum(len(d) ** 2 for d in docs)) // 2
    rng = random.Random(SEED)
    chosen: list[tuple[int, int]] = []
    while len(chosen) < sample:
        a, b = rng.randrange(len(texts)), rng.randrange(len(texts))
        if owner[a] != owner[b]:
            chosen.append((a, b))
    t0 = time.perf_counter()
    for a, b in chosen:
        SequenceMatcher(None, texts[a], texts[b]).ratio()
    per_pair = (time.perf_counter() - t0) / sample
    return {"seconds": per_pair * pairs, "documents": len(docs), "pairs": pairs,
            "sampled_pairs": sample, "extrapolated": True}


def in_process_scoring(corpus: Path, cache: Path, limit: int = 100) -> dict[str, object]:
    """Our scoring of the naive loops' pairs in-process, median of 3 each. As in the naive
    loops, the texts are in memory before the clock starts: one workspace, its features and
    rarity loaded by a first untimed call. ``scores`` computes what the naive coverage loop
    computes (every principle × point score), ``coverage`` adds the explanation of every cell,
    ``similarity`` is the exact document matrix (every principle pair). Each runs as the
    command line does by default (``--workers 0``: both cores where it pays)."""
    os.environ["LEDELSE_CACHE_DIR"] = str(cache)
    sys.path.insert(0, str(ROOT / "src"))
    from ledelse_cli.analyses.coverage import coverage
    from ledelse_cli.analyses.similarity import similarity
    from ledelse_cli.knowledge.alignment import load_config
    from ledelse_cli.matching.scoring import score_matrix
    from ledelse_cli.run.workspace import Workspace

    ws = Workspace.open(corpus)
    ids = [i for i in ws.corpus.ids() if i != "kl11"][:limit]
    feats = [f for i in ids for f in ws.features_of(ws.corpus.load(i))]
    target = ws.target_features(ws.target("kl11"))
    rarity, config = ws.rarity([feats, target]), load_config()
    jobs = {
        "scores": lambda: score_matrix(feats, target, rarity=rarity, config=config, workers=0),
        "coverage": lambda: coverage(ws, "kl11", ids, workers=0),
        "similarity": lambda: similarity(ws, ids, workers=0),
    }
    out: dict[str, object] = {"documents": len(ids)}
    for name, job in jobs.items():
        job()  # untimed: imports, lazy tables
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            job()
            times.append(time.perf_counter() - t0)
        out[name] = {"seconds": statistics.median(times)}
    return out


def _same(*paths: Path) -> bool:
    data = [p.read_bytes() for p in paths]
    return all(d == data[0] for d in data) and bool(data[0])


def approximation_error(exact: Path, approx: Path) -> dict[str, float]:
    """How `similarity --candidates K` compares with the exact matrix: the error of the pairs it
    marks exact (should be 0) and of the others (lower bounds), and how many of each document's
    true nearest documents it compared in full."""
    e, a = json.loads(exact.read_text("utf-8")), json.loads(approx.read_text("utf-8"))
    docs = e["documents"]
    index = {d: k for k, d in enumerate(a["documents"])}
    flags = {(p["a"], p["b"]): p["exact"] for p in a["pairs"]}
    under: list[float] = []
    exact_err = [0.0]
    pairs_e, pairs_a = [], []
    marked: dict[tuple[int, int], bool] = {}
    for i, di in enumerate(docs):
        for j, dj in enumerate(docs):
            if i < j:
                x, y = e["matrix"][i][j], a["matrix"][index[di]][index[dj]]
                is_exact = flags.get((di, dj), flags.get((dj, di)))
                marked[i, j] = marked[j, i] = bool(is_exact)
                (exact_err if is_exact else under).append(abs(x - y) if is_exact else x - y)
                pairs_e.append(x)
                pairs_a.append(y)
    from scipy.stats import spearmanr

    def recall(k: int) -> float:
        hits: list[bool] = []
        for i in range(len(docs)):
            row = sorted((j for j in range(len(docs)) if j != i),
                         key=lambda j: (-e["matrix"][i][j], j))[:k]
            hits.extend(marked[i, j] for j in row)
        return statistics.fmean(hits)

    return {"exact_pairs": sum(marked.values()) // 2, "pairs": len(pairs_e),
            "max_error_exact": max(exact_err),
            "mean_under": statistics.fmean(under or [0.0]), "max_under": max(under or [0.0]),
            "max_over": max(0.0, -min(under or [0.0])),
            "recall_top1": recall(1), "recall_top5": recall(5), "recall_top10": recall(10),
            "spearman": float(spearmanr(pairs_e, pairs_a).statistic)}


# --------------------------------------------------------------------------- main


def bench_size(size: int, out: Path, repeat: int, lexicon: Path) -> dict[str, object]:
    base = out / f"n{size}"
    files = generate(out / "sources", size)
    corpus, cache = base / "corpus", base / "cache"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    corpus.mkdir()
    shutil.copytree(SEED_CORPUS / "kl11", corpus / "kl11")
    batch = base / "sources"
    batch.mkdir()
    for f in files:
        os.link(f, batch / f.name)
    res: dict[str, object] = {"documents": size}
    # Exit code 4 (some files failed) is reported, not fatal: the rest is still a corpus.
    res["ingest"] = run(["ingest", str(batch), "--format", "json"], corpus=corpus, cache=cache,
                        check=False)
    res["ingested"] = sum(1 for d in corpus.iterdir() if d.is_dir()) - 1
    shutil.rmtree(cache, ignore_errors=True)
    if lexicon.is_dir():  # built once per installation (see forget_documents)
        shutil.copytree(lexicon, cache / "lexicon")
    outs = base / "outputs"
    outs.mkdir()
    cov = ["coverage", "--against", "kl11", "--format", "json"]
    res["coverage_cold"] = run(cov, corpus=corpus, cache=cache, stdout=outs / "cold.json")
    res["coverage_warm"] = median_of(cov, repeat, corpus=corpus, cache=cache,
                                     stdout=outs / "warm.json")
    forget_documents(cache)
    res["coverage_cold_w1"] = run([*cov, "--workers", "1"], corpus=corpus, cache=cache,
                                  stdout=outs / "cold-w1.json")
    res["coverage_warm_w1"] = median_of([*cov, "--workers", "1"], repeat, corpus=corpus,
                                        cache=cache, stdout=outs / "warm-w1.json")
    res["coverage_identical"] = _same(*(outs / f"{n}.json"
                                        for n in ("cold", "warm", "cold-w1", "warm-w1")))
    a, b = files[0].stem, files[1].stem
    res["compare"] = median_of(["compare", a, b, "--format", "json"], repeat, corpus=corpus,
                               cache=cache)
    sim = ["similarity", "--format", "json"]
    res["similarity"] = run(sim, corpus=corpus, cache=cache, stdout=outs / "sim.json")
    if size <= 100:
        res["similarity_w1"] = run([*sim, "--workers", "1"], corpus=corpus, cache=cache,
                                   stdout=outs / "sim-w1.json")
        res["similarity_identical"] = _same(outs / "sim.json", outs / "sim-w1.json")
    res["similarity_candidates"] = run([*sim, "--candidates", str(CANDIDATES)], corpus=corpus,
                                       cache=cache, stdout=outs / "sim-candidates.json")
    res["candidates_error"] = approximation_error(outs / "sim.json",
                                                  outs / "sim-candidates.json")
    if size <= 100:
        res["naive_baseline"] = naive_baseline(corpus)
        res["naive_similarity_baseline"] = naive_similarity_baseline(corpus)
        res["ours_in_process"] = in_process_scoring(corpus, cache)
    return res


#: Nearest documents compared in full per document in the approximate similarity run.
CANDIDATES = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--out", default="bench-out/bench.json")
    parser.add_argument("--repeat", type=int, default=3, help="Repetitions of the fast steps.")
    opts = parser.parse_args()
    out_file = Path(opts.out)
    out = out_file.parent
    out.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in opts.sizes.split(",") if s]
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count()}, "targets": TARGETS}
    scratch = out / "bundled"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    cache = scratch / "cache"
    cov = ["coverage", "--against", "kl11", "--format", "json"]
    results["help"] = median_of(["--help"], max(opts.repeat, 5), corpus=SEED_CORPUS, cache=cache)
    # First run after installation: no cache at all (the lemma tries are built, ~3 s).
    results["coverage_bundled_first"] = median_of(cov, 1, corpus=SEED_CORPUS, cache=cache,
                                                  first=True)
    results["coverage_bundled_cold"] = median_of(cov, opts.repeat, corpus=SEED_CORPUS,
                                                 cache=cache, cold=True)
    results["coverage_bundled_warm"] = median_of(cov, opts.repeat, corpus=SEED_CORPUS,
                                                 cache=cache)
    for size in sizes:
        results[f"n{size}"] = bench_size(size, out, opts.repeat, cache / "lexicon")
    out_file.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print_table(results)
    sys.stderr.write(f"wrote {out_file}\n")


def print_table(results: dict[str, object]) -> None:
    rows: list[tuple[str, str, str, str]] = []

    def add(name: str, r: object, target: float | None = None) -> None:
        if not isinstance(r, dict):
            return
        secs = f"{r['seconds']:.2f} s" if "seconds" in r else ""
        rss = f"{r['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in r else ""
        ok = "" if target is None else ("ok" if r["seconds"] <= target else f"MISS (≤ {target} s)")
        if target is not None and ok == "ok":
            ok = f"ok (≤ {target} s)"
        rows.append((name, secs, rss, ok))

    add("ledelse --help", results["help"], TARGETS["help"])
    add("coverage, bundled corpus, first run after install", results["coverage_bundled_first"])
    add("coverage, bundled corpus, cold", results["coverage_bundled_cold"],
        TARGETS["coverage_bundled_cold"])
    add("coverage, bundled corpus, warm", results["coverage_bundled_warm"])
    peak = 0.0
    for key, r in results.items():
        if not (key.startswith("n") and isinstance(r, dict) and "documents" in r):
            continue
        n = r["documents"]
        big = n >= 1000
        add(f"[{n}] ingest (batch)", r["ingest"])
        add(f"[{n}] coverage cold", r["coverage_cold"],
            TARGETS["coverage_cold@1000"] if big else None)
        add(f"[{n}] coverage warm", r["coverage_warm"],
            TARGETS["coverage_warm@1000"] if big else None)
        add(f"[{n}] coverage cold --workers 1", r["coverage_cold_w1"])
        add(f"[{n}] coverage warm --workers 1", r["coverage_warm_w1"])
        rows.append((f"[{n}] coverage JSON identical (cold/warm, 1/2 workers)",
                     str(r["coverage_identical"]), "", ""))
        add(f"[{n}] compare (one pair)", r["compare"])
        add(f"[{n}] similarity (exact)", r["similarity"],
            TARGETS["similarity@1000"] if big else None)
        if "similarity_w1" in r:
            add(f"[{n}] similarity (exact) --workers 1", r["similarity_w1"])
        if "similarity_identical" in r:
            rows.append((f"[{n}] similarity JSON identical (1/2 workers)",
                         str(r["similarity_identical"]), "", ""))
        e = r["candidates_error"]
        add(f"[{n}] similarity --candidates {CANDIDATES} (approximate)",
            r["similarity_candidates"], TARGETS["similarity@1000"] if big else None)
        rows.append((f"[{n}]   document pairs compared in full (exact; max error)",
                     f"{e['exact_pairs']:,}/{e['pairs']:,}", "",
                     f"{e['max_error_exact']:.4f}"))
        rows.append((f"[{n}]   each document's true nearest 1/5/10 among them",
                     f"{e['recall_top1']:.1%}/{e['recall_top5']:.1%}/{e['recall_top10']:.1%}",
                     "", ""))
        rows.append((f"[{n}]   other pairs (lower bounds): mean/max below exact, Spearman",
                     f"{e['mean_under']:.3f}/{e['max_under']:.3f}", "",
                     f"rho {e['spearman']:.3f}"))
        if "naive_baseline" in r:
            nb, ns, ours = r["naive_baseline"], r["naive_similarity_baseline"], r["ours_in_process"]
            add(f"[{n}] naive difflib loop, principles × kl11 ({nb['pairs']} pairs)", nb)
            add(f"[{n}] ours in-process: the same scores", ours["scores"])
            add(f"[{n}] ours in-process: coverage with explanations", ours["coverage"])
            for label, mine in [("scores", ours["scores"]), ("explained", ours["coverage"])]:
                ratio = nb["seconds"] / max(mine["seconds"], 1e-9)
                rows.append((f"[{n}] speed-up vs naive coverage loop ({label})", f"{ratio:.0f}×",
                             "", "ok (≥ 50×)" if ratio >= TARGETS["speedup_vs_naive"]
                             else "MISS (≥ 50×)"))
            add(f"[{n}] naive difflib loop, all principle pairs ({ns['pairs']}, extrapolated)",
                ns)
            add(f"[{n}] ours in-process: exact similarity", ours["similarity"])
            ratio = ns["seconds"] / max(ours["similarity"]["seconds"], 1e-9)
            rows.append((f"[{n}] speed-up vs naive similarity loop", f"{ratio:.0f}×", "",
                         "ok (≥ 50×)" if ratio >= TARGETS["speedup_vs_naive"]
                         else "MISS (≥ 50×)"))
        for v in r.values():
            if isinstance(v, dict) and "peak_rss_mb" in v:
                peak = max(peak, v["peak_rss_mb"])
    rows.append(("peak RSS, any step", "", f"{peak:.0f} MB",
                 "ok" if peak <= TARGETS["peak_rss_mb"] else "MISS (≤ 1500 MB)"))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("step", "median wall", "peak RSS", "target")
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print("  ".join("-" * w[i] for i in range(4)))
    for r in rows:
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))


if __name__ == "__main__":
    main()
