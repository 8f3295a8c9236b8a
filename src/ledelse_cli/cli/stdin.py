"""`-` as a REF or an ingest path: the text piped in on stdin, read once into a temporary file
(a file REF is segmented from a path, in a sandboxed reader process)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

STDIN = "-"


def _suffix(data: bytes) -> str:
    # PDF and DOCX are recognised by their content whatever the name; HTML needs the name.
    head = data.lstrip()[:64].lower()
    return ".html" if head.startswith((b"<!doctype html", b"<html", b"<")) else ".txt"


@contextmanager
def stdin_paths(refs: Sequence[str]) -> Iterator[list[str]]:
    """``refs`` with ``-`` replaced by the path of a file holding stdin (named ``stdin.*``, so
    its default id is ``stdin``); the file is removed afterwards. ``-`` may appear once."""
    from ..base.errors import InputError, UsageError

    if STDIN not in refs:
        yield list(refs)
        return
    if list(refs).count(STDIN) > 1:
        raise UsageError("'-' (stdin) can be given only once")
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("'-' reads the document from stdin, but nothing is piped in "
                         "(e.g. `cat draft.md | ledelse show -`)")
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise InputError("empty input", "stdin")
    folder = Path(tempfile.mkdtemp(prefix="ledelse-stdin-"))
    try:
        path = folder / f"stdin{_suffix(data)}"
        path.write_bytes(data)
        yield [str(path) if r == STDIN else r for r in refs]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
