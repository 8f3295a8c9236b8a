r"""PDF text extraction with page layout: running headers and footers out, headings apart.

Library: pypdfium2 (Python bindings to PDFium, Chromium's PDF engine). Compared with pypdf's
``extract_text(visitor_text=...)`` and pdfplumber, each feeding the same layout code below,
on fixtures built with fpdf2 and by hand (Danish and Norwegian text with a running header on
every page, "Side N af M" footers, 16 pt bold or 11 pt bold headings over 11 pt body,
justified TrueType text, words drawn one by one, word spaces made only of TJ kerning as
LaTeX and InDesign write them), a Word-style document with header, footer fields, heading
styles and bullets converted by LibreOffice, and two real PDFs (a texinfo manual and a DocBook
spec). Milliseconds, best of 3 on the 2-core development machine:

==============================  =========  =============  ==========
document                        pypdfium2  pypdf visitor  pdfplumber
==============================  =========  =============  ==========
2 pages, fpdf2                  3          7              128
40 pages, justified TrueType    165        492            1993
200 pages, fpdf2                838        1013           10830
4 pages, LibreOffice            18         152            383
36 pages, texinfo manual        179        914            6571
17 pages, DocBook spec          198        796            3435
TJ-kerned text: sentences kept  8 of 8     8 of 8         0 of 8
real PDFs: glued lines (*)      0 + 1      0 + 1          33 + 277
==============================  =========  =============  ==========

(*) lines with a run of 25 or more letters, texinfo + DocBook; the one everywhere is a real
identifier. On all fixtures all three kept æøå and, with the layout code below, dropped every
running header and footer and set every heading apart. pdfplumber (pdfminer.six) glues words
whose gap is under its 3 pt tolerance ("Somlederesættervienklarretning...") and is 13-40
times slower, being pure Python. pypdf's visitor is accurate but reports only where each
chunk of text starts, so pieces of a line can come out of order (the manual's right-aligned
"[Function]" came before the text it follows) and the caller must rebuild lines itself; it
was 1.2-3 times slower on the fixtures and 4-8 times on the three converted documents.
pypdfium2 spaces words and orders lines as a browser shows them, gives each piece's font,
size and box, repairs damaged files like a browser, and installs as a binary wheel.

What :func:`read_pdf` does with a page's lines:

- running headers and footers: among the three outermost lines in the top or bottom 15 % of a
  page, a line found word for word (same font size) on at least 2 pages and 40 % of the pages
  with text (40 %, not most, so that alternating left/right page headers count), or found on
  at least 2 pages with a number in it that goes up with the page ("Side 3 af 5", "Kapitel 2:
  Ledelse 14") unless it is set as a heading, is dropped; so is a page-number line ("Side 2 af
  5", "Side 2 av 5", "2 / 5", "- 2 -", a lone "2" or "iv") there, even on a single page;
- headings: a line set at least 1 pt larger than the body (the size most text is set in), or
  wholly in bold while most of the body is not, is set apart by blank lines; a heading that
  wraps onto a line starting in lower case is joined into one line;
- paragraphs: a blank line where the baseline distance is over 1.3 times the document's usual
  line spacing for that font size, or where the text moves up the page (a new column);
- lines are otherwise kept as they are on the page; a word hyphenated at a line end keeps its
  hyphen and line break, and a Symbol/Wingdings bullet glyph (Word's U+F0B7) becomes "•".
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ...base.errors import InputError
from . import SourceText, check_chars, one_line
from .pdf_layout import PdfLine, PdfPage, compose_text, drop_running_lines

# A document with fewer letters than this is treated as having no text layer (scans often
# carry a few stray glyphs from a stamp or page number).
_MIN_LETTERS_PER_DOC = 20

_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold|extrabold|ultrabold", re.IGNORECASE)
# A page's text in PDFium's view: line breaks, hyphenation marks, spaces and words.
_TOKEN = re.compile(r"[\r\n]+|[\x02\ufffe]|[^\S\r\n]+|[^\s\x02\ufffe]+")
# Symbol and Wingdings fonts map their glyphs into this private-use block.
_SYMBOL_FONT_CHARS = frozenset(map(chr, range(0xF020, 0xF100)))
_FORCE_BOLD_FLAG = 1 << 18  # FontDescriptor /Flags bit 19
_FILL_STROKE = 2  # text render mode "fill, then stroke": how office suites fake bold






@dataclass
class _LineBuilder:
    """Characters of the line being read and the text pieces (PDF text objects) they are in."""

    chars: list[str] = field(default_factory=list)
    # per text object: (top, bottom, baseline, size, bold), and how many visible chars it gave
    runs: dict[int, tuple[float, float, float, float, bool]] = field(default_factory=dict)
    counts: Counter[int] = field(default_factory=Counter)

    def line(self) -> PdfLine | None:
        text = " ".join("".join(self.chars).split())
        if not text or not self.counts:
            return None
        if text[0] in _SYMBOL_FONT_CHARS and text[1:2] == " ":
            # A Symbol/Wingdings glyph opening a line is a list bullet (Word's is U+F0B7)
            text = "•" + text[1:]
        runs = [(self.runs[k], n) for k, n in self.counts.items()]
        main = max(runs, key=lambda r: r[1])[0]
        sizes: Counter[float] = Counter()
        for run, n in runs:
            sizes[round(run[3] * 2) / 2] += n
        return PdfLine(
            text=text,
            top=max(r[0] for r, _ in runs),
            bottom=min(r[1] for r, _ in runs),
            baseline=main[2],
            size=sizes.most_common(1)[0][0],
            bold=all(r[4] for r, _ in runs),
        )


def read_pdf(data: bytes, name: str, *, max_chars: int) -> SourceText:
    """Extract the text layer of a PDF, one page after another, without running headers.

    Args:
        data: the PDF file's bytes.
        name: the file name, for messages.
        max_chars: stop (LimitError) as soon as the text grows past this.

    Returns:
        The text with pages separated by a blank line, headings and paragraphs set apart by
        blank lines, and the offset in the text where each page starts.

    Raises:
        InputError: encrypted, malformed, or without a text layer (a scan).
    """
    with _quiet_pdfium():
        pages = _read_pages(data, name, max_chars)
    if not pages:
        raise InputError("PDF has no pages", name)
    drop_running_lines(pages)
    text, offsets = compose_text(pages)
    letters = islice(filter(str.isalpha, text), _MIN_LETTERS_PER_DOC)
    if sum(1 for _ in letters) < _MIN_LETTERS_PER_DOC:
        raise InputError(
            f"PDF has no text layer ({len(pages)} page(s) of images?); run OCR first", name
        )
    return SourceText(text, None, "pdf", tuple(offsets))


# --- reading: PDFium's text page, one line at a time, with each text piece's font -----------


@contextmanager
def _quiet_pdfium() -> Iterator[None]:
    """Silence pypdfium2's log warnings about odd files: they are not the user's business."""
    logger = logging.getLogger("pypdfium2")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read_pages(data: bytes, name: str, max_chars: int) -> list[PdfPage]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise InputError("password-protected PDF", name) from e
        if code == raw.FPDF_ERR_SECURITY:
            raise InputError(f"encrypted PDF that cannot be opened ({one_line(e)})", name) from e
        raise InputError(f"malformed PDF ({one_line(e)})", name) from e
    pages: list[PdfPage] = []
    total = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                _, bottom, _, top = page.get_bbox()
                lines = _page_lines(page, raw)
            finally:
                page.close()
            pages.append(PdfPage(lines, top, bottom))
            total += sum(len(line.text) + 1 for line in lines) + 1
            check_chars(total, max_chars, name)
    except (pdfium.PdfiumError, ValueError, OSError, ctypes.ArgumentError) as e:
        raise InputError(f"malformed PDF ({one_line(e)})", name) from e
    finally:
        doc.close()
    return pages


def _page_lines(page: Any, raw: Any) -> list[PdfLine]:
    """The lines of one page as PDFium reads them (its spacing and line breaks)."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        fonts: dict[int, tuple[float, float, float, float, bool]] = {}
        lines: list[PdfLine] = []
        builder = _LineBuilder()

        def end_line() -> None:
            nonlocal builder
            line = builder.line()
            if line is not None:
                lines.append(line)
            builder = _LineBuilder()

        name_buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if len(text) != count:
            # PDFium's text view left out or added a char: read the char list one by one
            text = "".join(_char(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
        text_object = raw.FPDFText_GetTextObject

        def add_run(index: int, chars: int, first: bool) -> None:
            obj = text_object(handle, index)
            if not obj:
                return  # a space or line break PDFium made up
            key = ctypes.addressof(obj.contents)
            if key not in builder.runs:
                run = fonts.get(key)
                if run is None:
                    run = fonts[key] = _run_info(raw, handle, index, obj, name_buf, flags)
                if first and builder.counts and _new_baseline(builder, run):
                    end_line()
                builder.runs[key] = run
            builder.counts[key] += chars

        # Font and position are looked up once a word (at its first and last char), not for
        # every char: a page has some 3,000 chars and a PDFium call costs about a microsecond.
        for m in _TOKEN.finditer(text):
            token = m.group()
            if token[0] in "\r\n":
                end_line()
            elif token[0] in "\x02\ufffe":
                # PDFium's mark for a word hyphenated across lines: keep hyphen and line break
                builder.chars.append("-")
                end_line()
            elif token[0].isspace():
                builder.chars.append(" ")
            else:
                start, end = m.start(), m.end() - 1
                add_run(start, len(token), True)
                if end > start:
                    add_run(end, 1, False)
                builder.chars.append(token.replace("\x00", ""))
        end_line()
        return lines
    finally:
        textpage.close()


def _char(code: int) -> str:
    """A char of PDFium's char list as text (NUL for none or half a surrogate pair)."""
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\x00"


def _new_baseline(builder: _LineBuilder, run: tuple[float, float, float, float, bool]) -> bool:
    """Whether a piece of text sits a whole line away from the line being read."""
    last = builder.runs[next(reversed(builder.counts))]
    return abs(last[2] - run[2]) > 0.8 * max(last[3], run[3], 1.0)


def _run_info(
    raw: Any, handle: Any, index: int, obj: Any, name_buf: Any, flags: Any
) -> tuple[float, float, float, float, bool]:
    """(top, bottom, baseline, size in points, bold) of the text object holding char ``index``."""
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    font_size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, font_size)
    # The Tf size times the vertical scale of text and graphics state: what the reader sees.
    size = abs(font_size.value) * math.hypot(matrix.c, matrix.d)
    if not size:
        size = float(raw.FPDFText_GetFontSize(handle, index))
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        box_top, box_bottom = top.value, bottom.value
    else:
        box_top, box_bottom = matrix.f + size, matrix.f
    raw.FPDFText_GetFontInfo(handle, index, name_buf, len(name_buf), flags)
    font_name = name_buf.value.decode("latin-1", "replace")
    bold = (
        bool(_BOLD_NAME.search(font_name))
        or bool(flags.value & _FORCE_BOLD_FLAG)
        or raw.FPDFText_GetFontWeight(handle, index) >= 600
        or raw.FPDFTextObj_GetTextRenderMode(obj) == _FILL_STROKE
    )
    return (box_top, box_bottom, matrix.f, size, bold)


# --- layout: running headers and footers, headings, paragraphs ----------------------------














