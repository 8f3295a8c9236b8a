"""Alignment quality against gold written by reading (tests/gold/align/), with printed figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, MAPPINGS, SEEDS
from ledelse_cli.analyses.align import align
from ledelse_cli.base.yamlio import read_yaml
from ledelse_cli.run.workspace import Workspace

GOLD = Path(__file__).parent / "gold" / "align"
RENDERINGS = ["kl11-rendering-da", "kl11-rendering-nb"]
JUDGEMENTS = ["ks10-kl11", "gladsaxe-kl11"]


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace.open(CORPUS, MAPPINGS)


def _ranked(ws: Workspace, ref: str) -> dict[str, list[str]]:
    result = align(ws, ref, "kl11", top_k=11)
    return {p.id: [m.target for m in p.matches] for p in result.principles}


def _key(principle_id: str, gold: dict) -> str:
    return principle_id if principle_id in gold else principle_id.split("/")[-1]


@pytest.mark.parametrize("name", RENDERINGS)
def test_renderings_top1(workspace: Workspace, name: str) -> None:
    gold = read_yaml(GOLD / f"{name}.yaml")["gold"]
    ranked = _ranked(workspace, str(GOLD / f"{name}.md"))
    assert len(ranked) == len(gold) == 11
    hits = [ranked[p][0] == gold[_key(p, gold)]["targets"][0] for p in ranked]
    accuracy = sum(hits) / len(hits)
    print(f"\n{name}: top-1 accuracy {accuracy:.1%} ({sum(hits)}/{len(hits)})")
    assert accuracy >= 0.95


def test_judgement_gold_top2(workspace: Workspace) -> None:
    total_hits, total = 0, 0
    for name in JUDGEMENTS:
        data = read_yaml(GOLD / f"{name}.yaml")
        gold = data["gold"]
        ranked = _ranked(workspace, data["document"])
        assert set(ranked) == set(gold), name
        misses = [p for p in ranked if gold[p]["targets"][0] not in ranked[p][:2]]
        hits = len(ranked) - len(misses)
        print(f"\n{name}: primary in top 2 for {hits}/{len(ranked)} "
              f"({hits / len(ranked):.1%}); misses: "
              + ", ".join(f"{p} (gold {gold[p]['targets'][0]}, got {ranked[p][:2]})"
                          for p in misses))
        total_hits += hits
        total += len(ranked)
    print(f"judgement gold overall: {total_hits}/{total} ({total_hits / total:.1%})")
    # 16 of 21 since session 8 (17 before): the words readers link to kl11 points
    # (target_profiles.yaml) lifted kl11/5, a gold secondary point, above kl11/1 for ks10/8, whose
    # three best scores lie within 0.01. 15 of 21 since session 11: kl11's reader model
    # (mappings/point_model.yaml) moves gladsaxe/8's gold kl11/5 out of its top 2; on 579
    # development principles it raises primary-in-top-2 from 0.727 to 0.772, cross-validated
    # by page. 16 of 21 since session 12: with word parts in the model (cross-validated 0.796)
    # ks10 has 8 of 10 (was 7), so the floor is back at 0.75. The target is 0.90.
    assert total_hits / total >= 0.75


def test_identical_text_maps_each_point_to_itself(workspace: Workspace) -> None:
    result = align(workspace, str(SEEDS["003_aae85e558e2dc4cb.txt"]), "kl11")
    assert len(result.principles) == 11
    for n, p in enumerate(result.principles, start=1):
        top = p.matches[0]
        assert top.target == f"kl11/{n}"
        assert top.score >= 0.9
        assert top.relation == "equal"
        assert top.reuse


def test_false_friends_do_not_align(workspace: Workspace, tmp_path: Path) -> None:
    """A text about illness (lidelse) and strength (styrke) must not meet ledelse/styring."""
    doc = tmp_path / "lidelse.md"
    doc.write_text("1. Lidelse og sygdom rammer mange familier\n"
                   "2. Styrketræning giver bedre kondition\n"
                   "3. Tilbud om vaccination i efteråret\n", encoding="utf-8")
    result = align(workspace, str(doc), "kl11")
    for p in result.principles:
        assert p.matches[0].level == "none", (p.id, p.matches[0].target, p.matches[0].score)


def test_thresholds_separate_gold(workspace: Workspace) -> None:
    """`full` separates the renderings' 1:1 pairs from all other pairs; `partial` keeps F1."""
    cfg = align(workspace, "kl11", "kl11").config
    for name in RENDERINGS:
        gold = read_yaml(GOLD / f"{name}.yaml")["gold"]
        result = align(workspace, str(GOLD / f"{name}.md"), "kl11", top_k=11)
        for p in result.principles:
            want = gold[_key(p.id, gold)]["targets"][0]
            for m in p.matches:
                assert (m.level == "full") == (m.target == want), (name, p.id, m.target, m.score)
    tp = fp = fn = 0
    for name in JUDGEMENTS:
        data = read_yaml(GOLD / f"{name}.yaml")
        result = align(workspace, data["document"], "kl11", top_k=11)
        for p in result.principles:
            coded = set(data["gold"][p.id]["targets"])
            for m in p.matches:
                related = m.score >= cfg.partial
                tp += related and m.target in coded
                fp += related and m.target not in coded
                fn += (not related) and m.target in coded
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"\npartial >= {cfg.partial}: P {precision:.2f} R {recall:.2f} F1 {f1:.2f}")
    assert f1 >= 0.5
