"""Agreement between the tool's alignments and a human-coded gold file.

Definitions (unit = one principle listed in the gold file):

- Tool label: the principle's top-1 target point when that match's level is not ``none``,
  else ``"none"``.
- Gold label: the first target listed for the principle (its primary point), or ``"none"``
  when the list is empty.
- Per point p: TP = units with tool label p and gold label p; precision = TP / (units the tool
  labels p), recall = TP / (units gold labels p); a denominator of 0 gives ``None``
  (undefined), not 0. F1 = 2·TP / (2·TP + FP + FN), i.e. the harmonic mean of P and R, and 0
  when only one side uses the point; ``None`` only when neither side uses it.
- Micro precision = correct non-``none`` tool labels / non-``none`` tool labels; micro recall =
  correct labels on units whose gold label is not ``none`` / such units. Macro F1 = the mean
  of the defined per-point F1 values (points used by the tool or the gold).
- Cohen's κ over all units with the label set points ∪ {none}: (p_o − p_e) / (1 − p_e), where
  p_o is the share of identical labels and p_e = Σ_label P_tool(label) · P_gold(label).
- ``lenient`` additionally counts the tool as right when its label is any listed gold target.
"""

from __future__ import annotations

import csv
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .workspace import Workspace

NONE = "none"


@dataclass(frozen=True)
class GoldEntry:
    principle: str
    targets: tuple[str, ...]
    why: str | None = None

    @property
    def label(self) -> str:
        return self.targets[0] if self.targets else NONE


def load_gold(path: Path) -> list[GoldEntry]:
    """Read a gold file: YAML ``gold: {principle: {targets: [...], why: ...}}`` or CSV
    ``principle,targets`` with targets separated by ``;``."""
    if not path.is_file():
        raise InputError("gold file not found", str(path))
    if path.suffix.lower() == ".csv":
        return _gold_csv(path)
    from .yamlio import read_yaml

    data = read_yaml(path)
    gold = data.get("gold") if isinstance(data, dict) else None
    if not isinstance(gold, dict) or not gold:
        raise InputError("expected a non-empty mapping 'gold: {principle: {targets: [...]}}'",
                         str(path))
    out = []
    for pid, entry in gold.items():
        targets: Any = entry.get("targets") if isinstance(entry, dict) else entry
        if isinstance(targets, str):
            targets = [targets]
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise InputError(f"gold -> {pid} -> targets: expected a list of point ids", str(path))
        why = entry.get("why") if isinstance(entry, dict) else None
        out.append(GoldEntry(str(pid), tuple(targets), why))
    return out


def _gold_csv(path: Path) -> list[GoldEntry]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read gold CSV: {e}", str(path)) from e
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or "principle" not in rows[0] or "targets" not in rows[0]:
        raise InputError("gold CSV needs the columns principle,targets", str(path))
    return [GoldEntry(r["principle"].strip(),
                      tuple(t.strip() for t in (r["targets"] or "").split(";") if t.strip()),
                      (r.get("why") or None))
            for r in rows if (r.get("principle") or "").strip()]


@dataclass(frozen=True)
class PointScore:
    point: str
    tool: int
    gold: int
    tp: int
    precision: float | None
    recall: float | None
    f1: float | None

    def to_dict(self) -> dict[str, Any]:
        r = _round
        return {"point": self.point, "tool": self.tool, "gold": self.gold, "tp": self.tp,
                "precision": r(self.precision), "recall": r(self.recall), "f1": r(self.f1)}


@dataclass(frozen=True)
class Unit:
    principle: str
    tool: str
    gold: str
    gold_targets: tuple[str, ...]
    score: float

    @property
    def agree(self) -> bool:
        return self.tool == self.gold


@dataclass(frozen=True)
class Agreement:
    against: str
    units: tuple[Unit, ...]
    points: tuple[PointScore, ...]
    kappa: float | None
    accuracy: float
    lenient: float
    micro_precision: float | None
    micro_recall: float | None
    macro_f1: float | None

    @property
    def disagreements(self) -> list[Unit]:
        return [u for u in self.units if not u.agree]

    def to_dict(self) -> dict[str, Any]:
        r = _round
        return {
            "against": self.against,
            "units": len(self.units),
            "accuracy": r(self.accuracy),
            "lenient_accuracy": r(self.lenient),
            "kappa": r(self.kappa),
            "micro_precision": r(self.micro_precision),
            "micro_recall": r(self.micro_recall),
            "macro_f1": r(self.macro_f1),
            "points": [p.to_dict() for p in self.points],
            "disagreements": [{"principle": u.principle, "tool": u.tool, "gold": u.gold,
                               "gold_targets": list(u.gold_targets), "score": r(u.score)}
                              for u in self.disagreements],
        }


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def cohen_kappa(tool: Sequence[str], gold: Sequence[str]) -> float | None:
    """Cohen's κ of two label sequences; ``None`` when chance agreement is 1 (undefined)."""
    n = len(tool)
    if n == 0:
        return None
    po = sum(a == b for a, b in zip(tool, gold, strict=True)) / n
    ct, cg = Counter(tool), Counter(gold)
    pe = sum(ct[k] * cg[k] for k in set(ct) | set(cg)) / (n * n)
    return None if pe >= 1.0 else (po - pe) / (1 - pe)


def score_labels(units: Sequence[Unit], points: Sequence[str], against: str) -> Agreement:
    """All agreement figures from labelled units (see the module docstring)."""
    tool = [u.tool for u in units]
    gold = [u.gold for u in units]
    per = []
    for p in points:
        t = sum(x == p for x in tool)
        g = sum(x == p for x in gold)
        tp = sum(u.tool == p and u.gold == p for u in units)
        prec, rec = _ratio(tp, t), _ratio(tp, g)
        f1 = _ratio(2 * tp, t + g)  # = 2TP / (2TP + FP + FN): FP = t - tp, FN = g - tp
        per.append(PointScore(p, t, g, tp, prec, rec, f1))
    n = len(units)
    correct = sum(u.agree for u in units)
    f1s = [p.f1 for p in per if p.f1 is not None]
    return Agreement(
        against,
        tuple(units),
        tuple(per),
        cohen_kappa(tool, gold),
        correct / n if n else 0.0,
        sum(u.tool in u.gold_targets or u.agree for u in units) / n if n else 0.0,
        _ratio(sum(u.agree and u.tool != NONE for u in units), sum(x != NONE for x in tool)),
        _ratio(sum(u.agree and u.gold != NONE for u in units), sum(x != NONE for x in gold)),
        sum(f1s) / len(f1s) if f1s else None,
    )


def agree(workspace: Workspace, gold: Sequence[GoldEntry], against: str, *,
          workers: int = 1) -> Agreement:
    """Align the gold file's principles with ``against`` and score the tool against the gold."""
    from .align import align

    target = workspace.target(against)
    point_ids = [p.id for p in target.points]
    known = set(point_ids) | {NONE}
    for e in gold:
        bad = [t for t in e.targets if t not in known]
        if bad:
            raise InputError(f"gold -> {e.principle}: unknown point(s) {', '.join(bad)} of "
                             f"'{against}'")
    top: dict[str, tuple[str, float]] = {}
    for doc in dict.fromkeys(e.principle.split("/", 1)[0] for e in gold):
        for p in align(workspace, doc, against, top_k=1, workers=workers).principles:
            m = p.matches[0] if p.matches else None
            top[p.id] = (m.target if m and m.level != NONE else NONE, m.score if m else 0.0)
    missing = [e.principle for e in gold if e.principle not in top]
    if missing:
        raise InputError("gold principles not found in their documents: " + ", ".join(missing))
    units = [Unit(e.principle, top[e.principle][0], e.label, e.targets, top[e.principle][1])
             for e in gold]
    return score_labels(units, point_ids, target.id)


def gold_against(path: Path) -> str | None:
    """The ``against`` a YAML gold file declares (CSV files declare none)."""
    if path.suffix.lower() == ".csv" or not path.is_file():
        return None
    from .yamlio import read_yaml

    data = read_yaml(path)
    value = data.get("against") if isinstance(data, dict) else None
    return str(value) if value else None


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def agree_table(result: Agreement, *, width: int = 80) -> str:
    """Per-point P/R/F1, the overall figures and every disagreement, as fixed-width text."""
    from .render import plain_table

    rows = [[p.point, str(p.tool), str(p.gold), str(p.tp), _fmt(p.precision), _fmt(p.recall),
             _fmt(p.f1)] for p in result.points if p.tool or p.gold]
    out = [f"Agreement with gold against {result.against}: {len(result.units)} principles", "",
           plain_table(["point", "tool", "gold", "tp", "P", "R", "F1"], rows,
                       width=min(width, max(len(result.points[0].point) if result.points
                                            else 5, 5) + 40), flex=0), "",
           f"accuracy {_fmt(result.accuracy)}  (lenient: tool's point among gold targets "
           f"{_fmt(result.lenient)})",
           f"micro P {_fmt(result.micro_precision)}  micro R {_fmt(result.micro_recall)}  "
           f"macro F1 {_fmt(result.macro_f1)}",
           f"Cohen's kappa {_fmt(result.kappa)}", ""]
    bad = result.disagreements
    out.append(f"Disagreements ({len(bad)})")
    for u in bad:
        out += textwrap.wrap(
            f"{u.principle}: tool {u.tool} ({u.score:.2f}), gold {u.gold}"
            + (f" [{', '.join(u.gold_targets)}]" if len(u.gold_targets) > 1 else ""),
            width, initial_indent="  ", subsequent_indent="      ")
    # Long summary lines wrap (the table and the indented lines are laid out already).
    out = [line for text in out for line in (
        textwrap.wrap(text, width) if len(text) > width and "\n" not in text
        and not text.startswith(" ") else [text])]
    return "\n".join(out) + "\n"
