"""`ledelse figure`: the coverage heatmap as PNG/SVG/PDF, with its manifest."""

from __future__ import annotations

import itertools
import json
import struct
from pathlib import Path

import pytest

from conftest import run_cli


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_heatmap_of_bundled_corpus(tmp_path: Path) -> None:
    out = tmp_path / "heatmap.png"
    r = run_cli("figure", "--against", "kl11", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    data = out.read_bytes()
    assert len(data) > 20_000  # eleven labelled rows, four columns: not a blank canvas
    width, height = _png_size(data)
    # 3.5 in at 300 dpi (constrained layout may trim a few pixels, never add a column's worth)
    assert 1000 <= width <= 1060
    assert height > 600
    manifest = json.loads((tmp_path / "heatmap.png.manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "figure"
    assert {d["id"] for d in manifest["corpus"]["documents"]} >= {"kl11", "gladsaxe", "lk7"}


def test_svg_keeps_danish_labels_as_text(tmp_path: Path) -> None:
    out = tmp_path / "heatmap.svg"
    r = run_cli("figure", "--against", "kl11", "gladsaxe", "lk7", "-o", str(out), "-q")
    assert r.exit_code == 0, r.stderr
    svg = out.read_text(encoding="utf-8")
    assert "påtager" in svg and "gladsaxe" in svg and "lk7" in svg


def test_pdf_and_unknown_extension(tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    assert run_cli("figure", "-o", str(pdf), "lk7").exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    r = run_cli("figure", "-o", str(tmp_path / "h.gif"))
    assert r.exit_code == 2
    assert "png, svg, pdf" in r.stderr


def _coverage_of(n: int):  # type: ignore[no-untyped-def]
    """ks10 against n documents: the real cells of three, repeated under other (long) names."""
    import dataclasses

    from conftest import CORPUS
    from ledelse_cli.analyses.coverage import coverage
    from ledelse_cli.run.workspace import Workspace

    cov = coverage(Workspace.open(CORPUS), "ks10", ["gladsaxe", "kl11", "randers"])
    names = ["gladsaxe", "kl11", "randers-konference", "frederiksberg-kommune", "sør-fron",
             "ålesund", "hå", "nordre-land", "trondheim", "odense"]
    docs = [names[i % 10] + (f"-{i // 10}" if i >= 10 else "") for i in range(n)]
    cells = [dataclasses.replace(cov.cell(p.id, cov.documents[k % 3]), document=d)
             for p in cov.target.points for k, d in enumerate(docs)]
    totals = [dataclasses.replace(cov.totals[k % 3], document=d) for k, d in enumerate(docs)]
    return dataclasses.replace(cov, documents=tuple(docs), cells=tuple(cells),
                               totals=tuple(totals))


def _apart(boxes, axis: str) -> bool:  # type: ignore[no-untyped-def]
    """No two boxes overlap along ``axis`` ("x" or "y") once sorted along it."""
    lo, hi = ("x0", "x1") if axis == "x" else ("y0", "y1")
    ordered = sorted(boxes, key=lambda b: getattr(b, lo))
    return all(getattr(a, hi) <= getattr(b, lo) for a, b in itertools.pairwise(ordered))


@pytest.mark.parametrize("n", [3, 10, 30])
def test_labels_never_overlap_whatever_the_number_of_documents(n: int) -> None:
    """Measured on the drawn figure (renderer extents in pixels): document labels side by
    side, point labels one above the other, each score inside its own column; none cut off."""
    import matplotlib

    from ledelse_cli.outputs.figure import RC, heatmap_figure, label_boxes

    with matplotlib.rc_context(RC):
        fig = heatmap_figure(_coverage_of(n), dpi=100)
        boxes = label_boxes(fig)
        page = fig.bbox
        width_in = fig.get_size_inches()[0]
        ax = fig.axes[0].get_window_extent()
        import matplotlib.pyplot as plt

        plt.close(fig)
    assert len(boxes["x"]) == n and len(boxes["y"]) == 10
    assert _apart(boxes["x"], "x") and _apart(boxes["y"], "y")
    pitch = ax.width / n
    assert all(b.width < pitch for b in boxes["score"])  # a score fits in its column
    # Scores of one row do not touch.
    rows: dict[float, list] = {}  # type: ignore[type-arg]
    for b in boxes["score"]:
        rows.setdefault(round(b.y0), []).append(b)
    assert rows and all(_apart(r, "x") for r in rows.values())
    for b in boxes["x"] + boxes["y"]:
        assert page.x0 <= b.x0 and b.x1 <= page.x1 + 0.5 and page.y0 <= b.y0
    # One journal column while it fits; wider only when the documents need it.
    assert width_in == 3.5 if n <= 10 else width_in > 3.5
