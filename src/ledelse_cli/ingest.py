"""Reading source files into normalised text plus metadata, and storing them in the corpus."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Corpus, check_id, sha256_bytes, slugify
from .errors import InputError, LedelseError, UsageError
from .models import Document, DocumentMeta
from .pipeline import language_detector, normalise_text, segment_document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
MAX_FILE_BYTES = 50 * 1024 * 1024
COUNTRY = {"da": "DK", "nb": "NO", "nn": "NO"}


@dataclass(frozen=True)
class SourceText:
    """What a reader extracted from a file."""

    text: str
    encoding: str | None
    format: str
    page_offsets: tuple[int, ...] = ()


@dataclass(frozen=True)
class IngestOptions:
    """Metadata and limits given on the command line (None: derive from the file)."""

    id: str | None = None
    org: str | None = None
    lang: str | None = None
    kind: str = "policy"
    title: str | None = None
    year: int | None = None
    source: str | None = None
    encoding: str | None = None
    replace: bool = False
    max_bytes: int = MAX_FILE_BYTES


@dataclass
class IngestReport:
    """Per-file outcome of a batch ingest."""

    added: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def read_source(
    path: Path, *, encoding: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> SourceText:
    """Extract text from a file (plain text and Markdown here; other formats via readers)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as e:
        raise InputError("file not found", str(path)) from e
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", str(path)) from e
    if not path.is_file():
        raise InputError("not a regular file", str(path))
    if size > max_bytes:
        raise InputError(
            f"file is {size} bytes, over the --max-bytes limit of {max_bytes}", str(path)
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", str(path)) from e
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        text, enc = decode_text(data, str(path), encoding)
        return SourceText(text, enc, "markdown" if suffix in {".md", ".markdown"} else "text")
    raise InputError(f"unsupported file type '{suffix}' (supported: .txt, .md)", str(path))


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes: an explicit encoding, else BOM, else strict UTF-8, else cp1252."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as e:
            raise InputError(f"cannot decode as {encoding} ({e})", name) from e
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes), not a text file", name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _title_from(text: str, fallback: str) -> str:
    for line in text.split("\n"):
        s = line.strip().lstrip("#■ ").strip()
        if 3 <= len(s) <= 120:
            return s
    return fallback


def prepare(
    path: Path, opts: IngestOptions, mappings: Path | None = None
) -> tuple[Document, bytes]:
    """Read, normalise and segment a file without storing it (also used for REF paths)."""
    source = read_source(path, encoding=opts.encoding, max_bytes=opts.max_bytes)
    text = normalise_text(source.text, mappings)
    if not text.strip():
        raise InputError("no text after normalisation (empty or only cruft)", str(path))
    doc_id = check_id(opts.id) if opts.id is not None else slugify(path.name)
    lang = opts.lang
    if not lang:
        detect = language_detector()
        lang = detect(text) if detect else "unknown"
    original = path.read_bytes()
    meta = DocumentMeta(
        id=doc_id,
        title=opts.title or _title_from(text, path.stem),
        org=check_id(opts.org, "org") if opts.org is not None else doc_id,
        lang=lang,
        kind=opts.kind,
        country=COUNTRY.get(lang),
        year=opts.year,
        source=opts.source or path.name,
        original="original" + (path.suffix.lower() or ".txt"),
        sha256=sha256_bytes(original),
        encoding=source.encoding,
    )
    document = segment_document(meta, text, mappings)
    if not document.principles:
        raise InputError("no principles found (is this a leadership text?)", str(path))
    return document, original


def ingest_paths(corpus: Corpus, paths: list[Path], opts: IngestOptions) -> IngestReport:
    """Ingest files one by one; a failing file is reported and the batch goes on."""
    if opts.id is not None and len(paths) > 1:
        raise UsageError("--id names one document; give one path or leave --id out")
    report = IngestReport()
    for path in paths:
        try:
            document, original = prepare(path, opts, corpus.mappings)
            corpus.add(document.meta, document.text, original, replace_existing=opts.replace)
            report.added.append(document.id)
        except LedelseError as e:
            if len(paths) == 1:
                raise
            report.failed.append((str(path), str(e)))
        except OSError as e:
            if len(paths) == 1:
                raise InputError(f"cannot read ({e.strerror})", str(path)) from e
            report.failed.append((str(path), f"{path}: cannot read ({e.strerror})"))
    return report


def expand_paths(args: list[str]) -> list[Path]:
    """Paths as given; directories contribute their supported files (sorted)."""
    out: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


__all__ = ["IngestOptions", "IngestReport", "SourceText", "ingest_paths", "prepare", "read_source"]
