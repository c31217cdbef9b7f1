"""kpi-spec §1: report headers → canonical metric ids, with the unit kept."""

from __future__ import annotations

import re

import pytest

from smm_logic.report.headers import match_header, normalize
from tests.conftest import ROOT

KPI_SPEC = ROOT.parent / "shared" / "kpi-spec.md"

# The synonyms column of the table in kpi-spec §1, copied as is ("at least" these).
SPEC_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "Дата", "День", "Неделя", "Период", "Месяц",
        "Date", "Day", "Week", "Period", "Month", "Publish time",
    ),
    "platform": ("Платформа", "Соцсеть", "Площадка", "Platform", "Network", "Channel"),
    "account": (
        "Аккаунт", "Сообщество", "Канал", "Страница", "Account", "Page", "Account username",
    ),
    "followers": (
        "Подписчики", "Участники", "Followers", "Subscribers", "Fans", "Audience",
    ),
    "new_followers": (
        "Новые подписчики", "Вступившие", "Подписались", "New followers", "Follows",
    ),
    "unfollows": ("Отписались", "Вышедшие", "Unfollows"),
    "net_followers": (
        "Прирост", "Прирост подписчиков", "Изменение подписчиков", "Net followers", "Net change",
        "Difference in followers from previous day",
    ),
    "paid_followers": ("Платные подписчики", "Подписчики из рекламы", "Paid followers"),
    "posts": ("Публикации", "Посты", "Записи", "Posts"),
    "reach": ("Охват", "Reach"),
    "views": ("Просмотры", "Views"),
    "impressions": ("Показы", "Impressions"),
    "likes": ("Лайки", "Реакции", "Likes", "Reactions"),
    "comments": ("Комментарии", "Comments"),
    "shares": ("Репосты", "Поделились", "Shares", "Reposts", "Forwards"),
    "saves": ("Сохранения", "В закладки", "Saves"),
    "clicks": ("Клики", "Переходы", "Clicks", "Link clicks"),
    "negative_comments": ("Негатив", "Негативные комментарии", "Negative", "Negative comments"),
    "negative_answered": ("Отработано негатива", "Ответы на негатив", "Negative answered"),
    "response_time": ("Время ответа", "Скорость ответа", "Response time"),
    "spend": ("Расход", "Затраты", "Бюджет", "Spend", "Cost", "Amount spent"),
    "leads": ("Лиды", "Заявки", "Обращения", "Leads"),
    "sales": ("Продажи", "Заказы", "Sales", "Orders", "Purchases"),
    "revenue": ("Выручка", "Доход", "Revenue"),
}  # fmt: skip

SPEC_CASES = [
    (metric, synonym) for metric, synonyms in SPEC_SYNONYMS.items() for synonym in synonyms
]


def _spec_table(text: str) -> dict[str, tuple[str, ...]]:
    section = text.split("## 1.", 1)[1].split("## 2.", 1)[0]
    table: dict[str, tuple[str, ...]] = {}
    for line in section.splitlines():
        found = re.match(r"^\|\s*(\w+)\s*\|[^|]*\|([^|]*)\|\s*$", line)
        if found and found[1] != "id":
            table[found[1]] = tuple(part.strip() for part in found[2].split(","))
    return table


def test_the_synonym_table_here_is_the_one_in_kpi_spec() -> None:
    if not KPI_SPEC.is_file():
        pytest.skip("../shared/kpi-spec.md is not present (a user's clone)")

    table = _spec_table(KPI_SPEC.read_text(encoding="utf-8"))

    assert table == SPEC_SYNONYMS


@pytest.mark.parametrize(("metric", "header"), SPEC_CASES)
def test_every_spec_synonym_maps_to_its_metric(metric: str, header: str) -> None:
    match = match_header(header)

    assert match.metric == metric
    assert match.reason is None


@pytest.mark.parametrize(
    ("header", "metric"),
    [
        ("ОХВАТ", "reach"),
        ("охват", "reach"),
        ("Amount Spent", "spend"),
        ("  Охват  ", "reach"),
        ("Охват:", "reach"),
        ("Охват.", "reach"),
        ("«Охват»", "reach"),
        ("*Reach*", "reach"),
        ("Новые  подписчики", "new_followers"),
        ("Новые\u00a0подписчики", "new_followers"),
        ("Link-clicks", "clicks"),
        ("Отчётный период", "date"),  # ё = е: the synonym is written "Отчетный период"
        ("ОТЧЁТНАЯ ДАТА", "date"),
    ],
)
def test_matching_ignores_case_yo_spaces_and_punctuation(header: str, metric: str) -> None:
    match = match_header(header)

    assert match.metric == metric


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" Отчётный  Период: ", "отчетный период"),
        ("Охват,\u00a0чел.", "охват чел"),
        ("«Link-Clicks»", "link clicks"),
        ("ER, %", "er %"),
    ],
)
def test_normalize_folds_case_yo_and_punctuation(text: str, expected: str) -> None:
    folded = normalize(text)

    assert folded == expected


@pytest.mark.parametrize(
    ("header", "metric", "family", "factor", "spelled"),
    [
        ("Охват, чел.", "reach", "count", 1.0, "чел"),
        ("Подписчики (чел.)", "followers", "count", 1.0, "чел"),
        ("Reach (people)", "reach", "count", 1.0, "people"),
        ("Spend (RUB)", "spend", "money", 1.0, "rub"),
        ("Amount spent (USD)", "spend", "money", 1.0, "usd"),
        ("Расход, ₽", "spend", "money", 1.0, "₽"),
        ("Расход (руб.)", "spend", "money", 1.0, "руб"),
        ("Выручка, EUR", "revenue", "money", 1.0, "eur"),
        ("Время ответа, мин", "response_time", "duration", 1 / 60, "мин"),
        ("Время ответа [мин]", "response_time", "duration", 1 / 60, "мин"),
        ("Время ответа, ч", "response_time", "duration", 1.0, "ч"),
        ("Время ответа (дн)", "response_time", "duration", 24.0, "дн"),
        ("Response time (hours)", "response_time", "duration", 1.0, "hours"),
        ("Response time, min", "response_time", "duration", 1 / 60, "min"),
        ("Response time (days)", "response_time", "duration", 24.0, "days"),
    ],
)
def test_a_unit_suffix_is_stripped_and_kept(
    header: str, metric: str, family: str, factor: float, spelled: str
) -> None:
    match = match_header(header)

    assert match.metric == metric
    assert match.unit is not None
    assert match.unit.family == family
    assert match.unit.factor == pytest.approx(factor)
    assert normalize(match.unit.spelling) == normalize(spelled)


@pytest.mark.parametrize(
    ("header", "factor"),
    [
        ("Время ответа в минутах", 1 / 60),
        ("Время ответа (в минутах)", 1 / 60),
        ("Время ответа, в часах", 1.0),
        ("Время ответа в днях", 24.0),
    ],
)
def test_a_unit_joined_by_a_preposition_is_recognised_in_russian(
    header: str, factor: float
) -> None:
    match = match_header(header)

    assert match.metric == "response_time"
    assert match.unit is not None
    assert match.unit.factor == pytest.approx(factor)


@pytest.mark.parametrize(
    ("header", "metric"),
    [
        ("Подписчики", "followers"),
        ("Подписчики из рекламы", "paid_followers"),
        ("Новые подписчики", "new_followers"),
        ("Платные подписчики", "paid_followers"),
        ("Ответы на негатив", "negative_answered"),
        ("Негатив", "negative_comments"),
    ],
)
def test_headers_are_matched_whole_never_by_prefix(header: str, metric: str) -> None:
    match = match_header(header)

    assert match.metric == metric


@pytest.mark.parametrize(
    "header", ["ER, %", "ER", "Описание", "Ссылка", "Post ID", "Охват подписчиков", "Текст поста"]
)
def test_headers_that_name_no_metric_are_not_metrics(header: str) -> None:
    match = match_header(header)

    assert match.metric is None
    assert match.unit is None
    assert match.reason is not None


@pytest.mark.parametrize("header", ["Охват подписчиков", "Охват поста"])
def test_a_trailing_word_that_is_no_unit_is_reported_as_not_a_metric(header: str) -> None:
    match = match_header(header)

    assert match.reason is not None
    assert match.reason.key == "unused.not_metric"


@pytest.mark.parametrize(
    ("header", "metric"),
    [
        ("Охват, %", "reach"),
        ("Охват (%)", "reach"),
        ("Подписчики, %", "followers"),
        ("Likes (%)", "likes"),
    ],
)
def test_a_percent_unit_on_a_count_metric_is_rejected_with_a_reason(
    header: str, metric: str
) -> None:
    match = match_header(header)

    assert match.metric is None
    assert match.reason is not None
    assert match.reason.key == "unused.wrong_unit"
    assert match.reason.params == {"unit": "%", "metric": metric}
    assert "%" in match.reason.render("en")


@pytest.mark.parametrize(
    ("header", "metric"),
    [
        ("Подписавшиеся", "new_followers"),  # VK community statistics
        ("Всего подписчиков", "followers"),
        ("Publish time", "date"),  # Meta Business Suite and Instagram exports
        ("Page name", "account"),
        ("Account username", "account"),
        ("Follows", "new_followers"),
        ("Link clicks", "clicks"),
    ],
)
def test_headers_of_real_exports_are_recognised(header: str, metric: str) -> None:
    assert match_header(header).metric == metric
