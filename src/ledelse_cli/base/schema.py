"""Schemas for YAML data: typed records, lists and maps; each problem as ``file:line: key: …``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import ValidationError
from .yamlio import LineDict, LineList, close_matches, read_yaml


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
