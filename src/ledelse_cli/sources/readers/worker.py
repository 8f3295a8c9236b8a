"""A killable worker process for parsing, so a looping or ballooning parser cannot hang ingest.

pypdf on a malformed PDF, lxml on pathological HTML or the segmenter on a huge run-on text can
take unbounded time; a thread cannot be stopped, a process can. One worker is started lazily
(``spawn``: no inherited locks or file handles) and reused for a whole batch, because its start
costs ~1 s (the language models); it is killed and replaced when a task overruns its time-out.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

from ...base.errors import InputError, LedelseError, LimitError

# Address-space cap of the worker: far above what a 50 MB document needs (measured peak RSS
# ~350 MB with the language models), far below what takes a 2-core, few-GB machine down.
WORKER_MEMORY_BYTES = 3 * 1024**3


class Worker:
    """Run functions in a child process with a time-out; use as a context manager.

    Args:
        timeout: seconds one call may take before the child is killed (LimitError).
        memory: address-space limit of the child in bytes (0: none).
    """

    def __init__(self, timeout: float, memory: int = WORKER_MEMORY_BYTES):
        self.timeout = timeout
        self.memory = memory
        self._proc: Any = None
        self._conn: Connection | None = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child (politely if idle, by force otherwise)."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is None:
            return
        try:
            if conn is not None:
                conn.close()  # the child sees EOF and exits
            proc.join(1.0)
        finally:
            if proc.is_alive():
                proc.kill()
                proc.join()

    def call(self, name: str, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in the child; ``name`` (the file) is used in error messages.

        Raises:
            LimitError: the call took longer than the time-out or ran out of memory.
            InputError: the child died (crash in a C extension) or ``fn`` raised one.
        """
        if self._proc is None or not self._proc.is_alive():
            self._start()
        assert self._conn is not None and self._proc is not None
        try:
            self._conn.send((fn, args))
            ready = wait([self._conn, self._proc.sentinel], self.timeout)
            if self._conn not in ready:
                if ready:  # only the sentinel: the child is gone
                    code = self._proc.exitcode
                    self.close()
                    raise InputError(f"the parser crashed (exit code {code})", name)
                self.close()
                raise LimitError(
                    f"parsing took longer than the --timeout of {self.timeout:g} s", name
                )
            status, payload = self._conn.recv()
        except (EOFError, BrokenPipeError, ConnectionError) as e:
            self.close()
            raise InputError("the parser process died unexpectedly", name) from e
        except BaseException:
            self.close()  # Ctrl-C or any surprise: never leave the child running
            raise
        if status == "ok":
            return payload
        raise _rebuild(payload, name)

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        debug = os.environ.get("LEDELSE_DEBUG") == "1"
        proc = ctx.Process(
            target=_serve, args=(child, os.getpid(), self.memory, debug), daemon=True
        )
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent


def _rebuild(payload: tuple[str, str, str | None], name: str) -> BaseException:
    """The child's error as an exception of the same kind in the parent."""
    kind, message, path = payload
    if kind == "LimitError":
        return LimitError(message, path or name)
    if kind in ("InputError", "ValidationError"):
        return InputError(message, path or name)
    if kind == "MemoryError":
        return LimitError(f"parsing ran out of memory (limit {WORKER_MEMORY_BYTES} bytes)", name)
    if kind == "LedelseError":
        return LedelseError(message)
    # Anything else is a bug in our code or a library's: the boundary reports exit 1.
    return RuntimeError(f"{message} (in the parser process, while reading {name})")


def _serve(conn: Connection, parent_pid: int, memory: int, debug: bool) -> None:
    """Child main loop: receive (fn, args), send ("ok", result) or ("error", (kind, msg, path))."""
    # Ctrl-C reaches the whole process group; the parent handles it and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory:
        import resource

        # Only ever lower the limit: a caller (a test, a batch system) may have set a tighter one.
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        caps = [v for v in (memory, soft, hard) if v != resource.RLIM_INFINITY]
        resource.setrlimit(resource.RLIMIT_AS, (min(caps), hard))
    if not debug:
        # Library warnings about repaired PDFs or odd HTML are noise on the user's terminal.
        logging.disable(logging.WARNING)
        warnings.simplefilter("ignore")
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: tuple[str, Any] = ("ok", fn(*args))
        except InputError as e:
            result = ("error", (type(e).__name__, _bare_message(e), e.path))
        except LedelseError as e:
            result = ("error", ("LedelseError", str(e), None))
        except MemoryError:
            result = ("error", ("MemoryError", "", None))
        except Exception as e:
            result = ("error", (type(e).__name__, f"{type(e).__name__}: {e}", None))
        try:
            conn.send(result)
        except (OSError, EOFError):
            return
        except MemoryError:
            conn.send(("error", ("MemoryError", "", None)))


def _bare_message(e: InputError) -> str:
    text = str(e)
    prefix = f"{e.path}: " if e.path else ""
    return text[len(prefix) :] if prefix and text.startswith(prefix) else text


def _watch_parent(parent_pid: int) -> None:
    """Exit when the parent is gone (SIGKILL leaves no chance to kill us)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(1)
