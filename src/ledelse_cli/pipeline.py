"""Glue between steps: normalise → segment (with per-principle language) for one document."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from .language import language_within
from .models import Document, DocumentMeta
from .normalize import normalise
from .segment import segment_text
from .segmenter_rules import load_rules


def normalise_text(raw: str, mappings: Path | None = None) -> str:
    """The normalised text stored in the corpus (spans point into it)."""
    return normalise(raw, load_rules(mappings))


def segment_document(meta: DocumentMeta, text: str, mappings: Path | None = None) -> Document:
    """Segment an already normalised text into a Document (automatic segmentation)."""
    principles = segment_text(
        text,
        meta.id,
        load_rules(mappings),
        lang=meta.lang,
        detect=partial(language_within, document_lang=meta.lang),
    )
    return Document(meta, text, principles)
