"""Segmentation of a normalised document into principles and items, with its evidence.

A document can be read in several ways; each *reading* proposes principles and is weighed by
evidence (``readings.evaluate``), and the reading with the most evidence wins:

1. numbered headings (``1. Jeg påtager mig mit lederskab``) with bullets as items (KL's codex);
2. slide transcripts (``4 10 punkter for god ledelse``) whose list slides hold run-on text where
   points are separated only by a capitalised verb (KS' policy);
3. the structure of the block tree (``blocks``, ``readings``): runs of sibling headings, bullet
   lists, headings paired with lines, values named in one line — each group with its evidence;
4. short paragraphs that each open with a statement of how we lead;
5. prose, from which only normative sentences are kept (Randers' op-ed and press release).

``segment_explained`` returns the choice with the tree, every reading and group and the
warnings (an announced count the result does not match, no principle found).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..base.models import Item, Principle, fold_ws
from .blocks import (
    TITLE_CHARS,
    Announcement,
    Block,
    Draft,
    Line,
    announcements,
    parse_blocks,
    split_lines,
    title_line,
)
from .checks import reading_checks
from .evidence import evaluate, structure
from .prose import (
    clean_heading,
    guides,
    looks_like_heading,
    outside_aims,
    paragraph_drafts,
    prose_drafts,
    sentence_spans,
)
from .readings import Group, Reading
from .segmenter_rules import SegmenterRules

_NUMBERED = re.compile(r"^\s*(?:#{1,6}\s*)?(\d{1,2})[.)]\s+(\S.*)$")
_SLIDE = re.compile(r"^(\d{1,2}) (\S.*)$")
_BULLET = re.compile(r"^\s*([-•*▪◦·●‣–])\s+(\S.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
#: A word hyphenated across a line break in a PDF ("hensy- net" once the lines are joined), not
#: a compound's shared part ("sundheds- og ældreområdet"): one word in a title.
_HYPHENATED = re.compile(r"(?<=[a-zæøå])-\s+(?!(?:og|eller|samt|til|and|or)\b)([a-zæøå])")
_RUNON_SPLIT = re.compile(r"(?<=[a-zæøå)])\s+(?=[A-ZÆØÅ][a-zæøå]+\b)")

Lang = Callable[[str], str]
_Draft = Draft

@dataclass
class Segmentation:
    """A document's principles and how they were chosen (``ledelse segment --explain``)."""

    principles: tuple[Principle, ...]
    blocks: list[Block]
    readings: list[Reading]
    groups: list[Group]
    announced: list[Announcement]
    chosen: str
    #: The document's id, as its principles' ids begin (``kl11`` for ``kl11/1``).
    document: str = "ID"

    @property
    def warnings(self) -> list[str]:
        out = []
        count = sum(1 for p in self.principles if p.role != "employees")
        sizes = {len(g.drafts) for g in self.groups if g.selected}
        # A page may announce several counts ("tre pejlemærker", "fire grundværdier"): warn
        # when none of them is what was found, naming the first.
        if self.announced and self.chosen != "prose" and not any(
            a.count == count or a.count in sizes for a in self.announced
        ):
            a = self.announced[0]
            out.append(f"the text announces {a.count} principles (“{a.phrase}”); {count} found")
        if not self.principles:
            out.append("no principles found: correct by hand with "
                       f"`ledelse segment {self.document} --save`")
        out.extend(reading_checks(self.chosen, self.groups, count, self.document))
        return out


def segment_text(
    text: str,
    document_id: str,
    rules: SegmenterRules,
    *,
    lang: str = "unknown",
    detect: Lang | None = None,
) -> tuple[Principle, ...]:
    """Segment normalised ``text`` into principles whose spans slice back into it.

    Args:
        text: the normalised document text (see ``normalize.normalise``).
        document_id: prefix of principle ids (``kl11`` gives ``kl11/1``, items ``kl11/1.1``).
        rules: compiled domain rules from ``mappings/segmenter.yaml``.
        lang: the document's language, used when a principle is too short to detect its own.
        detect: optional per-principle language detector returning "unknown" when unsure.
    """
    return segment_explained(text, document_id, rules, lang=lang, detect=detect).principles


def segment_explained(
    text: str,
    document_id: str,
    rules: SegmenterRules,
    *,
    lang: str = "unknown",
    detect: Lang | None = None,
) -> Segmentation:
    """``segment_text`` with its evidence: the block tree, every reading and group, the choice.

    Readings, in order of preference when their evidence ties: numbered headings, slide
    transcripts, the structure of the block tree (``readings``), bullet lists under headings,
    normative sentences of prose. The reading with the most evidence wins.
    """
    lines = split_lines(text)
    blocks = parse_blocks(text, rules)
    announced = announcements(text, rules)
    drafts, groups = structure(text, blocks, announced, rules,
                               lambda t: guides(t, rules))
    readings = [
        Reading("numbered", _numbered(lines, rules)),
        Reading("slides", _slides(lines, rules)),
        Reading("structure", drafts),
        Reading("paragraphs", outside_aims(paragraph_drafts(text, blocks, rules), text, blocks,
                                       rules)),
        Reading("prose", outside_aims(prose_drafts(text, lines, rules), text, blocks, rules)),
    ]
    for r in readings:
        evaluate(r, text, blocks, announced, groups)
    best = max(readings, key=lambda r: r.score)  # first of equals wins
    if best.name == "structure":
        for g in groups:
            if g.selected:
                section = _heading_before(lines, blocks[g.first].first, rules)
                for d in g.drafts:
                    d.section = section
    principles = _finish(text, best.drafts, document_id, lang, detect)
    return Segmentation(principles, blocks, readings, groups, announced, best.name, document_id)


def _finish(
    text: str, drafts: list[_Draft], document_id: str, lang: str, detect: Lang | None
) -> tuple[Principle, ...]:
    out = []
    for n, d in enumerate(sorted(drafts, key=lambda d: d.span), start=1):
        ptext = fold_ws(text[d.span[0] : d.span[1]])
        items = tuple(
            Item(f"{document_id}/{n}.{k}", fold_ws(text[s:e]), (s, e))
            for k, (s, e) in enumerate(d.items or [], start=1)
        )
        plang = lang
        if detect is not None:
            guess = detect(" ".join([ptext, *(i.text for i in items)]))
            if guess != "unknown":
                plang = guess
        out.append(
            Principle(
                id=f"{document_id}/{n}",
                number=d.number,
                title=d.title or _title_of(ptext),
                text=ptext,
                span=d.span,
                lang=plang,
                section=d.section,
                items=items,
                title_span=d.title_span,
                role=d.role,
            )
        )
    return tuple(out)


def _title_of(text: str) -> str:
    bold = [a or b for a, b in _BOLD.findall(text)]
    if bold:
        return " / ".join(fold_ws(b) for b in bold)[:TITLE_CHARS]
    plain = _HYPHENATED.sub(r"\1", text.replace("**", ""))
    if len(plain) <= TITLE_CHARS:
        return plain
    cut = plain[:TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + " …"


# --------------------------------------------------------------------------- 1. numbered


def _sequential_run(numbered: list[tuple[int, Line]], minimum: int) -> list[tuple[int, Line]]:
    """The longest run of lines numbered 1, 2, 3 … in document order."""
    best: list[tuple[int, Line]] = []
    for start, (num, _) in enumerate(numbered):
        if num != 1:
            continue
        run = [numbered[start]]
        for cand in numbered[start + 1 :]:
            if cand[0] == run[-1][0] + 1:
                run.append(cand)
        if len(run) > len(best):
            best = run
    return best if len(best) >= minimum else []


def _numbered(lines: list[Line], rules: SegmenterRules) -> list[_Draft]:
    cands = [(int(m.group(1)), ln) for ln in lines if (m := _NUMBERED.match(ln.text))]
    run = _sequential_run(cands, 3)
    if not run:
        return []
    section = _heading_before(lines, run[0][1].index, rules)
    drafts = []
    for k, (num, head) in enumerate(run):
        stop = run[k + 1][1].index if k + 1 < len(run) else len(lines)
        m = _NUMBERED.match(head.text)
        assert m
        start = head.start + m.start(2)
        end = head.end
        # A heading may wrap onto following non-blank lines that are not list material.
        j = head.index + 1
        while j < stop and not lines[j].blank and not _is_list_line(lines[j], rules):
            end = lines[j].end
            j += 1
        items = _items_in(lines[j:stop], rules)
        title = head.text[m.start(2) :].strip()
        para = _paragraph_under(lines, j, stop, rules) if j == head.index + 1 else []
        if j > head.index + 1 and title_line(title, lines[head.index + 1].stripped):
            # "1) Vi sætter retningen" / "Medarbejderne skal vide …": a title and its text
            body = (lines[head.index + 1].start, end)
        elif para and title_line(title, para[0].stripped):
            # "1. De går foran" / blank line / "Kulturen begynner hos deg. …": heading + paragraph
            body = (para[0].start, para[-1].end)
        else:
            body = None
        if body:
            drafts.append(_Draft(str(num), body, section, fold_ws(title), items,
                                 title_span=(start, start + len(title))))
            continue
        drafts.append(_Draft(str(num), (start, end), section, None, items))
    return drafts


def _paragraph_under(lines: list[Line], j: int, stop: int, rules: SegmenterRules
                     ) -> list[Line]:
    """The paragraph a numbered heading stands over: after blank lines, non-blank lines up to
    the next blank or list line, when the first is a sentence, not a heading or list entry."""
    k = j
    while k < stop and lines[k].blank:
        k += 1
    if k == j or k >= stop or _is_list_line(lines[k], rules):
        return []
    if looks_like_heading(lines[k]) and len(sentence_spans(lines[k].stripped)) < 2:
        return []  # a heading of its own; a cut paragraph still holds a sentence end
    e = k
    while e + 1 < stop and not lines[e + 1].blank and not _is_list_line(lines[e + 1], rules):
        e += 1
    return lines[k:e + 1]


def _is_list_line(line: Line, rules: SegmenterRules) -> bool:
    return bool(_BULLET.match(line.text) or _NUMBERED.match(line.text) or _is_lead_in(line, rules))


def _is_lead_in(line: Line, rules: SegmenterRules) -> bool:
    return rules.full(rules.lead_in, line.stripped)


def _items_in(block: list[Line], rules: SegmenterRules) -> list[tuple[int, int]]:
    """Bullets of a block (with their wrapped continuation lines); stops at trailing prose."""
    items: list[tuple[int, int]] = []
    current: list[int] | None = None
    seen_blank_after_item = False
    for ln in block:
        m = _BULLET.match(ln.text)
        if m:
            if current:
                items.append((current[0], current[1]))
            s = ln.start + m.start(2)
            current = [s, ln.end]
            seen_blank_after_item = False
        elif ln.blank:
            if current:
                seen_blank_after_item = True
        elif current and not seen_blank_after_item:
            current[1] = ln.end  # wrapped bullet
        elif items or current:
            break  # prose after the list ends it
        elif (not _is_lead_in(ln, rules) and looks_like_heading(ln)
              and len(ln.stripped.split()) <= 6):
            break  # a heading of its own ("Forventninger til medarbeiderne") before any bullet
    if current:
        items.append((current[0], current[1]))
    return items


def _heading_before(lines: list[Line], index: int, rules: SegmenterRules) -> str | None:
    for ln in reversed(lines[:index]):
        if ln.blank or _BULLET.match(ln.text) or _introduces_list(lines, ln, rules):
            continue
        if looks_like_heading(ln):
            return clean_heading(ln.stripped)
    return None


def _introduces_list(lines: list[Line], line: Line, rules: SegmenterRules) -> bool:
    nxt = _neighbour(lines, line.index, 1)
    return _is_lead_in(line, rules) and nxt is not None and bool(_BULLET.match(nxt.text))


# --------------------------------------------------------------------------- 2. slides


def _slides(lines: list[Line], rules: SegmenterRules) -> list[_Draft]:
    cands = [(int(m.group(1)), ln) for ln in lines if (m := _SLIDE.match(ln.text))]
    run = _sequential_run(cands, 4)
    if not run:
        return []
    drafts: list[_Draft] = []
    section = None
    number = 0
    for k, (_, head) in enumerate(run):
        m = _SLIDE.match(head.text)
        assert m
        title = m.group(2).strip()
        is_list = rules.full(rules.list_slide_titles, title)
        if not is_list:
            continue
        section = section or _strip_forts(title)
        stop = run[k + 1][1].index if k + 1 < len(run) else len(lines)
        for ln in lines[head.index + 1 : stop]:
            if ln.blank:
                continue
            for s, e in _runon_points(ln):
                number += 1
                drafts.append(_Draft(str(number), (s, e), section))
    return drafts


def _strip_forts(title: str) -> str:
    return re.sub(r",?\s*(forts\.?|fortsat|fortsettelse|fortsetjing)$", "", title).strip()


def _runon_points(line: Line) -> list[tuple[int, int]]:
    """Split run-on slide text at a capitalised word right after a lower-case word."""
    text = line.text
    cuts = [0] + [m.end() for m in _RUNON_SPLIT.finditer(text)] + [len(text)]
    spans = []
    for a, b in itertools.pairwise(cuts):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        s, e = line.start + a + lead, line.start + a + len(piece.rstrip())
        if e > s:
            spans.append((s, e))
    return spans


def _neighbour(lines: list[Line], index: int, step: int) -> Line | None:
    j = index + step
    while 0 <= j < len(lines):
        if not lines[j].blank:
            return lines[j]
        j += step
    return None
