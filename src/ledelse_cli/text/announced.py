"""Counts a text announces for its principles ("indeholder 4 principper", "fem værdier", "11
kodekspunkter"): ``announced`` in mappings/segmenter.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.models import fold_ws
from .segmenter_rules import SegmenterRules

_NUMBER_WORDS = {
    "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "sju": 7, "otte": 8,
    "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
}


@dataclass(frozen=True)
class Announcement:
    count: int
    phrase: str
    span: tuple[int, int]


def announcements(text: str, rules: SegmenterRules) -> list[Announcement]:
    """Counts the text announces ("indeholder 4 principper", "fem værdier", "7 pejlemærker")."""
    out = []
    for m in rules.announced.finditer(text):
        word = m.group("n").lower()
        line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        if word.isdigit() and line_start and text[m.end("n") + 1 : m.end("n") + 2].isupper():
            continue  # a numbered section heading ("2 Lederprinsippene"), not a count
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if n is not None and 2 <= n <= 30:
            out.append(Announcement(n, fold_ws(m.group(0)), m.span()))
    return out


__all__ = ["Announcement", "announcements"]
