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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ValidationError

MAX_YAML_BYTES = 5 * 1024 * 1024


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

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases are refused outright: hand-edited mappings never need them, and a few nested
        # aliases ("billion laughs") would make the schema walk below visit billions of nodes.
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


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

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (*name) are not allowed", node.start_mark
            )
        return super().construct_object(node, deep)


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
    """Parse YAML text safely; raise ValidationError with ``name:line: key: message`` on errors."""
    try:
        return yaml.load(text, Loader=_FastLoader)  # a (C)SafeLoader subclass
    except yaml.YAMLError:
        pass  # re-parsed below for the pure-Python loader's message and line
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
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ValidationError([f"{p}:0: file is {size} bytes, over the {MAX_YAML_BYTES} limit"])
        raw = p.read_bytes()
    except OSError as e:
        raise ValidationError([f"{p}:0: cannot read ({e.strerror})"], str(p)) from e
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


@dataclass(frozen=True)
class Schema:
    """Base schema node: ``check`` appends problems as (line, path, message)."""

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Problem:
    line: int
    path: tuple[str, ...]
    message: str

    def format(self, name: str) -> str:
        where = " -> ".join(self.path) if self.path else "(top)"
        return f"{name}:{self.line}: {where}: {self.message}"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    names: dict[type, str] = {dict: "mapping", LineDict: "mapping", list: "list", LineList: "list"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Str(Schema):
    nonempty: bool = True
    pattern: str | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, bool | int | float) else ""
            out.append(Problem(line, path, f"expected a string, got {_type_name(value)}{hint}"))
            return
        if self.nonempty and not value.strip():
            out.append(Problem(line, path, "must not be empty"))
        elif self.pattern and not re.fullmatch(self.pattern, value):
            out.append(Problem(line, path, f"'{value}' does not match {self.pattern}"))
        elif self.choices and value not in self.choices:
            out.append(Problem(line, path, f"'{value}' is not one of {', '.join(self.choices)}"))


@dataclass(frozen=True)
class Int(Schema):
    min: int | None = None
    max: int | None = None

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            out.append(Problem(line, path, f"expected an integer, got {_type_name(value)}"))
        elif (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            out.append(Problem(line, path, f"{value} is outside {self.min}..{self.max}"))


@dataclass(frozen=True)
class Float(Schema):
    min: float | None = None
    max: float | None = None

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append(Problem(line, path, f"expected a number, got {_type_name(value)}"))
        elif (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            out.append(Problem(line, path, f"{value} is outside {self.min}..{self.max}"))


@dataclass(frozen=True)
class Bool(Schema):
    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if not isinstance(value, bool):
            out.append(Problem(line, path, f"expected true or false, got {_type_name(value)}"))


@dataclass(frozen=True)
class Optional(Schema):
    inner: Schema

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if value is not None:
            self.inner.check(value, path, line, out)


@dataclass(frozen=True)
class ListOf(Schema):
    item: Schema
    min_items: int = 0

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if not isinstance(value, list):
            out.append(Problem(line, path, f"expected a list, got {_type_name(value)}"))
            return
        if len(value) < self.min_items:
            out.append(Problem(line, path, f"needs at least {self.min_items} entries"))
        for i, v in enumerate(value):
            ln = value.line_of(i) if isinstance(value, LineList) else line
            self.item.check(v, (*path, f"[{i}]"), ln, out)


@dataclass(frozen=True)
class MapOf(Schema):
    value: Schema
    key: Schema = field(default_factory=Str)
    min_items: int = 0

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if not isinstance(value, dict):
            out.append(Problem(line, path, f"expected a mapping, got {_type_name(value)}"))
            return
        if len(value) < self.min_items:
            out.append(Problem(line, path, f"needs at least {self.min_items} entries"))
        for k, v in value.items():
            ln = value.line_of(k) if isinstance(value, LineDict) else line
            self.key.check(k, (*path, str(k)), ln, out)
            self.value.check(v, (*path, str(k)), ln, out)


@dataclass(frozen=True)
class Record(Schema):
    """A mapping with known keys: required ones must be present, unknown ones are errors."""

    required: dict[str, Schema] = field(default_factory=dict)
    optional: dict[str, Schema] = field(default_factory=dict)

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        if not isinstance(value, dict):
            out.append(Problem(line, path, f"expected a mapping, got {_type_name(value)}"))
            return
        # A missing key is reported on the line of the key that holds this mapping ("cues:"),
        # where the researcher would add it, not on the mapping's first child.
        for key in self.required:
            if key not in value:
                out.append(Problem(line, (*path, key), "required key is missing"))
        known = {**self.required, **self.optional}
        for k, v in value.items():
            ln = value.line_of(k) if isinstance(value, LineDict) else line
            if k not in known:
                near = close_matches(str(k), known)
                hint = f" (did you mean {', '.join(near)}?)" if near else ""
                out.append(Problem(ln, (*path, str(k)), f"unknown key{hint}"))
            else:
                known[k].check(v, (*path, str(k)), ln, out)


@dataclass(frozen=True)
class Custom(Schema):
    """A schema node backed by a function returning a message (or None when fine)."""

    func: Callable[[Any], str | None]

    def check(self, value: Any, path: tuple[str, ...], line: int, out: list[Problem]) -> None:
        msg = self.func(value)
        if msg:
            out.append(Problem(line, path, msg))


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Close spellings of ``word`` among candidates (for 'did you mean' hints)."""
    import difflib

    # Case does not count: `KL11` is one letter case away from `kl11`, not four letters.
    by_fold: dict[str, str] = {}
    for c in candidates:
        by_fold.setdefault(c.casefold(), c)
    near = difflib.get_close_matches(word.casefold(), list(by_fold), n=n, cutoff=0.6)
    return [by_fold[c] for c in near]


def validate(data: Any, schema: Schema, name: str) -> list[str]:
    """Check data against a schema; return every problem as ``file:line: key -> key: message``."""
    problems: list[Problem] = []
    if data is None:
        return [f"{name}:1: (top): file is empty"]
    line = data.line if isinstance(data, LineDict | LineList) else 1
    schema.check(data, (), line, problems)
    return [p.format(name) for p in problems]


def file_problems(
    path: str | os.PathLike[str],
    schema: Schema,
    check: Callable[[Any, str], list[str]] | None = None,
) -> list[str]:
    """Every problem in a YAML file, never raising: syntax, then the schema, then (when the
    schema holds) ``check(data, name)`` for cross-field and cross-reference rules."""
    try:
        data = read_yaml(path)
    except ValidationError as e:
        return list(e.problems)
    problems = validate(data, schema, str(path))
    return problems or (check(data, str(path)) if check else [])


def load_validated(path: str | os.PathLike[str], schema: Schema) -> Any:
    """Read a YAML file and validate it; raise ValidationError listing all problems."""
    data = read_yaml(path)
    problems = validate(data, schema, str(path))
    if problems:
        raise ValidationError(problems, str(path))
    return data


def line_of(container: Any, key: Any) -> int:
    """Line of a key in a LineDict / index in a LineList, or 0 when unknown."""
    if isinstance(container, LineDict | LineList):
        return container.line_of(key)
    return 0
