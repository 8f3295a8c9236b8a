"""Levels, relations and language codes are string enums that serialise as their values."""

from __future__ import annotations

import json

from ledelse_cli.base.vocab import COVERED, DOCUMENT_LANGS, Lang, Level, Relation
from ledelse_cli.knowledge.alignment import load_config
from ledelse_cli.knowledge.mappingfile import RELATIONS


def test_members_are_their_values_in_json_and_text() -> None:
    assert json.dumps({"level": Level.partial, "relation": Relation.not_related}) == (
        '{"level": "partial", "relation": "not_related"}')
    assert f"{Level.full}/{Lang.nn}" == "full/nn"
    assert Level.none == "none" and "none" == Level.none
    assert repr([Level.full, Relation.subset]) == "['full', 'subset']"


def test_vocabularies_are_the_documented_ones() -> None:
    # NIST IR 8477's set-theoretic relations, as mapping files spell them.
    assert RELATIONS == ("equal", "subset", "superset", "intersects", "not_related")
    assert COVERED == ("full", "partial")
    assert DOCUMENT_LANGS == ("da", "nb", "nn", "unknown")


def test_alignment_levels_are_level_members() -> None:
    config = load_config()
    assert config.level(0.99) is Level.full
    assert config.level(0.99, best=False) is Level.partial
    assert config.level(config.partial) is Level.partial
    assert config.level(config.partial - 0.001) is Level.none
