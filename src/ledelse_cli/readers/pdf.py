"""PDF text extraction with pypdf, keeping where each page starts."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError
from . import SourceText, check_chars, one_line

# A page with fewer letters than this is treated as having no text layer (scans often carry a
# few stray glyphs from a stamp or page number).
_MIN_LETTERS_PER_DOC = 20


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's warnings about repaired files: they are not the user's business."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_pdf(data: bytes, name: str, *, max_chars: int) -> SourceText:
    """Extract the text layer of a PDF, one page after another.

    Args:
        data: the PDF file's bytes.
        name: the file name, for messages.
        max_chars: stop (LimitError) as soon as the text grows past this.

    Returns:
        The text with pages separated by a blank line, and each page's start offset.

    Raises:
        InputError: encrypted, malformed, or without a text layer (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    try:
        with quiet_pypdf():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                # Many PDFs are "encrypted" with an empty user password only to block editing.
                try:
                    ok = reader.decrypt("")
                except Exception as e:  # pypdf raises several types for unsupported ciphers
                    raise InputError(f"encrypted PDF that cannot be opened ({e})", name) from e
                if not ok:
                    raise InputError("password-protected PDF", name)
            for page in reader.pages:
                text = (page.extract_text() or "").replace("\x00", "")
                offsets.append(pos)
                parts.append(text)
                pos += len(text) + 2
                check_chars(pos, max_chars, name)
    except InputError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        ZeroDivisionError,
        AssertionError,
    ) as e:
        # pypdf signals damage with whatever the failing line raised; all mean "malformed".
        raise InputError(f"malformed PDF ({one_line(e)})", name) from e
    if not offsets:
        raise InputError("PDF has no pages", name)
    text = "\n\n".join(parts)
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS_PER_DOC:
        raise InputError(
            f"PDF has no text layer ({len(offsets)} page(s) of images?); run OCR first", name
        )
    return SourceText(text, None, "pdf", tuple(offsets))
