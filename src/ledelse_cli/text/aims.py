"""Where no principles are: groups under a heading or lead-in that holds none (purpose, goals,
vision, mission, contact …), inside sections under one, or labelled with them ("Vision: …"),
and numbered lines that mostly lie in such groups. ``evidence`` marks such groups down."""

from __future__ import annotations

from .blocks import Block
from .readings import Group, Reading
from .roles import intro_naming_values
from .segmenter_rules import SegmenterRules


def above(group: Group, rules: SegmenterRules) -> list[str]:
    """The headings and lead-in that speak for ``group``: those below the page's outermost
    heading, and that one too when it is the group's own, unless it is only the site's name
    ("Lyngmose Kommune" over the whole page)."""
    near = group.near
    if len(group.path) == 1 and rules.site_name and rules.site_name.fullmatch(group.path[0]):
        near = near[1:]
    return [*group.path[1:], *near]


def held_by_none(group: Group, rules: SegmenterRules, blocks: list[Block]) -> bool:
    """The nearest heading or lead-in that says what the group is decides: one that holds no
    principles, or a short one naming values, leaders or employees ("Om oss" / "Våre verdier:"
    holds values; "Godt medarbeiderskap innebærer å:" what employees do), or a lead-in ending
    on the values it announces ("Visionen bygger på følgende værdier:"; not "Værdigrundlaget er
    skrevet for at:", which says what the document is for).
    A page title that holds none ("Vision og mål", where the site filed the page) yields to the
    paragraph right under it when that names the values ("Herunder kan du se … værdigrundlag")."""
    for p in reversed(above(group, rules)):
        if rules.full(rules.non_principle, p.rstrip(":")):
            return not (group.path and p == group.path[0] == group.path[-1]
                        and intro_naming_values(group, rules, blocks))
        if len(p.split()) <= 4 and (rules.values_heading.fullmatch(p)
                                    or rules.leader_heading.fullmatch(p)
                                    or rules.employee_heading.fullmatch(p)):
            return False
        if rules.full(rules.collective, p) and rules.values_heading.fullmatch(
                (p.rstrip(" :").split() or [""])[-1]):
            return False
    return False


def inside_none(groups: list[Group]) -> None:
    """A group inside sections under a heading that holds no principles holds none either,
    even where the page lost the nesting ("Styrkeposition" over "Sammen med andre" and its
    bullets, all headings of one size). ``weigh`` has marked the groups under one (``aims``)."""
    outer = [g for g in groups if g.kind == "sections" and g.aims]
    for inner in groups:
        if inner.aims:
            continue  # marked down in ``weigh`` already
        if any(g is not inner and g.first <= inner.first and inner.last <= g.last for g in outer):
            inner.aims = True
            inner.score -= 3
            inner.reasons.append("inside sections under a heading that holds no principles −3")


def labelled_aims(group: Group, rules: SegmenterRules) -> bool:
    """Half or more of a list's entries are labelled with what holds no principles ("Vision:
    …", "Mission: …", "Strategier: …"): a plan written out, not principles."""
    labels = [d.title for d in group.drafts if d.title]
    aims = sum(1 for t in labels if rules.full(rules.non_principle, t))
    return len(labels) >= 3 and aims >= len(group.drafts) / 2


def numbers_aims(reading: Reading, blocks: list[Block], groups: list[Group]) -> bool:
    """Half or more of the numbered entries lie in groups that stand where no principles are."""
    ranges = [(blocks[g.first].span[0], blocks[g.last].span[1]) for g in groups if g.aims]
    inside = sum(1 for d in reading.drafts if any(a <= d.span[0] < b for a, b in ranges))
    return bool(reading.drafts) and 2 * inside >= len(reading.drafts)


__all__ = ["above", "held_by_none", "inside_none", "labelled_aims", "numbers_aims"]
