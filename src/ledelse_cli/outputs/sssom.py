"""SSSOM mapping sets: principles → target points as SKOS mappings, reviewed or suggested.

SSSOM (Simple Standard for Sharing Ontological Mappings, https://w3id.org/sssom/) is a TSV
table, one mapping a row, under a YAML metadata block whose lines start with ``#``. Each row
here maps a principle (subject) to a point of the target (object). The NIST IR 8477 relation
of a principle to a point becomes a SKOS mapping predicate (:data:`PREDICATES`): the relation
says how the principle's set of ideas stands to the point's, SKOS how the subject concept
stands to the object concept.

Which rows: every match the tool suggests at or above the partial level (justification
``semapv:LexicalMatching``, confidence = the tool's score), and every pair a person reviewed
in ``mappings/reviewed/*.yaml`` (``semapv:ManualMappingCuration``, confidence = strength/10,
the reviewer as author and reviewer), whatever its level: a reviewed ``not_related`` is
exported as a negated mapping (``predicate_modifier: Not``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..base.vocab import COVERED

if TYPE_CHECKING:
    from ..run.workspace import Workspace

#: NIST IR 8477 relation of a principle (subject) to a point (object) → SKOS predicate and
#: predicate modifier. ``subset``: the principle covers part of the point, so the point is
#: the broader (``subject skos:broadMatch object``: the object is broader); ``superset`` the
#: reverse.
PREDICATES: dict[str, tuple[str, str]] = {
    "equal": ("skos:exactMatch", ""),
    "subset": ("skos:broadMatch", ""),
    "superset": ("skos:narrowMatch", ""),
    "intersects": ("skos:relatedMatch", ""),
    "not_related": ("skos:relatedMatch", "Not"),
}
MANUAL = "semapv:ManualMappingCuration"
LEXICAL = "semapv:LexicalMatching"
#: Identifiers are IRIs under this base unless ``--base-iri`` names the study's own namespace.
#: A placeholder (example.org is reserved for examples), so no identifier pretends to be
#: published; an http(s) IRI, since SSSOM readers expect one for ``mapping_set_id``.
DEFAULT_BASE = "https://example.org/ledelse/"
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
COLUMNS = ("subject_id", "subject_label", "predicate_id", "predicate_modifier", "object_id",
           "object_label", "mapping_justification", "confidence", "author_id",
           "author_label", "reviewer_id", "reviewer_label", "mapping_date", "comment")
BUILTIN_PREFIXES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
}
_ORCID = re.compile(r"(?:https://orcid\.org/|orcid:)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class MappingSet:
    """An SSSOM mapping set: its metadata (the YAML header) and its rows."""

    metadata: dict[str, Any]
    rows: tuple[dict[str, str], ...]

    def to_tsv(self) -> str:
        """SSSOM/TSV: ``#``-prefixed YAML metadata, then a header line and one row each."""
        from ..base.yamlio import dump_yaml

        header = "".join(f"#{line}\n" for line in dump_yaml(self.metadata).splitlines())
        lines = ["\t".join(COLUMNS)]
        lines += ["\t".join(_cell(row.get(c, "")) for c in COLUMNS) for row in self.rows]
        return header + "\n".join(lines) + "\n"

    def to_records(self) -> list[dict[str, str]]:
        return [dict(r) for r in self.rows]


def _cell(value: str) -> str:
    # A TSV cell cannot hold a tab or a line break; SSSOM has no quoting.
    return " ".join(str(value).split())


def prefix_of(document: str) -> str:
    """The CURIE prefix of a document's principles: its id when that is an NCName."""
    return document if _NCNAME.fullmatch(document) else f"doc_{document}"


def curie(principle_id: str) -> str:
    document, number = principle_id.split("/", 1)
    return f"{prefix_of(document)}:{number}"


def person(reviewer: str, base_iri: str) -> tuple[str, str, dict[str, str]]:
    """A reviewer's id, label and any prefix the id needs: an ORCID when the reviewer field
    holds one, else an identifier under the base (``<base>reviewer/<slug>``)."""
    m = _ORCID.fullmatch(reviewer.strip())
    if m:
        return f"orcid:{m.group(1)}", reviewer, {"orcid": "https://orcid.org/"}
    slug = re.sub(r"[^a-z0-9]+", "-", reviewer.lower()).strip("-") or "anonymous"
    return f"ledelse_reviewer:{slug}", reviewer, {"ledelse_reviewer": f"{base_iri}reviewer/"}


def mapping_set(workspace: Workspace, against: str, refs: Sequence[str], *,
                base_iri: str = DEFAULT_BASE, license_iri: str = DEFAULT_LICENSE,
                workers: int = 1) -> MappingSet:
    """The mapping set of the principles of ``refs`` to the points of ``against``."""
    from ..analyses.align import align
    from ..knowledge.mappingfile import load_mapping_files
    from .manifest import tool_version

    target = workspace.target(against)
    reviewed = {e.key: e for e in load_mapping_files(workspace.mappings) if e.reviewed}
    prefixes = {**BUILTIN_PREFIXES, "ledelse": base_iri}
    for point in target.points:
        document = point.id.split("/", 1)[0]
        prefixes[prefix_of(document)] = f"{base_iri}{document}/"
    labels = {p.id: p.title for p in target.points}
    rows: list[dict[str, str]] = []
    sources = []
    for ref in refs:
        alignment = align(workspace, ref, against, top_k=len(target.points), workers=workers)
        source = workspace.source(ref)
        sources.append(source.id)
        titles = {p.id: p.title for p in source.principles}
        for d in source.documents:
            prefixes[prefix_of(d.id)] = f"{base_iri}{d.id}/"
        for p in alignment.principles:
            for m in p.matches:
                entry = reviewed.get((m.principle, m.target)) if m.reviewed else None
                if entry is None and m.level not in COVERED:
                    continue
                predicate, modifier = PREDICATES[m.relation]
                row = {
                    "subject_id": curie(m.principle), "subject_label": titles.get(p.id, ""),
                    "predicate_id": predicate, "predicate_modifier": modifier,
                    "object_id": curie(m.target), "object_label": labels.get(m.target, ""),
                }
                if entry is not None:
                    pid, label, extra = person(entry.reviewer or "", base_iri)
                    prefixes.update(extra)
                    row.update(mapping_justification=MANUAL,
                               confidence=_number(entry.strength / 10), author_id=pid,
                               author_label=label, reviewer_id=pid, reviewer_label=label,
                               mapping_date=entry.date or "", comment=entry.rationale)
                else:
                    shared = ", ".join(m.evidence.shared_concepts)
                    row.update(mapping_justification=LEXICAL, confidence=_number(m.score),
                               comment=f"level {m.level}; {m.rule}"
                               + (f"; shared concepts: {shared}" if shared else ""))
                rows.append(row)
    name = "-".join(sources) if len(sources) <= 3 else f"{len(sources)}-sources"
    metadata: dict[str, Any] = {
        "curie_map": prefixes,
        "mapping_set_id": f"{base_iri}mappings/{name}-{target.id}.sssom.tsv",
        "mapping_set_title": f"{', '.join(sources)} → {target.id} ({target.title})",
        "mapping_set_description": (
            f"Principles of {', '.join(sources)} mapped to the points of {target.id} by "
            f"ledelse: its suggestions at or above the partial level (confidence = score) and "
            f"the pairs a person reviewed (confidence = strength / 10). Predicates from the "
            f"NIST IR 8477 relation: equal exactMatch, subset broadMatch, superset "
            f"narrowMatch, intersects relatedMatch, not_related Not relatedMatch."),
        "license": license_iri,
        "mapping_tool": "ledelse",
        "mapping_tool_version": tool_version(),
        "object_source": f"ledelse:{target.id}",
    }
    if len(sources) == 1:
        metadata["subject_source"] = f"ledelse:{sources[0]}"
    return MappingSet(metadata, tuple(rows))


def _number(value: float) -> str:
    return f"{round(float(value), 4):g}"
