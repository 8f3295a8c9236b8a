"""The tool's fixed vocabularies as string enums: coverage levels, NIST IR 8477 relations and
language codes. Members are ``str``: they compare equal to, format as and serialise to JSON as
their values ("full", "subset", "da"), so outputs are unchanged."""

from __future__ import annotations

from enum import StrEnum


class _Vocab(StrEnum):
    """A StrEnum whose repr is its value's: a notebook or a doctest shows 'full', not
    <Level.full: 'full'>."""

    def __repr__(self) -> str:
        return repr(self.value)


class Level(_Vocab):
    """How well a principle covers a target point (thresholds in ``alignment.yaml``)."""

    full = "full"
    partial = "partial"
    none = "none"


#: Levels that count as covered (a coding in a QDA export, a row in an SSSOM set).
COVERED = (Level.full, Level.partial)


class Relation(_Vocab):
    """The relation of a principle to a point (NIST IR 8477 set-theoretic relations)."""

    equal = "equal"
    subset = "subset"
    superset = "superset"
    intersects = "intersects"
    not_related = "not_related"


class Lang(_Vocab):
    """Language codes of texts: Danish, Norwegian Bokmål and Nynorsk; ``unknown`` when a text
    is too short or mixed to tell."""

    da = "da"
    nb = "nb"
    nn = "nn"
    unknown = "unknown"


#: The languages the tool reads (lexicons, cues, homographs are given for each).
TEXT_LANGS: tuple[Lang, ...] = (Lang.da, Lang.nb, Lang.nn)
#: What a stored document or principle can be tagged with.
DOCUMENT_LANGS: tuple[Lang, ...] = (*TEXT_LANGS, Lang.unknown)
#: What kind of text a stored document is.
DOCUMENT_KINDS = ("framework", "policy", "article", "press", "slides", "other")
