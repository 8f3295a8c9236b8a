"""Two versions of one organisation's document: principles added, removed, reworded, and the
change in coverage against a framework.

Principles are paired one-to-one by an optimal assignment (scipy's ``linear_sum_assignment``)
on ``score_matrix`` scores; a pair counts only at or above ``threshold`` (default 0.6, well above
the "full" level, because two versions of one text share most words). Identical texts (after
collapsing whitespace) are ``unchanged``; other pairs are ``reworded`` and carry their longest
common run of words, so a reader sees what survived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .coverage import coverage
from .explain import longest_common_run
from .scoring import load_config, score_matrix
from .workspace import Workspace

DEFAULT_THRESHOLD = 0.6


@dataclass(frozen=True)
class Change:
    """One principle's fate between versions: unchanged, reworded, added or removed."""

    kind: str
    old: str | None
    new: str | None
    old_text: str | None
    new_text: str | None
    score: float | None = None
    common: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "score": None if self.score is None else round(self.score, 4),
            "common": self.common,
            "old_text": self.old_text,
            "new_text": self.new_text,
        }


@dataclass(frozen=True)
class PointChange:
    point: str
    title: str
    old_score: float
    new_score: float
    old_level: str
    new_level: str

    @property
    def delta(self) -> float:
        return self.new_score - self.old_score

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "title": self.title,
            "old": round(self.old_score, 4),
            "new": round(self.new_score, 4),
            "delta": round(self.delta, 4),
            "old_level": self.old_level,
            "new_level": self.new_level,
        }


@dataclass(frozen=True)
class DocumentDiff:
    old: str
    new: str
    against: str
    threshold: float
    changes: tuple[Change, ...]
    coverage: tuple[PointChange, ...]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        counts = {k: len(self.of_kind(k)) for k in ("unchanged", "reworded", "added", "removed")}
        return {
            "old": self.old,
            "new": self.new,
            "against": self.against,
            "threshold": self.threshold,
            "counts": counts,
            "changes": [c.to_dict() for c in self.changes],
            "coverage": [p.to_dict() for p in self.coverage],
        }


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def diff(
    workspace: Workspace,
    old: str,
    new: str,
    *,
    against: str = "kl11",
    threshold: float = DEFAULT_THRESHOLD,
    workers: int = 1,
) -> DocumentDiff:
    """Compare two versions (REFs: ids, orgs or files) of a document.

    Changes are listed in the new version's order; removed principles have no place in it and
    come last, in the old version's order.
    """
    from scipy.optimize import linear_sum_assignment

    so, sn = workspace.source(old), workspace.source(new)
    fo = workspace.features(so.principles, so.documents)
    fn = workspace.features(sn.principles, sn.documents)
    pairs: dict[int, tuple[int, float]] = {}  # new index → (old index, score)
    if fo and fn:
        m = score_matrix(
            fo,
            fn,
            rarity=workspace.rarity([fo, fn]),
            config=load_config(workspace.mappings),
            workers=workers,
        ).score
        # Identical texts pair first whatever the score (a short principle can score < 1).
        sim = m.copy()
        for i, a in enumerate(fo):
            for j, b in enumerate(fn):
                if _norm(a.principle.full_text) == _norm(b.principle.full_text):
                    sim[i, j] = 2.0
        rows, cols = linear_sum_assignment(-sim)
        for i, j in zip(rows, cols, strict=True):
            if sim[i, j] >= threshold:
                pairs[int(j)] = (int(i), float(min(sim[i, j], 1.0)))
    changes: list[Change] = []
    used_old = {i for i, _ in pairs.values()}
    for j, b in enumerate(fn):
        if j in pairs:
            i, score = pairs[j]
            a = fo[i]
            same = _norm(a.principle.full_text) == _norm(b.principle.full_text)
            changes.append(
                Change(
                    "unchanged" if same else "reworded",
                    a.id,
                    b.id,
                    a.principle.full_text,
                    b.principle.full_text,
                    1.0 if same else score,
                    None
                    if same
                    else longest_common_run(a.principle.full_text, b.principle.full_text) or None,
                )
            )
        else:
            changes.append(Change("added", None, b.id, None, b.principle.full_text))
    for i, a in enumerate(fo):
        if i not in used_old:
            changes.append(Change("removed", a.id, None, a.principle.full_text, None))
    cov_old = coverage(workspace, against, [old], workers=workers)
    cov_new = coverage(workspace, against, [new], workers=workers)
    points = []
    for p in cov_old.target.points:
        co = cov_old.cell(p.id, cov_old.documents[0])
        cn = cov_new.cell(p.id, cov_new.documents[0])
        points.append(PointChange(p.id, p.title, co.score, cn.score, co.level, cn.level))
    return DocumentDiff(so.id, sn.id, cov_old.target.id, threshold, tuple(changes), tuple(points))


#: The table's words in the output language (``--lang``): the counts, the coverage heading
#: and the coverage table's columns.
DIFF_WORDS = {
    "en": ("unchanged", "reworded", "added", "removed", "Coverage against",
           ("point", "title", "old", "new", "Δ", "level")),
    "da": ("uændret", "omformuleret", "tilføjet", "fjernet", "Dækning holdt op mod",
           ("punkt", "titel", "før", "nu", "Δ", "niveau")),
    "nb": ("uendret", "omformulert", "lagt til", "fjernet", "Dekning holdt opp mot",
           ("punkt", "tittel", "før", "nå", "Δ", "nivå")),
    "nn": ("uendra", "omformulert", "lagt til", "fjerna", "Dekning halde opp mot",
           ("punkt", "tittel", "før", "no", "Δ", "nivå")),
}


def diff_table(result: DocumentDiff, *, width: int = 80, lang: str = "en") -> str:
    """Counts, each change with its text, and the coverage change per point (in ``lang``)."""
    same, reworded, added, removed, against, headers = DIFF_WORDS.get(lang, DIFF_WORDS["en"])
    import textwrap

    from .render import display_text, plain_table

    def wrap(text: str | None, prefix: str) -> list[str]:
        return textwrap.wrap(
            display_text(text or ""),
            width - 2,
            initial_indent="  " + prefix,
            subsequent_indent="    ",
        ) or ["  " + prefix]

    d = result.to_dict()["counts"]
    out = [
        *textwrap.wrap(f"{result.old} → {result.new}: {d['unchanged']} {same}, "
                       f"{d['reworded']} {reworded}, {d['added']} {added}, {d['removed']} "
                       f"{removed}", width),
        "",
    ]
    for c in result.changes:
        if c.kind == "unchanged":
            continue
        if c.kind == "reworded":
            out.append(f"~ {c.old} → {c.new} ({c.score:.2f})")
            out += wrap(c.old_text, "- ") + wrap(c.new_text, "+ ")
        elif c.kind == "added":
            out.append(f"+ {c.new}")
            out += wrap(c.new_text, "+ ")
        else:
            out.append(f"- {c.old}")
            out += wrap(c.old_text, "- ")
    rows = [
        [
            p.point,
            display_text(p.title),
            f"{p.old_score:.2f}",
            f"{p.new_score:.2f}",
            f"{p.delta:+.2f}",
            f"{p.old_level}→{p.new_level}" if p.old_level != p.new_level else "",
        ]
        for p in result.coverage
    ]
    out += [
        "",
        f"{against} {result.against}",
        plain_table(list(headers), rows, width=width, flex=1,
                    wrap=True),
    ]
    return "\n".join(out) + "\n"
