"""Results as records (one dict per row) and pandas DataFrames, for notebooks and scripts.

The records of a coverage, an alignment or a comparison are the rows of its long-format CSV
(``--format csv``), with the same columns and values, so ``result.to_pandas()`` and
``pandas.read_csv`` of the CLI's file hold the same numbers. pandas is optional
(``pip install 'ledelse[pandas]'``) and imported only by ``to_pandas``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .align import Alignment
    from .compare import Comparison
    from .coverage import Coverage
    from .refs import Source

Record = dict[str, Any]

SEGMENT_HEADER = ("document", "principle", "number", "title", "role", "lang", "section",
                  "start", "end", "items", "text")


def _records(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[Record]:
    return [dict(zip(header, row, strict=True)) for row in rows]


def coverage_records(cov: Coverage) -> list[Record]:
    """One record per document × point (the long CSV's rows)."""
    from .export import COVERAGE_HEADER, coverage_rows

    return _records(COVERAGE_HEADER, coverage_rows(cov))


def align_records(al: Alignment) -> list[Record]:
    """One record per principle × ranked target point."""
    from .export import ALIGN_HEADER, align_rows

    return _records(ALIGN_HEADER, align_rows(al))


def compare_records(cmp: Comparison) -> list[Record]:
    """One record per best pair, then one per principle found only on one side."""
    from .export import COMPARE_HEADER, compare_rows

    return _records(COMPARE_HEADER, compare_rows(cmp))


def source_records(source: Source) -> list[Record]:
    """One record per principle of every document of a REF (``start``/``end``: its span in
    the document's ``text.txt``; ``items``: how many items it has)."""
    return [
        dict(zip(SEGMENT_HEADER, (d.id, p.id, p.number, p.title, p.role, p.lang, p.section,
                                  p.span[0], p.span[1], len(p.items), p.text), strict=True))
        for d in source.documents for p in d.principles
    ]


def to_pandas(records: list[Record], columns: Sequence[str]) -> Any:
    """A pandas DataFrame of ``records`` (columns in this order, also when there are none).

    Raises:
        ImportError: pandas is not installed; the message says how to install it.
    """
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError(
            "to_pandas() needs pandas, an optional dependency of ledelse: "
            "pip install 'ledelse[pandas]' (or pip install pandas); "
            "to_records() gives the same rows as plain dicts"
        ) from e
    return pd.DataFrame.from_records(records, columns=list(columns))


def columns_of(kind: str) -> tuple[str, ...]:
    """The columns of a kind of result: coverage, align, compare or segment."""
    from .export import ALIGN_HEADER, COMPARE_HEADER, COVERAGE_HEADER

    return {"coverage": COVERAGE_HEADER, "align": ALIGN_HEADER, "compare": COMPARE_HEADER,
            "segment": SEGMENT_HEADER}[kind]
