"""On-disk cache of processed documents (segmentation, lemma keys, concepts), keyed by content.

A second run over the same corpus does no NLP. Feature keys cover the tool version and source
code, the document's segmentation (ids, texts, languages) and the hash of every mappings file
that changes lemmas, keys or concepts, so editing a document or the taxonomy invalidates them.
Automatic segmentations (language detection is the slowest step of a warm run) are keyed by the
document's meta.yaml and text.txt bytes, every mappings file and the source code. A corrupt or
unreadable entry is ignored and rebuilt. Entries are JSON (never pickle).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ..base.cacheframe import read_entry, write_entry
from ..base.corpusfs import read_regular
from ..base.errors import InputError
from ..base.models import Document, DocumentMeta, Principle
from ..base.settings import cache_dir
from ..base.version import __version__
from ..base.yamlio import MAX_YAML_BYTES
from ..matching.features import Features, Unit, featurize, unit_texts
from .cacheshape import check_units, meta_from, page_offsets_from, principles_from

# Files whose content changes what featurize() returns.
_INPUT_FILES = (
    "taxonomy.yaml",
    "lemma_overrides.yaml",
    "lexicon.yaml",
    "stopwords.yaml",
    "words.yaml",
    "homographs.yaml",
)
FORMAT = 3


@cache
def _mappings_hash(mappings: Path, stamp: tuple[tuple[str, float], ...]) -> str:
    h = hashlib.sha256()
    for name in _INPUT_FILES:
        p = mappings / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.is_file() else b"-")
    return h.hexdigest()


def mappings_fingerprint(mappings: Path) -> str:
    stamp = tuple(
        (n, (mappings / n).stat().st_mtime if (mappings / n).is_file() else 0.0)
        for n in _INPUT_FILES
    )
    return _mappings_hash(mappings.resolve(), stamp)


@cache
def code_fingerprint() -> str:
    """Hash of the package's source: an editable install invalidates entries on code changes."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the whole ledelse_cli package
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@cache
def _all_mappings_hash(mappings: Path, stamp: tuple[tuple[str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for name, _, _ in stamp:
        h.update(name.encode())
        h.update((mappings / name).read_bytes())
    return h.hexdigest()


def all_mappings_fingerprint(mappings: Path) -> str:
    """Hash of every YAML file under ``mappings`` (segmenter rules, language resources …)."""
    mappings = mappings.resolve()
    stamp = tuple(
        (str(p.relative_to(mappings)), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(mappings.rglob("*.yaml"))
        if p.is_file()
    )
    return _all_mappings_hash(mappings, stamp)


def document_key(document: Document, mappings: Path, fingerprint: str | None = None) -> str:
    """The feature-cache key of a document (``fingerprint``: its mappings_fingerprint, if known).

    A run over many documents passes the fingerprint it took once: taking it stats every
    input file.
    """
    h = hashlib.sha256()
    h.update(f"ledelse {__version__} features v{FORMAT}\n".encode())
    h.update(code_fingerprint().encode())
    h.update((fingerprint or mappings_fingerprint(mappings)).encode())
    principles = [[p.id, p.lang, p.text, [(i.id, i.text) for i in p.items]]
                  for p in document.principles]
    h.update(json.dumps(principles, ensure_ascii=False).encode())
    return h.hexdigest()


def _to_json(features: list[Features]) -> dict[str, Any]:
    """Per principle, per unit: [keys, lemmas, concepts, cues]. Ids, texts and the principles
    themselves are the document's (the key covers them): storing them again doubled the size
    of an entry, and parsing is most of a warm run's reading."""
    return {
        "format": FORMAT,
        "features": [
            [
                [
                    list(u.keys),
                    u.lemmas,
                    {c: float(w) for c, w in u.concepts.items()},
                    {c: list(v) for c, v in u.cues.items()},
                ]
                for u in f.units
            ]
            for f in features
        ],
    }


def _from_json(data: dict[str, Any], principles: tuple[Principle, ...]) -> list[Features]:
    """Features of ``principles`` from an entry (ValueError if it holds other principles)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("cache format")
    entries = data.get("features")
    if not isinstance(entries, list) or len(entries) != len(principles):
        raise ValueError("cache entry holds other principles")
    out = []
    for p, entry in zip(principles, entries, strict=True):
        check_units(entry, len(unit_texts(p)))
        units = []
        for (uid, text), (keys, lemmas, concepts, cues) in zip(unit_texts(p), entry, strict=True):
            cue_tuples = {c: tuple(v) for c, v in cues.items()}
            units.append(Unit(uid, text, tuple(keys), lemmas, concepts, cue_tuples))
        out.append(Features(p, tuple(units)))
    return out


def uncached(
    documents: list[Document], mappings: Path, keys: list[str] | None = None
) -> list[Document]:
    """The documents whose features are not in the on-disk cache (all, if it is off).

    ``keys``: the documents' document_key()s, when the caller has them already.
    """
    directory = cache_dir()
    if directory is None:
        return list(documents)
    if keys is None:
        keys = [document_key(d, mappings) for d in documents]
    return [
        d
        for d, key in zip(documents, keys, strict=True)
        if not (directory / "features" / f"{key}.json").is_file()
    ]


def cached_features(document: Document, mappings: Path, key: str | None = None) -> list[Features]:
    """Features of a document's principles, from the cache when the key matches.

    ``key``: the document's document_key(), when the caller has it already.
    """
    directory = cache_dir()
    if directory is None:
        return featurize(document.principles, mappings)
    path = directory / "features" / f"{key or document_key(document, mappings)}.json"
    data = read_entry(path)
    try:
        if data is not None:
            return _from_json(data, document.principles)
    except (ValueError, KeyError, TypeError, AttributeError):
        pass  # corrupt or of the wrong shape: rebuild below
    features = featurize(document.principles, mappings)
    write_entry(path, _to_json(features))
    return features


# --------------------------------------------------------------------------- documents


def _meta_to_json(meta: DocumentMeta) -> dict[str, Any]:
    return {**meta.to_dict(), "pages": list(meta.pages)}


def cached_meta(directory: Path, load: Any) -> DocumentMeta:
    """A corpus entry's validated meta.yaml, keyed by its bytes (``load()`` parses it)."""
    root = cache_dir()
    if root is None:
        return load()
    try:
        raw = read_regular(directory / "meta.yaml", MAX_YAML_BYTES)
    except InputError:
        return load()  # says what is wrong with the file
    h = hashlib.sha256(f"meta v{FORMAT} {code_fingerprint()}\n".encode())
    h.update(raw)
    path = root / "meta" / f"{h.hexdigest()}.json"
    data = read_entry(path)
    try:
        if data is not None:
            return meta_from(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    meta: DocumentMeta = load()
    write_entry(path, _meta_to_json(meta))
    return meta


def cached_segmentation(
    meta: DocumentMeta, directory: Path, mappings: Path, load: Any, fingerprint: str | None = None
) -> Document:
    """An automatically segmented document, keyed by its meta and text bytes (``load()`` builds it).

    Hand-corrected documents (segmentation.yaml present) are not cached: reading the YAML is
    cheap and its spans are re-found against the text on every load. ``fingerprint``: the
    all_mappings_fingerprint() of ``mappings``, when the caller has it already (taking it
    walks the mappings directory).
    """
    root = cache_dir()
    if root is None or (directory / "segmentation.yaml").exists():
        return load()
    from ..base.errors import CorpusError
    from ..sources.corpus import read_text_file

    try:
        # Read as Corpus.text() does (universal newlines), so spans point into the same string.
        text = read_text_file(directory / "text.txt")
        meta_bytes = read_regular(directory / "meta.yaml", MAX_YAML_BYTES)
    except (InputError, CorpusError):
        return load()  # which says what is wrong
    h = hashlib.sha256(f"segmentation v{FORMAT} {code_fingerprint()}\n".encode())
    h.update((fingerprint or all_mappings_fingerprint(mappings)).encode())
    h.update(hashlib.sha256(meta_bytes).digest())
    h.update(hashlib.sha256(text.encode("utf-8")).digest())
    path = root / "segments" / f"{h.hexdigest()}.json"
    data = read_entry(path)
    try:
        if isinstance(data, dict) and data.get("format") == FORMAT:
            warnings = tuple(str(w) for w in data["warnings"])
            return Document(
                meta if warnings == meta.warnings else replace(meta, warnings=warnings),
                text,
                principles_from(data["principles"], meta.id, text),
                False,
                page_offsets_from(data["page_offsets"], text),
            )
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    document: Document = load()
    if not document.hand_corrected:
        write_entry(
            path,
            {
                "format": FORMAT,
                "principles": [p.to_dict() for p in document.principles],
                "page_offsets": list(document.page_offsets),
                # what the segmenter noticed (segment_document puts it into the meta)
                "warnings": list(document.meta.warnings),
            },
        )
    return document
