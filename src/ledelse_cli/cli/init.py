"""`ledelse init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..base.errors import CorpusError, UsageError
from .app import command
from .output import message

README = (
    "This directory is a ledelse corpus (one folder per document). Add documents with "
    "`ledelse ingest FILE --corpus {dir}`; the frameworks kl11, ks10 and lk7 come with the tool.\n"
)


@command("init", "Start a new, empty corpus in a directory.", "ledelse init mycorpus")
def init_cli(
    directory: Annotated[Path, typer.Argument(help="The new corpus directory (created).")],
) -> None:
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: exists and is not a directory")
    if directory.is_dir() and any(directory.iterdir()):
        from ..sources.corpus import Corpus

        what = "is already a corpus" if Corpus(directory).ids() else "is not empty"
        raise UsageError(f"{directory}: {what}; ledelse init starts a new corpus in a new "
                         "or empty directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "README.md").write_text(README.format(dir=directory), encoding="utf-8")
    except OSError as e:
        raise CorpusError(f"{directory}: cannot create the corpus ({e.strerror})") from e
    message(f"created an empty corpus in {directory}")
    message(f"add documents with: ledelse ingest FILE --corpus {directory}")
