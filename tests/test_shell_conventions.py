"""Shell conventions (issue L): `-o -` is stdout, `-` as a REF reads stdin, --version,
`list --format csv`, `ingest --skip-existing`, distinct columns for one id given twice, one
"error: …" style for every failure and one exit code for a missing file."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from hashlib import sha256
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, run_cli

LEDELSE = Path(sys.executable).with_name("ledelse")
GLADSAXE = CORPUS / "gladsaxe" / "original.txt"


def test_dash_output_is_stdout_and_writes_no_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format", "csv", "-o", "-")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 11 and rows[0]["document"] == "gladsaxe"
    assert list(tmp_path.iterdir()) == []  # no file '-', no '-.manifest.json'
    # A manifest still goes where --manifest says.
    r = run_cli("coverage", "--against", "kl11", "gladsaxe", "--format", "json", "-o", "-",
                "--manifest", "run.json")
    assert r.exit_code == 0 and r.json()["against"] == "kl11"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]


@pytest.mark.slow
def test_figure_to_stdout_is_png(tmp_path: Path) -> None:
    proc = subprocess.run([str(LEDELSE), "figure", "--against", "kl11", "gladsaxe", "-o", "-",
                           "--corpus", str(CORPUS)], capture_output=True, cwd=tmp_path,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"\x89PNG\r\n\x1a\n")
    assert list(tmp_path.iterdir()) == []


def test_show_dash_reads_stdin() -> None:
    text = GLADSAXE.read_text(encoding="utf-8")
    r = run_cli("show", "-", "--format", "json", input=text)
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert data["document"]["id"] == "stdin"
    expected = run_cli("show", str(GLADSAXE), "--format", "json").json()
    assert [p["text"] for p in data["principles"]] == [p["text"] for p in expected["principles"]]
    # Compared with its ingested version, as a draft would be.
    r = run_cli("coverage", "--against", "kl11", "-", "--format", "json", input=text)
    assert r.exit_code == 0 and r.json()["documents"] == ["stdin"]


def test_dash_with_nothing_piped_is_a_usage_error() -> None:
    r = run_cli("show", "-", input="")
    assert r.exit_code == 3 and r.stderr.startswith("error: stdin: empty input")


def test_ingest_dash_needs_an_id_and_reads_stdin(tmp_corpus: Path) -> None:
    text = GLADSAXE.read_text(encoding="utf-8")
    r = run_cli("ingest", "-", corpus=tmp_corpus, input=text)
    assert r.exit_code == 2 and "needs --id" in r.stderr
    assert not (tmp_corpus / "stdin").exists()
    r = run_cli("ingest", "-", "--id", "draft", "--org", "gladsaxe", corpus=tmp_corpus,
                input=text)
    assert r.exit_code == 0, r.stderr
    meta = run_cli("list", "--format", "json", corpus=tmp_corpus).json()["documents"]
    assert {"id": "draft", "title": "Ledelsesgrundlag", "lang": "da", "org": "gladsaxe",
            "kind": "policy"} in meta
    assert "source: stdin" in (tmp_corpus / "draft" / "meta.yaml").read_text(encoding="utf-8")


def test_version() -> None:
    from ledelse_cli import __version__

    r = run_cli("--version", corpus=None)
    assert r.exit_code == 0 and r.stdout == f"ledelse {__version__}\n"


def test_list_csv_has_whole_titles() -> None:
    r = run_cli("list", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["id"] for row in rows] == ["gladsaxe", "kl11", "ks10", "lk7", "randers-debat",
                                           "randers-konference"]
    assert rows[2]["title"] == "Å lede i det skapende spenningsfeltet – KS' policy for god ledelse"
    assert rows[1]["year"] == "2008" and rows[1]["kind"] == "framework"
    assert run_cli("list", "--format", "json").json()["documents"][0]["id"] == "gladsaxe"


def test_skip_existing_reruns_an_interrupted_batch(tmp_path: Path, tmp_corpus: Path) -> None:
    a, b = tmp_path / "aarhus.txt", tmp_path / "odense.txt"
    shutil.copy(GLADSAXE, a)
    shutil.copy(CORPUS / "kl11" / "original.txt", b)
    assert run_cli("ingest", str(a), corpus=tmp_corpus).exit_code == 0  # "interrupted" here
    again = run_cli("ingest", str(a), corpus=tmp_corpus)
    assert again.exit_code == 2 and "already exists" in again.stderr
    r = run_cli("ingest", str(a), str(b), "--skip-existing", corpus=tmp_corpus)
    assert r.exit_code == 0, r.stderr
    assert "skipped aarhus (already in the corpus)" in r.stderr and "added odense" in r.stderr
    r = run_cli("ingest", str(a), str(b), "--skip-existing", "--format", "json",
                corpus=tmp_corpus)
    assert r.exit_code == 0 and r.json()["skipped"] == ["aarhus", "odense"]
    # Another file under an existing id is not "done": it fails as before.
    a.write_text("# Ny version\n\n1. Vi leder med tillid\n", encoding="utf-8")
    r = run_cli("ingest", str(a), str(b), "--skip-existing", corpus=tmp_corpus)
    assert r.exit_code == 4 and "'aarhus' already exists" in r.stderr
    r = run_cli("ingest", str(a), "--skip-existing", "--replace", corpus=tmp_corpus)
    assert r.exit_code == 2 and r.stderr.startswith("error: ")


def test_same_id_twice_gets_distinct_explained_columns(tmp_path: Path) -> None:
    draft = tmp_path / "gladsaxe.txt"
    shutil.copy(GLADSAXE, draft)
    args = ("coverage", "--against", "kl11", "gladsaxe", str(draft))
    table = run_cli(*args, "--lang", "en")
    assert table.exit_code == 0, table.stderr
    header = next(line for line in table.stdout.splitlines() if line.startswith("#"))
    assert header.split()[-2:] == ["gladsaxe", "gladsaxe~file"]
    assert f"gladsaxe~file: the file {draft}, not the document gladsaxe" in table.stdout
    danish = run_cli(*args).stdout  # the note in the table's language too
    assert f"gladsaxe~file: filen {draft}, ikke dokumentet gladsaxe" in danish
    wide = run_cli(*args, "--format", "wide-csv")
    assert next(csv.reader(io.StringIO(wide.stdout)))[-2:] == ["gladsaxe", "gladsaxe~file"]
    assert "note: column gladsaxe~file is the file" in wide.stderr
    long = list(csv.DictReader(io.StringIO(run_cli(*args, "--format", "csv").stdout)))
    keys = [(row["document"], row["point"]) for row in long]
    assert len(keys) == 22 and len(set(keys)) == 22
    data = run_cli(*args, "--format", "json").json()
    assert data["documents"] == ["gladsaxe", "gladsaxe~file"]
    assert data["renamed"] == {"gladsaxe~file": f"the file {draft}, not the document gladsaxe"}
    # The same text scores the same in both columns.
    by = {(c["document"], c["point"]): c["score"] for c in data["cells"]}
    assert all(by[("gladsaxe", f"kl11/{n}")] == by[("gladsaxe~file", f"kl11/{n}")]
               for n in range(1, 12))


@pytest.mark.parametrize(("args", "expected"), [
    (("coverage", "--agaisnt", "kl11"), "error: no such option: --agaisnt"),
    (("coverage", "--against", "kl11", "--format", "xlsx"),
     "error: --format must be table, json, csv, md, jsonl or wide-csv, not 'xlsx'"),
    (("compare", "randers"), "error: missing argument"),
    (("show", "gladsax"), "error: unknown document, org or file 'gladsax'; did you mean"),
])
def test_every_usage_error_is_one_error_line(args: tuple[str, ...], expected: str) -> None:
    r = run_cli(*args)
    assert r.exit_code == 2
    assert r.stderr.startswith(expected), r.stderr
    assert len(r.stderr.splitlines()) == 1 and "Value error" not in r.stderr
    assert "Usage:" not in r.stderr and r.stdout == ""


@pytest.mark.parametrize("args", [
    ("show", "drafts/aarhus.md"),
    ("coverage", "--against", "kl11", "drafts/aarhus.md"),
    ("ingest", "drafts/aarhus.md"),
    ("compare", "gladsaxe", "aarhus.md"),
])
def test_a_missing_file_exits_2_like_an_unknown_id(args: tuple[str, ...], tmp_corpus: Path
                                                   ) -> None:
    r = run_cli(*args, corpus=tmp_corpus)
    assert r.exit_code == 2, r.stderr
    assert r.stderr.startswith("error: ") and "file not found" in r.stderr


@pytest.mark.slow
def test_interrupt_is_an_error_line_with_exit_130(tmp_path: Path) -> None:
    env = {**os.environ, "LEDELSE_CACHE_DIR": "off"}
    proc = subprocess.Popen(
        [str(LEDELSE), "similarity", "--corpus", str(CORPUS), "--format", "json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 130
    err = proc.stderr.read() if proc.stderr else ""
    assert err == "error: interrupted\n"


def test_no_command_still_prints_the_whole_help() -> None:
    r = run_cli(corpus=None)
    assert r.exit_code == 2
    assert r.stderr.startswith("Usage: ledelse") and "Commands:" in r.stderr
    assert "setup" in r.stderr and "error:" not in r.stderr


def test_manifest_hashes_a_file_ref_and_stdin(tmp_path: Path) -> None:
    """A file REF's column is named by its slug (no corpus id): the manifest still records the
    file that was read, and so it does for stdin."""
    import json

    draft = tmp_path / "aarhus-udkast.txt"
    shutil.copy(GLADSAXE, draft)
    out = tmp_path / "c.csv"
    r = run_cli("coverage", "--against", "kl11", str(draft), "--format", "csv", "-o", str(out),
                "-q")
    assert r.exit_code == 0, r.stderr
    documents = json.loads((tmp_path / "c.csv.manifest.json").read_text(encoding="utf-8"))[
        "corpus"]["documents"]
    sha = {d["id"]: d["sha256"] for d in documents}
    assert sha["aarhus-udkast"] == sha256(GLADSAXE.read_bytes()).hexdigest()
    r = run_cli("coverage", "--against", "kl11", "-", "--format", "csv", "-o", str(out), "-q",
                input=GLADSAXE.read_text(encoding="utf-8"))
    assert r.exit_code == 0, r.stderr
    documents = json.loads((tmp_path / "c.csv.manifest.json").read_text(encoding="utf-8"))[
        "corpus"]["documents"]
    assert {d["id"] for d in documents} == {"kl11", "stdin"}
