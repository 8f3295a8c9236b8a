"""ledelse: compare Danish and Norwegian public-sector leadership texts at principle level.

``import ledelse_cli as ledelse`` gives the Python API (docs/api.md): ``ledelse.coverage``,
``ledelse.align``, ``ledelse.compare``, ``ledelse.segment`` and ``ledelse.open_corpus``,
each loaded on first use so that importing the package stays cheap.
"""

import sys
import types

__version__ = "0.1.0"

_API = ("coverage", "align", "compare", "segment", "open_corpus")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


class _Package(types.ModuleType):
    """The package module, keeping its API names for the API functions.

    Importing a submodule binds it as an attribute of its package: the first
    ``import ledelse_cli.coverage`` (anywhere) would make ``ledelse.coverage`` the module, no
    longer the function. The submodules stay importable by their full names
    (``from ledelse_cli.coverage import Coverage``), through ``sys.modules``.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
