"""Rows as records (one dict per row) and, when pandas is installed, DataFrames."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Record = dict[str, Any]


def records(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[Record]:
    """One dict per row, keyed by the header."""
    return [dict(zip(header, row, strict=True)) for row in rows]


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
