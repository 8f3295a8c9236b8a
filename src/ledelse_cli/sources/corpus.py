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

import functools
import hashlib
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..base import settings
from ..base.errors import CorpusError, UnknownRefError, UsageError, ValidationError
from ..base.models import Document, DocumentMeta
from ..base.schema import Int, ListOf, Optional, Record, Str, load_validated, validate
from ..base.vocab import DOCUMENT_LANGS
from ..base.yamlio import atomic_write_text, close_matches, dump_yaml, read_yaml
from .corrections import load_segmentation, principle_yaml

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
_ID_RE = re.compile(ID_PATTERN)
# Windows device names and our own bookkeeping names can never be ids.
RESERVED_IDS = frozenset(
    ["con", "prn", "aux", "nul", "lock", "staging", "corpus", "cache"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)
LANGS = DOCUMENT_LANGS
KINDS = ("framework", "policy", "article", "press", "slides", "other")
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
    """A corpus id from a file name: ``Aarhus Grundlag 2021.pdf`` → ``aarhus-grundlag-2021``."""
    stem = Path(name).stem.lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        stem = stem.replace(a, b)
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
            raise UsageError(settings.no_corpus_message(self.root))

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.name
            for p in self.root.iterdir()
            if p.is_dir() and not p.name.startswith(".") and (p / "meta.yaml").is_file()
        )

    def owns(self, doc_id: str) -> bool:
        """The corpus itself holds the document (not only the bundled frameworks)."""
        return bool(_ID_RE.fullmatch(doc_id)) and (self.root / doc_id / "meta.yaml").is_file()

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
        data = load_validated(self.path(doc_id) / "meta.yaml", META_SCHEMA)
        return meta_from_dict(data)

    def metas(self) -> list[DocumentMeta]:
        return [self.meta(i) for i in self.ids()]

    def orgs(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for m in self.metas():
            out.setdefault(m.org, []).append(m.id)
        return out

    def text(self, doc_id: str) -> str:
        path = self.path(doc_id) / "text.txt"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CorpusError(f"{path}: cannot read normalised text ({e})") from e

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

        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".lock"), timeout=LOCK_TIMEOUT_S)
        try:
            with lock:
                self._recover()
                yield
        except Timeout as e:
            raise CorpusError(
                f"{self.root}: corpus is locked by another ledelse process "
                f"(waited {LOCK_TIMEOUT_S:.0f} s)"
            ) from e

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
    ) -> Path:
        """Store a document. The directory appears whole or not at all (rename is atomic)."""
        check_id(meta.id)
        check_id(meta.org, "org")
        with self.lock():
            target = self.root / meta.id
            if target.exists() and not replace_existing:
                raise UsageError(f"document '{meta.id}' already exists (use --replace)")
            staging = self.root / STAGING
            staging.mkdir(exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f"new-{meta.id}-", dir=staging))
            tmp.chmod(0o755)
            _write_file(tmp / (meta.original or "original.txt"), original)
            _write_file(tmp / "text.txt", text.encode("utf-8"))
            _write_file(tmp / "meta.yaml", dump_yaml(_meta_to_yaml(meta, text)).encode("utf-8"))
            _fsync_dir(tmp)
            _fsync_dir(staging)
            if target.exists():
                if _exchange(tmp, target):
                    # One atomic swap: readers never see the document missing. ``tmp`` now
                    # holds the old version; rename it so a crash mid-rmtree is only litter.
                    _fsync_dir(self.root)
                    shutil.rmtree(tmp, ignore_errors=True)
                else:
                    # No atomic exchange here (not Linux, or the file system refuses): move the
                    # old version aside first; ``_recover`` puts it back if we die in between.
                    old = Path(tempfile.mkdtemp(prefix=f"old-{meta.id}-", dir=staging))
                    os.rmdir(old)
                    os.replace(target, old)
                    os.replace(tmp, target)
                    _fsync_dir(self.root)
                    shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, target)
                _fsync_dir(self.root)
            return target

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
            if not self.owns(document.id) and document.id in bundled_documents():
                self._copy_bundled(document.id)
            atomic_write_text(path, header + dump_yaml(body))
        return path

    def _copy_bundled(self, doc_id: str) -> None:
        """Copy a bundled framework document into the corpus, whole or not at all (locked)."""
        staging = self.root / STAGING
        staging.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"new-{doc_id}-", dir=staging))
        source = settings.BUNDLED_FRAMEWORKS / doc_id
        for name in ("meta.yaml", "text.txt", load_validated(source / "meta.yaml", META_SCHEMA)[
            "original"
        ]):
            _write_file(tmp / name, (source / name).read_bytes())
        _fsync_dir(tmp)
        tmp.chmod(0o755)
        os.replace(tmp, self.root / doc_id)
        _fsync_dir(self.root)

    # ------------------------------------------------------------------ checking

    def validate(self) -> list[str]:
        """Every problem in the corpus: meta files, hashes, hand-corrected segmentations."""
        problems: list[str] = []
        if not self.root.is_dir():
            return [f"{self.root}:0: corpus directory does not exist"]
        for d in sorted(self.root.iterdir()):
            if d.name.startswith(".") or not d.is_dir():
                continue
            meta_file = d / "meta.yaml"
            if not meta_file.is_file():
                problems.append(f"{d}:0: not a document (no meta.yaml)")
                continue
            try:
                data = read_yaml(meta_file)
            except ValidationError as e:
                problems.extend(e.problems)
                continue
            found = validate(data, META_SCHEMA, str(meta_file))
            problems.extend(found)
            if found:
                continue
            if data["id"] != d.name:
                problems.append(
                    f"{meta_file}:{data.line_of('id')}: id: '{data['id']}' "
                    f"does not match directory '{d.name}'"
                )
            problems.extend(_check_files(d, data))
            seg = d / "segmentation.yaml"
            if seg.is_file() and not _check_files(d, data):
                try:
                    load_segmentation(seg, d.name, (d / "text.txt").read_text("utf-8"), "unknown")
                except ValidationError as e:
                    problems.extend(e.problems)
        return problems


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


def validate_corpus(corpus_dir: str | os.PathLike[str]) -> list[str]:
    """Problems in a corpus directory, as ``file:line: key: message`` lines."""
    return Corpus(corpus_dir).validate()


def _check_files(d: Path, data: Any) -> list[str]:
    meta_file = d / "meta.yaml"
    out = []
    original, text = d / data["original"], d / "text.txt"
    if Path(data["original"]).name != data["original"]:
        return [f"{meta_file}:{data.line_of('original')}: original: must be a file name"]
    if not original.is_file():
        out.append(f"{meta_file}:{data.line_of('original')}: original: file is missing")
    elif sha256_bytes(original.read_bytes()) != data["sha256"]:
        out.append(f"{meta_file}:{data.line_of('sha256')}: sha256: does not match {original.name}")
    if not text.is_file():
        out.append(f"{meta_file}:0: text.txt is missing")
    elif sha256_bytes(text.read_bytes()) != data["text_sha256"]:
        out.append(
            f"{meta_file}:{data.line_of('text_sha256')}: text_sha256: does not match text.txt"
        )
    return out


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories with Linux ``renameat2(RENAME_EXCHANGE)``.

    Returns False (and changes nothing) where the call is unavailable or refused, so the
    caller can fall back to a two-step replace.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # musl before 1.2.?, old glibc
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    from ..base.version import __version__

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
