"""The built wheel works anywhere: installed into a fresh virtualenv outside the repository,
run from an empty directory, it reads its mappings and the bundled frameworks from the package.

Slow (a wheel build and a virtualenv with the dependencies from the package index); CI runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from test_new_corpus import DOC

pytestmark = pytest.mark.slow

# What a source distribution needs; never the virtualenv, caches or fetched third-party texts.
_SKIP = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                               ".*_cache", ".ledelse-cache", "realworld", "eval-out",
                               "bench-out", ".lock", ".staging", "tests")


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: rc {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(REPO, source, ignore=_SKIP)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LEDELSE_CORPUS", "LEDELSE_MAPPINGS", "PYTHONPATH"))}
    env["LEDELSE_CACHE_DIR"] = str(tmp / "cache")
    # The wheel is built from a source distribution, as an index would build it: what
    # MANIFEST.in leaves out of the sdist is missing from the wheel too.
    _run([sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(source)], tmp, env)
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp, env)
    wheel = next((tmp / "dist").glob("ledelse-*.whl"))
    _run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], tmp, env)
    work = tmp / "work"
    work.mkdir()
    return venv, env | {"PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}


def test_the_wheel_carries_its_reference_data(installed: tuple[Path, dict[str, str]]) -> None:
    venv, env = installed
    out = _run([str(venv / "bin" / "python"), "-c",
                "from ledelse_cli.base import settings; from ledelse_cli.sources.bundled import "
                "bundled_documents; print(settings.BUNDLED_MAPPINGS); "
                "print(settings.BUNDLED_FRAMEWORKS); print(sorted(bundled_documents()))"],
               venv.parent / "work", env).splitlines()
    assert all("site-packages" in line and "_bundled" in line for line in out[:2]), out
    assert out[2] == "['kl11', 'ks10', 'lk7']"


def test_installed_tool_works_from_an_empty_directory(
    installed: tuple[Path, dict[str, str]],
) -> None:
    venv, env = installed
    work = venv.parent / "work"
    (work / "some.md").write_text(DOC, "utf-8")
    ledelse = str(venv / "bin" / "ledelse")
    out = _run([ledelse, "coverage", "--against", "kl11", "some.md", "--format", "json"],
               work, env)
    data = json.loads(out)
    assert data["documents"] == ["some"]
    assert len(data["points"]) == 11
    # The same numbers as the source checkout gives for the same file.
    here = run_cli("coverage", "--against", "kl11", str(work / "some.md"), "--format", "json")
    assert here.exit_code == 0, here.stderr
    assert json.loads(here.stdout)["cells"] == data["cells"]

    _run([ledelse, "init", "c"], work, env)
    _run([ledelse, "ingest", "some.md", "--id", "x", "--corpus", "c"], work, env)
    data = json.loads(_run([ledelse, "coverage", "--against", "kl11", "--corpus", "c",
                            "--format", "json"], work, env))
    assert data["documents"] == ["x"]
    _run([ledelse, "validate", "--corpus", "c"], work, env)
    assert sorted(p.name for p in (work / "c").iterdir() if p.name[0] != ".") == ["README.md", "x"]
