"""Seeded fuzzer of hand-edited corpus files and cache entries (issue K's acceptance run).

Each case mutates one file of a scratch copy of the corpus or of a warm cache (a meta.yaml, a
hand-corrected segmentation.yaml, or a segments / meta / features cache entry), then calls the
library entry points the commands use, in-process:

- corpus files: ``validate_corpus`` (what `ledelse validate` runs), then ``ReadCorpus``
  ``ids()``, ``meta()`` and ``load()`` (what list/show/coverage run);
- cache entries: the cached load must return exactly what a fresh computation returns.

Each outcome is classified as the exit code the CLI would give (0; 2/3/4 from LedelseError;
1 for any other exception: a bug). Also counted: hangs (a case over ``--case-timeout``),
"validate missed" (a command failed but validate reported nothing) and "wrong" (a cache entry
changed a result). ``--cli N`` adds N console-script runs of `validate` and `show` on mutated
corpora. Exit status 0 only when there was no exit 1, no hang, no miss and no wrong result.

    python fuzz/run.py --cases 10000 --seed 1 --cli 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ledelse_cli.base.cacheframe import frame, unframe  # noqa: E402
from ledelse_cli.base.errors import LedelseError  # noqa: E402
from ledelse_cli.run import cache  # noqa: E402
from ledelse_cli.run.documents import ReadCorpus  # noqa: E402
from ledelse_cli.sources.corpus import Corpus  # noqa: E402
from ledelse_cli.sources.corpuscheck import validate_corpus  # noqa: E402

MAPPINGS = REPO / "mappings"
DOCS = ("gladsaxe", "kl11", "ks10", "lk7", "randers-debat", "randers-konference")

# Fragments a hand edit (or an attacker) puts into YAML.
SNIPPETS = [
    '"\\uD800"', '"\\udcc5"', "'\\x1b]0;x\\x07'", '"\\e[2J"', "\u009b", "\u202e", "\x00",
    "\t", "\ufeff", "&a [1]", "*a", "!!python/object/apply:os.system ['x']", "!!binary AAAA",
    ": ", "- ", "-", "? ", "{", "}", "[", "]", "|", ">", "#", "'", '"', "null", "~", "true",
    "no", "1a", "-1", "1e999", "0x10", ".nan", "2100", "1899", "con", "../../etc", "Å", "A\u030a",
    "x" * 5000, "[" * 300 + "]" * 300, "{a: " * 120 + "}" * 120, "- " * 200, "\n" + " " * 300,
    "span: [0, 999999]", "span: [5, 1]", "items: {}", "principles: []", "text: ''", "id: null",
    "lang: xx", "original: ../meta.yaml", "original: text.txt", "sha256: " + "0" * 64,
]


def mutate_text(rng: random.Random, text: str) -> str:
    """1-4 edits: insert a snippet, flip/delete/duplicate/swap lines, truncate, change a value."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        i = rng.randrange(len(lines)) if lines else 0
        if not lines:
            lines = [rng.choice(SNIPPETS)]
        elif op == 0:
            line = lines[i]
            j = rng.randint(0, len(line))
            lines[i] = line[:j] + rng.choice(SNIPPETS) + line[j:]
        elif op == 1:
            del lines[i]
        elif op == 2:
            lines.insert(i, lines[i])
        elif op == 3:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 4:
            lines = lines[: rng.randint(0, len(lines))]
        elif op == 5 and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {rng.choice(SNIPPETS)}"
        elif op == 6:
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
        else:
            data = bytearray(lines[i].encode("utf-8", "surrogatepass"))
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            lines[i] = data.decode("utf-8", "replace")
    return "\n".join(lines)


def _random_value(rng: random.Random) -> object:
    return rng.choice([None, True, -1, 0, 10**12, 1.5, float("1e308"), "", "x", "\ud800",
                       "\u009b", [], {}, [0, 10**9], [5, 1], {"id": None}, "1a", [[[]]]])


def mutate_json(rng: random.Random, data: object) -> object:
    """A structural edit of a JSON value: replace, delete or add somewhere in it."""
    data = json.loads(json.dumps(data))
    for _ in range(rng.randint(1, 3)):
        path: list[object] = []
        node = data
        while isinstance(node, dict | list) and node and rng.random() < 0.8:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            path.append(key)
            node = node[key]  # type: ignore[index]
        if not path:
            return _random_value(rng)
        parent = data
        for key in path[:-1]:
            parent = parent[key]  # type: ignore[index]
        last = path[-1]
        op = rng.randrange(3)
        if op == 0:
            parent[last] = _random_value(rng)  # type: ignore[index]
        elif op == 1:
            del parent[last]  # type: ignore[union-attr,arg-type]
        elif isinstance(parent, list):
            parent.insert(rng.randint(0, len(parent)), _random_value(rng))
        else:
            parent[rng.choice(["x", "id", "format", "principles"])] = _random_value(rng)  # type: ignore[index]
    return data


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def outcome(fn) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """(exit code the CLI would give, detail) for calling ``fn``."""
    try:
        fn()
        return 0, ""
    except LedelseError as e:
        return e.exit_code, str(e)[:200]
    except Hang:
        raise
    except Exception as e:  # a bug: what the fuzzer is looking for
        return 1, "".join(traceback.format_exception_only(type(e), e)).strip()[:300]


def run_commands(root: Path, doc: str) -> int:
    """What list / show run on the corpus: the worst exit code."""
    store = ReadCorpus(root, MAPPINGS)
    codes = [outcome(store.ids)[0], outcome(lambda: store.meta(doc))[0],
             outcome(lambda: store.load(doc))[0], outcome(lambda: Corpus(root).metas())[0]]
    return 1 if 1 in codes else max(codes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--case-timeout", type=float, default=20.0)
    ap.add_argument("--cli", type=int, default=0, help="console-script runs after the cases")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="ledelse-fuzz-"))
    os.environ["LEDELSE_CACHE_DIR"] = str(work / "cache")
    os.environ.setdefault("LEDELSE_LEXICON_DIR", str(work / "lexicon"))
    root = work / "corpus"
    shutil.copytree(REPO / "corpus", root, ignore=shutil.ignore_patterns(".lock", ".staging"))
    store = ReadCorpus(root, MAPPINGS)
    store.save_segmentation(store.load("gladsaxe", automatic=True))
    fresh = {d: ReadCorpus(root, MAPPINGS).load(d) for d in DOCS}  # also warms the cache
    features = {d: cache._to_json(cache.cached_features(fresh[d], MAPPINGS)) for d in DOCS}
    entries = sorted(p for p in (work / "cache").rglob("*.json"))
    originals = {p: p.read_bytes() for p in entries}
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    started = time.monotonic()
    for n in range(args.cases):
        kind = rng.choice(["meta", "segmentation", "cache"])
        signal.setitimer(signal.ITIMER_REAL, args.case_timeout)
        try:
            if kind == "cache":
                counts.update(_cache_case(rng, root, entries, originals, fresh, features,
                                          examples))
                continue
            doc = "gladsaxe" if kind == "segmentation" else rng.choice(DOCS)
            path = root / doc / f"{kind}.yaml"
            before = path.read_bytes()
            path.write_text(mutate_text(rng, before.decode("utf-8")), "utf-8",
                            errors="surrogatepass")
            try:
                problems = outcome(lambda: validate_corpus(root))
                code = run_commands(root, doc)
                counts[f"{kind} exit {code}"] += 1
                if problems[0] != 0:
                    counts["validate raised"] += 1
                    examples.setdefault("validate raised", []).append(problems[1])
                if code == 1:
                    examples.setdefault("exit 1", []).append(f"{path.name}: {_last(root, doc)}")
                if code != 0 and not validate_corpus(root):
                    counts["validate missed"] += 1
                    examples.setdefault("validate missed", []).append(path.read_text(
                        "utf-8", errors="replace")[:300])
            finally:
                path.write_bytes(before)
        except Hang:
            counts["hang"] += 1
            examples.setdefault("hang", []).append(f"case {n} ({kind})")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if not args.json and (n + 1) % 1000 == 0:
                print(f"{n + 1} cases, {time.monotonic() - started:.0f} s", file=sys.stderr)
    cli = _cli_sample(rng, root, args.cli, work) if args.cli else Counter()
    elapsed = time.monotonic() - started
    shutil.rmtree(work, ignore_errors=True)
    bad = sum(v for k, v in counts.items() if "exit 1" in k or k in (
        "hang", "validate missed", "validate raised", "wrong")) + sum(
        v for k, v in cli.items() if "exit 1" in k or k in ("hang", "validate missed"))
    figures = {"cases": args.cases, "seed": args.seed, "seconds": round(elapsed, 1),
               "outcomes": dict(sorted(counts.items())), "cli": dict(sorted(cli.items())),
               "problems": bad, "examples": {k: v[:3] for k, v in examples.items()}}
    print(json.dumps(figures, indent=2, ensure_ascii=True))
    return 1 if bad else 0


def _last(root: Path, doc: str) -> str:
    store = ReadCorpus(root, MAPPINGS)
    for fn in (store.ids, lambda: store.meta(doc), lambda: store.load(doc)):
        code, detail = outcome(fn)
        if code == 1:
            return detail
    return ""


def _cache_case(rng, root, entries, originals, fresh, features, examples) -> Counter[str]:  # type: ignore[no-untyped-def]
    """Mutate one cache entry. Damaged bytes (a stale checksum) must give exactly the fresh
    results. A re-checksummed structural edit (a forger's entry: the shape checks are all that
    stands between it and the results) must not crash anything."""
    path = rng.choice(entries)
    raw = originals[path]
    area = path.parent.name
    forged = rng.random() < 0.6
    if forged:
        body = mutate_json(rng, unframe(raw))
        try:
            path.write_bytes(frame(body))
        except ValueError:  # e.g. a float the encoder refuses
            path.write_bytes(raw)
    else:
        data = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
    out: Counter[str] = Counter()
    try:
        for doc in DOCS:
            store = ReadCorpus(root, MAPPINGS)
            code, detail = outcome(lambda d=doc, s=store: _same(s, d, fresh, features, forged))
            if code != 0:
                key = "wrong" if "wrong" in detail else f"cache-{area} exit {code}"
                out[key] += 1
                examples.setdefault(key, []).append(f"{path.name}: {detail}")
                break
        else:
            out[f"cache-{area} exit 0"] += 1
    finally:
        path.write_bytes(raw)
    return out


def _same(store: ReadCorpus, doc: str, fresh, features, forged: bool) -> None:  # type: ignore[no-untyped-def]
    document = store.load(doc)
    meta = store.meta(doc)
    feats = cache._to_json(cache.cached_features(document, MAPPINGS))
    if forged:
        return  # a well-formed forged entry may change results; it must not crash
    if document != fresh[doc] or meta != fresh[doc].meta or feats != features[doc]:
        raise AssertionError("wrong")


def _cli_sample(rng: random.Random, root: Path, n: int, work: Path) -> Counter[str]:
    """``n`` console-script runs of `show` and `validate` on mutated corpus files."""
    exe = Path(sys.executable).with_name("ledelse")
    env = {**os.environ, "LEDELSE_MAPPINGS": str(MAPPINGS)}
    env.pop("LEDELSE_DEBUG", None)
    out: Counter[str] = Counter()
    for _ in range(n):
        kind = rng.choice(["meta", "segmentation"])
        doc = "gladsaxe" if kind == "segmentation" else rng.choice(DOCS)
        path = root / doc / f"{kind}.yaml"
        before = path.read_bytes()
        path.write_text(mutate_text(rng, before.decode("utf-8")), "utf-8", errors="surrogatepass")
        try:
            codes = []
            for cmd in (["show", doc], ["validate"]):
                try:
                    p = subprocess.run([str(exe), *cmd, "--corpus", str(root)], env=env,
                                       capture_output=True, timeout=120)
                    codes.append(p.returncode)
                    raw = p.stdout + p.stderr
                    if re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", raw):
                        out["raw control bytes"] += 1
                except subprocess.TimeoutExpired:
                    codes.append(-1)
                    out["hang"] += 1
            out[f"show exit {codes[0]}"] += 1
            out[f"validate exit {codes[1]}"] += 1
            if codes[0] not in (0, -1) and codes[1] == 0:
                out["validate missed"] += 1
        finally:
            path.write_bytes(before)
    return out


if __name__ == "__main__":
    sys.exit(main())
