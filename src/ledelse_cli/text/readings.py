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
reading competes with the numbered, slide and prose readings (``segment``) on the same kind of
evidence; the explanation lists every reading, every group and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .blocks import Announcement, Block, Draft, heading_path
from .segmenter_rules import SegmenterRules

#: A group needs at least this much evidence to hold principles.
SELECT = 0.5
#: The evidence of a reading that finds nothing: below any reading that finds something.
NOTHING = -1000.0
#: What the kind of a reading says by itself: consecutive numbers and slide numbers are
#: explicit structure (worth as much as the best evidence a structure group can add),
#: paragraphs and sentences of prose the fallback.
PRIOR = {"numbered": 1.5, "slides": 1.5, "paragraphs": -0.25, "prose": -0.5}


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

    @property
    def head(self) -> str:
        return " / ".join([*self.path, *([self.lead] if self.lead else [])])

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
    direct = kids[0].kind if kids else ""
    shape = "P" if direct == "para" else ""
    if any(c.kind == "bullet" for c in kids):
        shape += "L"
    return shape


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
        for h in sibs:
            shape = _shape(h)
            member = shape and not _collective(h, rules) and not rules.full(
                rules.non_principle, h.clean
            )
            if run and member and shape == _shape(run[-1]):
                run.append(h)
                continue
            if len(run) >= 2:
                runs.append(run)
            run = [h] if member else []
        if len(run) >= 2:
            runs.append(run)
    return runs


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
    paras = []
    while k < len(kids) and kids[k].kind == "para":
        paras.append(kids[k])
        k += 1
    items = [c.span for c in kids if c.kind == "bullet"]
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


_LEAD_WORD = re.compile(r"^\s*(?:\*\*(.+?)\*\*|([^:–—.]{2,60}?))\s*(?::|\s[–—-])\s+\S")


def bullet_title(text: str) -> str | None:
    """A bullet's lead words ("Tillid: …", "**Tillid** – …") when it starts with them."""
    m = _LEAD_WORD.match(text)
    if not m:
        return None
    words = (m.group(1) or m.group(2) or "").strip()
    if not words or len(words.split()) > 6:
        return None
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
        title = None if "**" in blk.text else bullet_title(blk.text)
        drafts.append(Draft(blk.number, blk.span, None, title, []))
    return drafts


def _head_text(blocks: list[Block], first: int) -> tuple[list[str], str | None]:
    """The heading path above block ``first`` and the lead-in right before it."""
    lead = blocks[first - 1].clean if first > 0 and blocks[first - 1].kind == "lead" else None
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


def _heads(group: Group, blocks: list[Block]) -> list[Block]:
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
        groups.append(Group("sections", first, last, [_section_draft(h) for h in run],
                            *_head_text(blocks, first)))
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
        path, lead = _head_text(blocks, k)
        spans: list[tuple[int, int]] = []
        m = rules.inline_values.search(b.text)
        if m is not None:
            spans = _enumeration(b.text, m.start("items"), m.end("items"), r",\s*|,?\s+og\s+")
        elif rules.inline_line.fullmatch(b.text) and path and rules.values_heading.fullmatch(
            path[-1]
        ):
            spans = _enumeration(b.text, 0, len(b.text), r"\s+[–·|•/]\s+")
        if len(spans) >= 2:
            drafts = [Draft(None, (b.span[0] + x, b.span[0] + y), None, b.text[x:y], [])
                      for x, y in spans]
            lead = b.text[: m.start("items")].strip() if m else None
            out.append(Group("inline", k, k, drafts, path, lead))
    return out


def _enumeration(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in re.finditer(sep, text[start:end]):
        spans.append((pos, start + m.start()))
        pos = start + m.end()
    spans.append((pos, end))
    return [(x, y) for x, y in spans if text[x:y].strip()]


# --------------------------------------------------------------------------- evidence


def _role(group: Group, rules: SegmenterRules) -> str:
    """Whom a list is about, from the nearest words that say so: the lead-in, else the nearest
    heading; values when nothing nearer names leaders or employees and a heading above says
    values."""
    for text in [*([group.lead] if group.lead else []), *group.path[::-1]]:
        leaders = rules.leader_heading.fullmatch(text)
        employees = rules.employee_heading.fullmatch(text)
        if rules.values_heading.fullmatch(text) and (employees or not leaders):
            return "values"  # values of everyone, leaders and employees alike
        if leaders:
            return "leadership"
        if employees:
            return "employees"
    return "leadership"


def weigh(group: Group, text: str, blocks: list[Block], announced: list[Announcement],
          rules: SegmenterRules, normative: Callable[[str], bool]) -> None:
    """Give ``group`` its evidence score and reasons (see the module docstring)."""
    n = len(group.drafts)
    score, why = 0.0, []
    if group.kind == "sections":
        score += 0.5
        why.append("parallel headings +0.5")
        items = [text[a:b] for d in group.drafts for a, b in d.items or []]
        if items and not any(d.title_span for d in group.drafts):
            verbs = sum(1 for t in items if len(t.split()) >= 3
                        and rules.verb_start.fullmatch(t.split()[0].strip(",.;:"))) / len(items)
            if verbs >= 0.6:
                score -= 2.5
                why.append(f"bullets that state what a leader does ({verbs:.0%}): the headings "
                           "are area labels −2.5")
        titles = [d.title for d in group.drafts]
        if len(set(titles)) < len(titles):
            score -= 2
            why.append("repeated headings are labels, not principles −2")
        paras = sum(sum(1 for c in h.children if c.kind == "para") for h in _heads(group, blocks))
        if paras >= 2 * n:
            score -= 1
            why.append("several paragraphs per heading: an article with subheadings −1")
    elif group.kind == "pairs":
        score += 1.0
        why.append("headings paired with lines +1")
    near = group.near
    if group.kind == "inline":
        score += 1.0
        why.append("values named together +1")
    elif any(rules.full(rules.non_principle, p.rstrip(":")) for p in near):
        score -= 3
        why.append("under a heading that holds no principles −3")
    elif any(rules.full(rules.collective, p) for p in near):
        score += 1
        why.append("announced as a collection +1")
    if any(a.count == n for a in announced):
        score += 2
        why.append(f"matches the announced count {n} +2")
    if n == 1:
        score -= 1.5
        why.append("a single entry −1.5")
    elif n == 2:
        score -= 0.25
        why.append("two entries −0.25")
    elif n > 15:
        many = min(1.0, (n - 15) / 10)
        score -= many
        why.append(f"{n} entries is many −{many:.1f}")
    texts = [text[d.span[0] : d.span[1]] for d in group.drafts]
    vocab = sum(1 for t in texts if rules.leadership_words.search(t)) / n
    score += vocab
    why.append(f"leadership words in {vocab:.0%} +{vocab:.1f}")
    org = sum(1 for t in texts if rules.organisation_subject.match(t)) / n
    if org >= 0.5:
        score -= 4 * org
        why.append(f"the organisation's own goals in {org:.0%} −{4 * org:.1f}")
    elif group.kind == "list" and n >= 3:  # parallel form, unless it is the goals' subject
        firsts = Counter(t.split()[0].lower() for t in texts if t.split())
        word, count = firsts.most_common(1)[0] if firsts else ("", 0)
        if count / n >= 0.6:
            score += 0.5
            why.append(f"parallel form (“{word} …”) +0.5")
    if group.kind == "sections":
        bodies = [t for d, t in zip(group.drafts, texts, strict=True) if d.title_span]
        if bodies:
            norm = sum(1 for t in bodies if normative(t)) / len(bodies)
            if norm < 0.5:
                score -= 1
                why.append(f"paragraphs that describe rather than guide ({1 - norm:.0%}) −1")
    if group.kind == "list":
        frag = sum(1 for t in texts if t[:1].islower() and len(t.split()) <= 4
                   and not rules.verb_start.fullmatch(t.split()[0].strip(",.;:"))) / n
        if frag:
            score -= frag
            why.append(f"fragments {frag:.0%} −{frag:.1f}")
        lower = sum(1 for t in texts if t[:1].islower()) / n
        if lower and group.lead is not None:
            score -= 0.5 * lower
            why.append(f"entries that finish the lead-in's sentence {lower:.0%} −{0.5 * lower:.1f}")
    group.score, group.reasons = score, why
    role = _role(group, rules)
    for d in group.drafts:
        d.role = role


def structure(text: str, blocks: list[Block], announced: list[Announcement],
              rules: SegmenterRules, normative: Callable[[str], bool]
              ) -> tuple[list[Draft], list[Group]]:
    """The structure reading: every group with enough evidence, nested groups resolved.

    ``normative`` tells whether a paragraph guides (says how we lead) or only describes.
    """
    groups = candidate_groups(blocks, rules)
    for g in groups:
        weigh(g, text, blocks, announced, rules, normative)
    chosen: list[Group] = []
    # Stronger evidence first; a group inside (or around) a chosen one is its items or its
    # owner, never a second reading of the same lines.
    # Headings with parallel siblings own the bullets in their sections, so they are taken
    # before the lists inside them; then by evidence.
    order = {"pairs": 0, "sections": 0, "inline": 1, "list": 1}
    seen: set[str] = set()
    for g in sorted(groups, key=lambda g: (order[g.kind], -g.score, g.first)):
        if g.score < SELECT:
            continue
        if any(g.first <= c.last and c.first <= g.last for c in chosen):
            continue
        titles = {(d.title or text[d.span[0] : d.span[1]]).lower() for d in g.drafts}
        if titles <= seen:  # the same values named again ("Våre verdiar er …" twice)
            continue
        if g.kind == "inline" and any(c.kind != "inline" and c.drafts[0].role == "values"
                                      for c in chosen):
            continue  # values named in passing beside the page's own list of values
        seen |= titles
        g.selected = True
        chosen.append(g)
    drafts = [d for g in sorted(chosen, key=lambda g: g.first) for d in g.drafts]
    return drafts, groups


def evaluate(reading: Reading, text: str, blocks: list[Block], announced: list[Announcement],
             groups: list[Group] | None = None) -> None:
    """The reading's evidence: count, announced count, how much content it covers, form."""
    n = reading.count
    score, why = PRIOR.get(reading.name, 0.0), []
    if score:
        why.append(f"kind {score:+.1f}")
    if n == 0:
        reading.score, reading.reasons = NOTHING, ["no principles"]
        return
    if 3 <= n <= 15:
        score += 1
        why.append(f"{n} principles is plausible +1")
    elif n < 3:
        score -= 0.5 * (3 - n)
        why.append(f"only {n} −{0.5 * (3 - n):.1f}")
    else:
        many = min(2.0, (n - 15) / 5)
        score -= many
        why.append(f"{n} principles is many −{many:.1f}")
    selected = [g for g in groups or () if g.selected]
    if selected:
        bonus = 0.5 * min(2.0, sum(g.score for g in selected) / len(selected))
        score += bonus
        why.append(f"evidence of its groups +{bonus:.1f}")
    if announced:
        sizes = {len(g.drafts) for g in selected}
        if any(a.count == n or a.count in sizes for a in announced):
            score += 2
            why.append("matches an announced count +2")
    content = [b for b in blocks if b.kind in ("para", "bullet", "lead")]
    total = sum(b.span[1] - b.span[0] for b in content) or 1
    covered = bytearray(len(text))
    for a, b in _covered(reading.drafts):
        covered[a:b] = b"\x01" * (b - a)
    cov = sum(covered[b.span[0] : b.span[1]].count(1) for b in content) / total
    score += 1.5 * cov
    why.append(f"covers {cov:.0%} of the content +{1.5 * cov:.1f}")
    reading.score, reading.reasons = score, why


def _covered(drafts: list[Draft]) -> list[tuple[int, int]]:
    spans = []
    for d in drafts:
        spans.append(d.span)
        spans.extend(d.items or [])
    return sorted(spans)


__all__ = ["Group", "Reading", "bullet_title", "evaluate", "structure"]
