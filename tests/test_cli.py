"""CLI contract: help text, REF resolution, exit codes, stdout/stderr separation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SEEDS, run_cli
from ledelse_cli.cli import app


def test_every_command_has_help_with_example() -> None:
    r = run_cli("--help", corpus=None)
    assert r.exit_code == 0
    names = [c.name for c in app.registered_commands]
    assert {"ingest", "list", "show", "segment"} <= set(names)
    for command in app.registered_commands:
        assert command.help and "Example: ledelse" in command.help, command.name
        assert command.name in r.stdout
    assert " ".join(r.stdout.split()).count("(e.g. ledelse") == len(names)


def test_unknown_id_exits_2_with_close_matches() -> None:
    r = run_cli("show", "gladsax")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "unknown document, org or file 'gladsax'" in r.stderr
    assert "gladsaxe" in r.stderr


def test_org_ref_merges_documents() -> None:
    data = run_cli("show", "randers", "--format", "json").json()
    assert data["org"] == "randers"
    assert [d["document"]["id"] for d in data["documents"]] == [
        "randers-debat",
        "randers-konference",
    ]


def test_path_ref_is_segmented_without_ingest(tmp_path: Path) -> None:
    seed = tmp_path / "003_aae85e558e2dc4cb.txt"  # the id comes from the file name
    seed.write_bytes(SEEDS["003_aae85e558e2dc4cb.txt"].read_bytes())
    data = run_cli("segment", str(seed), "--format", "json").json()
    assert data["document"]["id"] == "003-aae85e558e2dc4cb"
    assert len(data["principles"]) == 11


def test_bad_option_is_usage_error() -> None:
    r = run_cli("segment", "kl11", "--format", "xml")
    assert r.exit_code == 2
    assert "xml" in r.stderr


def test_console_script_and_module_entry_point() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ledelse_cli",
            "list",
            "--format",
            "json",
            "--corpus",
            str(REPO / "corpus"),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert '"kl11"' in out.stdout


def test_table_output_fits_80_columns_when_piped() -> None:
    for args in (["list"], ["show", "gladsaxe"], ["segment", "ks10"]):
        r = run_cli(*args)
        assert r.exit_code == 0
        assert max(len(line) for line in r.stdout.splitlines()) <= 80, args
        assert "\x1b[" not in r.stdout


def test_markup_in_document_text_prints_as_is(tmp_path) -> None:
    doc = tmp_path / "markup.md"
    doc.write_text(
        "# Politik\n\n- lederen læser [/bilag 3] og [bold]x[/bold] grundigt\n"
        "- lederen skaber retning for medarbejderne\n- lederen lytter til borgerne\n",
        encoding="utf-8",
    )
    r = run_cli("show", str(doc))
    assert r.exit_code == 0, r.stderr
    assert "[/bilag 3]" in r.stdout and "[bold]x[/bold]" in r.stdout


def test_json_text_is_one_line_per_top_level_key_and_list_element() -> None:
    from ledelse_cli.cli.output import json_text

    data = {
        "against": "kl11",
        "cells": [
            {"point": "kl11/1", "text": "Lederen skaber trivsel på tværs: æøå ÆØÅ", "n": [1, 2.5]},
            {"point": "kl11/2", "nested": {"a": None, "b": [True, {"c": "ø"}]}},
        ],
        "empty": [],
        "thresholds": {"full": 0.53, "partial": 0.23},
    }
    text = json_text(data)
    assert json.loads(text) == data
    assert text.endswith("}\n") and "æøå" in text and "\\u" not in text
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    assert lines[1] == '  "against": "kl11",'
    assert lines[2] == '  "cells": ['
    assert [json.loads(x.strip().rstrip(",")) for x in lines[3:5]] == data["cells"]
    assert lines[5:] == [
        "  ],",
        '  "empty": [],',
        '  "thresholds": {"full": 0.53, "partial": 0.23}',
        "}",
    ]
    assert json_text(data) == text
    assert json_text([{"ø": 1}, 2]) == '[\n  {"ø": 1},\n  2\n]\n'
    assert json_text({}) == "{}\n" and json_text("å") == '"å"\n'
