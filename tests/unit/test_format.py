"""Numbers as readers of each language expect them."""

from __future__ import annotations

import pytest

from smm_logic.format import format_kpi


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (1234.5, "percent", "ru", "1\u00a0234,5\u00a0%"),
        (1234.5, "percent", "en", "1,234.5%"),
        (12026.0, "count", "ru", "12\u00a0026"),
        (12026.0, "count", "en", "12,026"),
        (13.75, "hours", "en", "13.8\u00a0h"),
        (0.94256, "money", "ru", "0,94"),
        (0.0005, "percent", "en", "0.0005%"),
        (None, "percent", "ru", "нет данных"),
    ],
)
def test_kpi_values_are_formatted_for_the_language(
    value: float | None, unit: str, lang: str, expected: str
) -> None:
    assert format_kpi(value, unit, lang) == expected  # type: ignore[arg-type]
