"""Whom a group of principles is about: leaders, everyone's values, or what is expected of
employees; and whether its entries speak about the document itself."""

from __future__ import annotations

import re

from .blocks import Announcement, Block, heading_path
from .readings import Group
from .segmenter_rules import SegmenterRules


def intro_naming_values(group: Group, rules: SegmenterRules, blocks: list[Block]) -> list[str]:
    """The paragraph right before the group's first block when it names the values ("Her kan
    du se afdelingens værdigrundlag"), as a one-element list; else an empty list."""
    i = group.first - 1
    said = blocks[i].clean.replace("\n", " ") if i >= 0 and blocks[i].kind == "para" else ""
    return [said] if said and rules.values_heading.fullmatch(said) else []


def role_of(group: Group, rules: SegmenterRules, announced: list[Announcement],
           blocks: list[Block]) -> str:
    """Whom a list is about, from the nearest words that say so: the lead-in, else the nearest
    heading (and an empty heading right above it: "Værdier" over the slogan "Rummet er for
    alle"); values when nothing nearer names leaders or employees and a heading above, or
    the count the text announces for exactly this many entries ("tre verdier"), says values.
    Entries titled by what a value means ("Med fellesskap meiner vi", "Ved tillid forstår vi")
    are values. Entries titled by the usual topics of a code of conduct (impartiality,
    confidentiality, whistle-blowing, gifts: three or more, and half the entries) are rules for
    every employee. Values named inline are values unless the words near them name leaders or
    employees."""
    titles = [d.title or "" for d in group.drafts]
    meanings = [rules.value_meaning.fullmatch(t) for t in titles] if rules.value_meaning else []
    if meanings and len(titles) >= 2 and all(meanings):
        for d, m in zip(group.drafts, meanings, strict=True):
            d.name = m.groupdict().get("value") if m else None
        return "values"  # "Med fellesskap meiner vi:", one section per value
    if rules.conduct_topics is not None:
        topics = [d for d in group.drafts if d.title and rules.conduct_topics.search(d.title)]
        if len(topics) >= 3 and 2 * len(topics) >= len(group.drafts):
            return "employees"
    said = [a.phrase for a in announced if a.count == len(group.drafts)]
    path = group.path[::-1]
    near = heading_path(blocks, group.first)[-1:]
    k = next((k for k, b in enumerate(blocks) if near and b is near[0]), 0)
    if k and blocks[k - 1].kind == "heading" and blocks[k - 1].style == blocks[k].style:
        path.insert(1, blocks[k - 1].clean)
    # "Herunder kan du se … værdigrundlag" right above the sections speaks before the heading
    intro = [] if group.lead else intro_naming_values(group, rules, blocks)
    for text in [*([group.lead] if group.lead else []), *said, *intro, *path]:
        leaders = rules.leader_heading.fullmatch(text)
        employees = rules.employee_heading.fullmatch(text)
        if rules.values_heading.fullmatch(text) and (employees or not leaders):
            return "values"  # values of everyone, leaders and employees alike
        if leaders:
            return "leadership"
        if employees:
            return "employees"
    # Words named inline are named as values (by a values noun, under a values heading, or by
    # what the work shall be marked by: "skal være preget av åpenhet, respekt …").
    return "values" if group.kind == "inline" else "leadership"


def about(entry: str, group: Group, rules: SegmenterRules) -> bool:
    """An entry about the values or the document: it opens with the collection's name
    ("Verdiane våre er …", "Strategien vil …"), or with a pronoun for it ("Han fortel …") under a
    heading that names the document ("Forsiden av strategien")."""
    if rules.about_the_collection.match(entry):
        return True
    return bool(rules.document_pronoun and rules.document_pronoun.match(entry)
                and any(rules.about_the_collection.search(h) for h in group.near))


def document_lead(group: Group, rules: SegmenterRules, texts: list[str] | None = None) -> bool:
    """A lead-in whose subject is the document, by its title or its kind, with a modal
    ("Plattform for ledelse og medarbeiderskap skal være:", "Strategien skal:"), or a heading
    naming a policy over ``texts`` that mostly open with a verb and no subject ("Vår
    arbeidsgiverpolitikk" / "Fremmer arbeidsglede …"): the list says what the document is for."""
    near = (group.near or [""])[-1].rstrip(" :")
    if texts and rules.policy_heading and rules.policy_heading.fullmatch(near):
        if sum(1 for t in texts if rules.opens_with_verb(t)) >= 0.6 * len(texts):
            return True
    lead = (group.lead or "").strip(" «»\"")
    title = group.path[0].strip(" «»\"") if group.path else ""
    subject = len(title.split()) >= 2 and lead.lower().startswith(title.lower())
    rest = lead[len(title):] if subject else ""
    if not subject and (m := rules.about_the_collection.match(lead)):
        subject, rest = True, lead[m.end():]
    return subject and re.match(r"\s+(skal|vil|kan|bør|må)\b", rest, re.IGNORECASE) is not None
