"""Writing ``-o FILE`` and its manifest: checked before the run, written together, atomically.

The same staging as the corpus: every file of an output is first written in full to a temp
file beside its target and fsync'ed; only when all are complete are they renamed into place.
A full disk or a failed write therefore leaves the previous report *and* its manifest as they
were, never a truncated report next to a manifest describing another run.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..base.errors import LedelseError, UsageError


class OutputError(LedelseError):
    """An output file could not be written (disk full, I/O error); nothing was replaced."""

    exit_code = 3


def check_output_path(path: Path | None, what: str = "--output") -> Path | None:
    """Refuse (exit 2) an output path that cannot be written, before any work is done: its
    directory missing or not a directory, the path itself a directory, no write permission."""
    if path is None:
        return None
    if str(path) == "-" and what == "--output":
        return path  # `-o -`: stdout
    if str(path) in ("", "-"):
        raise UsageError(f"{what} needs a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{what} {path}: is a directory; name a file")
    if not parent.is_dir():
        why = "does not exist" if not parent.exists() else "is not a directory"
        raise UsageError(f"{what} {path}: the directory {parent} {why}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{what} {path}: the directory {parent} is not writable")
    if path.exists() and not path.is_file():
        raise UsageError(f"{what} {path}: exists and is not a regular file")
    return path


def write_outputs(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every (path, data) in full to temp files, then rename them all into place."""
    staged: list[tuple[str, Path]] = []
    current = files[0][0] if files else Path()
    try:
        for path, data in files:
            current = path
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                       dir=path.parent if str(path.parent) else ".")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
    except OSError as e:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        reason = "no space left on the device" if e.errno == errno.ENOSPC else e.strerror
        raise OutputError(
            f"cannot write {current} ({reason}); existing files were left unchanged"
        ) from e


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
