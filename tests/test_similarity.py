"""Document similarity: the exact matrix agrees with `compare`; the approximate candidate mode
never overstates, is exact on the pairs it compares in full, and becomes exact when every
document is a candidate."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import CORPUS, MAPPINGS, run_cli
from ledelse_cli.analyses.compare import compare
from ledelse_cli.analyses.similarity import similarity
from ledelse_cli.knowledge.alignment import load_config
from ledelse_cli.matching.candidates import PairScorer, pair_population
from ledelse_cli.matching.scoring import score_matrix
from ledelse_cli.run.workspace import Workspace

DOCS = ["gladsaxe", "ks10", "lk7", "randers-debat", "randers-konference"]


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace.open(CORPUS, MAPPINGS)


@pytest.fixture(scope="module")
def population(workspace: Workspace) -> tuple[list, np.ndarray, PairScorer]:
    feats = [workspace.features_of(workspace.corpus.load(d)) for d in DOCS]
    flat, document_of = pair_population(feats)
    rarity = workspace.rarity([flat])
    return flat, document_of, PairScorer.build(flat, rarity, load_config(MAPPINGS))


def test_exact_matrix_equals_compare(workspace: Workspace) -> None:
    sim = similarity(workspace, DOCS)
    assert sim.method == {"candidates": 0, "pairs": sim.method["pairs"],
                          "scored": sim.method["pairs"], "document_pairs": 10,
                          "exact_document_pairs": 10}
    assert not sim.approximate
    for i, a in enumerate(DOCS):
        for b in DOCS[i + 1:]:
            assert sim.value(a, b) == pytest.approx(compare(workspace, a, b).similarity, abs=1e-9)
            assert sim.value(a, b) == sim.value(b, a)


def test_exact_matrix_same_with_two_workers(workspace: Workspace) -> None:
    assert similarity(workspace, DOCS, workers=2).matrix == similarity(workspace, DOCS).matrix


def test_block_scores_equal_score_matrix(workspace: Workspace, population) -> None:  # type: ignore[no-untyped-def]
    flat, _, scorer = population
    full = score_matrix(flat, flat, rarity=workspace.rarity([flat]),
                        config=load_config(MAPPINGS)).score
    everything = np.arange(len(flat))
    assert np.abs(scorer.block(everything, everything) - full).max() <= 1e-6
    # Any rows × columns, in any order, give the same numbers.
    rows, cols = everything[::-3], everything[1::2]
    assert np.abs(scorer.block(rows, cols) - full[np.ix_(rows, cols)]).max() <= 1e-6
    # The bound never exceeds the full score of the same pair, and is not trivially zero.
    bound = scorer.lower_bound(slice(0, len(flat)))
    i, j = np.triu_indices(len(flat), 1)
    assert (bound <= full + 1e-6).all()
    assert bound[i, j].mean() > 0.5 * full[i, j].mean()


def test_candidates_give_lower_bounds_exact_where_compared(workspace: Workspace) -> None:
    exact = np.array(similarity(workspace, DOCS).matrix)
    approx = similarity(workspace, DOCS, candidates=1)
    got = np.array(approx.matrix)
    m = approx.method
    assert 0 < m["scored"] < m["pairs"]
    assert 0 < m["exact_document_pairs"] < m["document_pairs"] == 10
    assert approx.approximate
    assert sum(not approx.exact(a, b) for a in DOCS for b in DOCS if a < b) == (
        10 - m["exact_document_pairs"])
    assert (got <= exact + 1e-9).all()
    for i, a in enumerate(DOCS):
        nearest = max((b for b in DOCS if b != a), key=lambda b: got[i, DOCS.index(b)])
        assert approx.exact(a, nearest)  # each document's nearest by the bound is exact
        for j, b in enumerate(DOCS):
            if approx.exact(a, b):
                assert got[i, j] == pytest.approx(exact[i, j], abs=1e-9)
    assert (got < exact - 1e-6).any()  # the bound does fall short somewhere
    clustered = similarity(workspace, DOCS, candidates=1, cluster=True)
    assert clustered.documents != tuple(DOCS)  # reordered: flags must follow their values
    for a in DOCS:
        for b in DOCS:
            assert clustered.exact(a, b) == approx.exact(a, b)
            assert clustered.value(a, b) == approx.value(a, b)
    everything = similarity(workspace, DOCS, candidates=4)
    assert everything.method["scored"] == everything.method["pairs"]
    assert not everything.approximate
    assert np.abs(np.array(everything.matrix) - exact).max() <= 1e-9


def test_cli_candidates_says_it_is_approximate() -> None:
    r = run_cli("similarity", *DOCS, "--candidates", "1", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert "approximate" in r.stderr and "lower bounds" in r.stderr
    out = r.json()
    assert out["method"]["candidates"] == 1
    flags = [p["exact"] for p in out["pairs"]]
    assert len(flags) == 10 and True in flags and False in flags
    csv = run_cli("similarity", *DOCS, "--candidates", "1", "--format", "csv").stdout
    assert csv.splitlines()[0] == "a,b,similarity,exact" and ",false" in csv
    table = run_cli("similarity", *DOCS, "--candidates", "1", "--lang", "en").stdout
    assert "≥0." in table and "lower bound" in table
    assert "≥" not in run_cli("similarity", *DOCS).stdout
    assert run_cli("similarity", *DOCS, "--candidates", "-1").exit_code == 2
