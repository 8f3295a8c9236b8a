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

# A document with fewer letters than this is treated as having no text layer (scans often
# carry a few stray glyphs from a stamp or page number).
_MIN_LETTERS_PER_DOC = 20
# Running headers and footers are looked for among this many lines at each edge of a page, and
# only within this share of the page height from the edge.
_EDGE_LINES = 3
_EDGE_BAND = 0.15
# A line repeated at an edge is running text when found on at least 2 pages and on at least
# this share of the pages with text.
_REPEAT_SHARE = 0.4
# A heading is set at least this many points larger than the body.
_HEADING_STEP = 0.9
# A baseline distance this much larger than the usual line spacing starts a new paragraph.
_PARAGRAPH_GAP = 1.3

# Page-number lines, matched on the whole (stripped, whitespace-collapsed) line.
_PAGE_NUMBER = re.compile(
    r"(?:side|sida|page|s\.|p\.)?\s*\d{1,4}(?:\s*(?:af|av|of|/|\|)\s*\d{1,4})?"
    r"|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|(?-i:[ivxlcdm]{1,7})",
    re.IGNORECASE,
)
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold|extrabold|ultrabold", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# A page's text in PDFium's view: line breaks, hyphenation marks, spaces and words.
_TOKEN = re.compile(r"[\r\n]+|[\x02\ufffe]|[^\S\r\n]+|[^\s\x02\ufffe]+")
# Symbol and Wingdings fonts map their glyphs into this private-use block.
_SYMBOL_FONT_CHARS = frozenset(map(chr, range(0xF020, 0xF100)))
_FORCE_BOLD_FLAG = 1 << 18  # FontDescriptor /Flags bit 19
_FILL_STROKE = 2  # text render mode "fill, then stroke": how office suites fake bold


@dataclass
class _Line:
    """One line of text on a page, in PDF user space (y grows upwards)."""

    text: str
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool


@dataclass
class _Page:
    lines: list[_Line]
    top: float
    bottom: float


@dataclass
class _LineBuilder:
    """Characters of the line being read and the text pieces (PDF text objects) they are in."""

    chars: list[str] = field(default_factory=list)
    # per text object: (top, bottom, baseline, size, bold), and how many visible chars it gave
    runs: dict[int, tuple[float, float, float, float, bool]] = field(default_factory=dict)
    counts: Counter[int] = field(default_factory=Counter)

    def line(self) -> _Line | None:
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
        return _Line(
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
    _drop_running_lines(pages)
    text, offsets = _compose(pages)
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


def _read_pages(data: bytes, name: str, max_chars: int) -> list[_Page]:
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
    pages: list[_Page] = []
    total = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                _, bottom, _, top = page.get_bbox()
                lines = _page_lines(page, raw)
            finally:
                page.close()
            pages.append(_Page(lines, top, bottom))
            total += sum(len(line.text) + 1 for line in lines) + 1
            check_chars(total, max_chars, name)
    except (pdfium.PdfiumError, ValueError, OSError, ctypes.ArgumentError) as e:
        raise InputError(f"malformed PDF ({one_line(e)})", name) from e
    finally:
        doc.close()
    return pages


def _page_lines(page: Any, raw: Any) -> list[_Line]:
    """The lines of one page as PDFium reads them (its spacing and line breaks)."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        fonts: dict[int, tuple[float, float, float, float, bool]] = {}
        lines: list[_Line] = []
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


def _edge_lines(page: _Page) -> list[int]:
    """Indices of the lines at the top and bottom edges of a page (header/footer places)."""
    height = page.top - page.bottom
    if height <= 0 or not page.lines:
        return []
    order = sorted(range(len(page.lines)), key=lambda i: -page.lines[i].top)
    top_edge = page.top - _EDGE_BAND * height
    bottom_edge = page.bottom + _EDGE_BAND * height
    found: list[int] = []
    for i in order[:_EDGE_LINES]:
        if page.lines[i].bottom < top_edge:
            break
        found.append(i)
    for i in reversed(order[-_EDGE_LINES:]):
        if page.lines[i].top > bottom_edge:
            break
        if i not in found:
            found.append(i)
    return found


def _running_keys(line: _Line, page_no: int) -> set[tuple[object, ...]]:
    """What a running line has in common with its copies on other pages.

    Either the same text (and font size), or the same text once digits are masked with a
    number in it that goes up with the page ("Side 3 af 5", "Kapitel 2: Ledelse 14").
    """
    text = line.text.casefold()
    keys: set[tuple[object, ...]] = {("same", text, line.size)}
    masked = _DIGITS.sub("#", text)
    for k, number in enumerate(_DIGITS.findall(text)):
        if len(number) <= 6:
            keys.add(("page", masked, line.size, k, int(number) - page_no))
    return keys


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove running headers/footers (repeated at page edges) and page-number lines.

    A line repeated word for word must be on at least 2 pages and 40 % of the pages with text;
    a line carrying the page number on just 2, unless it is set as a heading ("Princip 1" and
    "Princip 2" atop two slides are not a running header).
    """
    body, _ = _body_style(pages)
    edges = [_edge_lines(page) for page in pages]
    seen: Counter[tuple[object, ...]] = Counter()
    for no, (page, idx) in enumerate(zip(pages, edges, strict=True)):
        seen.update(set().union(*(_running_keys(page.lines[i], no) for i in idx)))
    with_text = sum(1 for page in pages if page.lines)
    need = max(2, math.ceil(_REPEAT_SHARE * with_text))

    def running(line: _Line, no: int) -> bool:
        for key in _running_keys(line, no):
            if seen[key] >= (need if key[0] == "same" else 2):
                if key[0] == "same" or line.size < body + _HEADING_STEP:
                    return True
        return False

    for no, (page, idx) in enumerate(zip(pages, edges, strict=True)):
        drop = {
            i
            for i in idx
            if _PAGE_NUMBER.fullmatch(page.lines[i].text) or running(page.lines[i], no)
        }
        page.lines = [line for i, line in enumerate(page.lines) if i not in drop]


def _body_style(pages: list[_Page]) -> tuple[float, bool]:
    """The font size most text is set in, and whether most text is bold."""
    sizes: Counter[float] = Counter()
    bold = 0
    total = 0
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
            total += len(line.text)
            bold += len(line.text) if line.bold else 0
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    return body, bold * 2 > total


def _line_spacing(pages: list[_Page]) -> dict[float, float]:
    """The usual baseline distance for each font size: the most common one between lines."""
    seen: dict[float, Counter[float]] = {}
    for page in pages:
        for prev, line in zip(page.lines, page.lines[1:], strict=False):
            dist = prev.baseline - line.baseline
            if prev.size == line.size and 0.5 * line.size < dist < 3 * line.size:
                seen.setdefault(line.size, Counter())[round(dist * 2) / 2] += 1
    return {
        size: min(d for d, n in counts.items() if n == max(counts.values()))
        for size, counts in seen.items()
    }


def _compose(pages: list[_Page]) -> tuple[str, list[int]]:
    """The text of all pages with headings and paragraphs set apart, and the page starts."""
    body, body_bold = _body_style(pages)
    spacing = _line_spacing(pages)

    def is_heading(line: _Line) -> bool:
        return line.size >= body + _HEADING_STEP or (line.bold and not body_bold)

    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for page in pages:
        out: list[str] = []
        prev: _Line | None = None
        for line in page.lines:
            heading = is_heading(line)
            if prev is None:
                out.append(line.text)
            elif heading != is_heading(prev) or (
                heading and (line.size, line.bold) != (prev.size, prev.bold)
            ):
                out += ["", line.text]
            elif _paragraph_break(prev, line, spacing):
                out += ["", line.text]
            elif heading and line.text[:1].islower():
                out[-1] += " " + line.text
            else:
                out.append(line.text)
            prev = line
        text = "\n".join(out)
        offsets.append(pos)
        parts.append(text)
        pos += len(text) + 2
    return "\n\n".join(parts), offsets


def _paragraph_break(prev: _Line, line: _Line, spacing: dict[float, float]) -> bool:
    dist = prev.baseline - line.baseline
    if dist < -0.5 * line.size:
        return True  # moved up the page: a new column or text box
    usual = spacing.get(line.size, 1.2 * line.size)
    return dist > _PARAGRAPH_GAP * usual
