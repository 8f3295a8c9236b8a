"""The on-disk corpus: one readable directory per document, written atomically under a lock.

Layout of ``corpus/<id>/``:
    meta.yaml          id, title, org, lang, kind, country, year, source, sha256 …
    text.txt           the normalised text; every span points into it
    original.<ext>     the file as it was ingested (byte-identical, hash in meta.yaml)
    segmentation.yaml  optional hand-corrected segmentation that replaces the automatic one

The documents of the bundled frameworks (kl11, ks10, lk7) are readable through every corpus,
even an empty one: an id the corpus does not hold is looked up among them (read-only). A corpus
may hold its own copy of such a document (ingested, or hand-corrected with ``segment --save``);
its own copy wins. ``ids()`` lists only the corpus's own documents.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..base import settings
from ..base.corpusfs import corpus_write_error, read_regular
from ..base.corpusfs import exchange as _exchange
from ..base.corpusfs import fsync_dir as _fsync_dir
from ..base.corpusfs import write_file as _write_file
from ..base.errors import CorpusError, InputError, UnknownRefError, UsageError
from ..base.models import Document, DocumentMeta
from ..base.safetext import check_all_storable, check_storable
from ..base.schema import Int, ListOf, Optional, Record, Str, load_validated
from ..base.version import __version__
from ..base.vocab import DOCUMENT_KINDS, DOCUMENT_LANGS
from ..base.yamlio import atomic_write_text, close_matches, dump_yaml
from .bundled import bundled_documents, copy_bundled
from .corrections import carry_segmentation, load_segmentation, principle_yaml

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
_ID_RE = re.compile(ID_PATTERN)
# Windows device names and our own bookkeeping names can never be ids.
RESERVED_IDS = frozenset(
    ["con", "prn", "aux", "nul", "lock", "staging", "corpus", "cache"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)
LANGS = DOCUMENT_LANGS
KINDS = DOCUMENT_KINDS
STAGING = ".staging"
LOCK_TIMEOUT_S = 30.0

META_SCHEMA = Record(
    required={
        "id": Str(pattern=ID_PATTERN),
        "title": Str(),
        "org": Str(pattern=ID_PATTERN),
        "lang": Str(choices=LANGS),
        "kind": Str(choices=KINDS),
        "sha256": Str(pattern=r"[0-9a-f]{64}"),
        "text_sha256": Str(pattern=r"[0-9a-f]{64}"),
        "original": Str(),
    },
    optional={
        "country": Optional(Str(choices=("DK", "NO", "other"))),
        "year": Optional(Int(min=1900, max=2100)),
        "source": Optional(Str()),
        "encoding": Optional(Str()),
        "format": Optional(Str()),
        "pages": Optional(ListOf(Int(min=0))),
        "warnings": Optional(ListOf(Str())),
        "tool_version": Optional(Str()),
    },
)
def check_id(value: str, what: str = "id") -> str:
    """Return ``value`` if it is a safe slug, else raise UsageError (no traversal, no devices)."""
    if not _ID_RE.fullmatch(value or "") or value in RESERVED_IDS:
        raise UsageError(
            f"invalid {what} '{value}': use 1-63 lower-case letters, digits and '-' "
            "(starting with a letter or digit), not a reserved name"
        )
    return value


def slugify(name: str) -> str:
    """A corpus id from a file name: ``Aarhus Grundlag 2021.pdf`` → ``aarhus-grundlag-2021``.

    NFKC first, so NFD and NFC spellings of "Århus" give one id and full-width letters their
    ASCII ones; other accents are dropped (``Café`` → ``cafe``).
    """
    stem = unicodedata.normalize("NFKC", Path(name).stem).lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        stem = stem.replace(a, b)
    stem = "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:63].strip("-")
    if not slug or slug in RESERVED_IDS:
        slug = f"doc-{slug}".strip("-")
    return slug


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Corpus:
    """A corpus directory. Reading needs no lock; every write takes ``.lock``."""

    def __init__(self, root: str | os.PathLike[str], mappings: Path | None = None):
        self.root = Path(root)
        self.mappings = mappings

    # ------------------------------------------------------------------ reading

    def exists(self) -> bool:
        return self.root.is_dir()

    def require(self) -> None:
        """For commands that read the corpus's own documents: a usage error saying where the
        corpus was looked for and how to name or start one, when there is none."""
        if not self.exists():
            # A path that is there but is no directory is a broken setting (exit 3, as
            # `validate` says); a corpus that is not there is a usage question (exit 2).
            error = CorpusError if self.root.exists() else UsageError
            raise error(settings.no_corpus_message(self.root))

    def ids(self) -> list[str]:
        """Ids of the documents (a missing corpus has none; a corpus path naming a file, or a
        document directory whose name cannot be an id, is a CorpusError)."""
        if not self.root.is_dir():
            if self.root.exists() or self.root.is_symlink():
                raise CorpusError(f"{self.root}: the corpus path is not a directory")
            return []
        try:
            entries = list(self.root.iterdir())
        except OSError as e:
            raise CorpusError(f"{self.root}: cannot list the corpus ({e.strerror})") from e
        out = []
        for p in entries:
            if p.name.startswith(".") or not p.is_dir() or not (p / "meta.yaml").exists():
                continue
            if not _ID_RE.fullmatch(p.name) or p.name in RESERVED_IDS:
                raise CorpusError(
                    f"{p}: document directory name is not a valid id (reserved or not a slug); "
                    "rename it (see `ledelse validate`)"
                )
            out.append(p.name)
        return sorted(out)

    def owns(self, doc_id: str) -> bool:
        """The corpus itself holds the document (not only the bundled frameworks). exists(),
        not is_file(): a meta.yaml that is a FIFO or a directory is a broken document (named
        when read), not an unknown one."""
        return bool(_ID_RE.fullmatch(doc_id)) and (self.root / doc_id / "meta.yaml").exists()

    def has(self, doc_id: str) -> bool:
        return self.owns(doc_id) or doc_id in bundled_documents()

    def path(self, doc_id: str) -> Path:
        """The document's directory: the corpus's own, else the bundled framework's."""
        check_id(doc_id)
        if not self.owns(doc_id) and doc_id in bundled_documents():
            return settings.BUNDLED_FRAMEWORKS / doc_id
        return self.root / doc_id

    def meta(self, doc_id: str) -> DocumentMeta:
        if not self.has(doc_id):
            known = sorted(set(self.ids()) | bundled_documents())
            raise UnknownRefError(doc_id, "document", close_matches(doc_id, known))
        return self.as_read(doc_id, self.stored_meta(doc_id))

    def stored_meta(self, doc_id: str) -> DocumentMeta:
        """``meta.yaml`` as stored (``meta`` is what the document is read with)."""
        return meta_from_dict(load_validated(self.path(doc_id) / "meta.yaml", META_SCHEMA))

    def as_read(self, doc_id: str, meta: DocumentMeta) -> DocumentMeta:
        """What the segmenter said of its reading ("check the reading …") no longer applies
        once a person's segmentation (``segmentation.yaml``) replaces it."""
        if meta.warnings and (self.path(doc_id) / "segmentation.yaml").is_file():
            return replace(meta, warnings=())
        return meta

    def metas(self) -> list[DocumentMeta]:
        return [self.meta(i) for i in self.ids()]

    def orgs(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for m in self.metas():
            out.setdefault(m.org, []).append(m.id)
        return out

    def text(self, doc_id: str) -> str:
        return read_text_file(self.path(doc_id) / "text.txt")

    def corrected(self, doc_id: str) -> Document | None:
        """The document as hand-corrected in its ``segmentation.yaml``, or None when it has
        none (the store keeps data; segmenting is ``text.pipeline.load_document``'s job)."""
        seg_file = self.path(doc_id) / "segmentation.yaml"
        if not seg_file.is_file():
            return None
        meta, text = self.meta(doc_id), self.text(doc_id)
        principles = load_segmentation(seg_file, doc_id, text, meta.lang)
        return Document(meta, text, principles, hand_corrected=True)

    # ------------------------------------------------------------------ writing

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the corpus lock (a real OS file lock); recover an interrupted replace first."""
        from filelock import FileLock, Timeout

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.root / ".lock"), timeout=LOCK_TIMEOUT_S)
            lock.acquire()
        except Timeout as e:
            raise CorpusError(
                f"{self.root}: corpus is locked by another ledelse process "
                f"(waited {LOCK_TIMEOUT_S:.0f} s)"
            ) from e
        except OSError as e:
            raise corpus_write_error(self.root, e) from e
        try:
            self._recover()
            yield
        except OSError as e:
            raise corpus_write_error(self.root, e) from e
        finally:
            lock.release()

    def _recover(self) -> None:
        staging = self.root / STAGING
        if not staging.is_dir():
            return
        for entry in staging.iterdir():
            # "old-<id>-<rand>": a replaced document; if the new one never landed, put it back.
            m = re.fullmatch(rf"old-({ID_PATTERN})-\w+", entry.name)
            if m and not (self.root / m.group(1)).exists():
                os.replace(entry, self.root / m.group(1))
            else:
                shutil.rmtree(entry, ignore_errors=True)

    def add(
        self,
        meta: DocumentMeta,
        text: str,
        original: bytes,
        *,
        replace_existing: bool = False,
        notes: list[str] | None = None,
    ) -> Path:
        """Store a document. The directory appears whole or not at all (rename is atomic).

        Replacing keeps a hand-corrected segmentation.yaml whose texts all occur in the new
        text; otherwise it is kept as segmentation.yaml.bak and a warning is added to ``notes``.
        """
        check_id(meta.id)
        check_id(meta.org, "org")
        record = _meta_to_yaml(meta, "")
        check_all_storable(record, "metadata", meta.id)
        check_storable(text, "text", meta.id)
        with self.lock():
            target = self.root / meta.id
            if target.exists() and not replace_existing:
                raise UsageError(f"document '{meta.id}' already exists (use --replace)")
            staging = self.root / STAGING
            if staging.exists() and not staging.is_dir():
                raise CorpusError(f"{staging}: is a file; the corpus needs it as a directory")
            staging.mkdir(exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f"new-{meta.id}-", dir=staging))
            try:
                tmp.chmod(0o755)
                _write_file(tmp / (meta.original or "original.txt"), original)
                _write_file(tmp / "text.txt", text.encode("utf-8"))
                _write_file(tmp / "meta.yaml", dump_yaml(_meta_to_yaml(meta, text)).encode("utf-8"))
                if target.is_dir():
                    carry_segmentation(target, tmp, meta, text, notes)
                _fsync_dir(tmp)
                _fsync_dir(staging)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            if target.exists():
                self._swap(tmp, target, staging, meta.id)
            else:
                os.replace(tmp, target)
                _fsync_dir(self.root)
            return target

    def _swap(self, tmp: Path, target: Path, staging: Path, doc_id: str) -> None:
        if _exchange(tmp, target):
            # One atomic swap: readers never see the document missing. ``tmp`` now
            # holds the old version; rename it so a crash mid-rmtree is only litter.
            _fsync_dir(self.root)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            # No atomic exchange here (not Linux, or the file system refuses): move the
            # old version aside first; ``_recover`` puts it back if we die in between.
            old = Path(tempfile.mkdtemp(prefix=f"old-{doc_id}-", dir=staging))
            os.rmdir(old)
            os.replace(target, old)
            os.replace(tmp, target)
            _fsync_dir(self.root)
            shutil.rmtree(old, ignore_errors=True)

    def save_segmentation(self, document: Document) -> Path:
        """Write a segmentation as the hand-correction starting point (atomic, locked).

        A bundled framework document is first copied into the corpus (the copy then wins),
        so a hand correction never writes into the installed package."""
        path = self.root / check_id(document.id) / "segmentation.yaml"
        header = (
            "# Hand-corrected segmentation of this document. While this file exists it replaces\n"
            "# the automatic segmentation. Edit text, titles and items; spans are re-found from\n"
            "# the text when they no longer match text.txt. Delete the file to go back.\n"
        )
        body = {
            "document": document.id,
            "principles": [principle_yaml(p) for p in document.principles],
        }
        with self.lock():
            try:
                if not self.owns(document.id) and document.id in bundled_documents():
                    copy_bundled(document.id, self.root, self.root / STAGING)
                atomic_write_text(path, header + dump_yaml(body))
            except OSError as e:
                raise corpus_write_error(self.root, e) from e
        return path


def read_text_file(path: Path) -> str:
    """A corpus text.txt: a regular file under the size limit, UTF-8, read as ``read_text``
    reads it (universal newlines), so spans point into the same string everywhere."""
    try:
        raw = read_regular(path)
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except InputError as e:
        raise CorpusError(f"{e} (the normalised text)") from e
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}: cannot read normalised text (not UTF-8: {e.reason})") from e


def meta_from_dict(data: Any) -> DocumentMeta:
    """A DocumentMeta from a validated meta.yaml mapping (or its JSON cache copy)."""
    return DocumentMeta(
        id=data["id"],
        title=data["title"],
        org=data["org"],
        lang=data["lang"],
        kind=data["kind"],
        country=data.get("country"),
        year=data.get("year"),
        source=data.get("source"),
        original=data["original"],
        sha256=data["sha256"],
        encoding=data.get("encoding"),
        pages=tuple(data.get("pages") or ()),
        warnings=tuple(data.get("warnings") or ()),
    )


def _meta_to_yaml(meta: DocumentMeta, text: str) -> dict[str, Any]:
    out = {
        "id": meta.id,
        "title": meta.title,
        "org": meta.org,
        "lang": meta.lang,
        "kind": meta.kind,
        "country": meta.country,
        "year": meta.year,
        "source": meta.source,
        "original": meta.original,
        "sha256": meta.sha256,
        "text_sha256": sha256_bytes(text.encode("utf-8")),
        "encoding": meta.encoding,
        "pages": list(meta.pages) or None,
        "warnings": list(meta.warnings) or None,
        "tool_version": __version__,
    }
    return {k: v for k, v in out.items() if v is not None}
