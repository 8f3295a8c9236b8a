"""The corpus as a run reads it: documents with their effective segmentation, memoised."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..base import settings
from ..base.models import Document, DocumentMeta
from ..sources.corpus import Corpus
from ..text.pipeline import load_document

__all__ = ["ReadCorpus"]


class ReadCorpus(Corpus):
    """A corpus read once per run: metas and documents memoised, segmentations cached on disk.

    Batch commands resolve hundreds of REFs and count rarity over every document; without this
    each resolution re-parses meta.yaml files and re-segments texts (language detection).
    Any write through this object drops the memo.
    """

    def __init__(self, root: str | os.PathLike[str], mappings: Path | None = None):
        super().__init__(root, mappings)
        self._metas: dict[str, DocumentMeta] = {}
        self._documents: dict[str, Document] = {}
        self._ids: list[str] | None = None
        self._fingerprint: str | None = None
        self._has: dict[str, bool] = {}

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = super().ids()
        return list(self._ids)

    def has(self, doc_id: str) -> bool:
        if doc_id not in self._has:
            self._has[doc_id] = super().has(doc_id)
        return self._has[doc_id]

    def meta(self, doc_id: str) -> DocumentMeta:
        if doc_id not in self._metas:
            if not self.has(doc_id):
                return super().meta(doc_id)  # raises the usual UnknownRefError
            from .cache import cached_meta

            # The cache is keyed by meta.yaml's bytes: whether a hand correction clears the
            # segmenter's warnings is decided on every read, outside it.
            self._metas[doc_id] = self.as_read(doc_id, cached_meta(
                self.path(doc_id), lambda: Corpus.stored_meta(self, doc_id)
            ))
        return self._metas[doc_id]

    def load(self, doc_id: str, *, automatic: bool = False) -> Document:
        if automatic:
            return load_document(self, doc_id, automatic=True)
        if doc_id not in self._documents:
            from .cache import all_mappings_fingerprint, cached_segmentation

            meta = self.meta(doc_id)
            mappings = settings.mappings_dir(self.mappings)
            if self._fingerprint is None:
                # Once per run, not per document: it walks and stats the whole mappings tree.
                self._fingerprint = all_mappings_fingerprint(mappings)
            self._documents[doc_id] = cached_segmentation(
                meta,
                self.path(doc_id),
                mappings,
                lambda: load_document(self, doc_id),
                self._fingerprint,
            )
        return self._documents[doc_id]

    def forget(self) -> None:
        self._metas.clear()
        self._documents.clear()
        self._ids = None
        self._fingerprint = None
        self._has.clear()

    def add(self, *args: Any, **kwargs: Any) -> Any:
        self.forget()
        try:
            return super().add(*args, **kwargs)
        finally:
            self.forget()

    def save_segmentation(self, document: Document) -> Path:
        self.forget()
        try:
            return super().save_segmentation(document)
        finally:
            self.forget()
