"""The typed-in table of the Numbers page: its blank start and its rows for the engine."""

from __future__ import annotations

import pandas as pd

from smm_logic.report.headers import metrics
from smm_logic.text import Lang


def blank_manual_table() -> pd.DataFrame:
    """Five empty rows of every metric, typed as the engine reads them."""
    columns: dict[str, pd.Series] = {}
    for metric in metrics().values():
        if metric.kind == "date":
            columns[metric.id] = pd.Series([pd.NaT] * 5, dtype="datetime64[ns]")
        elif metric.kind == "text":
            columns[metric.id] = pd.Series([None] * 5, dtype=object)
        else:
            columns[metric.id] = pd.Series([None] * 5, dtype=float)
    return pd.DataFrame(columns)


def manual_rows(table: pd.DataFrame, lang: Lang) -> list[list[object]]:
    """The typed table as rows under localized headers, for the same engine as files."""
    header: list[object] = [metrics()[column].name.render(lang) for column in table.columns]
    rows: list[list[object]] = [header]
    for record in table.itertuples(index=False):
        cells: list[object] = []
        for value in record:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
            elif isinstance(value, pd.Timestamp):
                cells.append(value.to_pydatetime())
            else:
                cells.append(value)
        if any(cell not in (None, "") for cell in cells):
            rows.append(cells)
    return rows
