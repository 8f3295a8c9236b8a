"""Shared fixtures: the repository's corpus and mappings, and a CLI runner."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ledelse_cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
MAPPINGS = REPO / "mappings"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"

cli._register()


@pytest.fixture(scope="session", autouse=True)
def _shared_lexicon(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One set of lemma tries for the whole session: tests that start from an empty cache
    directory would otherwise rebuild them (~3 s each). tests/test_dictionaries.py unsets it."""
    import os

    old = os.environ.get("LEDELSE_LEXICON_DIR")
    os.environ["LEDELSE_LEXICON_DIR"] = str(tmp_path_factory.mktemp("lexicon"))
    yield
    if old is None:
        os.environ.pop("LEDELSE_LEXICON_DIR", None)
    else:
        os.environ["LEDELSE_LEXICON_DIR"] = old


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str, corpus: Path | None = CORPUS, input: str | None = None) -> Run:
    """Invoke the CLI in-process through the same error boundary as the console script."""
    argv = list(args)
    if corpus is not None and "--corpus" not in argv:
        argv += ["--corpus", str(corpus)]
    runner = CliRunner()
    code: int | str | None = 0
    with runner.isolation(input=input) as (out, err, _):
        try:
            cli.main(argv)
        except SystemExit as e:
            code = e.code
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return Run(
        int(code or 0) if not isinstance(code, str) else 1,
        stdout.decode("utf-8"),
        stderr.decode("utf-8"),
    )


@pytest.fixture
def tmp_corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst, ignore=shutil.ignore_patterns(".lock", ".staging"))
    return dst
