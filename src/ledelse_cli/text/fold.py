"""Danish↔Norwegian folding: map a lemma to a language-neutral key so cognates meet.

The rules turn Danish (and Nynorsk) spellings into their Bokmål counterparts, plus a few
normalisations applied to every language. Each rule was kept only if it joins true cognates
without joining the false friends in tests/gold/pairs_false.tsv. Measured trade-offs:

* A general b/d/g → p/t/k rule is harmful: "lede" (lead) and "lete" (search) would meet. So b→p
  and g→k apply only after a vowel other than e and before e/end (skabe→skape, søge→søke,
  bruger→bruker), and d→t not at all (tillid/tillit is in the lexicon instead).
* Dropping double consonants joins too many false pairs, so it is not done.
* Non-cognate pairs (borger/innbygger) are bridged by the lexicon, never by rules.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_Rules = tuple[tuple[re.Pattern[str], str], ...]

# Applied to every language, before the language-specific rules.
_COMMON: Final[_Rules] = (
    (re.compile(r"aa"), "å"),  # old Danish/Norwegian spelling of å ("Aarhus", "maal")
    (re.compile(r"(?<=[a-zæøå])[-‐‑](?=[a-zæøå])"), ""),  # HR-medarbejder vs HRmedarbejder
    (re.compile(r"[éèê]"), "e"),  # idé/ide
    (re.compile(r"ck"), "kk"),
    (re.compile(r"c(?=[eiyæ])"), "s"),  # service, proces, publicere → s
    (re.compile(r"c"), "k"),  # konkret, kultur: c elsewhere sounds k
    (re.compile(r"(?<=[tsx])ion"), "jon"),  # -tion/-sion/-xion → -tjon/-sjon/…
    (re.compile(r"tjon"), "sjon"),  # -tion → -sjon (innovation/innovasjon)
    (re.compile(r"æ"), "e"),  # fællesskab/fellesskap, værdi/verdi, tværs/tvers
    (re.compile(r"ä"), "e"),
    (re.compile(r"ö"), "ø"),
)

# Danish → Bokmål spellings that must run before the common c→s rule.
_DANISH_EARLY: Final[_Rules] = (
    (re.compile(r"ence(?=s|$|[a-zæøå])"), "anse"),  # kompetence/kompetanse, konference
)

# Danish → Bokmål spellings.
_DANISH: Final[_Rules] = (
    (re.compile(r"(?<=[ø])j"), "y"),  # høj/høy, øje/øye
    (re.compile(r"(?<=e)j"), "i"),  # medarbejder/medarbeider, vej/vei
    (re.compile(r"^(for)?ud"), r"\1ut"),  # udvikling/utvikling, forudsætning/forutsetning
    (re.compile(r"^ind(?=[bcdfghjklmnpqstvwxz])"), "inn"),  # indsats/innsats, indsigt
    (re.compile(r"^op(?=[bdfgklmnsv])"), "opp"),  # opgave/oppgave, opleve/oppleve
    (re.compile(r"(?<=.)opgav"), "oppgav"),  # kerneopgave/kjerneoppgave
    (re.compile(r"(?<=.)(dr|t)age$"), r"\1a"),  # bidrage/bidra, deltage/delta, vedtage
    (re.compile(r"(?<=[^e])hed(?=s|$|er)"), "het"),  # helhed/helhet, myndighed
    (re.compile(r"(?<=[^e])heder"), "heter"),
    (re.compile(r"(?<=.[aiouyåø])b(?=e|s|t|$)"), "p"),  # skabe/skape, løbende/løpende
    (re.compile(r"^åb(?=e)"), "åp"),  # åben/åpen, åbenhed/åpenhet (not ube-: u- is a prefix)
    (re.compile(r"(?<=.[aiouyåø])g(?=e)"), "k"),  # søge/søke, bruger/bruker, deltager
    (re.compile(r"(?<=[aiouyåø])gt"), "kt"),  # vigtig/viktig, dygtig/dyktig, indsigt/innsikt
    (re.compile(r"fuld(?=e|t|s|$)"), "full"),  # meningsfuld/meningsfull
    (re.compile(r"arbeide$"), "arbeid"),  # samarbejde (noun) / samarbeid
)

# Bokmål: remove the palatal j Danish does not write, and the verb/noun split of "arbeid(e)".
_BOKMAL: Final[_Rules] = (
    (re.compile(r"(?<=[gk])j(?=[eøy])"), ""),  # gjøre/gøre, kjøpe/købe, igjen/igen
    (re.compile(r"(?<=s)kj(?=[eø])"), "k"),  # forskjellig/forskellig, skjema/skema
    (re.compile(r"arbeide$"), "arbeid"),
)

# Nynorsk → Bokmål where the difference is regular.
_NYNORSK: Final[_Rules] = (
    (re.compile(r"ggj"), "gg"),  # innbyggjar, byggje
    (re.compile(r"(?<=.{3})heit(?=s|$|en|a)"), "het"),  # openheit
    (re.compile(r"(?<=.{3})leg(?=e|t|$)"), "lig"),  # naturleg/naturlig
    (re.compile(r"(?<=[a-zæøå]{5})ar$"), "er"),  # medarbeidar/medarbeider
    (re.compile(r"(?<=[a-zæøå]{4})ane$"), "ene"),
    *_BOKMAL,
)

_RULES: Final[dict[str, _Rules]] = {"da": _DANISH, "nb": _BOKMAL, "nn": _NYNORSK}


def normalise(word: str) -> str:
    """Lower-case NFC form with typographic apostrophes unified."""
    return unicodedata.normalize("NFC", word).lower().replace("’", "'").strip()


def fold(word_or_lemma: str, lang: str) -> str:
    """Fold a Danish, Bokmål or Nynorsk lemma to a language-neutral key.

    Args:
        word_or_lemma: Ideally a lemma (the rules assume dictionary forms: "skabe", not
            "skabte"); any word works but inflected forms fold less well.
        lang: ``"da"``, ``"nb"`` or ``"nn"``; anything else is treated as Danish.

    Returns:
        The key, e.g. ``fold("medarbejder", "da") == fold("medarbeider", "nb")``.
    """
    key = normalise(word_or_lemma)
    if lang not in ("nb", "nn"):
        for pattern, repl in _DANISH_EARLY:
            key = pattern.sub(repl, key)
    for pattern, repl in _COMMON:
        key = pattern.sub(repl, key)
    for pattern, repl in _RULES.get(lang, _DANISH):
        key = pattern.sub(repl, key)
    return key
