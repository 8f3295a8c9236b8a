"""kl11's reader model (mappings/point_model.yaml, knowledge/pointmodel.py): the arithmetic on a
model small enough to compute by hand, where it applies (kl11 only), its explanation, its
thresholds, and a broken file refused with a clear message."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from conftest import MAPPINGS, run_cli
from ledelse_cli.knowledge.pointmodel import PointModel, point_model_problems, word_parts

#: Two points: "tillid" pulls towards p1, the concept "borger" towards p2.
TINY = PointModel("fw", 0.5, 0.4, 0.15, {"fw/1": 0.0, "fw/2": 1.0},
                  {"tillid": {"fw/1": 2.0}, "C:borger": {"fw/2": 0.5}})


def test_probabilities_are_a_softmax_of_bias_plus_weights() -> None:
    # logits: fw/1 = 0 + 2 = 2, fw/2 = 1 + 0.5 = 1.5
    p1, p2 = TINY.probabilities(frozenset({"tillid", "C:borger", "andet"}), ["fw/1", "fw/2"])
    assert p1 == pytest.approx(math.exp(2) / (math.exp(2) + math.exp(1.5)))
    assert p1 + p2 == pytest.approx(1.0)
    # Nothing known: the biases alone (fw/2 is the more common).
    q1, q2 = TINY.probabilities(frozenset(), ["fw/1", "fw/2"])
    assert (q1, q2) == pytest.approx((1 / (1 + math.e), math.e / (1 + math.e)))
    # A point the model does not know gets the flat share.
    assert TINY.probabilities(frozenset(), ["fw/9"]) == [0.5]


def test_adjustment_keeps_the_mean_and_spares_restatements() -> None:
    similarity = np.array([[0.30, 0.30]])
    probability = np.array([[0.8, 0.2]])
    out = TINY.adjust(similarity, probability, np.array([[False, False]]))
    # 0.30 + 0.5 × (0.8 − 0.5) and 0.30 + 0.5 × (0.2 − 0.5)
    assert out.tolist() == [[0.45, 0.15]]
    assert out.mean() == pytest.approx(similarity.mean())
    # A restatement (lexical similarity at "equal") is never lowered.
    kept = TINY.adjust(np.array([[0.9, 0.9]]), probability, np.array([[True, True]]))
    assert kept.tolist() == [[1.0, 0.9]]
    assert TINY.reasons(frozenset({"tillid", "C:borger"}), "fw/2") == [("C:borger", 0.5)]


def test_word_parts_are_read_and_credited_to_the_words_that_hold_them() -> None:
    """With ``grams`` 4, "<tillid>" has the parts <til, till, illi, llid, lid>; a model that
    weighs "G:till" reads it in "tillidsfuld" and "tillit" alike, and the explanation names
    the words, each with an even share of a part they both hold."""
    parts = PointModel("fw", 0.5, 0.4, 0.15, {"fw/1": 0.0, "fw/2": 0.0},
                       {"G:till": {"fw/1": 1.0}, "tillit": {"fw/1": 0.5}}, grams=4)
    keys = frozenset({"tillidsfuld", "tillit"}) | word_parts({"tillidsfuld", "tillit"}, 4)
    assert "G:<til" in keys and "G:till" in keys and "G:lit>" in keys
    assert not word_parts({"mod", "C:borger"}, 4)  # too short, and concepts have no parts
    p1, _ = parts.probabilities(keys, ["fw/1", "fw/2"])
    assert p1 == pytest.approx(math.exp(1.5) / (math.exp(1.5) + 1))
    assert parts.reasons(keys, "fw/1") == [("tillit", 1.0), ("tillidsfuld", 0.5)]
    assert parts.top_words("fw/1") == [("tillit", 1.5)]


def _bundled() -> dict:
    return yaml.safe_load((MAPPINGS / "point_model.yaml").read_text("utf-8"))


def test_coverage_against_kl11_uses_the_models_thresholds_and_explains_it() -> None:
    model = _bundled()
    cov = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format", "json").json()
    assert cov["thresholds"] == model["thresholds"]
    align = run_cli("align", "gladsaxe", "--against", "kl11", "--format", "json").json()
    matches = [m for p in align["principles"] for m in p["matches"]]
    assert matches and all("reader_model" in m["evidence"] for m in matches)
    # What it added is the score minus the similarity: 0.6 × (probability − 1/11) lies in
    # [−0.6/11, 0.6 × 10/11].
    added = [m["evidence"]["reader_model"]["added"] for m in matches]
    assert all(-0.6 / 11 - 1e-3 <= a <= 0.6 * 10 / 11 + 1e-3 for a in added)
    assert any(m["evidence"]["reader_model"]["words"] for m in matches)
    table = run_cli("align", "gladsaxe", "--against", "kl11", "--lang", "da").stdout
    assert "læsernes model +" in table


@pytest.mark.parametrize("args", [("coverage", "--against", "ks10", "gladsaxe"),
                                  ("compare", "randers", "gladsaxe")])
def test_other_targets_are_scored_by_similarity_alone(args: tuple[str, ...]) -> None:
    out = run_cli(*args, "--format", "json")
    assert out.exit_code == 0, out.stderr
    assert "reader_model" not in out.stdout
    if args[0] == "coverage":
        settings = yaml.safe_load((MAPPINGS / "alignment.yaml").read_text("utf-8"))
        assert out.json()["thresholds"] == settings["thresholds"]


def test_a_broken_model_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    mappings = tmp_path / "m"
    shutil.copytree(MAPPINGS, mappings)
    path = mappings / "point_model.yaml"
    partial = _bundled()["thresholds"]["partial"]
    text = re.sub(r"(?m)^  full: .*$", "  full: 0.01", path.read_text("utf-8"), count=1)
    path.write_text(text, "utf-8")
    problems = point_model_problems(path)
    assert len(problems) == 1 and f"partial {partial} must be below full 0.01" in problems[0]
    result = run_cli("coverage", "--against", "kl11", "gladsaxe", "--mappings", str(mappings))
    assert result.exit_code == 3
    assert "point_model.yaml" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_validated_model_is_kept_compiled_and_a_bad_copy_is_not_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ledelse_cli.base.cacheframe import read_entry
    from ledelse_cli.knowledge import pointmodel

    monkeypatch.setenv("LEDELSE_CACHE_DIR", str(tmp_path / "cache"))
    path = MAPPINGS / "point_model.yaml"
    parsed = pointmodel._load(path)[0]
    [compiled] = (tmp_path / "cache" / "models").glob("point_model-*.json")
    assert pointmodel._load(path)[0].to_dict() == parsed.to_dict()
    # A damaged copy is read again from the YAML file, and written anew, whole.
    compiled.write_text('{"target": "kl11", "mix"', encoding="utf-8")
    assert pointmodel._load(path)[0].to_dict() == parsed.to_dict()
    assert read_entry(compiled)["target"] == "kl11"
    assert len(compiled.read_text(encoding="utf-8")) > 100_000
    # So is a copy edited by hand into other valid JSON: its checksum no longer holds.
    digest, body = compiled.read_text(encoding="utf-8").split("\n", 1)
    compiled.write_text(digest + "\n" + body.replace('"full": 0.6', '"full": 0.9', 1), "utf-8")
    assert read_entry(compiled) is None
    assert pointmodel._load(path)[0].full == parsed.full
    # An edited model file has another name in the cache: never an old copy.
    edited = tmp_path / "point_model.yaml"
    edited.write_text(path.read_text("utf-8") + "# reviewed again\n", "utf-8")
    assert pointmodel._load(edited)[0].full == parsed.full
    assert len(list((tmp_path / "cache" / "models").glob("point_model-*.json"))) == 2


def test_taxonomy_targets_shows_what_the_model_learned() -> None:
    """A domain expert reads the model: each kl11 point's strongest words and concepts, by
    label, with the weights the file holds."""
    model = _bundled()
    data = run_cli("taxonomy", "--targets", "--format", "json", "--lang", "da",
                   corpus=None).json()
    kl11 = next(fw for fw in data["frameworks"] if fw["id"] == "kl11")
    point = kl11["points"][0]
    pulls = point["reader_model"]
    assert pulls and [p["weight"] for p in pulls] == sorted((p["weight"] for p in pulls),
                                                            reverse=True)
    # A word's pull is its own weight plus its word parts' ("G:" + n letters of "<word>").
    n, words = model["grams"], model["words"]

    def pull(word: str) -> float:
        w = f"<{word}>"
        parts = {f"G:{w[i:i + n]}" for i in range(len(w) - n + 1)} if len(word) > n else set()
        return sum(words.get(k, {}).get("kl11/1", 0.0) for k in {word, *parts})

    strongest = max(pull(k) for k in words if not k.startswith("G:"))
    assert pulls[0]["weight"] == pytest.approx(strongest, abs=0.001)
    assert not any(p["word"].startswith("G:") for p in pulls)
    ks10 = next(fw for fw in data["frameworks"] if fw["id"] == "ks10")
    assert all("reader_model" not in p for p in ks10["points"])


def test_thresholds_are_the_best_kappa_that_keeps_the_readers_level_counts() -> None:
    """eval/train_points.py: κ alone would pick thresholds that call few cells full; the model's
    thresholds are the best-κ pair whose count of every level is within 10 % of the readers'."""
    import importlib.util
    import sys
    from collections import Counter

    eval_dir = MAPPINGS.parent / "eval"
    sys.path.insert(0, str(eval_dir))
    try:
        spec = importlib.util.spec_from_file_location("train_points_under_test",
                                                      eval_dir / "train_points.py")
        assert spec and spec.loader
        tp = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tp)
    finally:
        sys.path.remove(str(eval_dir))
    readers = Counter(full=100, partial=300, none=200)
    grid = [  # (κ, partial, full, the tool's counts), best κ first
        (0.45, 0.13, 0.71, Counter(full=50, partial=350, none=200)),  # half as many full
        (0.44, 0.13, 0.60, Counter(full=91, partial=309, none=200)),  # each within 10 %
        (0.40, 0.12, 0.55, Counter(full=100, partial=300, none=200)),  # exact, lower κ
    ]
    assert tp.calibrated(grid, readers)[1:3] == (0.13, 0.60)
    assert tp.calibrated(grid[:1], readers)[1:3] == (0.13, 0.71)  # none calibrated: the best
    assert tp.readers_levels([{"levels": ["full", "none"]}, {"levels": None}]) == \
        Counter(full=1, none=1)
