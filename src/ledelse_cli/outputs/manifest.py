"""Run manifests: everything needed to reproduce (and cite) a result, as one JSON object.

A manifest records the tool version, hashes of every mappings file (taxonomy, frameworks,
alignment settings, the rarity background …), each analysed document's sha256 of its original
file and of its normalised text, where rarity came from (``background``: the fixed background
file and wordfreq version, or with ``--background corpus`` every corpus document), the matcher
settings, library versions and the command line. It is written beside every export
(``FILE.manifest.json``) and embedded in HTML reports.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..base.errors import InputError
from ..base.models import Document
from ..run.workspace import Workspace

MANIFEST_VERSION = 1
TOOL = "ledelse"
# Libraries whose versions can change a number we print (lemmas, language ids, fuzzy scores).
LIBRARIES = ("spacy", "simplemma", "rapidfuzz", "lingua-language-detector", "numpy", "scipy",
             "wordfreq", "jinja2", "matplotlib")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(TOOL)
    except PackageNotFoundError:  # running from a source tree without installation
        from ..base.version import __version__

        return __version__


def library_versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def mappings_hashes(mappings: Path) -> dict[str, Any]:
    """sha256 of each YAML file under ``mappings`` plus one combined hash over all of them.

    The combined hash is over sorted "relative path  sha256" lines, so it changes when any file
    is added, removed or edited, and not when the directory is moved. A directory without its
    own ``background.yaml`` is scored with the bundled one, which is then listed and hashed
    too (as ``bundled:background.yaml``); so is kl11's reader model (``point_model.yaml``).
    """
    from ..knowledge.background import FILE, background_path
    from ..knowledge.pointmodel import model_path

    files = sorted(p for p in mappings.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
    per_file = {p.relative_to(mappings).as_posix(): sha256_file(p) for p in files}
    background = FILE
    if FILE not in per_file:
        bundled = background_path(mappings)
        if bundled.is_file():
            background = f"bundled:{FILE}"
            per_file[background] = sha256_file(bundled)
    model = "point_model.yaml"  # kl11's reader model: the bundled one when the directory has none
    if model not in per_file and (found := model_path(mappings)) is not None:
        model = f"bundled:{model}"
        per_file[model] = sha256_file(found)
    combined = sha256_text("".join(f"{k}  {v}\n" for k, v in per_file.items()))
    return {
        "path": str(mappings),
        "sha256": combined,
        "taxonomy": per_file.get("taxonomy.yaml"),
        "frameworks": per_file.get("frameworks.yaml"),
        "alignment": per_file.get("alignment.yaml"),
        "background": per_file.get(background),
        "point_model": per_file.get(model),
        "files": per_file,
    }


def document_entry(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.meta.title,
        "org": document.meta.org,
        "lang": document.meta.lang,
        "kind": document.meta.kind,
        "year": document.meta.year,
        "source": document.meta.source,
        "sha256": document.meta.sha256,
        "text_sha256": sha256_text(document.text),
        "hand_corrected": document.hand_corrected,
        "principles": len(document.principles),
    }


def corpus_hash(entries: Iterable[Mapping[str, Any]]) -> str:
    """One hash for a set of documents: over sorted "id  text_sha256" lines."""
    lines = sorted(f"{e['id']}  {e['text_sha256']}\n" for e in entries)
    return sha256_text("".join(lines))


def build_manifest(
    workspace: Workspace,
    *,
    command: str,
    parameters: Mapping[str, Any] | None = None,
    refs: Iterable[str] = (),
    argv: Iterable[str] = (),
    now: _dt.datetime | None = None,
) -> dict[str, Any]:
    """The manifest of one run over ``refs`` (documents, orgs, files; empty: whole corpus).

    Args:
        workspace: the opened corpus and mappings.
        command: the subcommand (``"coverage"``).
        parameters: the options as parsed (paths and enums become strings).
        refs: every REF the run read, targets included; org REFs expand to their documents.
        argv: the raw command line, recorded verbatim.
        now: the timestamp (for tests); default: the current UTC time.
    """
    from ..matching.rarity import BackgroundKind

    documents: dict[str, Document] = {}
    wanted = list(dict.fromkeys(refs)) or workspace.corpus.ids()
    corpus_rarity = workspace.background_kind == BackgroundKind.corpus
    if corpus_rarity:
        # Every corpus document's counts entered every score: each is hashed.
        wanted = list(dict.fromkeys([*wanted, *workspace.corpus.ids()]))
    for ref in wanted:
        try:
            source = workspace.source(ref)
        except Exception:  # a framework id or unknown REF: recorded by the run itself
            continue
        for d in source.documents:
            documents.setdefault(d.id, d)
    entries = [document_entry(d) for d in documents.values()]
    when = (now or _dt.datetime.now(_dt.UTC)).replace(microsecond=0)
    return {
        "manifest_version": MANIFEST_VERSION,
        "tool": {"name": TOOL, "version": tool_version()},
        "created": when.isoformat(),
        "command": command,
        "parameters": {k: _plain(v) for k, v in (parameters or {}).items()},
        "argv": list(argv),
        "corpus": {"path": str(workspace.corpus.root), "sha256": corpus_hash(entries),
                   "documents": entries},
        "mappings": mappings_hashes(workspace.mappings),
        "background": background_entry(workspace, entries),
        "matcher": workspace.config.to_dict(),
        "libraries": library_versions(),
        "python": platform.python_version(),
    }


def background_entry(workspace: Workspace, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Where the run's rarity came from: the fixed background (file, version, sha256, the
    wordfreq version and the blend), or every corpus document (``entries``, already hashed)."""
    from ..matching.rarity import BackgroundKind

    if workspace.background_kind == BackgroundKind.corpus:
        ids = set(workspace.corpus.ids())
        counted = [e for e in entries if e["id"] in ids]
        return {"kind": "corpus", "documents": len(counted), "sha256": corpus_hash(counted)}
    return workspace.rarity().describe()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def manifest_path_for(output: Path) -> Path:
    """``report.html`` → ``report.html.manifest.json``."""
    return output.with_name(output.name + ".manifest.json")


def manifest_text(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def write_manifest(manifest: Mapping[str, Any], path: Path) -> Path:
    from .outfile import write_outputs

    write_outputs([(path, manifest_text(manifest).encode("utf-8"))])
    return path


# A manifest is a few levels deep; a hand-made one nested deeper is refused before parsing.
MAX_MANIFEST_DEPTH = 32
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def read_manifest(path: Path) -> dict[str, Any]:
    """A run manifest given to `cite`, with the shape `citation` relies on (InputError else)."""
    from ..base.corpusfs import read_regular
    from ..base.jsonlimits import check_json_depth

    name = str(path)
    raw = read_regular(path, MAX_MANIFEST_BYTES)
    try:
        text = raw.decode("utf-8")
        check_json_depth(text, MAX_MANIFEST_DEPTH, name)
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"not a readable manifest: {e}", name) from e
    problem = manifest_problem(data)
    if problem:
        raise InputError(f"not a ledelse manifest ({problem})", name)
    return data


def manifest_problem(data: Any) -> str | None:
    """What makes ``data`` unusable as a manifest for `cite`, or None."""
    if not isinstance(data, dict) or "tool" not in data or "corpus" not in data:
        return "no 'tool' or 'corpus'"
    tool, corpus = data["tool"], data["corpus"]
    if not isinstance(tool, dict) or not all(isinstance(tool.get(k), str)
                                             for k in ("name", "version")):
        return "'tool' needs a name and a version"
    if not isinstance(corpus, dict) or not isinstance(corpus.get("sha256"), str):
        return "'corpus' needs a sha256"
    if not isinstance(corpus.get("documents", []), list):
        return "'corpus' -> documents must be a list"
    if not isinstance(data.get("mappings", {}), dict):
        return "'mappings' must be a mapping"
    return None


def citation(manifest: Mapping[str, Any]) -> dict[str, str]:
    """How to cite a run: plain text and a BibTeX ``@software`` entry."""
    tool = manifest["tool"]
    created = str(manifest.get("created", ""))[:10]
    year = created[:4] or str(_dt.date.today().year)
    corpus = manifest["corpus"]
    mappings = manifest.get("mappings", {})
    n = len(corpus.get("documents", []))
    cmd = manifest.get("command") or "run"
    plain = (
        f"{tool['name']} {tool['version']} ({year}). Principle-level comparison of Danish and "
        f"Norwegian public-sector leadership texts. Run '{cmd}' on {created}; corpus of {n} "
        f"documents sha256:{corpus['sha256'][:16]}; mappings sha256:"
        f"{str(mappings.get('sha256', ''))[:16]}."
    )
    key = f"{tool['name']}{year}{corpus['sha256'][:6]}"
    bibtex = (
        f"@software{{{key},\n"
        f"  title   = {{{tool['name']}: principle-level comparison of Danish and Norwegian "
        f"leadership texts}},\n"
        f"  version = {{{tool['version']}}},\n"
        f"  year    = {{{year}}},\n"
        f"  date    = {{{created}}},\n"
        f"  note    = {{Run '{cmd}'; corpus sha256 {corpus['sha256']} ({n} documents); "
        f"mappings sha256 {mappings.get('sha256', '')}}}\n"
        f"}}\n"
    )
    docs = [d for d in corpus.get("documents", []) if isinstance(d, Mapping)]
    plain += "".join("\n" + _document_text(d) for d in docs)
    bibtex += "".join("\n" + _document_bibtex(d) for d in docs)
    return {"text": plain, "bibtex": bibtex}


def _url(source: str) -> str | None:
    found = _URL.search(source)
    return found.group(0).rstrip(".,;)") if found else None


_URL = re.compile(r"https?://\S+")


def _author(entry: Mapping[str, Any]) -> str:
    """Who published a document: the part of meta.yaml's ``source`` before its first comma
    ("Gladsaxe Kommune, ledelsesgrundlag" → Gladsaxe Kommune) unless that is a URL, else
    the org id."""
    source = str(entry.get("source") or "")
    head = source.split(",")[0].strip()
    return head if head and not _url(head) and len(head) <= 80 else str(entry.get("org") or "")


def _document_text(entry: Mapping[str, Any]) -> str:
    """One document read by the run: organisation, title, year, where from, hash."""
    year = f" ({entry['year']})" if entry.get("year") else ""
    source = entry.get("source")
    url = _url(str(source or ""))
    where = f" {url}." if url else (f" Source: {source}." if source else "")
    return (f"{_author(entry)}{year}. {entry.get('title', entry.get('id'))}. Organisation: "
            f"{entry.get('org')}; corpus id {entry.get('id')}.{where} sha256:"
            f"{str(entry.get('sha256', ''))[:16]}.")


def _document_bibtex(entry: Mapping[str, Any]) -> str:
    source = str(entry.get("source") or "")
    url = _url(source)
    fields = [("author", f"{{{_author(entry)}}}"), ("title", str(entry.get("title", ""))),
              ("organization", str(entry.get("org", "")))]
    if entry.get("year"):
        fields.append(("year", str(entry["year"])))
    if url:
        fields.append(("url", url))
    elif source:
        fields.append(("howpublished", source))
    fields.append(("note", f"ledelse corpus id {entry.get('id')}; sha256 "
                           f"{entry.get('sha256', '')}"))
    body = ",\n".join(f"  {k:<12} = {{{v}}}" for k, v in fields)
    return f"@misc{{{entry.get('id')},\n{body}\n}}\n"
