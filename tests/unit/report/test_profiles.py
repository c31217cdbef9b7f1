"""Source profiles (kpi-spec §4): exports recognised by their headers, and what their
ambiguous headers mean. Every file is built here; the KPIs are worked out by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smm_logic.cli import main
from smm_logic.datafile import DataFileError
from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.report.profiles import parse_profiles, profiles
from smm_logic.text import load_data_file
from smm_logic.usecases import score_report
from tests.builders import csv_bytes, xlsx_bytes

YOUTUBE_EN = [
    ["Content", "Video title", "Video publish time", "Views", "Watch time (hours)",
     "Subscribers", "Impressions", "Impressions click-through rate (%)", "Likes", "Dislikes",
     "Comments added", "Shares"],
    ["Total", "", "", 1500, 40.5, 12, 9000, 5.1, 80, 7, 15, 9],
    ["abc", "Latte art", "Apr 16, 2026", 1000, 30.0, 10, 6000, 5.5, 60, 5, 10, 6],
    ["def", "Espresso", "Apr 17, 2026", 500, 10.5, 2, 3000, 4.2, 20, 2, 5, 3],
]  # fmt: skip

YOUTUBE_RU = [
    ["Контент", "Название видео", "Время публикации видео", "Просмотры",
     "Время просмотра (часы)", "Подписчики", "Показы", "CTR для значков видео (%)",
     'Отметки "Нравится"', 'Отметки "Не нравится"', "Добавленные комментарии", "Поделились"],
    ["Итоговое значение", "", "", 1500, 40.5, 12, 9000, 5.1, 80, 7, 15, 9],
    ["abc", "Латте-арт", "16.04.2026", 1000, 30.0, 10, 6000, 5.5, 60, 5, 10, 6],
    ["def", "Эспрессо", "17.04.2026", 500, 10.5, -3, 3000, 4.2, 20, 2, 5, 3],
]  # fmt: skip


def kpis(report: Report) -> dict[str, Any]:
    return dict(score_report(report).overall)


def reason(report: Report, header: str) -> str | None:
    (column,) = [c for c in report.columns if c.header == header]
    return column.reason.key if column.reason else None


def test_the_profiles_file_is_valid_and_names_every_export_family() -> None:
    assert {
        "youtube_studio", "meta_business_suite", "tiktok_studio", "x_activity",
        "vk_community", "vk_posts", "vk_ads", "telegram_summary", "yandex_metrika_utm",
    } <= set(profiles())  # fmt: skip


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"read": {"Subscribers": "subscribers"}}, "is not a metric id"),
        ({"unused": {"Dislikes": "boring"}}, "the reason is one of"),
        ({"identify": []}, "identify must be"),
        ({"name_en": ""}, "name_en is missing"),
    ],
)
def test_a_wrong_profile_is_refused_naming_the_profile(
    change: dict[str, Any], problem: str
) -> None:
    data = load_data_file("profiles.toml")
    data["profile"][0] = {**data["profile"][0], **change}

    with pytest.raises(DataFileError, match=problem) as raised:
        parse_profiles(data)
    assert "youtube_studio" in str(raised.value)


@pytest.mark.parametrize("rows", [YOUTUBE_EN, YOUTUBE_RU], ids=["en", "ru"])
def test_a_youtube_studio_table_reads_subscribers_as_net_change(rows: list[list[object]]) -> None:
    report = read_report(csv_bytes(rows, delimiter=","), "Table data.csv")

    assert report.profile == "youtube_studio"
    assert report.profile_name is not None
    assert report.profile_name.en == "YouTube Studio"
    assert report.mapping["net_followers"] in ("Subscribers", "Подписчики")
    assert "followers" not in report.mapping
    assert report.table["platform"].unique().tolist() == ["YouTube"]
    assert [d.date() for d in report.table["date"]] == [date(2026, 4, 16), date(2026, 4, 17)]
    values = kpis(report)
    # net change: 10 + 2 (EN) or 10 − 3 (RU); the totals row is not counted
    assert report.table["net_followers"].sum() == (12 if rows is YOUTUBE_EN else 7)
    # interactions = likes + comments + shares = (60+20) + (10+5) + (6+3), no dislikes
    assert values["interactions"] == 104
    dislikes = rows[0][9]
    assert reason(report, str(dislikes)) == "unused.profile_dislikes"
    assert reason(report, str(rows[0][7])) == "unused.profile_rate"
    notes = [i.message.key for i in report.issues]
    assert notes[0] == "issue.profile_recognised"
    assert "YouTube Studio" in report.issues[0].render("ru")


def test_a_profile_can_be_forced_off_and_subscribers_are_then_followers() -> None:
    report = read_report(csv_bytes(YOUTUBE_EN, delimiter=","), "t.csv", profile=None)

    assert report.profile is None
    assert report.mapping["followers"] == "Subscribers"


def test_a_profile_can_be_forced_on_a_sheet_that_would_not_show_it() -> None:
    rows = [["Date", "Subscribers", "Views"], ["2026-04-16", 5, 100], ["2026-04-17", -1, 80]]

    assert read_report(csv_bytes(rows, delimiter=","), "t.csv").mapping["followers"]
    report = read_report(csv_bytes(rows, delimiter=","), "t.csv", profile="youtube_studio")

    assert report.profile == "youtube_studio"
    # 5 − 1
    assert report.table["net_followers"].sum() == 4


def test_an_unknown_forced_profile_is_an_error() -> None:
    with pytest.raises(ReportFormatError) as raised:
        read_report(csv_bytes(YOUTUBE_EN, delimiter=","), "t.csv", profile="myspace")
    assert raised.value.code == "unknown_profile"


def test_the_old_plain_tables_recognise_no_profile() -> None:
    rows = [["Дата", "Подписчики", "Охват", "Лайки"], ["01.03.2026", 100, 10, 1]]

    assert read_report(xlsx_bytes(rows), "r.xlsx").profile is None


def test_a_meta_business_suite_post_export_is_dated_by_publish_time_not_lifetime() -> None:
    rows = [
        ["Post ID", "Page ID", "Page name", "Title", "Publish time", "Permalink", "Post type",
         "Date", "Impressions", "Reach", "Reactions, comments and shares", "Reactions",
         "Comments", "Shares", "Total clicks"],
        ["1_1", "1", "Coffee Bean", "Hi", "04/16/2026 08:30", "https://fb.com/1", "Photo",
         "Lifetime", 900, 700, 30, 20, 6, 4, 15],
        ["1_2", "1", "Coffee Bean", "Yo", "04/18/2026 19:05", "https://fb.com/2", "Video",
         "Lifetime", 1100, 800, 18, 10, 5, 3, 9],
    ]  # fmt: skip

    report = read_report(csv_bytes(rows, delimiter=","), "Posts.csv")

    assert report.profile == "meta_business_suite"
    assert report.mapping["date"] == "Publish time"
    assert report.period == (date(2026, 4, 16), date(2026, 4, 18))
    assert report.table["account"].unique().tolist() == ["Coffee Bean"]
    # (20+10) + (6+5) + (4+3); the export's own sum is not read
    assert kpis(report)["interactions"] == 48
    assert report.table["clicks"].sum() == 24


def test_a_meta_business_suite_post_export_in_russian() -> None:
    rows = [
        ["ИД публикации", "Имя пользователя аккаунта", "Время публикации", "Постоянная ссылка",
         "Дата", "Охват", "Отметки «Нравится»", "Комментарии", "Поделились", "Сохранения",
         "Подписки"],
        ["17_1", "coffee", "16.04.2026 08:30", "https://instagram.com/p/1", "Весь период",
         500, 40, 4, 2, 3, 5],
    ]  # fmt: skip

    report = read_report(csv_bytes(rows), "Публикации.csv")

    assert report.profile == "meta_business_suite"
    assert report.period == (date(2026, 4, 16), date(2026, 4, 16))
    # 40 + 4 + 2 + 3
    assert kpis(report)["interactions"] == 49
    assert report.table["new_followers"].tolist() == [5.0]


def test_tiktok_studio_content_uses_totals_columns_and_post_time() -> None:
    rows = [
        ["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments",
         "Total shares", "Total views"],
        ["", "Morning", "https://tiktok.com/v/1", "2026-04-16 08:00", 50, 5, 2, 1000],
        ["", "Evening", "https://tiktok.com/v/2", "2026-04-17 20:00", 30, 1, 0, 400],
    ]  # fmt: skip

    report = read_report(csv_bytes(rows, delimiter=","), "Content.csv")

    assert report.profile == "tiktok_studio"
    assert report.table["platform"].unique().tolist() == ["TikTok"]
    assert report.table["views"].sum() == 1400
    assert kpis(report)["interactions"] == 88  # 80 + 6 + 2


def test_tiktok_followers_difference_is_net_change() -> None:
    rows = [
        ["Date", "Followers", "Difference in followers from previous day"],
        ["2026-04-16", 1000, 3],
        ["2026-04-17", 1004, 4],
    ]

    report = read_report(csv_bytes(rows, delimiter=","), "Followers.csv")

    assert report.profile == "tiktok_studio"
    assert kpis(report)["followers_net_change"] == 4  # 1004 − 1000


def test_x_activity_reads_time_reposts_and_url_clicks_and_not_the_rate() -> None:
    rows = [
        ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements",
         "engagement rate", "retweets", "replies", "likes", "url clicks"],
        ["1", "https://x.com/a/1", "hi", "2026-04-16 08:30 +0000", 1000, 50, 0.05, 4, 3, 20, 7],
        ["2", "https://x.com/a/2", "yo", "2026-04-17 09:00 +0000", 500, 10, 0.02, 1, 0, 5, 2],
    ]  # fmt: skip

    report = read_report(csv_bytes(rows, delimiter=","), "tweet_activity.csv")

    assert report.profile == "x_activity"
    assert report.mapping["date"] == "time"
    assert reason(report, "engagement rate") == "unused.profile_rate"
    assert kpis(report)["interactions"] == 33  # likes 25 + replies 3 + retweets 5
    assert report.table["clicks"].sum() == 9


def test_vk_post_statistics_and_community_statistics() -> None:
    posts = [
        ["Ссылка на запись", "Дата публикации", "Охват", "Охват подписчиков", "Виральный охват",
         "Рекламный охват", "Нравится", "Комментарии", "Рассказали друзьям",
         "Вступления в группу"],
        ["https://vk.com/wall-1_1", "16.04.2026", 900, 600, 200, 100, 30, 3, 2, 4],
    ]  # fmt: skip
    community = [
        ["Дата", "Охват", "Охват подписчиков", "Просмотры", "Новые участники",
         "Вышедшие участники", "Рассказали друзьям"],
        ["16.04.2026", 1000, 700, 3000, 12, 2, 5],
        ["17.04.2026", 800, 500, 2000, 3, 4, 1],
    ]  # fmt: skip

    post_report = read_report(xlsx_bytes(posts), "posts.xlsx")
    community_report = read_report(xlsx_bytes(community), "community.xlsx")

    assert post_report.profile == "vk_posts"
    assert post_report.table["reach"].tolist() == [900.0]
    assert kpis(post_report)["interactions"] == 35  # 30 + 3 + 2
    assert community_report.profile == "vk_community"
    assert community_report.table["shares"].sum() == 6
    # net change from joins and leaves: (12 + 3) − (2 + 4)
    table = community_report.table
    assert table["new_followers"].sum() - table["unfollows"].sum() == 9


def test_vk_ads_leaves_its_rates_unsummed() -> None:
    rows = [
        ["Дата", "Кампания", "Показы", "Клики", "CTR", "eCPM", "Потрачено, ₽"],
        ["16.04.2026", "Весна", 10000, 150, 1.5, 120.0, 1200],
        ["17.04.2026", "Весна", 5000, 50, 1.0, 100.0, 500],
    ]

    report = read_report(xlsx_bytes(rows), "ads.xlsx")

    assert report.profile == "vk_ads"
    assert reason(report, "CTR") == "unused.profile_rate"
    assert reason(report, "eCPM") == "unused.profile_rate"
    assert report.table["spend"].sum() == 1700
    # CTR = Σ clicks / Σ impressions × 100 = 200 / 15000 × 100, not 1.5 + 1.0
    assert kpis(report)["ctr_pct"] == pytest.approx(200 / 15000 * 100)


def test_yandex_metrika_utm_reads_sources_as_platforms_and_visits_as_clicks() -> None:
    rows = [
        ["UTM Source", "Визиты", "Посетители", "Отказы", "Глубина просмотра", "Достижения целей"],
        ["Итого и средние", 150, 120, "20 %", 1.8, 9],
        ["vk", 100, 80, "18 %", 2.0, 6],
        ["telegram", 50, 40, "25 %", 1.4, 3],
    ]

    report = read_report(csv_bytes(rows), "utm.csv")

    assert report.profile == "yandex_metrika_utm"
    assert report.table["platform"].tolist() == ["vk", "telegram"]
    assert report.table["clicks"].sum() == 150
    assert report.table["leads"].sum() == 9
    assert reason(report, "Отказы") == "unused.profile_rate"


def test_the_cli_names_the_profile_and_can_force_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Table data.csv"
    path.write_bytes(csv_bytes(YOUTUBE_EN, delimiter=","))

    assert main(["score", str(path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert main(["score", str(path), "--json", "--profile", "none"]) == 0
    plain = json.loads(capsys.readouterr().out)

    assert found["profile"] == "youtube_studio"
    assert found["columns"]["net_followers"] == "Subscribers"
    assert plain["profile"] is None
    assert plain["columns"]["followers"] == "Subscribers"
    assert main(["score", str(path), "--profile", "myspace"]) == 2
    assert "myspace" in capsys.readouterr().err
