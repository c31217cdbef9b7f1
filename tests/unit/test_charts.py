"""Chart builders: absent inputs, the point budget, bucketing rules, languages, valid specs."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

from smm_logic.kpis.catalog import kpi_catalog, kpi_ids
from smm_logic.outputs.charts import (
    CHART_BUILDERS,
    DRAWN_POINTS,
    MAX_POINTS,
    bucket_starts,
    choose_frequency,
    dimension_chart,
    engagement_chart,
    followers_chart,
    funnel_chart,
    kpi_vs_target_chart,
    negative_chart,
    resample,
)
from smm_logic.report.ingest import read_report
from smm_logic.text import LANGUAGES, Lang
from tests.builders import xlsx_bytes
from tests.kpi_oracle import compute_kpis

TIME_CHARTS = {
    "followers": followers_chart,
    "engagement": engagement_chart,
    "negative": negative_chart,
}
TABLE_CHARTS = {**TIME_CHARTS, "funnel": funnel_chart}


def make_table(
    dates: Sequence[object],
    groups: Sequence[tuple[str | None, str | None]] | None = None,
    **columns: Sequence[float | None],
) -> pd.DataFrame:
    """A canonical table like ``Report.table``, sorted by group and then by date."""
    length = len(dates)
    pairs = list(groups) if groups is not None else [(None, None)] * length
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series(dates, dtype=object), format="ISO8601"),
            "platform": pd.Series([p for p, _ in pairs], dtype=object),
            "account": pd.Series([a for _, a in pairs], dtype=object),
        }
    )
    for name, values in columns.items():
        frame[name] = pd.Series(values, dtype=float)
    frame["sheet"] = "Sheet"
    frame["row"] = range(2, length + 2)
    return frame


def generated_table(rows: int, days: int, groups: int, seed: int = 7) -> pd.DataFrame:
    """A random report: ``rows`` rows over ``days`` days and ``groups`` accounts, with gaps."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, rows)
    day = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, days, rows), unit="D")
    hours = pd.to_timedelta(rng.integers(0, 24, rows), unit="h")

    def gappy(values: np.ndarray, share: float = 0.1) -> np.ndarray:
        return np.where(rng.random(rows) < share, np.nan, values)

    frame = pd.DataFrame(
        {
            "date": day + hours,
            "platform": np.where(group % 2 == 0, "VK", "Telegram"),
            "account": [f"account {g}" for g in group],
            "followers": gappy(1_000 + group * 100 + rng.integers(0, 50, rows).astype(float)),
            "posts": 1.0,
            "reach": gappy(rng.integers(100, 1_000, rows).astype(float)),
            "likes": gappy(rng.integers(0, 60, rows).astype(float)),
            "comments": gappy(rng.integers(0, 8, rows).astype(float)),
            "shares": rng.integers(0, 5, rows).astype(float),
            "negative_comments": gappy(rng.integers(0, 2, rows).astype(float), 0.3),
            "response_time": gappy(rng.uniform(0.1, 12, rows), 0.5),
            "clicks": rng.integers(0, 20, rows).astype(float),
            "leads": rng.integers(0, 3, rows).astype(float),
            "sales": rng.integers(0, 2, rows).astype(float),
        }
    )
    frame = frame.sort_values(["platform", "account", "date"], kind="stable")
    frame = frame.reset_index(drop=True)
    frame["sheet"] = "Sheet"
    frame["row"] = range(2, rows + 2)
    return frame


def spec_of(chart: Any) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict()
    return spec


def dataset_rows(chart: Any) -> list[dict[str, Any]]:
    """Every data row the chart carries, over all its datasets."""
    datasets: Mapping[str, list[dict[str, Any]]] = spec_of(chart).get("datasets", {})
    return [row for rows in datasets.values() for row in rows]


def build_all(table: pd.DataFrame, lang: Lang) -> dict[str, Any]:
    charts: dict[str, Any] = {kind: build(table, lang) for kind, build in TABLE_CHARTS.items()}
    overall = compute_kpis(table).overall
    targets = {"err_pct": 5.0, "negative_share_pct": 10.0, "response_time_median_h": 2.0}
    charts["kpi_vs_target"] = kpi_vs_target_chart(overall, targets, lang)
    return charts


def series_values(chart: Any, series: str) -> dict[pd.Timestamp, float | None]:
    return {
        pd.Timestamp(row["bucket"]): row["value"]
        for row in dataset_rows(chart)
        if row["series"] == series
    }


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def optional(value: object) -> float | None:
    return None if pd.isna(value) else float(value)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def big_table() -> pd.DataFrame:
    return generated_table(rows=200_000, days=3 * 365, groups=20)


@pytest.fixture(scope="module")
def small_table() -> pd.DataFrame:
    return generated_table(rows=600, days=60, groups=3)


# ---------------------------------------------------------------- absent inputs


def test_time_charts_are_none_when_no_row_has_a_date() -> None:
    table = make_table([None, None], followers=[100, 110], likes=[5, 6], comments=[1, 2])

    charts = [build(table, "ru") for build in TIME_CHARTS.values()]

    assert charts == [None, None, None]


def test_followers_chart_is_none_without_followers_values() -> None:
    without_column = make_table(["2026-03-01", "2026-03-02"], likes=[5, 6])
    empty_column = make_table(["2026-03-01", "2026-03-02"], followers=[None, None])

    charts = [followers_chart(without_column, "en"), followers_chart(empty_column, "en")]

    assert charts == [None, None]


def test_engagement_chart_is_none_without_interactions_or_any_denominator() -> None:
    no_interactions = make_table(["2026-03-01"], followers=[100], reach=[50])
    no_denominator = make_table(["2026-03-01"], likes=[5], comments=[1])

    charts = [engagement_chart(no_interactions, "en"), engagement_chart(no_denominator, "en")]

    assert charts == [None, None]


def test_negative_chart_is_none_without_negative_comments_or_response_time() -> None:
    table = make_table(["2026-03-01", "2026-03-02"], comments=[3, 4], likes=[1, 2])

    chart = negative_chart(table, "ru")

    assert chart is None


def test_funnel_chart_is_none_with_fewer_than_two_stages() -> None:
    table = make_table(["2026-03-01"], reach=[1_000], likes=[5])

    chart = funnel_chart(table, "en")

    assert chart is None


def test_kpi_vs_target_chart_is_none_when_no_target_has_an_attainment() -> None:
    values = {"err_pct": None, "followers_end": 1_000.0, "cpc": 0.0}
    targets = {"err_pct": 5.0, "followers_end": 900.0, "cpc": 10.0}

    chart = kpi_vs_target_chart(values, targets, "ru")

    assert chart is None


# ---------------------------------------------------------------- point budget


def test_choose_frequency_picks_the_finest_bucket_that_fits_the_budget() -> None:
    hundred_days = pd.Series(pd.date_range("2026-01-01", periods=100, freq="D"))
    three_years = pd.Series(pd.date_range("2023-01-01", periods=3 * 365, freq="D"))

    picks = (
        choose_frequency(hundred_days),
        choose_frequency(three_years),
        choose_frequency(three_years, series=2),
        choose_frequency(three_years, series=20),
        choose_frequency(pd.Series([pd.NaT, pd.NaT])),
    )

    assert picks == ("D", "D", "W", "M", "D")


def test_no_chart_carries_more_than_2000_points_for_200k_rows_over_3_years_and_20_groups(
    big_table: pd.DataFrame,
) -> None:
    charts = build_all(big_table, "ru")

    points = {kind: len(dataset_rows(chart)) for kind, chart in charts.items()}

    assert all(chart is not None for chart in charts.values())
    assert max(points.values()) <= MAX_POINTS, points
    assert points["followers"] == 20 * 36  # twenty groups, monthly over three years
    assert points["engagement"] == 2 * big_table["date"].dt.to_period("W").nunique()


def test_too_many_groups_keep_the_largest_ones_and_say_so() -> None:
    groups = [("VK", f"account {i}") for i in range(2_500)]
    table = make_table(["2026-03-01"] * 2_500, groups, followers=list(range(2_500)))

    chart = followers_chart(table, "en")

    rows = dataset_rows(chart)
    assert len(rows) == MAX_POINTS
    assert min(row["value"] for row in rows) == 500
    assert "Showing the 2000 largest of 2500 groups" in spec_of(chart)["title"]["subtitle"]


# ---------------------------------------------------------------- values per bucket


def test_followers_take_the_last_value_of_each_group_in_each_bucket() -> None:
    table = make_table(
        ["2026-03-01 09:00", "2026-03-01 18:00", "2026-03-02 10:00", "2026-03-02 20:00",
         "2026-03-01 12:00", "2026-03-02 12:00", None],
        [("VK", "brand")] * 4 + [("Telegram", None)] * 2 + [("VK", "brand")],
        followers=[100, 105, 110, None, 50, 55, 999],
    )  # fmt: skip

    chart = followers_chart(table, "en")

    assert series_values(chart, "VK / brand") == {
        pd.Timestamp("2026-03-01"): 105,
        pd.Timestamp("2026-03-02"): 110,
    }
    assert series_values(chart, "Telegram") == {
        pd.Timestamp("2026-03-01"): 50,
        pd.Timestamp("2026-03-02"): 55,
    }


def test_weekly_buckets_start_on_monday_and_monthly_ones_on_the_first() -> None:
    dates = pd.Series(
        pd.to_datetime(["2026-03-04 15:30", "2026-03-08", "2026-03-09"], format="ISO8601")
    )

    weeks = bucket_starts(dates, "W").dt.strftime("%Y-%m-%d").tolist()
    months = bucket_starts(dates, "M").dt.strftime("%Y-%m-%d").tolist()

    assert weeks == ["2026-03-02", "2026-03-02", "2026-03-09"]
    assert months == ["2026-03-01"] * 3


def test_resample_gives_every_kpi_of_each_bucket_and_group_as_compute_kpis_does(
    small_table: pd.DataFrame,
) -> None:
    buckets = bucket_starts(small_table["date"], "W")

    overall = resample(small_table, "W")
    per_group = resample(small_table, "W", by_group=True)

    for row in overall.itertuples(index=False):
        expected = compute_kpis(small_table.loc[buckets == row.bucket]).overall
        for kpi in kpi_ids():
            assert same(optional(getattr(row, kpi)), expected[kpi]), (row.bucket, kpi)
    for row in per_group.itertuples(index=False):
        rows = small_table.loc[(buckets == row.bucket) & (small_table["account"] == row.account)]
        expected = compute_kpis(rows).groups[0].kpis
        for kpi in kpi_ids():
            assert same(optional(getattr(row, kpi)), expected[kpi]), (row.bucket, kpi)


def test_engagement_in_each_bucket_equals_compute_kpis_on_that_buckets_rows() -> None:
    table = generated_table(rows=4_000, days=1_200, groups=3)
    buckets = bucket_starts(table["date"], "W")  # 1,200 days × 2 lines do not fit daily

    chart = engagement_chart(table, "en")

    er = series_values(chart, kpi_catalog()["er_followers_pct"].name.render("en"))
    err = series_values(chart, kpi_catalog()["err_pct"].name.render("en"))
    assert set(er) == set(err) == set(buckets.unique())
    for bucket, value in er.items():
        expected = compute_kpis(table.loc[buckets == bucket]).overall
        assert same(value, expected["er_followers_pct"]), bucket
        assert same(err[bucket], expected["err_pct"]), bucket


def test_negative_share_and_response_time_per_bucket_equal_compute_kpis(
    small_table: pd.DataFrame,
) -> None:
    buckets = bucket_starts(small_table["date"], "D")

    chart = negative_chart(small_table, "ru")

    share = series_values(chart, kpi_catalog()["negative_share_pct"].name.render("ru"))
    hours = series_values(chart, kpi_catalog()["response_time_median_h"].name.render("ru"))
    for bucket in share:
        expected = compute_kpis(small_table.loc[buckets == bucket]).overall
        assert same(share[bucket], expected["negative_share_pct"]), bucket
        assert same(hours[bucket], expected["response_time_median_h"]), bucket


def test_a_bucket_without_the_inputs_stays_missing_instead_of_zero() -> None:
    table = make_table(
        ["2026-03-01", "2026-03-02", "2026-03-03"],
        followers=[100, 100, 100],
        likes=[5, 6, 7],
        reach=[50, None, 70],
    )

    chart = engagement_chart(table, "en")

    err = series_values(chart, kpi_catalog()["err_pct"].name.render("en"))
    assert err == {
        pd.Timestamp("2026-03-01"): 10.0,
        pd.Timestamp("2026-03-02"): None,
        pd.Timestamp("2026-03-03"): 10.0,
    }


# ---------------------------------------------------------------- funnel and targets


def test_funnel_keeps_stage_order_and_labels_each_step_conversion() -> None:
    table = make_table(
        ["2026-03-01", "2026-03-02"], reach=[600, 400], clicks=[60, 40], leads=[5, 5]
    )

    chart = funnel_chart(table, "ru")

    rows = dataset_rows(chart)
    spec = spec_of(chart)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["Охват", "Клики", "Лиды"]
    assert [row["stage"] for row in rows] == ["Охват", "Клики", "Лиды"]
    assert [row["label"] for row in rows] == [
        "1\u00a0000",
        "100 · 10,0\u00a0% от предыдущего",
        "10 · 10,0\u00a0% от предыдущего",
    ]


def test_funnel_skips_an_absent_stage_and_converts_from_the_previous_present_one() -> None:
    table = make_table(["2026-03-01"], reach=[2_000], sales=[10])

    chart = funnel_chart(table, "en")

    rows = dataset_rows(chart)
    assert [(row["stage"], row["conversion_text"]) for row in rows] == [
        ("Reach", ""),
        ("Sales", "0.5%"),
    ]


def test_dimension_chart_draws_each_score_on_a_fixed_0_to_100_axis() -> None:
    chart = dimension_chart([("Цели и стратегия", 82.4), ("Общение с аудиторией", 41.0)], "ru")

    spec = chart.to_dict() if chart is not None else {}

    rows = next(iter(spec["datasets"].values()))
    assert [row["score_text"] for row in rows] == ["82", "41"]
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert "Общение с аудиторией" in [row["dimension"] for row in rows]
    assert dimension_chart([], "en") is None


def test_kpi_vs_target_marks_met_targets_and_draws_a_rule_at_100() -> None:
    values = {"err_pct": 6.0, "cpc": 20.0, "followers_end": 1_000.0}
    targets = {"cpc": 10.0, "err_pct": 5.0, "followers_end": 900.0, "unknown": 1.0}

    chart = kpi_vs_target_chart(values, targets, "en")

    spec = spec_of(chart)
    rows = [row for row in dataset_rows(chart) if "kpi" in row]
    assert [(row["kpi"], row["attainment"], row["status"]) for row in rows] == [
        ("ERR (by reach)", pytest.approx(120.0), "Target met"),
        ("Cost per click (CPC)", pytest.approx(50.0), "Below target"),
    ]
    assert spec["layer"][2]["mark"]["type"] == "rule"
    assert [row for row in dataset_rows(chart) if "line" in row] == [{"line": 100.0}]


# ---------------------------------------------------------------- languages and specs


def test_every_builder_is_registered_and_gives_valid_vega_lite_in_both_languages(
    small_table: pd.DataFrame,
) -> None:
    charts = {lang: build_all(small_table, lang) for lang in LANGUAGES}

    specs = {
        lang: {kind: spec_of(c) for kind, c in built.items()} for lang, built in charts.items()
    }

    assert set(CHART_BUILDERS) == set(charts["ru"])
    for lang in LANGUAGES:
        for kind, spec in specs[lang].items():
            assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), kind
            assert "chart." not in json.dumps(spec, ensure_ascii=False), kind


def test_russian_and_english_titles_differ_for_every_chart(small_table: pd.DataFrame) -> None:
    ru, en = build_all(small_table, "ru"), build_all(small_table, "en")

    titles = {kind: (spec_of(ru[kind])["title"], spec_of(en[kind])["title"]) for kind in ru}

    for kind, (title_ru, title_en) in titles.items():
        assert title_ru["text"] != title_en["text"], kind
        assert title_ru["subtitle"] != title_en["subtitle"], kind


def test_dates_and_numbers_are_formatted_for_the_language(small_table: pd.DataFrame) -> None:
    ru, en = (
        spec_of(followers_chart(small_table, "ru")),
        spec_of(followers_chart(small_table, "en")),
    )

    formats = [spec["encoding"]["x"]["axis"]["format"]["date"] for spec in (ru, en)]
    decimals = [spec["config"]["locale"]["number"]["decimal"] for spec in (ru, en)]

    assert formats == ["%d.%m", "%b %d"]
    assert decimals == [",", "."]
    assert ru["config"]["locale"]["time"]["months"][2] == "март"
    assert ru["encoding"]["x"]["axis"]["title"] == "День"


def test_a_report_read_from_a_workbook_charts_its_followers_and_keeps_names_as_data() -> None:
    rows = [
        ["Дата", "Платформа", "Аккаунт", "Подписчики", "Лайки"],
        ["01.03.2026", "VK", "<b>Кафе</b>", 1_000, 10],
        ["02.03.2026", "VK", "<b>Кафе</b>", 1_010, 12],
    ]
    table = read_report(xlsx_bytes(rows), "r.xlsx").table

    chart = followers_chart(table, "ru")

    assert series_values(chart, "VK / <b>Кафе</b>") == {
        pd.Timestamp("2026-03-01"): 1_000,
        pd.Timestamp("2026-03-02"): 1_010,
    }


def test_a_report_with_one_row_a_month_is_drawn_by_month_not_as_days() -> None:
    months = [f"2026-{month:02d}-01" for month in range(1, 7)]
    table = make_table(months, likes=[100.0] * 6, comments=[10.0] * 6, reach=[1000.0] * 6)

    chart = engagement_chart(table, "en")

    assert chart is not None
    spec = spec_of(chart)
    assert "per month" in " ".join(spec["title"]["subtitle"])
    periods = {row["period"] for row in dataset_rows(chart)}
    assert periods == {
        f"{name} 2026" for name in ("January", "February", "March", "April", "May", "June")
    }
    assert choose_frequency(pd.Series(pd.to_datetime(months))) == "M"


def test_a_day_with_more_negatives_than_comments_is_a_data_note_not_a_point() -> None:
    days = ["2026-03-01", "2026-03-02", "2026-03-03"]
    # On 2 March the negatives (30) exceed the comments (10): 300 % is not a share.
    table = make_table(days, comments=[20.0, 10.0, 20.0], negative_comments=[2.0, 30.0, 4.0])

    chart = negative_chart(table, "en")

    assert chart is not None
    shares = series_values(chart, kpi_catalog()["negative_share_pct"].name.render("en"))
    assert shares[pd.Timestamp("2026-03-02")] is None  # a gap in the line, not 300 %
    assert [shares[pd.Timestamp(day)] for day in ("2026-03-01", "2026-03-03")] == [10.0, 20.0]
    subtitle = " ".join(spec_of(chart)["title"]["subtitle"])
    assert "more negative comments than comments" in subtitle and subtitle.endswith(": 1")


def test_the_subtitle_names_only_the_kpis_drawn() -> None:
    days = ["2026-03-01", "2026-03-02"]
    table = make_table(days, comments=[20.0, 10.0], negative_comments=[2.0, 3.0])

    chart = negative_chart(table, "en")

    assert chart is not None
    subtitle = spec_of(chart)["title"]["subtitle"][0]
    assert subtitle.startswith("Negative share per day")
    assert "response" not in subtitle.lower()


def test_a_year_by_day_is_drawn_by_week_and_a_quarter_by_day() -> None:
    """Lines are drawn with at most about ``DRAWN_POINTS`` points: a year of days is
    366 points a line, more than a page-wide chart shows apart, so it is drawn by week;
    a quarter still is by day."""
    year = [str(day.date()) for day in pd.date_range("2025-01-01", "2025-12-31")]
    quarter = year[:90]
    shown = {}
    for name, days in (("year", year), ("quarter", quarter)):
        table = make_table(days, reach=[1000.0] * len(days), likes=[50.0] * len(days))
        shown[name] = len(dataset_rows(engagement_chart(table, "en")))

    # ERR alone is drawn (no followers); the buckets are sized for the chart's two lines.
    assert shown == {"year": 53, "quarter": 90}
    assert 2 * 53 <= DRAWN_POINTS < 2 * 366


def test_a_followers_chart_of_many_accounts_grows_with_its_legend() -> None:
    """Each account is a legend line under the plot: twelve of them must not squeeze
    the plot, so the chart grows a line's height per account beyond two."""
    few = make_table(["2026-03-01", "2026-03-02"] * 2, [("VK", "a")] * 2 + [("VK", "b")] * 2,
                     followers=[100, 110, 200, 210])  # fmt: skip
    groups = [("VK", f"shop {n}") for n in range(12) for _ in range(2)]
    many = make_table(["2026-03-01", "2026-03-02"] * 12, groups, followers=[100.0, 110.0] * 12)

    heights = [spec_of(followers_chart(table, "en"))["height"] for table in (few, many)]

    assert heights[1] - heights[0] == 10 * 30
