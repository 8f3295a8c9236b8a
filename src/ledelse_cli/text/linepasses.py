"""Second looks at lines a page lost its blank lines or glyphs around: "Word – explanation" lines
read as a list (see ``blockpasses`` for the order of the passes)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .blocks import Block, Line


#: A line that opens with one to three words and a dash or colon ("Kunnskap - Vi skal …",
#: "Openheit – me deler …", "Tillid: vi …").
_WORD_DASH = re.compile(r"^\s*[A-ZÆØÅ][\wæøå]*(?:\s[\wæøå]+){0,2}(?:\s[–—-]\s?|:\s)\s*\S")
#: A long one-line paragraph (over 30 words) may open so with a dash, not a colon ("Respekt - vi
#: møder … ."), unless shorter lines of the run come before it (up to 60 words).
_WORD_DASH_LONG = re.compile(r"^\s*[A-ZÆØÅ][\wæøå]*(?:\s[\wæøå]+){0,2}\s[–—-]\s")


def word_dash_lines(blocks: list[Block], lines: list[Line]) -> None:
    """Three or more lines in a row without a glyph, each "Word – explanation" with a word of its
    own, are a list of values or principles (one entry per line), whether blank lines separate
    them or not, also right below an introduction that closes its sentence, with no blank line
    between."""
    _split_introductions(blocks, lines)
    k = 0
    while k < len(blocks):
        rows: list[Line] = []
        j = k
        while j < len(blocks) and blocks[j].kind == "para":
            own = lines[blocks[j].first : blocks[j].last + 1]
            if not all(_WORD_DASH.match(ln.text) and (len(ln.text.split()) <= 30
                                                    or _WORD_DASH_LONG.match(ln.text)
                                                    or (rows and len(ln.text.split()) <= 60))
                       for ln in own):
                break
            rows.extend(own)
            j += 1
        if len(rows) >= 3 and _distinct_leads(rows):
            new = [line_block(blocks[k], ln, "bullet", "line") for ln in rows]
            blocks[k:j] = new
            k += len(new)
        else:
            k = max(j, k + 1)


def _distinct_leads(rows: list[Line]) -> bool:
    """Each line opens with a word of its own: a list of values. Words that recur ("Spørsmål:
    …" / "Svar: …" / "Spørsmål: …") are labels of the lines, not entries."""
    leads = [re.split(r"\s[–—-]\s?|:\s", ln.stripped, maxsplit=1)[0].lower() for ln in rows]
    return len(set(leads)) == len(leads)


def _split_introductions(blocks: list[Block], lines: list[Line]) -> None:
    """A run of three or more "Word – explanation" lines inside a paragraph, after a line that
    closes its sentence ("… preger arbeidet til alle ansatte:"): the lines before it and after it
    are paragraphs of their own, and so is each line of the run."""
    for k in range(len(blocks) - 1, -1, -1):
        b = blocks[k]
        own = lines[b.first : b.last + 1] if b.kind == "para" else []
        dash = [bool(_WORD_DASH.match(ln.text)) for ln in own]
        i = next((i for i in range(len(own) - 2) if all(dash[i : i + 3]) and (
            i == 0 or (not dash[i - 1] and own[i - 1].stripped.endswith((".", ":", "!"))))), None)
        if i is None or (i == 0 and all(dash)):
            continue
        j = i
        while j < len(own) and dash[j]:
            j += 1
        parts = [*([own[:i]] if i else []), *([ln] for ln in own[i:j]),
                 *([own[j:]] if j < len(own) else [])]
        blocks[k : k + 1] = [lines_block(b, part) for part in parts]


def line_block(like: Block, ln: Line, kind: str, style: str = "") -> Block:
    """A block of one line, made with the class of ``like`` (``blocks`` imports the passes)."""
    return type(like)(kind, ln.index, ln.index, ln.content_span(), ln.stripped, style)


def lines_block(like: Block, run: list[Line]) -> Block:
    """A paragraph of the lines ``run``, made with the class of ``like``."""
    return type(like)("para", run[0].index, run[-1].index,
                      (run[0].content_span()[0], run[-1].content_span()[1]),
                      " ".join(ln.stripped for ln in run))


__all__ = ["line_block", "lines_block", "word_dash_lines"]
