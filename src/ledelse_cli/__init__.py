"""ledelse: compare Danish and Norwegian public-sector leadership texts at principle level.

``import ledelse_cli as ledelse`` gives the Python API (docs/api.md): ``ledelse.coverage``,
``ledelse.align``, ``ledelse.compare``, ``ledelse.segment`` and ``ledelse.open_corpus``,
each loaded on first use so that importing the package stays cheap.
"""

from .base.version import __version__

_API = ("coverage", "align", "compare", "segment", "open_corpus")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})

