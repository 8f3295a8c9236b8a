"""Safe YAML reading with line numbers, and a small schema checker that reports every problem.

Why not plain ``yaml.safe_load``: it silently keeps the last of two duplicate keys, turns an
unquoted ``no`` (Norwegian!) into ``False`` under YAML 1.1, and loses line numbers, so a
researcher editing a taxonomy by hand gets neither a warning nor a place to look.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from .errors import ValidationError

T = TypeVar("T")

MAX_YAML_BYTES = 5 * 1024 * 1024
# Deepest nesting of mappings and lists accepted. Hand-edited files need a handful of levels;
# the loaders recurse per level, and ~200 levels used to end in RecursionError (exit 1).
MAX_YAML_DEPTH = 64


def _too_deep(mark: Any) -> yaml.YAMLError:
    return yaml.composer.ComposerError(
        None, None, f"nested more than {MAX_YAML_DEPTH} levels deep", mark
    )


class LineDict(dict[Any, Any]):
    """A mapping that remembers the line (1-based) of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence that remembers its own line and each element's line."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 yes/no/on/off booleans, with duplicate-key detection."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases are refused outright: hand-edited mappings never need them, and a few nested
        # aliases ("billion laughs") would make the schema walk below visit billions of nodes.
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        # The depth is counted as nodes are composed, before any is built: deep nesting is
        # refused with its line instead of exhausting the interpreter's recursion limit.
        if self._depth >= MAX_YAML_DEPTH:
            raise _too_deep(self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Keep only true/false as booleans: "no", "nb", "nn", "on", "off", "yes", "y", "n" stay strings.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int, first: int):
        self.key, self.line, self.first = key, line, first
        super().__init__(f"duplicate key '{key}' (first at line {first})")


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as e:
            raise yaml.constructor.ConstructorError(
                None, None, "unhashable key", key_node.start_mark
            ) from e
        line = key_node.start_mark.line + 1
        if key in result:
            raise _DuplicateKey(key, line, result.key_lines[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode, deep: bool = False) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml's C parser (~10x faster): the fast path for valid files.

    The C composer resolves aliases itself, so a node met twice during construction is refused
    here instead. Any error sends the text through ``_Loader`` again, so messages and line
    numbers are always the pure-Python loader's.
    """

    _depth = 0

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (*name) are not allowed", node.start_mark
            )
        if self._depth >= MAX_YAML_DEPTH:  # libyaml composes without recursing in Python
            raise _too_deep(node.start_mark)
        self._depth += 1
        try:
            return super().construct_object(node, deep)
        finally:
            self._depth -= 1


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_FastLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_FastLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


_KEY_LINE = re.compile(
    r"^(?P<indent>[ \t]*(?:-[ \t]+)*)(?P<key>[^\s#\-\[{'\"][^:#]*?|'[^']*'|\"[^\"]*\")"
    r"[ \t]*:(?:[ \t]|$)"
)


def _key_path_at(text: str, line: int) -> str:
    """Best-effort key path (``a -> b``) of the block-mapping key at or above a 1-based line.

    Used for syntax errors, where PyYAML gives only a position: the researcher still gets a
    key to look for. Walks upwards collecting keys with strictly smaller indentation.
    """
    lines = text.splitlines()
    path: list[str] = []
    limit: int | None = None
    for i in range(min(line, len(lines)) - 1, -1, -1):
        m = _KEY_LINE.match(lines[i])
        if not m:
            continue
        indent = len(m.group("indent"))
        if limit is None or indent < limit:
            path.append(m.group("key").strip().strip("'\""))
            limit = indent
            if indent == 0:
                break
    return " -> ".join(reversed(path)) if path else "(top)"


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text safely; raise ValidationError with ``name:line: key: message`` on errors.

    Strings that cannot be written as UTF-8 (``"\\uD800"``: a lone surrogate) are errors here,
    for every YAML file, so no command meets them later.
    """
    try:
        data = yaml.load(text, Loader=_FastLoader)  # a (C)SafeLoader subclass
    except yaml.YAMLError:
        data = _parse_slowly(text, name)  # for the pure-Python loader's message and line
    from .safetext import first_unstorable

    bad = first_unstorable(data)
    if bad is not None:
        line, where = bad
        where_text = " -> ".join(where) if where else "(top)"
        raise ValidationError(
            [f"{name}:{line}: {where_text}: not valid Unicode text (a lone surrogate escape)"],
            name,
        )
    return data


def _parse_slowly(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader subclass
    except _DuplicateKey as e:
        where = _key_path_at(text, e.line)
        raise ValidationError([f"{name}:{e.line}: {where}: {e}"], name) from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        problem = (e.problem or str(e)).strip()
        started = (
            f" started at line {e.context_mark.line + 1}"
            if e.context_mark and e.problem_mark and e.context_mark.line != e.problem_mark.line
            else ""
        )
        # PyYAML's parser vocabulary ("<block end>") means nothing to a researcher editing a
        # taxonomy by hand; say what is usually wrong instead, keeping PyYAML's words after it.
        if "could not determine a constructor" in problem:
            problem = "tags are not allowed (" + problem.split("tag ")[-1].strip() + ")"
        elif "cannot start any token" in problem and "\\t" in problem:
            problem = "tab characters are not allowed; indent with spaces"
        elif "expected <block end>" in problem or "block mapping" in (e.context or ""):
            problem = (
                f"bad indentation: this line does not line up with the block{started} ({problem})"
            )
        elif "mapping values are not allowed" in problem:
            problem = (
                "bad indentation or a missing space after ':' or '-' "
                "(mapping values are not allowed here)"
            )
        elif e.context:
            problem = f"{problem} ({e.context.strip()}{started})"
        where = _key_path_at(text, line)
        raise ValidationError([f"{name}:{line}: {where}: {problem}"], name) from e
    except yaml.YAMLError as e:
        raise ValidationError([f"{name}:0: (top): {e}"], name) from e


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """Read and parse a YAML file with the safe loader; size-capped and UTF-8 only."""
    from .corpusfs import read_regular
    from .errors import InputError

    p = Path(path)
    try:
        raw = read_regular(p, MAX_YAML_BYTES)  # a FIFO or /dev/zero is refused, not read
    except InputError as e:
        reason = str(e)[len(str(p)) + 2 :] if e.path else str(e)
        raise ValidationError([f"{p}:0: {reason}"], str(p)) from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValidationError([f"{p}:0: not UTF-8 ({e.reason} at byte {e.start})"], str(p)) from e
    if "\x00" in text:
        raise ValidationError([f"{p}:0: contains NUL bytes (binary file?)"], str(p))
    return parse_yaml(text, str(p))


def dump_yaml(data: Any) -> str:
    """Dump plain data as readable, diffable YAML (insertion order, unicode kept)."""
    return yaml.safe_dump(
        _plain(data), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    return data


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write a file atomically: temp file in the same directory, fsync, os.replace."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# --------------------------------------------------------------------------- schema checking


























def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Close spellings of ``word`` among candidates (for 'did you mean' hints)."""
    import difflib

    # Case does not count: `KL11` is one letter case away from `kl11`, not four letters.
    by_fold: dict[str, str] = {}
    for c in candidates:
        by_fold.setdefault(c.casefold(), c)
    near = difflib.get_close_matches(word.casefold(), list(by_fold), n=n, cutoff=0.6)
    return [by_fold[c] for c in near]








def line_of(container: Any, key: Any) -> int:
    """Line of a key in a LineDict / index in a LineList, or 0 when unknown."""
    if isinstance(container, LineDict | LineList):
        return container.line_of(key)
    return 0


# --------------------------------------------------------------------------- loaded files

_LOADED: dict[tuple[Any, ...], Any] = {}


def file_version(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """What a loaded file is cached by: its resolved path, modification time and size.

    Raises:
        ValidationError: The file cannot be read.
    """
    p = Path(path)
    try:
        st = p.stat()
    except OSError as e:
        raise ValidationError([f"{p}:0: (top): cannot read ({e.strerror})"], str(p)) from e
    return str(p.resolve()), st.st_mtime_ns, st.st_size


def load_once(kind: str, paths: Iterable[str | os.PathLike[str]], build: Callable[[], T]) -> T:
    """``build()``, once per ``kind`` and version of the files it reads (``file_version``):
    the one cache of every mapping file's loader. An edited file is read again; an unchanged
    one gives the same object (loaders' results are read-only)."""
    key = (kind, *(file_version(p) for p in paths))
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = build()
    return cast(T, found)
