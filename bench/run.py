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


def generate(directory: Path, size: int) -> Path:
    """Write ``size`` synthetic source files to ``directory`` (idempotent)."""
    pools = sentence_pools()
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(size):
        name, text = synth_document(n, pools)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


# --------------------------------------------------------------------------- measuring


def run(args: list[str], *, corpus: Path, cache: Path, check: bool = True) -> dict[str, float]:
    """Run one ledelse command; wall seconds and peak RSS (MB) of it and its waited workers."""
    env = {**os.environ, "LEDELSE_CACHE_DIR": str(cache), "LEDELSE_CORPUS": str(corpus)}
    env.pop("LEDELSE_MAPPINGS", None)
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as out, open(cache.parent / "stderr.txt", "wb") as err:
        proc = subprocess.Popen([str(LEDELSE), *args], stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if check and proc.returncode != 0:
        sys.stderr.write((cache.parent / "stderr.txt").read_text("utf-8", "replace")[-2000:])
        raise SystemExit(f"ledelse {' '.join(args)} failed with exit code {proc.returncode}")
    # ru_maxrss is in kilobytes on Linux.
    return {"seconds": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "exit": proc.returncode}


def median_of(
    args: list[str], repeat: int, *, corpus: Path, cache: Path, cold: bool = False
) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        runs.append(run(args, corpus=corpus, cache=cache))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "runs": [round(r["seconds"], 3) for r in runs],
    }


def has_command(name: str) -> bool:
    out = subprocess.run([str(LEDELSE), name, "--help"], capture_output=True, check=False)
    return out.returncode == 0


def naive_baseline(corpus: Path, limit: int = 100) -> dict[str, float]:
    """A plain loop: difflib ratio of every principle (with items) against every kl11 point."""
    from difflib import SequenceMatcher

    sys.path.insert(0, str(ROOT / "src"))
    from ledelse_cli.corpus import Corpus

    store = Corpus(corpus)
    ids = [i for i in store.ids() if i != "kl11"][:limit]
    def full(p):  # type: ignore[no-untyped-def]
        return " ".join([p.text, *(i.text for i in p.items)]).lower()

    points = [full(p) for p in store.load("kl11").principles]
    principles = [full(p) for i in ids for p in store.load(i).principles]
    t0 = time.perf_counter()
    best = 0.0
    for a in principles:
        for b in points:
            best = max(best, SequenceMatcher(None, a, b).ratio())
    return {
        "seconds": time.perf_counter() - t0,
        "documents": len(ids),
        "pairs": len(principles) * len(points),
    }


def in_process_scoring(corpus: Path, cache: Path, limit: int = 100) -> dict[str, float]:
    """Our scoring of the same pairs in-process, features cached (the naive loop's equivalent)."""
    os.environ["LEDELSE_CACHE_DIR"] = str(cache)
    sys.path.insert(0, str(ROOT / "src"))
    from ledelse_cli.coverage import coverage
    from ledelse_cli.workspace import Workspace

    ids = [i for i in Workspace.open(corpus).corpus.ids() if i != "kl11"][:limit]
    coverage(Workspace.open(corpus), "kl11", ids)  # fill the cache and load the pipelines
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        coverage(Workspace.open(corpus), "kl11", ids)
        times.append(time.perf_counter() - t0)
    return {"seconds": statistics.median(times), "documents": len(ids)}


# --------------------------------------------------------------------------- main


def bench_size(size: int, out: Path, repeat: int, sim_available: bool) -> dict[str, object]:
    base = out / f"n{size}"
    src = generate(out / "sources", size)
    corpus, cache = base / "corpus", base / "cache"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    corpus.mkdir()
    shutil.copytree(SEED_CORPUS / "kl11", corpus / "kl11")
    files = sorted(src.glob("syn-*.txt"))[:size]
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
    cov = ["coverage", "--against", "kl11", "--format", "json"]
    res["coverage_cold"] = run(cov, corpus=corpus, cache=cache)
    res["coverage_warm"] = median_of(cov, repeat, corpus=corpus, cache=cache)
    shutil.rmtree(cache, ignore_errors=True)
    res["coverage_cold_w2"] = run([*cov, "--workers", "2"], corpus=corpus, cache=cache)
    res["coverage_warm_w2"] = median_of([*cov, "--workers", "2"], repeat, corpus=corpus,
                                        cache=cache)
    a, b = files[0].stem, files[1].stem
    res["compare"] = median_of(["compare", a, b, "--format", "json"], repeat, corpus=corpus,
                               cache=cache)
    if sim_available:
        res["similarity"] = run(["similarity", "--format", "json"], corpus=corpus, cache=cache)
    if size <= 100:
        res["naive_baseline"] = naive_baseline(corpus)
        res["ours_in_process"] = in_process_scoring(corpus, cache)
    return res


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
    sim_available = has_command("similarity")
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count()}, "targets": TARGETS}
    scratch = out / "bundled"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    results["help"] = median_of(["--help"], max(opts.repeat, 5), corpus=SEED_CORPUS,
                                cache=scratch / "cache")
    results["coverage_bundled_cold"] = median_of(
        ["coverage", "--against", "kl11", "--format", "json"], opts.repeat, corpus=SEED_CORPUS,
        cache=scratch / "cache", cold=True,
    )
    results["coverage_bundled_warm"] = median_of(
        ["coverage", "--against", "kl11", "--format", "json"], opts.repeat, corpus=SEED_CORPUS,
        cache=scratch / "cache",
    )
    results["similarity_command"] = sim_available
    for size in sizes:
        results[f"n{size}"] = bench_size(size, out, opts.repeat, sim_available)
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
        add(f"[{n}] coverage cold --workers 2", r["coverage_cold_w2"])
        add(f"[{n}] coverage warm --workers 2", r["coverage_warm_w2"])
        add(f"[{n}] compare (one pair)", r["compare"])
        if "similarity" in r:
            add(f"[{n}] similarity", r["similarity"], TARGETS["similarity@1000"] if big else None)
        if "naive_baseline" in r:
            nb, ours = r["naive_baseline"], r["ours_in_process"]
            add(f"[{n}] naive difflib loop ({nb['pairs']} pairs)", nb)
            add(f"[{n}] ours, same documents, in-process", ours)
            ratio = nb["seconds"] / max(ours["seconds"], 1e-9)
            warm = nb["seconds"] / max(r["coverage_warm"]["seconds"], 1e-9)
            rows.append((f"[{n}] speed-up vs naive (in-process / warm CLI)",
                         f"{ratio:.0f}× / {warm:.0f}×", "",
                         "ok" if ratio >= TARGETS["speedup_vs_naive"] else "MISS (≥ 50×)"))
        for v in r.values():
            if isinstance(v, dict) and "peak_rss_mb" in v:
                peak = max(peak, v["peak_rss_mb"])
    rows.append(("peak RSS, any step", "", f"{peak:.0f} MB",
                 "ok" if peak <= TARGETS["peak_rss_mb"] else "MISS (≤ 1500 MB)"))
    if not results.get("similarity_command"):
        rows.append(("similarity", "n/a", "", "`ledelse similarity` not available yet"))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("step", "median wall", "peak RSS", "target")
    print("  ".join(h.ljust(w[i]) for i, h in enumerate(head)))
    print("  ".join("-" * w[i] for i in range(4)))
    for r in rows:
        print("  ".join(c.ljust(w[i]) for i, c in enumerate(r)))


if __name__ == "__main__":
    main()
