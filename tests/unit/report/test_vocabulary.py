"""The vocabulary of reports is data (``data/vocabulary.toml``), validated on load."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from smm_logic.datafile import DataFileError
from smm_logic.report.cells import INVALID, is_total_label, parse_date, parse_number
from smm_logic.report.vocabulary import VOCABULARY_FILE, parse_vocabulary, vocabulary
from smm_logic.text import load_data_file


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(load_data_file(VOCABULARY_FILE))


def test_the_shipped_vocabulary_loads_with_every_month_and_hours_per_unit() -> None:
    words = vocabulary()

    assert sorted(set(words.months.values())) == list(range(1, 13))
    assert words.durations["мин"] == 1 / 60
    assert words.durations["с"] == 1 / 3600
    assert words.durations["день"] == 24
    assert "" in words.missing_markers
    assert "итого" in words.total_words


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (lambda d: d["missing"]["markers"].append("Н/Д"), "[missing]: markers: «Н/Д» must be"),
        (lambda d: d["totals"]["words"].append("итого"), "«итого» is listed twice"),
        (lambda d: d["totals"].pop("prefixes"), "[totals]: prefixes must be a non-empty list"),
        (lambda d: d["multipliers"].update({"тыс": 0}), "[multipliers]: «тыс» = 0"),
        (lambda d: d["durations"].update({"мин": "60"}), "[durations]: «мин» must be a number"),
        (lambda d: d["months"].update({"март": 13}), "[months]: «март» = 13"),
        (
            lambda d: [d["months"].pop(k) for k in [k for k, v in d["months"].items() if v == 5]],
            "no name for month 5",
        ),
        (lambda d: d.pop("currencies"), "[currencies]: the table is missing"),
        (lambda d: d.update({"extra": {}}), "unknown field extra"),
    ],
)
def test_a_wrong_entry_is_refused_with_the_table_and_the_entry_named(
    data: dict[str, Any], edit: Any, named: str
) -> None:
    edit(data)

    with pytest.raises(DataFileError) as refused:
        parse_vocabulary(data)

    assert str(refused.value).startswith(VOCABULARY_FILE)
    assert named in str(refused.value)


def test_the_cell_rules_read_the_words_of_the_data_file() -> None:
    assert parse_number("нет данных") is None
    assert parse_number("1,2 тыс") == 1200
    assert parse_number("15 мин", hours_per_unit=1.0) == pytest.approx(0.25)
    assert parse_number("1 200 руб.") == 1200
    assert parse_number("USD 35") == 35
    assert parse_number("12 попугаев") is INVALID
    assert is_total_label("Итого за март")
    assert not is_total_label("Всего понемногу")
    assert parse_date("1 марта 2026").month == 3  # type: ignore[union-attr]
