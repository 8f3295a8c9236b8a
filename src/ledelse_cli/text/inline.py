"""Values named inline: in one sentence ("Våre verdier er åpenhet, ansvar og respekt"), or on
one line under a values heading ("Kompetent – open – modig"), found by ``inline_values`` and
``inline_line`` in mappings/segmenter.yaml (see ``readings.inline_groups``)."""

from __future__ import annotations

import re

from .blocks import Block
from .segmenter_rules import SegmenterRules


def namings(b: Block, path: list[str], rules: SegmenterRules
             ) -> list[tuple[list[tuple[int, int]], str | None]]:
    """The lists of values block ``b`` names (entry spans in its text, and the words that lead
    up to each): every list a paragraph names ("fire perspektiver: Retning, …. Perspektiverne
    er baseret på værdierne ordentlighed, …"), or one line of values under a values heading."""
    # Parenthesised explanations and quote marks blanked out, offsets kept: "innsikt (undring,
    # dialog)", "verdiene «tydelig», «til stede» og «løsningsdyktig»".
    masked = _QUOTES.sub(" ", _PARENTHESES.sub(lambda p: " " * len(p.group()), b.text))
    found = [(m, entries) for m in rules.inline_values.finditer(masked)
             if _named(m, entries := _entries(masked, m), masked)]
    if found:
        return [([_with_parenthesis(b.text, x, y) for x, y in entries],
                 re.split(r"(?<=[.!?])\s+", b.text[: m.start("items")].strip())[-1])
                for m, entries in found if len(entries) >= 2]
    spans: list[tuple[int, int]] = []
    lead = None
    if _HASHTAGS.fullmatch(b.text) and path and rules.values_heading.fullmatch(path[-1]):
        # "#leik #omsorg #undring" under a values heading
        spans = [(m.start(1), m.end(1)) for m in re.finditer(r"#([\wæøåÆØÅ-]+)", b.text)]
    elif rules.inline_line.fullmatch(b.text[(start := _after_label(b.text)):].rstrip(" .")) and (
        (path and rules.values_heading.fullmatch(path[-1]))
        or (start and rules.values_heading.fullmatch(b.text[:start]))
    ):
        # "Omsorg, openheit og fagleg dugleik" under a values heading, also after a short
        # label ("Omdrejningspunktet er: GLÆDE - UDVIKLING - UDSYN"); or after a label that
        # names values itself ("Kjerneverdiane er: MOT - OPENHEIT - RESPEKT")
        spans = _enumeration(b.text, start, len(b.text.rstrip(" .")), _LINE_SEPARATORS)
        lead = b.text[:start].strip(" :") or None
    else:
        head, sep, rest = b.text.partition(". ")
        if sep and rules.inline_line.fullmatch(head) and rules.values_named_before.match(rest):
            spans = _enumeration(b.text, 0, len(head), _LINE_SEPARATORS)
    return [(spans, lead)] if len(spans) >= 2 else []


def _entries(masked: str, m: re.Match[str]) -> list[tuple[int, int]]:
    return _enumeration(masked, m.start("items"), m.end("items"),
                        r"\s*,?\s+og\s+|\s*,\s*|\s+[–-]\s+(?:og\s+)?")


def _named(m: re.Match[str], entries: list[tuple[int, int]], masked: str) -> bool:
    """``m`` (its ``entries``) names values: joined to its noun by "er" or a colon, else two or
    more entries of one or two words, the last of three or more entries perhaps three ("…,
    medråderett og ansvar for fellesskapet"; "verdiene samlende og inspirerende, og …" names
    none)."""
    if (m.groupdict().get("conn") or "").strip(" ,."):
        return True
    sizes = [len(masked[x:y].split()) for x, y in entries]
    return m.group("items").count(",") >= 1 and all(n <= 2 for n in sizes[:-1]) and (
        sizes[-1] <= (3 if len(sizes) >= 3 else 2))


_PARENTHESES = re.compile(r"\([^()\n]*\)")
#: Quote marks around values ("verdiene «tydelig», «til stede» og …"): not part of a value.
_QUOTE_MARKS = "«»\"“”„"
_QUOTES = re.compile(f"[{_QUOTE_MARKS}]")
_HASHTAGS = re.compile(r"#[\wæøåÆØÅ-]+(?:\s+#[\wæøåÆØÅ-]+){1,7}")
#: What separates values named on one line ("Kompetent – open – modig", "MOT - OPENHEIT",
#: "Omsorg, openheit og fagleg dugleik", "Nysgjerrig. Modig. Inkluderende."); a hyphen only with
#: spaces around it.
_LINE_SEPARATORS = r"\s*[–·|•/]\s*|\s-\s|,\s*|,?\s+og\s+|\.\s+"


def _with_parenthesis(text: str, x: int, y: int) -> tuple[int, int]:
    """The span of an entry without trailing blanks, with the parenthesis right after it."""
    y = x + len(text[x:y].rstrip(" \t\n\r" + _QUOTE_MARKS))
    after = re.match(r"\s*\([^()\n]*\)", text[y:])
    return (x, y + after.end()) if after else (x, y)


def value_paragraphs(blocks: list[Block], k: int, names: list[str]) -> list[int] | None:
    """The paragraphs after block ``k`` that open with each named value, in the order named
    ("… tre værdier: nærvær, nytænkning og netværk." then "Nærvær betyder, at …"), at most
    one other paragraph before each; None unless every value has one."""
    found: list[int] = []
    j = k + 1
    for name in names:
        opens = re.compile(re.escape(name) + r"\b", re.IGNORECASE)
        skipped = 0
        while j < len(blocks) and blocks[j].kind == "para" and not opens.match(blocks[j].text):
            j, skipped = j + 1, skipped + 1
        if j >= len(blocks) or blocks[j].kind != "para" or skipped > 1:
            return None
        found.append(j)
        j += 1
    return found


def _after_label(text: str) -> int:
    """Where the text after a short label ending in a colon starts ("Våre verdier er: …"),
    else 0."""
    label, colon, _rest = text.partition(": ")
    return len(label) + 2 if colon and len(label.split()) <= 4 else 0


def _enumeration(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in re.finditer(sep, text[start:end]):
        spans.append((pos, start + m.start()))
        pos = start + m.end()
    spans.append((pos, end))
    return [(x, y) for x, y in spans if text[x:y].strip()]


__all__ = ["namings", "value_paragraphs"]
