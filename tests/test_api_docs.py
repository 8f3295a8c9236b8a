"""The Python API: docs/api.md's examples run as doctests, and the API's own contracts."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys

import pytest

from conftest import REPO, run_cli

PYCON = re.compile(r"^```pycon\n(.*?)^```$", re.S | re.M)


def _doctest_blocks(path: str) -> str:
    """The ``pycon`` blocks of a Markdown file, as one doctest text (prose left out, so a
    closing fence is never read as expected output)."""
    text = (REPO / path).read_text(encoding="utf-8")
    blocks = PYCON.findall(text)
    assert blocks, f"no pycon blocks in {path}"
    return "\n".join(blocks)


def test_api_page_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the examples name corpus="corpus"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(_doctest_blocks("docs/api.md"), {}, "docs/api.md",
                              str(REPO / "docs/api.md"), 0)
    assert len(test.examples) > 30
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


def test_records_are_the_csv_rows() -> None:
    import csv
    import io

    import ledelse_cli as ledelse

    cov = ledelse.coverage(["gladsaxe", "lk7"], against="kl11", corpus=REPO / "corpus")
    r = run_cli("coverage", "--against", "kl11", "gladsaxe", "lk7", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    records = cov.to_records()
    assert len(records) == len(rows) == 22
    for rec, row in zip(records, rows, strict=True):
        assert {k: str(v) for k, v in rec.items()} == row


def test_to_pandas_without_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import ledelse_cli as ledelse

    source = ledelse.segment("kl11", corpus=REPO / "corpus")
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an absent package looks like
    with pytest.raises(ImportError, match=r"pip install 'ledelse\[pandas\]'"):
        source.to_pandas()
    assert len(source.to_records()) == 11


def test_submodule_imports_leave_the_api_functions_in_place() -> None:
    import ledelse_cli as ledelse
    from ledelse_cli.analyses.align import Alignment
    from ledelse_cli.analyses.coverage import Coverage

    assert callable(ledelse.coverage) and callable(ledelse.align)
    assert ledelse.coverage.__module__ == "ledelse_cli.api"
    assert Coverage.__module__ == "ledelse_cli.analyses.coverage"
    assert Alignment.to_pandas


@pytest.mark.slow
def test_import_stays_cheap() -> None:
    """`import ledelse_cli` loads no analysis module (spaCy, numpy, the pipeline)."""
    code = ("import sys, ledelse_cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('ledelse_cli', 'numpy', "
            "'spacy', 'pandas', 'rich', 'typer'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    # The package and the module holding its version string; nothing else.
    assert out.stdout.strip() == "['ledelse_cli', 'ledelse_cli.base', 'ledelse_cli.base.version']"
