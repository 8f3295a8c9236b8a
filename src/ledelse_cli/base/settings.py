"""Where the corpus and the mappings live (options, environment, defaults)."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

#: Reference data shipped with the tool. An installed wheel carries it as package data under
#: ``ledelse_cli/_bundled/`` (copied there at build time, see setup.py); a source checkout or an
#: editable install reads it where it is kept, at the top of the repository.
_PACKAGED = Path(str(files("ledelse_cli"))) / "_bundled"
_SOURCE = Path(__file__).resolve().parents[3]


def _bundled(packaged: str, source: str) -> Path:
    path = _PACKAGED / packaged
    return path if path.is_dir() else _SOURCE / source


#: The mappings (taxonomy, frameworks, lexicons …) used when no other directory is named.
BUNDLED_MAPPINGS = _bundled("mappings", "mappings")
#: A read-only corpus holding the documents of the bundled frameworks (kl11, ks10, lk7): any
#: corpus, even a new empty one, can be compared against them. In a source checkout these are
#: the framework documents of the demo corpus (only those of kind ``framework``).
BUNDLED_FRAMEWORKS = _bundled("frameworks", "corpus")


def corpus_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """``--corpus DIR``, else $LEDELSE_CORPUS, else ./corpus."""
    if option:
        return Path(option)
    env = os.environ.get("LEDELSE_CORPUS")
    return Path(env) if env else Path("corpus")


def cache_dir() -> Path | None:
    """$LEDELSE_CACHE_DIR, else $XDG_CACHE_HOME/ledelse, else ~/.cache/ledelse; "off" disables."""
    env = os.environ.get("LEDELSE_CACHE_DIR")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ledelse"


def no_corpus_message(root: Path) -> str:
    """Why a command that needs a corpus found none: where it looked and how to name one."""
    env = os.environ.get("LEDELSE_CORPUS")
    if env and Path(env) == root:
        how = "from $LEDELSE_CORPUS"
    elif root == Path("corpus"):
        how = "the default: no --corpus given, LEDELSE_CORPUS not set"
    else:
        how = "from --corpus"
    what = "is not a directory" if root.exists() else "does not exist"
    shown = root if root.is_absolute() or str(root).startswith(".") else f"./{root}"
    return (
        f"no corpus: {shown} {what} ({how}); name one with --corpus DIR or LEDELSE_CORPUS=DIR, "
        "or start one with 'ledelse init DIR'"
    )


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


#: Ingest limits (the defaults of ``ingest``'s options).
# Defaults of the documented `ledelse ingest` limits. A leadership text is 5-50 k characters;
# a 300-page report is ~1 M. The segmenter is superlinear on long run-on prose, so --max-chars
# together with --timeout is what keeps one file from holding a batch for minutes.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CHARS = 1_000_000
MAX_PRINCIPLES = 1000
TIMEOUT_S = 120.0

#: ``--workers 0`` (the default) means one per core, at most this many: each featurising
#: process loads spaCy and the lemma tables (~150-300 MB).
AUTO_WORKERS_MAX = 4


def workers_for(requested: int) -> int:
    """Processes (featurising) or threads (fuzzy matching) for a run: ``requested`` when
    positive; for 0 or less, one per core up to ``AUTO_WORKERS_MAX``."""
    if requested > 0:
        return requested
    return max(1, min(os.cpu_count() or 1, AUTO_WORKERS_MAX))
