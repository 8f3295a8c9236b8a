"""Second looks at the block tree: what a reader sees once the whole page is in view.

Lines are first read one by one (``blocks.parse_blocks``); some of what they are shows only
beside their neighbours, and each pass below corrects one such reading:

- a lone dash line under a heading is its subtitle;
- a heading that breaks off on "ved", "at" …, or says what the heading above means, is a lead-in;
- short "Tillid:" labels, and lone glyph lines ("→ Retning"), over paragraphs are headings when
  the page has several;
- in a paragraph pasted without blank lines, short title lines over sentence lines are headings,
  and so are short first lines of paragraphs that open alike ("Vi leder gjennom dialog" / "…",
  an accordion's "+ Mod" / "…"); two title lines glued over a paragraph (a heading and its
  translation, "Modig" / "Courageous") are a heading and its subtitle;
- parallel lead-ins that break off ("… – derfor …") over bullets that finish them are headings;
- one-line sentences or short lines after "Vores principper er:", and "Word – explanation"
  lines, are a list; short lines under "Læs også" are its links;
- paragraphs that open in bold, or with run-in labels, are a list titled by those words;
- a heading text that recurs is a label (a lead-in, or one level below the unique headings);
- a heading naming a collection ("Fem forventninger …"), or a bare heading, is the parent of
  the same-style headings after it.

New blocks are made in ``linepasses.line_block`` with the class of an existing block: ``blocks``
imports this module.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING

from .labelpasses import (
    bold_openings,
    demote_labels,
    glyph_headings,
    headings_if_several,
    labelled_headings,
    mark_subtitles,
    numbered_labels,
)
from .linepasses import line_block as _line_block
from .linepasses import lines_block, word_dash_lines
from .segmenter_rules import SegmenterRules

if TYPE_CHECKING:
    from .blocks import Block, Line

#: A short label (up to five words) ending in a colon on a line of its own ("Tillid:",
#: "Leg, bevægelse og gode måltider:"), read as a heading when a paragraph or a list follows it
#: and the page has several of them.
COLON_LABEL = re.compile(r"^\s*([A-ZÆØÅ][\wæøåÆØÅ-]*(?:,?\s+[\wæøåÆØÅ-]+){0,4})\s*:\s*$")


def relabel(blocks: list[Block], lines: list[Line], rules: SegmenterRules) -> None:
    """Apply the second looks, in order, to ``blocks`` (changed in place)."""
    mark_subtitles(blocks)
    _quoted_dashes(blocks, rules)
    numbered_labels(blocks, rules)
    _unfinished_headings(blocks, rules)
    _colon_headings(blocks, lines, rules)
    labelled_headings(blocks)
    glyph_headings(blocks)
    _unbroken_titles(blocks, lines)
    _glued_titles(blocks, lines)
    _translated_titles(blocks, lines)
    _sentence_leadins(blocks)
    _line_lists(blocks, lines)
    word_dash_lines(blocks, lines)
    _link_lists(blocks, rules)
    bold_openings(blocks)
    demote_labels(blocks)
    _collection_heads(blocks, rules)
    _meaning_lines(blocks, rules)


def _quoted_dashes(blocks: list[Block], rules: SegmenterRules) -> None:
    """A dash line that ends in who said it ("– Vi har hatt gode diskusjoner …, sier
    kommunedirektøren") is a quote in a news article, not a bullet."""
    for b in blocks:
        if (b.kind == "bullet" and b.style in ("–", "-") and rules.quoted_speech is not None
                and rules.quoted_speech.search(b.text)):
            b.kind, b.style = "para", ""


def _collection_heads(blocks: list[Block], rules: SegmenterRules) -> None:
    """A heading that names a collection ("Fem forventninger til ledere", "Våre verdier")
    followed by headings of its own style is their parent: the run below it moves one level
    down (style ``sub``) until a heading that again names a collection, or has another style.
    So does a bare heading with no text of its own right above such a run ("Værdigrundlaget
    ser sådan ud"). (Not after "Vores vision" or "Mål": a page often styles its principles
    like those.)"""
    def names(b: Block) -> bool:
        return rules.full(rules.collective, b.clean)

    heads = [b for b in blocks if b.kind == "heading"]
    pos = {id(b): i for i, b in enumerate(blocks)}

    def follows(b: Block) -> Block | None:
        i = pos[id(b)] + 1
        return blocks[i] if i < len(blocks) else None

    k = 0
    while k < len(heads):
        h = heads[k]
        run = []
        j = k + 1
        while (j < len(heads) and heads[j].style == h.style and h.style != "title"
               and not names(heads[j])):
            run.append(heads[j])
            j += 1
        bare = k + 1 < len(heads) and follows(h) is heads[k + 1] and all(
            getattr(follows(b), "kind", "heading") != "heading" for b in run)
        # One whose own text holds a list already ("Verdiar", a sentence, "Det betyr at vi
        # skal:" and bullets) is complete: the headings after it are its siblings ("Mål").
        listed = run and any(b.kind == "bullet" for b in blocks[pos[id(h)] + 1 : pos[id(run[0])]])
        if (names(h) or bare) and len(run) >= 2 and not listed:
            for b in run:
                b.style = "sub"
            k = j
        else:
            k += 1


def _unfinished_headings(blocks: list[Block], rules: SegmenterRules) -> None:
    """A heading that breaks off on a word that cannot end a sentence ("## Vi gør det ved",
    "**Det betyder, at**") introduces what follows, like a lead-in line: it is one."""
    for k, b in enumerate(blocks):
        words = b.clean.split()
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt is not None and nxt.kind == "para" and nxt.text[:1].isupper():
            continue  # "Vi leverer resultater, man kan stole på" over its paragraph: a heading
        if (b.kind == "heading" and b.style != "title" and len(words) >= 2
                and words[-1].lower() in rules.continuation_words):
            b.kind, b.style = "lead", ""


def _meaning_lines(blocks: list[Block], rules: SegmenterRules) -> None:
    """A heading under a heading that says what the one above means ("Dialog" / "Hos os
    betyder dialog", its colon lost) introduces that heading's section: a lead-in."""
    if rules.meaning_line is None:
        return
    for above, b in pairwise(blocks):
        if (above.kind == b.kind == "heading" and b.style != "title"
                and above.clean.lower() in b.clean.lower() and above.clean != b.clean
                and rules.meaning_line.fullmatch(b.clean)):
            b.kind, b.style = "lead", ""


def _link_lists(blocks: list[Block], rules: SegmenterRules) -> None:
    """Short lines under a heading that holds no principles ("Læs også", "Relaterede sider") are
    its links: a list of that heading, not headings or paragraphs of their own."""
    for k, b in enumerate(blocks):
        if b.kind != "heading" or not rules.full(rules.link_headings, b.clean):
            continue
        b.style = "links"  # it holds its links only, not the headings after them
        for c in blocks[k + 1 :]:
            if (c.kind not in ("heading", "para") or c.first != c.last
                    or len(c.text.split()) > 6 or re.search(r"[.:;!?]$", c.text)):
                break
            c.kind, c.style, c.indent = "bullet", "link", 0


def _names_group(label: str, rules: SegmenterRules) -> bool:
    """A label that says for whom or what a list is ("Ledere:", "Medarbejdere:", "Vores
    værdier:"): the lead-in of its list, not a heading over it."""
    return bool(rules.leader_heading.fullmatch(label) or rules.employee_heading.fullmatch(label)
                or rules.full(rules.collective, label) or rules.values_heading.fullmatch(label))


def _colon_headings(blocks: list[Block], lines: list[Line], rules: SegmenterRules) -> None:
    """Short labels ending in a colon, each on a line of its own with a paragraph under it
    ("Tillid:" / "Vi regner med …"), or over bullets ("Tillid:" / "• At vi …"), are headings
    when the page has at least two: a single one is a lead-in ("Kontakt:"), and a label that
    says for whom a list is ("Ledere:", "Medarbejdere:") stays the lead-in of its list."""
    found = [k for k, b in enumerate(blocks[:-1])
             if b.kind == "lead" and b.first == b.last
             and (m := COLON_LABEL.match(lines[b.first].text))
             and m.group(1).split()[-1].lower() not in rules.continuation_words
             and not rules.full(rules.lead_in, m.group(1))
             and (blocks[k + 1].kind == "para" or (
                 blocks[k + 1].kind == "bullet" and not _names_group(m.group(1), rules)))]
    said = Counter(blocks[k].clean.lower() for k in found)
    found = [k for k in found if said[blocks[k].clean.lower()] == 1]  # "Dette betyr at du:" ×3
    # Longer labels in parallel form ("Ved tillid forstår vi:" / "Ved fællesskab forstår
    # vi:"): the same first and last words, one value between them; over a paragraph or a list.
    framed: dict[tuple[str, str], list[int]] = {}
    for k, b in enumerate(blocks[:-1]):
        words = b.clean.split()
        if (b.kind == "lead" and b.text.rstrip().endswith(":") and 3 <= len(words) <= 6
                and words[-1].rstrip(":").lower() not in rules.continuation_words
                and blocks[k + 1].kind in ("para", "bullet")):  # not "Vi baserer os på:"
            framed.setdefault((words[0].lower(), words[-1].lower()), []).append(k)
    found += [k for ks in framed.values()
              if len(ks) >= 2 and len({blocks[k].clean.lower() for k in ks}) == len(ks)
              for k in ks if k not in found]  # a lead-in repeated word for word stays one
    headings_if_several([blocks[k] for k in found])


def _line_lists(blocks: list[Block], lines: list[Line]) -> None:
    """One-line sentences without a glyph right after a lead-in ("Vores ledelsesprincipper er:" /
    "Vi leder …" / "Vi er …" / "Vi giver …") are that lead-in's list when at least three follow
    it in parallel form (opening with the same word, or each a short line with no full stop);
    the first line that breaks the form ends the list. The lead-in may close a paragraph (text
    pasted from a PDF has no blank lines), and short lines with no blank line between them
    ("K - kvalitet" / "L - læring" …) are split into one entry each."""
    k = 0
    while k < len(blocks):
        b = blocks[k]
        k += 1
        if b.kind not in ("lead", "para") or not b.text.rstrip().endswith(":"):
            continue
        if k < len(blocks) and _short_lines(blocks[k], lines):
            blocks[k : k + 1] = _split_lines(blocks[k], lines)
        run: list[Block] = []
        for c in blocks[k:]:
            words = c.text.split()
            if c.kind != "para" or c.first != c.last or not words or len(words) > 25:
                break
            same = run and words[0].lower() == run[0].text.split()[0].lower()
            short = len(words) <= 8 and not c.text.rstrip().endswith(".")
            if run and not (same or short):
                break
            run.append(c)
        if len(run) >= 3:
            for c in run:
                c.kind, c.style = "bullet", "line"


#: A title line inside a paragraph, capitalised, no closing punctuation: one to three words, or
#: a word and a dash-set subtitle ("Styringskompetanse – kjenn rammene du arbeider innenfor").
_TITLE_LINE = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ-]*(?:(?:\s[\wæøåÆØÅ-]+){0,2}"
                         r"|\s[–—-]\s[\wæøåÆØÅ]+(?:\s[\wæøåÆØÅ]+){0,7})$")


def _unbroken_titles(blocks: list[Block], lines: list[Line]) -> None:
    """A page pasted without blank lines ("Lytte" / "Vi lyttar til …." / "Undre" / "Vi stiller
    …."): a title line right above a full sentence line is a heading when the paragraph holds
    two or more such pairs; the other lines become paragraphs of their own."""
    k = 0
    while k < len(blocks):
        b = blocks[k]
        k += 1
        if b.kind != "para" or b.last - b.first < 3:
            continue
        own = lines[b.first : b.last + 1]
        cut = k == len(blocks)  # the text stops in this paragraph's last line
        titles = {i for i in range(len(own) - 1)
                  if _TITLE_LINE.match(own[i].stripped) and (
                      _sentence_line(own[i + 1].stripped)
                      or (cut and i + 2 == len(own) and len(own[i + 1].stripped.split()) >= 5))}
        if len(titles) < 2:
            continue
        # Style "run": these headings belong together, apart from the page's other short ones.
        new = [_line_block(b, ln, "heading", "run") if i in titles else _line_block(b, ln, "para")
               for i, ln in enumerate(own)]
        above = blocks[k - 2] if k >= 2 else None
        if (above is not None and above.kind == "heading" and above.last + 1 == b.first
                and _TITLE_LINE.match(above.text)):
            above.style = "run"  # the first title, read as a heading above its sentence line
        blocks[k - 1 : k] = new
        k += len(new) - 1


def _glued_titles(blocks: list[Block], lines: list[Line]) -> None:
    """Paragraphs whose first line is a short title without a full stop, right above the
    sentences it heads ("Vi leder gjennom dialog" / "Beslutninger blir bedre når …"), the blank
    line between them lost: when two or more paragraphs open like this, each first line is a
    heading and the lines under it its paragraph."""
    found: list[tuple[int, int]] = []  # (block, length of its title's toggle glyph)
    for k, b in enumerate(blocks):
        if b.kind != "para" or b.last == b.first:
            continue
        head = lines[b.first].stripped
        rest = [ln.stripped for ln in lines[b.first + 1 : b.last + 1]]
        toggle = _TOGGLE.match(head)  # "+ Mod": an accordion's title, one word is enough
        number = _BARE_NUMBER.match(head)  # "1 Me set kunden først": numbered in a PDF
        cut = toggle.end() if toggle else number.end() if number else 0
        head = head[cut:]
        if ((1 if toggle else 2) <= len(head.split()) <= 10 and head[:1].isupper()
                and rest[0][:1].isupper()
                and not head.endswith((".", "!", "?", ":", ";", ",", "…"))
                and len(head) < 0.8 * max(len(r) for r in rest)):
            found.append((k, cut))
    if len(found) < 2:
        return
    for k, cut in reversed(found):
        b = blocks[k]
        body = lines_block(b, lines[b.first + 1 : b.last + 1])
        title = _line_block(b, lines[b.first], "heading", "run")
        title.span, title.text = (title.span[0] + cut, title.span[1]), title.text[cut:]
        if number := _BARE_NUMBER.match(lines[b.first].stripped):
            title.number = number.group(1)
        blocks[k : k + 1] = [title, body]
    for a, b in pairwise(blocks):  # "Formål" glued to its paragraph too: a title of that kind
        if (a.kind == "heading" and a.style == "short" and b.kind == "para"
                and b.first == a.last + 1):
            a.style = "run"


def _translated_titles(blocks: list[Block], lines: list[Line]) -> None:
    """Two short title lines glued together over a paragraph ("Modig" / "Courageous", "Vi er
    tydelige" / "We are clear"; a bilingual page gives each heading in a second language on the
    line below it): when two or more paragraphs are like this, the first line is a heading and
    the second its subtitle, neither a principle of its own. Over bullets ("Forventningar til
    leiarane" / "Leiarane ved skulen" / "– set tydelege mål …"), the second line is the lead-in
    the bullets finish, its colon left out."""
    for under, second in (("para", "subtitle"), ("bullet", "lead")):
        found = [k for k, b in enumerate(blocks[:-1]) if b.kind == "para"
                 and b.last == b.first + 1 and blocks[k + 1].kind == under
                 and (under == "bullet" or blocks[k + 1].first > b.last + 1)
                 and all(_title_like(ln.stripped) for ln in lines[b.first : b.last + 1])]
        if len(found) < 2:
            continue
        for k in reversed(found):
            b = blocks[k]
            blocks[k : k + 1] = [_line_block(b, lines[b.first], "heading", "short"),
                                 _line_block(b, lines[b.last], second)]


def _title_like(s: str) -> bool:
    return (1 <= len(s.split()) <= 8 and s[:1].isupper()
            and not s.endswith((".", "!", "?", ":", ";", ",", "…")))


#: The toggle glyph of an accordion's title ("+ Mod", "▸ Nærvær").
_TOGGLE = re.compile(r"^[+▸▶►›»]\s+")
#: A number without a full stop before a capitalised title ("1 Me set kunden først").
_BARE_NUMBER = re.compile(r"^(\d{1,2})\s+(?=[A-ZÆØÅ])")


def _sentence_line(text: str) -> bool:
    return len(text.split()) >= 5 and text.endswith((".", "!"))


#: A lead-in that breaks off for its bullets to finish ("På NUH sætter vi patienten først –
#: derfor …" / "• … leder vi …"): the words before the dash are what the bullets spell out.
_BREAKS_OFF = re.compile(r"\s*[–—-]?\s*(?:derfor|difor|dermed|så)?\s*(?:…|\.\.\.)\s*$", re.I)


def _sentence_leadins(blocks: list[Block]) -> None:
    """Lead-ins in parallel form (the same first two words) that each break off in "… –
    derfor …" over bullets that finish the sentence ("… leder vi …") are the page's headings
    when there are two or more: each states a principle the bullets under it spell out."""
    found: dict[str, list[int]] = {}
    for k, b in enumerate(blocks[:-1]):
        if b.kind != "lead" or not _BREAKS_OFF.search(b.text):
            continue
        bullets = []
        for c in blocks[k + 1 :]:
            if c.kind != "bullet":
                break
            bullets.append(c.text.lstrip())
        if bullets and sum(t.startswith(("…", "...")) for t in bullets) >= len(bullets) / 2:
            found.setdefault(" ".join(b.text.lower().split()[:2]), []).append(k)
    for ks in found.values():
        if len(ks) < 2:
            continue
        for k in ks:
            b = blocks[k]
            cut = _BREAKS_OFF.search(b.text)
            assert cut is not None
            text = b.text[: cut.start()]
            blocks[k] = type(b)("heading", b.first, b.last, (b.span[0], b.span[0] + len(text)),
                                text, "sub")


def _short_lines(b: Block, lines: list[Line]) -> bool:
    """A paragraph of three or more lines, each at most eight words and without a full stop."""
    rows = [ln.stripped for ln in lines[b.first : b.last + 1]]
    return b.kind == "para" and len(rows) >= 3 and all(
        0 < len(r.split()) <= 8 and not r.endswith(".") for r in rows)


def _split_lines(b: Block, lines: list[Line]) -> list[Block]:
    return [_line_block(b, ln, "para") for ln in lines[b.first : b.last + 1]]


__all__ = ["relabel"]
