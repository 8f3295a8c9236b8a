"""Unicode and layout normalisation, and removal of web/slide cruft, before segmentation."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .segmenter_rules import SegmenterRules

# Typographic variants folded to one form so that spans and matching see the same text.
_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "–",  # figure dash
        "\u2014": "–",  # em dash: one dash form for spans and matching
        "\u2015": "–",
        "\u2212": "-",  # minus
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,  # BOM / zero-width no-break space
        # Symbol and Wingdings bullets of a Word document, pasted as private-use characters
        # (the PDF reader maps them the same way)
        "\uf0b7": "•",
        "\uf0a7": "▪",
        "\uf0d8": "➢",
        "\uf076": "❖",
        "\uf0fc": "✓",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET = re.compile(r"^\s*[-•*▪◦·●‣]\s+")
_FOOTER_WINDOW = 12
#: A list marker before a cruft line ("1. Hopp til innhold", "• Del på Facebook").
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*▪◦·●‣])\s+")


def normalise_unicode(text: str) -> str:
    """NFC, one newline style, one space and quote style, no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _tab_tables(text)
    text = unicodedata.normalize("NFC", text).translate(_CHAR_MAP)
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines)


def _tab_tables(text: str) -> str:
    """Three or more lines in a row whose cells are separated by TABs (a table copied from a
    web page or a document): pipe-table rows ("| Princip | Hvad betyder det |"), so the
    segmenter reads them as the table they are; other TABs become spaces later."""
    lines = text.split("\n")
    cells = [[c.strip() for c in ln.split("\t")] if "\t" in ln.strip() else [] for ln in lines]
    out: list[str] = []
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and len(cells[j]) >= 2 and all(cells[j]):
            j += 1
        if j - k >= 3:
            out += ["| " + " | ".join(row) + " |" for row in cells[k:j]]
            k = j
        else:
            out.append(lines[k])
            k += 1
    return "\n".join(out)


def remove_cruft(text: str, rules: SegmenterRules) -> str:
    """Drop whole lines that are web/slide cruft and a trailing contact footer."""
    lines = text.split("\n")
    running = _running_heads(lines)
    crumbs = _breadcrumbs(lines, rules)
    kept = [line for k, line in enumerate(lines)
            if not _is_cruft(line, rules) and line.strip() not in running and k not in crumbs]
    kept = _drop_footer(kept, rules)
    return "\n".join(kept)


#: A page's running head or foot as pasted from a PDF: its words, wide space, the page number
#: ("Ledelsesgrundlag 2025            3"), or the other way round.
_PAGE_LINE = re.compile(r"^\s*(?:(?P<a>\S.*?\S)\s{3,}\d{1,3}|\d{1,3}\s{3,}(?P<b>\S.*?\S))\s*$")


def _running_heads(lines: list[str]) -> set[str]:
    """Lines (stripped) that repeat a page's running head with page numbers that differ: the
    same words on two or more such lines."""
    seen: dict[str, set[str]] = {}
    for line in lines:
        if m := _PAGE_LINE.match(line):
            seen.setdefault(m.group("a") or m.group("b"), set()).add(line.strip())
    return {line for found in seen.values() if len(found) >= 2 for line in found}


def _breadcrumbs(lines: list[str], rules: SegmenterRules) -> set[int]:
    """The lines of a breadcrumb trail set as a list ("1. Hjem", "2. Om kommunen", "3. Etisk
    standard"): three or more short list lines in a row, the first the site's home."""
    out: set[int] = set()
    if rules.breadcrumb_home is None:
        return out
    bare = [_LIST_MARK.sub("", ln).strip() if _LIST_MARK.match(ln) else "" for ln in lines]
    short = [0 < len(b.split()) <= 8 and b[-1] not in ".!?:" for b in bare]
    k = 0
    while k < len(lines):
        j = k
        while j < len(lines) and short[j]:
            j += 1
        if j - k >= 3 and rules.breadcrumb_home.fullmatch(bare[k]):
            out.update(range(k, j))
        k = max(j, k + 1)
    return out


def _is_cruft(line: str, rules: SegmenterRules) -> bool:
    """A cruft line as written, or behind a list marker ("1. Hopp til innhold")."""
    plain = line.strip()
    if rules.full(rules.cruft, plain):
        return True
    bare = _LIST_MARK.sub("", line).strip()
    return bare != plain and rules.full(rules.cruft, bare)


def _drop_footer(lines: list[str], rules: SegmenterRules) -> list[str]:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    tail = nonblank[-_FOOTER_WINDOW:]
    hits = [i for i in tail if rules.full(rules.footer, lines[i].strip())]
    if not hits:
        return lines
    # Cut at the start of the paragraph holding the first contact line, so the organisation's
    # name and department above the address go too (they are letterhead, not content).
    cut = hits[0]
    while cut > 0 and lines[cut - 1].strip():
        cut -= 1
    # Never cut into the body: a footer paragraph is short.
    if hits[0] - cut > 6:
        cut = hits[0]
    return lines[:cut]


def join_broken_bullets(text: str, rules: SegmenterRules) -> str:
    """Join a bullet that a line break split in two (next part re-bulleted in lower case)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _BULLET.match(line):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            # Only across a blank line: a bullet split by a stray paragraph break (Gladsaxe
            # lines 78-80); adjacent bullets are separate items even when the first has no stop.
            if j < len(lines) and j - i == 2:
                nxt = lines[j]
                m = _BULLET.match(nxt)
                last_word = re.findall(r"[\wæøåÆØÅ]+$", line)
                rest = nxt[m.end() :] if m else ""
                if (
                    m
                    and last_word
                    and last_word[0].lower() in rules.continuation_words
                    and rest[:1].islower()
                ):
                    lines[j] = line + " " + rest
                    i = j
                    continue
        out.append(line)
        i += 1
    return "\n".join(out)


def unglue_bullets(text: str) -> str:
    """Put an entry glued onto the wrapped line of the entry above back on a line of its own
    (a PDF pasted as text: "- Holder kontakt … administrative" / "beslutninger - Sørger for, at
    …"): in a list of at least two entries with the same glyph, that glyph between spaces before
    a capital, on a line that continues an entry."""
    lines = text.split("\n")
    glyphs = [m.group(1) if (m := _GLYPH.match(ln)) else None for ln in lines]
    entries = Counter(glyphs)
    out: list[str] = []
    glyph = None
    for line, g in zip(lines, glyphs, strict=True):
        if g or not line.strip():
            glyph = g if g and entries[g] >= 2 else None
        elif glyph and (m := re.search(rf"\s{re.escape(glyph)}\s+(?=[A-ZÆØÅ])", line)):
            out.extend([line[: m.start()], glyph + " " + line[m.end() :]])
            continue
        out.append(line)
    return "\n".join(out)


_GLYPH = re.compile(r"^\s*([-•▪●])\s+")


#: A heading glued onto the end of the line above when a web page was flattened to text
#: ("… løse kerneopgaven.Ansvar"): a word, a full stop with no space after it, then one to four
#: words that start with a capital and end the line.
_GLUED_HEADING = re.compile(r"(?<=[a-zæøå]{3}[.!?])(?=[A-ZÆØÅ][a-zæøå]+(?: [a-zæøå]+){0,3}$)",
                            re.M)


def unglue_headings(text: str) -> str:
    """Put a heading glued onto the line above back on a line of its own."""
    return _GLUED_HEADING.sub("\n\n", text)


#: A list flattened into one line: three or more " • " in it ("… syv ledelsesfelter: • Ledelse af
#: … • Ledelse af … • …"), or of another bullet glyph, one glyph throughout (a PDF's symbol-font
#: bullets come out as "<" or "✓": "… skal lederne: < være til å stole på < gå foran …"). Not
#: ">", "/" or "|", which separate the steps of a breadcrumb.
_INLINE_BULLETS = [re.compile(rf"\s+{re.escape(g)}\s+") for g in "•▪●◦<✓✔➤"]
_RUN_ON = re.compile(r"[a-zæøå] (?=[A-ZÆØÅ][a-zæøå])")


def unfold_inline_bullets(text: str) -> str:
    """Give each entry of a list flattened into one line a line of its own."""
    out = []
    for line in text.split("\n"):
        parts = next((ps for glyph in _INLINE_BULLETS if len(ps := glyph.split(line)) >= 4),
                     [line])
        if len(parts) >= 4 and all(p.strip() for p in parts[1:]):
            out.append(parts[0].rstrip())
            out.extend("• " + p.strip() for p in parts[1:-1])
            # The last entry runs on into the text after the list ("… med lokalsamfundet De syv
            # ledelsesfelter er …"): when it is much longer than the others, it ends where a
            # capitalised word follows a lower-case one (when it is over twice the median entry).
            last, rest = parts[-1].strip(), ""
            typical = sorted(len(p.strip()) for p in parts[1:-1])[(len(parts) - 2) // 2]
            if len(last) > 2 * typical and (m := _RUN_ON.search(last)):
                last, rest = last[: m.start() + 1], last[m.start() + 2 :]
            out.append("• " + last)
            if rest:
                out.extend(["", rest])
        else:
            out.append(line)
    return "\n".join(out)


def collapse_blank_lines(text: str) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""


def normalise(text: str, rules: SegmenterRules) -> str:
    """The full normalisation applied at ingest; its output is what spans point into."""
    text = normalise_unicode(text)
    text = unglue_headings(text)
    text = unfold_inline_bullets(text)
    text = remove_cruft(text, rules)
    text = join_broken_bullets(text, rules)
    text = unglue_bullets(text)
    return collapse_blank_lines(text)
