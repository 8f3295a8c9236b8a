"""An ingest killed at any moment (SIGKILL) leaves every document entirely before or after."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledelse_cli.sources.corpuscheck import validate_corpus

LEDELSE = Path(sys.executable).with_name("ledelse")
N_FILES = 12
KILLS = 20


def _text(i: int, version: str) -> str:
    return (
        f"Ledelse i enhed {i} ({version})\n\nSom ledere vil vi:\n\n"
        f"- Vi går forrest og skaber retning ({version})\n"
        f"- Vi er åbne og ærlige over for alle ({version})\n"
        f"- Vi inddrager medarbejderne i beslutninger ({version})\n"
        # a large tail so the original takes a while to write and fsync
        + ("Bilag: " + "tekst " * 40 + "\n")
        * (400 if i % 3 == 0 else 5)
    )


def _files(root: Path, version: str) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(N_FILES):
        p = root / f"enhed-{i:02d}.txt"
        p.write_text(_text(i, version), encoding="utf-8")
        out.append(str(p))
    return out


def _ingest(paths: list[str], corpus: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(LEDELSE), "ingest", *paths, "--replace", "-q", "--corpus", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _doc_trees(corpus: Path) -> dict[str, dict[str, bytes]]:
    out = {}
    for d in sorted(corpus.iterdir()):
        if d.is_dir() and not d.name.startswith("."):
            out[d.name] = {f.name: f.read_bytes() for f in sorted(d.iterdir())}
    return out


@pytest.mark.slow
def test_sigkill_during_batch_ingest_never_leaves_a_half_document(tmp_path: Path) -> None:
    # Before: half the documents exist in version A. After: all in version B.
    before_dir, after_dir = tmp_path / "before", tmp_path / "after"
    a_paths = _files(tmp_path / "a", "A")[: N_FILES // 2]
    b_paths = _files(tmp_path / "b", "B")
    assert _ingest(a_paths, before_dir).wait(120) == 0
    shutil.copytree(before_dir, after_dir)
    proc = _ingest(b_paths, after_dir)
    started = time.monotonic()
    assert proc.wait(120) == 0
    full_run = time.monotonic() - started
    before, after = _doc_trees(before_dir), _doc_trees(after_dir)
    assert len(after) == N_FILES and before.keys() < after.keys()

    rng = random.Random(8477)
    outcomes = {"before": 0, "mixed": 0, "after": 0}
    for n in range(KILLS):
        corpus = tmp_path / f"k{n}"
        shutil.copytree(before_dir, corpus, ignore=shutil.ignore_patterns(".lock"))
        proc = _ingest(b_paths, corpus)
        # Spread kills over the whole run, denser in its second half where writes happen.
        time.sleep(rng.uniform(0.5, 1.05) * full_run)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        assert validate_corpus(corpus) == [], n
        seen = _doc_trees(corpus)
        states = set()
        for doc_id, files in seen.items():
            assert files in (before.get(doc_id), after[doc_id]), (n, doc_id)
            states.add("after" if files == after[doc_id] and files != before.get(doc_id) else "x")
        missing_old = before.keys() - seen.keys()
        assert not missing_old, (n, missing_old)
        if seen == before:
            outcomes["before"] += 1
        elif seen == after:
            outcomes["after"] += 1
        else:
            outcomes["mixed"] += 1
        # The next ingest recovers whatever the killed one left in .staging and completes.
        if n % 5 == 0:
            assert _ingest(b_paths, corpus).wait(120) == 0
            assert _doc_trees(corpus) == after
            assert not any((corpus / ".staging").iterdir())
    print(f"kill outcomes over {KILLS} kills (full run {full_run:.1f} s): {outcomes}")
    # The kills must really have landed inside the write phase some of the time.
    assert outcomes["mixed"] + outcomes["after"] > 0


@pytest.mark.slow
def test_worker_does_not_outlive_a_killed_ingest(tmp_path: Path) -> None:
    prose = " ".join(f"Lederen skal skabe retning i afdeling {i}." for i in range(20000))
    (tmp_path / "prose.txt").write_text(prose, encoding="utf-8")
    proc = subprocess.Popen(
        [str(LEDELSE), "ingest", str(tmp_path / "prose.txt"), "--corpus", str(tmp_path / "c")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(2.5)  # the worker is segmenting by now
    proc.kill()
    proc.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out = subprocess.run(["ps", "-o", "pid=", "-g", str(proc.pid)], capture_output=True)
        if not out.stdout.strip():
            break
        time.sleep(0.25)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the parse worker kept running after its parent was killed")
    assert not (tmp_path / "c").exists() or validate_corpus(tmp_path / "c") == []


@pytest.mark.slow
def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    paths = _files(tmp_path / "b", "B")
    proc = subprocess.Popen(
        [str(LEDELSE), "ingest", *paths, "--corpus", str(tmp_path / "c")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background jobs ignore SIGINT; restore the default as in a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(0.8)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 130
    err = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in err and "interrupted" in err
    assert not (tmp_path / "c").exists() or validate_corpus(tmp_path / "c") == []
