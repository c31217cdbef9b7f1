"""What a KPI card says beyond its value: changes, rating, formula with numbers, money."""

from __future__ import annotations

from datetime import date

import pytest

from smm_logic.kpis.benchmarks import Band
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.compare import KpiChange, kpi_change
from smm_logic.kpis.cube import build_cube, whole_aggregates
from smm_logic.outputs.kpi_explain import (
    Inputs,
    band_rating,
    change_delta,
    format_value,
    formula_with_numbers,
    rating,
    report_currency,
)
from smm_logic.report.ingest import read_report
from smm_logic.text import Text
from tests.builders import xlsx_bytes

CATALOG = kpi_catalog()


def test_a_rate_changes_in_percentage_points_not_percent() -> None:
    change = kpi_change(2.0, 2.5)  # ER 2 % → 2.5 %: +0.5 pp, which is +25 %

    assert change_delta(change, CATALOG["er_followers_pct"], "ru").text == "+0,5 п. п."  # type: ignore[union-attr]
    assert change_delta(change, CATALOG["er_followers_pct"], "en").text == "+0.5 pp"  # type: ignore[union-attr]


def test_counts_and_money_change_in_percent_of_the_earlier_value() -> None:
    assert change_delta(kpi_change(1000, 1200), CATALOG["interactions"], "en").text == "+20.0%"  # type: ignore[union-attr]
    cheaper = change_delta(kpi_change(20.0, 15.0), CATALOG["cpc"], "ru")
    assert cheaper is not None and cheaper.text == "-25,0\u00a0%"


def test_the_change_is_coloured_by_the_kpis_better_direction() -> None:
    cheaper = change_delta(kpi_change(20.0, 15.0), CATALOG["cpc"], "en")
    more = change_delta(kpi_change(1000, 1200), CATALOG["interactions"], "en")

    assert cheaper is not None and cheaper.color == "inverse"  # down is good: green
    assert more is not None and more.color == "normal"


def test_a_change_of_a_kpi_without_a_better_direction_or_no_change_is_not_red() -> None:
    fewer = change_delta(kpi_change(5000, 4000), CATALOG["followers_end"], "en")
    same = change_delta(kpi_change(2.0, 2.0), CATALOG["err_pct"], "en")

    assert fewer is not None and fewer.color == "off"
    assert same is not None and (same.text, same.color, same.arrow) == ("0 pp", "off", "off")


def test_without_an_earlier_value_the_card_says_so_instead_of_a_number() -> None:
    delta = change_delta(KpiChange(None, 3.0, None, None), CATALOG["err_pct"], "en")

    assert delta is not None and delta.text == "no data" and delta.color == "off"
    assert change_delta(KpiChange(3.0, None, None, None), CATALOG["err_pct"], "en") is None


def band(kpi: str, weak: float | None, good: float | None, *, per_month: bool = False) -> Band:
    empty = Text("", "")
    return Band(kpi, weak, good, CATALOG[kpi].direction, empty, empty, empty, empty, per_month)


def test_a_target_comes_first_then_the_band_then_nothing() -> None:
    er = band("er_followers_pct", 1.0, 2.0)

    assert rating(120.0, 0.5, er, None) == "met"  # the company's target beats the band
    assert rating(80.0, 3.0, er, None) == "missed"
    assert rating(None, 3.0, er, None) == "good"
    assert rating(None, 1.5, er, None) == "typical"
    assert rating(None, 0.5, er, None) == "weak"
    assert rating(None, 0.5, None, None) == "none"
    assert rating(None, None, er, None) == "none"


def test_lower_is_better_bands_read_the_other_way() -> None:
    reply = band("response_time_median_h", 24.0, 4.0)

    assert band_rating(2.0, reply, None) == "good"
    assert band_rating(10.0, reply, None) == "typical"
    assert band_rating(30.0, reply, None) == "weak"


def test_a_band_per_month_rates_the_periods_value_as_a_month() -> None:
    growth = band("follower_growth_pct", 1.0, 3.0, per_month=True)

    # 6 % over 91 days is about 2 % a month: typical, not good.
    assert band_rating(6.0, growth, 91.0) == "typical"
    assert band_rating(6.0, growth, 30.44) == "good"


HEADER = ["Дата", "Публикации", "Подписчики", "Лайки", "Комментарии", "Репосты", "Охват"]


def one_account(*more: list[object]) -> Inputs:
    rows: list[list[object]] = [
        HEADER,
        [date(2026, 3, 1), 10, 4900, 400, 30, 10, 2000],
        [date(2026, 3, 2), 10, 5000, 400, 25, 15, 2000],
        [date(2026, 3, 3), 10, 5100, 400, 25, 15, 2000],
        *more,
    ]
    cube = build_cube(read_report(xlsx_bytes(rows), "r.xlsx").table)
    return Inputs(whole_aggregates(cube), groups=1, responses=0)


def test_the_formula_is_shown_with_the_users_own_numbers() -> None:
    inputs = one_account()
    er = CATALOG["er_followers_pct"]
    # (1 200 + 80 + 40) / 30 / 5 000 × 100 = 0.88 %
    text = formula_with_numbers(er, 0.88, inputs, "en", None)

    assert text == (
        "(likes 1,200 + comments 80 + shares 40) / posts 30 / average followers 5,000 × 100 = 0.88%"
    )
    ru = formula_with_numbers(er, 0.88, inputs, "ru", None)
    assert ru is not None and ru.startswith("(лайки 1\u00a0200 + комментарии 80 + репосты 40)")


def test_the_formula_with_numbers_names_the_denominator_of_a_ratio() -> None:
    inputs = one_account()

    err = formula_with_numbers(CATALOG["err_pct"], 22.0, inputs, "en", None)
    growth = formula_with_numbers(CATALOG["follower_growth_pct"], 4.08, inputs, "en", None)

    assert err is not None and err.endswith("/ reach 6,000 × 100 = 22.0%")
    assert growth == (
        "(followers at end 5,100 − followers at start 4,900) / followers at start 4,900"
        " × 100 = 4.08%"
    )


def test_a_kpi_without_a_value_has_no_formula_with_numbers() -> None:
    assert formula_with_numbers(CATALOG["cpc"], None, one_account(), "en", "$") is None


@pytest.mark.parametrize(
    ("header", "currency"),
    [("Расход, руб.", "₽"), ("Amount spent (USD)", "$"), ("Расход, AMD", "AMD"), ("Расход", None)],
)
def test_the_currency_is_the_one_the_money_columns_name(header: str, currency: str | None) -> None:
    rows = [["Дата", header, "Клики"], [date(2026, 3, 1), 100, 10]]

    assert report_currency(read_report(xlsx_bytes(rows), "r.xlsx")) == currency


def test_money_is_written_in_the_reports_currency() -> None:
    assert format_value(12.5, "money", "ru", "₽") == "12,50\u00a0₽"
    assert format_value(12.5, "money", "en", "$") == "$12.50"
    assert format_value(12.5, "money", "en", "AMD") == "12.50\u00a0AMD"
    assert format_value(12.5, "money", "en", None) == "12.50"
    assert format_value(2.5, "percent", "en", "$") == "2.5%"
