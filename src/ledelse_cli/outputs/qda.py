"""REFI-QDA exports: a project (.qdpx) with the tool's codings, and a codebook (.qdc) alone.

REFI-QDA (www.qdasoftware.org) is the exchange standard that NVivo, MAXQDA, ATLAS.ti and
QualCoder read. A ``.qdpx`` is a zip archive holding ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and, under ``Sources/``, one UTF-8 text file per text source,
referred to as ``internal://<guid>.txt``. A ``PlainTextSelection`` marks
``startPosition``/``endPosition`` in characters of that text, so the selections here are the
principles' spans into ``text.txt`` (the stored, normalised text) unchanged.

What goes in:

- the codebook: one non-codable code for the target, with one codable code per point under
  it (and, with ``concepts``, one per taxonomy concept under a second parent);
- one text source per document, its text exactly as stored;
- one selection per principle (its heading, text and items: from the first to the last
  character the segmenter assigned to it), described by its id, role and the codings below;
- one coding per match at or above the partial level (reviewed verdicts included), each with
  a note (memo) giving level, score, relation and the evidence.

Every GUID is a uuid5 of what the element stands for, so two runs over the same corpus and
mappings write byte-identical files (no timestamps; zip entries dated 1980-01-01).
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from ..analyses.align import Alignment, align
from ..base.models import Document, Principle
from ..base.vocab import COVERED
from .render import shown

if TYPE_CHECKING:
    from ..run.workspace import Target, Workspace

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: The namespace of every GUID this tool writes (uuid5 of it and a name).
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/ledelse/#refi-qda")
CODED_LEVELS = COVERED
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def guid(kind: str, *parts: str) -> str:
    """A deterministic GUID for an element: the same thing gets the same GUID in every run."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join((kind, *parts))))


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("\ufffd", text or "")


def selection_span(principle: Principle) -> tuple[int, int]:
    """From the first to the last character of a principle: its heading when that stands
    apart from the text, its text, and its items."""
    starts = [principle.span[0], *(i.span[0] for i in principle.items)]
    ends = [principle.span[1], *(i.span[1] for i in principle.items)]
    if principle.title_span is not None:
        starts.append(principle.title_span[0])
        ends.append(principle.title_span[1])
    return min(starts), max(ends)


@dataclass(frozen=True)
class ConceptCoding:
    """A taxonomy concept a principle expresses, with its cue strength."""

    principle: str
    concept: str
    strength: float


@dataclass(frozen=True)
class QdaProject:
    """What a REFI-QDA export holds: the target, the documents and their alignments."""

    target: Target
    documents: tuple[Document, ...]
    alignments: tuple[Alignment, ...]
    tool: str
    concepts: tuple[Any, ...] = ()  # taxonomy Concepts, when codes per concept are asked for
    concept_codings: tuple[ConceptCoding, ...] = ()
    _guids: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def matches(self) -> list[Any]:
        """Every coded match (level full or partial), in document and principle order."""
        return [m for al in self.alignments for p in al.principles for m in p.matches
                if m.level in CODED_LEVELS]

    def to_qdpx(self) -> bytes:
        """The .qdpx archive: project.qde and Sources/<guid>.txt, byte-identical per run."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            _add(zf, "project.qde", _xml_bytes(self._project()))
            for d in self.documents:
                _add(zf, f"Sources/{self._source_guid(d)}.txt", d.text.encode("utf-8"))
        return buf.getvalue()

    def to_qdc(self) -> bytes:
        """The codebook alone (.qdc, namespace urn:QDA-XML:codebook:1.0)."""
        root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": self.tool})
        _codes(root, CODEBOOK_NS, self.target, self.concepts)
        return _xml_bytes(root)

    # ------------------------------------------------------------------ the project XML

    def _source_guid(self, document: Document) -> str:
        return guid("source", document.id, document.meta.sha256 or "")

    def _project(self) -> ET.Element:
        ns = PROJECT_NS
        user = guid("user", self.tool)
        root = ET.Element(f"{{{ns}}}Project", {
            "name": _clean(f"ledelse: {', '.join(d.id for d in self.documents)} against "
                           f"{self.target.id}"),
            "origin": self.tool,
            "creatingUserGUID": user,
        })
        users = ET.SubElement(root, f"{{{ns}}}Users")
        ET.SubElement(users, f"{{{ns}}}User", {"guid": user, "name": self.tool})
        codebook = ET.SubElement(root, f"{{{ns}}}CodeBook")
        _codes(codebook, ns, self.target, self.concepts)
        notes: list[tuple[str, str, str]] = []
        by_principle: dict[str, list[Any]] = {}
        for m in self.matches:
            by_principle.setdefault(m.principle, []).append(m)
        concept_by_principle: dict[str, list[ConceptCoding]] = {}
        for c in self.concept_codings:
            concept_by_principle.setdefault(c.principle, []).append(c)
        labels = {c.id: c.label("en") for c in self.concepts}
        sources = ET.SubElement(root, f"{{{ns}}}Sources")
        for d in self.documents:
            sguid = self._source_guid(d)
            src = ET.SubElement(sources, f"{{{ns}}}TextSource", {
                "guid": sguid, "name": d.id, "plainTextPath": f"internal://{sguid}.txt",
                "creatingUser": user})
            _text(src, ns, "Description", _document_description(d))
            for p in sorted(d.principles, key=lambda p: (selection_span(p), p.id)):
                matches = by_principle.get(p.id, [])
                concept_codes = concept_by_principle.get(p.id, [])
                start, end = selection_span(p)
                sel = ET.SubElement(src, f"{{{ns}}}PlainTextSelection", {
                    "guid": guid("selection", d.id, p.id, str(start), str(end)),
                    "name": _clean(f"{p.id} {p.title}")[:200],
                    "startPosition": str(start), "endPosition": str(end),
                    "creatingUser": user})
                _text(sel, ns, "Description", _selection_description(p, matches))
                for m in matches:
                    note = guid("note", m.principle, m.target)
                    _coding(sel, ns, guid("coding", m.principle, m.target),
                            guid("code", m.target), note, user)
                    notes.append((note, f"{m.principle} → {m.target}: {m.level} "
                                  f"{shown(m.score)}", memo(m)))
                for c in concept_codes:
                    note = guid("note", c.principle, "concept", c.concept)
                    _coding(sel, ns, guid("coding", c.principle, "concept", c.concept),
                            guid("concept", c.concept), note, user)
                    notes.append((note, f"{c.principle} → {c.concept}",
                                  f"{c.principle} expresses the taxonomy concept "
                                  f"{labels.get(c.concept, c.concept)} ({c.concept}) with cue "
                                  f"strength {shown(c.strength)}."))
        if notes:
            notes_el = ET.SubElement(root, f"{{{ns}}}Notes")
            for note_guid, name, text in notes:
                n = ET.SubElement(notes_el, f"{{{ns}}}Note", {
                    "guid": note_guid, "name": _clean(name), "creatingUser": user})
                _text(n, ns, "PlainTextContent", text)
        _text(root, ns, "Description", self._description())
        return root

    def _description(self) -> str:
        cfg = self.alignments[0].config if self.alignments else None
        thresholds = (f" Levels: full when a point is a principle's closest and scores >= "
                      f"{cfg.full:g}; partial >= {cfg.partial:g}." if cfg else "")
        return (f"Written by {self.tool}: the principles of {len(self.documents)} documents "
                f"coded with the points of {self.target.id} ({self.target.title}) they match "
                f"at or above the partial level.{thresholds} Each coding's note gives its "
                "level, score, NIST IR 8477 relation and evidence; the codings are the "
                "tool's suggestions (or a reviewer's verdict, where marked) for a person to "
                "check.")


def memo(m: Any) -> str:
    """The explanation of a match as a memo: level, score, relation and evidence."""
    e = m.evidence
    lines = [
        f"{m.principle} → {m.target}: level {m.level}, score {m.score:.4f}"
        f" (lexical {shown(e.lexical)}, fuzzy {shown(e.fuzzy)}, concepts {shown(e.concepts)})",
        f"relation: {m.relation} ({m.rule})",
    ]
    if m.reviewed:
        lines.append(f"reviewed: {m.rationale or ''}".rstrip())
    if e.shared_lemmas:
        lines.append("shared lemmas: " + ", ".join(e.shared_lemmas))
    if e.shared_concepts:
        lines.append("shared concepts: " + ", ".join(e.shared_concepts))
    if e.best_unit_text:
        lines.append(f"best passage ({e.best_unit}): {e.best_unit_text}")
    if e.target_unit_text:
        lines.append(f"point passage ({e.target_unit}): {e.target_unit_text}")
    if m.reuse and e.reuse:
        lines.append(f"reuses the point's wording: \"{e.reuse}\"")
    return _clean("\n".join(lines))


def _selection_description(p: Principle, matches: Sequence[Any]) -> str:
    head = f"{p.id} ({p.role})" + (f", under “{p.section}”" if p.section else "")
    if p.role == "employees":
        return head + ": expectations of employees, not aligned."
    if not matches:
        return head + ": no point at or above the partial level."
    return head + ": " + "; ".join(f"{m.target} {m.level} {shown(m.score)}" for m in matches)


def _document_description(d: Document) -> str:
    m = d.meta
    parts = [m.title, f"org {m.org}", f"lang {m.lang}", f"kind {m.kind}"]
    if m.source:
        parts.append(f"source: {m.source}")
    if m.sha256:
        parts.append(f"sha256 of the original: {m.sha256}")
    return "; ".join(parts)


def _codes(parent: ET.Element, ns: str, target: Target, concepts: Sequence[Any]) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    top = ET.SubElement(codes, f"{{{ns}}}Code", {
        "guid": guid("target", target.id), "name": _clean(f"{target.id}: {target.title}"),
        "isCodable": "false"})
    _text(top, ns, "Description", f"The points of {target.id}, one code each.")
    for p in target.points:
        code = ET.SubElement(top, f"{{{ns}}}Code", {
            "guid": guid("code", p.id), "name": _clean(f"{p.id} {p.title}"),
            "isCodable": "true"})
        _text(code, ns, "Description", "\n".join([p.text, *(f"• {i.text}" for i in p.items)]))
    if concepts:
        top = ET.SubElement(codes, f"{{{ns}}}Code", {
            "guid": guid("taxonomy"), "name": "Taxonomy concepts", "isCodable": "false"})
        _text(top, ns, "Description", "The bilingual concept taxonomy of ledelse.")
        for c in concepts:
            code = ET.SubElement(top, f"{{{ns}}}Code", {
                "guid": guid("concept", c.id), "name": _clean(f"{c.label('en')} ({c.id})"),
                "isCodable": "true"})
            _text(code, ns, "Description", c.definition)


def _coding(parent: ET.Element, ns: str, coding: str, code: str, note: str, user: str) -> None:
    el = ET.SubElement(parent, f"{{{ns}}}Coding", {"guid": coding, "creatingUser": user})
    ET.SubElement(el, f"{{{ns}}}CodeRef", {"targetGUID": code})
    ET.SubElement(el, f"{{{ns}}}NoteRef", {"targetGUID": note})


def _text(parent: ET.Element, ns: str, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ns}}}{tag}").text = _clean(text)


def _xml_bytes(root: ET.Element) -> bytes:
    ns = root.tag[1:].split("}", 1)[0]
    ET.register_namespace("", ns)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def qda_project(workspace: Workspace, against: str, refs: Sequence[str] | None = None, *,
                concepts: bool = False, workers: int = 1) -> QdaProject:
    """Align every REF with ``against`` and gather what a REFI-QDA export holds.

    Args:
        workspace: the opened corpus and mappings.
        against: the framework (or any REF) whose points become the codes.
        refs: the documents, orgs or files to code (default: the corpus but the target).
        concepts: also code each principle with the taxonomy concepts it expresses.
        workers: processes for fuzzy matching.
    """
    from ..analyses.coverage import default_refs
    from .manifest import tool_version

    target = workspace.target(against)
    todo = list(refs) if refs else default_refs(workspace, target)
    alignments = tuple(align(workspace, ref, against, top_k=len(target.points),
                             workers=workers) for ref in todo)
    documents: dict[str, Document] = {}
    for ref in todo:
        for d in workspace.source(ref).documents:
            documents.setdefault(d.id, d)
    taxonomy: tuple[Any, ...] = ()
    codings: list[ConceptCoding] = []
    if concepts:
        from ..knowledge.taxonomy import load_taxonomy

        taxonomy = tuple(load_taxonomy(workspace.mappings).concepts)
        config = workspace.config
        for ref in todo:
            source = workspace.source(ref)
            for f in workspace.features(source.principles, source.documents):
                for cid, strength in sorted(f.concepts(config.item_weight).items()):
                    if strength > 0:
                        codings.append(ConceptCoding(f.id, cid, strength))
    return QdaProject(target, tuple(documents.values()), alignments,
                      f"ledelse {tool_version()}", taxonomy, tuple(codings))


def qda_codebook(workspace: Workspace, against: str, *, concepts: bool = False) -> QdaProject:
    """The codebook of ``against`` alone (no documents, no codings): for ``to_qdc()``."""
    from .manifest import tool_version

    taxonomy: tuple[Any, ...] = ()
    if concepts:
        from ..knowledge.taxonomy import load_taxonomy

        taxonomy = tuple(load_taxonomy(workspace.mappings).concepts)
    return QdaProject(workspace.target(against), (), (), f"ledelse {tool_version()}", taxonomy)
