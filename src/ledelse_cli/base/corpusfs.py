"""File-system primitives of the corpus: bounded reads of regular files, durable writes,
atomic directory exchange, and errors about the corpus's own state.

A corpus is edited by hand, so any of its files may turn out to be a FIFO (``open`` would block
forever), a symlink to ``/dev/zero`` (``read`` never ends) or a directory. Every corpus file is
read through ``read_regular``: opened without blocking, checked to be a regular file on the
opened descriptor (no race with a rename), and read only up to a size limit.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from .errors import CorpusError, InputError

# text.txt is at most --max-chars characters (1 M by default; 4 bytes each at worst) and an
# original at most --max-bytes (50 MB by default); both limits can be raised, so the corpus
# reader allows far more, but not /dev/zero.
MAX_CORPUS_FILE_BYTES = 512 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: Path, limit: int = MAX_CORPUS_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises:
        InputError: missing, not a regular file (FIFO, device, directory …), over the limit,
            or unreadable; the message says which.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as e:
        raise InputError("file is missing", name) from e
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError("symbolic link loop", name) from e
        if e.errno == errno.EISDIR:
            raise InputError("is a directory, not a file", name) from e
        raise InputError(f"cannot read ({e.strerror})", name) from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"is {file_kind(st.st_mode)}, not a regular file", name)
        if st.st_size > limit:
            raise InputError(f"file is {st.st_size} bytes, over the {limit}-byte limit", name)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise InputError(f"file grew over the {limit}-byte limit while being read", name)
        return data
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", name) from e
    finally:
        os.close(fd)


def corpus_write_error(root: Path, e: OSError) -> CorpusError:
    """An OSError met while writing the corpus, as an error about the corpus (exit 3)."""
    where = f" ({e.filename})" if e.filename else ""
    reason = e.strerror or type(e).__name__
    if e.errno == errno.ENOSPC:
        reason = "no space left on the device"
    elif isinstance(e, (FileExistsError, NotADirectoryError, IsADirectoryError)):
        reason = f"{reason}: the corpus holds a file where a directory belongs or the reverse"
    return CorpusError(f"{root}: cannot write to the corpus: {reason}{where}")


def write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories with Linux ``renameat2(RENAME_EXCHANGE)``.

    Returns False (and changes nothing) where the call is unavailable or refused, so the
    caller can fall back to a two-step replace.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # musl before 1.2.?, old glibc
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0
