"""ledelse: compare Danish and Norwegian public-sector leadership texts at principle level."""

__version__ = "0.1.0"
