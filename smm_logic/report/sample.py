"""The bundled sample report: twelve weeks of a coffee-shop chain's SMM, as an agency exports it.

``sample_report_bytes()`` builds the workbook from a fixed seed and fixed dates, so the
same code gives the same file, byte for byte: the committed copy in
``assets/sample_coffee_chain.xlsx`` is regenerated with

    python -m smm_logic.report.sample assets/sample_coffee_chain.xlsx

What is in it (sheet «Отчёт», a title row and a blank row above the header):

- daily rows from 2026-06-01 to 2026-08-23 for VK «Кофейня Зерно», Telegram
  «Зерно | новости» and Instagram «zerno.coffee»;
- organic follower growth, with a paid burst in weeks 5–6 (VK ads, Telegram Ads,
  seeding with Instagram bloggers);
- weekly seasonality: weekends are busier, Sundays quieter for posting;
- a bad week 8 (a price rise and a broken card terminal): many more negative
  comments, slower and fewer replies, some unfollows;
- Telegram has no saves and no impressions: those cells are empty, never 0;
- a handful of cells written as text the way exports write them ("4 812", "—", "12,5");
- an «Итого» row at the bottom.
"""

from __future__ import annotations

import io
import math
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SAMPLE_NAME = "sample_coffee_chain.xlsx"
SHEET_NAME = "Отчёт"
TITLE = "Отчёт по SMM: сеть кофеен «Зерно», 01.06.2026 — 23.08.2026 (ежедневно)"
SEED = 20260601
FIRST_DAY = datetime(2026, 6, 1)
DAYS = 84  # twelve weeks, Monday 2026-06-01 to Sunday 2026-08-23
PAID_DAYS = range(28, 42)  # weeks 5–6: 2026-06-29 .. 2026-07-12
BAD_DAYS = range(49, 56)  # week 8: 2026-07-20 .. 2026-07-26
# Workbook properties and zip entry times: fixed, so the file does not depend on the clock.
FILE_TIME = datetime(2026, 8, 24, 9, 0, 0)

HEADERS = (
    "Дата", "Платформа", "Аккаунт", "Подписчики", "Новые подписчики", "Подписчики из рекламы",
    "Публикации", "Охват", "Просмотры", "Лайки", "Комментарии", "Репосты", "Сохранения",
    "Негативные комментарии", "Ответы на негатив", "Время ответа, мин", "Клики", "Показы",
    "Расход, ₽", "Лиды", "Продажи", "Выручка, ₽",
)  # fmt: skip
# Summed in the «Итого» row (followers and the response time are not sums).
_SUMMED = frozenset(HEADERS[4:15] + HEADERS[16:])
_MONEY = frozenset({"Расход, ₽", "Выручка, ₽"})
NBSP = "\u00a0"

Cell = object
Row = list[Cell]


@dataclass(frozen=True)
class _Account:
    platform: str
    name: str
    followers: int  # on the day before the report starts
    organic_joins: float  # a weekday's organic joins
    paid_joins: float  # a day's paid joins during the burst
    paid_spend: float  # a day's spend during the burst, ₽
    posts: tuple[int, ...]  # posts by weekday, Monday first
    reach_per_post: float  # share of followers reached by one post
    base_reach: float  # share of followers reached on a day without posts (stories, feed)
    views_per_reach: float
    likes: float  # per reach
    comments: float
    shares: float
    saves: float | None  # None: the network does not report saves
    impressions_per_reach: float | None  # None: the network does not report impressions
    click_rate: float  # clicks per reach
    lead_rate: float  # leads per click
    sale_rate: float  # sales per lead
    average_check: float  # ₽


ACCOUNTS = (
    _Account(
        platform="VK", name="Кофейня Зерно", followers=4812, organic_joins=9.0,
        paid_joins=32.0, paid_spend=2200.0, posts=(1, 1, 1, 1, 2, 2, 1),
        reach_per_post=0.17, base_reach=0.03, views_per_reach=1.35, likes=0.046,
        comments=0.0065, shares=0.0042, saves=0.0028, impressions_per_reach=1.6,
        click_rate=0.013, lead_rate=0.09, sale_rate=0.62, average_check=640.0,
    ),
    _Account(
        platform="Telegram", name="Зерно | новости", followers=1936, organic_joins=4.0,
        paid_joins=13.0, paid_spend=1250.0, posts=(1, 1, 1, 1, 2, 1, 1),
        reach_per_post=0.36, base_reach=0.0, views_per_reach=1.18, likes=0.034,
        comments=0.0045, shares=0.0075, saves=None, impressions_per_reach=None,
        click_rate=0.024, lead_rate=0.07, sale_rate=0.7, average_check=560.0,
    ),
    _Account(
        platform="Instagram", name="zerno.coffee", followers=7240, organic_joins=11.0,
        paid_joins=27.0, paid_spend=1600.0, posts=(1, 1, 0, 1, 1, 1, 0),
        reach_per_post=0.21, base_reach=0.05, views_per_reach=2.1, likes=0.061,
        comments=0.0052, shares=0.0081, saves=0.0125, impressions_per_reach=1.75,
        click_rate=0.009, lead_rate=0.08, sale_rate=0.6, average_check=610.0,
    ),
)  # fmt: skip

# Busier weekends, a slow Monday.
_WEEKDAY_FACTOR = (0.9, 0.97, 1.0, 1.02, 1.1, 1.25, 1.15)

# The cells an export writes as text: (day, platform, header) → the text written.
# Built from the generated numbers so that the text says the same thing.
_TEXT_CELLS: tuple[tuple[int, str, str, str], ...] = (
    (2, "VK", "Охват", "spaced"),
    (12, "Instagram", "Просмотры", "nbsp"),
    (16, "Instagram", "Подписчики", "spaced"),
    (30, "VK", "Расход, ₽", "money"),
    (44, "Telegram", "Время ответа, мин", "decimal_comma"),
    (61, "VK", "Время ответа, мин", "decimal_comma"),
    (67, "Telegram", "Лиды", "dash"),
    (75, "Instagram", "Выручка, ₽", "nbsp"),
)


def _noise(rng: random.Random, spread: float) -> float:
    """A multiplicative noise factor around 1 (log-normal, never negative)."""
    return math.exp(rng.gauss(0.0, spread))


def _count(value: float) -> int:
    return max(0, round(value))


def _audience_and_content(
    account: _Account, rng: random.Random, day: int, followers: int
) -> tuple[dict[str, Cell], int, int, int]:
    """One day's followers, joins and posts, reach and engagement; with the day's
    followers, reach and comments, which the rest of the day follows from."""
    weekday = day % 7
    seasonal = _WEEKDAY_FACTOR[weekday]
    paid = day in PAID_DAYS
    bad = day in BAD_DAYS
    # Audience: organic joins grow slowly over the summer; ads add paid joins.
    trend = 1.0 + day / DAYS * 0.35
    organic = _count(account.organic_joins * trend * seasonal * _noise(rng, 0.3))
    paid_joins = _count(account.paid_joins * _noise(rng, 0.25)) if paid else 0
    if bad:
        organic = _count(organic * 0.55)
    unfollows = _count((0.0009 * followers) * _noise(rng, 0.4) * (4.0 if bad else 1.0))
    new = organic + paid_joins
    followers = followers + new - unfollows
    # Content: posts by weekday, now and then one more or one skipped.
    posts = account.posts[weekday]
    if rng.random() < 0.08:
        posts = max(0, posts + rng.choice((-1, 1)))
    share = account.base_reach + account.reach_per_post * posts
    reach = _count(followers * share * seasonal * _noise(rng, 0.18))
    if paid:
        reach += _count(account.paid_spend * 1.4 * _noise(rng, 0.2))
    views = _count(reach * account.views_per_reach * _noise(rng, 0.08))
    likes = _count(reach * account.likes * _noise(rng, 0.2))
    comments = _count(reach * account.comments * _noise(rng, 0.35) * (1.8 if bad else 1.0))
    shares = _count(reach * account.shares * _noise(rng, 0.35))
    saves = None if account.saves is None else _count(reach * account.saves * _noise(rng, 0.3))
    row: dict[str, Cell] = {
        "Дата": FIRST_DAY + timedelta(days=day),
        "Платформа": account.platform,
        "Аккаунт": account.name,
        "Подписчики": followers,
        "Новые подписчики": new,
        "Подписчики из рекламы": paid_joins,
        "Публикации": posts,
        "Охват": reach,
        "Просмотры": views,
        "Лайки": likes,
        "Комментарии": comments,
        "Репосты": shares,
        "Сохранения": saves,
    }
    return row, followers, reach, comments


def _communication_and_traffic(
    account: _Account, rng: random.Random, day: int, reach: int, comments: int
) -> dict[str, Cell]:
    """One day's negative comments and answers, clicks, spend, leads and sales."""
    paid = day in PAID_DAYS
    bad = day in BAD_DAYS
    # Communication: a few complaints, answered fast — except in the bad week.
    negative_rate = 0.32 if bad else 0.05
    negative = min(comments, _count(comments * negative_rate * _noise(rng, 0.5)))
    if bad and negative == 0 and comments:
        negative = 1
    answered_rate = 0.55 if bad else 0.95
    answered = min(negative, _count(negative * answered_rate * _noise(rng, 0.1)))
    if comments:
        median = 260.0 if bad else 24.0
        response: Cell = round(median * _noise(rng, 0.45))
    else:
        response = "—"  # nothing to answer that day
    # Traffic and money.
    clicks = _count(reach * account.click_rate * _noise(rng, 0.25))
    if paid:
        clicks += _count(account.paid_spend / 38 * _noise(rng, 0.2))
    impressions = (
        None
        if account.impressions_per_reach is None
        else _count(reach * account.impressions_per_reach * _noise(rng, 0.06))
    )
    spend = 0.0
    if paid:
        spend = round(account.paid_spend * _noise(rng, 0.15), 2)
    elif day % 7 == 4 and account.platform == "VK":
        spend = 500.0  # the Friday post is boosted
    leads = _count(clicks * account.lead_rate * _noise(rng, 0.35))
    sales = min(leads, _count(leads * account.sale_rate * _noise(rng, 0.2)))
    revenue = round(sales * account.average_check * _noise(rng, 0.15) / 10) * 10
    return {
        "Негативные комментарии": negative,
        "Ответы на негатив": answered,
        "Время ответа, мин": response,
        "Клики": clicks,
        "Показы": impressions,
        "Расход, ₽": spend,
        "Лиды": leads,
        "Продажи": sales,
        "Выручка, ₽": revenue,
    }


def _account_rows(account: _Account, rng: random.Random) -> list[dict[str, Cell]]:
    rows: list[dict[str, Cell]] = []
    followers = account.followers
    for day in range(DAYS):
        row, followers, reach, comments = _audience_and_content(account, rng, day, followers)
        rows.append(row | _communication_and_traffic(account, rng, day, reach, comments))
    return rows


def _as_text(value: Cell, style: str) -> str:
    """A number written the way a Russian export writes it as text."""
    if style == "dash":
        return "—"
    if not isinstance(value, int | float):
        raise ValueError(f"a text cell must replace a number, not {value!r}")
    number = float(value)
    if style == "decimal_comma":  # a duration with a fraction: "12,5"
        return f"{number + 0.5:.1f}".replace(".", ",")
    if style == "money":  # "2 187,40"
        return f"{number:,.2f}".replace(",", " ").replace(".", ",")
    if number < 1000:
        raise ValueError(f"{number:g} has no thousands to separate")
    separator = NBSP if style == "nbsp" else " "
    return f"{round(number):,}".replace(",", separator)


def _records() -> list[list[dict[str, Cell]]]:
    """Each account's daily records, every metric a number (or None where not reported)."""
    rng = random.Random(SEED)
    return [_account_rows(account, rng) for account in ACCOUNTS]


def _in_export_order(per_account: Sequence[Sequence[dict[str, Cell]]]) -> list[Row]:
    """The export lists each day's accounts together, day after day."""
    return [
        [record[header] for header in HEADERS]
        for day in range(DAYS)
        for record in (rows[day] for rows in per_account)
    ]


def sample_rows() -> list[Row]:
    """The data rows (no title, header or total), with the text cells, as written."""
    per_account = _records()
    for day, platform, header, style in _TEXT_CELLS:
        index = next(i for i, a in enumerate(ACCOUNTS) if a.platform == platform)
        record = per_account[index][day]
        record[header] = _as_text(record[header], style)
    return _in_export_order(per_account)


def _total_row() -> Row:
    """«Итого»: the sums of the summable columns, over the numbers before any became text."""
    rows = _in_export_order(_records())
    total: Row = ["Итого", None, None]
    for column, header in enumerate(HEADERS[3:], start=3):
        if header not in _SUMMED:
            total.append(None)
            continue
        numbers = [row[column] for row in rows if isinstance(row[column], int | float)]
        value = sum(numbers)  # type: ignore[arg-type]
        total.append(round(value, 2) if header in _MONEY else value)
    return total


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the xlsx zip with fixed entry times, so equal content gives equal bytes.

    openpyxl stamps the workbook's "modified" property with the time of saving; it is
    set back to ``FILE_TIME`` here.
    """
    out = io.BytesIO()
    stamp = FILE_TIME.timetuple()[:6]
    stamp_text = FILE_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rf"\g<1>{stamp_text}\g<2>".encode(), content)
            target.writestr(info, content)
    return out.getvalue()


def sample_report_bytes() -> bytes:
    """The sample report as .xlsx bytes; the same on every call and every machine."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    rows = sample_rows()
    workbook = Workbook()
    workbook.properties.creator = "Агентство «Пена»"
    workbook.properties.title = TITLE
    workbook.properties.created = FILE_TIME
    workbook.properties.modified = FILE_TIME
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(list(HEADERS))
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(row)
    sheet.append(_total_row())
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, max_row=last):
        for cell in row:
            header = HEADERS[cell.column - 1]
            if header == "Дата" and cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = "DD.MM.YYYY"
            elif header in _MONEY and isinstance(cell.value, int | float):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, int | float):
                cell.number_format = "#,##0"
    widths = {"Дата": 12, "Платформа": 11, "Аккаунт": 18}
    for column, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(header, 13)
    sheet.row_dimensions[3].height = 32
    sheet.freeze_panes = "D4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("usage: python -m smm_logic.report.sample OUT_PATH\n")
        return 2
    Path(args[0]).write_bytes(sample_report_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
