"""AppTest of the take-away workbook's buttons: the Scorecard's and the Workshop's give a
workbook of what the page shows."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from shell.reports import sample_source
from shell.take_away import SCORECARD_BUTTON, WORKSHOP_BUTTON
from tests.app.test_assessment_page import open_page, profile
from tests.app.test_scorecard_page import first_box, with_sample
from tests.app.test_workshop_page import add_respondent, create_client, open_workshop, save_for


def test_the_scorecard_gives_the_workbook_of_its_verdict_report_and_answers(
    downloads: dict[str, bytes],
) -> None:
    app = with_sample(open_page("scorecard.py", assessment_answers=profile(("product",))))
    assert "Download the workbook (Excel)" in [b.proto.label for b in app.get("download_button")]

    book = load_workbook(io.BytesIO(downloads[SCORECARD_BUTTON]))

    assert book.sheetnames[:3] == ["Summary", "KPIs", "Trends"]
    assert {"By account", "Data", "Answers"} <= set(book.sheetnames)
    summary = [c.value for c in book["Summary"]["A"] if isinstance(c.value, str)]
    verdict = first_box(app).removeprefix("### ")  # the page shows it as a heading
    assert verdict in summary
    kpis = [row for row in book["KPIs"].iter_rows(min_row=3) if row[2].value]  # has a unit
    assert len(kpis) > 10
    assert all(isinstance(row[1].value, int | float) for row in kpis)


def test_the_scorecard_in_russian_gives_a_russian_workbook(downloads: dict[str, bytes]) -> None:
    app = open_page("scorecard.py", "ru", assessment_answers=profile())
    assert "Скачать таблицы (Excel)" in [b.proto.label for b in app.get("download_button")]

    book = load_workbook(io.BytesIO(downloads[SCORECARD_BUTTON]))

    assert book.sheetnames == ["Итог", "Ответы"]  # answers only: no report sheets


def test_the_workshop_gives_the_clients_workbook_with_everyones_answers(
    downloads: dict[str, bytes],
) -> None:
    app = open_workshop()
    create_client(app, "=Coffee Co")
    add_respondent(app, "Olga", "owner")
    add_respondent(app, "Sam", "smm")
    save_for(app, "Olga", profile())
    save_for(app, "Sam", profile(weak=("goals",)))

    book = load_workbook(io.BytesIO(downloads[WORKSHOP_BUTTON]))

    assert book.sheetnames == ["Summary", "Answers"]
    caption = book["Summary"]["A1"]
    assert caption.value.startswith("=Coffee Co") and caption.data_type == "s"
    respondents = {row[3].value for row in book["Answers"].iter_rows(min_row=3)}
    assert respondents == {"Olga", "Sam"}


def test_the_workshops_workbook_carries_the_report_loaded_in_the_session(
    downloads: dict[str, bytes],
) -> None:
    app = open_workshop(numbers_source=sample_source())
    create_client(app, "Coffee Co")
    add_respondent(app, "Olga", "owner")
    save_for(app, "Olga", profile())

    book = load_workbook(io.BytesIO(downloads[WORKSHOP_BUTTON]))

    assert {"KPIs", "Trends", "By account", "Data", "Answers"} <= set(book.sheetnames)
    assert str(book["Data"]["A1"].value).startswith("Coffee Co · Accounts: VK")
