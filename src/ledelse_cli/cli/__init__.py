"""Command-line layer: parse options, call one library function, render. No domain logic here."""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import re
import sys

from .app import app

# One module per command; each registers itself on ``app`` when imported.
COMMAND_MODULES = [
    "init",
    "ingest",
    "listing",
    "show",
    "taxonomy",
    "validate",
    "lemmas",
    "analysis",
    "research",
    "exports",
    "setup",
]


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}")


_CHOICE = re.compile(r"^Invalid value for '([^']+)'(?: / '[^']+')?: (?:Value error, )?"
                     r"'(.*)' is not one of (.+?)\.?$", re.S)


def usage_message(e: Exception) -> str:
    """The option parser's message in our style, on one line: "--format must be table, json
    or csv, not 'xlsx'" instead of click's "Value error, 'xlsx' is not one of …", and where to
    find help."""
    text = " ".join(e.format_message().split())  # type: ignore[attr-defined]
    found = _CHOICE.match(text)
    if found:
        option, value, choices = found.groups()
        names = [c.strip().strip("'") for c in choices.split(",")]
        listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        text = f"{option} must be {listed}, not '{value}'"
    else:
        text = text[:1].lower() + text[1:]
    ctx = getattr(e, "ctx", None)
    where = getattr(ctx, "command_path", None) or "ledelse"
    return f"{text.rstrip('.')} (see `{where} -h`)"


def main(argv: list[str] | None = None) -> None:
    """Entry point with the single error boundary that maps errors to exit codes."""
    from ..base.errors import LedelseError
    from ..base.safetext import SafeStream, terminal_safe

    _register()
    # Every byte a command, a message or a library writes passes the one sanitiser: document
    # text, titles and file names never put control or bidi characters on the terminal raw.
    streams = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)
    debug = os.environ.get("LEDELSE_DEBUG") == "1"
    # A command builds large structures without reference cycles (every document's features,
    # a match per evidence cell, their JSON) and exits. The cyclic collector's passes over that
    # growing heap found nothing to free and took ~0.8 s of a 4 s warm coverage of 1,000
    # documents (~0.2 s even when collecting 50x less often); without it peak RSS is the same,
    # warm and cold (spaCy included). Reference counting still frees everything else. The
    # interpreter's own collection at exit (~0.1 s) is spared by freezing what is left then.
    collecting = gc.isenabled()
    gc.disable()
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    try:
        import typer.main

        from .metavars import readable_metavars
        from .setup import ensure_tables

        command = typer.main.get_command(app)
        readable_metavars(command)
        args = list(sys.argv[1:] if argv is None else argv)
        if not {"-h", "--help", "--version"} & set(args):  # help stays instant
            ensure_tables(next((a for a in args if not a.startswith("-")), None))
        rv = command.main(args=argv, prog_name="ledelse", standalone_mode=False)
        # Outside standalone mode the parser *returns* 130 on Ctrl-C instead of raising.
        if isinstance(rv, int) and rv:
            if rv == 130:
                sys.stderr.write("error: interrupted\n")
            sys.exit(rv)
    except LedelseError as e:
        if debug:
            raise
        problems = getattr(e, "problems", None)
        if problems and len(problems) > 1:
            for p in problems:
                sys.stderr.write(f"error: {terminal_safe(p, one_line=True)}\n")
        else:
            sys.stderr.write(f"error: {terminal_safe(str(e), one_line=True)}\n")
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as e:  # usage errors from the option parser, and real bugs
        # typer vendors its own click, so recognise its exceptions by shape, not by class.
        name = type(e).__name__
        if name == "Exit":
            sys.exit(getattr(e, "exit_code", 0))
        if name == "Abort":
            sys.stderr.write("error: interrupted\n")
            sys.exit(130)
        if name == "NoArgsIsHelpError":  # `ledelse` alone: the help, as it always was
            e.show()  # type: ignore[attr-defined]
            sys.exit(getattr(e, "exit_code", 2))
        if hasattr(e, "format_message") and isinstance(getattr(e, "exit_code", None), int):
            sys.stderr.write(f"error: {usage_message(e)}\n")
            sys.exit(getattr(e, "exit_code", 2))
        if debug:
            raise
        sys.stderr.write(
            f"internal error: {type(e).__name__}: {terminal_safe(str(e), one_line=True)} "
            "(set LEDELSE_DEBUG=1 for a traceback)\n"
        )
        sys.exit(1)
    finally:
        sys.stdout, sys.stderr = streams
        if collecting:
            gc.enable()
    sys.exit(0)
