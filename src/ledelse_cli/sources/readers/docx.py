"""DOCX text extraction straight from the package XML, with zip-bomb and XML-bomb guards.

python-docx drops footnotes, content controls (``w:sdt``) and shows deleted tracked text, so
we read ``word/document.xml`` ourselves: accepted text only (``w:ins`` kept, ``w:del`` and
``w:moveFrom`` dropped), list paragraphs as ``- item`` lines and headings on their own lines,
so the segmenter sees the same structure as in a Markdown file.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ...base.errors import InputError, LimitError
from . import SourceText, check_chars, one_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
PARTS = (DOCUMENT, "word/styles.xml", "word/footnotes.xml")
MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
# Word's XML deflates 5-20x; a bomb deflates 1000x. Small parts are exempt because a tiny
# highly repetitive part is harmless and the ratio of a few bytes means little.
MAX_RATIO = 100
RATIO_EXEMPT_BYTES = 1024 * 1024

# Parts of the tree whose text is not the accepted document text.
_SKIP = {
    W + t
    for t in (
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "sdtPr",
        "sdtEndPr",
        "rPr",
        "pPr",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
    )
}
_BLOCK_SKIP = {
    W + t
    for t in ("del", "moveFrom", "sectPr", "sdtPr", "sdtEndPr", "tblPr", "tcPr", "trPr", "tblGrid")
}
_HEADING_NAME = re.compile(r"^(?:heading|overskrift|overskrift)\s*(\d)$|^title$|^titel$", re.I)
_LIST_NAME = re.compile(r"list|liste|bullet|punkt", re.I)


def read_docx(data: bytes, name: str, *, max_chars: int) -> SourceText:
    """Extract a DOCX file's accepted text, lists and headings, then its footnotes.

    Raises:
        InputError: not a DOCX zip, damaged XML, DTDs/entities in the XML.
        LimitError: a part whose size or compression ratio looks like a zip bomb, or text over
            ``max_chars``.
    """
    parts = _read_parts(data, name)
    styles = (
        _styles(_parse(parts.get("word/styles.xml"), name)) if "word/styles.xml" in parts else {}
    )
    root = _parse(parts[DOCUMENT], name)
    body = root.find(W + "body")
    lines: list[str] = []
    size = 0
    previous_list = False
    try:
        for p in _paragraphs(body if body is not None else root):
            line = _paragraph_line(p, styles)
            if line is None:
                continue
            is_list = line.startswith("- ")
            # A blank line between paragraphs, none between the items of one list.
            if lines and not (is_list and previous_list):
                lines.append("")
            lines.append(line)
            previous_list = is_list
            size += len(line) + 2
            check_chars(size, max_chars, name)
        notes = _footnotes(parts.get("word/footnotes.xml"), name)
    except RecursionError as e:
        raise InputError("DOCX XML is nested too deeply", name) from e
    if notes:
        lines += ["", *notes]
    text = "\n".join(lines)
    check_chars(len(text), max_chars, name)
    return SourceText(text, None, "docx")


def _read_parts(data: bytes, name: str) -> dict[str, bytes]:
    """The XML parts we need, each checked for size and ratio *before* it is decompressed."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise InputError(f"not a valid DOCX (not a zip archive: {one_line(e)})", name) from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise LimitError(f"DOCX has {len(infos)} zip members (limit {MAX_MEMBERS})", name)
        by_name = {i.filename: i for i in infos}
        if DOCUMENT not in by_name:
            raise InputError("not a valid DOCX (no word/document.xml)", name)
        wanted = [by_name[p] for p in PARTS if p in by_name]
        total = 0
        for info in wanted:
            _check_member(info, name)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise LimitError(
                f"DOCX text parts unpack to {total} bytes (limit {MAX_TOTAL_BYTES}); zip bomb?",
                name,
            )
        out = {}
        for info in wanted:
            try:
                with zf.open(info) as fh:
                    # The declared size can lie; never read more than the cap.
                    blob = fh.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as e:
                raise InputError(f"damaged DOCX ({info.filename}: {one_line(e)})", name) from e
            if len(blob) > MAX_MEMBER_BYTES:
                raise LimitError(f"{info.filename} unpacks past {MAX_MEMBER_BYTES} bytes", name)
            out[info.filename] = blob
    return out


def _check_member(info: zipfile.ZipInfo, name: str) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise LimitError(
            f"{info.filename} would unpack to {info.file_size} bytes "
            f"(limit {MAX_MEMBER_BYTES}); zip bomb?",
            name,
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_EXEMPT_BYTES and ratio > MAX_RATIO:
        raise LimitError(
            f"{info.filename} has a compression ratio of {ratio:.0f}:1 "
            f"(limit {MAX_RATIO}:1); zip bomb?",
            name,
        )


def _parse(blob: bytes | None, name: str) -> Any:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        # No DTDs at all: Word never writes one, and entity tricks (billion laughs, XXE) need it.
        return fromstring(blob or b"", forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise InputError(
            f"DOCX XML declares a DTD or entities; refused ({one_line(e)})", name
        ) from e
    except (ParseError, ValueError) as e:
        raise InputError(f"damaged DOCX XML ({one_line(e)})", name) from e


def _styles(root: Any) -> dict[str, tuple[str, bool]]:
    """styleId → (kind, is_list) where kind is ``heading<N>`` or ``""``."""
    out: dict[str, tuple[str, bool]] = {}
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId") or ""
        name_el = style.find(W + "name")
        sname = (name_el.get(W + "val") if name_el is not None else "") or sid
        m = _HEADING_NAME.match(sname.strip()) or _HEADING_NAME.match(sid)
        kind = f"heading{m.group(1) or 1}" if m else ""
        ppr = style.find(W + "pPr")
        is_list = bool(_LIST_NAME.search(sname)) or (
            ppr is not None and ppr.find(W + "numPr") is not None and not kind
        )
        out[sid] = (kind, is_list)
    return out


def _paragraphs(el: Any) -> Any:
    """Block-level ``w:p`` in reading order, through tables, content controls and insertions."""
    for child in el:
        if child.tag == W + "p":
            yield child
        elif child.tag not in _BLOCK_SKIP:
            yield from _paragraphs(child)


def _paragraph_line(p: Any, styles: dict[str, tuple[str, bool]]) -> str | None:
    parts: list[str] = []
    _collect(p, parts)
    text = " ".join("".join(parts).replace("\t", " ").split(" ")).strip()
    text = "\n".join(" ".join(seg.split()) for seg in text.split("\n")).strip()
    if not text:
        return None
    ppr = p.find(W + "pPr")
    style_id, numbered = "", False
    if ppr is not None:
        ps = ppr.find(W + "pStyle")
        style_id = (ps.get(W + "val") if ps is not None else "") or ""
        num = ppr.find(W + "numPr")
        if num is not None:
            num_id = num.find(W + "numId")
            # numId 0 explicitly switches numbering off for this paragraph.
            numbered = num_id is None or num_id.get(W + "val") != "0"
    kind, list_style = styles.get(style_id, ("", False))
    if not kind and re.fullmatch(r"(?i)(heading|overskrift)\d", style_id):
        kind = "heading" + style_id[-1]
    if kind:
        return "#" * int(kind[-1]) + " " + text.replace("\n", " ")
    if numbered or list_style:
        return "- " + text.replace("\n", " ")
    return text


def _collect(el: Any, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "p":  # a paragraph inside a text box: keep it apart
            out.append("\n")
            _collect(child, out)
            out.append("\n")
        else:
            _collect(child, out)


def _footnotes(blob: bytes | None, name: str) -> list[str]:
    if not blob:
        return []
    out = []
    for note in _parse(blob, name).iter(W + "footnote"):
        # separator, continuationSeparator and continuationNotice are Word's own furniture.
        if note.get(W + "type") not in (None, "normal"):
            continue
        parts: list[str] = []
        for p in _paragraphs(note):
            _collect(p, parts)
            parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            out.append(text)
    return out
