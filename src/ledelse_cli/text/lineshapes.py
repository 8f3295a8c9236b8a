"""What a single line looks like beside its neighbours: a label ("Hvorfor?"), a line given in
another language ("EN: …"), a line an entry was hard-wrapped after ("… læring i" / "jobben.")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .blocks import Line
    from .segmenter_rules import SegmenterRules


def label_line(ln: Line) -> bool:
    """A capitalised word or two ending in "?" or ":" on its own line ("Hvorfor?"): a label."""
    s = ln.stripped
    return len(s.split()) <= 2 and s[:1].isupper() and s.endswith(("?", ":")) and len(s) > 2


def translation(ln: Line, rules: SegmenterRules) -> bool:
    """A line that gives the line above in another language (``translation_line``)."""
    pattern = rules.translation_line
    return pattern is not None and bool(pattern.fullmatch(ln.stripped))


def hard_wrap(lines: list[Line], k: int) -> bool:
    """Line ``k`` of an entry breaks off ("… legger til rette for læring i") and the next line
    goes on in lower case and closes the sentence ("jobben. Vi gir …"): a wrapped line."""
    nxt = lines[k + 1].stripped if k + 1 < len(lines) else ""
    return not lines[k].stripped.endswith((":", "…", "...")) and nxt[:1].islower() and (
        re.search(r"[.!?](\s|$)", nxt) is not None)


__all__ = ["hard_wrap", "label_line", "translation"]
