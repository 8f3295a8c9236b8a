"""The one-time tables (simplemma's lemmas and wordfreq's frequencies as tries): which are
missing, and building them all at once (``ledelse setup``, or the first command that needs them).

They took ~7 s on the 2-core reference machine; ~4-5 s with the faster trie build
(``dictionaries._build``). Every analysis reads all five (the Nynorsk check reads ``nn`` too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..text import dictionaries, generalfreq

LEMMA_LANGUAGES = ("da", "nb", "nn")


@dataclass(frozen=True)
class Table:
    """One stored table: ``kind`` is "lemmas" (simplemma) or "zipf" (wordfreq)."""

    kind: str
    lang: str

    @property
    def path(self) -> Path | None:
        if self.kind == "lemmas":
            return dictionaries.trie_path(self.lang)
        return generalfreq.table_path(self.lang)

    def build(self) -> None:
        if self.kind == "lemmas":
            dictionaries.build(self.lang)
        else:
            generalfreq.build_table(self.lang)


TABLES = (
    *(Table("lemmas", lang) for lang in LEMMA_LANGUAGES),
    *(Table("zipf", lang) for lang in generalfreq.GENERAL_LANGUAGES),
)


def missing(tables: tuple[Table, ...] = TABLES) -> list[Table]:
    """Those of ``tables`` not yet stored (none with the cache off: nothing is stored then).

    Only checks that the files exist (a damaged one is rebuilt when it is read)."""
    return [t for t in tables if t.path is not None and not t.path.is_file()]


def build(tables: list[Table] | None = None) -> list[Table]:
    """Build ``tables`` (default: the missing ones) one after another; returns those built.

    Building two in a second process was measured too: faster on an idle machine, slower on
    this shared one (load 3 on 2 cores), so they are built in turn.
    """
    todo = missing() if tables is None else list(tables)
    for t in todo:
        t.build()
    return todo
