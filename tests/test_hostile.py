"""Hostile files, names and hand-edited corpora (issue K): every case exits with its documented
code and a one-line message, puts no raw control byte on the terminal, and leaves the corpus
byte-identical; `ledelse validate` fails on every corpus state that makes a command fail.

The console-script cases run the real `ledelse` in a subprocess (marked slow); the unmarked
tests check the same defences in-process and cheaply. Crafted PDFs and DOCX files are built
here, byte by byte, at test time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CORPUS, MAPPINGS, REPO, run_cli
from test_corpus import _tree

LEDELSE = Path(sys.executable).with_name("ledelse")
GOOD = (
    "Ledelse i Århus\n\nSom ledere vil vi:\n\n- Vi går forrest og skaber retning\n"
    "- Vi er åbne og ærlige over for alle\n- Vi inddrager medarbejderne i beslutninger\n"
)
# Raw control bytes a terminal would act on: C0 but TAB/LF, DEL, and (as UTF-8) C1 controls,
# the bidi overrides and isolates.
RAW_CONTROL = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


# --------------------------------------------------------------------------- building inputs


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.7\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


_CONTENT = b"BT /F1 12 Tf 72 720 Td (Vi gaar forrest og skaber retning for alle) Tj ET"


def _pdf_objects(contents: bytes, kids: bytes = b"3 0 R", count: int = 1) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        contents,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def pdf_self_length() -> bytes:
    """A content stream whose /Length is a reference to its own object."""
    return _pdf(_pdf_objects(b"<< /Length 4 0 R >>\nstream\n" + _CONTENT + b"\nendstream"))


def pdf_flate_bomb() -> bytes:
    """~200 KB that inflate to 200 MB."""
    bomb = zlib.compress(b"0" * (200 * 1024 * 1024), 9)
    head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb)
    return _pdf(_pdf_objects(head + bomb + b"\nendstream"))


def pdf_many_kids(n: int = 200_000) -> bytes:
    """A page tree with n kids (all the same page)."""
    stream = b"<< /Length %d >>\nstream\n" % len(_CONTENT) + _CONTENT + b"\nendstream"
    return _pdf(_pdf_objects(stream, b" ".join([b"3 0 R"] * n), n))


def docx_encrypted() -> bytes:
    """A DOCX whose zip members carry the 'encrypted' flag (zipfile: RuntimeError)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/"
            "main'><w:body><w:p><w:r><w:t>Vi går forrest</w:t></w:r></w:p></w:body>"
            "</w:document>",
        )
    data = bytearray(buf.getvalue())
    for magic, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(magic)
        while i >= 0:
            data[i + flag_at] |= 1
            i = data.find(magic, i + 4)
    return bytes(data)


def nested_yaml(levels: int) -> str:
    return "principles:\n- text: " + "[" * levels + "]" * levels + "\n"


# --------------------------------------------------------------------------- running


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst, ignore=shutil.ignore_patterns(".lock", ".staging"))
    return dst


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def ledelse(
    *args: str,
    cache: Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path = REPO,
) -> subprocess.CompletedProcess[bytes]:
    """The console script, stdout/stderr as bytes (so raw control bytes can be seen)."""
    full = {k: v for k, v in os.environ.items() if k not in ("LEDELSE_DEBUG", "LEDELSE_CORPUS")}
    full.update({"LEDELSE_CACHE_DIR": str(cache), "LEDELSE_MAPPINGS": str(MAPPINGS)})
    full.update(env or {})
    return subprocess.run(
        [str(LEDELSE), *args], capture_output=True, timeout=timeout, env=full, cwd=cwd
    )


def assert_clean(proc: subprocess.CompletedProcess[bytes]) -> None:
    """No traceback, no raw control bytes, output valid UTF-8."""
    for stream in (proc.stdout, proc.stderr):
        assert not RAW_CONTROL.search(stream), stream[:400]
        stream.decode("utf-8")
    assert b"Traceback" not in proc.stderr
    assert b"internal error" not in proc.stderr


def assert_error(proc: subprocess.CompletedProcess[bytes], code: int, text: str) -> str:
    assert proc.returncode == code, proc.stderr.decode("utf-8", "replace")
    assert_clean(proc)
    lines = [x for x in proc.stderr.decode("utf-8").splitlines() if x.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and text in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """Break the corpus copy (and/or build input files), run one command, expect an error."""

    name: str
    setup: Callable[[Path, Path], list[str]]  # (corpus, tmp) -> args after the command
    command: str
    code: int
    message: str
    env: Callable[[Path, Path], dict[str, str]] = field(default=lambda c, t: {})


def _file(name: str, data: bytes | str, *extra: str) -> Callable[[Path, Path], list[str]]:
    def setup(corpus: Path, tmp: Path) -> list[str]:
        p = tmp / os.fsdecode(name.encode("latin-1") if isinstance(name, str) else name)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [str(p), *extra]

    return setup


def _latin1_name(corpus: Path, tmp: Path) -> list[str]:
    raw = os.path.join(os.fsencode(tmp), b"Ledelsesgrundlag_\xc5rhus.txt")
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode())
    return [os.fsdecode(raw)]


def _edit(rel: str, text: str | Callable[[str], str], *args: str) -> Callable[..., list[str]]:
    def setup(corpus: Path, tmp: Path) -> list[str]:
        p = corpus / rel
        old = p.read_text("utf-8") if p.is_file() else ""
        p.write_text(text(old) if callable(text) else text, "utf-8")
        return list(args)

    return setup


def _meta_title(value: str) -> Callable[[str], str]:
    return lambda old: re.sub(r"(?m)^title: .*$", lambda m: f"title: {value}", old)


def _fifo_text(corpus: Path, tmp: Path) -> list[str]:
    (corpus / "gladsaxe" / "text.txt").unlink()
    os.mkfifo(corpus / "gladsaxe" / "text.txt")
    return ["gladsaxe"]


def _fifo_meta(corpus: Path, tmp: Path) -> list[str]:
    (corpus / "lk7" / "meta.yaml").unlink()
    os.mkfifo(corpus / "lk7" / "meta.yaml")
    return []


def _zero_text(corpus: Path, tmp: Path) -> list[str]:
    (corpus / "gladsaxe" / "text.txt").unlink()
    (corpus / "gladsaxe" / "text.txt").symlink_to("/dev/zero")
    return ["--against", "kl11", "gladsaxe"]


def _reserved_dir(corpus: Path, tmp: Path) -> list[str]:
    shutil.copytree(corpus / "gladsaxe", corpus / "con")
    meta = corpus / "con" / "meta.yaml"
    meta.write_text(meta.read_text("utf-8").replace("id: gladsaxe", "id: con"), "utf-8")
    return []


def _framework_1a(corpus: Path, tmp: Path) -> list[str]:
    from ledelse_cli.run.documents import ReadCorpus as Corpus

    store = Corpus(corpus, MAPPINGS)
    store.save_segmentation(store.load("kl11", automatic=True))
    seg = corpus / "kl11" / "segmentation.yaml"
    seg.write_text(seg.read_text("utf-8").replace("number: '1'\n", "number: 1a\n", 1), "utf-8")
    return ["--against", "kl11", "gladsaxe"]


def _lock_dir(corpus: Path, tmp: Path) -> list[str]:
    (corpus / ".lock").mkdir()
    return _file("good.txt", GOOD)(corpus, tmp)


def _staging_file(corpus: Path, tmp: Path) -> list[str]:
    (corpus / ".staging").write_text("not a directory")
    return _file("good.txt", GOOD)(corpus, tmp)


def _deep_manifest(corpus: Path, tmp: Path) -> list[str]:
    p = tmp / "deep.manifest.json"
    head = '{"tool": {"name": "ledelse", "version": "0"}, "corpus": {"sha256": "ab"}, "x": '
    p.write_text(head + "[" * 100_000 + "]" * 100_000 + "}")
    return ["--manifest", str(p)]


CASES = [
    Case("latin1-file-name", _latin1_name, "ingest", 3, "file name is not valid Unicode"),
    Case("title-byte-0x9b", lambda c, t: [*_file("good.txt", GOOD)(c, t), "--title",
                                          os.fsdecode(b"Ledelse \x9b2J")],
         "ingest", 3, "--title is not valid Unicode"),
    Case("meta-title-surrogate-list", _edit("gladsaxe/meta.yaml", _meta_title('"\\uD800"')),
         "list", 3, "gladsaxe/meta.yaml:"),
    Case("meta-title-surrogate-coverage",
         _edit("gladsaxe/meta.yaml", _meta_title('"\\uD800"'), "--against", "kl11", "ks10"),
         "coverage", 3, "not valid Unicode text"),
    Case("meta-title-surrogate-validate", _edit("gladsaxe/meta.yaml", _meta_title('"\\uD800"')),
         "validate", 3, "title: not valid Unicode text"),
    Case("encrypted-docx", _file("enc.docx", docx_encrypted()), "ingest", 3, "encrypted"),
    *(
        Case(f"encoding-{e}", _file("good.txt", GOOD, "--encoding", e), "ingest", 2,
             "not a character encoding")
        for e in ("zlib", "rot13", "hex", "base64", "uu", "undefined", "unicode_escape")
    ),
    Case("output-missing-dir", lambda c, t: ["--against", "kl11", "-o", "/nonexistent/x.csv"],
         "coverage", 2, "does not exist"),
    Case("output-is-dir", lambda c, t: ["--against", "kl11", "-o", str(t)], "coverage", 2,
         "is a directory"),
    Case("figure-output-missing-dir", lambda c, t: ["--against", "kl11", "-o",
                                                    "/nonexistent/x.png"],
         "figure", 2, "does not exist"),
    Case("fifo-text-show", _fifo_text, "show", 3, "FIFO"),
    Case("fifo-text-validate", lambda c, t: _fifo_text(c, t)[:0], "validate", 3, "FIFO"),
    Case("fifo-meta-list", _fifo_meta, "list", 3, "lk7/meta.yaml:0: is a FIFO"),
    Case("fifo-meta-show", lambda c, t: [*_fifo_meta(c, t), "lk7"], "show", 3, "FIFO"),
    Case("fifo-meta-validate", _fifo_meta, "validate", 3, "FIFO"),
    Case("dev-zero-text-coverage", _zero_text, "coverage", 3, "character device"),
    Case("dev-zero-text-validate", lambda c, t: _zero_text(c, t)[:0], "validate", 3,
         "character device"),
    Case("nested-segmentation-show", _edit("gladsaxe/segmentation.yaml", nested_yaml(200),
                                           "gladsaxe"), "show", 3, "nested more than"),
    Case("nested-segmentation-validate", _edit("gladsaxe/segmentation.yaml", nested_yaml(200)),
         "validate", 3, "nested more than"),
    Case("nested-meta-list", _edit("gladsaxe/meta.yaml",
                                   lambda old: old + "pages: " + "[" * 200 + "]" * 200 + "\n"),
         "list", 3, "nested more than"),
    Case("deep-manifest-cite", _deep_manifest, "cite", 3, "nested more than"),
    Case("framework-number-1a-coverage", _framework_1a, "coverage", 3, "no principle numbered 1"),
    Case("framework-number-1a-validate", lambda c, t: _framework_1a(c, t)[:0], "validate", 3,
         "needs principles numbered 1"),
    Case("reserved-dir-list", _reserved_dir, "list", 3, "con"),
    Case("reserved-dir-coverage", lambda c, t: [*_reserved_dir(c, t), "--against", "kl11"],
         "coverage", 3, "con"),
    Case("reserved-dir-validate", _reserved_dir, "validate", 3, "not a valid document id"),
    Case("lock-is-directory", _lock_dir, "ingest", 3, "cannot write to the corpus"),
    Case("staging-is-file", _staging_file, "ingest", 3, ".staging"),
    Case("staging-is-file-validate", lambda c, t: _staging_file(c, t)[:0], "validate", 3,
         ".staging"),
]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, corpus: Path, tmp_path: Path, cache_dir: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    args = case.setup(corpus, inputs)
    before = _tree(corpus)
    started = time.monotonic()
    proc = ledelse(case.command, *args, "--corpus", str(corpus), cache=cache_dir,
                   env=case.env(corpus, inputs))
    line = assert_error(proc, case.code, case.message)
    if case.command != "validate":
        assert proc.stdout == b""
    assert _tree(corpus) == before
    staging = corpus / ".staging"
    assert not staging.is_dir() or not any(staging.iterdir()), "staged directory left behind"
    if case.code == 2:
        assert time.monotonic() - started < 30  # before any computation
    if case.name in ("lock-is-directory", "staging-is-file"):
        assert str(corpus) in line and "good.txt" not in line  # the corpus is to blame
    elif case.command == "ingest" and case.code == 3:
        assert Path(args[0]).name.split("\udcc5")[0] in line  # names the file


def _state_corpus_path(corpus: Path, tmp: Path) -> dict[str, str]:
    f = tmp / "not-a-dir"
    f.write_text("x")
    return {"LEDELSE_CORPUS": str(f)}


@pytest.mark.slow
@pytest.mark.parametrize("command", ["list", "validate"])
def test_corpus_path_naming_a_file(command: str, tmp_path: Path, cache_dir: Path) -> None:
    env = _state_corpus_path(tmp_path, tmp_path)
    proc = ledelse(command, cache=cache_dir, env=env)
    assert_error(proc, 3, "not a directory")
    assert "not-a-dir" in proc.stderr.decode()


@pytest.mark.slow
def test_batch_continues_past_hostile_pdf_and_docx(tmp_path: Path, cache_dir: Path) -> None:
    files = {
        "a-good.txt": GOOD.encode(),
        "b-selflength.pdf": pdf_self_length(),
        "c-bomb.pdf": pdf_flate_bomb(),
        "d-kids.pdf": pdf_many_kids(),
        "e-encrypted.docx": docx_encrypted(),
        "f-good.txt": GOOD.replace("Århus", "Aalborg").encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    corpus = tmp_path / "c"
    for fmt in ("table", "json"):
        shutil.rmtree(corpus, ignore_errors=True)
        proc = ledelse("ingest", *(str(tmp_path / n) for n in files), "--format", fmt,
                       "--corpus", str(corpus), cache=cache_dir, timeout=300)
        assert proc.returncode == 4, proc.stderr.decode()
        assert_clean(proc)
        ids = sorted(p.name for p in corpus.iterdir() if not p.name.startswith("."))
        assert "a-good" in ids and "f-good" in ids  # the file after the hostile ones is read
        assert "e-encrypted" not in ids
        if fmt == "json":
            report = json.loads(proc.stdout)
            failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}
            assert "encrypted" in failed["e-encrypted.docx"]
            assert set(report["added"]) == set(ids)
        else:
            assert b"failed: " in proc.stderr and b"e-encrypted.docx" in proc.stderr
    assert ledelse("validate", "--corpus", str(corpus), cache=cache_dir).returncode in (0, 3)


@pytest.mark.slow
def test_control_characters_never_reach_the_terminal(
    corpus: Path, tmp_path: Path, cache_dir: Path
) -> None:
    text = GOOD.replace("Vi går forrest", "Vi \u009b2J går \u202eforrest")
    evil_name = tmp_path / "evil\x1b]0;pwn\x07.txt"
    evil_name.write_text(text, "utf-8")
    title = "Titel \x1b]0;owned\x07 \u202e \x1b[2J"
    proc = ledelse("ingest", str(evil_name), "--id", "evil", "--title", title, "--corpus",
                   str(corpus), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc)
    for args in (["list"], ["list", "--format", "json"], ["show", "evil"],
                 ["show", "evil", "--format", "json"], ["coverage", "--against", "kl11", "evil"]):
        proc = ledelse(*args, "--corpus", str(corpus), cache=cache_dir)
        assert proc.returncode == 0, (args, proc.stderr)
        assert_clean(proc)
        if "json" in args:
            data = json.loads(proc.stdout)  # escaped, yet the same data
            docs = data["documents"] if "documents" in data else [data["document"]]
            assert {d["id"]: d["title"] for d in docs}["evil"] == title
        elif args[0] == "show":
            assert b"\\u009b" in proc.stdout and b"\\u202e" in proc.stdout
    # A file name echoed in a message, a YAML value quoted by a validation error.
    bad = tmp_path / "bad\x1b[31m.txt"
    bad.write_bytes(b"")
    assert_error(ledelse("ingest", str(bad), "--corpus", str(corpus), cache=cache_dir), 3,
                 "\\u001b[31m")
    seg = corpus / "gladsaxe" / "segmentation.yaml"
    seg.write_text('principles:\n- text: ok\n  lang: "\\e]0;x\\a"\n', "utf-8")
    assert_error(ledelse("show", "gladsaxe", "--corpus", str(corpus), cache=cache_dir), 3,
                 "\\u001b]0;x\\u0007")
    # Manifest fields printed by cite.
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"tool": {"name": "l\x1b]0;x\x07", "version": "1\u009b"},
                                    "corpus": {"sha256": "ab\u202e"}}))
    proc = ledelse("cite", "--manifest", str(manifest), cache=cache_dir)
    assert proc.returncode == 0
    assert_clean(proc)
    assert b"\\u001b]0;x\\u0007" in proc.stdout


@pytest.mark.slow
def test_replace_keeps_a_fitting_hand_correction_and_backs_up_the_other(
    tmp_path: Path, cache_dir: Path
) -> None:
    corpus = tmp_path / "c"
    src = tmp_path / "aarhus.txt"
    src.write_text(GOOD, "utf-8")
    assert ledelse("ingest", str(src), "--corpus", str(corpus), cache=cache_dir).returncode == 0
    assert ledelse("segment", "aarhus", "--save", "--corpus", str(corpus),
                   cache=cache_dir).returncode == 0
    seg = corpus / "aarhus" / "segmentation.yaml"
    corrected = seg.read_text("utf-8").replace("title: Vi går forrest", "title: Forrest")
    seg.write_text(corrected, "utf-8")
    # Same principles, one more line: the correction still fits and is kept as it is.
    src.write_text(GOOD + "\nKontakt: ledelse@aarhus.dk\n", "utf-8")
    proc = ledelse("ingest", str(src), "--replace", "--corpus", str(corpus), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    assert seg.read_text("utf-8") == corrected
    # Rewritten text: the correction no longer fits, so it is moved aside with a warning.
    src.write_text("Ledelse\n\n- Vi lytter\n- Vi handler\n- Vi følger op\n", "utf-8")
    proc = ledelse("ingest", str(src), "--replace", "--corpus", str(corpus), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc)
    assert b"segmentation.yaml.bak" in proc.stderr
    assert not seg.exists()
    assert (corpus / "aarhus" / "segmentation.yaml.bak").read_text("utf-8") == corrected
    assert ledelse("validate", "--corpus", str(corpus), "--mappings", str(MAPPINGS),
                   cache=cache_dir).returncode in (0, 3)  # frameworks missing is fine here


@pytest.mark.slow
def test_output_replaced_whole_with_its_manifest(corpus: Path, tmp_path: Path,
                                                 cache_dir: Path) -> None:
    out = tmp_path / "kl11.csv"
    args = ("coverage", "--against", "kl11", "--format", "csv", "--corpus", str(corpus))
    proc = ledelse(*args, "-o", str(out), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads(Path(str(out) + ".manifest.json").read_text())
    assert out.read_text().startswith("document,") or out.stat().st_size > 0
    assert manifest["command"] == "coverage"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def _tmpfs(path: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.slow
def test_disk_full_leaves_output_and_corpus_as_they_were(
    corpus: Path, tmp_path: Path, cache_dir: Path
) -> None:
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "64k"):
        pytest.skip("needs root and tmpfs to fill a disk")
    try:
        (disk / "c").mkdir()
        src = tmp_path / "big.txt"
        src.write_text(GOOD * 400, "utf-8")
        old = disk / "kl11.csv"
        old.write_text("the previous report\n")
        Path(str(old) + ".manifest.json").write_text("{}\n")
        (disk / "fill").write_bytes(b"\0" * 40 * 1024)
        before = _tree(disk)
        proc = ledelse("ingest", str(src), "--corpus", str(disk / "c"), cache=cache_dir)
        assert_error(proc, 3, "no space left")
        assert str(disk / "c") in proc.stderr.decode() and "big.txt" not in proc.stderr.decode()
        proc = ledelse("coverage", "--against", "kl11", "--format", "csv", "--corpus",
                       str(corpus), "-o", str(old), cache=cache_dir)
        assert_error(proc, 3, "no space left")
        assert _tree(disk) == before
        assert [p for p in (disk / "c" / ".staging").iterdir()] == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_figure_title_with_dollars_is_text_not_mathtext(corpus: Path, tmp_path: Path,
                                                        cache_dir: Path) -> None:
    meta = corpus / "gladsaxe" / "meta.yaml"
    meta.write_text(_meta_title("'Budget $5 til $10'")(meta.read_text("utf-8")), "utf-8")
    out = tmp_path / "f.svg"
    proc = ledelse("figure", "--against", "kl11", "gladsaxe", "--title", r"Cost $\frac{a$",
                   "-o", str(out), "--corpus", str(corpus), cache=cache_dir)
    assert proc.returncode == 0, proc.stderr
    assert r"Cost $\frac{a$" in out.read_text("utf-8")


@pytest.mark.slow
def test_nfd_and_nfc_names_are_one_document_and_full_width_folds(
    tmp_path: Path, cache_dir: Path
) -> None:
    corpus = tmp_path / "c"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "A\u030arhus.txt").write_text(GOOD, "utf-8")  # NFD, as macOS writes it
    (tmp_path / "b" / "\u00c5rhus.txt").write_text(GOOD, "utf-8")  # NFC
    (tmp_path / "b" / "ＡＢＣ２０２４.txt").write_text(GOOD, "utf-8")
    proc = ledelse("ingest", str(tmp_path / "a" / "A\u030arhus.txt"),
                   str(tmp_path / "b" / "\u00c5rhus.txt"),
                   str(tmp_path / "b" / "ＡＢＣ２０２４.txt"), "--corpus", str(corpus),
                   cache=cache_dir)
    assert proc.returncode == 4
    assert b"'aarhus' already exists" in proc.stderr
    assert sorted(p.name for p in corpus.iterdir() if p.is_dir() and p.name[0] != ".") == [
        "aarhus", "abc2024"]
    assert "source: Århus.txt" in (corpus / "aarhus" / "meta.yaml").read_text("utf-8")


def _make_read_only(corpus: Path) -> Callable[[], None]:
    """Make the corpus read-only: a read-only bind mount as root (root ignores modes), else
    modes. Returns the undo."""
    if os.geteuid() == 0:
        mount = ["mount", "--bind", str(corpus), str(corpus)]
        if subprocess.run(mount, capture_output=True).returncode != 0:
            pytest.skip("root without mount: cannot make a read-only corpus")
        subprocess.run(["mount", "-o", "remount,bind,ro", str(corpus)], check=True)
        return lambda: subprocess.run(["umount", str(corpus)], check=False)
    dirs = [corpus, *(d for d in corpus.iterdir() if d.is_dir())]
    for d in dirs:
        d.chmod(0o555)
    return lambda: [d.chmod(0o755) for d in dirs]


@pytest.mark.slow
def test_read_only_corpus_is_named(corpus: Path, tmp_path: Path, cache_dir: Path) -> None:
    src = tmp_path / "good.txt"
    src.write_text(GOOD, "utf-8")
    (corpus / ".staging").mkdir(exist_ok=True)
    before = _tree(corpus)
    undo = _make_read_only(corpus)
    try:
        line = assert_error(ledelse("ingest", str(src), "--corpus", str(corpus),
                                    cache=cache_dir), 3, "cannot write to the corpus")
        assert str(corpus) in line and "good.txt" not in line
        proc = ledelse("segment", "gladsaxe", "--save", "--corpus", str(corpus), cache=cache_dir)
        assert_error(proc, 3, "cannot write to the corpus")
    finally:
        undo()
    assert _tree(corpus) == before


# --------------------------------------------------------------------------- fast, in-process


def test_terminal_safe_escapes_controls_bidi_and_surrogates() -> None:
    from ledelse_cli.base.safetext import terminal_safe

    raw = "a\x1b]0;x\x07b\u009b2J\u202ec\u2066d\ud800e\x7f\tf\ng\r"
    assert terminal_safe(raw) == (
        "a\\u001b]0;x\\u0007b\\u009b2J\\u202ec\\u2066d\\ud800e\\u007f\tf\ng\\u000d"
    )
    assert terminal_safe("x\ny\tz", one_line=True) == "x\\u000ay\\u0009z"
    assert terminal_safe("Ærø åben") == "Ærø åben"
    # The escape is a JSON escape: sanitised JSON still decodes to the same data.
    assert json.loads(terminal_safe(json.dumps("\u009b\u202e", ensure_ascii=False))) == (
        "\u009b\u202e"
    )


def test_ids_from_nfd_nfc_and_full_width_names() -> None:
    from ledelse_cli.sources.corpus import slugify

    assert slugify("A\u030arhus.txt") == slugify("\u00c5rhus.txt") == "aarhus"
    assert slugify("ＡＢＣ　２０２４.pdf") == "abc-2024"
    assert slugify("Café Ødsted.md") == "cafe-oedsted"


def test_text_codecs_only(tmp_path: Path) -> None:
    from ledelse_cli.base.errors import UsageError
    from ledelse_cli.sources.readers.encoding import check_encoding

    for bad in ("zlib", "rot13", "hex", "base64", "uu", "undefined", "unicode_escape",
                "raw-unicode-escape", "klingon"):
        with pytest.raises(UsageError):
            check_encoding(bad)
    assert check_encoding("cp1252") == "cp1252"


def test_reader_errors_cover_the_parsers_exceptions() -> None:
    import pypdfium2
    from pypdf.errors import LimitReachedError, PdfReadError

    from ledelse_cli.sources.readers import reader_errors

    for exc in (LimitReachedError, PdfReadError, pypdfium2.PdfiumError, zipfile.BadZipFile,
                RuntimeError, zlib.error, RecursionError):
        assert issubclass(exc, reader_errors()), exc


def test_encrypted_docx_is_bad_input_in_process(tmp_path: Path) -> None:
    from ledelse_cli.base.errors import InputError
    from ledelse_cli.sources.readers import extract

    with pytest.raises(InputError, match="encrypted"):
        extract(docx_encrypted(), "docx", "enc.docx", max_chars=10_000)


def test_corpus_files_must_be_regular_and_bounded(tmp_path: Path) -> None:
    from ledelse_cli.base.corpusfs import read_regular
    from ledelse_cli.base.errors import InputError

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="FIFO"):
        read_regular(fifo)
    with pytest.raises(InputError, match="character device"):
        read_regular(Path("/dev/zero"))
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read_regular(big, 100)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("levels", [150, 200, 1000,
                                    pytest.param(20000, marks=pytest.mark.slow)])
def test_yaml_nesting_refused_before_recursion(levels: int) -> None:
    from ledelse_cli.base.errors import ValidationError
    from ledelse_cli.base.yamlio import parse_yaml

    for text in (nested_yaml(levels),
                 "a:\n" + "".join("  " * i + "- \n" for i in range(1, levels))):
        with pytest.raises(ValidationError, match="nested more than 64 levels"):
            parse_yaml(text, "x.yaml")


def test_yaml_lone_surrogate_refused_with_its_line() -> None:
    from ledelse_cli.base.errors import ValidationError
    from ledelse_cli.base.yamlio import parse_yaml

    with pytest.raises(ValidationError) as e:
        parse_yaml('id: x\ntitle: "\\uD800"\n', "meta.yaml")
    assert e.value.problems == [
        "meta.yaml:2: title: not valid Unicode text (a lone surrogate escape)"
    ]


def test_json_depth_is_checked_before_parsing() -> None:
    from ledelse_cli.base.errors import InputError
    from ledelse_cli.base.jsonlimits import check_json_depth, json_depth

    assert json_depth('{"a": ["[[[", {"b": []}]}') == 4  # { [ { [
    with pytest.raises(InputError, match="nested more than 32"):
        check_json_depth("[" * 50000 + "]" * 50000, 32, "m.json")


def test_cache_entries_of_the_wrong_shape_are_misses(tmp_path: Path, monkeypatch) -> None:
    """Valid JSON with a valid checksum but the wrong shape is recomputed, not trusted."""
    from ledelse_cli.base.cacheframe import frame, unframe
    from ledelse_cli.run import cache
    from ledelse_cli.run.documents import ReadCorpus

    monkeypatch.setenv("LEDELSE_CACHE_DIR", str(tmp_path / "cache"))
    fresh = ReadCorpus(CORPUS, MAPPINGS).load("gladsaxe")
    (entry,) = (tmp_path / "cache" / "segments").iterdir()
    good = unframe(entry.read_bytes())
    bad_shapes = [
        {**good, "principles": [{**good["principles"][0], "id": None}]},
        {**good, "principles": [{**good["principles"][0], "span": [0, 10**9]}]},
        {**good, "principles": "[]"},
        {**good, "page_offsets": [-1]},
        [],
    ]
    for bad in bad_shapes:
        entry.write_bytes(frame(bad))
        assert ReadCorpus(CORPUS, MAPPINGS).load("gladsaxe") == fresh
    # A lone surrogate in a re-checksummed entry would break every UTF-8 write later.
    entry.write_bytes(frame(good).replace(b'"title": "', b'"title": "\\udc9b', 1))
    body = entry.read_bytes().split(b"\n", 1)[1]
    entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert ReadCorpus(CORPUS, MAPPINGS).load("gladsaxe") == fresh
    # principles: [] is well-formed; only the checksum tells it from a real empty result.
    entry.write_bytes(frame(good)[:65] + json.dumps({**good, "principles": []}).encode())
    assert ReadCorpus(CORPUS, MAPPINGS).load("gladsaxe") == fresh
    assert cache.FORMAT == good["format"]


def test_validate_fails_where_commands_fail(corpus: Path, tmp_path: Path) -> None:
    """Each corpus state that makes `list` fail makes `validate` fail too (in-process)."""
    from ledelse_cli.sources.corpuscheck import validate_corpus

    states: list[Callable[[], None]] = [
        lambda: _edit("gladsaxe/meta.yaml", _meta_title('"\\uDC9B"'))(corpus, tmp_path),
        lambda: _reserved_dir(corpus, tmp_path),
        lambda: _edit("gladsaxe/meta.yaml", lambda o: o + "pages: " + "[" * 100 + "]" * 100
                      + "\n")(corpus, tmp_path),
    ]
    for make in states:
        shutil.rmtree(corpus)
        shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(".lock", ".staging"))
        make()
        assert run_cli("list", corpus=corpus).exit_code == 3
        assert validate_corpus(corpus) != []


@pytest.mark.slow
def test_seeded_fuzz_sample_finds_no_exit_1_or_hang() -> None:
    """A small seeded run of fuzz/run.py (the acceptance run is `make fuzz`: 10,000 cases)."""
    proc = subprocess.run([sys.executable, str(REPO / "fuzz" / "run.py"), "--cases", "300",
                           "--seed", "7", "--cli", "4", "--json"],
                          capture_output=True, timeout=900, cwd=REPO)
    figures = json.loads(proc.stdout)
    assert proc.returncode == 0, figures
    assert figures["problems"] == 0
    assert sum(figures["outcomes"].values()) == 300
    assert not any("exit 1" in k for k in [*figures["outcomes"], *figures["cli"]])
