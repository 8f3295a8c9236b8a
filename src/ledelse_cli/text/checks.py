"""Readings a person should check: the kinds of reading that are most often wrong on real pages.

A segmentation is flagged (a warning beginning "check the reading") when

- no list or heading sets out the principles, so they were taken from the page's sentences or
  paragraphs that state how to lead (the ``prose`` and ``paragraphs`` readings): which
  sentences a reader counts as principles, and at what grain, varies most here;
- the principles come from two or more separate lists or runs of headings (values named in a
  sentence and a list of leader expectations, say): a reader may count only one of them.
  Expectations of employees are labelled apart and do not count as a second list.

Measured on development data only (``make eval`` prints the figures for every set, the realworld
test half included): on the alignment set and the realworld development half (116 real pages)
these two signals and the announced-count warning flag 39 pages, among them 11 of the 14 whose
principle count is off by more than one; 74 of the 77 pages not flagged are within one.
A hand correction (``ledelse segment ID --save``) replaces the reading and its warnings.
"""

from __future__ import annotations

from collections.abc import Sequence

from .readings import Group

#: The readings that take principles from running text rather than from a list or headings.
_FROM_TEXT = {"prose": "sentences", "paragraphs": "paragraphs"}


def _described(group: Group) -> str:
    """“5 headings under “Værdier””, “6 bullets after “Som leder:””: what a reader finds."""
    kind = {"sections": "headings", "list": "bullets", "pairs": "headings",
            "inline": "values named in a sentence"}[group.kind]
    where = group.lead or (group.path[-1] if group.path else "")
    where = where if len(where) <= 40 else where[:39] + "…"
    return f"{len(group.drafts)} {kind}" + (f" under “{where}”" if where else "")


def reading_checks(chosen: str, groups: Sequence[Group], found: int, document: str
                   ) -> list[str]:
    """Why the chosen reading of ``document`` should be checked by a person (empty when nothing
    calls for it); ``found`` is the number of principles."""
    if not found:
        return []  # "no principles found" says it already
    if chosen in _FROM_TEXT:
        return [f"check the reading: no list or heading sets out principles, so the "
                f"{found} {_FROM_TEXT[chosen]} that state how to lead were taken "
                f"(`ledelse segment {document} --explain`)"]
    lists = sorted((g for g in groups if g.selected and g.drafts
                    and any(d.role != "employees" for d in g.drafts)),
                   key=lambda g: g.drafts[0].span)
    if chosen == "structure" and len(lists) >= 2:
        return [f"check the reading: its principles come from {len(lists)} separate lists ("
                + "; ".join(_described(g) for g in lists)
                + "): a reader may count only some of them"]
    return []
