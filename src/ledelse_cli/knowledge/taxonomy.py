"""The canonical bilingual taxonomy of leadership concepts: loading, checking and cue matching.

Danish and Norwegian often use different words for one idea (borger/innbygger,
inddrage/involvere, ledelsesrum/handlingsrom); string similarity cannot bridge those, so each
concept lists cue lemmas per language and texts meet through the concepts they touch.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.errors import UnknownRefError, ValidationError
from ..base.yamlio import (
    Int,
    LineDict,
    ListOf,
    Record,
    Str,
    close_matches,
    file_problems,
    read_yaml,
)
from .frameworks import (  # re-exported: one import place for everything under mappings/
    FRAMEWORKS_SCHEMA,
    Framework,
    FrameworkPoint,
    load_frameworks,
)

__all__ = [
    "FRAMEWORKS_SCHEMA",
    "TAXONOMY_SCHEMA",
    "Concept",
    "ConceptGroup",
    "ConceptHit",
    "Framework",
    "FrameworkPoint",
    "Taxonomy",
    "load_frameworks",
    "load_taxonomy",
    "match_concepts",
    "token_concepts",
]

LABEL_LANGS = ("da", "nb", "nn", "en")
CUE_LANGS = ("da", "nb", "nn")
CONCEPT_ID_PATTERN = r"[a-z][a-z0-9_]{1,40}"

_LABELS = Record(required={lang: Str() for lang in LABEL_LANGS})
# A cue is one or more words (lemmas), lower-case; compounds are single words.
_CUE = Str(pattern=r"[^\sA-ZÆØÅ]+(?: [^\sA-ZÆØÅ]+)*")
_CUES = Record(
    required={"da": ListOf(_CUE, min_items=1), "nb": ListOf(_CUE, min_items=1)},
    optional={"nn": ListOf(_CUE)},
)

TAXONOMY_SCHEMA = Record(
    required={
        "concepts": ListOf(
            Record(
                required={
                    "id": Str(pattern=CONCEPT_ID_PATTERN),
                    "labels": _LABELS,
                    "definition": Str(),
                    "cues": _CUES,
                },
                optional={
                    "group": Str(pattern=CONCEPT_ID_PATTERN),
                    "related": ListOf(Str(pattern=CONCEPT_ID_PATTERN)),
                    "note": Str(),
                },
            ),
            min_items=1,
        )
    },
    optional={
        "version": Int(min=1, max=1),
        "groups": ListOf(
            Record(required={"id": Str(pattern=CONCEPT_ID_PATTERN), "labels": _LABELS})
        ),
    },
)


def _clean(text: str) -> str:
    """Collapse the whitespace that folded YAML scalars leave behind."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Concept:
    """One leadership concept with labels, a definition, cue lemmas per language and relations."""

    id: str
    labels: dict[str, str]
    definition: str
    cues: dict[str, tuple[str, ...]]
    related: tuple[str, ...] = ()
    group: str | None = None
    note: str | None = None

    def label(self, lang: str) -> str:
        """The label in ``lang``, falling back to English, then Danish, then the id."""
        return self.labels.get(lang) or self.labels.get("en") or self.labels.get("da") or self.id

    def all_cues(self) -> list[tuple[str, str]]:
        """Every (lang, cue) pair, in file order."""
        return [(lang, cue) for lang, cues in self.cues.items() for cue in cues]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "labels": dict(self.labels),
            "definition": self.definition,
            "cues": {lang: list(c) for lang, c in self.cues.items()},
            "related": list(self.related),
        }


@dataclass(frozen=True)
class ConceptGroup:
    """A top-level branch of the taxonomy tree (for display; matching ignores groups)."""

    id: str
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "labels": dict(self.labels)}


@dataclass(frozen=True)
class Taxonomy:
    """The loaded taxonomy; ``sha256`` is the hash of the file bytes, for run manifests."""

    concepts: tuple[Concept, ...]
    groups: tuple[ConceptGroup, ...] = ()
    sha256: str = ""
    path: str | None = None
    _index: dict[str, Concept] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.id: c for c in self.concepts})

    def ids(self) -> list[str]:
        """Concept ids in file order."""
        return [c.id for c in self.concepts]

    def get(self, concept_id: str) -> Concept:
        """The concept with this id; UnknownRefError lists close matches."""
        try:
            return self._index[concept_id]
        except KeyError:
            raise UnknownRefError(
                concept_id, "concept", close_matches(concept_id, self.ids())
            ) from None

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._index

    def __len__(self) -> int:
        return len(self.concepts)

    def in_group(self, group_id: str | None) -> list[Concept]:
        return [c for c in self.concepts if c.group == group_id]

    @property
    def fingerprint(self) -> str:
        """sha256 of the file, or of the content for a taxonomy built in code (cache key)."""
        if self.sha256:
            return self.sha256
        blob = json.dumps([c.to_dict() for c in self.concepts], sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "groups": [g.to_dict() for g in self.groups],
            "concepts": [c.to_dict() for c in self.concepts],
        }


# --------------------------------------------------------------------------- loading and checking


def check_taxonomy(data: Any, name: str) -> list[str]:
    """Checks beyond the schema: unique ids, known groups and related ids, no duplicate cues."""
    problems: list[str] = []
    concepts = data["concepts"]
    ids = [c["id"] for c in concepts]
    group_ids = [g["id"] for g in data.get("groups") or []]
    first: dict[str, int] = {}
    for i, c in enumerate(concepts):
        where = f"concepts -> [{i}]"
        line = concepts.line_of(i) if hasattr(concepts, "line_of") else 0
        if c["id"] in first:
            problems.append(
                f"{name}:{_line(c, 'id', line)}: {where} -> id: duplicate concept id "
                f"'{c['id']}' (first at line {first[c['id']]})"
            )
        first.setdefault(c["id"], _line(c, "id", line))
        group = c.get("group")
        if group is not None and group_ids and group not in group_ids:
            problems.append(
                f"{name}:{_line(c, 'group', line)}: {where} -> group: "
                f"{_unknown('group', group, group_ids)}"
            )
        for j, rel in enumerate(c.get("related") or []):
            rel_line = c["related"].line_of(j) if hasattr(c["related"], "line_of") else line
            if rel == c["id"]:
                problems.append(f"{name}:{rel_line}: {where} -> related: '{rel}' relates to itself")
            elif rel not in ids:
                problems.append(
                    f"{name}:{rel_line}: {where} -> related: {_unknown('concept', rel, ids)}"
                )
        for lang, cues in c["cues"].items():
            seen: set[str] = set()
            for k, cue in enumerate(cues):
                norm = _clean(cue)
                if norm in seen:
                    cue_line = cues.line_of(k) if hasattr(cues, "line_of") else line
                    problems.append(
                        f"{name}:{cue_line}: {where} -> cues -> {lang}: duplicate cue '{cue}'"
                    )
                seen.add(norm)
    return problems


def _line(mapping: Any, key: str, default: int) -> int:
    return mapping.line_of(key) if isinstance(mapping, LineDict) else default


def _unknown(kind: str, value: str, known: Sequence[str]) -> str:
    near = close_matches(value, known)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return f"unknown {kind} id '{value}'{hint}"


def taxonomy_problems(path: Path) -> list[str]:
    """Every problem in a taxonomy file (syntax, schema and cross-references), never raising."""
    return file_problems(path, TAXONOMY_SCHEMA, check_taxonomy)


def taxonomy_from_data(data: Any, sha256: str = "", path: str | None = None) -> Taxonomy:
    """Build a Taxonomy from already validated data."""
    concepts = tuple(
        Concept(
            id=c["id"],
            labels={lang: _clean(c["labels"][lang]) for lang in LABEL_LANGS},
            definition=_clean(c["definition"]),
            cues={lang: tuple(_clean(x) for x in c["cues"].get(lang) or ()) for lang in CUE_LANGS},
            related=tuple(c.get("related") or ()),
            group=c.get("group"),
            note=_clean(c["note"]) if c.get("note") else None,
        )
        for c in data["concepts"]
    )
    groups = tuple(
        ConceptGroup(g["id"], {lang: _clean(g["labels"][lang]) for lang in LABEL_LANGS})
        for g in data.get("groups") or ()
    )
    return Taxonomy(concepts=concepts, groups=groups, sha256=sha256, path=path)


_CACHE: dict[tuple[str, int, int], Taxonomy] = {}


def load_taxonomy(mappings_dir: str | os.PathLike[str]) -> Taxonomy:
    """Load ``taxonomy.yaml`` from a mappings directory, validated (cached per path and mtime).

    Raises:
        ValidationError: The file is missing, malformed, or fails the schema or the cross-checks;
            carries every problem found.
    """
    path = Path(mappings_dir) / "taxonomy.yaml"
    try:
        st = path.stat()
    except OSError as e:
        raise ValidationError([f"{path}:0: (top): cannot read ({e.strerror})"], str(path)) from e
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    problems = taxonomy_problems(path)
    if problems:
        raise ValidationError(problems, str(path))
    raw = path.read_bytes()
    taxonomy = taxonomy_from_data(read_yaml(path), hashlib.sha256(raw).hexdigest(), str(path))
    _CACHE[key] = taxonomy
    return taxonomy


# --------------------------------------------------------------------------- concept matching


@dataclass(frozen=True)
class ConceptHit:
    """A concept found in a text: which cues matched and how strongly (0..1)."""

    concept: str
    cues: tuple[str, ...]
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"concept": self.concept, "cues": list(self.cues), "weight": round(self.weight, 4)}


# Evidence strength of one matched cue. A phrase of several lemmas is the least ambiguous; a cue
# found only as part of a compound ("tillid" in "tillidsfulde") the most, since Danish and
# Norwegian compounds often use the modifier loosely. Combined per concept by noisy-OR, so more
# distinct cues raise the weight without ever passing 1.
PHRASE_WEIGHT = 0.8
WORD_WEIGHT = 0.6
PART_WEIGHT = 0.4
# Stop words a phrase may skip between its words ("sætte en retning" ~ "sætte retning").
MAX_SKIPPED_STOPS = 2


@dataclass
class _Cue:
    concept: str
    keys: tuple[str, ...]
    # (lang, cue as written): cues of several languages, and synonyms the lexicon joins
    # (nytenkning/nyskaping), often share one key sequence.
    texts: list[tuple[str, str]]

    def text_for(self, lang: str | None, lemma: str) -> str:
        """The spelling to report: the one the text used, else its language's, else the first."""
        for _, text in self.texts:
            if text == lemma:
                return text
        for cue_lang, text in self.texts:
            if cue_lang == lang:
                return text
        return self.texts[0][1]


@dataclass
class _Matcher:
    by_first: dict[str, list[_Cue]]  # first key -> cues (single- and multi-word)
    single: dict[str, list[_Cue]]  # key of a one-word cue -> cues (for compound parts)


_MATCHERS: dict[tuple[str, str], _Matcher] = {}


def _cue_keys(
    cues: list[tuple[str, str]], mappings: Path | None
) -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """Folded key sequences of each (lang, cue): the words, and for a one-word compound its
    parts. Cues are analysed in one batch per language (one spaCy ``pipe`` call each)."""
    from ..text.lemmatize import analyze_many  # heavy (spaCy); only when matching

    out: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for lang in sorted({lang for lang, _ in cues}):
        texts = sorted({text for code, text in cues if code == lang})
        for text, tokens in zip(texts, analyze_many(texts, lang, mappings), strict=True):
            words = [t for t in tokens if t.is_word]
            variants = [tuple(t.key for t in words)] if words else []
            if len(words) == 1 and len(words[0].part_keys) > 1:
                variants.append(tuple(words[0].part_keys))
            out[(lang, text)] = variants
    return out


def _matcher(taxonomy: Taxonomy) -> _Matcher:
    # Cues are analysed with the language resources next to the taxonomy, so that cue keys and
    # text keys come from the same lexicon and overrides.
    mappings = Path(taxonomy.path).parent if taxonomy.path else None
    cache_key = (taxonomy.fingerprint, str(mappings))
    found = _MATCHERS.get(cache_key)
    if found is not None:
        return found
    by_first: dict[str, list[_Cue]] = {}
    single: dict[str, list[_Cue]] = {}
    cues: dict[tuple[str, tuple[str, ...]], _Cue] = {}
    keys_of = _cue_keys([c for concept in taxonomy.concepts for c in concept.all_cues()], mappings)
    for concept in taxonomy.concepts:
        for lang, text in concept.all_cues():
            for keys in keys_of[(lang, text)]:
                known = cues.get((concept.id, keys))
                if known is not None:
                    known.texts.append((lang, text))
                    continue
                cue = cues[(concept.id, keys)] = _Cue(concept.id, keys, [(lang, text)])
                by_first.setdefault(keys[0], []).append(cue)
                if len(keys) == 1:
                    single.setdefault(keys[0], []).append(cue)
    matcher = _Matcher(by_first, single)
    _MATCHERS[cache_key] = matcher
    return matcher


def _phrase_end(words: Sequence[Any], i: int, keys: tuple[str, ...]) -> int | None:
    """Index of the last word if ``keys`` occur from word ``i`` on (skipping at most a few stop
    words in between, never a content word on which cues may not fire), else None."""
    j = i + 1
    for key in keys[1:]:
        skipped = 0
        while j < len(words) and words[j].key != key and words[j].is_stop:
            j += 1
            skipped += 1
            if skipped > MAX_SKIPPED_STOPS:
                return None
        # A reading that forbids cues blocks the phrase, unless it is a function word there:
        # the preposition "mot" belongs to "orientert mot utvikling", the verb "bruger" never
        # makes a phrase about users.
        if j >= len(words) or words[j].key != key or not (
            _cues_fire(words[j]) or words[j].is_stop
        ):
            return None
        j += 1
    return j - 1


def _contains_run(parts: Sequence[str], keys: tuple[str, ...]) -> bool:
    n = len(keys)
    return any(tuple(parts[k : k + n]) == keys for k in range(len(parts) - n + 1))


def _cues_fire(token: Any) -> bool:
    # A homograph's reading may forbid cues: the verb "bruger" (uses) is not the user.
    return bool(getattr(token, "cues", True))


def _cue_matches(
    words: Sequence[Any], matcher: _Matcher
) -> Iterator[tuple[int, int, _Cue, float, str]]:
    """Every cue occurrence as (first word, last word, cue, weight, lemma to report)."""
    for i, token in enumerate(words):
        if not _cues_fire(token):
            continue
        lemma = str(getattr(token, "lemma", "")).lower()
        for cue in matcher.by_first.get(token.key, ()):
            if len(cue.keys) == 1:
                yield i, i, cue, WORD_WEIGHT, lemma
            else:
                end = _phrase_end(words, i, cue.keys)
                if end is not None:
                    yield i, end, cue, PHRASE_WEIGHT, lemma
        parts = tuple(getattr(token, "part_keys", ()) or ())
        if len(parts) > 1:
            for part in dict.fromkeys(parts):
                if part == token.key:
                    continue
                for cue in matcher.single.get(part, ()):
                    yield i, i, cue, PART_WEIGHT, part
            # A phrase cue written as one compound in the text ("medarbejder trivsel").
            for first in dict.fromkeys(parts):
                for cue in matcher.by_first.get(first, ()):
                    if len(cue.keys) > 1 and _contains_run(parts, cue.keys):
                        yield i, i, cue, PHRASE_WEIGHT, lemma


def match_concepts(
    tokens: Iterable[Any], taxonomy: Taxonomy, *, lang: str | None = None
) -> list[ConceptHit]:
    """Concepts whose cues occur in a token sequence, strongest first.

    Args:
        tokens: Tokens from ``ledelse_cli.lemmatize.analyze`` (``key``, ``part_keys``,
            ``is_stop``, ``is_word``, optionally ``cues``); matching is on folded keys, so Danish
            cues find Norwegian text and vice versa. No cue fires on a token whose ``cues`` is
            false (a homograph read as e.g. the verb "bruger", uses).
        taxonomy: The taxonomy whose cues to look for.
        lang: The text's language, only to report cues in its spelling (``ConceptHit.cues``).

    Returns:
        One ConceptHit per concept found, sorted by weight (descending), then id.
    """
    words = [t for t in tokens if t.is_word]
    found: dict[str, dict[str, float]] = {}  # concept -> cue text -> best weight
    for _first, _last, cue, weight, lemma in _cue_matches(words, _matcher(taxonomy)):
        texts = found.setdefault(cue.concept, {})
        text = cue.text_for(lang, lemma)
        texts[text] = max(texts.get(text, 0.0), weight)
    hits = []
    for concept_id, cues in found.items():
        miss = 1.0
        for w in cues.values():
            miss *= 1.0 - w
        hits.append(ConceptHit(concept_id, tuple(sorted(cues)), round(1.0 - miss, 6)))
    hits.sort(key=lambda h: (-h.weight, h.concept))
    return hits


def token_concepts(tokens: Sequence[Any], taxonomy: Taxonomy) -> list[tuple[str, ...]]:
    """For each token, the ids of the concepts whose cues fire on it (a phrase cue on each of
    its words), in taxonomy order; ``()`` for non-words."""
    positions = [i for i, tok in enumerate(tokens) if tok.is_word]
    words = [tokens[i] for i in positions]
    found: list[set[str]] = [set() for _ in tokens]
    for first, last, cue, _weight, _lemma in _cue_matches(words, _matcher(taxonomy)):
        for w in range(first, last + 1):
            found[positions[w]].add(cue.concept)
    order = {cid: n for n, cid in enumerate(taxonomy.ids())}
    return [tuple(sorted(f, key=order.__getitem__)) for f in found]


def concepts_in_text(text: str, lang: str, taxonomy: Taxonomy) -> list[ConceptHit]:
    """Convenience: analyse ``text`` in ``lang`` and match concepts."""
    from ..text.lemmatize import analyze

    mappings = Path(taxonomy.path).parent if taxonomy.path else None
    return match_concepts(analyze(text, lang, mappings), taxonomy, lang=lang)
