"""Publication figures: the coverage heatmap (points × documents) as PNG, SVG or PDF.

matplotlib is imported lazily and always with the Agg backend, so figures render on servers
without a display and ``ledelse --help`` stays fast.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

from ..analyses.coverage import Coverage
from ..base.errors import UsageError
from .render import shown

FORMATS = ("png", "svg", "pdf")
COLUMN_WIDTH_IN = 3.5  # one journal column
DPI = 300
# cividis is perceptually uniform and readable with red-green colour-vision deficiency.
COLORMAP = "cividis"
#: The figure's own words in the output language (``--lang``).
FIGURE_WORDS = {
    "en": {"title": "Coverage of", "bar": "score (lines: partial, full)"},
    "da": {"title": "Dækning af", "bar": "score (linjer: delvis, fuld)"},
    "nb": {"title": "Dekning av", "bar": "skår (linjer: delvis, full)"},
    "nn": {"title": "Dekning av", "bar": "skår (linjer: delvis, full)"},
}
TITLE_CHARS = 34


def figure_format(path: Path) -> str:
    """The format named by the file's suffix; ``-`` (stdout) is PNG."""
    fmt = "png" if str(path) == "-" else path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"figure format from '{path.name}' must be one of: {', '.join(FORMATS)}")
    return fmt


def _short(text: str, n: int = TITLE_CHARS) -> str:
    return textwrap.shorten(text, n, placeholder="…")


RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",  # ships with matplotlib; has æ ø å
    "font.size": 6,
    "axes.linewidth": 0.4,
    "svg.fonttype": "none",  # keep text as text in SVG (editable, searchable)
    "pdf.fonttype": 42,  # TrueType in PDF, as journals ask
    # Titles and labels are documents' own text: "$5 … $10" is money, not TeX mathtext.
    "text.parse_math": False,
}


def _pyplot() -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt, matplotlib


def heatmap_figure(cov: Coverage, *, width_in: float = COLUMN_WIDTH_IN, dpi: int = DPI,
                   annotate: bool = True, title: str | None = None, lang: str = "en") -> Any:
    """The heatmap as a drawn matplotlib figure, ``width_in`` wide or wider: drawn, its labels
    measured, widened and drawn again until no document label or score touches its
    neighbour (the label area, colour bar and title take what they take; each document
    column needs room for its label set on end and for its score). Call inside
    ``matplotlib.rc_context(RC)``; close it with ``plt.close``."""
    import numpy as np

    plt, _ = _pyplot()
    points = cov.target.points
    docs = cov.documents
    data = np.array([[cov.cell(p.id, d).score for d in docs] for p in points], dtype=float)
    if data.size == 0:
        raise UsageError("nothing to draw: no documents or no points")
    height = max(1.6, 0.9 + ROW_IN * len(points))
    size = width_in
    for _ in range(6):
        fig = _draw(plt, np, cov, data, size, height, dpi, annotate, title, lang)
        fig.canvas.draw()
        extra = _missing_width(fig)
        if extra <= 0:
            break
        plt.close(fig)
        size += extra + 0.02
    return fig


#: Height of one point's row, inches.
ROW_IN = 0.19


def heatmap(
    cov: Coverage,
    fmt: str = "png",
    *,
    width_in: float = COLUMN_WIDTH_IN,
    dpi: int = DPI,
    annotate: bool = True,
    title: str | None = None,
    lang: str = "en",
) -> bytes:
    """Render the coverage matrix as a heatmap and return the file's bytes.

    Rows are the target's points (number and shortened title), columns the documents; colour is
    the score in [0, 1] on a fixed scale so figures of different runs compare. Cells at or above
    the partial threshold are annotated with their score; the colour bar marks both thresholds.
    """
    if fmt not in FORMATS:
        raise UsageError(f"figure format must be one of: {', '.join(FORMATS)}")
    plt, matplotlib = _pyplot()
    with matplotlib.rc_context(RC):
        fig = heatmap_figure(cov, width_in=width_in, dpi=dpi, annotate=annotate, title=title,
                             lang=lang)
        buf = io.BytesIO()
        meta = {"Creator": "ledelse"} if fmt in ("pdf", "svg") else {"Software": "ledelse"}
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
        plt.close(fig)
    return buf.getvalue()


def _draw(plt: Any, np: Any, cov: Coverage, data: Any, width_in: float, height: float,
          dpi: int, annotate: bool, title: str | None, lang: str) -> Any:
    points = cov.target.points
    docs = cov.documents
    fig, ax = plt.subplots(figsize=(width_in, height), dpi=dpi, layout="constrained")
    im = ax.imshow(data, cmap=COLORMAP, vmin=0.0, vmax=1.0, aspect="auto",
                   interpolation="nearest")
    # Set on end, a label's box is its own (a slanted label's box covers its neighbours').
    ax.set_xticks(range(len(docs)), labels=list(docs), rotation=90, ha="center",
                  va="top")
    ax.set_yticks(range(len(points)),
                  labels=[f"{p.number or p.id}  {_short(p.title)}" for p in points])
    ax.tick_params(length=0, pad=2)
    ax.set_xticks(np.arange(-0.5, len(docs)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(points)), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if annotate:
        for i in range(len(points)):
            for j in range(len(docs)):
                v = data[i, j]
                if v >= cov.config.partial:
                    # cividis is dark at low values: light text there, dark text on yellow.
                    ax.text(j, i, shown(v).lstrip("0"), ha="center", va="center",
                            fontsize=4.5, color="black" if v > 0.55 else "white",
                            gid="score")
    bar = fig.colorbar(im, ax=ax, fraction=0.05, pad=0.02, aspect=25)
    bar.ax.tick_params(labelsize=5, length=1.5, width=0.4)
    bar.outline.set_linewidth(0.3)
    for t in (cov.config.partial, cov.config.full):
        bar.ax.axhline(t, color="white", linewidth=0.6)
    w = FIGURE_WORDS.get(lang, FIGURE_WORDS["en"])
    bar.set_label(w["bar"], fontsize=5)
    ax.set_title(title if title is not None else f"{w['title']} {cov.target.id}",
                 fontsize=6.5, loc="left")
    return fig


#: Room kept between neighbouring labels, in pixels at the figure's dpi per 100 dpi.
LABEL_GAP = 2.0


def label_boxes(fig: Any) -> dict[str, list[Any]]:
    """The drawn extents (display units) of the heatmap's labels: the documents (x), the
    points (y) and the scores in the cells, for the layout and its tests."""
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes: dict[str, list[Any]] = {}
    for name, labels in (("x", ax.get_xticklabels()), ("y", ax.get_yticklabels())):
        boxes[name] = [t.get_window_extent(renderer) for t in labels if t.get_text()]
    boxes["score"] = [t.get_window_extent(renderer) for t in ax.texts]
    return boxes


def _missing_width(fig: Any) -> float:
    """Inches the axes lack for the document labels and the scores not to touch their
    neighbours (0 or less: they do not)."""
    ax = fig.axes[0]
    boxes = label_boxes(fig)
    n = max(len(ax.get_xticks()), 1)
    gap = LABEL_GAP * fig.dpi / 100
    widest = max([b.width for b in boxes["x"]] + [b.width for b in boxes["score"]] + [0.0])
    return float(n * (widest + gap) - ax.get_window_extent().width) / fig.dpi
