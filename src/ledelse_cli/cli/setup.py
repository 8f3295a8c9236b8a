"""`ledelse setup`: build the one-time lemma and frequency tables ahead of the first analysis."""

from __future__ import annotations

import time

from .app import command
from .output import message

#: Commands that lemmatise, and so need the tables (list, show, ingest … do not).
NEEDS_TABLES = frozenset({"coverage", "align", "compare", "similarity", "report", "figure",
                          "diff", "agree", "lemmas"})


def ensure_tables(command_name: str | None) -> None:
    """Before a command that needs them, build the missing tables with one line on stderr
    (a first run would otherwise sit silent for seconds)."""
    if command_name not in NEEDS_TABLES:
        return
    from ..knowledge import lexicon_tables as tables

    todo = tables.missing()
    if todo:
        message("building the lemma and word-frequency tables once (a few seconds; "
                "`ledelse setup` does this ahead) …")
        tables.build(todo)


@command("setup", "Build the lemma and word-frequency tables once (else the first analysis "
         "does).", "ledelse setup")
def setup_cli() -> None:
    from ..knowledge import lexicon_tables as tables

    start = time.perf_counter()
    built = tables.build()
    for t in tables.TABLES:
        state = "built" if t in built else "present" if t.path is not None else "cache off"
        message(f"{t.kind} {t.lang}: {state}" + (f" ({t.path})" if t.path else ""))
    if built:
        message(f"built {len(built)} tables in {time.perf_counter() - start:.1f} s")
