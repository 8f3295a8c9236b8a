"""`ledelse report`: a self-contained HTML report, checked statically and in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli

CHROMIUM = Path("/usr/bin/chromium")
XSS = "<script>document.title='pwned'</script>"
POLICY = f"""\
# Ledelsesgrundlag for Prøveby

## Sådan leder vi

- Lederen skaber tillid {XSS} hos medarbejderne og tager ansvar for helheden.
- Vi samarbejder på tværs af fagligheder og skaber sammenhæng for borgerne.
- Vi skaber rum for innovation og nytænkning i opgaveløsningen.
"""
DOCS = ("proeveby", "gladsaxe", "lk7")


class Dom(HTMLParser):
    """Just enough of a DOM: elements with attributes, and the text under each id'd element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text_by_id: dict[str, str] = {}
        self.script_text: list[str] = []
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if tag not in ("meta", "link", "br", "img", "input"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self.stack]
        if tags and tags[-1] == "script":
            self.script_text.append(data)
        if "title" in tags:
            self.title += data
        for _, a in self.stack:
            if "id" in a:
                self.text_by_id[a["id"]] = self.text_by_id.get(a["id"], "") + data

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.elements
                if t == tag and (cls is None or cls in a.get("class", "").split())]


def parse(html: str) -> Dom:
    dom = Dom()
    dom.feed(html)
    return dom


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A tmp corpus with a policy whose principle contains a <script>, and its report."""
    from conftest import CORPUS

    tmp = tmp_path_factory.mktemp("report")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(".lock", ".staging"))
    src = tmp / "proeveby.md"
    src.write_text(POLICY, encoding="utf-8")
    r = run_cli("ingest", str(src), "--id", "proeveby", "--org", "proeveby", "--corpus",
                str(corpus))
    assert r.exit_code == 0, r.stderr
    out = tmp / "report.html"
    r = run_cli("report", "--against", "kl11", *DOCS, "-o", str(out), "--compare", "proeveby",
                "gladsaxe", "--lang", "nb", "-q", corpus=corpus)
    assert r.exit_code == 0, r.stderr
    cov = run_cli("coverage", "--against", "kl11", *DOCS, "--format", "json", corpus=corpus)
    return {"dir": tmp, "html": out, "coverage": cov.json()}


def _xss_cell(cov: dict) -> tuple[str, str]:
    """The report's id of a cell whose evidence shows proeveby/1, and that principle's point."""
    points = [p["id"] for p in cov["points"]]
    j = cov["documents"].index("proeveby")
    for c in cov["cells"]:
        if c["document"] != "proeveby":
            continue
        shown = c["evidence"] or [c["nearest"]]
        if any(e["principle"] == "proeveby/1" for e in shown):
            return f"ev-{points.index(c['point'])}-{j}", c["point"]
    raise AssertionError("proeveby/1 is nowhere in the evidence")


def test_report_is_self_contained_and_escaped(built: dict) -> None:
    html = Path(built["html"]).read_text(encoding="utf-8")
    dom = parse(html)
    csp = [a["content"] for a in dom.find("meta") if a.get("http-equiv") ==
           "Content-Security-Policy"]
    assert len(csp) == 1 and "default-src 'none'" in csp[0]
    nonce = re.search(r"'nonce-([^']+)'", csp[0])
    assert nonce
    scripts = dom.find("script")
    assert [s.get("nonce") for s in scripts] == [nonce.group(1)]  # only our own script
    for _, attrs in dom.elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert "http" not in attrs.get(name, "").lower(), attrs
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert XSS not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    # The embedded manifest names the run and every document read.
    manifest = json.loads(dom.text_by_id["manifest"])
    assert manifest["command"] == "report"
    assert {"proeveby", "gladsaxe", "lk7", "kl11"} <= {d["id"] for d in
                                                       manifest["corpus"]["documents"]}
    # --lang nb: Norwegian UI strings; side-by-side section for the pair.
    assert "Dekning av kl11" in html and "Belegg" in html and "Dækning" not in html
    # The columns whose segmentation is to be checked are named under the matrix, as coverage
    # names them.
    flagged = built["coverage"].get("readings_to_check", [])
    assert flagged, "gladsaxe's reading is flagged in the bundled corpus"
    assert dom.text_by_id["to-check"].endswith(": " + ", ".join(flagged))
    assert dom.find("article", "comparison")[0]["data-b"] == "gladsaxe"
    side = Path(str(built["html"]) + ".manifest.json")
    assert json.loads(side.read_text(encoding="utf-8"))["command"] == "report"


def test_shared_lemmas_are_marked_per_token(built: dict) -> None:
    dom = parse(Path(built["html"]).read_text(encoding="utf-8"))
    assert len(dom.find("mark")) > 20
    assert not any(a for a in dom.find("mark"))  # bare <mark>, no attributes smuggled in


def _chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
         "--hide-scrollbars", "--virtual-time-budget=2000", *args],
        capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed at "
                    "/usr/bin/chromium (apt-get install chromium)")
def test_report_in_headless_chromium(built: dict) -> None:
    tmp = Path(built["dir"])
    url = Path(built["html"]).resolve().as_uri()
    cov = built["coverage"]
    cell_id, point = _xss_cell(cov)

    shot = tmp / "report.png"
    r = _chromium("--window-size=1200,1400", f"--screenshot={shot}", url, tmp=tmp)
    assert shot.is_file(), r.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000

    # Before any click: the page's script ran, no cell is open, the title is ours.
    before = parse(_chromium("--dump-dom", url, tmp=tmp).stdout)
    root = before.find("html")[0]
    assert root.get("data-ready") == "1", "the report's own (nonce) script did not run"
    assert before.title.startswith("Dekningsrapport: kl11")
    assert "pwned" not in before.title
    cells = before.find("td", "cell")
    assert len(cells) == 11 * len(DOCS) == len(cov["points"]) * len(cov["documents"])
    assert {(c["data-point"], c["data-document"]) for c in cells} == {
        (p["id"], d) for p in cov["points"] for d in cov["documents"]}
    details = {a["id"]: a for a in before.find("details", "evidence")}
    assert len(details) == len(cells) and "open" not in details[cell_id]

    # #open=<cell> makes the page click that heatmap cell: its evidence opens, with the
    # principle's <script> shown as text and never run.
    after = parse(_chromium("--dump-dom", f"{url}#open={cell_id}", tmp=tmp).stdout)
    opened = {a["id"]: a for a in after.find("details", "evidence")}
    assert "open" in opened[cell_id]
    assert [a["id"] for a in opened.values() if "open" in a] == [cell_id]
    active = [c for c in after.find("td", "cell") if "active" in c["class"].split()]
    assert [(c["data-point"], c["data-document"]) for c in active] == [(point, "proeveby")]
    text = after.text_by_id[cell_id]
    assert "proeveby/1" in text
    assert XSS in text  # visible as literal text
    assert after.title == before.title and "pwned" not in after.title
    assert all("pwned" not in s for s in after.script_text)  # no script element holds it

    # ?expand=all opens every evidence panel.
    expanded = parse(_chromium("--dump-dom", f"{url}?expand=all", tmp=tmp).stdout)
    assert all("open" in a for a in expanded.find("details", "evidence"))
