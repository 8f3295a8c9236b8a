"""Glue between steps: normalise → segment (with per-principle language) for one document."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from ..base.models import Document, DocumentMeta
from ..sources.corpus import Corpus
from .language import language_within
from .normalize import normalise
from .segment import segment_explained
from .segmenter_rules import load_rules


def normalise_text(raw: str, mappings: Path | None = None) -> str:
    """The normalised text stored in the corpus (spans point into it)."""
    return normalise(raw, load_rules(mappings))


def load_document(corpus: Corpus, doc_id: str, *, automatic: bool = False) -> Document:
    """A stored document with its effective segmentation: the hand correction when it has one
    (unless ``automatic``), else the segmenter's."""
    if not automatic:
        corrected = corpus.corrected(doc_id)
        if corrected is not None:
            return corrected
    return segment_document(corpus.meta(doc_id), corpus.text(doc_id), corpus.mappings)


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
