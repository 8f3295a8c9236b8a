"""The coverage matrix as text that fits the line: points as rows while the documents fit beside
a readable title, else documents as rows (many documents, narrow terminals), split into panels
of points when even those do not fit."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

from ..analyses.coverage import Coverage
from .render import display_text, plain_table, shown

GLYPH = {"full": "●", "partial": "◐", "none": "·"}
#: The narrowest point-title column of the points-as-rows layout; below it, documents as rows.
TITLE_MIN = 28
#: Lines a point title may take in the points-as-rows layout (then cut with "…").
TITLE_LINES = 2
GAP = 2


def _cell(score: float, level: str, reuse: bool) -> str:
    return f"{GLYPH[level]} {shown(score)}" + ("R" if reuse else "")


def _compact(score: float, level: str, reuse: bool) -> str:
    """A cell in the documents-as-rows layout: glyph and the score in hundredths (◐28)."""
    return f"{GLYPH[level]}{math.floor(score * 100):02d}"[:4] + ("R" if reuse else "")


def _two_lines(text: str, width: int) -> str:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > TITLE_LINES:
        rest = " ".join(lines[TITLE_LINES - 1:])
        lines = [*lines[:TITLE_LINES - 1], rest[: width - 1] + "…"]
    return "\n".join(lines)


def coverage_matrix(cov: Coverage, w: Mapping[str, str], *, width: int) -> str:
    """The matrix part of ``coverage`` (headings from ``w``), at most ``width`` wide."""
    totals = {t.document: t for t in cov.totals}
    numbers = [p.number or p.id for p in cov.target.points]
    docs = list(cov.documents)
    cols = [max(len(d), 6, len(f"{totals[d].full}/{totals[d].partial}")) for d in docs]
    fixed = max(len(n) for n in [*numbers, "#"]) + GAP + sum(c + GAP for c in cols)
    if width - fixed >= TITLE_MIN:
        return _points_as_rows(cov, w, width=width, title_width=width - fixed)
    return _documents_as_rows(cov, w, width=width)


def _points_as_rows(cov: Coverage, w: Mapping[str, str], *, width: int,
                    title_width: int) -> str:
    totals = {t.document: t for t in cov.totals}
    rows = []
    for p in cov.target.points:
        cells = [cov.cell(p.id, d) for d in cov.documents]
        rows.append([p.number or p.id, _two_lines(display_text(p.title), title_width),
                     *(_cell(c.score, c.level, c.reuse) for c in cells)])
    rows.append(["", f"{w['of']} {len(cov.target.points)}",
                 *(f"{totals[d].full}/{totals[d].partial}" for d in cov.documents)])
    rows.append(["", w["mean"], *(shown(totals[d].mean) for d in cov.documents)])
    return plain_table(["#", w["point"], *cov.documents], rows, width=width, flex=1)


def _documents_as_rows(cov: Coverage, w: Mapping[str, str], *, width: int) -> str:
    """One row per document, a narrow column per point (◐28: partial, 0.28), the totals at
    the end; the point titles listed underneath. Points are split into panels when needed."""
    points = cov.target.points
    totals = {t.document: t for t in cov.totals}
    name_w = max(len(w["document"]), *(len(d) for d in cov.documents))
    # Fixed widths, so panels line up: a point column holds ●28R at most.
    point_w = max(4 if any(c.reuse for c in cov.cells) else 3,
                  *(len(p.number or p.id) for p in points))
    tail = [("●/◐", 5), (w["mean_short"], max(4, len(w["mean_short"])))]
    tail_w = sum(n + 1 for _, n in tail)
    fit = max(1, (width - name_w - 1 - tail_w) // (point_w + 1))
    per_panel = math.ceil(len(points) / math.ceil(len(points) / fit))  # even panels: 6 + 5
    panels = [points[i:i + per_panel] for i in range(0, len(points), per_panel)]
    out: list[str] = []
    for k, panel in enumerate(panels):
        last = k == len(panels) - 1
        header: list[tuple[str, int]] = [(w["document"], name_w),
                                         *((p.number or p.id, point_w) for p in panel)]
        if last:
            header += tail
        lines = [_row([h for h, _ in header], header), _row(["─" * n for _, n in header], header)]
        for d in cov.documents:
            cells = [cov.cell(p.id, d) for p in panel]
            values = [d, *(_compact(c.score, c.level, c.reuse) for c in cells)]
            if last:
                t = totals[d]
                values += [f"{t.full}/{t.partial}", shown(t.mean)]
            lines.append(_row(values, header))
        out += [*lines, ""]
    out.append(w["points_listed"])
    num_w = max(len(p.number or p.id) for p in points)
    for p in points:
        out += textwrap.wrap(display_text(p.title), width, initial_indent=
                             f"{(p.number or p.id).rjust(num_w)}  ",
                             subsequent_indent=" " * (num_w + 2)) or [p.number or p.id]
    return "\n".join(out)


def _row(values: Sequence[str], header: Sequence[tuple[str, int]]) -> str:
    parts = []
    for i, (v, (_, n)) in enumerate(zip(values, header, strict=True)):
        parts.append(v.ljust(n) if i == 0 else v.rjust(n) if i < len(values) else v)
    return " ".join(parts).rstrip()


def numbered_square(label: str, names: Sequence[str], cells: Sequence[Sequence[str]], *,
                    width: int, bound: Sequence[Sequence[bool]] = ()) -> str:
    """A square matrix too wide for the line with its names beside it: rows keep the names
    (numbered), columns show only the numbers, in panels of columns when even that is too
    wide. ``bound`` marks cells shown with "≥" (a lower bound)."""
    n = len(names)
    num_w = len(str(n))
    name_w = max(len(label) + num_w + 1, *(num_w + 1 + len(x) for x in names))
    cell_w = max(num_w, *(len(c) for row in cells for c in row)) + (1 if any(map(any, bound))
                                                                     else 0)
    fit = max(1, (width - name_w) // (cell_w + 1))
    per_panel = math.ceil(n / math.ceil(n / fit))
    out: list[str] = []
    for start in range(0, n, per_panel):
        cols = range(start, min(start + per_panel, n))
        head = " " * (num_w + 1) + label.ljust(name_w - num_w - 1)
        out.append((head + "".join(" " + str(j + 1).rjust(cell_w) for j in cols)).rstrip())
        out.append("─" * name_w + "".join(" " + "─" * cell_w for _ in cols))
        for i, name in enumerate(names):
            mark = [("≥" if bound and bound[i][j] else "") + cells[i][j] for j in cols]
            out.append(f"{str(i + 1).rjust(num_w)} {name}".ljust(name_w)
                       + "".join(" " + m.rjust(cell_w) for m in mark))
        out.append("")
    return "\n".join(out).rstrip("\n")
