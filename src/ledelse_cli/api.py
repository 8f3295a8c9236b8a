"""The Python API: the CLI's analyses as functions returning the CLI's own result objects.

``import ledelse_cli as ledelse`` makes these available as ``ledelse.coverage``,
``ledelse.align``, ``ledelse.compare``, ``ledelse.segment`` and ``ledelse.open_corpus``
(loaded on first use, so the import stays cheap). Each takes the same REFs and options as
the command of the same name and returns the object the command renders: ``Coverage``,
``Alignment``, ``Comparison`` or ``Source``, each with ``to_dict()`` (the JSON output),
``to_records()`` (the rows of ``--format csv``) and ``to_pandas()``. Errors are the CLI's
(:class:`ledelse_cli.errors.LedelseError` and subclasses, e.g. ``UsageError`` for an unknown
id); nothing is printed. See docs/api.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analyses.align import Alignment
    from .analyses.compare import Comparison
    from .analyses.coverage import Coverage
    from .run.refs import Source
    from .run.workspace import Workspace

__all__ = ["align", "compare", "coverage", "open_corpus", "segment"]


def open_corpus(corpus: str | Path | None = None, mappings: str | Path | None = None, *,
                background: str = "fixed") -> Workspace:
    """Open a corpus once for several analyses (documents and their features are cached).

    Args:
        corpus: the corpus directory (default ``$LEDELSE_CORPUS``, else ``./corpus``).
        mappings: the mappings directory (default ``$LEDELSE_MAPPINGS``, else ``./mappings``,
            else the bundled ones).
        background: ``fixed`` (rarity from the shipped background: a score depends only on
            the two texts) or ``corpus`` (idf over every corpus document).
    """
    from .run.workspace import Workspace

    return Workspace.open(corpus, mappings, background)


def _workspace(corpus: str | Path | Workspace | None, mappings: str | Path | None,
               background: str) -> Workspace:
    from .run.workspace import Workspace

    if isinstance(corpus, Workspace):
        return corpus
    return open_corpus(corpus, mappings, background=background)


def coverage(refs: str | Sequence[str] | None = None, *, against: str = "kl11",
             corpus: str | Path | Workspace | None = None, mappings: str | Path | None = None,
             background: str = "fixed", workers: int = 1) -> Coverage:
    """How each point of ``against`` is covered by each REF: ``ledelse coverage``.

    Args:
        refs: document ids, org ids (an org's documents merged), file paths or globs over
            document ids (``"randers-*"``); default: every corpus document but the target.
        against: a framework id (``kl11``, ``ks10``, ``lk7``) or any REF.
        corpus: a corpus directory, or a workspace from :func:`open_corpus`.
        mappings: the mappings directory (ignored when ``corpus`` is a workspace).
        background: ``fixed`` or ``corpus`` (see :func:`open_corpus`).
        workers: processes for featurising uncached documents (results do not depend on it).

    Raises:
        UsageError: an unknown id or target. InputError: a file REF cannot be read.
    """
    from .analyses.batch import expand_refs
    from .analyses.coverage import coverage as run

    workspace = _workspace(corpus, mappings, background)
    wanted = expand_refs(workspace, [refs] if isinstance(refs, str) else list(refs or []))
    return run(workspace, against, wanted or None, workers=workers)


def align(ref: str, *, against: str = "kl11", top: int | None = None,
          corpus: str | Path | Workspace | None = None, mappings: str | Path | None = None,
          background: str = "fixed", workers: int = 1) -> Alignment:
    """Each principle of ``ref`` with its best points of ``against``: ``ledelse align``.

    Args:
        top: matches per principle (default: ``top_k`` of mappings/alignment.yaml).
        Others as in :func:`coverage`.
    """
    from .analyses.align import align as run

    return run(_workspace(corpus, mappings, background), ref, against, top_k=top,
               workers=workers)


def compare(a: str, b: str, *, lang: str | None = None,
            corpus: str | Path | Workspace | None = None, mappings: str | Path | None = None,
            background: str = "fixed", workers: int = 1) -> Comparison:
    """Two REFs side by side: ``ledelse compare``.

    Args:
        lang: language of the concept labels (da, nb, nn, en); default, as on the command
            line, the commonest language of ``a``'s principles.
        Others as in :func:`coverage`.
    """
    from .analyses.compare import compare as run

    workspace = _workspace(corpus, mappings, background)
    if lang is None:
        lang = label_lang([p.lang for p in workspace.source(a).principles])
    return run(workspace, a, b, lang=lang, workers=workers)


def segment(ref: str, *, automatic: bool = False,
            corpus: str | Path | Workspace | None = None,
            mappings: str | Path | None = None) -> Source:
    """A REF's documents and principles: ``ledelse show`` (``automatic=True``: the automatic
    segmentation, ignoring a hand-corrected ``segmentation.yaml``, as ``ledelse segment``).

    The result's ``principles`` are those that are aligned (expectations of employees left
    out); ``to_records()`` lists every principle of every document, with its role.
    """
    from .run.refs import Source, resolve

    workspace = _workspace(corpus, mappings, "fixed")
    source = resolve(ref, workspace.corpus)
    if not automatic or source.kind == "file":
        return source
    documents = tuple(workspace.corpus.load(d.id, automatic=True) for d in source.documents)
    return Source(source.id, source.kind, documents)


def label_lang(langs: Sequence[str]) -> str:
    """The commonest of da, nb and nn among ``langs`` (ties: alphabetical), else ``en``."""
    known = [x for x in langs if x in ("da", "nb", "nn")]
    return max(sorted(set(known)), key=known.count) if known else "en"
