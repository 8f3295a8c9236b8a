"""Printing helpers for the CLI: JSON to stdout, messages to stderr, rich without markup."""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def print_json(data: Any) -> None:
    """Deterministic JSON on stdout (sorted only where the data is; unicode kept)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def console(stderr: bool = False):
    """A rich Console that never interprets document text as markup and adapts to pipes."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        # Piped output is laid out for 80 columns (or $COLUMNS) so files and diffs stay tidy.
        width=None if tty else int(os.environ.get("COLUMNS", "80") or 80),
        color_system="auto" if tty else None,
        force_terminal=None if tty else False,
    )


def message(text: str) -> None:
    """A one-line message on stderr (never markup)."""
    sys.stderr.write(text.rstrip("\n") + "\n")


def print_renderable(renderable: Any) -> None:
    console().print(renderable)


def width() -> int:
    """Layout width: the terminal's, else $COLUMNS, else 80 (pipes and files)."""
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size((80, 24)).columns
    try:
        return max(int(os.environ.get("COLUMNS", "80")), 40)
    except ValueError:
        return 80
