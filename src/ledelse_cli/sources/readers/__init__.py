"""Readers that turn a file's bytes into text: format sniffing and one module per format.

Readers are pure functions of bytes; they never touch the corpus. The heavy ones (PDF, DOCX,
HTML) run inside a killable worker process (see ``worker``) because a malformed file can make
a third-party parser loop or balloon.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass

from ...base.errors import InputError, LedelseError, LimitError

TEXT_SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
SUFFIXES = {
    **TEXT_SUFFIXES,
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
# Magic numbers of formats people rename by accident; named in the message so it is actionable.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)


@dataclass(frozen=True)
class SourceText:
    """What a reader extracted from a file.

    Attributes:
        text: the extracted text (not yet normalised).
        encoding: the codec for text formats, None for binary formats.
        format: ``text``, ``markdown``, ``html``, ``pdf`` or ``docx``.
        page_offsets: for PDFs, the offset in ``text`` where each page starts.
    """

    text: str
    encoding: str | None
    format: str
    page_offsets: tuple[int, ...] = ()


def detect_format(data: bytes, suffix: str, name: str) -> str:
    """The format to read ``data`` as: by content when it is unambiguous, else by suffix.

    Raises:
        InputError: an unsupported suffix, or content of a kind we cannot read.
    """
    suffix = suffix.lower()
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "pdf":
                return "pdf"
            if kind == "zip":
                # A .docx is a zip; any other zip (xlsx, odt, a plain archive) is not ours.
                if b"word/" in data[:65536] or suffix == ".docx":
                    return "docx"
                raise InputError("a zip archive, not a document we can read", name)
            # "MZ" is two letters a text could start with; only trust it without a text suffix.
            if kind.endswith("executable") and suffix in SUFFIXES and suffix != ".pdf":
                continue
            raise InputError(f"not a text document (looks like {kind})", name)
    if suffix in {".pdf", ".docx"}:
        raise InputError(f"not a valid {suffix[1:].upper()} file (wrong header)", name)
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(filter(None, SUFFIXES)))
        raise InputError(f"unsupported file type '{suffix}' (supported: {known})", name)
    return SUFFIXES[suffix]


def extract(
    data: bytes, fmt: str, name: str, *, encoding: str | None = None, max_chars: int
) -> SourceText:
    """Extract text from ``data`` in format ``fmt``; the text is at most ``max_chars`` long.

    Raises:
        InputError: unreadable data; LimitError when the text exceeds ``max_chars``.
    """
    try:
        source = _extract(data, fmt, name, encoding=encoding, max_chars=max_chars)
    except (LedelseError, MemoryError, KeyboardInterrupt):
        raise
    except reader_errors() as e:
        # The one place where what a parsing library throws at a hostile file becomes bad
        # input (exit 3) instead of an internal error, whichever reader met it.
        raise InputError(f"cannot read this {fmt.upper()} file ({one_line(e)})", name) from e
    check_chars(len(source.text), max_chars, name)
    return source


@functools.cache
def reader_errors() -> tuple[type[BaseException], ...]:
    """Exceptions the parsing libraries raise on damaged or hostile files.

    pypdf's PyPdfError (LimitReachedError, PdfReadError …) and pypdfium2's PdfiumError; zipfile's
    BadZipFile, LargeZipFile, RuntimeError (an encrypted member) and NotImplementedError (an
    unknown compression); zlib.error; XML parse errors; and the builtins a decoder raises on
    malformed data (ValueError covers UnicodeError and defusedxml's refusals; RecursionError,
    a RuntimeError, nesting).
    """
    import struct
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    errors: list[type[BaseException]] = [
        zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, ParseError,
        RuntimeError, NotImplementedError, ValueError, EOFError, OSError, IndexError, KeyError,
    ]
    for module, attr in (("pypdf.errors", "PyPdfError"), ("pypdfium2", "PdfiumError"),
                         ("lxml.etree", "LxmlError")):
        try:
            errors.append(getattr(importlib.import_module(module), attr))
        except (ImportError, AttributeError):
            pass
    return tuple(errors)


def _extract(data: bytes, fmt: str, name: str, *, encoding: str | None, max_chars: int
             ) -> SourceText:
    if fmt == "pdf":
        from .pdf import read_pdf

        source = read_pdf(data, name, max_chars=max_chars)
    elif fmt == "docx":
        from .docx import read_docx

        source = read_docx(data, name, max_chars=max_chars)
    elif fmt == "html":
        from .html import read_html

        source = read_html(data, name, encoding=encoding, max_chars=max_chars)
    else:
        from .encoding import decode_text

        text, enc = decode_text(data, name, encoding)
        source = SourceText(text, enc, fmt)
    return source


def one_line(e: BaseException, limit: int = 160) -> str:
    """A third-party exception as one short line (type and message) for an error message."""
    text = " ".join(str(e).split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def check_chars(n: int, max_chars: int, name: str) -> None:
    """Raise LimitError when ``n`` extracted characters exceed ``--max-chars``."""
    if n > max_chars:
        raise LimitError(
            f"extracted text is over the --max-chars limit of {max_chars} characters", name
        )


__all__ = ["SUFFIXES", "SourceText", "check_chars", "detect_format", "extract"]
