"""Which level of the block tree holds the principles: candidate groups, readings and evidence.

A *group* is a candidate list of principles found in the block tree:

- ``sections``: a run of sibling headings of one style with bodies of one shape (value words
  with a paragraph each, "1. Heading" sections, headings with their own bullet lists); each
  heading is a principle, its paragraph the text, bullets in its section its items;
- ``list``: a bullet list (sub-bullets become items of the bullet above);
- ``pairs``: a block of k headings followed by k unlabelled lines (heading i belongs to line i);
- ``inline``: values named in one sentence or line ("Våre verdiar er kompetent, open og modig").

Each group is weighed by evidence a reader uses — an announced count ("fire værdier"), a
heading or lead-in that names the collection ("Vores værdier", "Det gør vi"), headings known
not to hold principles (Formål, Mål, Vision, Kontakt …), leadership vocabulary, a plausible
number, lists stating the organisation's own goals, bullets that state what a leader does under
area headings — and the groups with enough evidence together form the ``structure`` reading. That
reading competes with the numbered, slide and prose readings (``segment``) on the same evidence;
the explanation lists every reading, every group and why. This module finds the candidate
groups; ``evidence`` weighs them and chooses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Draft, heading_path, number_follows
from .inline import namings, value_paragraphs
from .segmenter_rules import SegmenterRules


@dataclass
class Group:
    kind: str  # sections | list | pairs | inline
    first: int  # block index
    last: int  # block index (inclusive)
    drafts: list[Draft]
    path: list[str]  # the headings above, outermost first
    lead: str | None  # the lead-in line right before
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    selected: bool = False
    #: The text names these entries elsewhere ("Våre verdier er ærlighet og nærhet" above the
    #: headings "Ærlighet" and "Nærhet"): as strong as an announced count.
    named: bool = False
    #: A sentence or list that names these entries and more ("… fem værdier: tillid, ansvar,
    #: mod, …" above the headings "Tillid" and "Mod"): its other entries join this group.
    named_by: Group | None = None
    #: It stands under a heading or lead-in that holds no principles, or inside sections under one.
    aims: bool = False

    @property
    def head(self) -> str:
        return " / ".join([*self.path, *([self.lead] if self.lead else [])])

    @property
    def chapter(self) -> bool:
        """One value of a page whose title names the collection: a one-section group."""
        return self.kind == "sections" and len(self.drafts) == 1

    @property
    def near(self) -> list[str]:
        """The nearest heading and the lead-in: what speaks for this group."""
        return [*self.path[-1:], *([self.lead] if self.lead else [])]

    def describe(self) -> str:
        mark = "✓" if self.selected else "·"
        why = "; ".join(self.reasons) or "no evidence"
        return (f"{mark} {self.kind} of {len(self.drafts)} under “{self.head[:60]}” "
                f"(evidence {self.score:+.1f}: {why})")


@dataclass
class Reading:
    name: str
    drafts: list[Draft]
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(1 for d in self.drafts if d.role != "employees")


# --------------------------------------------------------------------------- groups


def _shape(block: Block) -> str:
    """What directly follows a heading: a paragraph (P), and whether bullets follow (L)."""
    kids = [c for c in block.children if c.kind != "subtitle"]
    if _label_over_text(kids):
        kids = kids[1:]  # a label over the section's text ("Hvorfor?" / a paragraph)
    direct = kids[0].kind if kids else ""
    shape = "P" if direct == "para" else ""
    if any(c.kind == "bullet" for c in kids):
        shape += "L"
    return shape


def _label_over_text(kids: list[Block]) -> bool:
    """A section that opens with a label of a word or two ("Hvorfor?") over a paragraph."""
    return (len(kids) >= 2 and kids[0].kind == "lead" and len(kids[0].clean.split()) <= 2
            and kids[1].kind == "para")


def _siblings(blocks: list[Block]) -> list[list[Block]]:
    """Headings grouped by parent and style, in order."""
    parent: dict[int, int] = {}
    for k, b in enumerate(blocks):
        for c in b.children:
            parent[id(c)] = k
    groups: dict[tuple[int, str], list[Block]] = {}
    for b in blocks:
        if b.kind == "heading":
            groups.setdefault((parent.get(id(b), -1), b.style), []).append(b)
    return list(groups.values())


def section_runs(blocks: list[Block], rules: SegmenterRules) -> list[list[Block]]:
    """Runs of ≥ 2 consecutive sibling headings with bodies of one shape."""
    runs: list[list[Block]] = []
    for sibs in _siblings(blocks):
        run: list[Block] = []
        kinds = _kinds(sibs, rules)
        for h in sibs:
            shape = _shape(h)
            member = shape and (_member(h, rules) or h in kinds)
            # A section with a paragraph and no bullets may follow sections with both (the last
            # of an accordion whose bullets ran out), not start their run.
            # Numbered sections in sequence belong together, with bullets or without.
            # The last section with a paragraph may run on into a list after them (_runs_on).
            if run and member and (shape == _shape(run[-1])
                                   or (shape == "P" and _shape(run[0]) == "PL")
                                   or (len(run) >= 2 and h is sibs[-1] and _runs_on([*run, h]))
                                   or _numbered_on(run[-1], h)):
                run.append(h)
                continue
            if len(run) >= 2:
                runs.append(_numbered_only(run))
            run = [h] if member else []
        if len(run) >= 2:
            runs.append(_numbered_only(run))
    return runs or [c for c in [_chapter(blocks, rules)] if c]


def _kinds(sibs: list[Block], rules: SegmenterRules) -> list[Block]:
    """Three or more sibling headings that each name a collection of one noun ("Personlige
    kompetencer", "Faglige kompetencer", "Ledelsesmæssige kompetencer"): the kinds of one
    collection, each a section whose bullets are its items, not collections of their own."""
    def noun(h: Block) -> str | None:
        words = h.clean.lower().split()
        return words[-1] if words and _collective(h, rules) else None

    best: list[Block] = []
    run: list[Block] = []
    for h in sibs:
        run = [*run, h] if run and noun(h) is not None and noun(h) == noun(run[-1]) else (
            [h] if noun(h) is not None else [])
        best = run if len(run) > len(best) else best
    return best if len(best) >= 3 else []


def _runs_on(run: list[Block]) -> bool:
    """Sections with a paragraph each, the last running on into a list with no lead-in of its
    own ("Ved nysgerrighed forstår vi:" / paragraph / " 1. Hvad værdierne betyder …")."""
    last = run[-1]
    return (len(run) >= 2 and _shape(last) == "PL" and all(_shape(h) == "P" for h in run[:-1])
            and not _numbered_on(run[-2], last)
            and not any(c.kind == "lead" for c in last.children))


def _numbered_only(run: list[Block]) -> list[Block]:
    """A run whose headings are numbered but for the first ("Innleiing", "1 Me set kunden
    først", "2 …"): the numbered ones."""
    numbered = run[0].number is None and all(h.number for h in run[1:])
    return run[1:] if numbered and len(run) >= 3 else run


def _numbered_on(a: Block, b: Block) -> bool:
    return bool(a.number and b.number and a.number.isdigit() and number_follows(a.number, b.number))


def _chapter(blocks: list[Block], rules: SegmenterRules) -> list[Block]:
    """One value of a collection on a page of its own ("Etatens verdigrunnlag" / "Respekt" /
    paragraphs): the page's only section, a word or two over paragraphs and no list, right under
    a title that names the collection."""
    bodied = [h for h in blocks if h.kind == "heading" and h.style != "title" and _shape(h)]
    if (len(bodied) != 1 or any(b.kind == "bullet" for b in blocks)
            or _shape(bodied[0]) != "P" or len(bodied[0].clean.split()) > 2):
        return []
    h = bodied[0]
    top = heading_path(blocks, _index(blocks, h))
    return [h] if (len(top) == 1 and top[0].style == "title" and _member(h, rules)
                   and (rules.values_heading.fullmatch(top[0].clean)
                        or _collective(top[0], rules))) else []


def _member(h: Block, rules: SegmenterRules) -> bool:
    """A heading that can be one of a run's sections: not one that names the collection
    ("Våre verdier", "Verdigrunnlag"), which heads the run, nor one that holds no principles."""
    return not _collective(h, rules) and not rules.full(rules.non_principle, h.clean) and not (
        rules.values_heading.fullmatch(h.clean) and ":" not in h.text)


def _collective(h: Block, rules: SegmenterRules) -> bool:
    return rules.full(rules.collective, h.clean)


def _index(blocks: list[Block], b: Block) -> int:
    return next(k for k, x in enumerate(blocks) if x is b)


def _section_draft(h: Block) -> Draft:
    kids = h.children
    k = 0
    subtitle = None
    if kids and kids[0].kind == "subtitle":
        subtitle = kids[0]
        k = 1
    elif _label_over_text(kids):
        k = 1  # a label over the section's text ("Hvorfor?")
    paras = []
    while k < len(kids) and kids[k].kind == "para":
        paras.append(kids[k])
        k += 1
    # Bullets in the section, also those under labels for whom they are ("Ledelse", "Medarbejdere").
    items = [c.span for c in kids if c.kind == "bullet"]
    items += [g.span for c in kids if c.kind == "heading" and c.style == "label"
              for g in c.children if g.kind == "bullet"]
    items.sort()
    title = h.clean
    if paras:
        return Draft(h.number, (paras[0].span[0], paras[-1].span[1]), None, title, items,
                     title_span=h.span)
    end = subtitle.span[1] if subtitle else h.span[1]
    return Draft(h.number, (h.span[0], end), None, title, items)


def bullet_lists(blocks: list[Block]) -> list[tuple[int, int]]:
    """Maximal runs of bullet blocks (block index ranges), sub-bullets included."""
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(blocks):
        if blocks[k].kind != "bullet":
            k += 1
            continue
        j = k
        while (j + 1 < len(blocks) and blocks[j + 1].kind == "bullet"
               and blocks[j + 1].indent >= blocks[k].indent):
            j += 1
        runs.append((k, j))
        k = j + 1
    return runs


_BOLD_START = re.compile(r"^\*\*(.+?)\*\*")
_LEAD_WORD = re.compile(r"^\s*(?:\*\*(.+?)\*\*|([^:–—.]{2,60}?))\s*(?::|\s[–—-])\s+\S")


#: Subject pronouns: lead words that open with one may be the start of a sentence.
_SUBJECTS = frozenset({"vi", "me", "jeg", "eg", "du", "de", "dei", "han", "hun", "ho", "man"})
#: Words after a dash that carry the sentence on ("– og ikke om hinanden –", "– også når …"),
#: unlike an explanation of a label ("Vi lytter, før vi beslutter – fordi …").
_GOES_ON = frozenset({"og", "men", "eller", "samt", "også", "ogso", "òg"})


#: An acronym line: one capital letter, a dash and the word it stands for ("R - resultater").
_ACRONYM_LINE = re.compile(r"^\s*[A-ZÆØÅ]\s+[–—-]\s+([\wæøåÆØÅ-]+(?:\s[\wæøåÆØÅ-]+){0,2})\s*$")


def bullet_title(text: str) -> str | None:
    """A bullet's lead words ("Tillid: …", "**Tillid** – …") when it starts with them; the
    word of an acronym line ("R - resultater": resultater)."""
    if acronym := _ACRONYM_LINE.match(text):
        return acronym.group(1)
    m = _LEAD_WORD.match(text)
    if not m:
        return None
    words = (m.group(1) or m.group(2) or "").strip()
    if not words or len(words.split()) > 6:
        return None
    after = text[m.end() - 1 :].split(maxsplit=1)[0].lower() if text[m.end() - 1 :].strip() else ""
    if not m.group(1) and words.split()[0].lower() in _SUBJECTS and after in _GOES_ON:
        return None  # "Vi taler med – og ikke om …": the sentence goes on past its dash
    return words.replace("**", "").strip()


def _list_drafts(blocks: list[Block], a: int, b: int) -> list[Draft]:
    top = blocks[a].indent
    drafts: list[Draft] = []
    for k in range(a, b + 1):
        blk = blocks[k]
        if blk.indent > top and drafts:
            assert drafts[-1].items is not None
            drafts[-1].items.append(blk.span)
            continue
        if blk.head is not None:  # a title line with its explanation on the lines below
            body = (blk.head[1], blk.span[1])
            drafts.append(Draft(blk.number, body, None, blk.head_text, [], title_span=blk.head))
            continue
        title = None if "**" in blk.text else bullet_title(blk.text)
        if blk.style == "bold" and blk.number and (bold := _BOLD_START.match(blk.text)):
            title = bold.group(1).strip()  # "**1. Tillid** – …", its number cut off the span
        drafts.append(Draft(blk.number, blk.span, None, title, []))
    return drafts


def _head_text(blocks: list[Block], first: int) -> tuple[list[str], str | None]:
    """The heading path above block ``first`` and the lead-in right before it."""
    before = blocks[first - 1] if first > 0 else None
    lead = None
    if before is not None and before.kind == "lead":
        lead = before.clean
    elif before is not None and before.kind == "para" and before.text.rstrip().endswith(":"):
        # a paragraph that closes on its lead-in (text pasted from a PDF): its last sentence
        lead = re.split(r"(?<=[.!?])\s+", before.clean)[-1]
    return [h.clean for h in heading_path(blocks, first)], lead


def pair_groups(blocks: list[Block]) -> list[Group]:
    """k ≥ 3 headings in a row, then k bullets: heading i titles line i."""
    out = []
    k = 0
    while k < len(blocks):
        j = k
        while (j < len(blocks) and blocks[j].kind == "heading"
               and blocks[j].style == blocks[k].style):
            j += 1
        if j - k < 3:
            k = max(j, k + 1)
            continue
        m = j
        while m < len(blocks) and blocks[m].kind == "bullet":
            m += 1
        heads, lines = blocks[k:j], blocks[j:m]
        if len(lines) == len(heads):
            drafts = [Draft(None, ln.span, None, h.clean, [], title_span=h.span)
                      for h, ln in zip(heads, lines, strict=True)]
            out.append(Group("pairs", k, m - 1, drafts, *_head_text(blocks, k)))
            k = m
        else:
            k = j
    return out


def heads(group: Group, blocks: list[Block]) -> list[Block]:
    starts = {d.title_span or d.span for d in group.drafts}
    return [b for b in blocks[group.first : group.last + 1]
            if b.kind == "heading" and (b.span in starts or any(s[0] == b.span[0] for s in starts))]


def candidate_groups(blocks: list[Block], rules: SegmenterRules) -> list[Group]:
    groups = pair_groups(blocks)
    taken: set[int] = {k for g in groups for k in range(g.first, g.last + 1)}
    for run in section_runs(blocks, rules):
        first = _index(blocks, run[0])
        last_block = run[-1]
        while last_block.children:
            last_block = last_block.children[-1]
        last = _index(blocks, last_block)
        if first in taken:
            continue
        path, lead = _head_text(blocks, first)
        before = blocks[first - 1] if first else None
        if (lead is None and before is not None and before.kind == "heading"
                and before.style == run[0].style and not before.children):
            # an empty heading right above the run ("Styrkeposition" over "Helhed og
            # sammenhæng", "Sammen med andre"): flattened HTML lost its level; it names the run
            lead = before.clean
        drafts = [_section_draft(h) for h in run]
        if _runs_on(run):
            drafts[-1].items = []  # the list after the sections is not the last one's items
        groups.append(Group("sections", first, last, drafts, path, lead))
    for a, b in bullet_lists(blocks):
        groups.append(Group("list", a, b, _list_drafts(blocks, a, b), *_head_text(blocks, a)))
    groups.extend(inline_groups(blocks, rules))
    return groups


def inline_groups(blocks: list[Block], rules: SegmenterRules) -> list[Group]:
    """Values named in one sentence, or in one line under a values heading."""
    out = []
    for k, b in enumerate(blocks):
        if b.kind not in ("para", "lead", "heading") or "**" in b.text:
            continue
        path, _ = _head_text(blocks, k)
        for spans, lead in namings(b, path, rules):
            drafts = [Draft(None, (b.span[0] + x, b.span[0] + y), None,
                            b.text[x:y].split(" (", 1)[0].strip(), [])
                      for x, y in spans]
            names = [d.title or "" for d in drafts]
            found = value_paragraphs(blocks, k, names)
            if found:  # each value explained in a paragraph of its own, which is its text
                drafts = [Draft(None, blocks[j].span, None, blocks[j].text[: len(name)], [])
                          for j, name in zip(found, names, strict=True)]
            out.append(Group("inline", k, found[-1] if found else k, drafts, path, lead))
    return out


__all__ = ["Group", "Reading", "bullet_title", "candidate_groups"]
