"""Reading source files into normalised, segmented documents, and storing them in the corpus.

The cheap, bounded steps (size check, reading the bytes, sniffing the format, decoding plain
text) run here; parsing PDF/DOCX/HTML, normalising and segmenting run in a killable worker
process (``readers.worker``) so that ``--timeout`` really bounds the time one file can take.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import (
    CorpusError,
    InputError,
    LedelseError,
    LimitError,
    MissingFileError,
    UsageError,
)
from ..base.models import Document, DocumentMeta
from ..base.settings import MAX_CHARS, MAX_FILE_BYTES, MAX_PRINCIPLES, TIMEOUT_S
from ..sources.corpus import Corpus, check_id, sha256_bytes, slugify
from ..sources.readers import SourceText, detect_format, extract
from ..sources.readers.encoding import decode_text
from ..sources.readers.worker import Worker
from ..text.language import detect_language
from ..text.pipeline import normalise_text, segment_document

COUNTRY = {"da": "DK", "nb": "NO", "nn": "NO"}


@dataclass(frozen=True)
class IngestOptions:
    """Metadata and limits given on the command line (None: derive from the file).

    ``timeout`` <= 0 parses in-process without a time-out (library use, debugging).
    """

    id: str | None = None
    org: str | None = None
    lang: str | None = None
    kind: str = "policy"
    title: str | None = None
    year: int | None = None
    source: str | None = None
    encoding: str | None = None
    replace: bool = False
    skip_existing: bool = False
    max_bytes: int = MAX_FILE_BYTES
    max_chars: int = MAX_CHARS
    max_principles: int = MAX_PRINCIPLES
    timeout: float = TIMEOUT_S


@dataclass
class IngestReport:
    """Per-file outcome of a batch ingest: ids added, and (path, message) of each failure."""

    added: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (document id, warning)
    skipped: list[str] = field(default_factory=list)  # ids already in the corpus, same file


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing non-files and files over ``max_bytes`` before reading them.

    Raises:
        MissingFileError: no such file (exit 2, as an unknown id).
        InputError: a directory, a symlink loop, unreadable.
        LimitError: over ``max_bytes``.
    """
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError as e:
        raise MissingFileError(name) from e
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError("symbolic link loop", name) from e
        raise InputError(f"cannot read ({e.strerror})", name) from e
    if path.is_dir():
        raise InputError("is a directory, not a file", name)
    if not path.is_file():
        raise InputError("not a regular file", name)
    if st.st_size > max_bytes:
        raise LimitError(
            f"file is {st.st_size} bytes, over the --max-bytes limit of {max_bytes}", name
        )
    try:
        with path.open("rb") as fh:
            # The file may grow between stat and read; read at most one byte past the limit.
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as e:
        raise InputError("file vanished while being read", name) from e
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", name) from e
    if len(data) > max_bytes:
        raise LimitError(f"file is over the --max-bytes limit of {max_bytes}", name)
    return data


def read_source(
    path: Path,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_CHARS,
) -> SourceText:
    """Extract a file's text in this process (no time-out; see ``prepare`` for that)."""
    data = read_bytes(path, max_bytes)
    fmt = detect_format(data, path.suffix, str(path))
    return extract(data, fmt, str(path), encoding=encoding, max_chars=max_chars)


def _title_from(text: str, fallback: str) -> str:
    """The document's title: its first line that reads like one, not a lead-in ("Leiinga
    skal:", "Gå tilbake til:") and not a sentence ("Vi tar imot nye elever …", a caption, a
    "Publisert 22. mai 2015." byline); else its first line of title length; else ``fallback``."""
    lines = [(line.strip(), s) for line in text.split("\n")
             if 3 <= len(s := line.strip().lstrip("#■-* ").strip()) <= 120]
    for raw, s in lines:
        end = s.rstrip("\"”»'")
        if not (end.endswith(":") or (end.endswith(".") and len(s.split()) >= 5)
                or _LIST_ITEM.match(raw)):
            return s
    return lines[0][1] if lines else fallback


#: A bullet or numbered item ("• som byggherre", "1) sørgje for …", "- Gi de ansatte …"): part
#: of a list, not the document's title. A Markdown "# Title" or "■ Title" is not one.
_LIST_ITEM = re.compile(r"(?:[•◦▪▸►‣∙·–—*-]|\d{1,2}[.)])\s")


def prepare(
    path: Path,
    opts: IngestOptions,
    mappings: Path | None = None,
    *,
    worker: Worker | None = None,
) -> tuple[Document, bytes]:
    """Read, normalise and segment a file without storing it (also used for REF paths).

    Args:
        path: the file.
        opts: metadata and limits.
        mappings: mappings directory (segmenter rules, cruft patterns).
        worker: a running worker to reuse across a batch; else one is started for this file
            (unless ``opts.timeout`` <= 0, which parses in-process).

    Returns:
        The segmented document and the original bytes (stored byte-identical).

    Raises:
        UsageError: invalid ``--id``/``--org``.
        InputError: unreadable, empty or not a document; LimitError: over a limit.
    """
    from ..base.safetext import check_storable, file_name
    from ..sources.readers.encoding import check_encoding

    base = file_name(path)  # NFC: the NFD and NFC spellings of "Århus.txt" are one document
    doc_id = check_id(opts.id) if opts.id is not None else slugify(base)
    if opts.org is not None:
        check_id(opts.org, "org")
    if opts.encoding:
        check_encoding(opts.encoding)
    name = str(path)
    # Text that cannot be written as UTF-8 would break every later command that writes JSON
    # or a cache entry: refuse it here, with the option or file name it came from.
    check_storable(base, "the file name", name)
    for what, value in (("--title", opts.title), ("--source", opts.source)):
        if value is not None:
            check_storable(value, what, name)
    data = read_bytes(path, opts.max_bytes)
    if not data.strip():
        raise InputError("empty file" if not data else "file has only whitespace", name)
    fmt = detect_format(data, path.suffix, name)
    source = None
    if fmt in ("text", "markdown"):
        # Decoding is linear and safe: do it here so that binary files fail without a worker.
        text, enc = decode_text(data, name, opts.encoding)
        source = SourceText(text, enc, fmt)
    args = (
        name,
        path,
        doc_id,
        fmt,
        b"" if source else data,
        source,
        opts,
        mappings,
        sha256_bytes(data),
    )
    if opts.timeout <= 0:
        document = build_document(*args)
    elif worker is not None:
        document = worker.call(name, build_document, *args)
    else:
        with Worker(opts.timeout) as own:
            document = own.call(name, build_document, *args)
    return document, data


def build_document(
    name: str,
    path: Path,
    doc_id: str,
    fmt: str,
    data: bytes,
    source: SourceText | None,
    opts: IngestOptions,
    mappings: Path | None,
    sha256: str,
) -> Document:
    """Extract (if not yet), normalise, detect the language and segment: the parsing half."""
    if source is None:
        source = extract(data, fmt, name, encoding=opts.encoding, max_chars=opts.max_chars)
    elif len(source.text) > opts.max_chars:
        raise LimitError(f"text is over the --max-chars limit of {opts.max_chars} characters", name)
    text = normalise_text(source.text, mappings)
    if not text.strip():
        raise InputError("no text after normalisation (empty or only cruft)", name)
    lang = opts.lang
    if not lang:
        lang = detect_language(text)
    from ..base.safetext import check_storable, file_name

    check_storable(text, "the text", name)
    base = file_name(path)
    meta = DocumentMeta(
        id=doc_id,
        title=opts.title or _title_from(text, Path(base).stem),
        org=opts.org or doc_id,
        lang=lang,
        kind=opts.kind,
        country=COUNTRY.get(lang),
        year=opts.year,
        source=opts.source or base,
        original="original" + (path.suffix.lower() or ".txt"),
        sha256=sha256,
        encoding=source.encoding,
        pages=page_starts(source, text),
    )
    # A document in which no principle is found is stored with a warning, so that it can be
    # corrected by hand (`ledelse segment ID --save`); a batch of 300 pages goes on.
    document = segment_document(meta, text, mappings)
    if len(document.principles) > opts.max_principles:
        raise LimitError(
            f"{len(document.principles)} principles, over the --max-principles limit "
            f"of {opts.max_principles}",
            name,
        )
    return document


def page_starts(source: SourceText, text: str) -> tuple[int, ...]:
    """Where each page of ``source`` starts in the normalised ``text`` (PDFs; else empty).

    Normalisation drops cruft lines and joins broken bullets, so offsets cannot be carried
    over arithmetically; each page's first surviving line is looked up in order instead.
    """
    from ..text.normalize import normalise_unicode

    offsets = source.page_offsets
    if not offsets:
        return ()
    out: list[int] = []
    cursor = 0
    bounds = [*offsets, len(source.text)]
    for i in range(len(offsets)):
        page = normalise_unicode(source.text[bounds[i] : bounds[i + 1]])
        pos = None
        for line in [s.strip() for s in page.split("\n") if s.strip()][:8]:
            found = text.find(line, cursor)
            if found >= 0:
                pos = found
                break
        cursor = pos if pos is not None else cursor
        out.append(cursor)
    return tuple(out)


def ingest_paths(
    corpus: Corpus,
    paths: list[Path],
    opts: IngestOptions,
    *,
    progress: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest files one by one; a failing file is reported and the batch goes on.

    With a single path its error is raised as is (exit 2/3); with several, failures are
    collected in the report. ``progress`` is called after each file (for a progress bar).
    """
    if opts.id is not None and len(paths) > 1:
        raise UsageError("--id names one document; give one path or leave --id out")
    report = IngestReport()
    single = len(paths) == 1
    with Worker(opts.timeout) as worker:
        for path in paths:
            try:
                if opts.skip_existing and _already_ingested(corpus, path, opts):
                    report.skipped.append(opts.id or slugify(path.name))
                    continue
                document, original = prepare(path, opts, corpus.mappings, worker=worker)
                notes: list[str] = []
                corpus.add(document.meta, document.text, original, replace_existing=opts.replace,
                           notes=notes)
                report.added.append(document.id)
                report.warnings.extend((document.id, w) for w in document.meta.warnings)
                report.warnings.extend((document.id, w) for w in notes)
            except CorpusError:
                raise  # the corpus itself cannot be written: every other file would fail too
            except LedelseError as e:
                if single:
                    raise
                msg = str(e)
                report.failed.append((str(path), msg if str(path) in msg else f"{path}: {msg}"))
            except OSError as e:
                if single:
                    raise InputError(f"cannot read ({e.strerror})", str(path)) from e
                report.failed.append((str(path), f"{path}: cannot read ({e.strerror})"))
            finally:
                if progress is not None:
                    progress(path)
    return report


def _already_ingested(corpus: Corpus, path: Path, opts: IngestOptions) -> bool:
    """``--skip-existing``: the file's id is in the corpus, stored from these very bytes.

    The same id from other bytes is not skipped (it fails "already exists" unless
    ``--replace``): a re-run batch must not hide that a file changed.
    """
    doc_id = opts.id or slugify(path.name)
    if not corpus.has(doc_id):
        return False
    return corpus.meta(doc_id).sha256 == sha256_bytes(read_bytes(path, opts.max_bytes))


def expand_paths(args: list[str]) -> list[Path]:
    """Paths as given; directories contribute their supported files (sorted, no dot-files)."""
    from ..sources.readers import SUFFIXES

    out: list[Path] = []
    for a in args:
        p = Path(a)
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False  # a symlink loop: reported when the path is read
        if is_dir:
            try:
                entries = sorted(p.iterdir())
            except OSError:
                out.append(p)
                continue
            out.extend(
                f
                for f in entries
                if not f.name.startswith(".") and f.suffix.lower() in SUFFIXES and f.suffix
            )
        else:
            out.append(p)
    return out


__all__ = [
    "IngestOptions",
    "IngestReport",
    "SourceText",
    "build_document",
    "expand_paths",
    "ingest_paths",
    "prepare",
    "read_source",
]
