"""Printing helpers for the CLI: JSON to stdout, messages to stderr, rich without markup."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

# json.dumps(value, ensure_ascii=False), without building an encoder per line.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_text(data: Any) -> str:
    """A command's JSON output: one line per top-level key and per element of a top-level list.

    Each line is written compactly by the C encoder: ``json.dumps(..., indent=2)`` falls back
    to the pure-Python one, which took ~1 s for the 17 MB of a 1,000-document coverage.
    Deterministic (keys in the data's order, unicode kept); ends with a newline.
    """
    dumps = _ENCODER.encode

    def block(values: list[Any] | tuple[Any, ...], indent: str) -> str:
        if not values:
            return "[]"
        lines = ",\n".join(indent + "  " + dumps(v) for v in values)
        return f"[\n{lines}\n{indent}]"

    if isinstance(data, (list, tuple)):
        return block(data, "") + "\n"
    if not isinstance(data, dict) or not data or not all(isinstance(k, str) for k in data):
        return dumps(data) + "\n"
    lines = ",\n".join(
        f"  {dumps(k)}: " + (block(v, "  ") if isinstance(v, (list, tuple)) else dumps(v))
        for k, v in data.items()
    )
    return "{\n" + lines + "\n}\n"


def print_json(data: Any) -> None:
    """Deterministic JSON on stdout (see json_text)."""
    sys.stdout.write(json_text(data))


def console(stderr: bool = False):
    """A rich Console that never interprets document text as markup and adapts to pipes."""
    from ..base.safetext import raw_stream

    stream = raw_stream(sys.stderr if stderr else sys.stdout)
    tty = stream.isatty()
    return _safe_console_class()(
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


def _safe_console_class() -> type:
    """rich's Console, escaping control and bidi characters in the text it lays out (its own
    styling and cursor codes are left alone: it writes to the stream under the SafeStream)."""
    global _SAFE_CONSOLE
    if _SAFE_CONSOLE is None:
        from rich.console import Console
        from rich.segment import Segment

        from ..base.safetext import terminal_safe

        class SafeConsole(Console):
            def _render_buffer(self, buffer: Any) -> str:
                return super()._render_buffer(
                    s if s.control else Segment(terminal_safe(s.text), s.style) for s in buffer
                )

        _SAFE_CONSOLE = SafeConsole
    return _SAFE_CONSOLE


_SAFE_CONSOLE: type | None = None


def message(text: str) -> None:
    """A one-line message on stderr (never markup; control characters and line breaks in file
    names or titles are shown escaped)."""
    from ..base.safetext import terminal_safe

    sys.stderr.write(terminal_safe(text.rstrip("\n"), one_line=True) + "\n")


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


def wrap_lines(text: str, columns: int) -> str:
    """Each line of ``text`` wrapped at ``columns``, continuation lines indented four more than
    the line's own indentation (rich would wrap them at column 0, leaving trailing spaces)."""
    import textwrap

    out: list[str] = []
    for line in text.split("\n"):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += textwrap.wrap(line, columns, subsequent_indent=indent + "    ") or [""]
    return "\n".join(out)
