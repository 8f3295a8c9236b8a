"""The documents of the bundled frameworks (kl11, ks10, lk7), readable through any corpus."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from ..base import settings
from ..base.corpusfs import fsync_dir, write_file
from ..base.yamlio import read_yaml


def bundled_documents() -> frozenset[str]:
    """Ids of the bundled framework documents: the documents of kind ``framework`` in the
    bundled store (in a source checkout, the demo corpus: only its framework documents)."""
    store = settings.BUNDLED_FRAMEWORKS
    return _bundled_documents(str(store), store.stat().st_mtime_ns if store.is_dir() else 0)


@functools.lru_cache(maxsize=4)
def _bundled_documents(store: str, _stamp: int) -> frozenset[str]:
    found = set()
    for meta_file in sorted(Path(store).glob("*/meta.yaml")):
        data = read_yaml(meta_file)
        if isinstance(data, dict) and data.get("kind") == "framework":
            found.add(meta_file.parent.name)
    return frozenset(found)


def copy_bundled(doc_id: str, corpus: Path, staging: Path) -> None:
    """Copy a bundled framework document into a corpus, whole or not at all (the caller holds
    the corpus lock): its copy then wins, and can be hand-corrected."""
    staging.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"new-{doc_id}-", dir=staging))
    source = settings.BUNDLED_FRAMEWORKS / doc_id
    original = read_yaml(source / "meta.yaml")["original"]
    for name in ("meta.yaml", "text.txt", original):
        write_file(tmp / name, (source / name).read_bytes())
    fsync_dir(tmp)
    tmp.chmod(0o755)
    os.replace(tmp, corpus / doc_id)
    fsync_dir(corpus)
