"""Finding a taxonomy's concepts in lemmatised text: cue words, phrases and compound parts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .taxonomy import Taxonomy


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
    values: dict[str, list[_Cue]]  # key of a value word -> cues (only in a value label)


#: A text of at most this many content words is a value label ("Udvikling", "Er tydelig"):
#: the concepts' value words count in it.
VALUE_LABEL_WORDS = 3


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
    keys_of = _cue_keys([c for concept in taxonomy.concepts
                         for c in (*concept.all_cues(), *concept.all_value_words())], mappings)
    values: dict[str, list[_Cue]] = {}
    for concept in taxonomy.concepts:
        for lang, text in concept.all_value_words():
            for keys in keys_of[(lang, text)][:1]:
                values.setdefault(keys[0], []).append(_Cue(concept.id, keys, [(lang, text)]))
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
    matcher = _Matcher(by_first, single, values)
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
    """Every cue occurrence as (first word, last word, cue, weight, lemma to report); value
    words too when the words are a value label (at most ``VALUE_LABEL_WORDS`` content words)."""
    label = sum(1 for t in words if not getattr(t, "is_stop", False)) <= VALUE_LABEL_WORDS
    for i, token in enumerate(words):
        if not _cues_fire(token):
            continue
        lemma = str(getattr(token, "lemma", "")).lower()
        if label:
            for cue in matcher.values.get(token.key, ()):
                yield i, i, cue, WORD_WEIGHT, lemma
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
