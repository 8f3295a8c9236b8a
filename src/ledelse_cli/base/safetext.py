"""Text from users and files made safe to show, store and name things by.

Three rules, each in one place:

- ``terminal_safe``: what reaches a terminal never carries a control or bidi character raw.
  C0/C1 controls (ESC, OSC, CSI U+009B …), DEL, the bidi overrides and isolates (U+202A-202E,
  U+2066-2069, LRM/RLM/ALM) and lone surrogates are shown as ``\\uXXXX``. The escape is also a
  JSON escape, so JSON output passed through it stays valid and decodes to the same data.
- ``check_storable``: text that cannot be encoded as UTF-8 (a lone surrogate from a Latin-1 file
  name, a ``--title`` with a stray byte, ``"\\uD800"`` in hand-edited YAML) is refused (exit 3)
  before it is written anywhere.
- ``file_name``: a path's name as text, NFC-normalised, so that the NFD and NFC spellings of
  "Århus.txt" (macOS vs. Linux) name the same document.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any, TextIO

from .errors import InputError

# C0 controls but TAB and LF, DEL, C1 controls, Arabic letter mark, LRM/RLM, the bidi
# embeddings/overrides, the bidi isolates, and surrogates (only ever lone ones in a str).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_LINES = re.compile(f"[{_UNSAFE}]")
_UNSAFE_ONE_LINE = re.compile(f"[{_UNSAFE}\n\t]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control, bidi and surrogate character shown as ``\\uXXXX``.

    ``one_line``: escape line feeds and tabs too (error messages are one line each).
    """
    rx = _UNSAFE_ONE_LINE if one_line else _UNSAFE_LINES
    return rx.sub(_escape, text) if rx.search(text) else text


def is_storable(text: str) -> bool:
    """True when ``text`` can be written as UTF-8 (no lone surrogates)."""
    return _SURROGATE.search(text) is None


def check_storable(value: str, what: str, path: str | None = None) -> str:
    """Return ``value``, or raise InputError (exit 3) when it cannot be encoded as UTF-8."""
    m = _SURROGATE.search(value)
    if m:
        byte = ord(m.group())
        hint = (
            f" (the byte 0x{byte - 0xDC00:02x} is not UTF-8)"
            if 0xDC80 <= byte <= 0xDCFF
            else f" (a lone surrogate \\u{byte:04x})"
        )
        raise InputError(f"{what} is not valid Unicode text{hint}; use UTF-8", path)
    return value


def check_all_storable(data: Any, what: str, path: str | None = None) -> None:
    """``check_storable`` on every string in a nest of dicts, lists and tuples."""
    stack = [(what, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            check_storable(value, where, path)
        elif isinstance(value, dict):
            stack.extend((f"{where} -> {k}", v) for k, v in value.items())
            stack.extend((f"{where} (key)", k) for k in value if isinstance(k, str))
        elif isinstance(value, list | tuple):
            stack.extend((where, v) for v in value)


def first_unstorable(data: Any) -> tuple[int, list[str]] | None:
    """(line, key path) of the first string in parsed YAML holding a lone surrogate, else
    None (lines from the loader's ``line_of``, 0 where unknown)."""
    stack: list[tuple[Any, int, list[str]]] = [(data, getattr(data, "line", 0), [])]
    while stack:
        value, line, path = stack.pop()
        if isinstance(value, str):
            if not is_storable(value):
                return line, path
        elif isinstance(value, dict | list):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for k, v in pairs:
                ln = value.line_of(k) if hasattr(value, "line_of") else line
                if isinstance(value, dict):
                    stack.append((k, ln, path))
                stack.append((v, ln, [*path, str(k) if isinstance(value, dict) else f"[{k}]"]))
    return None


def file_name(path: str | os.PathLike[str]) -> str:
    """The last component of ``path`` as NFC text (``os.fsdecode``: undecodable bytes stay
    as surrogates, which ``check_storable`` then refuses)."""
    return unicodedata.normalize("NFC", os.fsdecode(Path(path).name))


class SafeStream:
    """A text stream that passes everything written through ``terminal_safe``.

    The CLI puts one in front of stdout and stderr, so no command, message or library can put
    a raw control character on the user's terminal. No ``buffer`` attribute: writers must go
    through ``write``.
    """

    def __init__(self, raw: TextIO):
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    """The stream under a SafeStream (for rich, which escapes its text itself)."""
    return stream.raw if isinstance(stream, SafeStream) else stream
