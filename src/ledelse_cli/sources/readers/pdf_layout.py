"""A PDF's layout as text: running headers and footers dropped, headings and paragraphs apart."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

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


_DIGITS = re.compile(r"\d+")


@dataclass
class PdfLine:
    """One line of text on a page, in PDF user space (y grows upwards)."""

    text: str
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool


@dataclass
class PdfPage:
    lines: list[PdfLine]
    top: float
    bottom: float


def _edge_lines(page: PdfPage) -> list[int]:
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


def _running_keys(line: PdfLine, page_no: int) -> set[tuple[object, ...]]:
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


def drop_running_lines(pages: list[PdfPage]) -> None:
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

    def running(line: PdfLine, no: int) -> bool:
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


def _body_style(pages: list[PdfPage]) -> tuple[float, bool]:
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


def _line_spacing(pages: list[PdfPage]) -> dict[float, float]:
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


def compose_text(pages: list[PdfPage]) -> tuple[str, list[int]]:
    """The text of all pages with headings and paragraphs set apart, and the page starts."""
    body, body_bold = _body_style(pages)
    spacing = _line_spacing(pages)

    def is_heading(line: PdfLine) -> bool:
        return line.size >= body + _HEADING_STEP or (line.bold and not body_bold)

    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for page in pages:
        out: list[str] = []
        prev: PdfLine | None = None
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


def _paragraph_break(prev: PdfLine, line: PdfLine, spacing: dict[float, float]) -> bool:
    dist = prev.baseline - line.baseline
    if dist < -0.5 * line.size:
        return True  # moved up the page: a new column or text box
    usual = spacing.get(line.size, 1.2 * line.size)
    return dist > _PARAGRAPH_GAP * usual
