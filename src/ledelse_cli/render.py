"""Rich renderables for the CLI's tables (the library never prints; the CLI prints these)."""

from __future__ import annotations

from typing import Any

from .models import Document, DocumentMeta


def _table(*columns: tuple[str, dict[str, Any]], title: str | None = None) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  title_justify="left")
    for name, opts in columns:
        table.add_column(name, **opts)
    return table


def documents_table(metas: list[DocumentMeta]) -> Any:
    """One row per corpus document."""
    table = _table(
        ("id", {"no_wrap": True}),
        ("org", {"no_wrap": True}),
        ("lang", {"no_wrap": True}),
        ("kind", {"no_wrap": True}),
        ("title", {"no_wrap": True, "overflow": "ellipsis"}),
    )
    for m in metas:
        table.add_row(m.id, m.org, m.lang, m.kind, m.title)
    return table


def document_view(document: Document, *, show_items: bool = True) -> Any:
    """A document's metadata line and its principles with items, as a rich Group."""
    from rich.console import Group
    from rich.text import Text

    m = document.meta
    note = " (hand-corrected segmentation)" if document.hand_corrected else ""
    header = Text(
        f"{m.id} — {m.title}\norg {m.org} · lang {m.lang} · kind {m.kind} · "
        f"{len(document.principles)} principles{note}"
    )
    table = _table(
        ("id", {"no_wrap": True}),
        ("lang", {"no_wrap": True}),
        ("principle", {"overflow": "fold", "ratio": 1}),
    )
    for p in document.principles:
        body = Text(p.text.replace("**", ""))
        if show_items:
            for item in p.items:
                body.append(f"\n  • {item.text.replace('**', '')}")
        table.add_row(p.id, p.lang, body)
    return Group(header, Text(""), table)
