"""Checks of a corpus directory (`ledelse validate`): what the commands rely on, checked the
same way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..base.corpusfs import read_regular
from ..base.errors import CorpusError, InputError, ValidationError
from ..base.schema import validate
from ..base.yamlio import read_yaml
from .corpus import (
    _ID_RE,
    META_SCHEMA,
    RESERVED_IDS,
    STAGING,
    read_text_file,
    sha256_bytes,
)
from .corrections import load_segmentation


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


def validate_corpus(corpus_dir: str | os.PathLike[str]) -> list[str]:
    """Problems in a corpus directory, as ``file:line: key: message`` lines."""
    return corpus_problems(Path(corpus_dir))
