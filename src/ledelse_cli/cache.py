"""On-disk cache of processed documents (lemma keys, concepts), keyed by content and versions.

A second run over the same corpus does no NLP. The key covers the tool version, the
document's segmentation (ids, texts, languages) and the hash of every mappings file that
changes lemmas, keys or concepts, so editing a document or the taxonomy invalidates it. A
corrupt or unreadable entry is ignored and rebuilt. Entries are JSON (never pickle).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .features import Features, Unit, featurize
from .models import Document, Item, Principle

# Files whose content changes what featurize() returns.
_INPUT_FILES = (
    "taxonomy.yaml",
    "lemma_overrides.yaml",
    "lexicon.yaml",
    "stopwords.yaml",
    "words.yaml",
)
FORMAT = 1


def cache_dir() -> Path | None:
    """$LEDELSE_CACHE_DIR, else $XDG_CACHE_HOME/ledelse, else ~/.cache/ledelse; "off" disables."""
    env = os.environ.get("LEDELSE_CACHE_DIR")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ledelse"


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


def document_key(document: Document, mappings: Path) -> str:
    h = hashlib.sha256()
    h.update(f"ledelse {__version__} features v{FORMAT}\n".encode())
    h.update(mappings_fingerprint(mappings).encode())
    for p in document.principles:
        h.update(
            json.dumps(
                [p.id, p.lang, p.text, [(i.id, i.text) for i in p.items]], ensure_ascii=False
            ).encode()
        )
    return h.hexdigest()


def _to_json(features: list[Features]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "features": [
            {
                "principle": f.principle.to_dict(),
                "units": [
                    {
                        "id": u.id,
                        "text": u.text,
                        "keys": list(u.keys),
                        "lemmas": u.lemmas,
                        "concepts": u.concepts,
                        "cues": {k: list(v) for k, v in u.cues.items()},
                    }
                    for u in f.units
                ],
            }
            for f in features
        ],
    }


def _principle(d: dict[str, Any]) -> Principle:
    return Principle(
        d["id"],
        d["number"],
        d["title"],
        d["text"],
        tuple(d["span"]),
        d["lang"],
        d["section"],
        tuple(Item(i["id"], i["text"], tuple(i["span"])) for i in d["items"]),
    )


def _from_json(data: dict[str, Any]) -> list[Features]:
    if data.get("format") != FORMAT:
        raise ValueError("cache format")
    return [
        Features(
            _principle(f["principle"]),
            tuple(
                Unit(
                    u["id"],
                    u["text"],
                    tuple(u["keys"]),
                    dict(u["lemmas"]),
                    {k: float(v) for k, v in u["concepts"].items()},
                    {k: tuple(v) for k, v in u["cues"].items()},
                )
                for u in f["units"]
            ),
        )
        for f in data["features"]
    ]


def cached_features(document: Document, mappings: Path) -> list[Features]:
    """Features of a document's principles, from the cache when the key matches."""
    directory = cache_dir()
    if directory is None:
        return featurize(document.principles, mappings)
    path = directory / "features" / f"{document_key(document, mappings)}.json"
    try:
        features = _from_json(json.loads(path.read_text(encoding="utf-8")))
        if [f.id for f in features] == [p.id for p in document.principles]:
            return features
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or corrupt: rebuild below
    features = featurize(document.principles, mappings)
    try:
        from .yamlio import atomic_write_text

        atomic_write_text(path, json.dumps(_to_json(features), ensure_ascii=False))
    except OSError:
        pass  # a read-only cache directory only costs speed
    return features
