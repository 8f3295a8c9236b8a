"""Build hook: ship the reference data inside the package.

The mappings (taxonomy, frameworks, lexicons …) and the documents of the bundled frameworks are
kept at the top of the repository, where a domain expert reads and edits them. A wheel must carry
them, or an installed ``ledelse`` cannot read its own taxonomy; this copies them into
``ledelse_cli/_bundled/`` of the build, where ``ledelse_cli.settings`` finds them. An editable
install reads them in place and needs no copy. Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def framework_documents() -> list[str]:
    """The corpus documents of kind ``framework`` (kl11, ks10, lk7): the same rule
    ``ledelse_cli.sources.bundled`` applies when it reads them back."""
    found = []
    for meta in sorted((ROOT / "corpus").glob("*/meta.yaml")):
        data = yaml.safe_load(meta.read_text("utf-8"))
        if isinstance(data, dict) and data.get("kind") == "framework":
            found.append(meta.parent.name)
    return found


class BuildWithReferenceData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "ledelse_cli" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "mappings", target / "mappings")
        for doc in framework_documents():
            # A framework's stored document, never a cache or a lock.
            shutil.copytree(ROOT / "corpus" / doc, target / "frameworks" / doc,
                            ignore=shutil.ignore_patterns(".*"))


setup(cmdclass={"build_py": BuildWithReferenceData})
