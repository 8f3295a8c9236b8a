"""The README's "Everyday commands", run as a newcomer would: the real console script, from a
directory outside the repository with --corpus given, piped with COLUMNS=80 and 60. Each output
fits its width and is pinned by a reviewed golden (tests/golden/everyday/; see
test_analysis_cli._golden for LEDELSE_UPDATE_GOLDEN)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO
from test_analysis_cli import GOLDEN, _golden

LEDELSE = Path(sys.executable).with_name("ledelse")

#: (golden name, arguments) — every table-printing line of README's "Everyday commands"
#: (JSON, CSV and files written with -o are covered by their own tests).
EVERYDAY = [
    ("list", ["list"]),
    ("show-gladsaxe", ["show", "gladsaxe"]),
    ("segment-gladsaxe-explain", ["segment", "gladsaxe", "--explain"]),
    ("coverage-kl11", ["coverage", "--against", "kl11"]),
    ("coverage-kl11-detail", ["coverage", "--against", "kl11", "--detail"]),
    ("compare-randers-gladsaxe", ["compare", "randers", "gladsaxe"]),
    ("align-gladsaxe-kl11", ["align", "gladsaxe", "--against", "kl11"]),
    ("similarity-cluster", ["similarity", "--cluster"]),
    ("agree-ks10-kl11", ["agree", "--gold", str(REPO / "tests/gold/align/ks10-kl11.yaml")]),
    ("diff-old-new", ["diff", "old.md", "new.md", "--against", "kl11"]),
    ("lemmas", ["lemmas", "Lederne skaber tillid"]),
    ("taxonomy-nb", ["taxonomy", "--lang", "nb"]),
    ("validate", ["validate"]),
]
NO_CORPUS = {"taxonomy", "lemmas"}  # commands without --corpus


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize(("name", "args"), EVERYDAY, ids=[n for n, _ in EVERYDAY])
def test_everyday_command_fits_and_is_golden(name: str, args: list[str], columns: int,
                                             tmp_path: Path) -> None:
    kl11 = (CORPUS / "kl11" / "original.txt").read_text(encoding="utf-8")
    (tmp_path / "old.md").write_text(kl11, encoding="utf-8")
    (tmp_path / "new.md").write_text(
        kl11.replace("Jeg påtager mig mit lederskab", "Jeg tager ansvar for mit lederskab"),
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LEDELSE_DEBUG"))}
    env.update(COLUMNS=str(columns), LANG="C.UTF-8")
    extra = [] if args[0] in NO_CORPUS else ["--corpus", str(CORPUS)]
    proc = subprocess.run([str(LEDELSE), *args, *extra], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    # validate reports on stderr (stdout stays empty for scripts); the others print data.
    out = (proc.stderr if name == "validate" else proc.stdout).replace(str(REPO), "<repo>")
    assert out.strip() and "\x1b[" not in out
    widest = max(len(line) for line in out.splitlines())
    assert widest <= columns, f"{name}: a line of {widest} characters at COLUMNS={columns}"
    _golden(f"everyday/{name}-{columns}.txt", out)


def test_every_everyday_table_command_is_listed() -> None:
    """Each `ledelse <command>` line of the README's Everyday commands that prints a table is
    run above (the rest print JSON/CSV or write files)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Everyday commands", 1)[1].split("```", 2)[1]
    commands = {line.split()[1] for line in section.splitlines() if "ledelse " in line}
    covered = {args[0] for _, args in EVERYDAY}
    writes_files = {"setup", "init", "ingest", "report", "figure", "cite", "export"}
    assert commands - covered - writes_files == set()
    assert (GOLDEN / "everyday").is_dir()
