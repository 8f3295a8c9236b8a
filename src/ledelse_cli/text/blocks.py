"""The block tree of a normalised document: what a reader sees before deciding what a principle is.

Lines become blocks — headings of every kind (Markdown ``#``, numbered "1." / "1)" / "a.",
CAPITALISED lines, bold lines, short title lines followed by a body), lead-in lines ending in
":", bullets of every glyph (with their indentation and wrapped lines) and paragraphs. Headings
then own the blocks up to the next heading at least as strong, which gives the tree. The
segmenter (``segment``/``readings``) chooses which level of this tree holds the principles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..base.models import fold_ws
from .announced import Announcement, announcements
from .blockpasses import relabel
from .lineshapes import hard_wrap, label_line, translation
from .segmenter_rules import SegmenterRules

BULLET = re.compile(r"^(\s*)([-•*▪◦·●‣–○✓✔►▶➢➤➜→⇒□■◆◇♦★☆✦❖⚑]|(?<=\s)o)\s+(\S.*)$")
NUMBERED = re.compile(r"^(\s*)(?:#{1,6}\s*)?(\d{1,2}|[a-hA-H])[.)]\s+(\S.*)$")
#: A second-level number ("1.1 Lederen …", "2.3."): a sub-point of the numbered section above.
SUBNUMBERED = re.compile(r"^(\s*)(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$")
MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(\S.*)$")
BOLD_LINE = re.compile(r"^\s*(?:\*\*(.+?)\*\*|__(.+?)__)\s*:?\s*$")
MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+", re.M)
METADATA = re.compile(r"^[\wæøåÆØÅ]+:\s")
#: "Vigtig fordi: Samarbejde præger hverdagen, skaber fremdrift …": a labelled statement of five
#: or more words after its colon is text, not a heading.
_LABEL_STATEMENT = re.compile(r":\s+\S+(?:\s+\S+){4,}")
_END_PUNCT = re.compile(r"[.;,!]$")  # a short question can head a section ("Hva er …?")

#: Heading styles from strongest to weakest: a heading owns what follows it up to the next
#: heading at least as strong.
STYLES = ("title", "md1", "md2", "md3", "md4", "md5", "md6", "num", "caps", "bold", "short",
          "run", "sub", "label", "links")
SHORT_WORDS = 10
LEAD_WORDS = 30
#: The longest a title (or a line read as a heading) can be, in characters.
TITLE_CHARS = 90


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def content_span(self, offset_in_text: int = 0) -> tuple[int, int]:
        """Span of the line's text without leading/trailing blanks, from a column offset."""
        body = self.text[offset_in_text:]
        lead = len(body) - len(body.lstrip())
        s = self.start + offset_in_text + lead
        return s, s + len(body.strip())


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        lines.append(Line(i, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def strip_markup(text: str) -> str:
    """Display text: no ``**bold**``, ``__bold__`` or leading ``#`` marks (spans are unchanged)."""
    return fold_ws(MARKUP.sub("", text))


@dataclass
class Block:
    """A run of lines a reader sees as one thing.

    ``span`` covers the content without its marker (bullet glyph, number, ``#``); ``style``
    is the heading style (see STYLES) for headings, ``indent`` the bullet's indentation.
    """

    kind: str  # heading | lead | bullet | para
    first: int  # line index
    last: int  # line index (inclusive)
    span: tuple[int, int]
    text: str
    style: str = ""
    number: str | None = None
    indent: int = 0
    children: list[Block] = field(default_factory=list, repr=False)
    #: A bullet or numbered line whose first line is a title and whose wrapped lines explain it
    #: ("1) Vi sætter retningen" / "Medarbejderne skal vide …"): the title's span.
    head: tuple[int, int] | None = None
    head_text: str = ""

    @property
    def clean(self) -> str:
        s = strip_markup(self.text)
        return s[:-1].rstrip() if s.endswith(":") else s

    def describe(self) -> str:
        label = self.kind + (f"/{self.style}" if self.style else "")
        label += f" {self.number}." if self.number else ""
        text = self.clean
        return f"{label}: {text[:60]}{'…' if len(text) > 60 else ''}"


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(s.split()) <= 8


#: A line that closes a sentence or a clause.
CLOSED = re.compile(r"[.:;,!?]$")


def title_line(first: str, nxt: str) -> bool:
    """A short first line (at most SHORT_WORDS words) with no closing punctuation, and a next line
    that opens a new sentence: the first line is a title and the lines below explain it
    ("1) Vi sætter retningen" / "Medarbejderne skal vide …"), not one line wrapped in two. A
    sentence may open with a quotation mark («Er alle enige …»)."""
    return (len(first.split()) <= SHORT_WORDS and not CLOSED.search(first)
            and nxt.lstrip("«»\"“”„'‘’")[:1].isupper())


def _opens_sentence(line: Line) -> bool:
    """A line of six or more words that opens with a capital and is no list entry: a paragraph."""
    body = line.stripped
    return (body[:1].isupper() and len(body.split()) >= 6 and not BULLET.match(line.text)
            and not NUMBERED.match(line.text))


def _title_over_sentence(s: str, nxt: Line) -> bool:
    """One to three words on a line of their own, right above a full sentence that opens with a
    capital ("Tillit" / "Me har tillit til at …" with no blank line between): a heading whose
    blank line the page lost when it was flattened, not the first line of a paragraph."""
    return len(s.split()) <= 3 and _opens_sentence(nxt)


def _heading_on_a_particle(s: str, after: Line | None, rules: SegmenterRules) -> bool:
    """A line that only ends on a word like "på" or "i" ("Vi leverer resultater, man kan stole
    på") and has a paragraph opening with a capital under it, not a list, heads that paragraph:
    a lead-in that breaks off introduces bullets or a lower-case continuation."""
    if s.endswith((":", "…", "...")) or rules.full(rules.lead_in, s) or after is None:
        return False
    return _opens_sentence(after)


def _names_values(s: str, rules: SegmenterRules) -> bool:
    """A line saying what the values are ("Kjerneverdiane er openheit, omsorg og …"): a sentence."""
    return any((m.group("conn") or "").strip(" :") for m in rules.inline_values.finditer(s))


def _next_nonblank(lines: list[Line], i: int) -> Line | None:
    for j in range(i + 1, len(lines)):
        if not lines[j].blank:
            return lines[j]
    return None


def is_lead_line(s: str, rules: SegmenterRules) -> bool:
    """A line that introduces what follows: it ends in ":" or "…", matches a lead-in pattern,
    or breaks off on a word that cannot end a sentence ("Vi gør det ved", "… elementer i")."""
    words = s.split()
    return len(words) <= LEAD_WORDS and (
        s.endswith((":", "…", "..."))
        or rules.full(rules.lead_in, s)
        or (len(words) >= 3 and words[-1].lower() in rules.continuation_words)
    )


def parse_blocks(text: str, rules: SegmenterRules) -> list[Block]:
    """The document's blocks, in order (see the module docstring)."""
    lines = split_lines(text)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        s = ln.stripped
        if not s:
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if TABLE_ROW.match(ln.text):
            # A pipe table ("| Prinsipp | Hva det betyr |"): the header row (over the "|---|"
            # row) and that row are layout; each other row is an entry titled by its first cell.
            first = i == 0 or not TABLE_ROW.match(lines[i - 1].text)
            ruled = any(TABLE_RULE.match(x.text) for x in lines[i : i + 3])
            header = (nxt and TABLE_RULE.match(nxt.text)) or (first and not ruled)
            if not TABLE_RULE.match(ln.text) and not header:
                blocks.append(_table_row(ln))
            i += 1
            continue
        after = _next_nonblank(lines, i)
        if m := MD_HEADING.match(ln.text):
            inner = m.group(2)
            num = NUMBERED.match(inner)
            off = ln.text.index(inner) + (num.start(3) if num else 0)
            blocks.append(_block("heading", ln, off, f"md{len(m.group(1))}",
                                 num.group(2) if num else None))
        elif m := BULLET.match(ln.text):
            indent = len(m.group(1).expandtabs())
            block = _block("bullet", ln, m.start(3), m.group(2), indent=indent)
            i = _wrap(lines, i, block, text, rules)
            blocks.append(block)
        elif m := SUBNUMBERED.match(ln.text):
            block = _block("bullet", ln, m.start(3), number=m.group(2),
                           indent=len(m.group(1).expandtabs()) + 2)
            i = _wrap(lines, i, block, text, rules)
            blocks.append(block)
        elif (m := NUMBERED.match(ln.text)) and len(s) <= 200:
            block = _block("bullet", ln, m.start(3), number=m.group(2),
                           indent=len(m.group(1).expandtabs()))
            prev = blocks[-1] if blocks else None
            # The last of a run of numbered list lines ("8) …" then "9) …") stays in the list.
            in_list = (prev is not None and prev.kind == "bullet" and prev.number is not None
                       and number_follows(prev.number, m.group(2)))
            if _numbered_heading(lines, i) and not in_list:
                block.kind, block.style = "heading", "num"
            i = _wrap(lines, i, block, text, rules)
            blocks.append(block)
        elif BOLD_LINE.match(ln.text) and len(s.split()) <= 12:
            blocks.append(_block("heading", ln, 0, "bold"))
        elif ((is_lead_line(s, rules) and not _heading_on_a_particle(s, after, rules))
              or (label_line(ln) and nxt is not None and not nxt.blank)):
            blocks.append(_block("lead", ln, 0))
        elif _is_caps(s) and after is not None:
            blocks.append(_block("heading", ln, 0, "caps"))
        elif (
            len(s.split()) <= SHORT_WORDS
            and len(s) <= TITLE_CHARS
            and not _END_PUNCT.search(s)
            and not METADATA.match(s)
            and not _LABEL_STATEMENT.search(s)
            and not _names_values(s, rules)
            and (s[0].isupper() or s[0].isdigit())
            and after is not None
            and (nxt is None or nxt.blank or BULLET.match(nxt.text) is not None
                 or _title_over_sentence(s, nxt) or label_line(nxt))
        ):
            blocks.append(_block("heading", ln, 0, "short"))
        else:
            j = i
            while j + 1 < len(lines) and not lines[j + 1].blank and not _starts_block(
                lines[j + 1], rules
            ):
                j += 1
            a, _ = ln.content_span()
            _, b = lines[j].content_span()
            blocks.append(Block("para", i, j, (a, b), fold_ws(text[a:b])))
            i = j
        i += 1
    if (blocks and blocks[0].kind == "heading" and blocks[0].style not in ("num", "md1")
            and (len(blocks) == 1 or blocks[1].kind != "bullet")):
        # A page opens with its title, above every other heading (an excerpt that opens on a
        # section heading straight over its bullets has none).
        blocks[0].style = "title"
    relabel(blocks, lines, rules)
    _nest(blocks)
    return blocks


#: A row of a pipe table, and its rule row ("|---|:--|").
TABLE_ROW = re.compile(r"^\s*\|.*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|[\s:|-]*-[\s:|-]*\|\s*$")


def _table_row(ln: Line) -> Block:
    """A table row as an entry: its first cell the title, the cells after it the text."""
    cells = [(m.start(1), m.end(1)) for m in re.finditer(r"\|\s*([^|]*?)\s*(?=\|)", ln.text)]
    (a, b), rest = cells[0], [c for c in cells[1:] if c[1] > c[0]]
    block = _block("bullet", ln, 0, "|")
    end = rest[-1][1] if rest else b
    block.span = (ln.start + a, ln.start + end)
    block.text = fold_ws(ln.text[a:end])
    if rest:
        block.head = (ln.start + a, ln.start + rest[0][0])
        block.head_text = fold_ws(ln.text[a:b])
    return block


def _block(kind: str, ln: Line, offset: int, style: str = "", number: str | None = None,
           indent: int = 0) -> Block:
    a, b = ln.content_span(offset)
    return Block(kind, ln.index, ln.index, (a, b), ln.text[a - ln.start : b - ln.start],
                 style, number, indent)


def _wrap(lines: list[Line], i: int, block: Block, text: str, rules: SegmenterRules) -> int:
    """Extend a bullet or numbered line over its wrapped continuation lines."""
    j = i
    marker = len(lines[i].text) - len(lines[i].text.lstrip())
    while j + 1 < len(lines):
        nl = lines[j + 1]
        if (nl.blank or _starts_block(nl, rules) or translation(nl, rules)
                or (is_lead_line(nl.stripped, rules) and not hard_wrap(lines, j + 1))):
            break
        if marker and nl.stripped[:1].isupper() and not nl.text[:marker].isspace():
            break  # a capitalised line left of an indented bullet: a caption, not its wrap
        if j == i and nl.stripped[:1].isupper() and i and lines[i - 1].stripped[:2] == (
                g := lines[i].stripped[:2]) and g[:1] in "-–•*·▪◦" and g[1:] == " ":
            break  # a capitalised line after a run of one-line bullets: the text after the list
        j += 1
    if j > i:
        first = text[block.span[0] : lines[i].end].strip()
        if title_line(first, lines[i + 1].stripped):
            block.head = (block.span[0], block.span[0] + len(first))
            block.head_text = fold_ws(first)
        block.span = (block.span[0], lines[j].content_span()[1])
        block.text = fold_ws(text[block.span[0] : block.span[1]])
    # Lines that give it in another language ("EN: We are visible …") belong to it, outside its
    # span: neither its text nor an entry of their own.
    while j + 1 < len(lines) and translation(lines[j + 1], rules):
        j += 1
    block.last = j
    return j


def number_follows(a: str, b: str) -> bool:
    """``b`` numbers the entry after ``a``'s: "8" → "9", "b" → "c"."""
    return int(b) == int(a) + 1 if a.isdigit() and b.isdigit() else (
        len(a) == len(b) == 1 and a.isalpha() and ord(b) == ord(a) + 1)


def _numbered_heading(lines: list[Line], i: int) -> bool:
    """A numbered line heads a section when a body (not another numbered line) follows it."""
    j = i + 1
    while j < len(lines) and not lines[j].blank and not BULLET.match(lines[j].text):
        if NUMBERED.match(lines[j].text):
            return False
        j += 1
    nxt = _next_nonblank(lines, j - 1) if j > i + 1 else _next_nonblank(lines, i)
    return nxt is not None and not NUMBERED.match(nxt.text)


def _starts_block(ln: Line, rules: SegmenterRules) -> bool:
    return bool(
        BULLET.match(ln.text) or NUMBERED.match(ln.text) or SUBNUMBERED.match(ln.text)
        or MD_HEADING.match(ln.text)
        or BOLD_LINE.match(ln.text)
        or label_line(ln)
    )


def _nest(blocks: list[Block]) -> None:
    """Give each heading its children: blocks up to the next heading at least as strong."""
    stack: list[Block] = []
    for b in blocks:
        if b.kind == "heading":
            rank = STYLES.index(b.style)
            while stack and STYLES.index(stack[-1].style) >= rank:
                stack.pop()
            if stack:
                stack[-1].children.append(b)
            stack.append(b)
        elif stack:
            stack[-1].children.append(b)


def heading_path(blocks: list[Block], index: int) -> list[Block]:
    """The headings above block ``index``, outermost first."""
    path: list[Block] = []
    own = blocks[index] if index < len(blocks) else None
    rank = STYLES.index(own.style) if own is not None and own.kind == "heading" else len(STYLES)
    for b in reversed(blocks[:index]):
        if b.kind == "heading" and STYLES.index(b.style) < rank:
            path.append(b)
            rank = STYLES.index(b.style)
    return path[::-1]


@dataclass
class Draft:
    """A principle before numbering: its span, items, and where its title comes from."""

    number: str | None
    span: tuple[int, int]
    section: str | None
    title: str | None = None
    items: list[tuple[int, int]] | None = None
    title_span: tuple[int, int] | None = None
    role: str = "leadership"
    #: What the entry is called where its title says more ("Ved tillid forstår vi" is tillid).
    name: str | None = None


__all__ = ["Announcement", "Block", "Draft", "Line", "announcements", "heading_path",
           "number_follows", "parse_blocks", "split_lines", "strip_markup", "title_line"]

