"""HTML main-text extraction with trafilatura: navigation, ads and scripts go, lists stay."""

from __future__ import annotations

import codecs
import re

from ...base.errors import InputError, UsageError
from . import SourceText, one_line
from .encoding import check_encoding, decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def read_html(data: bytes, name: str, *, encoding: str | None, max_chars: int) -> SourceText:
    """Extract a web page's main text as Markdown-like lines (``#`` headings, ``- `` items).

    Args:
        data: the page's bytes.
        name: the file name, for messages.
        encoding: explicit codec; else the page's ``<meta charset>``, else detection.
        max_chars: only used by the caller's check; trafilatura has no incremental output.

    Raises:
        InputError: undecodable bytes, or a page without any main text.
    """
    text, enc = _decode(data, name, encoding)
    import trafilatura

    try:
        extracted = trafilatura.extract(
            text,
            output_format="markdown",
            include_comments=False,
            include_links=False,
            include_images=False,
            include_tables=True,
            favor_recall=True,
            deduplicate=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, RecursionError, AttributeError) as e:
        raise InputError(f"cannot parse HTML ({one_line(e)})", name) from e
    if not extracted or not extracted.strip():
        raise InputError("no main text found in the HTML page", name)
    # trafilatura's Markdown bullets come as "- " or "* "; one bullet form for the segmenter.
    extracted = re.sub(r"(?m)^(\s*)\* ", r"\1- ", extracted)
    return SourceText(extracted, enc, "html")


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    if encoding is None and not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "replace").lower() if m else None
        if declared:
            try:
                check_encoding(declared)  # a page may declare "undefined" or "zlib"
                # Browsers read "iso-8859-1" as windows-1252; so do we (curly quotes survive).
                codec = "cp1252" if declared in ("iso-8859-1", "latin-1", "latin1") else declared
                return data.decode(codec), codec
            except (LookupError, UnicodeError, UsageError):
                pass  # a wrong declaration is common; fall back to detection
    return decode_text(data, name, encoding)
