"""Checks of a corpus directory (`ledelse validate`), and carrying a hand-corrected
segmentation across ``ingest --replace``: what the commands rely on, checked the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .corpus import (
    _ID_RE,
    META_SCHEMA,
    RESERVED_IDS,
    STAGING,
    read_text_file,
    sha256_bytes,
)
from .corpusfs import read_regular
from .corpusfs import write_file as _write_file
from .corrections import load_segmentation
from .errors import CorpusError, InputError, ValidationError
from .models import DocumentMeta
from .yamlio import read_yaml, validate


def corpus_problems(root: Path) -> list[str]:
    """Every problem in the corpus at ``root``: meta files, hashes, hand-corrected
    segmentations, and every state of a file or directory that would make a command fail."""
    if not root.is_dir():
        if root.exists():
            return [f"{root}:0: the corpus path is not a directory"]
        return [f"{root}:0: corpus directory does not exist"]
    problems: list[str] = []
    try:
        entries = sorted(root.iterdir())
    except OSError as e:
        return [f"{root}:0: cannot list the corpus ({e.strerror})"]
    for d in entries:
        if d.name.startswith(".") or not d.is_dir():
            continue
        if not (d / "meta.yaml").exists():
            problems.append(f"{d}:0: not a document (no meta.yaml)")
        elif not _ID_RE.fullmatch(d.name) or d.name in RESERVED_IDS:
            problems.append(f"{d}:0: directory name is not a valid document id "
                            "(a reserved name, or not lower-case letters, digits and '-')")
        else:
            problems.extend(_check_document(d))
    for name, want_dir in ((STAGING, True), (".lock", False)):
        p = root / name
        if p.exists() and p.is_dir() != want_dir:
            kind = "a directory" if want_dir else "a file"
            problems.append(f"{p}:0: must be {kind} (the corpus's own bookkeeping)")
    return problems


def _check_document(d: Path) -> list[str]:
    meta_file = d / "meta.yaml"
    try:
        data = read_yaml(meta_file)
    except ValidationError as e:
        return list(e.problems)
    found = validate(data, META_SCHEMA, str(meta_file))
    if found:
        return found
    problems = []
    if data["id"] != d.name:
        problems.append(
            f"{meta_file}:{data.line_of('id')}: id: '{data['id']}' "
            f"does not match directory '{d.name}'"
        )
    files = _check_files(d, data)
    problems.extend(files)
    seg = d / "segmentation.yaml"
    if (seg.exists() or seg.is_symlink()) and not files:
        try:
            text = read_text_file(d / "text.txt")
            load_segmentation(seg, d.name, text, "unknown")
        except (ValidationError, CorpusError) as e:
            problems.extend(getattr(e, "problems", None) or [f"{seg}:0: {e}"])
    return problems


def _check_files(d: Path, data: Any) -> list[str]:
    meta_file = d / "meta.yaml"
    out = []
    original, text = d / data["original"], d / "text.txt"
    if Path(data["original"]).name != data["original"] or data["original"] in (
        "meta.yaml", "text.txt", "segmentation.yaml"
    ):
        return [f"{meta_file}:{data.line_of('original')}: original: must be a file name"]
    for path, key, what in ((original, "sha256", original.name), (text, "text_sha256", "text.txt")):
        try:
            raw = read_regular(path)
        except InputError as e:
            reason = str(e)[len(str(path)) + 2 :] if e.path else str(e)
            out.append(f"{meta_file}:{data.line_of(key)}: {key}: {what}: {reason}")
            continue
        if sha256_bytes(raw) != data[key]:
            out.append(f"{meta_file}:{data.line_of(key)}: {key}: does not match {what}")
        elif path == text:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as e:
                out.append(f"{meta_file}:0: text.txt is not UTF-8 ({e.reason} at byte {e.start})")
    return out


def carry_segmentation(
    old: Path, new: Path, meta: DocumentMeta, text: str, notes: list[str] | None
) -> None:
    """Keep a hand correction across ``ingest --replace`` when all its texts are still in the
    new text; else keep it beside the document as segmentation.yaml.bak, with a warning."""
    seg = old / "segmentation.yaml"
    if not seg.exists():
        return
    try:
        data = read_regular(seg)
    except InputError:
        data = None
    if data is not None:
        try:
            load_segmentation(seg, meta.id, text, meta.lang)
        except (ValidationError, InputError):
            pass
        else:
            _write_file(new / "segmentation.yaml", data)
            return
        _write_file(new / "segmentation.yaml.bak", data)
    if notes is not None:
        notes.append(
            "the hand-corrected segmentation.yaml does not fit the new text; it was moved to "
            "segmentation.yaml.bak and the automatic segmentation is used"
        )


def framework_problems(mappings: Path, corpus_dir: Path) -> list[str]:
    """Each framework's points against its document's hand-corrected segmentation: coverage
    needs a principle numbered as each point (a "1a" typed for "1" breaks it)."""
    from .corpus import Corpus
    from .frameworks import load_frameworks

    corpus = Corpus(corpus_dir, mappings)
    problems = []
    for fid, fw in load_frameworks(mappings).items():
        seg = corpus_dir / fw.document / "segmentation.yaml"
        if not seg.is_file() or not corpus.has(fw.document):
            continue
        try:
            numbers = {p.number for p in corpus.load(fw.document).principles}
        except (ValidationError, CorpusError, InputError):
            continue  # reported with the document
        missing = [p.number for p in fw.points if p.number not in numbers]
        if missing:
            problems.append(
                f"{seg}:0: principles: framework '{fid}' needs principles numbered "
                f"{', '.join(missing)}; numbers found: "
                f"{', '.join(sorted(n for n in numbers if n)) or 'none'}"
            )
    return problems
