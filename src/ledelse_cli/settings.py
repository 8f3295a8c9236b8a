"""Where the corpus and the mappings live (options, environment, defaults)."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED_MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"


def corpus_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """``--corpus DIR``, else $LEDELSE_CORPUS, else ./corpus."""
    if option:
        return Path(option)
    env = os.environ.get("LEDELSE_CORPUS")
    return Path(env) if env else Path("corpus")


def mappings_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """``--mappings DIR``, else $LEDELSE_MAPPINGS, else ./mappings, else the bundled ones."""
    if option:
        return Path(option)
    env = os.environ.get("LEDELSE_MAPPINGS")
    if env:
        return Path(env)
    local = Path("mappings")
    if (local / "taxonomy.yaml").is_file():
        return local
    return BUNDLED_MAPPINGS


#: ``--workers 0`` (the default) means one per core, at most this many: each featurising
#: process loads spaCy and the lemma tables (~150-300 MB).
AUTO_WORKERS_MAX = 4


def workers_for(requested: int) -> int:
    """Processes (featurising) or threads (fuzzy matching) for a run: ``requested`` when
    positive; for 0 or less, one per core up to ``AUTO_WORKERS_MAX``."""
    if requested > 0:
        return requested
    return max(1, min(os.cpu_count() or 1, AUTO_WORKERS_MAX))
