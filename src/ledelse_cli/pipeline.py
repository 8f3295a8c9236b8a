"""Glue between steps: normalise → segment (with per-principle language) for one document."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from .language import language_within
from .models import Document, DocumentMeta
from .normalize import normalise
from .segment import segment_explained
from .segmenter_rules import load_rules


def normalise_text(raw: str, mappings: Path | None = None) -> str:
    """The normalised text stored in the corpus (spans point into it)."""
    return normalise(raw, load_rules(mappings))


def segment_document(meta: DocumentMeta, text: str, mappings: Path | None = None) -> Document:
    """Segment an already normalised text into a Document (automatic segmentation); what the
    segmenter noticed ("the text announces 5 principles; 3 found") goes into its warnings."""
    seg = segment_explained(
        text,
        meta.id,
        load_rules(mappings),
        lang=meta.lang,
        detect=partial(language_within, document_lang=meta.lang),
    )
    if tuple(seg.warnings) != meta.warnings:
        meta = replace(meta, warnings=tuple(seg.warnings))
    return Document(meta, text, seg.principles)
