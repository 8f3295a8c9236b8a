"""Batches: REF globs and --org expansion, and coverage over many REFs with per-REF failures."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence

from ..base.errors import UsageError
from ..base.yamlio import close_matches
from ..matching.rarity import BackgroundKind
from ..run.workspace import Workspace
from .coverage import Coverage, coverage, default_refs

# Called before each REF of a batch with (ref, index, total).
Progress = Callable[[str, int, int], None]

_GLOB_CHARS = set("*?[")


def expand_refs(workspace: Workspace, refs: Sequence[str], *, org: Sequence[str] = ()) -> list[str]:
    """Expand globs over corpus document ids (``randers-*``); ``--org NAME`` is the org REF
    (its documents merged, as ``NAME`` given as a REF).

    Plain REFs (ids, orgs, files) pass through unchanged; duplicates are dropped, order kept.
    A glob that matches nothing is a usage error (a silent empty batch would look like success).
    """
    if org or any(_GLOB_CHARS & set(ref) and not _is_file(ref) for ref in refs):
        workspace.corpus.require()
    ids = workspace.corpus.ids()
    orgs = workspace.corpus.orgs()
    out: list[str] = []
    for ref in refs:
        if _GLOB_CHARS & set(ref) and not _is_file(ref):
            hits = [i for i in ids if fnmatch.fnmatchcase(i, ref)]
            if not hits:
                raise UsageError(f"no corpus document matches '{ref}'")
            out.extend(hits)
        else:
            out.append(ref)
    for name in org:
        if name not in orgs:
            name = next((o for o in orgs if o.casefold() == name.casefold()), name)
        if name not in orgs:
            near = close_matches(name, sorted(orgs))
            raise UsageError(f"unknown org '{name}'"
                             + (f"; did you mean: {', '.join(near)}?" if near else ""))
        # The org as one REF, its documents merged, exactly as the REF `randers` would be.
        out.append(name)
    return list(dict.fromkeys(out))


def _is_file(ref: str) -> bool:
    from pathlib import Path

    return Path(ref).is_file()


def coverage_batch(
    workspace: Workspace,
    against: str,
    refs: Sequence[str] | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[Coverage, list[tuple[str, str]]]:
    """Coverage over many REFs, reporting progress and collecting failures.

    Each REF is resolved on its own first, so a file that cannot be read fails alone; the
    ones that worked are then scored together. Returns their coverage and ``(ref, reason)``
    for those that failed (bad input data only; usage errors such as an unknown id stop the
    batch at once).
    """
    from ..base.errors import InputError

    target = workspace.target(against)
    todo = list(refs) if refs else default_refs(workspace, target)
    if workers != 1 and workspace.background_kind == BackgroundKind.corpus:
        # Cold runs: corpus rarity reads every corpus document; featurise them in parallel.
        workspace.prefetch([workspace.corpus.load(i) for i in workspace.corpus.ids()], workers)
    good: list[str] = []
    failures: list[tuple[str, str]] = []
    for n, ref in enumerate(todo):
        if progress:
            progress(ref, n, len(todo))
        try:
            workspace.source(ref)  # resolved (and memoised) here, so bad input fails alone
            good.append(ref)
        except InputError as e:
            failures.append((ref, str(e)))
    if not good:
        from ..knowledge.alignment import load_config

        empty = Coverage(target, (), (), (), load_config(workspace.mappings))
        return empty, failures
    if workers != 1:
        # Cold runs: featurise the batch's documents in parallel before scoring.
        workspace.prefetch([d for ref in good for d in workspace.source(ref).documents], workers)
    # One call scores every document in one matrix; rarity does not depend on the batch
    # (fixed background, or the whole corpus's counts), so this gives the same numbers as
    # scoring each corpus REF on its own.
    return coverage(workspace, against, good, workers=workers), failures
