"""The segmenter's domain rules (cruft, lead-ins, normative cues), loaded from mappings/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base import settings
from ..base.schema import Custom, Float, ListOf, Record, Str, load_validated
from ..base.yamlio import load_once


def _regex(value: object) -> str | None:
    if not isinstance(value, str):
        return "expected a regular expression string"
    try:
        re.compile(value)
    except re.error as e:
        return f"invalid regular expression: {e}"
    return None


_PATTERN = Custom(_regex)
_PATTERN_ENTRY = Record(required={"pattern": _PATTERN}, optional={"why": Str()})

SEGMENTER_SCHEMA = Record(
    required={
        "cruft_lines": ListOf(_PATTERN_ENTRY),
        "footer_lines": ListOf(_PATTERN_ENTRY),
        "continuation_words": ListOf(Str()),
        "lead_in_lines": ListOf(_PATTERN),
        "list_slide_titles": ListOf(_PATTERN),
        "normative_cues": ListOf(_PATTERN),
        "normative_openers": ListOf(_PATTERN),
        "non_normative": ListOf(_PATTERN),
        "attribution": _PATTERN,
        "announced": _PATTERN,
        "non_principle_headings": ListOf(_PATTERN_ENTRY),
        "collective_headings": ListOf(_PATTERN),
        "employee_heading": _PATTERN,
        "leader_heading": _PATTERN,
        "values_heading": _PATTERN,
        "leadership_words": _PATTERN,
        "we_statement": _PATTERN,
        "organisation_subject": _PATTERN,
        "inline_values": _PATTERN,
        "inline_line": _PATTERN,
        "values_named_before": _PATTERN,
        "about_the_collection": _PATTERN,
        "verb_start": _PATTERN,
        "we_statement_share": Float(min=0.0, max=1.0),
    },
    optional={"link_headings": ListOf(_PATTERN), "document_pronoun": _PATTERN,
              "quoted_speech": _PATTERN, "meaning_line": _PATTERN, "audience_lead": _PATTERN,
              "site_name": _PATTERN, "numbered_label": _PATTERN, "ordinals": ListOf(_PATTERN),
              "translation_line": _PATTERN, "conduct_topics": _PATTERN,
              "value_meaning": _PATTERN, "horizon": _PATTERN, "policy_heading": _PATTERN,
              "foreword": _PATTERN, "topic_heading": _PATTERN, "value_definition": _PATTERN,
              "breadcrumb_home": _PATTERN},
)


@dataclass(frozen=True)
class SegmenterRules:
    """Compiled rules; every regex is case-insensitive and Unicode-aware."""

    cruft: tuple[re.Pattern[str], ...]
    footer: tuple[re.Pattern[str], ...]
    continuation_words: frozenset[str]
    lead_in: tuple[re.Pattern[str], ...]
    list_slide_titles: tuple[re.Pattern[str], ...]
    normative_cues: tuple[re.Pattern[str], ...]
    normative_openers: tuple[re.Pattern[str], ...]
    non_normative: tuple[re.Pattern[str], ...]
    attribution: re.Pattern[str]
    announced: re.Pattern[str]
    non_principle: tuple[re.Pattern[str], ...]
    collective: tuple[re.Pattern[str], ...]
    employee_heading: re.Pattern[str]
    leader_heading: re.Pattern[str]
    values_heading: re.Pattern[str]
    leadership_words: re.Pattern[str]
    we_statement: re.Pattern[str]
    organisation_subject: re.Pattern[str]
    inline_values: re.Pattern[str]
    inline_line: re.Pattern[str]
    values_named_before: re.Pattern[str]
    about_the_collection: re.Pattern[str]
    verb_start: re.Pattern[str]
    we_statement_share: float
    link_headings: tuple[re.Pattern[str], ...] = ()
    document_pronoun: re.Pattern[str] | None = None
    quoted_speech: re.Pattern[str] | None = None
    meaning_line: re.Pattern[str] | None = None
    #: The organisation's name alone on a line ("Lyngmose Kommune"): a heading that holds no
    #: principles (one of ``non_principle``), except as the page's title, the site's name there.
    site_name: re.Pattern[str] | None = None
    #: A heading numbered in words ("Prinsipp 2 – …", "Første princip: …"): groups ``n`` (digits)
    #: or ``ord`` (one of ``ordinals``: first, second, …) and ``title``.
    numbered_label: re.Pattern[str] | None = None
    ordinals: tuple[str, ...] = ()
    audience_lead: re.Pattern[str] | None = None
    #: A line giving the line above in another language ("EN: We are visible …").
    translation_line: re.Pattern[str] | None = None
    #: Topics of a code of conduct ("Habilitet", "Tavshedspligt", "Gaver og fordele").
    conduct_topics: re.Pattern[str] | None = None
    #: A title saying what a value means ("Med fellesskap meiner vi").
    value_meaning: re.Pattern[str] | None = None
    #: A date to reach in a heading or lead-in ("Frem mod 2025 …"): goals, not principles.
    horizon: re.Pattern[str] | None = None
    #: A foreword's heading ("Forord", "Innleiing"): its prose presents the document.
    foreword: re.Pattern[str] | None = None
    #: A heading that names a topic ("Om borgeren:"): a label over its text, not a principle.
    topic_heading: re.Pattern[str] | None = None
    #: A sentence opening with what a value means ("Open betyr at …"): that value's text.
    value_definition: re.Pattern[str] | None = None
    #: The first entry of a breadcrumb trail set as a list ("1. Hjem"): the site's home.
    breadcrumb_home: re.Pattern[str] | None = None
    #: A heading naming a policy or plan: entries opening with a verb say what it does.
    policy_heading: re.Pattern[str] | None = None

    @staticmethod
    def full(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
        return any(p.fullmatch(text) for p in patterns)

    @staticmethod
    def search(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
        return any(p.search(text) for p in patterns)

    def opens_with_verb(self, text: str) -> bool:
        """The entry's first word, in lower case, is a finite verb ("Fremmer arbeidsglede …")."""
        words = text.split()
        return bool(words) and self.verb_start.fullmatch(words[0].strip(",.;:").lower()) is not None


def _compile(patterns: list[str], flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


def _optional(data: dict[str, Any], key: str, flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """An optional pattern of the file, compiled, or None when the file leaves it out."""
    return re.compile(data[key], flags) if data.get(key) else None


def _load(path: Path) -> SegmenterRules:
    data = load_validated(path, SEGMENTER_SCHEMA)
    return SegmenterRules(
        cruft=_compile([e["pattern"] for e in data["cruft_lines"]]),
        # Footer patterns are case-sensitive: "2860 Søborg" needs the capital of a place name.
        footer=_compile([e["pattern"] for e in data["footer_lines"]], 0),
        continuation_words=frozenset(w.lower() for w in data["continuation_words"]),
        lead_in=_compile(data["lead_in_lines"]),
        list_slide_titles=_compile(data["list_slide_titles"]),
        normative_cues=_compile(data["normative_cues"]),
        normative_openers=_compile(data["normative_openers"]),
        non_normative=_compile(data["non_normative"]),
        attribution=re.compile(data["attribution"], re.IGNORECASE),
        announced=re.compile(data["announced"], re.IGNORECASE),
        non_principle=_compile([*(e["pattern"] for e in data["non_principle_headings"]),
                                *([data["site_name"]] if data.get("site_name") else [])]),
        collective=_compile(data["collective_headings"]),
        employee_heading=re.compile(data["employee_heading"], re.IGNORECASE),
        leader_heading=re.compile(data["leader_heading"], re.IGNORECASE),
        values_heading=re.compile(data["values_heading"], re.IGNORECASE),
        leadership_words=re.compile(data["leadership_words"], re.IGNORECASE),
        we_statement=re.compile(data["we_statement"], re.IGNORECASE),
        organisation_subject=re.compile(data["organisation_subject"], re.IGNORECASE),
        inline_values=re.compile(data["inline_values"], re.IGNORECASE),
        inline_line=re.compile(data["inline_line"]),
        values_named_before=re.compile(data["values_named_before"], re.IGNORECASE),
        about_the_collection=re.compile(data["about_the_collection"], re.IGNORECASE),
        verb_start=re.compile(data["verb_start"]),
        we_statement_share=float(data["we_statement_share"]),
        link_headings=_compile(data.get("link_headings") or []),
        document_pronoun=_optional(data, "document_pronoun"),
        quoted_speech=_optional(data, "quoted_speech", 0),
        meaning_line=_optional(data, "meaning_line"),
        audience_lead=_optional(data, "audience_lead"),
        site_name=_optional(data, "site_name"),
        numbered_label=_optional(data, "numbered_label"),
        ordinals=tuple(data.get("ordinals") or ()),
        translation_line=_optional(data, "translation_line", 0),
        conduct_topics=_optional(data, "conduct_topics"),
        value_meaning=_optional(data, "value_meaning"),
        horizon=_optional(data, "horizon"),
        foreword=_optional(data, "foreword"),
        topic_heading=_optional(data, "topic_heading"),
        value_definition=_optional(data, "value_definition"),
        breadcrumb_home=_optional(data, "breadcrumb_home"),
        policy_heading=_optional(data, "policy_heading"),
    )


def load_rules(mappings: Path | None = None) -> SegmenterRules:
    """Load (once per file version) the segmenter rules from ``mappings/segmenter.yaml``."""
    path = settings.mappings_dir(mappings) / "segmenter.yaml"
    return load_once("segmenter", [path], lambda: _load(path))
