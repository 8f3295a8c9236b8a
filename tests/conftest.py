"""Shared fixtures: the repository's corpus and mappings, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from ledelse_cli import cli
from ledelse_cli.run import ingest
from ledelse_cli.sources.readers.worker import WORKER_MEMORY_BYTES, Worker

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
MAPPINGS = REPO / "mappings"
EVAL = REPO / "eval"


def eval_module(name: str) -> Any:
    """A fresh copy of the script module ``eval/<name>.py`` (eval/ holds scripts, not a
    package: they import each other by file name, so eval/ is on sys.path while it loads)."""
    import importlib.util

    sys.path.insert(0, str(EVAL))
    try:
        spec = importlib.util.spec_from_file_location(f"eval_{name}_under_test",
                                                      EVAL / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EVAL))
# The five seed texts the project started from (the shared seeds folder, never read by the tests):
# each is byte-identical to the original of the corpus document it was ingested as, so the
# tests read them from inside the repository. Keyed by the seed's file name; the sha256 is the
# seed's as published, so a changed original is noticed (tests/test_corpus.py).
SEED_DOCS = {
    "000_cb2efffe1bf8e31d.txt": "randers-debat",
    "001_22713cb3d805947a.txt": "randers-konference",
    "002_4f4893a24ac6623e.txt": "ks10",
    "003_aae85e558e2dc4cb.txt": "kl11",
    "004_7eeff52e86151999.txt": "gladsaxe",
}
SEEDS = {name: CORPUS / doc / "original.txt" for name, doc in SEED_DOCS.items()}
SEED_SHA256 = {
    "000_cb2efffe1bf8e31d.txt": "0059808a770c5b3004acb5a04f293dbf5b4708cce132a7b3b8c514724dbe9fa3",
    "001_22713cb3d805947a.txt": "372dbe663aa92444e5c18519a8a1f3a9c15941934cc59587f48b9028dfd692a5",
    "002_4f4893a24ac6623e.txt": "b04bf68165286fbb37d93fd6f8243f07c6ceb1da2b945489b134c84d51af08c3",
    "003_aae85e558e2dc4cb.txt": "7142723365a30a4589482e73db15d68be8dfd9fb1559443302eaf8ebdd7ed966",
    "004_7eeff52e86151999.txt": "2458a9a6c52b01cd0f9c3c36ad5e0500f785a15895f0e3f07d7abf638500413c",
}

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


class _LentWorker(Worker):
    """Stands in for ``ledelse_cli.ingest.Worker`` in in-process tests: a parse worker is
    started once per environment and lent to each ``with Worker(...)`` block, instead of a new
    process for every file read (a start costs ~1 s; 30 starts were a third of
    `make test-fast`).

    Calls, time-outs and errors go through the real ``Worker.call``: a worker that overran its
    time-out or died is closed by it as usual, and the next block starts a fresh one. The
    console-script tests (test_bad_input, test_interrupt, …) start real processes and use no
    lent worker.
    """

    idle: ClassVar[dict[tuple[Any, ...], tuple[Any, Any]]] = {}

    def __init__(self, timeout: float, memory: int = WORKER_MEMORY_BYTES):
        super().__init__(timeout, memory)
        # The child keeps the environment it started with: one worker per relevant setting.
        self._key = (memory, tuple(sorted(
            (k, v) for k, v in os.environ.items() if k.startswith(("LEDELSE_", "XDG_"))
        )))
        lent = self.idle.pop(self._key, None)
        if lent is not None:
            self._proc, self._conn = lent
            if not self._proc.is_alive():
                self.close()

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None and self._proc.is_alive():
            self.idle[self._key] = (self._proc, self._conn)
            self._proc = self._conn = None
        else:
            self.close()

    @classmethod
    def close_all(cls) -> None:
        while cls.idle:
            _, (proc, conn) = cls.idle.popitem()
            w = Worker(0)
            w._proc, w._conn = proc, conn
            w.close()


@pytest.fixture(scope="session", autouse=True)
def _lend_parse_workers() -> Any:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ingest, "Worker", _LentWorker)
        yield
    _LentWorker.close_all()


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
