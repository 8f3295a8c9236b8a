"""A corpus opened for analysis: documents, their features and rarity, loaded once per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base import settings
from ..base.errors import CorpusError, UsageError
from ..base.models import Document, Principle
from ..base.yamlio import close_matches
from ..knowledge.alignment import AlignConfig, load_config
from ..knowledge.frameworks import load_frameworks
from ..knowledge.profiles import TargetProfiles, load_profiles
from ..matching.features import Features, Unit, featurize
from ..matching.rarity import BackgroundKind
from .documents import ReadCorpus
from .refs import Source, resolve

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..matching.rarity import Background, Rarity


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


@dataclass(frozen=True)
class FrameworkProfiles:
    """Reviewed concept profiles of framework points (``target_profiles.yaml``)."""

    by_document: dict[str, str]  # framework document id -> framework id
    profiles: TargetProfiles
    weight: float  # ``profile_weight`` in alignment.yaml


@dataclass
class Workspace:
    """Corpus + mappings with per-document feature caching (one featurisation per run).

    ``background`` says where rarity comes from: the fixed background shipped in the mappings
    (default; scores do not depend on the rest of the corpus) or the corpus's documents.
    """

    corpus: ReadCorpus
    mappings: Path = field(default_factory=lambda: settings.mappings_dir(None))
    background_kind: BackgroundKind = BackgroundKind.fixed
    # What a run resolves and computes once (by REF, by document key, by target).
    _features: dict[str, list[Features]] = field(default_factory=dict, repr=False)
    _sources: dict[str, Source] = field(default_factory=dict, repr=False)
    _cache_keys: dict[str, str] = field(default_factory=dict, repr=False)
    _targets: dict[str, Target] = field(default_factory=dict, repr=False)
    _target_features: dict[Target, list[Features]] = field(default_factory=dict, repr=False)
    _word_units: dict[str, Unit] = field(default_factory=dict, repr=False)
    _background: Background | None = field(default=None, repr=False)

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
        if ref not in self._sources:
            self._sources[ref] = resolve(ref, self.corpus)
        return self._sources[ref]

    @cached_property
    def config(self) -> AlignConfig:
        """The alignment settings of this run's mappings."""
        return load_config(self.mappings)

    @cached_property
    def mappings_fingerprint(self) -> str:
        """The mappings' fingerprint for feature-cache keys (the tree stat'ed once per run)."""
        from .cache import mappings_fingerprint

        return mappings_fingerprint(self.mappings)

    @cached_property
    def profiles(self) -> FrameworkProfiles:
        """The reviewed concept profiles of framework points, with the framework of each
        framework document and the share of a point's concept vector they take."""
        by_document = {fw.document: fid for fid, fw in load_frameworks(self.mappings).items()}
        return FrameworkProfiles(by_document, load_profiles(self.mappings),
                              self.config.profile_weight)

    @cached_property
    def fixed_rarity(self) -> Rarity:
        """Rarity from the fixed background shipped in the mappings."""
        from ..matching.rarity import fixed_rarity

        return fixed_rarity(self.mappings, self.config.rarity)

    @cached_property
    def reviewed(self) -> dict[tuple[str, str], Any]:
        """Reviewed verdicts from the mapping files, by (principle, point)."""
        from ..knowledge.mappingfile import load_mapping_files, reviewed_overrides

        return dict(reviewed_overrides(load_mapping_files(self.mappings)))

    @staticmethod
    def _key(document: Document) -> str:
        return f"{document.id}:{document.meta.sha256}:{document.hand_corrected}"

    def _cache_key(self, document: Document) -> str:
        """The document's feature-cache key, computed once per run (mappings stat'ed once)."""
        key = self._key(document)
        if key not in self._cache_keys:
            from .cache import document_key

            self._cache_keys[key] = document_key(document, self.mappings,
                                                 self.mappings_fingerprint)
        return self._cache_keys[key]

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
        known = self.profiles
        framework = known.by_document.get(point.document_id, point.document_id)
        pid = f"{framework}/{point.number}"
        if point.number is None:
            return f
        words = known.profiles.words.get(pid)
        units = (*f.units, self._word_unit(f.id, words)) if words else f.units
        if known.weight <= 0 or pid not in known.profiles:
            return Features(f.principle, units) if words else f
        return Features(f.principle, units,
                        profile=tuple(known.profiles.get(pid).vector().items()),
                        profile_weight=known.weight)

    def _word_unit(self, point_id: str, words: tuple[str, ...]) -> Unit:
        """The words readers link to a framework point (``words:`` in target_profiles.yaml) as
        one more passage of the point, each word keyed as a Danish, Bokmål and Nynorsk lemma
        (dictionary lookups only: no compound split, no language pipeline)."""
        if point_id not in self._word_units:
            from ..text.lemmas import key_of, lemma_of
            from ..text.lexicon import load_resources

            res = load_resources(self.mappings)
            lemmas: dict[str, str] = {}
            for word in words:
                for lang in ("da", "nb", "nn"):
                    lemmas.setdefault(key_of(lemma_of(word.lower(), lang, res), lang, res), word)
            text = ", ".join(words)
            self._word_units[point_id] = Unit(f"{point_id}/words", f"(words readers link to "
                                              f"this point) {text}", tuple(lemmas), lemmas)
        return self._word_units[point_id]

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
            return self.fixed_rarity
        from ..matching.rarity import corpus_rarity

        return corpus_rarity(self.background(workers), documents)

    def background(self, workers: int = 1) -> Background:
        """Every corpus document's features (a list per document): the population over which
        corpus rarity is counted. Loaded once per workspace, with its rarity counts."""
        if self._background is None:
            from ..matching.rarity import Background

            documents = [self.corpus.load(i) for i in self.corpus.ids()]
            self.prefetch(documents, workers)
            self._background = Background([self.features_of(d) for d in documents])
        return self._background

    def target(self, ref: str) -> Target:
        """Resolve ``--against``: a framework id first, else any REF (memoised per run)."""
        if ref not in self._targets:
            self._targets[ref] = self._target(ref)
        return self._targets[ref]

    def _target(self, ref: str) -> Target:
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
                    raise CorpusError(
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
        if target not in self._target_features:
            self._target_features[target] = self._featurise_target(target)
        return list(self._target_features[target])

    def _featurise_target(self, target: Target) -> list[Features]:
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

    def overrides(self) -> dict[tuple[str, str], Any]:
        """A copy of the reviewed verdicts (callers may add to it)."""
        return dict(self.reviewed)


# Fewer uncached documents than this are featurised in-process (a worker costs seconds to start).
PARALLEL_MIN = 40


def _featurise_chunk(
    documents: list[Document], keys: list[str], mappings: Path
) -> list[list[Features]]:
    from .cache import cached_features

    return [cached_features(d, mappings, k) for d, k in zip(documents, keys, strict=True)]
