"""Speed-ups change nothing: coverage JSON is byte-identical cold/warm and with 1 or 2 workers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, MAPPINGS


def _coverage(cache: Path, *extra: str) -> str:
    env = {**os.environ, "LEDELSE_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-m", "ledelse_cli", "coverage", "--against", "kl11", "--format", "json",
         "--corpus", str(CORPUS), "--mappings", str(MAPPINGS), *extra],
        capture_output=True, text=True, env=env, check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("perf")
    return {
        "cold": _coverage(base / "a"),
        "warm": _coverage(base / "a"),
        "cold_w2": _coverage(base / "b", "--workers", "2"),
        "warm_w2": _coverage(base / "b", "--workers", "2"),
        "no_cache": _coverage(Path("off")),
    }


@pytest.mark.slow
def test_cold_and_warm_identical(runs):
    assert '"cells"' in runs["cold"]
    assert runs["warm"] == runs["cold"]


@pytest.mark.slow
def test_one_and_two_workers_identical(runs):
    assert runs["cold_w2"] == runs["cold"]
    assert runs["warm_w2"] == runs["cold"]


@pytest.mark.slow
def test_cache_off_identical(runs):
    assert runs["no_cache"] == runs["cold"]


def test_batch_of_refs_equals_one_call_per_ref(tmp_path, monkeypatch):
    """The memoised background/target of one workspace give what a fresh workspace gives."""
    from ledelse_cli.analyses.coverage import coverage
    from ledelse_cli.run.workspace import Workspace

    monkeypatch.setenv("LEDELSE_CACHE_DIR", str(tmp_path))
    shared = Workspace.open(CORPUS, MAPPINGS)
    refs = ["gladsaxe", "ks10", "randers"]
    together = coverage(shared, "kl11", refs).to_dict()
    for ref in refs:
        alone = coverage(Workspace.open(CORPUS, MAPPINGS), "kl11", [ref]).to_dict()
        assert alone["cells"] == [c for c in together["cells"] if c["document"] == ref]
