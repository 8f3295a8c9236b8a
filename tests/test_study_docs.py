"""docs/study.md: every command in it is run, in order, and must print what the page shows.

The commands run in a scratch folder laid out like the repository's root (a copy of the
bundled corpus in ./corpus), with the console scripts of this environment first on PATH, 80
columns, unbuffered output (stdout and stderr interleave as on a terminal) and a fresh cache.
Only trailing spaces at line ends are ignored.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO

CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.S | re.M)


def steps(markdown: str) -> list[tuple[str, str]]:
    """(command, expected output) for every ``$ `` line of the page's console blocks."""
    out: list[tuple[str, str]] = []
    for block in CONSOLE.findall(markdown):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:], ""))
            else:
                assert out, f"output before any command: {line!r}"
                command, expected = out[-1]
                out[-1] = (command, expected + line + "\n")
    return out


def run_step(command: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300)
    assert done.returncode == 0, f"`{command}` exited {done.returncode}:\n{done.stdout}"
    return done.stdout


def _tidy(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def scratch(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    shutil.copytree(CORPUS, tmp_path / "corpus",
                    ignore=shutil.ignore_patterns(".lock", ".staging"))
    env = dict(os.environ)
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               COLUMNS="80", PYTHONUNBUFFERED="1", LEDELSE_CACHE_DIR=str(tmp_path / "cache"))
    # No shared lemma tables: the first analysis builds them and says so, as on a new machine.
    for name in ("LEDELSE_CORPUS", "LEDELSE_MAPPINGS", "LEDELSE_DEBUG", "LEDELSE_LEXICON_DIR"):
        env.pop(name, None)
    return tmp_path, env


def test_parser_reads_commands_and_outputs() -> None:
    page = "text\n```console\n$ a\none\ntwo\n$ b\n```\nmore\n```console\n$ c\n```\n"
    assert steps(page) == [("a", "one\ntwo\n"), ("b", ""), ("c", "")]


@pytest.mark.slow
def test_study_page_commands_print_what_it_shows(tmp_path: Path) -> None:
    page = (REPO / "docs" / "study.md").read_text(encoding="utf-8")
    todo = steps(page)
    assert len(todo) >= 15
    cwd, env = scratch(tmp_path)
    for command, expected in todo:
        got = run_step(command, cwd, env)
        assert _tidy(got) == _tidy(expected), f"`{command}` printed:\n{got}"
    # What the page promises was made: a PNG figure, a REFI-QDA project, a mapping set.
    assert (cwd / "coverage.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (cwd / "study.qdpx").read_bytes().startswith(b"PK")
    assert (cwd / "randers-kl11.sssom.tsv").read_text(encoding="utf-8").startswith("#")
