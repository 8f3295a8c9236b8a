"""Readable metavars in help: `--corpus DIR`, `REFS...`, `--compare A B` instead of typer's
`<path>`, `<list[str]>`, `<str,str>...` (choices keep their `<table|json>` list)."""

from __future__ import annotations

from typing import Any

#: By option or argument name; anything else shows its name in capitals.
METAVARS = {
    "corpus": "DIR", "mappings": "DIR", "output": "FILE", "manifest": "FILE", "gold": "FILE",
    "paths": "PATH", "files": "FILE", "refs": "REF", "ref": "REF", "a": "A",
    "b": "B", "old": "OLD", "new": "NEW", "against": "REF", "org": "ORG", "doc_id": "ID",
    "kind": "KIND", "title": "TEXT", "year": "YEAR", "source": "TEXT", "encoding": "NAME",
    "max_bytes": "BYTES", "max_chars": "N", "max_principles": "N", "timeout": "SECONDS",
    "workers": "N", "top": "N", "width_in": "INCHES", "dpi": "DPI", "pair": "A B",
    "more": "A:B", "threshold": "SCORE", "style": "text|bibtex|both", "candidates": "K",
    "lang": "da|nb|nn", "text": "TEXT",
}


def readable_metavars(group: Any) -> None:
    """Give every option and argument of ``group``'s commands a readable metavar (in place)."""
    for command in getattr(group, "commands", {}).values():
        for param in command.params:
            if param.metavar is not None or getattr(param, "is_flag", False):
                continue
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and descriptor.is_choice:
                continue
            name = param.name or ""
            param.metavar = METAVARS.get(name, name.upper())
            if getattr(param, "param_type_name", "") == "argument":
                # The name column already says it (REF, PATH...): no `<list[Path]>` after it.
                param.display_type_rich = lambda ctx: None
