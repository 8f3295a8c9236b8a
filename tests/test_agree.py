"""`ledelse agree`: tool alignments against a human-coded gold file, with hand-checked numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, run_cli
from ledelse_cli.analyses.agree import NONE, Unit, cohen_kappa, load_gold, score_labels

# The units are kl11's own principles aligned against the kl11 framework: each principle's text
# *is* its point, so the tool's top-1 label is certain (score 1.0) whatever the weights are.
# The gold is right for kl11/1, kl11/4, kl11/8 and deliberately wrong (primary kl11/1) for
# kl11/10, so the tool "is right on 3 of 4 principles".
GOLD_YAML = """\
document: kl11
against: kl11
gold:
  kl11/1: {targets: [kl11/1], why: same text}
  kl11/4: {targets: [kl11/4, kl11/5]}
  kl11/8: {targets: [kl11/8]}
  kl11/10: {targets: [kl11/1, kl11/10], why: primary deliberately wrong}
"""

# Hand computation. tool = [1, 4, 8, 10], gold (primary) = [1, 4, 8, 1].
# Per point (P = TP/tool, R = TP/gold, F1 = 2TP/(tool+gold)):
#   kl11/1 : tool 1, gold 2, TP 1 -> P 1/1 = 1.0, R 1/2 = 0.5, F1 2/3 = 0.6667
#   kl11/4 : tool 1, gold 1, TP 1 -> P 1.0, R 1.0, F1 1.0
#   kl11/8 : tool 1, gold 1, TP 1 -> P 1.0, R 1.0, F1 1.0
#   kl11/10: tool 1, gold 0, TP 0 -> P 0/1 = 0.0, R undefined (None), F1 0/1 = 0.0
#   other points: unused by both -> all None
# Accuracy p_o = 3/4 = 0.75; lenient (tool label among any gold target) = 4/4 = 1.0.
# Micro P = 3 correct / 4 non-none tool labels = 0.75; micro R = 3 / 4 non-none gold = 0.75.
# Macro F1 = (2/3 + 1 + 1 + 0) / 4 = 0.6667.
# Cohen's kappa: tool marginals 1:1/4, 4:1/4, 8:1/4, 10:1/4; gold marginals 1:2/4, 4:1/4,
#   8:1/4, 10:0. p_e = 1/4*2/4 + 1/4*1/4 + 1/4*1/4 + 1/4*0 = 4/16 = 0.25.
#   kappa = (0.75 - 0.25) / (1 - 0.25) = 0.5 / 0.75 = 0.6667.


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.yaml"
    path.write_text(GOLD_YAML, encoding="utf-8")
    return path


def test_agree_json_matches_hand_computation(gold_file: Path) -> None:
    r = run_cli("agree", "--gold", str(gold_file), "--against", "kl11", "--format", "json")
    assert r.exit_code == 0, r.stderr
    d = r.json()
    assert d["units"] == 4
    assert d["accuracy"] == 0.75 and d["lenient_accuracy"] == 1.0
    assert d["kappa"] == pytest.approx(0.6667, abs=1e-4)
    assert d["micro_precision"] == 0.75 and d["micro_recall"] == 0.75
    assert d["macro_f1"] == pytest.approx(0.6667, abs=1e-4)
    points = {p["point"]: p for p in d["points"]}
    assert (points["kl11/1"]["precision"], points["kl11/1"]["recall"]) == (1.0, 0.5)
    assert points["kl11/1"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert (points["kl11/4"]["precision"], points["kl11/4"]["recall"]) == (1.0, 1.0)
    assert (points["kl11/10"]["precision"], points["kl11/10"]["recall"]) == (0.0, None)
    assert points["kl11/10"]["f1"] == 0.0
    assert points["kl11/2"]["f1"] is None
    assert d["disagreements"] == [{"principle": "kl11/10", "tool": "kl11/10", "gold": "kl11/1",
                                   "gold_targets": ["kl11/1", "kl11/10"], "score": 1.0}]


def test_agree_table_prints_the_same_numbers(gold_file: Path) -> None:
    r = run_cli("agree", "--gold", str(gold_file))  # --against taken from the file
    assert r.exit_code == 0, r.stderr
    assert "Cohen's kappa 0.67" in r.stdout
    assert "micro P 0.75  micro R 0.75" in r.stdout
    assert "kl11/10: tool kl11/10 (1.00), gold kl11/1" in r.stdout
    line = next(x for x in r.stdout.splitlines() if x.startswith("kl11/1 "))
    assert line.split()[-3:] == ["1.00", "0.50", "0.67"]


def test_csv_gold_gives_the_same_result(tmp_path: Path, gold_file: Path) -> None:
    path = tmp_path / "gold.csv"
    path.write_text("principle,targets\nkl11/1,kl11/1\nkl11/4,kl11/4;kl11/5\nkl11/8,kl11/8\n"
                    "kl11/10,kl11/1; kl11/10\n", encoding="utf-8")
    a = run_cli("agree", "--gold", str(path), "--against", "kl11", "--format", "json").json()
    b = run_cli("agree", "--gold", str(gold_file), "--format", "json").json()
    assert a == b


def test_bundled_gold_loads_and_runs() -> None:
    gold = load_gold(REPO / "tests/gold/align/ks10-kl11.yaml")
    assert len(gold) == 10 and gold[6].targets[0] == "kl11/8"
    r = run_cli("agree", "--gold", str(REPO / "tests/gold/align/ks10-kl11.yaml"), "--format",
                "json")
    assert r.exit_code == 0, r.stderr
    assert r.json()["units"] == 10


def test_bad_gold(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("gold:\n  kl11/1: {targets: [kl11/99]}\n", encoding="utf-8")
    r = run_cli("agree", "--gold", str(path), "--against", "kl11")
    assert r.exit_code == 3 and "kl11/99" in r.stderr
    path.write_text("nothing: here\n", encoding="utf-8")
    assert run_cli("agree", "--gold", str(path), "--against", "kl11").exit_code == 3
    assert run_cli("agree", "--gold", str(path)).exit_code == 2  # no --against anywhere


def test_metrics_edge_cases() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["a", "a"], ["a", "a"]) is None  # p_e = 1: undefined, not 1 or 0
    units = [Unit("x/1", NONE, "p/1", ("p/1",), 0.1), Unit("x/2", "p/1", "p/1", ("p/1",), 0.9)]
    res = score_labels(units, ["p/1"], "p")
    assert res.micro_precision == 1.0 and res.micro_recall == 0.5
