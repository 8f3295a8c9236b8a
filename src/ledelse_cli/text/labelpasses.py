"""Second looks at the block tree that read labels: bold or run-in openings, "Værdi: …" lines,
glyph lines, recurring headings and dash subtitles (see ``blockpasses`` for the order)."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .blocks import Block
    from .segmenter_rules import SegmenterRules


#: A paragraph that opens with a bold sentence or phrase ("**Vi er tydelige.** Det betyder …").
_BOLD_OPENING = re.compile(r"^\s*\*\*[^*]{2,120}\*\*")


#: A paragraph that opens with a run-in label of one to three words and goes on for a sentence
#: ("Våge: Valdresmusea høyrer heime i …").
_LABEL_OPENING = re.compile(r"^([A-ZÆØÅ][\wæøå-]*(?: [\wæøå-]+){0,2}):\s+\S+(?:\s+\S+){5}")


def bold_openings(blocks: list[Block]) -> None:
    """Two or more paragraphs in a row that each open in bold, or with a run-in label of their
    own ("Tale: …", "Våge: …"), are a list: one principle per paragraph, titled by those
    words, with the whole paragraph as its text."""
    run: list[Block] = []
    for b in [*blocks, None]:
        if b is not None and b.kind == "para" and _opening(b.text, run):
            run.append(b)
            continue
        if len(run) >= 2:
            for c in run:
                c.kind, c.style = "bullet", "bold"
                if number := _BOLD_NUMBER.match(c.text):  # "**1. Tillid** – …": numbered
                    c.number, c.text = number.group(1), "**" + c.text[number.end() :]
                    c.span = (c.span[0] + number.end(), c.span[1])
        run = []


#: A bold heading line with its number ("**1. Vi ser helheten**").
_BOLD_NUMBERED = re.compile(r"^\s*\*\*(\d{1,2})[.)]\s+(.+?)\*\*\s*$")
#: The number inside a bold opening ("**1. Tillid** – vi …").
_BOLD_NUMBER = re.compile(r"^\*\*(\d{1,2})[.)]\s+")


def _opening(text: str, run: list[Block]) -> bool:
    """``text`` opens like the paragraphs of ``run`` do: in bold, or with a label none of them
    has (a recurring "Svar:" or "Tid:" labels a form, not a list of values)."""
    if _BOLD_OPENING.match(text):
        return all(_BOLD_OPENING.match(c.text) for c in run)
    label = _LABEL_OPENING.match(text)
    return label is not None and all(
        (m := _LABEL_OPENING.match(c.text)) and m.group(1) != label.group(1) for c in run)


#: A one-line label and name ("Værdi: Anerkendelse", "Hovudverdi: Varigheit").
_LABELLED = re.compile(r"^([A-ZÆØÅ][\wæøå]+):\s+(\S+(?:\s+\S+){0,3})$")


def labelled_headings(blocks: list[Block]) -> None:
    """One-line "Værdi: Samarbejde og respekt" paragraphs (a label, then a name of at most four
    words) are headings when the same label opens at least two of them and none is the last
    block (each has a section under it)."""
    found: dict[str, list[Block]] = {}
    for b in blocks[:-1]:
        if b.kind in ("para", "heading") and b.first == b.last and (m := _LABELLED.match(b.text)):
            found.setdefault(m.group(1).lower(), []).append(b)
    for run in found.values():
        headings_if_several(run)


def headings_if_several(found: list[Block]) -> None:
    """Lines that head what follows only when a page has two or more of them: one such line is a
    lead-in or a stray label, several in parallel are the page's headings."""
    if len(found) >= 2:
        for b in found:
            b.kind, b.style = "heading", "short"


def glyph_headings(blocks: list[Block]) -> None:
    """A lone glyph line of one to four words with a paragraph under it ("→ Retning",
    "✔ Tillid") is a heading marked with a symbol, not a one-item list, when the page has at
    least two of them."""
    found = [b for k, b in enumerate(blocks[:-1])
             if b.kind == "bullet" and len(b.text.split()) <= 4 and blocks[k + 1].kind == "para"
             and (k == 0 or blocks[k - 1].kind != "bullet")]
    headings_if_several(found)


def _recurring_labels(blocks: list[Block], seen: Counter[str]) -> None:
    """Headings of one style where some texts recur after a unique one ("Faglighed" /
    "Medarbejdere" / "Ledelse" / "Ansvar" / "Medarbejdere" / "Ledelse"): the recurring ones
    label parts of each unique heading's section (for whom it says what), one level below."""
    by_style: dict[str, list[Block]] = {}
    for b in blocks:
        if b.kind == "heading":
            by_style.setdefault(b.style, []).append(b)
    for hs in by_style.values():
        unique = [b for b in hs if seen[b.clean.lower()] == 1]
        recurring = [b for b in hs if seen[b.clean.lower()] >= 2]
        if len(unique) < 2 or not recurring or seen[hs[0].clean.lower()] >= 2:
            continue
        for b in recurring:
            b.style = "label"


def demote_labels(blocks: list[Block]) -> None:
    """A heading whose text recurs ("Hvad direktøren skal kunne og gøre" under every
    competence) is a label: right under another heading it introduces that heading's body, like
    a lead-in, instead of standing beside it."""
    seen = Counter(b.clean.lower() for b in blocks if b.kind == "heading")
    for k in range(1, len(blocks)):
        b, prev = blocks[k], blocks[k - 1]
        if (b.kind == "heading" and prev.kind == "heading" and prev.style == b.style
                and seen[b.clean.lower()] >= 2 and seen[prev.clean.lower()] == 1):
            b.kind, b.style = "lead", ""
    _recurring_labels(blocks, seen)


def mark_subtitles(blocks: list[Block]) -> None:
    """A lone dash line under a heading ("– om at lede sig selv") is a subtitle, not a bullet;
    a long one ("- at kunne skabe en arbejdsplads, hvor …") is the heading's text. Not when the
    headings before it, of its style, each have a list of such bullets: it is a list of one."""
    listed: set[str] = set()  # heading styles whose sections open with two or more bullets
    for k, b in enumerate(blocks):
        if (b.kind == "heading" and k + 2 < len(blocks)
                and blocks[k + 1].kind == blocks[k + 2].kind == "bullet"):
            listed.add(b.style)
        if b.kind != "bullet" or b.style not in "-–" or k == 0 or blocks[k - 1].kind != "heading":
            continue
        if (k + 1 == len(blocks) or blocks[k + 1].kind != "bullet") and (
                blocks[k - 1].style not in listed):
            b.kind = "subtitle" if len(b.text.split()) <= 12 else "para"


def numbered_labels(blocks: list[Block], rules: SegmenterRules) -> None:
    """A heading numbered in words ("Prinsipp 2 – Tillit og handlingsrom", "Første princip:
    Patienten i centrum", ``numbered_label`` in mappings/segmenter.yaml) is a numbered heading
    titled by what follows the label, as "2. Tillit og handlingsrom" would be."""
    for b in blocks:
        if b.kind == "heading" and (bold := _BOLD_NUMBERED.match(b.text)):  # "**1. Vi ser …**"
            b.style, b.number, b.text = "num", bold.group(1), bold.group(2)
            b.span = (b.span[0] + bold.start(2), b.span[0] + bold.end(2))
    if rules.numbered_label is None:
        return
    for b in blocks:
        m = rules.numbered_label.fullmatch(b.text) if b.kind == "heading" else None
        if m is None or b.style == "title":
            continue
        word = (m.group("ord") or "").lower()
        number = m.group("n") or next((str(i + 1) for i, alt in enumerate(rules.ordinals)
                                       if re.fullmatch(alt, word)), None)
        if number is not None:
            b.style, b.number = "num", number
            b.span = (b.span[0] + m.start("title"), b.span[1])
            b.text = m.group("title")


__all__ = ["bold_openings", "demote_labels", "glyph_headings", "headings_if_several",
           "labelled_headings", "mark_subtitles", "numbered_labels"]
