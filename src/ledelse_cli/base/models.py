"""Plain, frozen data objects shared by every pipeline step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class Item:
    """A sub-point of a principle (a bullet under a numbered heading)."""

    id: str
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "span": list(self.span)}


@dataclass(frozen=True)
class Principle:
    """One principle of a document: a numbered point, a bullet, or a normative sentence."""

    id: str
    number: str | None
    title: str
    text: str
    span: Span
    lang: str = "unknown"
    section: str | None = None
    items: tuple[Item, ...] = ()
    #: Where the title stands when it is a heading outside the principle's text (a value word
    #: over its paragraph); None when the title is taken from the text itself.
    title_span: Span | None = None
    #: leadership | values | employees (expectations of employees: kept, not aligned).
    role: str = "leadership"

    @property
    def document_id(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def full_text(self) -> str:
        """The principle's own text followed by its items: the evidence used for matching."""
        head = [self.title] if self.title_span is not None else []
        return "\n".join([*head, self.text, *(i.text for i in self.items)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "lang": self.lang,
            "section": self.section,
            "span": list(self.span),
            "items": [i.to_dict() for i in self.items],
            "role": self.role,
            "title_span": list(self.title_span) if self.title_span else None,
        }


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata stored in a corpus entry's meta.yaml."""

    id: str
    title: str
    org: str
    lang: str = "unknown"
    kind: str = "policy"
    country: str | None = None
    year: int | None = None
    source: str | None = None
    original: str | None = None
    sha256: str | None = None
    encoding: str | None = None
    pages: tuple[int, ...] = ()
    #: What segmentation noticed at ingest ("no principles found", "the text announces 5
    #: principles; 3 found"): shown by ingest and `ledelse list`.
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "org": self.org,
            "lang": self.lang,
            "kind": self.kind,
            "country": self.country,
            "year": self.year,
            "source": self.source,
            "original": self.original,
            "sha256": self.sha256,
            "encoding": self.encoding,
            **({"warnings": list(self.warnings)} if self.warnings else {}),
        }

    def summary(self) -> dict[str, Any]:
        """The short form used in JSON outputs (contract: id, title, lang, org, kind)."""
        return {
            "id": self.id,
            "title": self.title,
            "lang": self.lang,
            "org": self.org,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Document:
    """A segmented document: metadata, its normalised text and its principles."""

    meta: DocumentMeta
    text: str
    principles: tuple[Principle, ...] = ()
    hand_corrected: bool = False
    page_offsets: tuple[int, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.meta.id

    def page_of(self, offset: int) -> int | None:
        """1-based page number of a character offset, for paginated sources (PDF)."""
        if not self.page_offsets:
            return None
        page = 0
        for i, start in enumerate(self.page_offsets):
            if offset >= start:
                page = i
        return page + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.meta.summary(),
            "principles": [p.to_dict() for p in self.principles],
        }


def fold_ws(text: str) -> str:
    """The normal form of a principle's or an item's text: every run of whitespace one space,
    none at the ends (the segmenter stores it; a hand correction is compared in it)."""
    return " ".join(text.split())
