"""Tokens, lemmas, compound parts and folded keys for Danish, Bokmål and Nynorsk text.

spaCy blank pipelines tokenise; a registered spaCy component sets ``token.lemma_`` from simplemma
(measured 97.1 % da / 99.1 % nb strict accuracy, far above spaCy's own lookup tables) after a
curated override list; compounds are split against simplemma's dictionary so that
"medarbejdertrivsel" also yields "medarbejder" and "trivsel"; a homograph ("bruger": uses or
user) gets the lemma of the reading its neighbours select (``mappings/homographs.yaml``). spaCy
and simplemma are imported inside functions: ``ledelse --help`` must not pay for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .dictionaries import dictionary as _dictionary
from .dictionaries import lemmatizer
from .fold import fold as _fold
from .fold import normalise
from .homographs import Reading
from .language import UNKNOWN, detect_language
from .lexicon import LanguageResources, load_resources

__all__ = [
    "Token",
    "analyze",
    "analyze_many",
    "content_keys",
    "fold",
    "key_of",
    "lemma_of",
    "pipeline",
    "split_compound",
]

COMPONENT = "ledelse_lemmatizer"
#: Shortest compound part: "rum", "mål", "rom" are real heads; shorter ones are mostly noise.
MIN_HEAD = 3
#: Modifiers are longer: "med", "sam", "til", "for" are prefixes, not words, in compounds.
MIN_MODIFIER = 4
MIN_COMPOUND = 7
MAX_PARTS = 4
#: Where the lemmatiser component leaves the homograph readings of a Doc (token index -> Reading).
READINGS = "ledelse_readings"


@dataclass(frozen=True)
class Token:
    """One token with its lemma, compound parts and language-neutral keys.

    ``reading`` is set for a homograph (see ``ledelse_cli.homographs``): the meaning its context
    selected, which gave the lemma and says whether taxonomy cues may fire on it.
    """

    text: str
    lemma: str
    parts: tuple[str, ...]
    key: str
    part_keys: tuple[str, ...]
    is_stop: bool
    is_word: bool
    start: int
    end: int
    reading: Reading | None = None

    @property
    def cues(self) -> bool:
        """Whether taxonomy cues may fire on this token (not on e.g. the verb "bruger")."""
        return self.reading is None or self.reading.cues

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lemma": self.lemma,
            "parts": list(self.parts),
            "key": self.key,
            "part_keys": list(self.part_keys),
            "is_stop": self.is_stop,
            "is_word": self.is_word,
            "span": [self.start, self.end],
            "reading": self.reading.to_dict() if self.reading is not None else None,
        }


def fold(word_or_lemma: str, lang: str) -> str:
    """The key function: Danish↔Norwegian folding of a lemma (see ``ledelse_cli.fold``)."""
    return _fold(word_or_lemma, lang)


# --------------------------------------------------------------------------- dictionaries


def _lookup_langs(lang: str) -> tuple[str, ...]:
    # simplemma's Nynorsk dictionary is about a fifth of the Bokmål one; Bokmål forms in a
    # Nynorsk text (common in administrative prose) are better lemmatised than left alone.
    return ("nn", "nb") if lang == "nn" else (lang if lang in ("da", "nb") else "da",)


def _is_form(word: str, lang: str, res: LanguageResources) -> bool:
    if word in res.known.get(lang, frozenset()) or res.override(lang, word) is not None:
        return True
    return any(word in _dictionary(code) for code in _lookup_langs(lang))


def _is_lemma(word: str, lang: str, res: LanguageResources) -> bool:
    if word in res.known.get(lang, frozenset()):
        return True
    if word in res.overrides.get(lang, {}).values():
        return True
    return any(_dictionary(code).get(word) == word for code in _lookup_langs(lang))


def _genitive_base(word: str, lang: str, res: LanguageResources) -> str | None:
    """The form a genitive -s was added to, when ``word`` is not itself a known form.

    simplemma's dictionaries hold few genitives (none in Bokmål: "kommunenes", "lederens"), and
    its guesses leave them alone or split them wrongly ("kommune" + "nes"). A word ending in -s
    whose remainder is a known form that lemmatises to a known lemma is read as that form's
    genitive; known words in -s ("proces", "fokus", "kurs", "tværs") are forms themselves and
    are never touched, nor is -ss ("stress"), which no genitive ends in.
    """
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return None
    base = word[:-1]
    if not _is_form(base, lang, res) or not _is_lemma(_lemma_cached(base, lang, res), lang, res):
        return None
    return base


def _is_known(word: str, lang: str, res: LanguageResources) -> bool:
    """A known form, or the genitive of one."""
    return _is_form(word, lang, res) or _genitive_base(word, lang, res) is not None


# --------------------------------------------------------------------------- lemmas


def _simplemma(word: str, lang: str) -> str:
    return str(lemmatizer().lemmatize(word, _lookup_langs(lang)))


def lemma_of(form: str, lang: str, res: LanguageResources | None = None) -> str:
    """Lemma of one word: curated override, else simplemma, else the lemma of a compound's head.

    Args:
        form: A word as written (any case).
        lang: ``"da"``, ``"nb"`` or ``"nn"``.
        res: Language resources (default: the default mappings directory).
    """
    res = res or load_resources(None)
    return _lemma_cached(normalise(form), lang, res)


@lru_cache(maxsize=200_000)
def _lemma_cached(low: str, lang: str, res: LanguageResources) -> str:
    override = res.override(lang, low)
    if override is not None:
        return override
    if not any(ch.isalpha() for ch in low):
        return low
    if "-" in low and not low.endswith("-"):
        # "HR-medarbejdere": lemmatise the last element, keep the rest as written.
        head, _, last = low.rpartition("-")
        return f"{head}-{_lemma_cached(last, lang, res)}"
    if not _is_form(low, lang, res):
        base = _genitive_base(low, lang, res)
        if base is not None:
            return _lemma_cached(base, lang, res)
        split = _split(low, lang, res, as_form=True)
        if split:
            _modifiers, head_form = split
            return low[: len(low) - len(head_form)] + _lemma_cached(head_form, lang, res)
    lemma = _simplemma(low, lang)
    if (
        lemma == low + "e"
        and low.endswith("er")
        and len(low) > 5
        and _is_lemma(low[:-2], lang, res)
    ):
        # simplemma reads Norwegian plural nouns in -er as present tense of an invented -ere
        # verb (prosesser -> "prosessere", punkter -> "punktere", parter -> "partere"): when
        # the stem is itself a known lemma, the noun reading is the right one.
        return low[:-2]
    return lemma


# --------------------------------------------------------------------------- compounds


def _modifier_candidates(mod: str) -> Iterable[str]:
    """The modifier itself and its forms without a linking -s- or -e- ("ledelses" → "ledelse")."""
    yield mod
    if mod.endswith("s"):
        yield mod[:-1]
        yield mod[:-1] + "e"  # arbejds- ← arbejde, arbeids- ← arbeide
    if mod.endswith("e"):
        yield mod[:-1]  # skole-/barne- linking e (barnehage ← barn)


def _modifier_parts(mod: str, lang: str, res: LanguageResources, depth: int) -> tuple[str, ...]:
    for cand in _modifier_candidates(mod):
        if len(cand) >= MIN_MODIFIER and _is_lemma(cand, lang, res):
            return (cand,)
    if depth > 0:
        for cand in _modifier_candidates(mod):
            inner = _split(cand, lang, res, as_form=False, depth=depth - 1)
            if inner:
                return (*inner[0], inner[1])
    return ()


def _split(
    word: str, lang: str, res: LanguageResources, *, as_form: bool, depth: int = 2
) -> tuple[tuple[str, ...], str] | None:
    """Split ``word`` into known modifier lemmas and a head, preferring the longest head.

    The longest head wins because Danish/Norwegian compounds are right-headed and a long known
    head is the most specific reading ("opgave+løsning", not "opgaveløs+ning").
    """
    if len(word) < MIN_COMPOUND or word in res.no_split.get(lang, frozenset()):
        return None
    for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        head = word[i:]
        if head in res.suffixes:
            continue  # -skab, -hed, -dom are suffixes, not compound heads
        ok = _is_known(head, lang, res) if as_form else _is_lemma(head, lang, res)
        if not ok:
            continue
        mods = _modifier_parts(word[:i], lang, res, depth)
        if mods and len(mods) < MAX_PARTS:
            return mods, head
    return None


def split_compound(word: str, lang: str, res: LanguageResources | None = None) -> tuple[str, ...]:
    """Compound parts (lemmas) of a word or lemma, or ``()`` if it is not a known compound.

    Every part must be a known word of the language (simplemma's dictionary or mappings'
    words.yaml), at least ``MIN_MODIFIER``/``MIN_HEAD`` letters, after removing the linking
    -s- or -e-: "ledelsesrum" → ("ledelse", "rum"), "medarbejdertrivslen" → ("medarbejder",
    "trivsel").
    """
    res = res or load_resources(None)
    return _split_cached(normalise(word), lang, res)


@lru_cache(maxsize=100_000)
def _split_cached(low: str, lang: str, res: LanguageResources) -> tuple[str, ...]:
    if "-" in low:
        pieces = [p for p in low.split("-") if len(p) >= MIN_HEAD]
        if len(pieces) > 1:
            return tuple(_lemma_cached(p, lang, res) for p in pieces)
        return ()
    lemma = _lemma_cached(low, lang, res)
    if lemma in res.no_split.get(lang, frozenset()):
        return ()
    if _is_known(low, lang, res):
        # A known form: split its lemma, so an inflectional ending is never taken for a head
        # ("medarbeidernes" must not become medarbeider + nes).
        found = _split(lemma, lang, res, as_form=False)
        return (*found[0], found[1]) if found else ()
    found = _split(low, lang, res, as_form=True)
    if not found:
        return ()
    modifiers, head = found
    return (*modifiers, _lemma_cached(head, lang, res))


def key_of(lemma: str, lang: str, res: LanguageResources | None = None) -> str:
    """Language-neutral key of a lemma: the bilingual lexicon's key, else its folded form."""
    res = res or load_resources(None)
    return _key_cached(normalise(lemma), lang, res)


@lru_cache(maxsize=200_000)
def _key_cached(lemma: str, lang: str, res: LanguageResources) -> str:
    concept = res.concept_key(lang, lemma)
    return concept if concept is not None else _fold(lemma, lang)


# --------------------------------------------------------------------------- spaCy


class _Lemmatizer:
    """spaCy component: sets ``token.lemma_`` (and the lexeme's stop flag) from our resources."""

    def __init__(self, lang: str, mappings: str):
        self.lang = lang
        self.res = load_resources(Path(mappings) if mappings else None)

    def __call__(self, doc: Any) -> Any:
        stops = self.res.stopwords.get(self.lang, frozenset())
        homographs = self.res.homographs.forms(self.lang)
        ambiguous = False
        for token in doc:
            low = token.lower_
            token.lemma_ = _lemma_cached(low, self.lang, self.res)
            # Curated list, not spaCy's: spaCy's nb list has "leder", "mål", "viktig".
            token.lex.is_stop = low in stops
            ambiguous = ambiguous or low in homographs
        if ambiguous:
            self._read_homographs(doc)
        return doc

    def _read_homographs(self, doc: Any) -> None:
        """Give each homograph the lemma (and part of speech) of the reading its context
        selects; the readings go to ``doc.user_data[READINGS]`` for ``_tokens``."""
        words, index = _context_words(doc)
        readings: dict[int, Reading] = {}
        for i, at in index:
            reading = self.res.homographs.read(self.lang, words, at)
            if reading is None:
                continue
            token = doc[i]
            if reading.lemma:
                token.lemma_ = reading.lemma
            token.pos_ = reading.pos
            readings[i] = reading
        doc.user_data[READINGS] = readings


def _context_words(doc: Any) -> tuple[list[str | None], list[tuple[int, int]]]:
    """The lower-case words of a Doc with None where punctuation, a line break or a sentence
    boundary cuts the context, and (token index, position in that list) of each word."""
    words: list[str | None] = []
    index: list[tuple[int, int]] = []
    for t in doc:
        cut = (
            (t.is_space and "\n" in t.text)
            or (t.is_sent_start and t.i > 0)
            or (not t.is_space and not any(ch.isalnum() for ch in t.text))
        )
        if cut and words and words[-1] is not None:
            words.append(None)
        if t.is_space or not any(ch.isalnum() for ch in t.text):
            continue
        index.append((t.i, len(words)))
        words.append(t.lower_)
    return words, index


@cache
def _register_component() -> None:
    from spacy.language import Language

    @Language.factory(COMPONENT, default_config={"lang": "da", "mappings": ""})
    def _make(nlp: Any, name: str, lang: str, mappings: str) -> _Lemmatizer:
        return _Lemmatizer(lang, mappings)


@cache
def _pipeline(lang: str, source: str) -> Any:
    import spacy

    _register_component()
    # spaCy has no Nynorsk language class; the Bokmål tokenizer rules fit Nynorsk as well.
    nlp = spacy.blank("nb" if lang == "nn" else lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(COMPONENT, config={"lang": lang, "mappings": source})
    return nlp


def pipeline(lang: str, mappings: Path | None = None) -> Any:
    """The cached spaCy pipeline for ``lang`` (da, nb or nn) with our lemmatiser component."""
    if lang not in ("da", "nb", "nn"):
        lang = "da"
    res = load_resources(mappings)
    return _pipeline(lang, str(res.source))


def _resolve_lang(text: str, lang: str) -> str:
    if lang in ("da", "nb", "nn"):
        return lang
    detected = detect_language(text) if lang in (UNKNOWN, "", "auto") else UNKNOWN
    return detected if detected != UNKNOWN else "da"


def _tokens(doc: Any, lang: str, res: LanguageResources) -> list[Token]:
    stops = res.stopwords.get(lang, frozenset())
    readings: dict[int, Reading] = doc.user_data.get(READINGS) or {}
    out: list[Token] = []
    for t in doc:
        if t.is_space:
            continue
        lemma = t.lemma_ or t.lower_
        reading = readings.get(t.i)
        is_word = any(ch.isalpha() for ch in t.text) and not (t.like_url or t.like_email)
        parts = _split_cached(t.lower_, lang, res) if is_word else ()
        out.append(
            Token(
                text=t.text,
                lemma=lemma,
                parts=parts,
                key=_key_cached(lemma, lang, res) if is_word else lemma,
                part_keys=tuple(_key_cached(p, lang, res) for p in parts),
                # A reading decides for itself: the preposition "mod" is a function word, the
                # noun "motet" (courage) is not, although "mot" is a Bokmål stop word.
                is_stop=reading.stop if reading else t.lower_ in stops or lemma in stops,
                is_word=is_word,
                start=t.idx,
                end=t.idx + len(t.text),
                reading=reading,
            )
        )
    return out


def analyze(text: str, lang: str, mappings: Path | None = None) -> list[Token]:
    """Tokenise, lemmatise, split compounds and fold one text.

    Args:
        text: Any text.
        lang: ``"da"``, ``"nb"`` or ``"nn"``; ``"unknown"`` detects the language (Danish if
            detection is not confident).
        mappings: Mappings directory (default: ``settings.mappings_dir(None)``).
    """
    lang = _resolve_lang(text, lang)
    res = load_resources(mappings)
    return _tokens(pipeline(lang, mappings)(text), lang, res)


def analyze_many(texts: list[str], lang: str, mappings: Path | None = None) -> list[list[Token]]:
    """Like ``analyze`` for many texts of one language, using ``nlp.pipe`` for speed.

    With ``lang="unknown"`` each text's language is detected and texts are grouped by it.
    """
    res = load_resources(mappings)
    langs = [_resolve_lang(t, lang) for t in texts]
    results: list[list[Token]] = [[] for _ in texts]
    for code in sorted(set(langs)):
        idx = [i for i, c in enumerate(langs) if c == code]
        docs = pipeline(code, mappings).pipe((texts[i] for i in idx), batch_size=256)
        for i, doc in zip(idx, docs, strict=True):
            results[i] = _tokens(doc, code, res)
    return results


def content_keys(tokens: list[Token]) -> list[str]:
    """Keys of content words in order, each followed by its compound part keys."""
    out: list[str] = []
    for t in tokens:
        if t.is_word and not t.is_stop:
            out.append(t.key)
            out.extend(k for k in t.part_keys if k != t.key)
    return out
