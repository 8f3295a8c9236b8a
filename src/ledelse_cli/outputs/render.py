"""Renderables for the CLI's tables (the library never prints; the CLI prints these).

Tables are laid out here rather than by rich's auto-sizing, which squeezes no-wrap columns to
"…" at 80 columns: identifiers keep their full width, one text column takes the rest and is
wrapped or cut. The output is plain text, identical on a terminal and in a pipe, so golden
tests can pin it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

from ..base.models import Document, DocumentMeta
from ..text.blocks import MARKUP

DEFAULT_WIDTH = 80


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def plain_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int = DEFAULT_WIDTH,
    flex: int = -1,
    wrap: bool = False,
    gap: int = 2,
) -> str:
    """Lay out rows in columns within ``width``; column ``flex`` takes the remaining space.

    Other columns get their natural width (capped at a third of the line each). The flexible
    column is wrapped onto continuation lines when ``wrap`` is true, else cut with "…".
    Cells may hold newlines (each line is laid out separately).
    """
    n = len(headers)
    flex = flex % n
    cap = max(width // 3, 8)
    widths = []
    for c in range(n):
        cells = [headers[c], *(line for r in rows for line in str(r[c]).split("\n"))]
        widths.append(min(max(len(x) for x in cells), cap))
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + gap * (n - 1)
    widths[flex] = max(width - fixed, 10)
    sep = " " * gap

    def line(cells: Sequence[str]) -> str:
        return sep.join(_cut(c, widths[i]).ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    out = [line(headers), line(["─" * w for w in widths])]
    for row in rows:
        cols = [str(c).split("\n") for c in row]
        if wrap:
            flex_lines: list[str] = []
            for part in cols[flex]:
                indent = " " * (len(part) - len(part.lstrip()))
                flex_lines.extend(
                    textwrap.wrap(
                        part, widths[flex], subsequent_indent=indent + "  ", break_long_words=True
                    )
                    or [""]
                )
            cols[flex] = flex_lines
        height = max(len(c) for c in cols)
        for k in range(height):
            out.append(line([c[k] if k < len(c) else "" for c in cols]))
    return "\n".join(out)


def as_renderable(text: str) -> Any:
    """Plain text as a rich renderable (never parsed as markup)."""
    from rich.text import Text

    return Text(text)


#: Below this many columns for the title, ``list`` puts each title under its document's line.
TITLE_MIN = 30


def documents_table(metas: list[DocumentMeta], width: int = DEFAULT_WIDTH) -> Any:
    """One row per corpus document; the title (the one informative column) is wrapped, never
    cut, and goes on its own line under the others when the line is too narrow for it."""
    ids = [m.id + (" ⚠" if m.warnings else "") for m in metas]
    rows = [(i, m.org, m.lang, m.kind, m.title) for i, m in zip(ids, metas, strict=True)]
    fixed = sum(max(len(h), *(len(r[c]) for r in rows)) + 2
                for c, h in enumerate(("id", "org", "lang", "kind"))) if rows else 0
    if width - fixed >= TITLE_MIN:
        table = plain_table(("id", "org", "lang", "kind", "title"), rows, width=width, wrap=True)
    else:
        stacked = [(i, f"{m.org} · {m.lang} · {m.kind}\n{m.title}")
                   for i, m in zip(ids, metas, strict=True)]
        table = plain_table(("id", "org · lang · kind / title"), stacked, width=width,
                            wrap=True)
    notes = "".join(f"⚠ {m.id}: {w}\n" for m in metas for w in m.warnings)
    return as_renderable(table + ("\n" + notes if notes else ""))


def shown(score: float) -> str:
    """A score for display, cut (not rounded) to two decimals: 0.1799 under a partial
    threshold of 0.18 shows as 0.17, so a shown value never contradicts its level."""
    return f"{math.floor(score * 100) / 100:.2f}"


ROLE_LABELS = {"values": "organisational value", "employees": "expectation of employees"}


def display_text(text: str) -> str:
    """Document text for people: no ``**bold**``/``__bold__`` or ``#`` heading marks (the
    stored text and its spans keep them)."""
    return MARKUP.sub("", text)


def document_view(document: Document, *, width: int = DEFAULT_WIDTH) -> Any:
    """A document's metadata header and its principles with their items."""
    m = document.meta
    note = " (hand-corrected segmentation)" if document.hand_corrected else ""
    header = (
        f"{m.id} — {m.title}\norg {m.org} · lang {m.lang} · kind {m.kind} · "
        f"{len(document.principles)} principles{note}\n"
        + "".join(f"⚠ {w}\n" for w in m.warnings)
    )
    rows = []
    for p in document.principles:
        head = [display_text(p.title)] if p.title_span is not None else []
        role = [f"({ROLE_LABELS[p.role]})"] if p.role != "leadership" else []
        body = "\n".join([*head, display_text(p.text), *role,
                          *(f"  • {display_text(i.text)}" for i in p.items)])
        rows.append((p.id, p.lang, body))
    return as_renderable(
        header + "\n" + plain_table(("id", "lang", "principle"), rows, width=width, wrap=True)
    )
