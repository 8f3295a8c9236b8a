"""Cache entries on disk: a JSON body under the sha256 of its bytes, so that a damaged or
hand-edited file is a miss and is recomputed, never used (``run.cacheshape`` checks the shape
of document entries on top of this)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .corpusfs import read_regular
from .errors import InputError
from .yamlio import atomic_write_bytes

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class BadEntry(ValueError):
    """A cache entry that must not be used."""


def frame(data: Any) -> bytes:
    """An entry's bytes: the sha256 of the JSON body on the first line, then the body."""
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body


def unframe(raw: bytes) -> Any:
    """The JSON body of an entry whose checksum holds (BadEntry otherwise)."""
    digest, sep, body = raw.partition(b"\n")
    if not sep or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        raise BadEntry("checksum")
    if _SURROGATE_ESCAPE.search(body):
        # Entries are written with ensure_ascii=False: a \uD800-style escape only gets in by
        # hand, and would put text that cannot be written as UTF-8 into the results.
        raise BadEntry("surrogate escape")
    try:
        return json.loads(body)
    except RecursionError as e:  # the C decoder's own depth guard; a miss, not a crash
        raise BadEntry("nested too deeply") from e


def read_entry(path: Path) -> Any:
    """An entry's JSON body, or None when missing, damaged or of another checksum."""
    try:
        # Bytes: json decodes UTF-8 itself, without a text layer's newline translation.
        return unframe(read_regular(path))
    except (InputError, ValueError):
        return None  # missing or corrupt: the caller rebuilds


def write_entry(path: Path, data: Any) -> None:
    """Write an entry atomically; a read-only cache directory only costs speed."""
    try:
        atomic_write_bytes(path, frame(data))
    except (OSError, ValueError):
        pass


__all__ = ["BadEntry", "frame", "read_entry", "unframe", "write_entry"]
