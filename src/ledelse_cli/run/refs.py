"""REF resolution: a corpus document id, an org id (its documents merged) or a file path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import MissingFileError, UnknownRefError
from ..base.models import Document, Principle
from ..base.yamlio import close_matches
from .documents import ReadCorpus

SEGMENT_HEADER = ("document", "principle", "number", "title", "role", "lang", "section",
                  "start", "end", "items", "text")


@dataclass(frozen=True)
class Source:
    """What a REF names: one or more documents seen as one unit (an org merges its documents)."""

    id: str
    kind: str  # "document" | "org" | "file"
    documents: tuple[Document, ...]

    @property
    def principles(self) -> tuple[Principle, ...]:
        """The principles that are compared: leadership principles and values. Expectations of
        employees (role ``employees``) stay in the document, labelled, and are not aligned."""
        return tuple(p for d in self.documents for p in d.principles if p.role != "employees")

    @property
    def to_check(self) -> bool:
        """A document of it carries what the segmenter said of its reading ("check the reading
        …", an announced count not met, no principle found): its numbers rest on a reading
        nobody has confirmed."""
        return any(d.meta.warnings for d in self.documents)

    @property
    def lang(self) -> str:
        langs = {d.meta.lang for d in self.documents}
        return langs.pop() if len(langs) == 1 else "mixed"

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per principle of every document (employees' expectations included):
        ``start``/``end`` its span in the document's ``text.txt``, ``items`` how many it has."""
        return [
            dict(zip(SEGMENT_HEADER, (d.id, p.id, p.number, p.title, p.role, p.lang, p.section,
                                      p.span[0], p.span[1], len(p.items), p.text), strict=True))
            for d in self.documents for p in d.principles
        ]

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame (pandas is optional: ``ledelse[pandas]``)."""
        from ..base.tabular import to_pandas

        return to_pandas(self.to_records(), SEGMENT_HEADER)


def resolve(ref: str, corpus: ReadCorpus) -> Source:
    """Resolve a REF; unknown ones raise UnknownRefError listing close matches."""
    if corpus.has(ref):
        return Source(ref, "document", (corpus.load(ref),))
    orgs = corpus.orgs() if corpus.exists() else {}
    if ref in orgs:
        return Source(ref, "org", tuple(corpus.load(i) for i in orgs[ref]))
    path = Path(ref)
    if path.is_file():
        from .ingest import IngestOptions, prepare

        document, _ = prepare(path, IngestOptions(), corpus.mappings)
        return Source(document.id, "file", (document,))
    corpus.require()  # an id with no corpus at all: say where we looked
    known = sorted(set(corpus.ids()) | set(orgs))
    # Ids are lower-case slugs: `Gladsaxe` or `KL11` can only mean one thing.
    same = [k for k in known if k.casefold() == ref.casefold()]
    if len(same) == 1:
        return resolve(same[0], corpus)
    if "/" in ref or "\\" in ref or path.suffix.lower() in _FILE_SUFFIXES:
        raise MissingFileError(ref)  # a path by its looks: say so, with the same exit code
    raise UnknownRefError(ref, "document, org or file", close_matches(ref, known))


_FILE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}
