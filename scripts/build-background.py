#!/usr/bin/env python3
"""Build mappings/background.yaml: the fixed domain background of rarity.

Counts, over the principles of a reference set of leadership texts (by default the bundled
corpus: kl11, ks10, lk7, gladsaxe, randers-debat, randers-konference), how many principles hold
each folded lemma key and each taxonomy concept. Scores read these counts instead of counting
the corpus at hand, so a number does not move when another document is ingested.

    .venv/bin/python scripts/build-background.py --version 2       # rebuild from ./corpus
    .venv/bin/python scripts/build-background.py --check           # is the file up to date?

Rebuild (and bump --version) after changing the reference texts or the mappings that make
keys and concepts (lexicon, lemma overrides, stop words, taxonomy): every score moves then, so
update tests/golden/ in the same commit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REFERENCE = ("kl11", "ks10", "lk7", "gladsaxe", "randers-debat", "randers-konference")

HEADER = """\
# The fixed domain background of rarity (see README, "How a score is made", and the
# `rarity` block of alignment.yaml). Built by scripts/build-background.py; do not edit by hand.
#
# principles: reference principles counted (each once, its items included);
# keys:       folded lemma key -> number of reference principles holding it;
# concepts:   taxonomy concept -> number of reference principles expressing it.
# A key's rarity blends ln((1 + principles) / (1 + df)) + 1 (df 0 when absent) with the
# general-language frequency of its lemma (wordfreq, da/nb); see alignment.yaml `rarity`.
#
# Rebuild after changing the reference texts or the lexicon, lemma overrides, stop words or
# taxonomy (then bump the version and update tests/golden/):
#   .venv/bin/python scripts/build-background.py --version N
"""


def build(corpus: Path, mappings: Path, ids: list[str], version: str) -> str:
    from ledelse_cli import __version__
    from ledelse_cli.base.yamlio import dump_yaml
    from ledelse_cli.knowledge.background import FORMAT, count_background
    from ledelse_cli.outputs.manifest import sha256_text
    from ledelse_cli.run.workspace import Workspace

    workspace = Workspace.open(corpus, mappings)
    documents = [workspace.corpus.load(i) for i in ids]
    features = [workspace.features_of(d) for d in documents]
    counts = count_background(features)
    data = {
        "format": FORMAT,
        "version": version,
        "built": {
            "by": "scripts/build-background.py",
            "tool_version": __version__,
            "documents": [
                {"id": d.id, "text_sha256": sha256_text(d.text), "principles": len(f)}
                for d, f in zip(documents, features, strict=True)
            ],
        },
        "principles": counts.principles,
        # Most frequent first, then alphabetically: the top of the file is the domain's
        # vocabulary, and a rebuild diffs line by line.
        "keys": dict(sorted(counts.keys.items(), key=lambda kv: (-kv[1], kv[0]))),
        "concepts": dict(sorted(counts.concepts.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
    return HEADER + dump_yaml(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--mappings", type=Path, default=REPO / "mappings")
    parser.add_argument("--ids", nargs="+", default=list(REFERENCE),
                        help="reference documents (default: the bundled corpus)")
    parser.add_argument("--version", default=None,
                        help="version to record (default: the current file's)")
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="default: MAPPINGS/background.yaml")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the file differs from a fresh build (nothing written)")
    args = parser.parse_args(argv)
    out = args.output or args.mappings / "background.yaml"
    version = args.version
    if version is None:
        from ledelse_cli.base.yamlio import read_yaml

        version = str(read_yaml(out)["version"]) if out.is_file() else "1"
    text = build(args.corpus, args.mappings, args.ids, version)
    if args.check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print(f"{out}: {'up to date' if same else 'differs from a fresh build'}")
        return 0 if same else 1
    from ledelse_cli.base.yamlio import atomic_write_text

    atomic_write_text(out, text)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
