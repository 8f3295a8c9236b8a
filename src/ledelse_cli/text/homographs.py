"""Homographs (bruger = uses / user, mod = towards / courage): readings chosen from context.

simplemma lemmatises one word at a time, so a written form with two meanings always gets the same
lemma. ``mappings/homographs.yaml`` lists such forms with their readings and ordered context rules
a domain expert can read ("after a subject pronoun it is the verb"); this module validates that
file and picks a reading for a word given its neighbours. It knows nothing of spaCy: the
lemmatiser passes the words of a text in order, with ``None`` where punctuation or a sentence
boundary cuts the context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import ValidationError
from ..base.schema import Bool, Custom, Int, ListOf, MapOf, Record, Str, file_problems
from ..base.vocab import TEXT_LANGS
from ..base.yamlio import read_yaml

__all__ = [
    "HOMOGRAPHS_SCHEMA",
    "Homograph",
    "Homographs",
    "Reading",
    "Rule",
    "homographs_problems",
    "load_homographs",
]

LANGS = TEXT_LANGS
#: Universal Dependencies part-of-speech tags a reading may carry.
POS_TAGS = ("NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "ADP", "DET", "PRON", "CCONJ",
            "SCONJ", "PART", "NUM", "INTJ")  # fmt: skip
CONDITIONS = ("previous", "next", "form", "start", "end")

_ID = r"[a-z][a-z0-9_]{0,40}"
_WORD = Str(pattern=r"[^\sA-ZÆØÅ]+")
_WORDS = ListOf(_WORD, min_items=1)
_BY_LANG = MapOf(_WORDS, key=Str(choices=LANGS))


def _class_or_words(value: Any) -> str | None:
    if isinstance(value, str):
        return None if value.strip() else "must not be empty"
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "expected a word class name or a list of words, e.g. [til]"


_WORDSPEC = Custom(_class_or_words)

_READING = Record(
    required={"gloss": Str(), "pos": Str(choices=POS_TAGS)},
    optional={"lemma": _WORD, "cues": Bool(), "stop": Bool()},
)
_RULE = Record(
    required={"reading": Str(pattern=_ID)},
    optional={
        "previous": _WORDSPEC,
        "next": _WORDSPEC,
        "form": _WORDS,
        "start": Bool(),
        "end": Bool(),
        "example": Str(),
        "note": Str(),
    },
)

#: homographs.yaml: word classes, skipped adverbs and the entries.
HOMOGRAPHS_SCHEMA = Record(
    required={
        "homographs": ListOf(
            Record(
                required={
                    "word": _WORD,
                    "langs": ListOf(Str(choices=LANGS), min_items=1),
                    "forms": _WORDS,
                    "readings": MapOf(_READING, key=Str(pattern=_ID), min_items=2),
                    "default": Str(pattern=_ID),
                },
                optional={"rules": ListOf(_RULE), "note": Str()},
            ),
            min_items=1,
        )
    },
    optional={
        "version": Int(min=1, max=1),
        "skipped": _BY_LANG,
        "classes": MapOf(_BY_LANG, key=Str(pattern=_ID)),
    },
)


@dataclass(frozen=True)
class Reading:
    """One meaning of a homograph: its lemma (None: keep the dictionary's), part of speech, and
    whether taxonomy cues may fire on it and whether it counts as a stop word."""

    name: str
    gloss: str
    pos: str
    lemma: str | None = None
    cues: bool = True
    stop: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "gloss": self.gloss, "pos": self.pos, "cues": self.cues,
                "stop": self.stop}  # fmt: skip


@dataclass(frozen=True)
class Context:
    """What the rules look at: the word before (adverbs skipped), the word after, and whether
    the word begins or ends its sentence."""

    form: str
    previous: str | None
    next: str | None
    start: bool
    end: bool


@dataclass(frozen=True)
class Rule:
    """Conditions (all must hold; None = not asked) and the reading they select."""

    reading: str
    previous: frozenset[str] | None = None
    next: frozenset[str] | None = None
    form: frozenset[str] | None = None
    start: bool | None = None
    end: bool | None = None
    example: str | None = None

    def matches(self, ctx: Context) -> bool:
        return (
            (self.previous is None or ctx.previous in self.previous)
            and (self.next is None or ctx.next in self.next)
            and (self.form is None or ctx.form in self.form)
            and (self.start is None or ctx.start == self.start)
            and (self.end is None or ctx.end == self.end)
        )


@dataclass(frozen=True)
class Homograph:
    """One entry of homographs.yaml for one language."""

    word: str
    lang: str
    forms: frozenset[str]
    readings: dict[str, Reading] = field(hash=False)
    rules: tuple[Rule, ...]
    default: str

    def choose(self, ctx: Context) -> Reading:
        """The reading of the first rule that matches, else the default reading."""
        for rule in self.rules:
            if rule.matches(ctx):
                return self.readings[rule.reading]
        return self.readings[self.default]


@dataclass(frozen=True, eq=False)
class Homographs:
    """Every entry, indexed by language and form, with the adverbs the rules look past."""

    by_form: dict[str, dict[str, Homograph]] = field(default_factory=dict)
    skipped: dict[str, frozenset[str]] = field(default_factory=dict)
    _forms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def __bool__(self) -> bool:
        return any(self.by_form.values())

    def forms(self, lang: str) -> frozenset[str]:
        """Every listed form in ``lang`` (with Bokmål's for Nynorsk): a quick membership test."""
        found = self._forms.get(lang)
        if found is None:
            found = frozenset(self.by_form.get(lang, {}))
            if lang == "nn":
                found |= frozenset(self.by_form.get("nb", {}))
            self._forms[lang] = found
        return found

    def entry(self, lang: str, form: str) -> Homograph | None:
        """The entry for a lower-case ``form`` in ``lang`` (Nynorsk falls back to Bokmål)."""
        found = self.by_form.get(lang, {}).get(form)
        if found is None and lang == "nn":
            found = self.by_form.get("nb", {}).get(form)
        return found

    def entries(self) -> list[Homograph]:
        """Distinct entries, in file order per language."""
        seen: dict[int, Homograph] = {}
        for forms in self.by_form.values():
            for h in forms.values():
                seen.setdefault(id(h), h)
        return list(seen.values())

    def context(self, lang: str, words: Sequence[str | None], i: int) -> Context:
        """The context of ``words[i]``; ``words`` are lower-case, None at a boundary."""
        skip = self.skipped.get(lang, frozenset())
        j = i - 1
        while j >= 0 and words[j] is not None and words[j] in skip:
            j -= 1
        previous = words[j] if j >= 0 else None
        following = words[i + 1] if i + 1 < len(words) else None
        form = words[i] or ""
        return Context(form, previous, following, i == 0 or words[i - 1] is None,
                       following is None)  # fmt: skip

    def read(self, lang: str, words: Sequence[str | None], i: int) -> Reading | None:
        """The reading of ``words[i]`` if it is a listed homograph, else None."""
        form = words[i]
        if form is None:
            return None
        entry = self.entry(lang, form)
        return entry.choose(self.context(lang, words, i)) if entry is not None else None


EMPTY = Homographs()


# --------------------------------------------------------------------------- checking, loading


def _line(mapping: Any, key: Any) -> int:
    return mapping.line_of(key) if hasattr(mapping, "line_of") else 0


def _check(data: Any, name: str) -> list[str]:
    """Cross-checks the schema cannot express: readings and word classes that rules name, one
    entry per form and language, at least one condition per rule."""
    problems: list[str] = []
    classes = data.get("classes") or {}
    claimed: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(data["homographs"]):
        where = f"homographs -> [{i}]"
        readings = entry["readings"]
        names = ", ".join(readings)
        if entry["default"] not in readings:
            problems.append(
                f"{name}:{_line(entry, 'default')}: {where} -> default: unknown reading "
                f"'{entry['default']}' (readings: {names})"
            )
        for lang in entry["langs"]:
            for k, form in enumerate(entry["forms"]):
                first = claimed.setdefault((lang, form), _line(entry["forms"], k))
                if first != _line(entry["forms"], k):
                    problems.append(
                        f"{name}:{_line(entry['forms'], k)}: {where} -> forms: '{form}' ({lang}) "
                        f"is already an entry at line {first}"
                    )
        for j, rule in enumerate(entry.get("rules") or []):
            rwhere = f"{where} -> rules -> [{j}]"
            line = _line(entry["rules"], j)
            if rule["reading"] not in readings:
                problems.append(
                    f"{name}:{line}: {rwhere} -> reading: unknown reading '{rule['reading']}' "
                    f"(readings: {names})"
                )
            if not any(c in rule for c in CONDITIONS):
                problems.append(
                    f"{name}:{line}: {rwhere}: a rule needs a condition "
                    f"({', '.join(CONDITIONS)}); put an unconditional reading in default"
                )
            for cond in ("previous", "next"):
                ref = rule.get(cond)
                if not isinstance(ref, str):
                    continue
                if ref not in classes:
                    known = ", ".join(classes) or "none"
                    problems.append(
                        f"{name}:{line}: {rwhere} -> {cond}: unknown word class '{ref}' "
                        f"(classes: {known}); write a single word as a list: [{ref}]"
                    )
                    continue
                missing = [lang for lang in entry["langs"] if lang not in classes[ref]]
                if missing:
                    problems.append(
                        f"{name}:{line}: {rwhere} -> {cond}: word class '{ref}' has no words "
                        f"for {', '.join(missing)}"
                    )
    return problems


def homographs_problems(path: Path) -> list[str]:
    """Every problem in a homographs file (syntax, schema and cross-references), never raising."""
    return file_problems(path, HOMOGRAPHS_SCHEMA, _check)


def _words(spec: Any, classes: dict[str, Any], lang: str) -> frozenset[str] | None:
    if spec is None:
        return None
    words = classes[spec][lang] if isinstance(spec, str) else spec
    return frozenset(str(w).lower() for w in words)


def homographs_from_data(data: Any) -> Homographs:
    """Index already validated data by language and form."""
    classes = data.get("classes") or {}
    by_form: dict[str, dict[str, Homograph]] = {lang: {} for lang in LANGS}
    for entry in data["homographs"]:
        readings = {
            rname: Reading(
                name=rname,
                gloss=" ".join(str(r["gloss"]).split()),
                pos=r["pos"],
                lemma=str(r["lemma"]).lower() if r.get("lemma") else None,
                cues=bool(r.get("cues", True)),
                stop=bool(r.get("stop", False)),
            )
            for rname, r in entry["readings"].items()
        }
        forms = frozenset(str(f).lower() for f in entry["forms"])
        for lang in entry["langs"]:
            rules = tuple(
                Rule(
                    reading=rule["reading"],
                    previous=_words(rule.get("previous"), classes, lang),
                    next=_words(rule.get("next"), classes, lang),
                    form=_words(rule.get("form"), classes, lang),
                    start=rule.get("start"),
                    end=rule.get("end"),
                    example=rule.get("example"),
                )
                for rule in entry.get("rules") or []
            )
            h = Homograph(entry["word"], lang, forms, readings, rules, entry["default"])
            for form in forms:
                by_form[lang][form] = h
    skipped = {
        lang: frozenset(str(w).lower() for w in words)
        for lang, words in (data.get("skipped") or {}).items()
    }
    return Homographs(by_form, skipped)


def load_homographs(path: Path) -> Homographs:
    """Load and validate ``homographs.yaml``; a missing file means no homographs.

    Raises:
        ValidationError: The file is malformed, fails the schema or the cross-checks (every
            problem, each naming the file and line).
    """
    if not path.is_file():
        return EMPTY
    problems = homographs_problems(path)
    if problems:
        raise ValidationError(problems, str(path))
    return homographs_from_data(read_yaml(path))
