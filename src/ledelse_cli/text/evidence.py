"""Choosing a reading: each candidate group's evidence weighed into a score; the best reading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from . import aims, roles
from .blocks import Announcement, Block, Draft
from .named import complete, entry_named, explains_named, name_of, named_elsewhere, names_of
from .readings import Group, Reading, candidate_groups, heads
from .segmenter_rules import SegmenterRules

#: A group needs at least this much evidence to hold principles.
SELECT = 0.5

#: The evidence of a reading that finds nothing: below any reading that finds something.
NOTHING = -1000.0

#: What the kind of a reading says by itself: consecutive numbers and slide numbers are
#: explicit structure (worth as much as the best evidence a structure group can add),
#: paragraphs and sentences of prose the fallback.
PRIOR = {"numbered": 1.5, "slides": 1.5, "paragraphs": -0.25, "prose": -0.5}


def weigh(group: Group, text: str, blocks: list[Block], announced: list[Announcement],
          rules: SegmenterRules, normative: Callable[[str], bool]) -> None:
    """Give ``group`` its evidence score and reasons (see the module docstring)."""
    n = len(group.drafts)
    role = roles.role_of(group, rules, announced, blocks)
    score, why = 0.0, []
    chapter = group.chapter
    if chapter:
        score += 2
        why.append("the one value of a page whose title names the collection +2")
    elif group.kind == "sections":
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
        said = [t or "" for t in titles]
        topics = sum(1 for t in said if rules.topic_heading and rules.topic_heading.fullmatch(t))
        whom = sum(1 for t in said if len(t.split()) <= 2 and (
            rules.employee_heading.fullmatch(t) or rules.full(rules.non_principle, t)))
        if 2 * topics > len(titles) or 2 * whom > len(titles):
            score -= 2.5  # "Om borgeren:" / "Lærerne:": labels over what the bullets say
            why.append("headings that name a topic (“Om …”) or whom the bullets ask of are "
                       "labels −2.5")
        if len(set(titles)) < len(titles):
            score -= 2
            why.append("repeated headings are labels, not principles −2")
        if 2 * sum(1 for t in titles if (t or "").rstrip().endswith("?")) >= len(titles):
            score -= 3  # "Hvorfor har dere en strategi?" over an answer: an interview, a FAQ
            why.append("questions over their answers, not principles −3")
        paras = sum(sum(1 for c in h.children if c.kind == "para") for h in heads(group, blocks))
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
    elif aims.held_by_none(group, rules, blocks):
        group.aims = True
        score -= 3
        why.append("under a heading that holds no principles −3")
    elif group.kind == "list" and aims.labelled_aims(group, rules):
        score -= 3
        why.append("entries labelled vision, mission, strategy … −3")
    elif any(rules.full(rules.collective, p) for p in near):
        score += 1
        why.append("announced as a collection +1")
    if any(a.count == n for a in announced):
        score += 2
        why.append(f"matches the announced count {n} +2")
    if n == 1 and not chapter:
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
    about = 1.0 if roles.document_lead(group, rules, texts) else (
        sum(1 for t in texts if roles.about(t.strip(), group, rules)) / n)
    if group.kind == "list" and about >= 0.6:
        score -= 2
        why.append(f"sentences about the values or the document ({about:.0%}) −2")
    quoted = sum(1 for t in texts if rules.quoted_speech and rules.quoted_speech.search(t)) / n
    if group.kind == "list" and quoted >= 0.5:
        score -= 2
        why.append(f"quoted speech ({quoted:.0%}), not principles −2")
    asked = sum(1 for t in texts if t.rstrip().endswith("?")) / n
    if group.kind == "list" and asked >= 0.5:
        score -= 2
        why.append(f"questions ({asked:.0%}), not principles −2")
    vocab = sum(1 for t in texts if rules.leadership_words.search(t)) / n
    score += vocab
    why.append(f"leadership words in {vocab:.0%} +{vocab:.1f}")
    org = sum(1 for t in texts if rules.organisation_subject.match(t)) / n
    if group.kind == "sections" and role == "values":
        org = 0.0  # value headings ("Nøktern") whose paragraphs say what the value asks of it
    if org >= 0.5:
        score -= 4 * org
        why.append(f"the organisation's own goals in {org:.0%} −{4 * org:.1f}")
    elif group.kind == "list" and n >= 3:  # parallel form, unless it is the goals' subject
        firsts = Counter(t.split()[0].lower() for t in texts if t.split())
        word, count = firsts.most_common(1)[0] if firsts else ("", 0)
        verbs = sum(1 for t in texts if rules.opens_with_verb(t)) / n
        if count / n >= 0.6:
            score += 0.5
            why.append(f"parallel form (“{word} …”) +0.5")
        elif verbs >= 0.6:
            score += 0.5
            why.append(f"parallel form (entries open with a verb, {verbs:.0%}) +0.5")
    if group.kind == "sections":
        # Sections whose guidance is in their bullets ("Det betyder: • at …") may describe in
        # their paragraphs.
        bodies = [t for d, t in zip(group.drafts, texts, strict=True)
                  if d.title_span and not d.items]
        if bodies and len(bodies) * 2 > n:
            norm = sum(1 for t in bodies if normative(t)) / len(bodies)
            if norm < 0.5:
                score -= 1
                why.append(f"paragraphs that describe rather than guide ({1 - norm:.0%}) −1")
    if group.kind == "list":
        frag = sum(1 for t in texts if t[:1].islower() and len(t.split()) <= 4
                   and not rules.verb_start.fullmatch(t.split()[0].strip(",.;:"))) / n
        named = any(rules.announced.search(p) for p in near) or bool(
            group.lead and rules.values_heading.fullmatch(group.lead)
            and group.lead.split()[-1].lower() not in rules.continuation_words)
        if frag and named:
            why.append("short entries under a count or values (“4 overordnede værdier:”) are "
                       "their words")
        elif frag:
            score -= frag
            why.append(f"fragments {frag:.0%} −{frag:.1f}")
        lower = sum(1 for t in texts if t[:1].islower()) / n
        if rules.audience_lead and any(rules.audience_lead.fullmatch(t) for t in near):
            # "SOM LEDER I X KOMMUNE SKAL JEG:": the entries finish a sentence about what
            # leaders or employees do
            score += 1
            why.append("a lead-in that names leaders or employees +1")
        elif lower and group.lead is not None and not (frag and named):
            score -= 0.5 * lower
            why.append(f"entries that finish the lead-in's sentence {lower:.0%} −{0.5 * lower:.1f}")
    group.score, group.reasons = score, why
    for d in group.drafts:
        d.role = role


def structure(text: str, blocks: list[Block], announced: list[Announcement],
              rules: SegmenterRules, normative: Callable[[str], bool]
              ) -> tuple[list[Draft], list[Group]]:
    """The structure reading: every group with enough evidence, nested groups resolved.

    ``normative`` tells whether a paragraph guides (says how we lead) or only describes.
    """
    groups = _split_named_headings(candidate_groups(blocks, rules), blocks, rules)
    for g in groups:
        _drop_introduction(g, blocks, announced)
    owners = _announcement_owners(groups, blocks, announced)
    for g in groups:
        said = [a for a, owner in zip(announced, owners, strict=True)
                if owner is None or blocks[owner.first].span[0] == blocks[g.first].span[0]]
        weigh(g, text, blocks, said, rules, normative)
    aims.inside_none(groups)
    named_elsewhere(groups, text)
    chosen: list[Group] = []
    # A group inside (or around) a chosen one is its items or its owner, never a second reading
    # of the same lines. Headings with parallel siblings own the bullets in their sections, so
    # they are taken before the lists inside them; then stronger evidence first.
    order = {"pairs": 0, "sections": 0, "inline": 1, "list": 1}
    seen: set[str] = set()
    for g in sorted(groups, key=lambda g: (order[g.kind], -g.score, g.first)):
        if any(_overlap(g, c) for c in chosen):
            continue
        if g.kind == "list" and (owner := entry_named(g, chosen, text)) is not None:
            # "Nærvær" / "Det betyder for os:" / bullets, below a list that names Nærvær: the
            # bullets elaborate that entry, whatever their own evidence.
            owner.items = [*(owner.items or []), *(d.span for d in g.drafts)]
            continue
        if (g.score < SELECT or explains_named(g, chosen, blocks, rules)
                or (g.kind == "list" and len(g.drafts) == 1 and chosen)):
            continue  # weak, explains a chosen one, or a lone bullet beside a stronger group
        titles = names_of(g, text)
        again = {t for t in titles if any(s.startswith(t) for s in seen)}
        if again == titles:
            # the same values named again ("Våre verdiar er …" twice), perhaps cut short
            continue
        if len(again) * 2 >= len(titles):
            # mostly named already (an overview list over a section per value, one section
            # missing): only the entries not yet named are new
            g.drafts = [d for d in g.drafts if name_of(d, text) not in again]
            g.reasons.append(f"{len(again)} entries named above already: left out")
            titles -= again
        if g.kind == "inline" and any(c.kind != "inline" and c.drafts[0].role == "values"
                                      for c in chosen):
            continue  # values named in passing beside the page's own list of values
        if g.named_by is not None:
            complete(g, g.named_by, text)
            titles = names_of(g, text)
        seen |= titles
        g.selected = True
        chosen.append(g)
    _drop_dated_goals(chosen, rules)
    drafts = [d for g in sorted(chosen, key=lambda g: g.first) for d in g.drafts]
    return drafts, groups


def _split_named_headings(groups: list[Group], blocks: list[Block],
                          rules: SegmenterRules) -> list[Group]:
    """A section heading that names three or more values, as a sentence elsewhere names them
    values ("Åpen, kompetent, pålitelig og samfunnsengasjert er kommunens verdier." and that line
    as a heading over a paragraph, beside "Etikk i hverdagen"), is those values, one principle
    each, in its run of sections; the values named on it are no group of their own."""
    def said_values(h: Block) -> bool:
        return any(b is not h and h.clean.lower() in b.text.lower()
                   and rules.values_heading.fullmatch(b.text) for b in blocks)

    kept = []
    for g in groups:
        h = blocks[g.first]
        at = None
        if g.kind == "inline" and len(g.drafts) >= 3 and h.kind == "heading" and said_values(h):
            at = next(((s, k) for s in groups
                       if s.kind == "sections" and s.first <= g.first <= s.last
                       for k, d in enumerate(s.drafts) if (d.title_span or d.span)[0] == h.span[0]),
                      None)
        if at is None:
            kept.append(g)
            continue
        run, k = at
        run.drafts[k : k + 1] = g.drafts
    return kept


def _drop_dated_goals(chosen: list[Group], rules: SegmenterRules) -> None:
    """Beside groups without one, a group whose heading or lead-in names a date to reach
    ("Frem mod 2025 arbejder vi mod følgende pejlemærker:") holds goals, not lasting
    principles: it is left out. Alone, it is what the page has (focus areas up to 2030)."""
    if rules.horizon is None:
        return
    dated = [g for g in chosen if any(rules.horizon.search(p) for p in g.near)]
    if dated and len(dated) < len(chosen):
        for g in dated:
            g.selected = False
            g.reasons.append("a date to reach (“frem mod 2025”) beside principles without "
                             "one: goals, left out")
            chosen.remove(g)


def _drop_introduction(group: Group, blocks: list[Block],
                       announced: list[Announcement]) -> None:
    """A first section whose text announces the others ("De fire overordnede værdier er …"
    under a photo caption, above "Ambition", "Samarbejde", "Innovation", "Medmenneskelighed")
    introduces them: it is not one of them."""
    if group.kind != "sections" or len(group.drafts) < 3:
        return
    first = group.drafts[0]
    if not any(a.count == len(group.drafts) - 1 and first.span[0] <= a.span[0] < first.span[1]
               for a in announced):
        return
    nxt = group.drafts[1]
    start = (nxt.title_span or nxt.span)[0]
    group.first = next(k for k in range(group.first, group.last + 1)
                       if blocks[k].span[0] >= start)
    group.drafts = group.drafts[1:]


def _announcement_owners(groups: list[Group], blocks: list[Block],
                         announced: list[Announcement]) -> list[Group | None]:
    """For each announcement, the group it is said of: the first group of that size after it
    ("fire grundværdier:" over four bullets, not the four "Det betyder for os" bullets further
    down), or the nearest before it when none follows; None when no group has that size (it
    then counts for every group). Whom a list is about (``roles.role_of``) still reads every
    announcement."""
    owners: list[Group | None] = []
    for a in announced:
        sized = [g for g in groups if len(g.drafts) == a.count]
        after = [g for g in sized if blocks[g.last].span[1] > a.span[0]]
        owners.append(min(after, key=lambda g: blocks[g.first].span[0]) if after else (
            max(sized, key=lambda g: blocks[g.first].span[0]) if sized else None))
    return owners


def evaluate(reading: Reading, text: str, blocks: list[Block], announced: list[Announcement],
             groups: list[Group] | None = None) -> None:
    """The reading's evidence: count, announced count, how much content it covers, form.

    ``groups`` are the structure reading's candidate groups: the structure reading's evidence,
    and what decides whether numbered lines get the numbered reading's head start."""
    n, groups = reading.count, groups or []
    score, why = PRIOR.get(reading.name, 0.0), []
    if reading.name == "numbered" and not any(d.items for d in reading.drafts) and any(
            g.selected for g in groups):
        # One-line numbered entries with nothing under them are a list, which the structure
        # reading reads too, with the lists around it: numbering is no head start then.
        score = 0.0
    if reading.name == "numbered" and aims.numbers_aims(reading, blocks, groups):
        score = -3.0  # "Målsettingene … er:" over "1. Klima og miljø …": the goals' numbers
        why.append("its entries stand under a heading that holds no principles −3")
    elif score:
        why.append(f"kind {score:+.1f}")
    if n == 0:
        reading.score, reading.reasons = NOTHING, ["no principles"]
        return
    chapter = reading.name == "structure" and any(g.selected and g.chapter for g in groups)
    if 3 <= n <= 15:
        score += 1
        why.append(f"{n} principles is plausible +1")
    elif chapter:
        why.append("one value of a collection on a page of its own: its count is no weakness")
    elif n < 3:
        score -= 0.5 * (3 - n)
        why.append(f"only {n} −{0.5 * (3 - n):.1f}")
    else:
        many = min(2.0, (n - 15) / 5)
        score -= many
        why.append(f"{n} principles is many −{many:.1f}")
    selected = [g for g in groups if g.selected] if reading.name == "structure" else []
    if selected:
        bonus = 0.5 * min(2.0, sum(g.score for g in selected) / len(selected))
        score += bonus
        why.append(f"evidence of its groups +{bonus:.1f}")
    sizes = {len(g.drafts) for g in selected}
    # A count in the lead-in of a group the structure reading takes ("… fire kompetanseområder
    # som ledere trenger:") is said of that group: another reading meets it only by chance.
    owned = [a for a in announced if any(_introduces(a, g, blocks) for g in groups if g.selected)]
    mine = announced if reading.name == "structure" else [a for a in announced if a not in owned]
    if any(a.count == n or a.count in sizes for a in mine):
        score += 2
        why.append("matches an announced count +2")
    elif cut := [g for g in selected for a in owned
                 if len(g.drafts) < a.count and _cut_after(g, blocks)]:
        # "fire kompetanseområder:" over two sections, and the excerpt stops in the second
        score += 1.5
        why.append(f"the excerpt stops after {len(cut[0].drafts)} of the announced +1.5")
    elif any(g.named for g in selected):
        score += 2
        why.append("its entries are named in a sentence +2")
    content = [b for b in blocks if b.kind in ("para", "bullet", "lead")]
    total = sum(b.span[1] - b.span[0] for b in content) or 1
    covered = bytearray(len(text))
    for a, b in _covered(reading.drafts):
        covered[a:b] = b"\x01" * (b - a)
    cov = sum(covered[b.span[0] : b.span[1]].count(1) for b in content) / total
    score += 1.5 * cov
    why.append(f"covers {cov:.0%} of the content +{1.5 * cov:.1f}")
    reading.score, reading.reasons = score, why


def _overlap(g: Group, c: Group) -> bool:
    """``g`` reads lines ``c`` reads; two lists named in one paragraph ("fire perspektiver: …
    Perspektiverne er baseret på værdierne …") do not overlap."""
    if g.kind == c.kind == "inline" and g.first == c.first and g.last == c.last:
        a, b = g.drafts, c.drafts
        return a[0].span[0] < b[-1].span[1] and b[0].span[0] < a[-1].span[1]
    return g.first <= c.last and c.first <= g.last


def _introduces(a: Announcement, group: Group, blocks: list[Block]) -> bool:
    """``a`` is said in the lead-in right before ``group``."""
    before = blocks[group.first - 1] if group.first else None
    return before is not None and before.kind in ("lead", "para") and (
        before.span[0] <= a.span[0] < before.span[1]) and before.text.rstrip().endswith(":")


def _cut_after(group: Group, blocks: list[Block]) -> bool:
    """The page ends inside ``group``'s last entry: nothing follows it, and its last block
    stops without a full stop (an excerpt cut short)."""
    last = blocks[group.last]
    return group.last == len(blocks) - 1 and not last.text.rstrip().endswith((".", "!", "?", "»"))


def _covered(drafts: list[Draft]) -> list[tuple[int, int]]:
    spans = []
    for d in drafts:
        spans.append(d.span)
        spans.extend(d.items or [])
    return sorted(spans)
