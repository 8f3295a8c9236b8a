"""Tables that fit the line (issue L): coverage turns documents into rows when the matrix is too
wide, titles wrap instead of being cut, COLUMNS is honoured when piped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, run_cli
from test_figure import _coverage_of

LEDELSE = Path(sys.executable).with_name("ledelse")


def _piped(args: list[str], columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns)}
    proc = subprocess.run([str(LEDELSE), *args, "--corpus", str(CORPUS)], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_twelve_documents_become_rows_within_80_columns() -> None:
    from ledelse_cli.outputs.render_results import coverage_table

    cov = _coverage_of(12)
    text = coverage_table(cov, width=80, lang="en")
    assert _widest(text) <= 80
    rows = [line for line in text.splitlines() if line.split()[:1] and line.split()[0] in
            cov.documents]
    assert [r.split()[0] for r in rows] == list(cov.documents)  # one row per document
    # Each point's whole title is listed under the matrix, none cut to a stub.
    for p in cov.target.points:
        assert " ".join(p.title.split()) in " ".join(text.split())
    assert "…" not in text
    # Few documents keep points as rows, titles on up to two lines.
    few = coverage_table(_coverage_of(3), width=80, lang="en")
    assert any(line.startswith("#   point") for line in few.splitlines())
    assert _widest(few) <= 80


@pytest.mark.slow
@pytest.mark.parametrize("columns", [60, 80, 100])
def test_piped_coverage_honours_columns(columns: int) -> None:
    text = _piped(["coverage", "--against", "kl11", "--lang", "en"], columns)
    assert _widest(text) <= columns
    assert "Jeg påtager mig mit lederskab" in text
    assert "Jeg er bevidst om mit ledelsesrum og den" in text
    assert "…" not in text  # no point title cut


@pytest.mark.slow
@pytest.mark.parametrize("columns", [60, 80])
def test_piped_list_keeps_whole_titles(columns: int) -> None:
    text = _piped(["list"], columns)
    assert _widest(text) <= columns
    flat = " ".join(text.split())
    assert "Å lede i det skapende spenningsfeltet – KS' policy for god ledelse" in flat
    assert "Randers Kommune er frontløber for ny ledelsesudvikling" in flat
    assert all(line.strip() != "Å" for line in text.splitlines())
    # No title is cut (the warnings under the table may quote a heading's first words).
    assert "…" not in text.split("\n⚠ ")[0]


def test_compare_and_diff_fit_narrow_lines() -> None:
    from ledelse_cli.cli import output

    for columns in ("60", "80"):
        os.environ["COLUMNS"] = columns
        try:
            assert output.width() == int(columns)
            for args in (("compare", "randers", "gladsaxe"), ("diff", "kl11", "gladsaxe"),
                         ("lemmas", "Lederne skaber tillid på tværs af fagområder")):
                r = run_cli(*args)
                assert r.exit_code == 0, r.stderr
                assert _widest(r.stdout) <= int(columns), (args, columns)
        finally:
            os.environ.pop("COLUMNS", None)
    shared = run_cli("compare", "randers", "gladsaxe", "--lang", "en").stdout
    assert "Collaboration across boundaries" in " ".join(shared.split())


def test_wide_similarity_numbers_its_columns_and_fits() -> None:
    from ledelse_cli.analyses.similarity import SimilarityMatrix
    from ledelse_cli.outputs.research_tables import similarity_table

    names = tuple(f"{n}-kommune" for n in ("gladsaxe", "randers", "aarhus", "odense", "bergen",
                                            "trondheim", "hå", "ålesund", "sør-fron",
                                            "nordre-land", "frederiksberg", "vejle"))
    values = tuple(tuple(1.0 if i == j else round(0.2 + 0.01 * (i + j), 2) for j in range(12))
                   for i in range(12))
    for width in (80, 60):
        text = similarity_table(SimilarityMatrix(names, values), width=width, lang="en")
        assert _widest(text) <= width and "…" not in text
        rows = [line for line in text.splitlines() if "randers-kommune" in line]
        assert rows and rows[0].split()[:2] == ["2", "randers-kommune"]
        assert ".23" in rows[0].split()  # randers (2) × aarhus (3): 0.2 + 0.01 × (1 + 2)
    narrow = similarity_table(SimilarityMatrix(names[:3], values[0][:3] and tuple(
        r[:3] for r in values[:3])), width=80, lang="en")
    assert "gladsaxe-kommune  randers-kommune" in narrow  # fits: names as column heads
