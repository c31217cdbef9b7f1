"""Display models of the Numbers page: scopes, periods, cards, mapping changes, targets."""

from __future__ import annotations

from datetime import date

import pytest

from smm_logic.kpis.catalog import kpi_ids
from smm_logic.kpis.cube import build_cube
from smm_logic.kpis.periods import Period, previous_period
from smm_logic.kpis.scope import (
    ALL_GROUPS,
    Analysis,
    Scope,
    analyse,
    default_period,
    scope_options,
)
from smm_logic.kpis.targets import attainment_pct, clean_targets
from smm_logic.outputs.numbers_view import card_context, group_table, kpi_cards
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.text import Lang
from smm_logic.usecases import change_mapping
from tests.builders import xlsx_bytes
from tests.kpi_oracle import compare_periods, compute_kpis, in_scope, rows_in

HEADER = ["Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Лайки", "Комментарии"]


def two_account_report():
    rows: list[list[object]] = [HEADER]
    for day in range(1, 11):
        rows.append([date(2026, 3, day), "VK", "Кофейня", 1000 + day, 500, 10, 1])
        rows.append([date(2026, 3, day), "Telegram", "Кофейня", 300 + day, 200, 30, 3])
    return read_report(xlsx_bytes(rows), "report.xlsx")


def analyse_report(report: Report, scope: Scope, period: Period | None) -> Analysis:
    return analyse(build_cube(report.table), scope, period)


def test_scopes_are_the_whole_report_then_each_group() -> None:
    scopes = scope_options(two_account_report().table)

    assert scopes[0].key == ALL_GROUPS
    assert [scope.label("ru") for scope in scopes] == [
        "Все вместе",
        "VK / Кофейня",
        "Telegram / Кофейня",
    ]


def test_one_group_scope_counts_only_its_rows() -> None:
    report = two_account_report()
    vk = scope_options(report.table)[1]

    analysis = analyse_report(report, vk, None)

    assert analysis.rows == 10
    assert analysis.result.overall["interactions"] == 110


def test_a_narrower_period_is_compared_with_the_same_length_just_before_it() -> None:
    report = two_account_report()

    analysis = analyse_report(
        report, scope_options(report.table)[0], Period(date(2026, 3, 6), date(2026, 3, 10))
    )

    assert analysis.comparison is not None
    assert analysis.comparison.previous_period == Period(date(2026, 3, 1), date(2026, 3, 5))
    assert analysis.rows == 10


def test_the_whole_range_has_no_earlier_period_to_compare_with() -> None:
    report = two_account_report()

    analysis = analyse_report(
        report, scope_options(report.table)[0], Period(date(2026, 3, 1), date(2026, 3, 10))
    )

    assert analysis.comparison is None
    assert analysis.previous_period == Period(date(2026, 2, 19), date(2026, 2, 28))
    assert analysis.rows == 20


def test_a_period_whose_earlier_period_starts_before_the_data_is_not_compared() -> None:
    """March 4–10 would be compared with Feb 25 – Mar 3, but the data starts on Mar 1:
    three days of data must not stand for seven."""
    report = two_account_report()

    analysis = analyse_report(
        report, scope_options(report.table)[0], Period(date(2026, 3, 4), date(2026, 3, 10))
    )

    assert analysis.comparison is None


def cards_of(report: Report, analysis: Analysis, targets: dict[str, float], lang: Lang):
    context = card_context(report, analysis, lang)
    return {
        card.id: card
        for card in kpi_cards(analysis.result.overall, analysis, targets, context, lang)
    }


def test_cards_explain_missing_kpis_by_the_column_that_would_fix_them() -> None:
    report = two_account_report()
    analysis = analyse_report(report, scope_options(report.table)[0], None)

    cards = cards_of(report, analysis, {}, "en")

    assert cards["err_pct"].computable
    assert not cards["cpc"].computable
    assert cards["cpc"].value == "—"
    assert "«Spend»" in (cards["cpc"].missing or "") and "«Clicks»" in (cards["cpc"].missing or "")
    assert "«Impressions» or «Views»" in (cards["ctr_pct"].missing or "")
    assert set(cards) == set(kpi_ids())


def test_cards_show_change_target_and_attainment() -> None:
    report = two_account_report()
    analysis = analyse_report(
        report, scope_options(report.table)[0], Period(date(2026, 3, 6), date(2026, 3, 10))
    )

    cards = cards_of(report, analysis, {"err_pct": 4.0}, "ru")

    err = cards["err_pct"]
    assert err.value == "6,29\u00a0%"
    assert err.attainment == pytest.approx(6.2857142857 / 4 * 100)
    assert err.target is not None and "4\u00a0%" in err.target
    assert err.rating == "met" and err.rating_mark == ":green-badge[:material/check_circle:]"
    # Nothing changed from the five days before: no arrow, no colour.
    assert err.delta == "0 п. п." and err.delta_color == "off"
    assert err.delta_description == "к 1—5 мар."
    # Followers grew, but «followers at end» has no better direction: grey, not green.
    assert cards["followers_end"].delta_color == "off"


def test_group_table_has_a_row_per_account_and_a_column_per_kpi() -> None:
    report = two_account_report()
    analysis = analyse_report(report, scope_options(report.table)[0], None)

    table = group_table(analysis.result, "en")

    assert table.shape == (2, len(kpi_ids()) + 1)
    assert table.iloc[0, 0] == "VK / Кофейня"


def test_remapping_a_column_feeds_the_new_metric_and_leaves_the_old_one_out() -> None:
    assert change_mapping({}, "Охват подписчиков", None, "reach") == {"reach": "Охват подписчиков"}
    assert change_mapping({}, "Охват", "reach", None) == {"reach": None}
    assert change_mapping({}, "Просмотры", "views", "reach") == {
        "reach": "Просмотры",
        "views": None,
    }
    assert change_mapping({"reach": "X"}, "Охват", "reach", "reach") == {"reach": "X"}


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (3.0, 2.0, "higher", 150.0),
        (1.0, 2.0, "lower", 200.0),
        (4.0, 2.0, "lower", 50.0),
        (None, 2.0, "higher", None),
        (3.0, 0.0, "higher", None),
        (0.0, 2.0, "lower", None),
        (3.0, 2.0, "none", None),
    ],
)
def test_attainment_is_value_over_target_or_target_over_value(
    value: float | None, target: float, direction: str, expected: float | None
) -> None:
    assert attainment_pct(value, target, direction) == expected  # type: ignore[arg-type]


def test_only_finite_numeric_targets_of_known_kpis_are_kept() -> None:
    raw = {
        "err_pct": 3,
        "cpc": "abc",
        "bogus": 1.0,
        "cpl": float("nan"),
        "romi_pct": None,
        "ctr_pct": "1.5",
    }

    assert clean_targets(raw) == {"err_pct": 3.0, "ctr_pct": 1.5}


def test_scopes_and_range_of_the_cube_are_those_of_the_table() -> None:
    table = two_account_report().table
    cube = build_cube(table)

    assert scope_options(cube) == scope_options(table)
    assert default_period(cube) == default_period(table) == (date(2026, 3, 1), date(2026, 3, 10))


@pytest.mark.parametrize(
    "period",
    [None, Period(date(2026, 3, 1), date(2026, 3, 10)), Period(date(2026, 3, 6), date(2026, 3, 9))],
)
@pytest.mark.parametrize("scope_index", [0, 1, 2])
def test_analysis_from_the_cube_equals_kpis_of_the_selected_rows(
    period: Period | None, scope_index: int
) -> None:
    report = two_account_report()
    scope = scope_options(report.table)[scope_index]

    analysis = analyse_report(report, scope, period)

    scoped = in_scope(report.table, scope)
    selected = scoped if analysis.rows_period is None else rows_in(scoped, analysis.rows_period)
    assert analysis.rows == len(selected)
    assert analysis.result == compute_kpis(selected)
    if analysis.rows_period is None:  # the whole range: nothing before it
        assert analysis.comparison is None
        return
    assert analysis.comparison is not None
    expected = compare_periods(scoped, previous_period(analysis.rows_period), analysis.rows_period)
    assert analysis.comparison == expected


def test_a_negative_share_above_100_percent_is_an_error_in_the_data_not_a_rating() -> None:
    rows: list[list[object]] = [["Дата", "Комментарии", "Негативные комментарии"]]
    rows += [[date(2026, 3, 1), 10, 30], [date(2026, 3, 2), 10, 2]]
    report = read_report(xlsx_bytes(rows), "r.xlsx")
    analysis = analyse_report(report, scope_options(report.table)[0], None)

    negative = cards_of(report, analysis, {}, "en")["negative_share_pct"]

    assert negative.issue is not None and "error in the data" in negative.issue
    assert negative.rating == "none"


def test_a_kpi_the_earlier_period_cannot_compute_says_no_data_for_that_period() -> None:
    rows: list[list[object]] = [["Дата", "Охват", "Лайки"]]
    rows += [[date(2026, 3, day), None if day <= 5 else 500, 10] for day in range(1, 11)]
    report = read_report(xlsx_bytes(rows), "r.xlsx")
    analysis = analyse_report(
        report, scope_options(report.table)[0], Period(date(2026, 3, 6), date(2026, 3, 10))
    )

    cards = cards_of(report, analysis, {}, "en")

    err = cards["err_pct"]  # no reach on 1–5 March: no ERR to compare with
    assert (err.delta, err.delta_color, err.delta_arrow) == ("no data", "off", "off")
    assert err.delta_description is not None and err.delta_description.startswith("for Mar 1")
    assert cards["interactions"].delta == "0.0%"
