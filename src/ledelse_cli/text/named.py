"""Entries a text names elsewhere: values named in a sentence or a list of names that other
groups take up as headings or sections (see ``evidence.structure``)."""

from __future__ import annotations

import re

from .blocks import Block, Draft
from .readings import Group
from .segmenter_rules import SegmenterRules


def complete(group: Group, naming: Group, text: str) -> None:
    """The value headings of ``group`` and, each as its word there, the values that ``naming``
    (a sentence) names and no heading takes up."""
    own = {name_of(d, text): d for d in group.drafts}
    group.drafts = [own.get(name_of(d, text), d) for d in naming.drafts]
    for d in group.drafts:
        d.role = "values"
    group.reasons.append(f"{len(group.drafts) - len(own)} more values named in a sentence: "
                         "each is its word")


def explains_named(group: Group, chosen: list[Group], blocks: list[Block],
                    rules: SegmenterRules) -> bool:
    """A list under "Det betyr at vi skal:" right below a sentence naming the values explains
    those values together: it is their text, not principles of its own. A longer list than the
    values named ("MOD - NÆRVÆR - SAMMENHÆNG" / "Konkret betyder det, at vi:" / seven "… vi"
    bullets) says how we lead by them: principles of its own."""
    k = group.first - 2
    return (group.kind == "list" and k >= 0 and blocks[k + 1].kind == "lead"
            and rules.meaning_line is not None
            and rules.meaning_line.fullmatch(blocks[k + 1].clean) is not None
            and any(c.kind == "inline" and c.first == c.last == k
                    and len(group.drafts) <= len(c.drafts) for c in chosen))


def entry_named(group: Group, chosen: list[Group], text: str) -> Draft | None:
    """The chosen entry whose name is a heading above ``group``, or opens its lead-in up to a
    comma or colon ("Et menneskesyn med respekt for hver enkelt, der vi;"), if any."""
    path = {p.strip().lower() for p in group.path}
    lead = re.split(r"\s*[,:;–—]\s*", group.lead.strip().lower(), maxsplit=1)[0] if (
        group.lead) else None
    return next((d for g in chosen for d in g.drafts
                 if name_of(d, text) in path or name_of(d, text) == lead), None)


def name_of(draft: Draft, text: str) -> str:
    """What an entry is called: its name, else its title, else its text, in lower case."""
    return (draft.name or draft.title or text[draft.span[0] : draft.span[1]]).strip().lower()


def names_of(group: Group, text: str) -> set[str]:
    """What a group's entries are called (``_name``)."""
    return {name_of(d, text) for d in group.drafts}


def named_elsewhere(groups: list[Group], text: str) -> None:
    """A group whose entries are the values a sentence names (the headings "Ærlighet" and
    "Nærhet" under "Våre verdier er ærlighet og nærhet") is confirmed by that sentence; one
    whose entries are only some of them is completed by the sentence (``complete``), or gives
    way to a list that names them all; sections saying what each value of a list means are its
    entries' items (``meanings_of_list``)."""
    inline = [(g, names_of(g, text)) for g in groups if g.kind == "inline"]
    # A list of bare names ("- Lek", "- Trygghet", "- Medvirkning") names values as a sentence
    # does, for headings that take up some of them (not for the same entries: that may be a
    # table of contents).
    names = inline + [(g, names_of(g, text)) for g in groups if g.kind == "list"
                      and all(len(n.split()) <= 4 for n in names_of(g, text))]
    for g in groups:
        if g.kind == "inline" or len(g.drafts) < 2:
            continue
        own = names_of(g, text)
        if any(own == named for _, named in inline):
            g.named = True
            g.score += 2
            g.reasons.append("the same entries are named in a sentence +2")
            for d in g.drafts:
                d.role = "values"
        elif wider := [i for i, named in names if own < named]:
            # Headings that elaborate some of the values a sentence names ("fire grundværdier:
            # Dygtighed, undren, initiativ og sammenhold" above "Dygtighed" and "Sammenhold"):
            # the sentence holds the whole list, the headings the text of the values they name.
            if sentence := next((i for i in wider if i.kind == "inline"), None):
                g.named_by = sentence
                continue
            # A list of the names holds the whole list; the sections' bullets become the
            # items of its entries (``entry_named``).
            g.score -= 2
            g.reasons.append("elaborates some of the values a list names −2")
            for i in wider:
                i.score += 1
                i.reasons.append("names every value the headings below take up +1")
    meanings_of_list(groups, text)


def meanings_of_list(groups: list[Group], text: str) -> None:
    """A list naming the values ("• Troværdighed – man skal kunne have tillid til os") above
    one section per value saying what it means ("Ved troværdighed forstår vi:" and bullets) holds
    the values; each section's bullets are its value's items, and neither the sections nor the
    lists inside them are a group of their own."""
    for s in [g for g in groups if g.kind == "sections" and all(d.name for d in g.drafts)]:
        names = names_of(s, text)
        overview = next((g for g in groups if g.kind == "list" and g.last < s.first
                         and names_of(g, text) == names), None)
        if overview is None:
            continue
        entries = {name_of(d, text): d for d in overview.drafts}
        for d in s.drafts:
            entry = entries[name_of(d, text)]
            entry.items = [*(entry.items or []), *(d.items or [])]
        overview.reasons.append("each value's meaning in a section below: its items")
        groups[:] = [g for g in groups if not s.first <= g.first <= g.last <= s.last]


__all__ = ["complete", "entry_named", "name_of", "named_elsewhere", "names_of"]
