"""AppTest of the Numbers page's changes, ratings, targets per month and the export of
exactly the selection shown."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from shell.session import LANG, PERIOD, SCOPE
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.periods import Period
from smm_logic.outputs.kpi_explain import format_span
from tests.app.test_numbers_page import numbers_page, type_target, upload
from tests.builders import xlsx_bytes

FEBRUARY = date(2026, 2, 1)
HEADER = [
    "Дата",
    "Платформа",
    "Аккаунт",
    "Публикации",
    "Подписчики",
    "Охват",
    "Лайки",
    "Комментарии",
]


def two_months() -> bytes:
    """1 February – 31 March, two accounts; March has more likes than February."""
    rows: list[list[object]] = [HEADER]
    for offset in range(59):
        day = FEBRUARY + timedelta(days=offset)
        likes = 20 if day.month == 2 else 30
        rows.append([day, "VK", "Кофейня", 1, 1000 + offset, 500, likes, 2])
        rows.append([day, "Telegram", "Кофейня", 1, 400 + offset, 200, 10, 1])
    return xlsx_bytes(rows)


def card(app: AppTest, kpi: str, lang: str = "en") -> Any:
    label = kpi_catalog()[kpi].name.render(lang)  # type: ignore[arg-type]
    found = [
        metric for metric in app.metric if metric.label.endswith(label)
    ]  # after the rating's mark
    assert found, f"no card {label}"
    return found[0]


def choose_march(app: AppTest) -> AppTest:
    app.date_input(key=PERIOD).set_value((date(2026, 3, 1), date(2026, 3, 31))).run()
    assert not app.exception
    return app


def span(start: date, end: date, lang: str) -> str:
    return format_span(Period(start, end), lang)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "vs", "points", "changes"),
    [
        ("en", "vs {}", " pp", "Changes: {} against {}"),
        ("ru", "к {}", " п. п.", "Изменения: {} против {}"),
    ],
)
def test_a_month_is_compared_with_the_month_before_and_says_so(
    lang: str, vs: str, points: str, changes: str
) -> None:
    app = choose_march(upload(numbers_page(), "two.xlsx", two_months()))
    # As in test_language_switch…: the sidebar's switch, through its state key.
    app.session_state[LANG] = lang
    app.run()

    february = span(date(2026, 2, 1), date(2026, 2, 28), lang)
    march = span(date(2026, 3, 1), date(2026, 3, 31), lang)
    assert any(c.value.startswith(changes.format(march, february)) for c in app.caption)
    interactions = card(app, "interactions", lang)
    # 31 × (30 + 2 + 10 + 1) against 28 × (20 + 2 + 10 + 1): +44.3 %, in % of February.
    assert interactions.delta.startswith("+44")
    assert interactions.delta.endswith("%")
    assert interactions.proto.delta_description == vs.format(february)
    # A rate changes in percentage points.
    err = card(app, "err_pct", lang)
    assert err.delta.endswith(points) and err.delta.startswith("+")
    assert err.proto.delta_description == vs.format(february)


def test_the_whole_range_says_there_is_nothing_earlier_to_compare_with() -> None:
    app = upload(numbers_page(), "two.xlsx", two_months())

    assert any(c.value.startswith("Nothing to compare with") for c in app.caption)
    assert not card(app, "interactions").delta  # no number where there is nothing to compare


def test_a_count_target_per_month_is_scaled_to_the_period_chosen() -> None:
    app = choose_march(upload(numbers_page(), "two.xlsx", two_months()))
    type_target(app, "interactions", 1000.0)

    assert not app.exception
    # 1 000 a month → 1 018 for the 31 days of March; 31 × 43 = 1 333 interactions.
    lines = [c.value for c in app.caption if c.value.startswith("Target 1,000 a month")]
    assert lines == ["Target 1,000 a month → 1,018 for 31 days · 130.89% attained"]
    met = card(app, "interactions")
    assert met.label.startswith(":green-badge[:material/check_circle:]")
    assert met.help.startswith(
        ":green-badge[:material/check_circle:] **Target met.** Target 1,000 a month"
    )


def test_the_export_covers_exactly_the_accounts_and_period_chosen(
    downloads: dict[str, bytes],
) -> None:
    app = choose_march(upload(numbers_page(), "two.xlsx", two_months()))
    app.selectbox(key=SCOPE).set_value("VK\u241fКофейня").run()

    assert not app.exception
    march = span(date(2026, 3, 1), date(2026, 3, 31), "en")
    assert any(f"«VK / Кофейня» for {march}" in c.value for c in app.caption)
    workbook = load_workbook(io.BytesIO(downloads["numbers_export"]))
    for sheet in workbook.worksheets:
        assert "VK / Кофейня" in str(sheet["A1"].value), sheet.title
        assert "Mar 1, 2026 – Mar 31, 2026" in str(sheet["A1"].value), sheet.title
    data = workbook["Data"]
    days = [row[0] for row in data.iter_rows(min_row=3, values_only=True)]
    assert len(days) == 31
    assert min(days).date() == date(2026, 3, 1) and max(days).date() == date(2026, 3, 31)
    assert {row[2] for row in data.iter_rows(min_row=3, values_only=True)} == {"Кофейня"}
    assert {row[1] for row in data.iter_rows(min_row=3, values_only=True)} == {"VK"}
