"""A corpus opened for analysis: documents, their features and rarity, loaded once per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .corpus import Corpus
from .errors import UsageError
from .features import Features, featurize
from .models import Document, Principle
from .refs import Source, resolve
from .yamlio import close_matches


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


@dataclass
class Workspace:
    """Corpus + mappings with per-document feature caching (one featurisation per run)."""

    corpus: Corpus
    mappings: Path = field(default_factory=lambda: settings.mappings_dir(None))
    _features: dict[str, list[Features]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(
        cls, corpus: str | Path | None = None, mappings: str | Path | None = None
    ) -> Workspace:
        mdir = settings.mappings_dir(mappings)
        return cls(Corpus(settings.corpus_dir(corpus), mdir), mdir)

    def source(self, ref: str) -> Source:
        return resolve(ref, self.corpus)

    def features_of(self, document: Document) -> list[Features]:
        key = f"{document.id}:{document.meta.sha256}:{document.hand_corrected}"
        if key not in self._features:
            from .cache import cached_features

            self._features[key] = cached_features(document, self.mappings)
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
        return [by_id[p.id] for p in principles]

    def background(self) -> list[list[Features]]:
        """Every corpus document's features: the population over which rarity is counted."""
        return [self.features_of(self.corpus.load(i)) for i in self.corpus.ids()]

    def target(self, ref: str) -> Target:
        """Resolve ``--against``: a framework id first, else any REF."""
        from .frameworks import load_frameworks

        frameworks = load_frameworks(self.mappings)
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
        documents = tuple(self.corpus.load(d) for d in target.documents if self.corpus.has(d))
        if not target.framework:
            return self.features(target.points, documents)
        base = {f.id.split("/", 1)[1]: f for d in documents for f in self.features_of(d)}
        out = []
        for p in target.points:
            f = base.get(p.number or "")
            out.append(Features(p, f.units) if f else featurize([p], self.mappings)[0])
        return out

    def overrides(self) -> dict[tuple[str, str], object]:
        from .mappingfile import load_mapping_files, reviewed_overrides

        return dict(reviewed_overrides(load_mapping_files(self.mappings)))
