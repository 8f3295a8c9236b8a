"""A nesting limit for JSON read from users' files, enforced before ``json.loads`` recurses."""

from __future__ import annotations

import re

from .errors import InputError

# Strings (whose brackets do not count) and the brackets themselves.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (a valid document or not)."""
    depth = deepest = 0
    for m in _TOKENS.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def check_json_depth(text: str, limit: int, name: str) -> None:
    """InputError (exit 3) when ``text`` nests deeper than ``limit``."""
    if text.count("[") + text.count("{") <= limit:
        return  # cannot be deeper than the number of openings
    if json_depth(text) > limit:
        raise InputError(f"JSON nested more than {limit} levels deep", name)
