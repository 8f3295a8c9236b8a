"""Lemmas, compound parts and keys of single words: lexicon lookups and simplemma, no spaCy."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .dictionaries import dictionary as _dictionary
from .dictionaries import lemmatizer
from .fold import fold as _fold
from .fold import normalise
from .generalfreq import zipf_table
from .lexicon import LanguageResources, load_resources

#: Shortest compound part: "rum", "mål", "rom" are real heads; shorter ones are mostly noise.
MIN_HEAD = 3
#: Modifiers are longer: "med", "sam", "til", "for" are prefixes, not words, in compounds.
MIN_MODIFIER = 4
MIN_COMPOUND = 7
MAX_PARTS = 4
#: Parts this short must be words in general use (``_in_use``).
SHORT_PART = 4


def fold(word_or_lemma: str, lang: str) -> str:
    """The key function: Danish↔Norwegian folding of a lemma (see ``ledelse_cli.fold``)."""
    return _fold(word_or_lemma, lang)


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


def _in_use(word: str, lang: str, res: LanguageResources) -> bool:
    """A part that can stand on its own. simplemma's dictionaries also hold short fragments
    that no text uses alone ("konk", "ral", "kel", "ste"), which made "konkret" konk + ret,
    "forskel" fore + kel and "tjeneste" tjene + ste; so a part of up to ``SHORT_PART`` letters
    must be in wordfreq's list of the language (Bokmål's for Nynorsk; zipf >= 3, see
    ``generalfreq.zipf_table``) or in words.yaml's ``known``. Longer parts are not checked:
    the list lacks most domain words and most Nynorsk ("tverrfagleg", "leiarrolle")."""
    if len(word) > SHORT_PART or word in res.known.get(lang, frozenset()):
        return True
    return word in zipf_table("da" if lang == "da" else "nb")


def _participle(word: str, lang: str, res: LanguageResources) -> bool:
    """A past participle of an -ere verb ("baseret", "orienteret", "basert"): the head of a
    compound adjective that dictionaries list as is ("evidensbaseret"), which without it split
    at the noun "ret" (evidens + base + ret)."""
    return (word.endswith(("eret", "ert")) and _is_known(word, lang, res)
            and _lemma_cached(word, lang, res).endswith("ere"))


def _is_known(word: str, lang: str, res: LanguageResources) -> bool:
    """A known form, or the genitive of one."""
    return _is_form(word, lang, res) or _genitive_base(word, lang, res) is not None


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
        if len(cand) >= MIN_MODIFIER and _is_lemma(cand, lang, res) and _in_use(cand, lang, res):
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
        ok = (_is_known(head, lang, res) if as_form
              else _is_lemma(head, lang, res) or _participle(head, lang, res))
        if not ok or not (_in_use(head, lang, res)
                          or _in_use(_lemma_cached(head, lang, res), lang, res)):
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
        if not found:
            return ()
        head = found[1]
        return (*found[0], _lemma_cached(head, lang, res) if _participle(head, lang, res)
                else head)
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
