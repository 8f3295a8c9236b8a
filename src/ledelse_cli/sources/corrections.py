"""Hand-corrected segmentations: the file a researcher edits next to a corpus document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..base.corpusfs import read_regular, write_file
from ..base.errors import InputError, ValidationError
from ..base.models import DocumentMeta, Item, Principle, fold_ws
from ..base.schema import Int, ListOf, Optional, Record, Str, load_validated
from ..base.vocab import DOCUMENT_LANGS

LANGS = DOCUMENT_LANGS

ROLES = ("leadership", "values", "employees")
_SPAN = ListOf(Int(min=0), min_items=2)
SEGMENTATION_SCHEMA = Record(
    required={
        "principles": ListOf(
            Record(
                required={"text": Str()},
                optional={
                    "id": Str(),
                    "number": Optional(Str()),
                    "title": Optional(Str()),
                    "section": Optional(Str()),
                    "lang": Optional(Str(choices=LANGS)),
                    "role": Optional(Str(choices=ROLES)),
                    "span": Optional(_SPAN),
                    "items": ListOf(
                        Record(
                            required={"text": Str()},
                            optional={"id": Str(), "span": Optional(_SPAN)},
                        )
                    ),
                },
            ),
        )
    },
    optional={"document": Str(), "note": Str()},
)


def principle_yaml(p: Principle) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": p.number,
        "title": p.title,
        "section": p.section,
        "text": p.text,
        "span": list(p.span),
        "role": p.role if p.role != "leadership" else None,
    }
    if p.items:
        out["items"] = [{"text": i.text, "span": list(i.span)} for i in p.items]
    return {k: v for k, v in out.items() if v is not None}


# --------------------------------------------------------------------------- hand corrections


def find_span(text: str, wanted: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``wanted`` stands in ``text`` at or after ``start``, ignoring whitespace runs."""
    words = wanted.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, start) or re.compile(pattern).search(text)
    return (m.start(), m.end()) if m else None


def load_segmentation(path: Path, doc_id: str, text: str, lang: str) -> tuple[Principle, ...]:
    """Read a hand-corrected segmentation; spans that no longer fit are re-found by text."""
    data = load_validated(path, SEGMENTATION_SCHEMA)
    problems: list[str] = []
    principles: list[Principle] = []
    cursor = 0

    def resolve(entry: Any, where: str) -> tuple[int, int]:
        nonlocal cursor
        span = entry.get("span")
        wanted = fold_ws(entry["text"])
        if span and 0 <= span[0] <= span[1] <= len(text):
            if fold_ws(text[span[0] : span[1]]) == wanted:
                return span[0], span[1]
        found = find_span(text, wanted, cursor)
        if found is None:
            problems.append(
                f"{path}:{entry.line_of('text')}: {where} -> text: "
                "not found in the document's text.txt"
            )
            return 0, 0
        return found

    for n, entry in enumerate(data["principles"], start=1):
        span = resolve(entry, f"principles -> [{n - 1}]")
        cursor = span[0]
        items = []
        for k, item in enumerate(entry.get("items") or [], start=1):
            ispan = resolve(item, f"principles -> [{n - 1}] -> items -> [{k - 1}]")
            items.append(Item(f"{doc_id}/{n}.{k}", fold_ws(item["text"]), ispan))
        ptext = fold_ws(entry["text"])
        principles.append(
            Principle(
                id=f"{doc_id}/{n}",
                number=entry.get("number"),
                title=entry.get("title") or ptext[:90],
                text=ptext,
                span=span,
                lang=entry.get("lang") or lang,
                section=entry.get("section"),
                items=tuple(items),
                role=entry.get("role") or "leadership",
            )
        )
    if problems:
        raise ValidationError(problems, str(path))
    return tuple(principles)


def carry_segmentation(
    old: Path, new: Path, meta: DocumentMeta, text: str, notes: list[str] | None
) -> None:
    """Keep a hand correction across ``ingest --replace`` when all its texts are still in the
    new text; else keep it beside the document as segmentation.yaml.bak, with a warning."""
    seg = old / "segmentation.yaml"
    if not seg.exists():
        return
    try:
        data = read_regular(seg)
    except InputError:
        data = None
    if data is not None:
        try:
            load_segmentation(seg, meta.id, text, meta.lang)
        except (ValidationError, InputError):
            pass
        else:
            write_file(new / "segmentation.yaml", data)
            return
        write_file(new / "segmentation.yaml.bak", data)
    if notes is not None:
        notes.append(
            "the hand-corrected segmentation.yaml does not fit the new text; it was moved to "
            "segmentation.yaml.bak and the automatic segmentation is used"
        )
