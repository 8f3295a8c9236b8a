"""Shape checks of cache entries: an entry is used only when it holds what a fresh computation
would produce, in type and range; anything else is a miss and is recomputed.

The checksum framing (``base.cacheframe``) catches damaged and hand-edited files; the shape
checks catch an entry that is well-formed JSON of the wrong shape (an id of null, a span past
the end of the text, ``principles: []`` written by another program), which would otherwise
flow into the scores.
"""

from __future__ import annotations

from typing import Any

from ..base.cacheframe import BadEntry
from ..base.models import DocumentMeta, Item, Principle

_LANGS = ("da", "nb", "nn", "unknown")
_ROLES = ("leadership", "values", "employees")


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise BadEntry(what)


def _str(value: Any, what: str, *, optional: bool = False) -> Any:
    from ..base.safetext import is_storable

    _need((isinstance(value, str) and is_storable(value)) or (optional and value is None), what)
    return value


def _span(value: Any, text: str, what: str) -> tuple[int, int]:
    _need(isinstance(value, list) and len(value) == 2, what)
    a, b = value
    _need(type(a) is int and type(b) is int and 0 <= a <= b <= len(text), what)
    return a, b


def principles_from(data: Any, doc_id: str, text: str) -> tuple[Principle, ...]:
    """Principles of document ``doc_id`` from a segmentation entry's list (BadEntry if any
    field has the wrong type or a span does not fit ``text``)."""
    _need(isinstance(data, list), "principles")
    out = []
    for d in data:
        _need(isinstance(d, dict), "principle")
        pid = _str(d.get("id"), "id")
        _need(pid.startswith(f"{doc_id}/") and len(pid) > len(doc_id) + 1, "id")
        items = d.get("items")
        _need(isinstance(items, list), "items")
        item_list = []
        for i in items:
            _need(isinstance(i, dict), "item")
            iid = _str(i.get("id"), "item id")
            _need(iid.startswith(f"{pid}."), "item id")
            item_list.append(Item(iid, _str(i.get("text"), "item text"),
                                  _span(i.get("span"), text, "item span")))
        title_span = d.get("title_span")
        _need(d.get("lang") in _LANGS and d.get("role", "leadership") in _ROLES, "lang/role")
        out.append(Principle(
            pid,
            _str(d.get("number"), "number", optional=True),
            _str(d.get("title"), "title"),
            _str(d.get("text"), "text"),
            _span(d.get("span"), text, "span"),
            d["lang"],
            _str(d.get("section"), "section", optional=True),
            tuple(item_list),
            _span(title_span, text, "title_span") if title_span is not None else None,
            d.get("role") or "leadership",
        ))
    _need(len({p.id for p in out}) == len(out), "duplicate ids")
    return tuple(out)


def page_offsets_from(data: Any, text: str) -> tuple[int, ...]:
    _need(isinstance(data, list), "page_offsets")
    _need(all(type(v) is int and 0 <= v <= len(text) for v in data), "page_offsets")
    return tuple(data)


def check_units(entry: Any, n_units: int) -> None:
    """A principle's feature entry: per unit [keys, lemmas, concepts, cues] of the right types."""
    _need(isinstance(entry, list) and len(entry) == n_units, "units")
    for unit in entry:
        _need(isinstance(unit, list) and len(unit) == 4, "unit")
        keys, lemmas, concepts, cues = unit
        _need(isinstance(keys, list) and all(type(k) is str for k in keys), "keys")
        _need(isinstance(lemmas, dict)
              and all(isinstance(v, str) for v in lemmas.values()), "lemmas")
        _need(isinstance(concepts, dict) and all(
            type(v) in (int, float) and v == v and abs(v) < float("inf")
            for v in concepts.values()), "concepts")
        _need(isinstance(cues, dict) and all(
            isinstance(v, list) and all(isinstance(c, str) for c in v)
            for v in cues.values()), "cues")


def meta_from(data: Any) -> DocumentMeta:
    """A DocumentMeta from a meta entry, checked with meta.yaml's own schema."""
    from ..base.schema import Problem
    from ..sources.corpus import META_SCHEMA, meta_from_dict

    _need(isinstance(data, dict), "meta")
    problems: list[Problem] = []
    fields = {**META_SCHEMA.required, **META_SCHEMA.optional}
    for key, schema in fields.items():
        if key in data:
            schema.check(data[key], (key,), 0, problems)
        elif key in META_SCHEMA.required and key != "text_sha256":
            problems.append(Problem(0, (key,), "missing"))
    _need(not problems, "meta fields")
    from ..base.safetext import first_unstorable

    _need(first_unstorable(data) is None, "meta text")
    return meta_from_dict(data)
