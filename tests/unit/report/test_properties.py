"""Properties of the engine over generated input (hypothesis).

- arbitrary bytes and arbitrary small tables never raise anything but ReportFormatError;
- KPIs do not change when rows are shuffled within a date (but for those of followers at
  start and end, which follow sheet order), when a report is split over two sheets, or
  when its headers are switched between Russian and English.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_logic.errors import ReportFormatError
from smm_logic.kpis.catalog import KpiValues
from smm_logic.report import ingest
from smm_logic.report.headers import metrics
from smm_logic.report.ingest import read_report
from smm_logic.report.sources.detect import OLE_MAGIC
from smm_logic.usecases import score_report
from tests.builders import csv_bytes, multi_sheet_xlsx, xlsx_bytes

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NUMBER_METRICS = [m for m in metrics().values() if m.kind == "number"]


def _unexpected(message: str, *args: object) -> None:
    raise AssertionError("the engine's catch-all was reached: " + message % args)


def read_or_format_error(data: bytes, name: str) -> None:
    """Read the file; only a ``ReportFormatError`` the engine raised on purpose may come out.

    ``read_report`` turns any other exception into a "damaged" error as a last resort,
    which would make this property pass whatever went wrong: the catch-all logs the
    failure, and here that log is a test failure.
    """
    with patch.object(ingest.log, "exception", _unexpected):
        try:
            read_report(data, name)
        except ReportFormatError as error:
            assert error.render("ru") and error.render("en")


@SETTINGS
@given(
    data=st.binary(max_size=4096), name=st.sampled_from(["r.xlsx", "r.xls", "r.csv", "r.ods", "r"])
)
def test_arbitrary_bytes_raise_nothing_but_report_format_error(data: bytes, name: str) -> None:
    read_or_format_error(data, name)


@SETTINGS
@given(
    magic=st.sampled_from([b"PK\x03\x04", OLE_MAGIC, b"\xef\xbb\xbf", b"<html><table>"]),
    tail=st.binary(max_size=2048),
)
def test_bytes_that_start_like_a_known_format_raise_nothing_else(magic: bytes, tail: bytes) -> None:
    read_or_format_error(magic + tail, "report.xlsx")


def _header_pool() -> list[str]:
    pool = ["Описание", "ER, %", "Ссылка", "", "Итого", "Охват, %", "Время ответа, мин"]
    for metric in metrics().values():
        pool.extend(metric.synonyms[:3])
    return pool


CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "1 234",
            "12,5%",
            "—",
            "n/a",
            "Итого",
            "01.02.2024",
            "09/28/2026",
            "$1,200.50",
            "1:30",
            "Jan 2024",
        ]
    ),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    st.booleans(),
)


@st.composite
def small_tables(draw: st.DrawFn) -> list[list[object]]:
    width = draw(st.integers(min_value=1, max_value=6))
    header = draw(st.lists(st.sampled_from(_header_pool()), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=8))
    title = draw(st.lists(st.lists(CELLS, min_size=1, max_size=2), max_size=2))
    return [*title, header, *rows]


def _excel_safe(cell: object) -> object:
    """openpyxl cannot store every Python value; the file would not exist at all."""
    if isinstance(cell, float) and not math.isfinite(cell):
        return str(cell)
    if isinstance(cell, int) and not isinstance(cell, bool) and abs(cell) > 2**53:
        return str(cell)
    if isinstance(cell, str):
        return "".join(ch for ch in cell if ch.isprintable()) or None
    return cell


@SETTINGS
@given(table=small_tables())
def test_arbitrary_small_tables_raise_nothing_but_report_format_error(
    table: list[list[object]],
) -> None:
    safe = [[_excel_safe(cell) for cell in row] for row in table]

    read_or_format_error(xlsx_bytes(safe), "report.xlsx")
    read_or_format_error(csv_bytes(safe), "report.csv")


# ------------------------------------------------------------- invariance

RU_EN_HEADERS = {
    "date": ("Дата", "Date"),
    "platform": ("Платформа", "Platform"),
    "account": ("Аккаунт", "Account"),
    "followers": ("Подписчики", "Followers"),
    "new_followers": ("Новые подписчики", "New followers"),
    "paid_followers": ("Подписчики из рекламы", "Paid followers"),
    "posts": ("Публикации", "Posts"),
    "reach": ("Охват", "Reach"),
    "views": ("Просмотры", "Views"),
    "likes": ("Лайки", "Likes"),
    "comments": ("Комментарии", "Comments"),
    "shares": ("Репосты", "Shares"),
    "negative_comments": ("Негатив", "Negative comments"),
    "negative_answered": ("Ответы на негатив", "Negative answered"),
    "response_time": ("Время ответа, мин", "Response time (min)"),
    "clicks": ("Клики", "Clicks"),
    "spend": ("Расход, ₽", "Spend (RUB)"),
    "leads": ("Лиды", "Leads"),
    "revenue": ("Выручка", "Revenue"),
}
VALUE = st.one_of(
    st.none(), st.integers(min_value=0, max_value=50_000), st.sampled_from(["—", "1 234", "12,5"])
)


@st.composite
def post_reports(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    """A post-level report: several rows may share a date, two accounts at most."""
    metric_ids = draw(
        st.lists(
            st.sampled_from(sorted(set(RU_EN_HEADERS) - {"date", "platform", "account"})),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    with_accounts = draw(st.booleans())
    columns = ["date", *(["platform", "account"] if with_accounts else []), *metric_ids]
    start = date(2026, 1, 1)
    rows: list[list[object]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=25))):
        day = start + timedelta(days=draw(st.integers(min_value=0, max_value=9)))
        row: list[object] = [day]
        if with_accounts:
            row += ["VK", draw(st.sampled_from(["Кофейня", "Пекарня"]))]
        row += [draw(VALUE) for _ in metric_ids]
        rows.append(row)
    return columns, rows


def headers(columns: list[str], lang: int) -> list[object]:
    return [RU_EN_HEADERS[column][lang] for column in columns]


def kpis_of(data: bytes, name: str = "report.xlsx") -> KpiValues | None:
    try:
        return score_report(read_report(data, name)).overall
    except ReportFormatError:
        return None


def assert_same_kpis(left: KpiValues | None, right: KpiValues | None) -> None:
    assert (left is None) == (right is None)
    if left is None or right is None:
        return
    for kpi, value in left.items():
        other = right[kpi]
        if value is None or other is None:
            assert value is other, kpi
        else:
            assert math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9), (kpi, value, other)


FOLLOWS_ROW_ORDER = (
    "followers_start", "followers_end", "followers_net_change", "follower_growth_pct",
    "organic_share_pct", "cpf",
)  # fmt: skip


@SETTINGS
@given(report=post_reports(), seed=st.integers(min_value=0, max_value=2**16))
def test_kpis_do_not_change_when_rows_are_shuffled_within_a_date(
    report: tuple[list[str], list[list[object]]], seed: int
) -> None:
    columns, rows = report
    ordered = sorted(rows, key=lambda row: row[0])  # type: ignore[arg-type,return-value]
    shuffled = ordered.copy()
    rng = random.Random(seed)
    # shuffle inside each run of equal dates only
    start = 0
    for end in range(1, len(shuffled) + 1):
        if end == len(shuffled) or shuffled[end][0] != shuffled[start][0]:
            block = shuffled[start:end]
            rng.shuffle(block)
            shuffled[start:end] = block
            start = end

    original = kpis_of(xlsx_bytes([headers(columns, 0), *ordered]))
    reshuffled = kpis_of(xlsx_bytes([headers(columns, 0), *shuffled]))

    # Rows sharing a date keep sheet order, so followers at start and end (and what
    # follows from them) may change with it (kpi-spec §3); nothing else may.
    if "followers" in columns and original is not None and reshuffled is not None:
        for kpi in FOLLOWS_ROW_ORDER:
            del original[kpi], reshuffled[kpi]
    assert_same_kpis(original, reshuffled)


@SETTINGS
@given(report=post_reports(), cut=st.floats(min_value=0.0, max_value=1.0))
def test_kpis_do_not_change_when_a_report_is_split_over_two_sheets(
    report: tuple[list[str], list[list[object]]], cut: float
) -> None:
    columns, rows = report
    header = headers(columns, 0)
    split = max(1, min(len(rows) - 1, round(len(rows) * cut))) if len(rows) > 1 else 1

    whole = kpis_of(xlsx_bytes([header, *rows]))
    halves = kpis_of(
        multi_sheet_xlsx({"Часть 1": [header, *rows[:split]], "Часть 2": [header, *rows[split:]]})
    )

    if len(rows) > 1:
        assert_same_kpis(whole, halves)


@SETTINGS
@given(report=post_reports())
def test_kpis_do_not_change_when_headers_switch_between_russian_and_english(
    report: tuple[list[str], list[list[object]]],
) -> None:
    columns, rows = report

    russian = kpis_of(xlsx_bytes([headers(columns, 0), *rows]))
    english = kpis_of(xlsx_bytes([headers(columns, 1), *rows]))

    assert_same_kpis(russian, english)
