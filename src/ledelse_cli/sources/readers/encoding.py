"""Encoding detection for Danish and Norwegian text files, restricted to plausible code pages.

Generic detectors (chardet, charset-normalizer) guess wrong on short Nordic files: a 300-byte
cp1252 text with three ``ø`` is as likely to be Turkish or Cyrillic to them. The files we see
are UTF-8, UTF-16 (Word's "Unicode text") or one of a handful of Western code pages, so we
decode with each of those and keep the one whose result reads most like Danish/Norwegian.
"""

from __future__ import annotations

import codecs
import re

from ...base.errors import InputError, UsageError

# Order breaks ties: cp1252 is what Windows writes and a superset of latin-1's printable part.
SINGLE_BYTE = ("cp1252", "iso-8859-15", "latin-1", "iso-8859-10", "cp865", "mac_roman")

_NORDIC = frozenset("æøåÆØÅ")
_OTHER_LATIN = frozenset("éèêëüöäóáíúÉÜÖÄ")
# Characters that decode fine but almost never occur in a Nordic policy text; they are what the
# wrong code page turns æ ø å into (cp865 read as cp1252 gives ‘ › †, cp1252 read as cp865 µ ° σ).
_UNLIKELY = frozenset(
    "¤¦¨´¸¼½¾µ°±¬¯·¹²³ºª¿¡×÷†‡ˆ‰Š‹ŒŽšœžŸƒ"
    "αβΓπΣστΦΘΩδ∞φε∩≡≥≤⌠⌡≈∙√ⁿ■ÇüâàçêëïîìÄ"  # cp865's upper half beyond the Nordic letters
    "∂∑∏∫Ωπ◊ıˇ˘˙˚˛˝ﬁﬂ√≈∆«»…"  # mac_roman's symbols
)
_C1 = re.compile(r"[\x80-\x9f]")
_WORD = re.compile(r"[^\W\d_]+")
_COMMON = frozenset(
    "og at det er i på til med for som en et af av ikke vi der jeg de har kan skal vil "
    "være være vores våre også både får når hvor ledelse leder ledere medarbejdere "
    "medarbeidere skabe skape ansvar".split()
)
_BOM = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes to text and name the encoding used.

    Args:
        data: the raw file content.
        name: the file name, for messages.
        encoding: an explicit codec (``--encoding``) that overrides detection.

    Returns:
        The decoded text and the codec name.

    Raises:
        UsageError: an unknown codec name.
        InputError: bytes that do not decode, or binary (non-text) data.
    """
    if encoding:
        encoding = check_encoding(encoding)
        try:
            return _checked(data.decode(encoding), name), encoding
        except UnicodeDecodeError as e:
            raise InputError(
                f"cannot decode as {encoding}: byte {e.start} ({e.reason})", name
            ) from e
    for bom, codec in _BOM:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), name), codec
            except UnicodeDecodeError as e:
                raise InputError(
                    f"starts with a {codec} BOM but does not decode ({e})", name
                ) from e
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), name), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes), not a text file", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Valid UTF-8 with non-ASCII bytes is practically never another encoding by accident.
        return _checked(text, name), "utf-8"
    return best_single_byte(data, name)


# Text codecs that do not decode a file's characters: escape decoders turn "\\ud800" in the
# file into a lone surrogate, "undefined" refuses everything.
_NOT_FILE_ENCODINGS = {"undefined", "unicode_escape", "raw_unicode_escape"}


def check_encoding(encoding: str) -> str:
    """``encoding`` if it names a codec that decodes bytes to text, else UsageError (exit 2):
    unknown names, bytes-to-bytes codecs (zlib, hex, base64, uu), text-to-text ones (rot13)
    and the escape decoders."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError) as e:
        raise UsageError(f"unknown encoding '{encoding}' given with --encoding") from e
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in (
        _NOT_FILE_ENCODINGS
    ):
        raise UsageError(
            f"--encoding '{encoding}' is not a character encoding of text files "
            "(use e.g. utf-8, cp1252, latin-1, utf-16)"
        )
    return encoding


def best_single_byte(data: bytes, name: str) -> tuple[str, str]:
    """Decode with each Nordic single-byte code page and keep the most Danish/Norwegian result."""
    best: tuple[float, int, str, str] | None = None
    for rank, codec in enumerate(SINGLE_BYTE):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        key = (score(text), -rank, codec, text)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:  # unreachable: latin-1 decodes every byte string
        raise InputError("cannot decode the text", name)
    return _checked(best[3], name), best[2]


def score(text: str) -> float:
    """How much ``text`` reads like Danish/Norwegian (higher is better); used to pick a codec."""
    s = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in _NORDIC:
            s += 3
        elif ch in _OTHER_LATIN:
            s += 0.5
        elif ch in _UNLIKELY:
            s -= 4
        elif _C1.match(ch):
            s -= 10
    words = _WORD.findall(text.lower())
    s += 2 * sum(1 for w in words if w in _COMMON)
    # A symbol wedged between two letters ("f‘lles", "st›tte") is a mis-decoded letter.
    s -= 5 * len(re.findall(r"(?<=[a-zA-Z])[^\w\s.,;:!?'\"()\-/–][a-zA-Z]", text))
    return s


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit at one byte parity, as in ASCII-heavy UTF-16."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(text: str, name: str) -> str:
    """Reject decoded 'text' that is really binary (control characters, NULs)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise InputError("binary data (control characters), not a text file", name)
    return text
