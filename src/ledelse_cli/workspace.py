"""A corpus opened for analysis: documents, their features and rarity, loaded once per run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import settings
from .corpus import Corpus
from .errors import UsageError
from .features import Features, featurize
from .models import Document, DocumentMeta, Principle
from .rarity import BackgroundKind
from .refs import Source, resolve
from .yamlio import close_matches

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .rarity import Background, Rarity


@dataclass(frozen=True)
class Target:
    """What ``--against`` names: a framework's fixed points, or any REF's principles."""

    id: str
    title: str
    points: tuple[Principle, ...]
    framework: bool
    documents: tuple[str, ...] = ()

    def point_summary(self) -> list[dict[str, str | None]]:
        return [{"id": p.id, "number": p.number, "title": p.title} for p in self.points]


class ReadCorpus(Corpus):
    """A corpus read once per run: metas and documents memoised, segmentations cached on disk.

    Batch commands resolve hundreds of REFs and count rarity over every document; without this
    each resolution re-parses meta.yaml files and re-segments texts (language detection).
    Any write through this object drops the memo.
    """

    def __init__(self, root: str | os.PathLike[str], mappings: Path | None = None):
        super().__init__(root, mappings)
        self._metas: dict[str, DocumentMeta] = {}
        self._documents: dict[str, Document] = {}
        self._ids: list[str] | None = None
        self._fingerprint: str | None = None
        self._has: dict[str, bool] = {}

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = super().ids()
        return list(self._ids)

    def has(self, doc_id: str) -> bool:
        if doc_id not in self._has:
            self._has[doc_id] = super().has(doc_id)
        return self._has[doc_id]

    def meta(self, doc_id: str) -> DocumentMeta:
        if doc_id not in self._metas:
            if not self.has(doc_id):
                return super().meta(doc_id)  # raises the usual UnknownRefError
            from .cache import cached_meta

            self._metas[doc_id] = cached_meta(
                self.path(doc_id), lambda: Corpus.meta(self, doc_id)
            )
        return self._metas[doc_id]

    def load(self, doc_id: str, *, automatic: bool = False) -> Document:
        if automatic:
            return super().load(doc_id, automatic=True)
        if doc_id not in self._documents:
            from .cache import all_mappings_fingerprint, cached_segmentation

            meta = self.meta(doc_id)
            mappings = settings.mappings_dir(self.mappings)
            if self._fingerprint is None:
                # Once per run, not per document: it walks and stats the whole mappings tree.
                self._fingerprint = all_mappings_fingerprint(mappings)
            self._documents[doc_id] = cached_segmentation(
                meta,
                self.path(doc_id),
                mappings,
                lambda: Corpus.load(self, doc_id),
                self._fingerprint,
            )
        return self._documents[doc_id]

    def forget(self) -> None:
        self._metas.clear()
        self._documents.clear()
        self._ids = None
        self._fingerprint = None
        self._has.clear()

    def add(self, *args: Any, **kwargs: Any) -> Any:
        self.forget()
        try:
            return super().add(*args, **kwargs)
        finally:
            self.forget()

    def save_segmentation(self, document: Document) -> Path:
        self.forget()
        try:
            return super().save_segmentation(document)
        finally:
            self.forget()


@dataclass
class Workspace:
    """Corpus + mappings with per-document feature caching (one featurisation per run).

    ``background`` says where rarity comes from: the fixed background shipped in the mappings
    (default; scores do not depend on the rest of the corpus) or the corpus's documents.
    """

    corpus: Corpus
    mappings: Path = field(default_factory=lambda: settings.mappings_dir(None))
    background_kind: BackgroundKind = BackgroundKind.fixed
    _features: dict[str, list[Features]] = field(default_factory=dict, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def open(
        cls,
        corpus: str | Path | None = None,
        mappings: str | Path | None = None,
        background: str | BackgroundKind = BackgroundKind.fixed,
    ) -> Workspace:
        mdir = settings.mappings_dir(mappings)
        try:
            kind = BackgroundKind(background)
        except ValueError as e:
            raise UsageError(f"--background must be fixed or corpus, not '{background}'") from e
        return cls(ReadCorpus(settings.corpus_dir(corpus), mdir), mdir, kind)

    def source(self, ref: str) -> Source:
        """Resolve a REF once per run: a file REF is re-read and re-segmented in a sandboxed
        reader process (seconds), and batch commands resolve the same REF several times."""
        key = ("source", ref)
        if key not in self._memo:
            self._memo[key] = resolve(ref, self.corpus)
        return self._memo[key]

    @staticmethod
    def _key(document: Document) -> str:
        return f"{document.id}:{document.meta.sha256}:{document.hand_corrected}"

    def _cache_key(self, document: Document) -> str:
        """The document's feature-cache key, computed once per run (mappings stat'ed once)."""
        key = ("cache_key", self._key(document))
        if key not in self._memo:
            from .cache import document_key, mappings_fingerprint

            if "mappings_fingerprint" not in self._memo:
                self._memo["mappings_fingerprint"] = mappings_fingerprint(self.mappings)
            self._memo[key] = document_key(
                document, self.mappings, self._memo["mappings_fingerprint"]
            )
        return self._memo[key]

    def features_of(self, document: Document) -> list[Features]:
        key = self._key(document)
        if key not in self._features:
            from .cache import cached_features

            self._features[key] = cached_features(
                document, self.mappings, self._cache_key(document)
            )
        return self._features[key]

    def features(
        self, principles: tuple[Principle, ...], documents: tuple[Document, ...]
    ) -> list[Features]:
        """Features for these principles, taken from their documents' cached features."""
        by_id: dict[str, Features] = {}
        for d in documents:
            for f in self.features_of(d):
                by_id[f.id] = f
        missing = [p for p in principles if p.id not in by_id]
        if missing:
            for f in featurize(missing, self.mappings):
                by_id[f.id] = f
        return [self._profiled(by_id[p.id], p) for p in principles]

    def _profiled(self, f: Features, point: Principle) -> Features:
        """``f`` with the reviewed concept profile of the framework point ``point`` is (kl11/5,
        or its principle kl11/5 in the kl11 document), so a framework point carries its profile
        wherever it is compared; other principles unchanged."""
        if "profiles" not in self._memo:
            from .frameworks import load_frameworks
            from .profiles import load_profiles
            from .scoring import load_config

            by_document = {fw.document: fid for fid, fw in load_frameworks(self.mappings).items()}
            self._memo["profiles"] = (by_document, load_profiles(self.mappings),
                                      load_config(self.mappings).profile_weight)
        by_document, profiles, weight = self._memo["profiles"]
        framework = by_document.get(point.document_id, point.document_id)
        pid = f"{framework}/{point.number}"
        if weight <= 0 or point.number is None or pid not in profiles:
            return f
        return Features(f.principle, f.units, profile=tuple(profiles.get(pid).vector().items()),
                        profile_weight=weight)

    def prefetch(self, documents: list[Document], workers: int = 1) -> None:
        """Featurise the documents missing from the cache, in ``workers`` processes.

        Only worth it on cold runs over many documents: each process loads spaCy and the
        lemma tables (~2-4 s), so below PARALLEL_MIN uncached documents it runs serially.
        """
        from .cache import uncached

        documents = [d for d in documents if self._key(d) not in self._features]
        todo = uncached(documents, self.mappings, [self._cache_key(d) for d in documents])
        if workers == 1 or len(todo) < PARALLEL_MIN:
            for d in todo:
                self.features_of(d)
            return
        from concurrent.futures import ProcessPoolExecutor

        n = settings.workers_for(workers)
        # One strided chunk per process: results do not depend on the split, since a
        # document's features depend only on the document and the mappings.
        chunks = [todo[i::n] for i in range(n)]
        keys = [[self._cache_key(d) for d in chunk] for chunk in chunks]
        with ProcessPoolExecutor(max_workers=n) as pool:
            results = list(pool.map(_featurise_chunk, chunks, keys, [self.mappings] * n))
        for chunk, feats in zip(chunks, results, strict=True):
            for d, f in zip(chunk, feats, strict=True):
                self._features[self._key(d)] = f

    def rarity(self, documents: Sequence[Sequence[Features]] = (), workers: int = 1) -> Rarity:
        """The weights of keys and concepts for scoring ``documents`` (lists of features).

        Fixed background: the same weights whatever is scored or in the corpus. Corpus
        background: idf over every corpus document plus the principles of ``documents`` it
        does not hold (a file REF adds its own).
        """
        if self.background_kind == BackgroundKind.fixed:
            if "fixed_rarity" not in self._memo:
                from .rarity import fixed_rarity
                from .scoring import load_config

                params = load_config(self.mappings).rarity
                self._memo["fixed_rarity"] = fixed_rarity(self.mappings, params)
            return self._memo["fixed_rarity"]
        from .rarity import corpus_rarity

        return corpus_rarity(self.background(workers), documents)

    def background(self, workers: int = 1) -> Background:
        """Every corpus document's features (a list per document): the population over which
        corpus rarity is counted. Loaded once per workspace, with its rarity counts."""
        if "background" not in self._memo:
            from .rarity import Background

            documents = [self.corpus.load(i) for i in self.corpus.ids()]
            self.prefetch(documents, workers)
            self._memo["background"] = Background([self.features_of(d) for d in documents])
        return self._memo["background"]

    def target(self, ref: str) -> Target:
        """Resolve ``--against``: a framework id first, else any REF (memoised per run)."""
        key = ("target", ref)
        if key not in self._memo:
            self._memo[key] = self._target(ref)
        return self._memo[key]

    def _target(self, ref: str) -> Target:
        from .frameworks import load_frameworks

        frameworks = load_frameworks(self.mappings)
        if ref not in frameworks:  # framework ids are lower case: --against KL11 is kl11
            ref = next((f for f in frameworks if f.casefold() == ref.casefold()), ref)
        if ref in frameworks:
            fw = frameworks[ref]
            document = self.corpus.load(fw.document)
            by_number = {p.number: p for p in document.principles}
            points = []
            for point in fw.points:
                p = by_number.get(point.number)
                if p is None:
                    raise UsageError(
                        f"framework '{ref}': document '{fw.document}' has no principle numbered "
                        f"{point.number} (run `ledelse validate`)"
                    )
                # Framework point ids are the framework's own (kl11/3), whatever the document.
                points.append(
                    Principle(
                        f"{ref}/{point.number}",
                        point.number,
                        point.title,
                        p.text,
                        p.span,
                        p.lang,
                        p.section,
                        p.items,
                    )
                )
            return Target(ref, fw.title, tuple(points), True, (fw.document,))
        try:
            source = self.source(ref)
        except UsageError as e:
            known = sorted(set(frameworks) | set(self.corpus.ids()))
            near = close_matches(ref, known)
            raise UsageError(
                f"unknown target '{ref}'" + (f"; did you mean: {', '.join(near)}?" if near else "")
            ) from e
        title = source.documents[0].meta.title if len(source.documents) == 1 else source.id
        return Target(
            source.id, title, source.principles, False, tuple(d.id for d in source.documents)
        )

    def target_features(self, target: Target) -> list[Features]:
        key = ("target_features", target)
        if key not in self._memo:
            self._memo[key] = self._target_features(target)
        return list(self._memo[key])

    def _target_features(self, target: Target) -> list[Features]:
        documents = tuple(self.corpus.load(d) for d in target.documents if self.corpus.has(d))
        if not target.framework:
            return self.features(target.points, documents)
        base = {f.id.split("/", 1)[1]: f for d in documents for f in self.features_of(d)}
        out = []
        for p in target.points:
            f = base.get(p.number or "")
            out.append(self._profiled(Features(p, f.units) if f else featurize([p],
                                      self.mappings)[0], p))
        return out

    def overrides(self) -> dict[tuple[str, str], object]:
        if "overrides" not in self._memo:
            from .mappingfile import load_mapping_files, reviewed_overrides

            self._memo["overrides"] = dict(reviewed_overrides(load_mapping_files(self.mappings)))
        return dict(self._memo["overrides"])


# Fewer uncached documents than this are featurised in-process (a worker costs seconds to start).
PARALLEL_MIN = 40


def _featurise_chunk(
    documents: list[Document], keys: list[str], mappings: Path
) -> list[list[Features]]:
    from .cache import cached_features

    return [cached_features(d, mappings, k) for d, k in zip(documents, keys, strict=True)]
