"""The tool's version: one place (pyproject reads it; manifests and caches record it)."""

__version__ = "0.1.0"
