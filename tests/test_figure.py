"""`ledelse figure`: the coverage heatmap as PNG/SVG/PDF, with its manifest."""

from __future__ import annotations

import json
import struct
from pathlib import Path

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
